"""Open conflicts on the record page: both values and authors; keep or restore in one click."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, Conflict, Visite
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite


def _two_device_conflict(client: FlaskClient, login_device) -> tuple[FakeDevice, FakeDevice, str]:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    visite_id = push_visite(a)
    a.push(a.mutation(visite_id, {"observations": "Version A"}, base=1, at=10))
    response = b.push(b.mutation(visite_id, {"observations": "Version B"}, base=1, at=20))
    assert response.get_json()["results"][0]["status"] == "conflict"
    return a, b, visite_id


def _conflict_id(html: str) -> str:
    match = re.search(r'action="/bo/conflits/([0-9a-f-]{36})/resoudre"', html)
    assert match, html
    return match.group(1)


def test_conflict_shows_both_values_and_authors(client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    section = html[html.index("<h2>Conflits ouverts</h2>") : html.index("<h2>Champs</h2>")]
    assert "<h3>Observations</h3>" in section
    assert (
        "<tr><th>Valeur actuelle</th><td>Version B</td><td>Claire Fontaine (Tablette B)</td></tr>"
        in section
    )
    assert (
        "<tr><th>Autre valeur</th><td>Version A</td><td>Claire Fontaine (Tablette A)</td></tr>"
        in section
    )
    assert "Garder la valeur actuelle" in section and "Restaurer l&#39;autre valeur" not in section
    assert "Restaurer l'autre valeur" in section
    history = html[html.index("<h2>Historique</h2>") :]
    assert "<td>en conflit</td>" in history


def test_restore_the_other_value_reaches_both_devices(
    app: Flask, client: FlaskClient, login_device
) -> None:
    a, b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    conflict_id = _conflict_id(page(client, f"/bo/visites/{visite_id}"))
    response = post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="restore")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/bo/visites/{visite_id}"
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Version A"
        conflict = db.session.get(Conflict, conflict_id)
        assert (conflict.status, conflict.resolution) == ("resolved", "restored")
        assert db.session.execute(
            select(AuditEntry.details).where(AuditEntry.action == "conflict_resolve")
        ).scalar_one() == {"action": "restore", "record": visite_id}
    for device in (a, b):
        changes, _cursor = device.pull_all()
        fields = next(c["fields"] for c in changes if c["record"] == visite_id)
        assert fields["observations"] == "Version A"
    html = page(client, f"/bo/visites/{visite_id}")
    assert "Conflits ouverts" not in html
    # A second click on a closed conflict changes nothing.
    again = post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="keep")
    assert again.status_code == 302
    assert "Ce conflit a déjà été résolu." in page(client, f"/bo/visites/{visite_id}")


def test_keep_the_current_value(app: Flask, client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    conflict_id = _conflict_id(page(client, f"/bo/visites/{visite_id}"))
    post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="keep")
    with app.app_context():
        visite = db.session.get(Visite, visite_id)
        assert (visite.observations, visite.version) == ("Version B", 3)
        assert db.session.get(Conflict, conflict_id).resolution == "kept"


def test_bad_resolution_requests(client: FlaskClient, login_device) -> None:
    _a, _b, visite_id = _two_device_conflict(client, login_device)
    token = bo_login(client)
    conflict_id = _conflict_id(page(client, f"/bo/visites/{visite_id}"))
    assert (
        post(client, f"/bo/conflits/{conflict_id}/resoudre", token, action="x").status_code == 400
    )
    unknown = "/bo/conflits/00000000-0000-4000-8000-000000000000/resoudre"
    assert post(client, unknown, token, action="keep").status_code == 404


def test_correction_racing_a_device_edit_opens_a_conflict(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    visite_id = push_visite(device)
    token = bo_login(client)
    page(client, f"/bo/visites/{visite_id}")  # the back office sees version 1
    device.push(device.mutation(visite_id, {"observations": "Terrain"}, base=1))
    response = post(
        client, f"/bo/visites/{visite_id}/corriger", token, base="1", observations="Bureau"
    )
    assert response.status_code == 302
    html = page(client, f"/bo/visites/{visite_id}")
    assert "un conflit a été ouvert" in html
    assert "<td>Bureau</td><td>Sylvie Mercier (back-office)</td>" in html
    assert "<td>Terrain</td><td>Claire Fontaine (Tablette A)</td>" in html
    with app.app_context():
        assert db.session.get(Visite, visite_id).observations == "Bureau"
