"""Devices: recognisable (name, user, first and last contact, app version, unsent items);
revoke and wipe after a confirmation page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from server.device_facts import DeviceFacts, Known, changes_to_store, read_facts
from server.extensions import db
from server.models import AuditEntry, Device, User
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import add_user, bo_login, page, post, push_visite

CREATED = datetime(2026, 11, 2, 8, 15, tzinfo=UTC)  # 09:15 in Paris
SEEN = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 14:00 in Paris
SYNCED = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # 09:30 in Paris


def _row(html: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<td>{re.escape(name)}</td>.*?</tr>", html, re.S)
    assert match, html
    return re.sub(r"\s+", " ", match.group(0))


def _pin(app: Flask, device_id: str, **values: object) -> None:
    with app.app_context():
        db.session.execute(update(Device).where(Device.id == device_id).values(**values))
        db.session.commit()


def test_device_list(app: Flask, client: FlaskClient, login_device) -> None:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    phone = FakeDevice(client, login_device("gardien", "Téléphone Joseph"))
    visite_id = push_visite(a)
    a.push(a.mutation(visite_id, {"observations": "A"}, base=1, at=10))
    b.push(b.mutation(visite_id, {"observations": "B"}, base=1, at=20))
    _pin(
        app,
        a.id,
        created_at=CREATED,
        last_seen_at=SEEN,
        last_sync_at=SYNCED,
        app_version="1.4.2",
        pending_count=3,
        pending_at=SEEN,
    )
    _pin(app, phone.id, created_at=CREATED, last_seen_at=None)
    bo_login(client)
    html = page(client, "/bo/appareils")
    row_a = _row(html, "Tablette A")
    assert (
        '<td>Claire Fontaine <span class="muted">(Gestionnaire)</span></td> '
        "<td>02/11/2026 09:15</td> <td>26/11/2026 14:00</td> <td>20/11/2026 09:30</td> "
        "<td>1.4.2</td> <td>3 le 26/11/2026 14:00</td> <td>1</td> <td>2 (dernier n° 2)</td>"
    ) in row_a
    assert 'href="/bo/appareils/' + a.id + '/revoquer">Révoquer et effacer…</a>' in row_a
    row_b = _row(html, "Tablette B")
    assert "<td>—</td> <td>—</td> <td>1</td> <td>1 (dernier n° 1)</td>" in row_b
    row_phone = _row(html, "Téléphone Joseph")
    assert (
        '<td>Joseph Moreau <span class="muted">(Gardien)</span></td> '
        "<td>02/11/2026 09:15</td> <td>jamais</td> <td>jamais</td> <td>—</td> <td>—</td> "
        "<td>0</td> <td>0 (dernier n° 0)</td>"
    ) in row_phone


def test_api_calls_store_what_the_device_reports(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    headers = device.headers | {"X-Palier-App-Version": "1.4.2", "X-Palier-Pending": "3"}
    assert client.get("/api/v1/sync/pull", headers=headers).status_code == 200
    with app.app_context():
        stored = db.session.get(Device, device.id)
        assert (stored.app_version, stored.pending_count) == ("1.4.2", 3)
        assert stored.pending_at is not None and stored.last_seen_at is not None
    # a refused request still counts as a contact; the count is what the device says now
    headers["X-Palier-Pending"] = "0"
    assert client.get("/api/v1/sync/pull?limit=abc", headers=headers).status_code == 400
    with app.app_context():
        assert db.session.get(Device, device.id).pending_count == 0


@pytest.mark.parametrize(
    ("version", "pending"),
    [("x" * 41, "-1"), ("1.4\x7f", "abc"), ("", "3.5"), ("   ", "99999999999")],
)
def test_bad_device_facts_are_ignored(
    app: Flask, client: FlaskClient, login_device, version: str, pending: str
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    headers = device.headers | {"X-Palier-App-Version": version, "X-Palier-Pending": pending}
    assert client.get("/api/v1/sync/pull", headers=headers).status_code == 200
    with app.app_context():
        stored = db.session.get(Device, device.id)
        assert (stored.app_version, stored.pending_count, stored.pending_at) == (None, None, None)
        assert stored.last_seen_at is not None


def test_read_facts() -> None:
    assert read_facts({"X-Palier-App-Version": " 2.0.1 ", "X-Palier-Pending": "12"}) == (
        DeviceFacts("2.0.1", 12)
    )
    assert read_facts({}) == DeviceFacts(None, None)
    assert read_facts({"X-Palier-App-Version": "é" * 40, "X-Palier-Pending": "٣"}) == (
        DeviceFacts("é" * 40, None)
    )


def test_last_contact_is_written_at_most_once_a_minute() -> None:
    seen = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    known = Known("1.4.2", 3, seen)
    soon = datetime(2026, 11, 26, 13, 0, 30, tzinfo=UTC)
    later = datetime(2026, 11, 26, 13, 1, 0, tzinfo=UTC)
    assert changes_to_store(known, DeviceFacts("1.4.2", 3), soon) == {}
    assert changes_to_store(known, DeviceFacts(None, None), later) == {"last_seen_at": later}
    assert changes_to_store(known, DeviceFacts("1.4.2", 2), soon) == {
        "pending_count": 2,
        "pending_at": soon,
        "last_seen_at": soon,
    }
    assert changes_to_store(known, DeviceFacts("1.5.0", None), soon) == {
        "app_version": "1.5.0",
        "last_seen_at": soon,
    }


def test_revoke_asks_for_confirmation_and_warns_of_unsent_items(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    _pin(app, device.id, pending_count=2, pending_at=SEEN, app_version="1.4.2")
    token = bo_login(client)
    html = page(client, f"/bo/appareils/{device.id}/revoquer")
    assert "<h1>Révoquer et effacer « Tablette A » ?</h1>" in html
    assert (
        "Cet appareil avait 2 élément(s) non envoyé(s) le 26/11/2026 14:00 : ils seront perdus."
        in html
    )
    assert 'name="confirmer" value="oui" required' in html
    refused = post(client, f"/bo/appareils/{device.id}/revoquer", token)
    assert refused.status_code == 400
    assert "Cochez la case pour confirmer la révocation." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Device, device.id).revoked_at is None


def test_revoke_confirmation_without_unsent_items(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    _pin(app, device.id, pending_count=0, pending_at=SEEN)
    bo_login(client)
    html = page(client, f"/bo/appareils/{device.id}/revoquer")
    assert "non envoyé" not in html
    assert "À son dernier contact (26/11/2026 14:00), l'appareil n'avait rien à envoyer." in html


def test_revoke_and_wipe(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    token = bo_login(client)
    path = f"/bo/appareils/{device.id}/revoquer"
    response = post(client, path, token, confirmer="oui")
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
    post(client, path, token, confirmer="oui")
    assert "déjà révoqué" in page(client, "/bo/appareils")
    with app.app_context():
        count = db.session.execute(
            select(db.func.count()).where(AuditEntry.action == "device_revoke")
        ).scalar_one()
        assert count == 1


def test_only_an_admin_revokes_an_admin_device(
    app: Flask, client: FlaskClient, login_device
) -> None:
    admin_device = FakeDevice(client, login_device("admin", "Portable admin"))
    gardien_device = FakeDevice(client, login_device("gardien", "Téléphone Joseph"))
    token = bo_login(client, "backoffice")
    html = page(client, "/bo/appareils")
    assert "Révoquer" not in _row(html, "Portable admin")
    assert "Révoquer et effacer…" in _row(html, "Téléphone Joseph")
    assert client.get(f"/bo/appareils/{admin_device.id}/revoquer").status_code == 403
    path = f"/bo/appareils/{admin_device.id}/revoquer"
    assert post(client, path, token, confirmer="oui").status_code == 403
    gardien_path = f"/bo/appareils/{gardien_device.id}/revoquer"
    assert post(client, gardien_path, token, confirmer="oui").status_code == 302
    add_user(app, "admin2", "Seconde administratrice", "admin")
    other = app.test_client()
    other_token = bo_login(other, "admin2")
    assert post(other, path, other_token, confirmer="oui").status_code == 302
    with app.app_context():
        assert db.session.get(Device, admin_device.id).revoked_at is not None
        assert db.session.get(Device, gardien_device.id).revoked_at is not None


def test_revoke_unknown_device_is_404(client: FlaskClient, agency: None) -> None:
    token = bo_login(client)
    assert post(client, "/bo/appareils/inconnu/revoquer", token).status_code == 404
    assert client.get("/bo/appareils/inconnu/revoquer").status_code == 404
