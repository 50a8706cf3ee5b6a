"""The back office's sorties: the list with its deadlines, the décompte page (EDL lines with their
vétusté, other justified sums, balance, deadline, penalty), the letter (PDF) and the CSV export,
on EDLs pushed and signed by a tablet."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import select

from server.documents.dates import LOCAL_ZONE
from server.extensions import db
from server.models import AuditEntry, Bail
from server.referentiel_io import stable_id
from sync.canonical import canonical_text, content_hash
from sync.solde import add_months
from tests.server.conftest import LOGEMENT_R1, R2
from tests.server.images import sha
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page, post

BAIL_B1 = stable_id("bail", "B1")
NEW_ADDRESS = "8 rue des Lilas, 69003 Lyon"
SANS_ENTREE = (
    "Aucun état des lieux d'entrée signé : le logement est présumé avoir été reçu en bon état "
    "(art. 1731 du Code civil), les dégradations ne peuvent pas être comparées."
)


def _png(seed: int) -> bytes:
    image = Image.new("RGB", (300, 100), (255, 255, 255))
    ImageDraw.Draw(image).line([(10, 80 - seed * 20), (150, 20), (290, 70)], fill=0, width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _element(piece: str, element: str, ordre: int, **fields: Any) -> dict[str, Any]:
    return {"piece": piece, "element": element, "ordre": ordre, "etat": "bon", **fields}


def push_edl(
    client: FlaskClient,
    device: FakeDevice,
    fields: dict[str, Any],
    elements: list[dict[str, Any]],
    signed: bool = True,
) -> tuple[str, list[str]]:
    """Push an EDL and its elements as a tablet does, signed by both parties when `signed`."""
    edl_id, ids = new_id(), [new_id() for _ in elements]
    rows = {i: {"edl_id": edl_id, **e} for i, e in zip(ids, elements, strict=True)}
    mutations = [device.mutation(edl_id, fields, entity="etat_des_lieux")]
    mutations += [device.mutation(i, f, entity="edl_element") for i, f in rows.items()]
    if signed:
        digest = content_hash(
            canonical_text(
                {"record": edl_id, "fields": fields},
                [{"record": i, "fields": f} for i, f in rows.items()],
                [],
            )
        )
        for seed, (role, nom) in enumerate((("locataire", "Marie Dupont"), ("bailleur", "CF"))):
            image = _png(seed)
            upload = client.put(
                f"/api/v1/blobs/{sha(image)}",
                data=image,
                headers={**device.headers, "Content-Type": "application/octet-stream"},
            )
            assert upload.status_code in (200, 201), upload.get_json()
            signature = {
                "owner_entity": "etat_des_lieux",
                "owner_record": edl_id,
                "role": role,
                "nom": nom,
                "image_sha256": sha(image),
                "content_hash": digest,
                "signed_at": fields["date_edl"],
            }
            mutations.append(device.mutation(new_id(), signature, entity="signature"))
    results = device.push(*mutations).get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(mutations), results
    return edl_id, ids


def _parties(adresse: str | None) -> list[dict[str, Any]]:
    return [
        {"role": "locataire", "nom": "Marie Dupont", "adresse": adresse},
        {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
    ]


def _edl_fields(sens: str, day: str, **extra: Any) -> dict[str, Any]:
    return {
        "logement_id": LOGEMENT_R1,
        "bail_id": BAIL_B1,
        "sens": sens,
        "date_edl": f"{day}T10:00:00+01:00",
        "parties": _parties(None),
        "bailleur_representant": "Claire Fontaine",
        "bailleur_adresse": "3 place Bellecour, 69002 Lyon",
        **extra,
    }


class Sorties:
    """A signed entrée of logement 101 (bail B1, deposit 900 €, rent 500 €) and its sorties."""

    def __init__(self, client: FlaskClient, device: FakeDevice) -> None:
        self.client, self.device = client, device
        self.entree, self.entree_elements = push_edl(
            client,
            device,
            _edl_fields("entree", "2019-09-01"),
            [
                _element("Séjour", "Murs", 1, grille_element="Peinture"),
                _element("Séjour", "Sol", 2),
                _element("Chambre", "Murs", 3, grille_element="Peinture"),
            ],
        )

    def sortie(
        self, day: str = "2026-01-31", adresse: str | None = NEW_ADDRESS, damaged: bool = True
    ) -> str:
        """A signed sortie: with damaged walls (400 € + 160 € for the tenant) and worn floors."""
        murs, sol, chambre = self.entree_elements
        elements = [
            _element("Séjour", "Sol", 2, etat="usage", entree_element_id=sol, etat_entree="bon"),
        ]
        if damaged:
            elements += [
                _element(
                    "Séjour",
                    "Murs",
                    1,
                    etat="mauvais",
                    entree_element_id=murs,
                    etat_entree="bon",
                    grille_element="Peinture",
                    imputation="degradation",
                    cout=800,
                    installe_le="2020-01-31",
                ),
                _element(
                    "Chambre",
                    "Murs",
                    3,
                    etat="mauvais",
                    entree_element_id=chambre,
                    etat_entree="bon",
                    grille_element="peinture",
                    imputation="degradation",
                    cout=800,
                    installe_le="2014-01-31",
                ),
            ]
        elements[0] |= {"imputation": "usure_normale", "cout": 300}
        fields = _edl_fields("sortie", day, entree_id=self.entree, parties=_parties(adresse))
        return push_edl(self.client, self.device, fields, elements)[0]


@pytest.fixture
def tablet(client: FlaskClient, login_device) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire", "Tablette A"))


@pytest.fixture
def sorties(app: Flask, client: FlaskClient, tablet: FakeDevice) -> Sorties:
    with app.app_context():
        bail = db.session.get(Bail, BAIL_B1)
        bail.depot_garantie, bail.loyer = 900, 500
        db.session.commit()
    return Sorties(client, tablet)


def _text(html: str) -> str:
    """A page's words, tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ,", ",")


def _pdf_text(data: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def _today() -> date:
    return datetime.now(LOCAL_ZONE).date()


def test_the_decompte_of_a_damaged_sortie(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    text = _text(page(client, f"/bo/sorties/{edl}"))
    # each EDL line: entry → exit condition, imputation, cost, age, tenant's rate and shares
    assert (
        "Séjour Murs grille : Peinture Bon état → Mauvais état "
        "Dégradation (à la charge du locataire)" in text
    )
    assert "800,00 € 6 ans depuis le 31/01/2020 50 % 400,00 € 400,00 €" in text
    assert "800,00 € 12 ans depuis le 31/01/2014 20 % 160,00 € 640,00 €" in text
    assert "Séjour Sol Bon état → État d'usage Usure normale (à la charge du bailleur)" in text
    assert "300,00 € — 0 % 0,00 € 300,00 €" in text
    assert "Retenu au titre de l'état des lieux 560,00 €" in text
    assert "Dépôt de garantie 900,00 €" in text
    assert "À restituer 340,00 €" in text
    assert "Reste dû par le locataire 0,00 €" in text
    record_page = page(client, f"/bo/records/etat_des_lieux/{edl}")
    assert f'href="/bo/sorties/{edl}">Décompte de sortie</a>' in record_page
    assert "2 mois : des sommes sont retenues" in text
    assert "Échéance 31/03/2026" in text
    assert SANS_ENTREE not in text

    response = post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    assert response.status_code == 302
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert "Restitué le 20/05/2026, avec 50 jours de retard (majoration 100,00 €)" in text
    assert "100,00 € : 50 jours de retard, 2 mois commencés × 10 % du loyer" in text


@pytest.mark.parametrize(
    ("restitue_le", "situation"),
    [
        ("2026-05-20", "Restitué le 20/05/2026, avec 35 jours de retard (majoration 100,00 €)"),
        ("2026-05-15", "Restitué le 15/05/2026, avec 30 jours de retard (majoration 50,00 €)"),
        ("2026-04-15", "Restitué le 15/04/2026"),
    ],
)
def test_penalty_per_started_month(
    client: FlaskClient, sorties: Sorties, restitue_le: str, situation: str
) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    # keys on 15 February, not conforme: due on 15 April (the vectors' échéance)
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="15/02/2026",
        restitue_le=restitue_le,
    )
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert "Échéance 15/04/2026" in text
    assert f"Situation {situation}" in text


def test_no_new_address_no_penalty(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie(adresse="")
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert "Nouvelle adresse non communiquée" in text
    assert (
        "Majoration Aucune majoration n'est due : le locataire n'a pas donné de nouvelle adresse."
    ) in text
    assert "(pas de majoration : aucune nouvelle adresse)" in text


def test_a_sortie_without_a_signed_entree(
    client: FlaskClient, sorties: Sorties, tablet: FakeDevice
) -> None:
    fields = _edl_fields("sortie", "2026-01-31", parties=_parties(NEW_ADDRESS))
    damaged = _element(
        "Séjour", "Murs", 1, etat="mauvais", grille_element="Peinture", imputation="degradation"
    )
    edl, _ids = push_edl(client, tablet, fields, [damaged | {"cout": 800}])
    token = bo_login(client)
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert SANS_ENTREE in text
    assert "aucune ligne n'est retenue) 0,00 €" in text
    assert "À restituer 900,00 €" in text
    assert "1 mois : la sortie est conforme" in text
    assert "Échéance 28/02/2026" in text
    # other justified sums still count
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Clés non rendues",
        montant="120",
        justification="Badge Vigik et clé de boîte aux lettres : facture serrurier n° 88",
    )
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert "À restituer 780,00 €" in text
    assert "Échéance 31/03/2026" in text


def test_other_sums_are_checked_added_and_removed(
    app: Flask, client: FlaskClient, sorties: Sorties
) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    url = f"/bo/sorties/{edl}/retenues"
    for montant, message in [
        ("abc", "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."),
        ("-10", "Le montant ne peut pas être négatif."),
        ("12,345", "Le montant s'arrête au centime : deux décimales au plus."),
    ]:
        refused = post(client, url, token, libelle="Ménage", montant=montant, justification="x")
        assert refused.status_code == 400
        html = unescape(refused.get_data(as_text=True))
        assert f'<p class="field-error" id="montant-error" role="alert">{message}</p>' in html
        assert f'value="{montant}"' in html
    refused = post(client, url, token, libelle="Ménage", montant="80", justification=" ")
    assert refused.status_code == 400
    assert "Justification obligatoire" in refused.get_data(as_text=True)

    added = post(
        client,
        url,
        token,
        libelle="Remplacement de la porte",
        montant="1 234,50",
        justification="Devis Menuiserie Rhône n° 2026-118",
    )
    assert added.status_code == 302
    text = _text(page(client, f"/bo/sorties/{edl}"))
    assert (
        "Remplacement de la porte Devis Menuiserie Rhône n° 2026-118 1 234,50 € Sylvie Mercier"
    ) in text
    assert "Total retenu 1 794,50 €" in text
    assert "À restituer 0,00 €" in text
    assert "Reste dû par le locataire 894,50 €" in text

    html = page(client, f"/bo/sorties/{edl}")
    removal = re.search(rf'action="(/bo/sorties/{edl}/retenues/[^"]+/supprimer)"', html)
    assert removal is not None
    assert post(client, removal.group(1), token).status_code == 302
    assert "Reste dû par le locataire 0,00 €" in _text(page(client, f"/bo/sorties/{edl}"))

    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.action, AuditEntry.details)
            .where(AuditEntry.target == f"etat_des_lieux:{edl}")
            .order_by(AuditEntry.id)
        ).all()
    assert [a for a, _d in entries] == ["retenue_add", "retenue_delete"]
    assert entries[0][1]["montant"] == "1234,50"
    assert entries[1][1]["libelle"] == "Remplacement de la porte"


def test_dates_are_checked_and_audited(app: Flask, client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    url = f"/bo/sorties/{edl}/dates"
    refused = post(client, url, token, cles_rendues_le="2026-02-01", restitue_le="2026-01-15")
    assert refused.status_code == 400
    assert "La date de restitution ne peut pas précéder la remise des clés." in refused.get_data(
        as_text=True
    )
    assert post(client, url, token, cles_rendues_le="", restitue_le="").status_code == 400
    assert post(client, url, token, cles_rendues_le="02/02/2026", restitue_le="").status_code == 302
    assert "Échéance 02/04/2026" in _text(page(client, f"/bo/sorties/{edl}"))
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "decompte_dates")
        ).scalar_one()
        assert entry.target == f"etat_des_lieux:{edl}"
        assert entry.details == {
            "avant": {"cles_rendues_le": "2026-01-31", "restitue_le": None},
            "apres": {"cles_rendues_le": "2026-02-02", "restitue_le": None},
        }


def test_the_letter_to_the_tenant(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Nettoyage",
        montant="80",
        justification="Facture Net'Pro n° 1234",
    )
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    response = client.get(f"/bo/sorties/{edl}/lettre.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    text = _pdf_text(response.data)
    for expected in (
        "Office Rhône Habitat",
        "3 place Bellecour, 69002 Lyon",
        "Marie Dupont",
        NEW_ADDRESS,
        "état des lieux de sortie du 31/01/2026",
        "Dépôt de garantie versé 900,00 €",
        "400,00 €",
        "160,00 €",
        "Total retenu au titre de l'état des lieux 560,00 €",
        "Nettoyage Facture Net'Pro n° 1234 80,00 €",
        "Somme restituée 260,00 €",
        "le 31/03/2026 au plus tard",
        "Majoration pour retard de restitution (ci-dessous), due en plus 100,00 €",
        "vous est due, soit 2 mois : 100,00 €",
    ):
        assert expected in text, expected


def test_the_list_of_sorties(client: FlaskClient, sorties: Sorties) -> None:
    overdue = sorties.sortie("2026-01-31")
    returned = sorties.sortie("2026-02-10")
    soon, later = (
        sorties.sortie("2026-03-01", damaged=False),
        sorties.sortie("2026-03-02", damaged=False),
    )
    token = bo_login(client)
    today = _today()
    soon_keys = add_months(today + timedelta(days=3), -1)
    soon_due = add_months(soon_keys, 1)  # conforme: within the next 3 days
    for edl, keys, restitue in (
        (returned, "2026-02-10", "2026-03-20"),
        (soon, soon_keys.isoformat(), ""),
        (later, today.isoformat(), ""),
    ):
        response = post(
            client, f"/bo/sorties/{edl}/dates", token, cles_rendues_le=keys, restitue_le=restitue
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    html = page(client, "/bo/sorties")
    rows = re.findall(r"<tr( class=\"warning\")?>\s*<td><a href=\"/bo/sorties/([^\"]+)\"", html)
    assert [edl for _cls, edl in rows] == [overdue, soon, later, returned]
    assert [bool(cls) for cls, _edl in rows] == [False, True, False, False]
    text = _text(html)
    late = (today - date(2026, 3, 31)).days
    assert f"En retard de {late} jours (majoration" in text
    assert f"À restituer avant le {soon_due:%d/%m/%Y}" in text
    assert "Restitué le 20/03/2026" in text
    assert text.count("logement 101, Bâtiment A, Les Tilleuls") == 4
    assert "Marie Dupont" in text

    only_returned = _text(page(client, "/bo/sorties?statut=restitue"))
    assert only_returned.count("logement 101") == 1 and "Restitué le 20/03/2026" in only_returned
    assert "Aucun état des lieux de sortie pour ces critères" in page(
        client, f"/bo/sorties?residence={R2}"
    )
    assert 'href="/bo/sorties"' in page(client, "/bo/")


def test_the_csv_export(app: Flask, client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Nettoyage",
        montant="80",
        justification="Facture Net'Pro n° 1234",
    )
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    response = client.get("/bo/export/decomptes.csv")
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows == [
        [
            "Résidence",
            "Logement",
            "Locataire",
            "Remise des clés",
            "Dépôt de garantie",
            "Retenu (état des lieux)",
            "Retenu (autres sommes)",
            "Restitution",
            "Reste dû",
            "Échéance de restitution",
            "Restitué le",
            "Majoration",
            "Situation",
            "État des lieux de sortie",
        ],
        [
            "Les Tilleuls",
            "R1-A-101",
            "Marie Dupont",
            "31/01/2026",
            "900,00",
            "560,00",
            "80,00",
            "260,00",
            "0,00",
            "31/03/2026",
            "20/05/2026",
            "100,00",
            "Restitué",
            edl,
        ],
    ]
    with app.app_context():
        export = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "export")
        ).scalar_one()
        assert (export.target, export.details["lignes"]) == ("decomptes.csv", 1)
    overdue_only = client.get("/bo/export/decomptes.csv?statut=en_retard").data.decode("utf-8")
    assert len(list(csv.reader(io.StringIO(overdue_only[1:]), delimiter=";"))) == 1


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_are_refused(client: FlaskClient, sorties: Sorties, user: str) -> None:
    edl = sorties.sortie()
    token = bo_login(client, user)
    for path in (
        "/bo/sorties",
        f"/bo/sorties/{edl}",
        f"/bo/sorties/{edl}/lettre.pdf",
        "/bo/export/decomptes.csv",
    ):
        assert client.get(path).status_code == 403, path
    for path in (f"/bo/sorties/{edl}/dates", f"/bo/sorties/{edl}/retenues"):
        assert post(client, path, token, cles_rendues_le="2026-01-31").status_code == 403, path


def test_anonymous_is_sent_to_login_and_unknown_sorties_are_404(
    client: FlaskClient, sorties: Sorties
) -> None:
    response = client.get("/bo/sorties")
    assert response.status_code == 302 and "/bo/login" in response.headers["Location"]
    bo_login(client)
    assert client.get(f"/bo/sorties/{sorties.entree}").status_code == 404  # an entrée
    assert client.get(f"/bo/sorties/{new_id()}/lettre.pdf").status_code == 404
