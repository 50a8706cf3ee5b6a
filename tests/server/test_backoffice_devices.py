"""Devices: last sync, pending conflicts, app version; revoke and wipe."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from server.extensions import db
from server.models import AuditEntry, Device, User
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post, push_visite


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<td>{re.escape(name)}</td>.*?</tr>", html, re.S)
    assert match, html
    return re.sub(r"\s+", " ", match.group(0))


def test_device_list(app: Flask, client: FlaskClient, login_device) -> None:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    FakeDevice(client, login_device("gardien", "Téléphone Joseph"))
    visite_id = push_visite(a)
    a.push(a.mutation(visite_id, {"observations": "A"}, base=1, at=10))
    b.push(b.mutation(visite_id, {"observations": "B"}, base=1, at=20))
    with app.app_context():
        db.session.execute(
            update(Device)
            .where(Device.id == a.id)
            .values(last_sync_at=datetime(2026, 11, 20, 8, 30, tzinfo=UTC))
        )
        db.session.commit()
    bo_login(client)
    html = page(client, "/bo/appareils")
    row_a = _row(html, "Tablette A")
    assert "<td>Claire Fontaine</td> <td>20/11/2026 09:30</td> <td>1</td>" in row_a
    assert "<td>2 (dernier n° 2)</td> <td>1</td>" in row_a
    assert "Révoquer et effacer" in row_a
    row_b = _row(html, "Tablette B")
    assert "<td>1</td> <td>1 (dernier n° 1)</td> <td>1</td>" in row_b
    row_phone = _row(html, "Téléphone Joseph")
    assert (
        "<td>Joseph Moreau</td> <td>jamais</td> <td>0</td> <td>0 (dernier n° 0)</td> <td>—</td>"
        in (row_phone)
    )


def test_revoke_and_wipe(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    token = bo_login(client)
    response = post(client, f"/bo/appareils/{device.id}/revoquer", token)
    assert response.status_code == 302
    refused = client.get("/api/v1/sync/pull", headers=device.headers)
    assert refused.status_code == 401
    assert refused.get_json()["wipe"] is True
    html = page(client, "/bo/appareils")
    assert "est révoqué : il effacera ses données." in html
    assert "révoqué le " in _row(html, "Tablette A")
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "device_revoke")
        ).scalar_one()
        actor = db.session.get(User, entry.user_id)
        assert (entry.target, actor.login, entry.details["via"]) == (
            f"device:{device.id}",
            "backoffice",
            "backoffice",
        )
    post(client, f"/bo/appareils/{device.id}/revoquer", token)
    assert "déjà révoqué" in page(client, "/bo/appareils")
    with app.app_context():
        count = db.session.execute(
            select(db.func.count()).where(AuditEntry.action == "device_revoke")
        ).scalar_one()
        assert count == 1


def test_revoke_unknown_device_is_404(client: FlaskClient, agency: None) -> None:
    token = bo_login(client)
    assert post(client, "/bo/appareils/inconnu/revoquer", token).status_code == 404
