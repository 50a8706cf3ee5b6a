"""The record page: fields, place, history, the read logged; review steps and corrections."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, MutationLog, ReviewEvent, User, Visite
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite


def _visite(app: Flask, visite_id: str) -> Visite:
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        db.session.expunge(visite)
        return visite


def _pulled(device: FakeDevice, visite_id: str) -> dict:
    changes, _cursor = device.pull_all()
    return next(c["fields"] for c in changes if c["record"] == visite_id)


def test_record_page_shows_fields_place_and_history(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    visite_id = push_visite(device, participants="Mme Dupont", suites="", cout_estime=None)
    device.push(device.mutation(visite_id, {"observations": "Fuite réparée"}, base=1))
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert "<h1>Visite technique" in html
    assert "Les Tilleuls" in html and "(R1)" in html and "Logement 101 (R1-A-101)" in html
    assert '<p class="record-name">Visite technique reçue le ' in html
    assert " — logement 101, Bâtiment A, Les Tilleuls</p>" in html
    assert '<th>Participants</th><td class="pre">Mme Dupont</td>' in html
    assert '<th>Observations</th><td class="pre">Fuite réparée</td>' in html
    assert "saisie par Claire Fontaine" in html
    history = html[html.index("<h2>Historique</h2>") :]
    assert history.count("<td>Tablette Claire</td>") == 2
    assert "<td>Claire Fontaine</td>" in history
    assert "<strong>Observations</strong> : — → Fuite sous l&#39;évier" in history
    assert "<strong>Observations</strong> : Fuite sous l&#39;évier → Fuite réparée" in history
    # fields the form sent empty did not change anything: the history does not list them
    assert "Suites à donner</strong>" not in history and "Coût estimé (€)</strong>" not in history
    assert "Aucune photo." in html


def test_record_read_is_audited(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    bo_login(client)
    page(client, f"/bo/visites/{visite_id}")
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "record_read")
        ).scalar_one()
        reader = db.session.get(User, entry.user_id)
        assert (entry.target, reader.login) == (f"visite:{visite_id}", "backoffice")


def test_unknown_record_is_404(client: FlaskClient, agency: None) -> None:
    bo_login(client)
    assert client.get("/bo/visites/00000000-0000-4000-8000-000000000000").status_code == 404


def test_send_back_needs_a_comment(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    token = bo_login(client)
    response = post(
        client, f"/bo/visites/{visite_id}/revue", token, action="renvoyer", comment=" ", base="1"
    )
    assert response.status_code == 302
    assert "le commentaire est obligatoire" in page(client, f"/bo/visites/{visite_id}")
    assert _visite(app, visite_id).review_state == "recu"


def test_review_cycle_travels_to_the_device(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device)
    token = bo_login(client)
    path = f"/bo/visites/{visite_id}/revue"
    comment = "Préciser l'origine de la fuite"
    assert (
        post(client, path, token, action="renvoyer", comment=comment, base="1").status_code == 302
    )
    visite = _visite(app, visite_id)
    assert (visite.review_state, visite.review_comment, visite.version) == (
        "a_corriger",
        comment,
        2,
    )
    fields = _pulled(device, visite_id)
    assert (fields["review_state"], fields["review_comment"]) == ("a_corriger", comment)
    html = page(client, f"/bo/visites/{visite_id}")
    assert "En attente de la correction par l'auteur." in html
    assert 'value="valider"' not in html

    device.push(device.mutation(visite_id, {"observations": "Joint du siphon"}, base=2))
    assert _visite(app, visite_id).review_state == "corrige"
    assert post(client, path, token, action="valider", base="3").status_code == 302
    visite = _visite(app, visite_id)
    assert (visite.review_state, visite.observations) == ("valide", "Joint du siphon")
    assert _pulled(device, visite_id)["review_state"] == "valide"
    with app.app_context():
        steps = db.session.execute(
            select(ReviewEvent.state)
            .where(ReviewEvent.record_id == visite_id)
            .order_by(ReviewEvent.id)
        ).scalars()
        assert list(steps) == ["a_corriger", "corrige", "valide"]
        assert db.session.execute(
            select(AuditEntry.details).where(AuditEntry.action == "review").order_by(AuditEntry.id)
        ).scalars().all() == [{"state": "a_corriger"}, {"state": "valide"}]
    # A validated visite offers no further review action; the history shows every step.
    html = page(client, f"/bo/visites/{visite_id}")
    history = html[html.index("<h2>Historique</h2>") :]
    assert "<strong>État de revue</strong> : Reçue → À corriger" in history
    assert "<strong>État de revue</strong> : À corriger → Corrigée" in history
    assert "<strong>État de revue</strong> : Corrigée → Validée" in history
    assert not re.search(r'name="action" value="(renvoyer|valider|rejeter)"', html)
    assert post(client, path, token, action="rejeter", base="4").status_code == 302
    assert _visite(app, visite_id).review_state == "valide"


def test_reject_with_reason(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    token = bo_login(client)
    post(
        client,
        f"/bo/visites/{visite_id}/revue",
        token,
        action="rejeter",
        comment="Doublon",
        base="1",
    )
    visite = _visite(app, visite_id)
    assert (visite.review_state, visite.review_comment) == ("rejete", "Doublon")


def test_correction_goes_through_the_engine(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device)
    token = bo_login(client)
    response = post(
        client,
        f"/bo/visites/{visite_id}/corriger",
        token,
        base="1",
        type="technique",
        observations="Fuite sous l'évier (cuisine)",
        cout_estime="120,50",
        responsabilite="locataire",
    )
    assert response.status_code == 302
    visite = _visite(app, visite_id)
    assert (visite.observations, visite.cout_estime, visite.responsabilite, visite.version) == (
        "Fuite sous l'évier (cuisine)",
        120.5,
        "locataire",
        2,
    )
    fields = _pulled(device, visite_id)
    assert (fields["observations"], fields["cout_estime"]) == (
        "Fuite sous l'évier (cuisine)",
        120.5,
    )
    with app.app_context():
        row = db.session.execute(
            select(MutationLog).where(MutationLog.device_id.is_(None))
        ).scalar_one()
        assert row.fields == {
            "observations": "Fuite sous l'évier (cuisine)",
            "cout_estime": 120.5,
            "responsabilite": "locataire",
        }
        assert db.session.get(User, row.user_id).login == "backoffice"
        assert db.session.execute(
            select(AuditEntry.details).where(AuditEntry.action == "record_edit")
        ).scalar_one() == {"fields": ["cout_estime", "observations", "responsabilite"]}
    history = page(client, f"/bo/visites/{visite_id}")
    assert "<td>Back-office</td>" in history and "<td>Sylvie Mercier</td>" in history
    assert "<strong>Coût estimé (€)</strong> : — → 120,50" in history


def test_correction_errors_are_shown(app: Flask, client: FlaskClient, login_device) -> None:
    visite_id = push_visite(FakeDevice(client, login_device()))
    token = bo_login(client)
    path = f"/bo/visites/{visite_id}/corriger"
    response = post(client, path, token, base="1", cout_estime="beaucoup")
    assert response.status_code == 400
    assert "Nombre attendu." in response.get_data(as_text=True)
    response = post(client, path, token, base="1", realisee_le="hier")
    assert response.status_code == 400
    assert "Date et heure invalides" in response.get_data(as_text=True)
    assert _visite(app, visite_id).version == 1
    response = post(client, path, token, base="1", observations="Fuite sous l'évier")
    assert response.status_code == 302
    assert "Aucun champ n&#39;a été modifié." in page(client, f"/bo/visites/{visite_id}")
