"""Back-office sessions live on the server: logout, inactivity, password reset and a disabled
account end them; a replayed cookie opens nothing; the cookie's Secure flag as configured."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.config import secure_cookies
from server.extensions import db
from server.models import BackofficeSession, User
from server.models.base import utcnow
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_login import login
from tests.server.test_backoffice_support import bo_login, post


def _sessions(app: Flask, login_name: str) -> list[BackofficeSession]:
    with app.app_context():
        user = db.session.execute(select(User).where(User.login == login_name)).scalar_one()
        rows = db.session.execute(
            select(BackofficeSession)
            .where(BackofficeSession.user_id == user.id)
            .order_by(BackofficeSession.created_at)
        )
        return list(rows.scalars())


def _user_id(app: Flask, login_name: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).where(User.login == login_name)).scalar_one()


def _idle_for(app: Flask, login_name: str, minutes: int) -> None:
    with app.app_context():
        for row in db.session.execute(select(BackofficeSession)).scalars():
            if row.user_id == _user_id(app, login_name):
                row.last_seen_at = utcnow() - timedelta(minutes=minutes)
        db.session.commit()


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _is_logged_in(client: FlaskClient) -> bool:
    response = client.get("/bo/")
    return response.status_code == 200


def test_a_cookie_replayed_after_logout_opens_nothing(app: Flask, client: FlaskClient, agency):
    token = bo_login(client, "backoffice")
    stolen = _cookie(client)
    assert post(client, "/bo/logout", token).status_code == 302
    assert not _is_logged_in(client)
    client.set_cookie("session", stolen)
    response = client.get("/bo/")
    assert (response.status_code, response.headers["Location"]) == (302, "/bo/login?next=/bo/")
    [row] = _sessions(app, "backoffice")
    assert row.ended_reason == "deconnexion"


def test_a_session_expires_after_inactivity(app: Flask, client: FlaskClient, agency) -> None:
    bo_login(client, "backoffice")
    _idle_for(app, "backoffice", 29)
    assert _is_logged_in(client)  # 29 minutes idle: still alive, and seen again now
    [row] = _sessions(app, "backoffice")
    assert utcnow() - row.last_seen_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)
    _idle_for(app, "backoffice", 31)
    assert not _is_logged_in(client)
    [row] = _sessions(app, "backoffice")
    assert row.ended_reason == "inactivite"
    assert login(client, "backoffice").status_code == 302  # a new login works
    assert _is_logged_in(client)


def test_a_password_reset_ends_sessions_and_device_tokens(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    claire = app.test_client()
    bo_login(claire, "gestionnaire")
    admin = app.test_client()
    token = bo_login(admin, "admin")
    user_id = _user_id(app, "gestionnaire")
    post(admin, f"/bo/utilisateurs/{user_id}/mot-de-passe", token, password="nouveau-secret-42")
    assert not _is_logged_in(claire)
    refused = client.get("/api/v1/sync/pull", headers=device.headers)
    assert refused.status_code == 401
    assert (refused.get_json()["error"]["code"], refused.get_json()["wipe"]) == (
        "device_revoked",
        True,
    )
    assert [r.ended_reason for r in _sessions(app, "gestionnaire")] == ["mot_de_passe_reinitialise"]
    assert _is_logged_in(admin)


def test_disabling_revokes_devices_and_enabling_does_not_revive_them(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    claire = app.test_client()
    bo_login(claire, "gestionnaire")
    stolen = _cookie(claire)
    admin = app.test_client()
    token = bo_login(admin, "admin")
    user_id = _user_id(app, "gestionnaire")
    post(admin, f"/bo/utilisateurs/{user_id}/desactiver", token)
    post(admin, f"/bo/utilisateurs/{user_id}/reactiver", token)
    refused = client.get("/api/v1/sync/pull", headers=device.headers)
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (401, "device_revoked")
    claire.set_cookie("session", stolen)
    assert not _is_logged_in(claire)
    assert [r.ended_reason for r in _sessions(app, "gestionnaire")] == ["compte_desactive"]
    fresh = FakeDevice(client, login_device("gestionnaire"))
    assert client.get("/api/v1/sync/pull", headers=fresh.headers).status_code == 200


def _set_cookie_header(client: FlaskClient, base_url: str) -> str:
    from tests.server.test_backoffice_login import csrf_token

    form = {"login": "backoffice", "password": "mot-de-passe-test"}
    form["csrf_token"] = csrf_token(client)
    # over HTTPS, the CSRF check also wants a same-origin Referer
    headers = {"Referer": f"{base_url}/bo/login"}
    response = client.post("/bo/login", data=form, base_url=base_url, headers=headers)
    assert response.status_code == 302
    return response.headers["Set-Cookie"]


def test_secure_cookie_follows_https_by_default(app: Flask, agency: None) -> None:
    assert "Secure" not in _set_cookie_header(app.test_client(), "http://localhost")
    assert "Secure" in _set_cookie_header(app.test_client(), "https://localhost")


@pytest.mark.parametrize(("mode", "secure"), [("on", True), ("off", False)])
def test_secure_cookie_as_configured(app: Flask, agency: None, mode: str, secure: bool) -> None:
    app.config["PALIER_SECURE_COOKIES"] = mode
    try:
        header = _set_cookie_header(app.test_client(), "http://localhost")
    finally:
        app.config["PALIER_SECURE_COOKIES"] = "auto"
    assert ("Secure" in header) is secure
    assert "HttpOnly" in header


def test_a_bad_secure_cookie_setting_is_refused_in_french() -> None:
    with pytest.raises(ValueError, match="PALIER_SECURE_COOKIES vaut « parfois » : auto, on ou"):
        secure_cookies("parfois")
    assert (secure_cookies(None), secure_cookies(" ON ")) == ("auto", "on")
