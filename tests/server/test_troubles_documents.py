"""The PDFs of a troubles de voisinage dossier (issue 11): letters to the mis en cause that never
name a plaignant or a témoin, the CERFA 11527*03 attestation, the dossier; scope, role, audit."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from server.documents import troubles_data as td
from server.extensions import db
from server.models import AuditEntry
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login
from tests.server.troubles_documents_helpers import TEMOIN_NOM, TEMOIN_PRENOM, PushedDossier


@pytest.fixture
def gestionnaire(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire"))


@pytest.fixture
def dossier(gestionnaire: FakeDevice) -> PushedDossier:
    return PushedDossier(gestionnaire)


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def get_pdf(device: FakeDevice, entity: str, record: str) -> Any:
    return device.client.get(f"/api/v1/documents/{entity}/{record}.pdf", headers=device.headers)


def test_counts_nights_in_paris_time_and_months() -> None:
    faits = [
        {"survenu_le": "2026-10-03T23:30:00+02:00"},  # night of 3 Oct
        {"survenu_le": "2026-10-04T01:10:00+02:00"},  # same night
        {"survenu_le": "2026-10-17T23:15:00Z"},  # 01h15 Paris: night of 17 Oct
        {"survenu_le": "2026-10-18T05:30:00Z"},  # 07h30 Paris: day
        {"survenu_le": "2026-11-05T18:00:00+01:00"},
        {"survenu_le": "2026-11-06T22:00:00+01:00", "deleted": True},
    ]
    counts = td.counts_of({"menages_concernes": 3}, faits)
    assert counts.faits == 5
    assert counts.nuits == 2
    assert counts.par_mois == [("10/2026", 4), ("11/2026", 1)]
    assert counts.menages == 3
    assert (counts.premier, counts.dernier) == ("03/10/2026 à 23h30", "05/11/2026 à 18h00")


def test_step_is_the_furthest_reached_and_says_the_next() -> None:
    step = td.procedure_step({}, [], [])
    assert (step.current, step.next_sentence) == (
        "qualification",
        "Prochaine étape : entretien avec le plaignant.",
    )
    step = td.procedure_step({}, [{"role": "plaignant"}], [])
    assert step.next_sentence == "Prochaine étape : rappel au bail au mis en cause."
    step = td.procedure_step(
        {}, [{"role": "mis_en_cause"}], [{"type": "rappel_bail"}, {"type": "police"}]
    )
    assert (step.current, step.current_label, step.next_sentence) == (
        "partenaires",
        "Partenaires saisis",
        "Prochaine étape : transmission au contentieux ou clôture du dossier.",
    )
    step = td.procedure_step({"etat": "clos"}, [], [{"type": "cloture"}])
    assert (step.current, step.current_label, step.next_sentence) == (
        "cloture",
        "Clôturé",
        "Dossier clos : aucune étape à venir.",
    )
    step = td.procedure_step({"etat": "clos"}, [{"role": "plaignant"}], [{"type": "contentieux"}])
    assert (step.current, step.next_sentence) == (
        "contentieux",
        "Dossier clos : aucune étape à venir.",
    )


@pytest.mark.parametrize("demarche", ["rappel", "mise_en_demeure"])
def test_letter_names_the_logement_never_a_plaignant_or_a_temoin(
    app: Flask, gestionnaire: FakeDevice, dossier: PushedDossier, demarche: str
) -> None:
    response = get_pdf(gestionnaire, "demarche", getattr(dossier, demarche))
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Logement 101, Bâtiment A" in text
    assert "12 rue des Tilleuls, 69100 Villeurbanne" in text
    assert "Marie DUPONT" in text  # the tenant of the mis en cause's bail
    assert "3 faits entre le 03/10/2026 à 23h30 et le 05/11/2026 à 18h00" in text
    assert "2 nuits troublées" in text
    for name in ("Lefèvre", "Henri", TEMOIN_NOM, TEMOIN_PRENOM, "Infirmière", "appartement 102"):
        assert name not in text
    if demarche == "mise_en_demeure":
        assert "Objet : mise en demeure — troubles de voisinage" in text
        assert "Lettre recommandée avec accusé de réception" in text
        assert "au plus tard le 30/11/2026" in text
        assert "nous saisirons le tribunal judiciaire." in text
    else:
        assert "Objet : rappel au bail — troubles de voisinage" in text
        assert "Des bruits de musique tard le soir ont été constatés." in text
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "document_read")
        ).scalars()
        assert [(e.target, e.details) for e in entries] == [
            (
                f"demarche:{getattr(dossier, demarche)}",
                {"document": demarche.replace("_", "-").replace("rappel", "rappel-bail")},
            )
        ]


def test_attestation_follows_cerfa_11527(gestionnaire: FakeDevice, dossier: PushedDossier) -> None:
    response = get_pdf(gestionnaire, "attestation_temoin", dossier.attestation)
    assert response.status_code == 200, response.get_json()
    text = pdf_text(response.data)
    for expected in (
        "CERFA n° 11527*03",
        "ATTESTATION",
        "(article 202 du code de procédure civile)",
        "Nom : Bernard",
        "Prénoms : Lucie",
        "Date de naissance : 14/02/1980",
        "Lieu de naissance : Lyon",
        "Profession : Infirmière",
        "Lien de parenté, d'alliance, de subordination, de collaboration ou de communauté "
        "d'intérêts avec les parties : Voisine, aucun lien",
        "Je sais que la présente attestation est établie en vue de sa production en justice et "
        "qu'une fausse attestation de ma part m'expose à des sanctions pénales.",
        "J'ai entendu de la musique très forte le 3 octobre vers 23 h 30.",
        "Fait à Villeurbanne, le 06/10/2026",
        "Article 441-7 du code pénal",
        "Est puni d'un an d'emprisonnement et de 15 000 euros d'amende",
        "Signature : non signée",
    ):
        assert expected in text, expected


def test_dossier_pdf_holds_counts_and_chronology(
    gestionnaire: FakeDevice, dossier: PushedDossier
) -> None:
    response = get_pdf(gestionnaire, "dossier_trouble", dossier.id)
    assert response.status_code == 200, response.get_json()
    text = pdf_text(response.data)
    assert "Nuits troublées (22 h – 7 h) 2" in text
    assert "Ménages concernés 3" in text
    assert "10/2026 2" in text and "11/2026 1" in text
    assert (
        "Prochaine étape : saisir les partenaires (police, conciliateur, mairie, services sociaux)."
        in text
    )
    order = [
        text.index(s)
        for s in (
            "03/10/2026 à 23h30 Fait : bruit (forte), de nuit",
            "05/10/2026 à 10h00 Entretien avec Henri Lefèvre (plaignant)",
            "10/10/2026 à 09h00 Rappel au bail",
            "18/10/2026 à 01h15 Fait : bruit (forte), de nuit",
            "10/11/2026 à 09h00 Mise en demeure",
        )
    ]
    assert order == sorted(order)


def test_a_demarche_without_a_letter_has_no_pdf(
    gestionnaire: FakeDevice, dossier: PushedDossier
) -> None:
    response = get_pdf(gestionnaire, "demarche", dossier.mediation)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_out_of_scope_or_role_or_unknown_is_not_found(
    client: FlaskClient, login_device: Any, dossier: PushedDossier
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))  # résidence R1, but never a dossier
    other = FakeDevice(client, login_device("gestionnaire2"))  # secteur S2 only
    for device in (gardien, other):
        for entity, record in (
            ("dossier_trouble", dossier.id),
            ("demarche", dossier.rappel),
            ("attestation_temoin", dossier.attestation),
        ):
            response = get_pdf(device, entity, record)
            assert response.status_code == 404, (device.id, entity)
    assert get_pdf(other, "fait", dossier.faits[0]).status_code == 404
    assert get_pdf(other, "dossier_trouble", new_id()).status_code == 404


def test_back_office_session_reads_the_pdf_and_anonymous_does_not(
    app: Flask, client: FlaskClient, dossier: PushedDossier
) -> None:
    path = f"/api/v1/documents/demarche/{dossier.rappel}.pdf"
    assert client.get(path).status_code == 401
    bo_login(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    with app.app_context():
        targets = db.session.execute(
            select(AuditEntry.target).where(AuditEntry.action == "document_read")
        ).scalars()
        assert list(targets) == [f"demarche:{dossier.rappel}"]
