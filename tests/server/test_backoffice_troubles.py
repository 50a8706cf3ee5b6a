"""The troubles de voisinage dossier's back-office page (issue 11): step, counts, chronology,
links to the PDFs; every view audited; out of scope is not found."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import server.backoffice.troubles_views  # noqa: F401  (registers the dossier's page)
from server.backoffice.naming import record_url
from server.extensions import db
from server.models import AuditEntry
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_login import login
from tests.server.test_backoffice_support import bo_login, page
from tests.server.troubles_documents_helpers import PushedDossier, applied


@pytest.fixture
def gestionnaire(client: FlaskClient, login_device: Any) -> FakeDevice:
    return FakeDevice(client, login_device("gestionnaire"))


@pytest.fixture
def dossier(gestionnaire: FakeDevice) -> PushedDossier:
    return PushedDossier(gestionnaire)


def text_of(html: str) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def dossier_path(app: Flask, dossier: PushedDossier) -> str:
    with app.test_request_context():
        return record_url("dossier_trouble", dossier.id)


def test_dossier_page_shows_step_counts_chronology_and_pdfs(
    app: Flask, client: FlaskClient, dossier: PushedDossier, dossier_path: str
) -> None:
    bo_login(client)
    html = page(client, dossier_path)
    text = text_of(html)
    assert "Dossier de troubles de voisinage" in text
    assert "Logement du mis en cause Logement 101, Bâtiment A, résidence Les Tilleuls" in text
    assert "Étape actuelle Mise en demeure" in text
    assert (
        "Prochaine étape : saisir les partenaires (police, conciliateur, mairie, services sociaux)."
        in text
    )
    assert "Faits relevés 3 (du 03/10/2026 à 23h30 au 05/11/2026 à 18h00)" in text
    assert "Nuits troublées (22 h – 7 h) 2" in text
    assert "Ménages concernés 3" in text
    assert "10/2026 2 11/2026 1" in text
    order = [
        text.index(s)
        for s in (
            "03/10/2026 à 23h30 Fait : bruit (forte), de nuit",
            "05/10/2026 à 10h00 Entretien avec Henri Lefèvre (plaignant)",
            "10/10/2026 à 09h00 Rappel au bail",
            "20/10/2026 à 09h00 Médiation",
            "10/11/2026 à 09h00 Mise en demeure",
        )
    ]
    assert order == sorted(order)
    assert "Appelez la police" not in text
    for entity, record in (
        ("dossier_trouble", dossier.id),
        ("demarche", dossier.rappel),
        ("demarche", dossier.mise_en_demeure),
        ("attestation_temoin", dossier.attestation),
    ):
        assert f'href="/api/v1/documents/{entity}/{record}.pdf"' in html
    assert f"/api/v1/documents/demarche/{dossier.mediation}.pdf" not in html
    # the links work with the back-office session
    assert client.get(f"/api/v1/documents/demarche/{dossier.rappel}.pdf").status_code == 200
    with app.app_context():
        entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
        reads = [(e.action, e.target) for e in entries if e.action.endswith("_read")]
    assert reads == [
        ("record_read", f"dossier_trouble:{dossier.id}"),
        ("document_read", f"demarche:{dossier.rappel}"),
    ]


def test_urgent_qualification_tells_to_call_the_police(
    client: FlaskClient, gestionnaire: FakeDevice, dossier: PushedDossier, dossier_path: str
) -> None:
    fields: dict[str, Any] = {"qualification": "danger_immediat"}
    applied(
        gestionnaire, gestionnaire.mutation(dossier.id, fields, base=1, entity="dossier_trouble")
    )
    bo_login(client)
    html = page(client, dossier_path)
    assert '<p class="field-error" role="alert">Appelez la police (17) maintenant.</p>' in html


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_have_no_back_office_page(
    client: FlaskClient, dossier_path: str, user: str
) -> None:
    login(client, user)
    assert client.get(dossier_path).status_code == 403


def test_unknown_dossier_is_not_found(client: FlaskClient, dossier: PushedDossier) -> None:
    bo_login(client)
    assert client.get(f"/bo/records/dossier_trouble/{new_id()}").status_code == 404
