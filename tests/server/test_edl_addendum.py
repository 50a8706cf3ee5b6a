"""Addenda to a signed EDL d'entrée: their windows, their signing, who receives them."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.config import load_config
from server.documents.addenda import Window, chauffage_window, debut_chauffe
from server.extensions import db
from server.models.documents import EdlAddendum
from sync.canonical import canonical_addendum_text, content_hash
from tests.server.images import jpeg
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login
from tests.server.test_edl_family import Edl, _push_ok, _signature, _transparent_png, _upload

ENTREE_LE = "2026-03-15T10:00:00+01:00"
COMPLEMENT_LATE = (
    "Le délai pour compléter l'état des lieux d'entrée est dépassé : il courait jusqu'au "
    "25/03/2026 inclus (10 jours après l'état des lieux d'entrée)."
)


def _entree(client: FlaskClient, device: FakeDevice, signed: bool = True, **fields: Any) -> Edl:
    edl = Edl(client, device)
    edl.fields.update(date_edl=ENTREE_LE, **fields)
    mutations = edl.mutations(device)
    if signed:
        digest, image = edl.device_hash(), _upload(client, device, _transparent_png())
        mutations += [
            _signature(device, edl, "locataire", "Marie Dupont-Éléonore", image, digest),
            _signature(device, edl, "bailleur", "Claire Fontaine", image, digest),
        ]
    _push_ok(device, *mutations)
    return edl


def _addendum(device: FakeDevice, edl_id: str, kind: str, redige_le: str, record: str = "") -> Any:
    fields = {"edl_id": edl_id, "type": kind, "redige_le": redige_le, "texte": "Plafond taché."}
    mutation = device.mutation(record or new_id(), fields, entity="edl_addendum")
    return device.push(mutation).get_json()["results"][0]


@pytest.fixture
def claire(client: FlaskClient, login_device) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire", "Tablette A"))


@pytest.mark.parametrize(
    ("redige_le", "accepted"),
    [
        ("2026-03-15T10:30:00+01:00", True),  # the entry's day
        ("2026-03-25T18:45:00+01:00", True),  # day 10
        ("2026-03-25T22:59:00Z", True),  # 23:59 in Paris
        ("2026-03-25T23:30:00Z", False),  # already the 26th in Paris
        ("2026-03-26T09:00:00+01:00", False),  # day 11
    ],
)
def test_a_complement_within_ten_days_of_the_entry(
    client: FlaskClient, claire: FakeDevice, redige_le: str, accepted: bool
) -> None:
    entree = _entree(client, claire)
    result = _addendum(claire, entree.id, "complement", redige_le)
    if accepted:
        assert result["status"] == "applied", result
    else:
        assert (result["status"], result["code"]) == ("rejected", "hors_delai")
        assert result["message"] == COMPLEMENT_LATE


def test_an_addendum_dated_before_the_entry_or_ahead_of_time_is_refused(
    client: FlaskClient, claire: FakeDevice
) -> None:
    entree = _entree(client, claire)
    before = _addendum(claire, entree.id, "complement", "2026-03-14T18:00:00+01:00")
    assert (before["code"], before["message"]) == (
        "hors_delai",
        "Un addendum ne peut pas être daté d'avant l'état des lieux d'entrée (15/03/2026).",
    )
    ahead = _addendum(claire, entree.id, "chauffage", "2099-10-20T09:00:00+02:00")
    assert ahead["code"] == "validation_error"
    assert ahead["errors"] == {"redige_le": ["Date hors des limites (demain au plus tard)."]}


@pytest.mark.parametrize(
    ("setting", "redige_le", "message"),
    [
        ("10-15", "2026-10-15T09:00:00+02:00", None),
        ("10-15", "2026-11-14T20:00:00+01:00", None),
        (
            "10-15",
            "2026-11-15T09:00:00+01:00",
            "Le délai pour ajouter l'état du chauffage est dépassé : il courait du 15/10/2026 "
            "au 14/11/2026 inclus (premier mois de la saison de chauffe suivant l'état des "
            "lieux d'entrée).",
        ),
        (
            "10-15",
            "2026-10-14T09:00:00+02:00",
            "L'état du chauffage s'ajoute pendant le premier mois de la saison de chauffe "
            "suivant l'état des lieux d'entrée : du 15/10/2026 au 14/11/2026 inclus.",
        ),
        (
            "11-01",
            "2026-10-20T09:00:00+02:00",
            "L'état du chauffage s'ajoute pendant le premier mois de la saison de chauffe "
            "suivant l'état des lieux d'entrée : du 01/11/2026 au 30/11/2026 inclus.",
        ),
        ("11-01", "2026-11-20T09:00:00+01:00", None),
    ],
)
def test_heating_in_the_first_month_of_the_season(
    client: FlaskClient,
    claire: FakeDevice,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    redige_le: str,
    message: str | None,
) -> None:
    monkeypatch.setitem(app.config, "PALIER_DEBUT_CHAUFFE", setting)
    entree = _entree(client, claire)
    result = _addendum(claire, entree.id, "chauffage", redige_le)
    if message is None:
        assert result["status"] == "applied", result
    else:
        assert (result["status"], result["code"], result["message"]) == (
            "rejected",
            "hors_delai",
            message,
        )


def test_heating_windows_and_the_season_setting() -> None:
    # an entry inside the first month of a season: what is left of that month
    assert chauffage_window(date(2026, 11, 1), (10, 15)) == Window(
        date(2026, 11, 1), date(2026, 11, 14)
    )
    # an entry after it: the next season's first month
    assert chauffage_window(date(2026, 12, 1), (10, 15)) == Window(
        date(2027, 10, 15), date(2027, 11, 14)
    )
    assert chauffage_window(date(2027, 1, 5), (12, 31)) == Window(
        date(2027, 1, 5), date(2027, 1, 30)
    )
    assert (debut_chauffe(None), debut_chauffe(" 11-01 ")) == ((10, 15), (11, 1))
    for bad in ("02-29", "1015", "13-01"):
        with pytest.raises(ValueError, match="PALIER_DEBUT_CHAUFFE vaut"):
            debut_chauffe(bad)


def test_a_bad_season_setting_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PALIER_DEBUT_CHAUFFE", "31-10")
    with pytest.raises(ValueError, match="un jour MM-JJ est attendu"):
        load_config()
    monkeypatch.setenv("PALIER_DEBUT_CHAUFFE", "11-01")
    assert load_config()["PALIER_DEBUT_CHAUFFE"] == "11-01"


def test_only_a_signed_entree_takes_an_addendum(client: FlaskClient, claire: FakeDevice) -> None:
    unsigned = _entree(client, claire, signed=False)
    sortie = _entree(client, claire, sens="sortie")
    day = "2026-03-20T10:00:00+01:00"
    refused = [
        _addendum(claire, unsigned.id, "complement", day),
        _addendum(claire, sortie.id, "complement", day),
        _addendum(claire, new_id(), "complement", day),
    ]
    assert [(r["status"], r["code"], r["message"]) for r in refused] == [
        (
            "rejected",
            "hors_delai",
            "L'état des lieux d'entrée n'est pas encore signé : un addendum ne complète qu'un "
            "état des lieux signé.",
        ),
        (
            "rejected",
            "hors_delai",
            "Un addendum ne complète qu'un état des lieux d'entrée : celui-ci est un état des "
            "lieux de sortie.",
        ),
        ("rejected", "unknown_reference", "État des lieux inconnu."),
    ]


def test_moving_an_addendum_out_of_its_window_is_refused(
    client: FlaskClient, claire: FakeDevice
) -> None:
    entree = _entree(client, claire)
    record = new_id()
    assert _addendum(claire, entree.id, "complement", "2026-03-20T10:00:00+01:00", record)[
        "status"
    ] == ("applied")
    late = claire.mutation(
        record, {"redige_le": "2026-03-30T10:00:00+02:00"}, base=1, entity="edl_addendum"
    )
    text = claire.mutation(
        record, {"texte": "Plafond taché, et fissure."}, base=1, entity="edl_addendum"
    )
    results = claire.push(late, text).get_json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "hors_delai"),
        ("applied", None),
    ]


def test_signing_an_addendum(
    client: FlaskClient, claire: FakeDevice, app: Flask, login_device
) -> None:
    entree = _entree(client, claire)
    record = new_id()
    fields = {
        "edl_id": entree.id,
        "type": "complement",
        "redige_le": "2026-03-24T18:00:00+01:00",
        "texte": "Chambre : trace d'humidité au plafond, non vue à l'entrée.",
    }
    photo = {
        "sha256": _upload(client, claire, jpeg(colour=(90, 90, 200))),
        "owner_entity": "edl_addendum",
        "owner_record": record,
        "caption": "Plafond",
    }
    photo_id = new_id()
    _push_ok(
        claire,
        claire.mutation(record, fields, entity="edl_addendum"),
        claire.mutation(photo_id, photo, entity="photo"),
    )
    digest = content_hash(
        canonical_addendum_text(
            {"record": record, "fields": fields}, [{"record": photo_id, "fields": photo}]
        )
    )
    image = _upload(client, claire, _transparent_png())

    def sign(role: str, nom: str, signed: str) -> dict[str, Any]:
        values = {
            "owner_entity": "edl_addendum",
            "owner_record": record,
            "role": role,
            "nom": nom,
            "image_sha256": image,
            "content_hash": signed,
            "signed_at": "2026-03-24T18:10:00+01:00",
        }
        return claire.mutation(new_id(), values, entity="signature")

    wrong = claire.push(sign("locataire", "Marie Dupont", entree.device_hash())).get_json()
    assert (wrong["results"][0]["code"], wrong["results"][0]["message"]) == (
        "empreinte_invalide",
        "La signature porte sur un autre contenu que l'addendum enregistré (il a changé "
        "entre-temps) : relisez l'addendum et faites signer à nouveau.",
    )
    _push_ok(claire, sign("locataire", "Marie Dupont", digest))
    with app.app_context():
        assert db.session.get(EdlAddendum, record).statut == "brouillon"
    _push_ok(claire, sign("bailleur", "Claire Fontaine", digest))
    with app.app_context():
        stored = db.session.get(EdlAddendum, record)
        assert (stored.statut, stored.content_hash, stored.version) == ("signe", digest, 2)

    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    changes, _cursor = other.pull_all()
    pulled = next(c for c in changes if c["record"] == record)
    assert (pulled["fields"]["statut"], pulled["fields"]["content_hash"]) == ("signe", digest)

    edit = claire.mutation(record, {"texte": "Autre chose."}, base=2, entity="edl_addendum")
    more = claire.mutation(new_id(), {**photo, "caption": "Encore"}, entity="photo")
    delete = claire.mutation(record, base=2, entity="edl_addendum", op="delete")
    results = claire.push(edit, more, delete).get_json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [("rejected", "document_signe")] * 3
    assert results[0]["message"].startswith(
        "Cet addendum est signé : il ne peut plus être modifié."
    )
    with app.app_context():
        assert db.session.get(EdlAddendum, record).texte == fields["texte"]


def test_a_gardien_never_receives_addenda(
    client: FlaskClient, claire: FakeDevice, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien", "Téléphone"))
    _snapshot, cursor = gardien.pull_all()
    entree = _entree(client, claire)
    record = new_id()
    assert _addendum(claire, entree.id, "chauffage", "2026-10-20T09:00:00+02:00", record)[
        "status"
    ] == ("applied")
    photo = {
        "sha256": _upload(client, claire, jpeg(colour=(20, 200, 20))),
        "owner_entity": "edl_addendum",
        "owner_record": record,
    }
    _push_ok(claire, claire.mutation(new_id(), photo, entity="photo"))
    changes, _cursor = gardien.pull_all(cursor)
    snapshot, _cursor = gardien.pull_all()
    records = ("etat_des_lieux", "edl_element", "edl_addendum", "signature", "photo")
    for seen in (changes, snapshot):
        assert [c for c in seen if not c.get("removed") and c["entity"] in records] == []
    mine, _cursor = claire.pull_all()
    assert {(c["entity"], c["record"]) for c in mine} >= {("edl_addendum", record)}
    assert sum(1 for c in mine if c["fields"].get("owner_record") == record) == 1
    refused = gardien.push(
        gardien.mutation(
            new_id(),
            {"edl_id": entree.id, "type": "chauffage", "redige_le": "2026-10-20T09:00:00+02:00"},
            entity="edl_addendum",
        )
    ).get_json()["results"][0]
    assert refused["code"] == "forbidden"


def test_addenda_are_cnil_checked_reviewed_and_exported(
    client: FlaskClient, claire: FakeDevice, app: Flask
) -> None:
    entree = _entree(client, claire)
    record = new_id()
    fields = {
        "edl_id": entree.id,
        "type": "complement",
        "redige_le": "2026-03-20T10:00:00+01:00",
        "texte": "Locataire ivre à notre passage ; plafond taché.",
    }
    _push_ok(claire, claire.mutation(record, fields, entity="edl_addendum"))
    with app.app_context():
        assert db.session.get(EdlAddendum, record).flags == ["ivre"]
    bo_login(client)
    export = client.get("/bo/export/addenda_etats_des_lieux.csv")
    assert (export.status_code, export.mimetype) == (200, "text/csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0][:5] == [
        "Identifiant",
        "Reçu le",
        "Type d'addendum",
        "Résidence",
        "État des lieux d'entrée",
    ]
    assert (rows[1][0], rows[1][2], rows[1][3], rows[1][9]) == (
        record,
        "Complément à l'état des lieux d'entrée",
        "Les Tilleuls",
        "Brouillon",
    )
