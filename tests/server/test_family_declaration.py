"""A family declared in a few lines needs nothing else (DESIGN.md §9): it syncs within its scope,
takes photos, is checked against the CNIL's rule, reviewed, exported and purged by retention."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Float, MetaData, String, Text, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.cli import main
from server.extensions import db
from server.families import EntityType, Family, Labels, Noun, Parent, register, unregister
from server.models import MutationLog, Photo
from server.models.base import SyncedMixin, utcnow
from server.models.records import FlaggedMixin, ReviewedMixin
from server.validation import FrenchSchema, number, text, uuid_string
from tests.server.conftest import LOGEMENT_R1, R1
from tests.server.sync_helpers import FakeDevice, new_id, removal
from tests.server.test_backoffice_support import bo_login, page, post, push_visite


class _TestTables(DeclarativeBase):
    """Tables of this test only: the real schema changes by Alembic migrations alone."""

    metadata = MetaData()


# --- the whole declaration of the family -------------------------------------------------------
class ReleveCompteur(SyncedMixin, ReviewedMixin, FlaggedMixin, _TestTables):
    __tablename__ = "releve_compteur"
    logement_id: Mapped[str | None] = mapped_column(String(36))
    valeur: Mapped[float | None] = mapped_column(Float)
    observations: Mapped[str] = mapped_column(Text, default="")


class ReleveSchema(FrenchSchema):
    logement_id = uuid_string()
    valeur = number()
    observations = text()


FIELDS = ("logement_id", "valeur", "observations")
RELEVES = Family(
    "releves",
    "Relevés de compteur",
    (
        EntityType(
            "releve_compteur",
            ReleveCompteur,
            FIELDS,
            writable=FIELDS,
            required_on_create=("logement_id",),
            schema=ReleveSchema(),
            server_fields=("review_state", "review_comment"),
            free_text=("observations",),
            parent=Parent("logement_id", "logement"),
            write_roles=frozenset({"gestionnaire", "back_office", "admin"}),
            photo_owner=True,
            reviewed=True,
            labels=Labels(
                noun=Noun("relevé de compteur", "relevés de compteur"),
                fields={"logement_id": "Logement", "valeur": "Index", "observations": "Remarques"},
            ),
            retention_days=30,
        ),
    ),
)
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def releves(app: Flask) -> Iterator[None]:
    """The family declared, and its table created, for one test."""
    with app.app_context():
        _TestTables.metadata.create_all(db.engine)
    register(RELEVES)
    yield
    unregister(RELEVES)
    with app.app_context():
        db.session.remove()
        _TestTables.metadata.drop_all(db.engine)


def _releve(device: FakeDevice, observations: str = "Compteur d'eau relevé") -> tuple[str, dict]:
    record = new_id()
    fields = {"logement_id": LOGEMENT_R1, "valeur": 1234.5, "observations": observations}
    response = device.push(device.mutation(record, fields, entity="releve_compteur"))
    assert response.status_code == 200, response.get_json()
    return record, response.get_json()["results"][0]


def _of(changes: list[dict], entity: str) -> list[dict]:
    return [c for c in changes if c["entity"] == entity]


def test_it_syncs_within_its_scope(client: FlaskClient, login_device, releves: None) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    other_tablet = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    karim = FakeDevice(client, login_device("gestionnaire2", "Tablette Karim"))
    _changes, cursor = other_tablet.pull_all()
    record, result = _releve(claire)
    assert (result["status"], result["version"]) == ("applied", 1)

    changes, _cursor = other_tablet.pull_all(cursor)
    assert [(c["entity"], c["record"], c["version"]) for c in changes] == [
        ("releve_compteur", record, 1)
    ]
    assert changes[0]["fields"] == {
        "logement_id": LOGEMENT_R1,
        "valeur": 1234.5,
        "observations": "Compteur d'eau relevé",
        "review_state": "recu",
        "review_comment": "",
        "residence_id": R1,
        "_conflicts": [],
    }
    snapshot, _cursor = other_tablet.pull_all()
    assert [c["record"] for c in _of(snapshot, "releve_compteur")] == [record]
    assert _of(karim.pull_all()[0], "releve_compteur") == []


def test_rules_rights_and_photos_follow_the_declaration(
    client: FlaskClient, login_device, releves: None
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    rules = client.get("/api/v1/rules", headers=claire.headers).get_json()
    assert "releve_compteur.write" in rules["permissions"]
    assert rules["entities"]["releve_compteur"]["required_on_create"] == ["logement_id"]
    assert rules["entities"]["photo"]["fields"]["owner_entity"]["enum"] == [
        "visite",
        "etat_des_lieux",
        "edl_element",
        "edl_addendum",
        "dossier_trouble",
        "fait",
        "entretien",
        "demarche",
        "attestation_temoin",
        "reclamation",
        "releve_compteur",
    ]
    record, _result = _releve(claire)
    photo = new_id()
    photo_fields = {"sha256": "d" * 64, "owner_entity": "releve_compteur", "owner_record": record}
    response = claire.push(claire.mutation(photo, photo_fields, entity="photo"))
    assert response.get_json()["results"][0]["status"] == "applied"

    gardien = FakeDevice(client, login_device("gardien"))
    refused = gardien.push(
        gardien.mutation(new_id(), {"logement_id": LOGEMENT_R1}, entity="releve_compteur")
    ).get_json()["results"][0]
    assert (refused["status"], refused["code"], refused["message"]) == (
        "rejected",
        "forbidden",
        "Votre rôle ne permet pas de saisir un relevé de compteur.",
    )
    unknown = claire.push(
        claire.mutation(new_id(), {"logement_id": new_id()}, entity="releve_compteur")
    ).get_json()["results"][0]
    assert (unknown["code"], unknown["errors"]) == (
        "unknown_reference",
        {"logement_id": ["Logement inconnu."]},
    )
    stray = claire.push(
        claire.mutation(new_id(), {**photo_fields, "owner_record": new_id()}, entity="photo")
    ).get_json()["results"][0]
    assert stray["message"] == (
        "Relevé de compteur inconnu : la photo doit accompagner un relevé de compteur."
    )
    pulled = _of(FakeDevice(client, login_device("gestionnaire")).pull_all()[0], "photo")
    assert [(c["record"], c["fields"]["residence_id"]) for c in pulled] == [(photo, R1)]


def test_it_is_flagged_and_reviewed(
    app: Flask, client: FlaskClient, login_device, releves: None
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    visite = push_visite(claire)
    record, _result = _releve(claire, "Locataire ivre à notre passage")
    with app.app_context():
        assert db.session.get(ReleveCompteur, record).flags == ["ivre"]
    token = bo_login(client)
    queue = page(client, "/bo/revue")
    assert f'href="/bo/records/releve_compteur/{record}"' in queue
    assert f'href="/bo/visites/{visite}"' in queue
    assert "<td>Relevé de compteur</td>" in queue
    only = page(client, "/bo/revue?entity=releve_compteur")
    assert record in only and visite not in only

    html = page(client, f"/bo/records/releve_compteur/{record}")
    assert "<h1>Relevé de compteur" in html
    assert '<p class="record-name">Relevé de compteur reçu le ' in html
    assert " — logement 101, Bâtiment A, Les Tilleuls</p>" in html
    assert '<th>Index</th><td class="pre">1234,50</td>' in html
    assert "termes à relire" in html and ": ivre</p>" in html
    assert "<strong>Remarques</strong> : — → Locataire ivre à notre passage" in html

    path = f"/bo/records/releve_compteur/{record}/revue"
    response = post(client, path, token, action="valider", base="1")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/bo/records/releve_compteur/{record}"
    assert "La revue est enregistrée." in page(client, f"/bo/records/releve_compteur/{record}")
    fields = _of(claire.pull_all()[0], "releve_compteur")[0]["fields"]
    assert (fields["review_state"], fields["valeur"]) == ("valide", 1234.5)
    assert _of(claire.pull_all()[0], "releve_compteur")[0]["version"] == 2


def test_it_is_exported(client: FlaskClient, login_device, releves: None) -> None:
    record, _result = _releve(FakeDevice(client, login_device("gestionnaire", "Tablette")))
    bo_login(client)
    assert 'href="/bo/export/releve_compteur.csv"' in page(client, "/bo/revue")
    response = client.get("/bo/export/releve_compteur.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0] == [
        "Identifiant",
        "Reçu le",
        "Résidence",
        "Auteur",
        "État de revue",
        "Logement",
        "Index",
        "Remarques",
        "Nombre de photos",
        "Version",
    ]
    assert rows[1][0] == record
    assert rows[1][2:] == [
        "Les Tilleuls",
        "Claire Fontaine",
        "Reçue",
        "R1-A-101",
        "1234,50",
        "Compteur d'eau relevé",
        "0",
        "1",
    ]


def test_it_is_purged_by_retention(
    app: Flask, client: FlaskClient, login_device, releves: None
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    karim = FakeDevice(client, login_device("gestionnaire2"))
    kept, _result = _releve(claire)
    old, _result = _releve(claire)
    photo = new_id()
    fields = {"sha256": "e" * 64, "owner_entity": "releve_compteur", "owner_record": old}
    claire.push(claire.mutation(photo, fields, entity="photo"))
    _changes, cursor = claire.pull_all()
    _changes, karim_cursor = karim.pull_all()
    with app.app_context():
        db.session.execute(
            update(ReleveCompteur)
            .where(ReleveCompteur.id == old)
            .values(updated_at=utcnow() - timedelta(days=31))
        )
        db.session.commit()

    result = CliRunner().invoke(main, ["purge"])
    assert result.exit_code == 0, result.output
    assert "  releve_compteur: 1 supprimé(s)\n" in result.output
    assert "  photo: 1 supprimé(s)\n" in result.output
    with app.app_context():
        assert db.session.get(ReleveCompteur, old) is None
        assert db.session.get(ReleveCompteur, kept) is not None
        assert db.session.get(Photo, photo) is None
        traces = select(MutationLog.record_id).where(MutationLog.record_id.in_([old, photo]))
        assert db.session.scalars(traces).all() == []
    changes, _cursor = claire.pull_all(cursor)
    assert changes == [
        removal("releve_compteur", old, 1, ""),
        removal("photo", photo, 1, ""),
    ]
    assert karim.pull_all(karim_cursor)[0] == []
