"""The back office's permanences (issue 12): the list with its contacts' counts, a permanence's
page with its contacts, and the export of every contact (CSV, one line each)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry
from tests.server.conftest import LOGEMENT_R1, R1, R2
from tests.server.reclamations_backoffice import LOCATAIRE_L1, applied, reclamation, text_of
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_login import login
from tests.server.test_backoffice_support import bo_login, page


@pytest.fixture
def gardien(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gardien", "Téléphone du gardien"))


@pytest.fixture
def gestionnaire(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire", "Tablette de Claire"))


def _permanence(device: FakeDevice, residence: str, **fields: Any) -> str:
    record = new_id()
    values = {"residence_id": residence, **fields}
    applied(device, device.mutation(record, values, entity="permanence"))
    return record


def _contact(device: FakeDevice, permanence: str, **fields: Any) -> str:
    record = new_id()
    values = {"permanence_id": permanence, **fields}
    applied(device, device.mutation(record, values, entity="contact_permanence"))
    return record


class Permanences:
    """A chantier permanence of Les Tilleuls with three contacts (one turned into a réclamation)
    and an earlier one of Le Grand Clos, still open, without any."""

    def __init__(self, gardien: FakeDevice, gestionnaire: FakeDevice) -> None:
        self.reclamation = reclamation(
            gardien, "U2", "2026-11-10T09:20:00+01:00", origine="permanence"
        )
        self.tilleuls = _permanence(
            gardien,
            R1,
            site="Loge du gardien, hall A",
            debut="2026-11-10T09:00:00+01:00",
            fin="2026-11-10T11:30:00+01:00",
            agents="Joseph Moreau; Claire Fontaine",
            chantier=True,
        )
        self.fuite = _contact(
            gardien,
            self.tilleuls,
            heure="2026-11-10T09:15:00+01:00",
            locataire_id=LOCATAIRE_L1,
            logement_id=LOGEMENT_R1,
            categorie="technique",
            demande="Fuite sous l'évier de la cuisine",
            reponse="Réclamation créée",
            suite="reclamation",
            suite_id=self.reclamation,
        )
        self.chantier = _contact(
            gardien,
            self.tilleuls,
            heure="2026-11-10T10:40:00+01:00",
            nom="=M. Petit",
            categorie="chantier",
            demande="Perforateur dès 7 h",
            reponse="Horaires rappelés à l'entreprise",
            orientation="Conducteur de travaux",
            suite="rendez_vous",
            rendez_vous_le="2026-11-17T14:00:00+01:00",
            acces_refuse=True,
            nuisances_chantier="Bruit dès 7 h",
            degats_entreprise="Plinthe arrachée",
            vulnerable=True,
        )
        self.horaires = _contact(
            gardien,
            self.tilleuls,
            heure="2026-11-10T09:05:00+01:00",
            anonyme=True,
            categorie="information",
            demande="Horaires de la loge ?",
            reponse="Du lundi au vendredi, 9 h – 12 h",
            suite="aucune",
        )
        self.grand_clos = _permanence(
            gestionnaire, R2, site="Salle commune", debut="2026-11-03T14:00:00+01:00"
        )


@pytest.fixture
def permanences(gardien: FakeDevice, gestionnaire: FakeDevice) -> Permanences:
    return Permanences(gardien, gestionnaire)


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_list_latest_first_with_contacts_counted(
    client: FlaskClient, permanences: Permanences
) -> None:
    bo_login(client)
    html = page(client, "/bo/permanences")
    assert _rows(html) == [
        "Les Tilleuls Loge du gardien, hall A chantier 10/11/2026 09:00 10/11/2026 11:30 "
        "Joseph Moreau; Claire Fontaine 3",
        "Le Grand Clos Salle commune 03/11/2026 14:00 en cours — 0",
    ]
    assert f'href="/bo/permanences/{permanences.tilleuls}"' in html
    only = page(client, f"/bo/permanences?residence={R2}")
    assert _rows(only) == ["Le Grand Clos Salle commune 03/11/2026 14:00 en cours — 0"]
    assert f'href="/bo/export/permanences.csv?residence={R2}"' in only


def test_page_shows_every_contact_in_time_order(
    app: Flask, client: FlaskClient, permanences: Permanences
) -> None:
    bo_login(client)
    html = page(client, f"/bo/permanences/{permanences.tilleuls}")
    text = text_of(html)
    assert "Permanence — Loge du gardien, hall A chantier en site occupé" in text
    assert "Agents présents Joseph Moreau; Claire Fontaine" in text
    assert "Saisie par Joseph Moreau" in text
    headings = re.findall(r"<h3 id=\"contact-\d\">(.*?)</h3>", html)
    assert [text_of(h) for h in headings] == [
        "10/11/2026 09:05 — Anonyme — Information",
        "10/11/2026 09:15 — Marie DUPONT — Technique",
        "10/11/2026 10:40 — =M. Petit — Chantier",
    ]
    assert "Logement Logement 101, Bâtiment A, Les Tilleuls" in text
    assert "Suite donnée Réclamation — voir la réclamation" in text
    assert f'href="/bo/reclamations/{permanences.reclamation}"' in html
    assert "Suite donnée Rendez-vous le 17/11/2026 14:00" in text
    assert (
        "Accès refusé oui Nuisances du chantier Bruit dès 7 h "
        "Dégâts causés par l'entreprise Plinthe arrachée Personne vulnérable oui"
    ) in text
    with app.app_context():
        reads = db.session.execute(
            select(AuditEntry.target).where(AuditEntry.action == "record_read")
        ).scalars()
        assert list(reads) == [f"permanence:{permanences.tilleuls}"]


def test_csv_has_one_line_per_contact_with_its_permanence(
    app: Flask, client: FlaskClient, permanences: Permanences
) -> None:
    bo_login(client)
    response = client.get("/bo/export/permanences.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="permanences-')
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    site = (
        "Les Tilleuls;Loge du gardien, hall A;10/11/2026 09:00;10/11/2026 11:30;"
        '"Joseph Moreau; Claire Fontaine";oui'
    )
    assert text[1:].split("\r\n") == [
        "Résidence;Site;Début de la permanence;Fin de la permanence;Agents;Chantier;Heure;"
        "Personne;Logement;Catégorie;Demande;Réponse;Orientation;Suite;Rendez-vous le;"
        "Documents remis;Accès refusé;Nuisances du chantier;Dégâts de l'entreprise;"
        "Personne vulnérable;Identifiant du contact",
        f"{site};10/11/2026 09:05;Anonyme;;Information;Horaires de la loge ?;"
        f"Du lundi au vendredi, 9 h – 12 h;;Aucune;;;;;;;{permanences.horaires}",
        f"{site};10/11/2026 09:15;Marie DUPONT;Logement 101, Bâtiment A, Les Tilleuls;"
        "Technique;Fuite sous l'évier de la cuisine;Réclamation créée;;Réclamation;;;;;;;"
        f"{permanences.fuite}",
        f"{site};10/11/2026 10:40;'=M. Petit;;Chantier;Perforateur dès 7 h;"
        "Horaires rappelés à l'entreprise;Conducteur de travaux;Rendez-vous;17/11/2026 14:00;;"
        f"oui;Bruit dès 7 h;Plinthe arrachée;oui;{permanences.chantier}",
        "",
    ]
    with app.app_context():
        export = db.session.execute(
            select(AuditEntry.target, AuditEntry.details).where(AuditEntry.action == "export")
        ).one()
    assert export == ("permanences.csv", {"filtres": {}, "lignes": 3})


def test_csv_of_one_residence(client: FlaskClient, permanences: Permanences) -> None:
    bo_login(client)
    text = client.get(f"/bo/export/permanences.csv?residence={R2}").data.decode("utf-8")
    assert text[1:].split("\r\n")[1:] == [""]  # Le Grand Clos took no contact


@pytest.mark.parametrize("user", ["gardien", "gestionnaire"])
def test_field_roles_cannot_open_or_export(
    client: FlaskClient, permanences: Permanences, user: str
) -> None:
    login(client, user)
    for path in (
        "/bo/permanences",
        f"/bo/permanences/{permanences.tilleuls}",
        "/bo/export/permanences.csv",
    ):
        assert client.get(path).status_code == 403, path


def test_unknown_or_out_of_scope_permanence_is_not_found(
    client: FlaskClient, permanences: Permanences, monkeypatch: pytest.MonkeyPatch
) -> None:
    bo_login(client)
    assert client.get(f"/bo/permanences/{new_id()}").status_code == 404
    monkeypatch.setattr(
        "server.backoffice.permanence_views.residence_scope", lambda _user: frozenset({R2})
    )
    assert client.get(f"/bo/permanences/{permanences.tilleuls}").status_code == 404
    assert permanences.tilleuls not in page(client, "/bo/permanences")
    export = client.get("/bo/export/permanences.csv").data.decode("utf-8")
    assert permanences.fuite not in export
