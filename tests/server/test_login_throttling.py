"""Login throttling by account and by client address: guessing from one place never locks the
account out from another, an address failing on many accounts is locked, old counters go."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import LoginFailure
from server.models.base import utcnow
from tests.server.conftest import PASSWORD

ATTACKER, ADMIN_DESK = "203.0.113.9", "192.0.2.10"


def _device_login(client: FlaskClient, login: str, password: str, address: str) -> int:
    response = client.post(
        "/api/v1/auth/device",
        json={"login": login, "password": password, "device_name": "Essai"},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def test_guessing_an_account_from_one_address_never_locks_it_elsewhere(
    client: FlaskClient, agency: None
) -> None:
    codes = [_device_login(client, "admin", "devine", ATTACKER) for _ in range(6)]
    assert codes == [401, 401, 401, 401, 401, 429]
    assert _device_login(client, "admin", PASSWORD, ATTACKER) == 429
    assert _device_login(client, "admin", PASSWORD, ADMIN_DESK) == 201


def test_an_address_failing_on_many_accounts_is_locked(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    app.config["PALIER_LOGIN_MAX_FAILURES_PER_ADDRESS"] = 6
    try:
        logins = ["admin", "gardien", "backoffice", "inconnu1", "inconnu2", "gestionnaire"]
        codes = [_device_login(client, name, "devine", ATTACKER) for name in logins]
        assert codes == [401, 401, 401, 401, 401, 401]
        assert _device_login(client, "gestionnaire2", PASSWORD, ATTACKER) == 429
        assert _device_login(client, "gestionnaire2", PASSWORD, ADMIN_DESK) == 201
    finally:
        app.config["PALIER_LOGIN_MAX_FAILURES_PER_ADDRESS"] = 20


def test_the_back_office_login_is_throttled_the_same_way(client: FlaskClient, agency) -> None:
    from tests.server.test_backoffice_login import csrf_token

    def attempt(password: str, address: str) -> int:
        form = {"login": "admin", "password": password, "csrf_token": csrf_token(client)}
        return client.post(
            "/bo/login", data=form, environ_base={"REMOTE_ADDR": address}
        ).status_code

    assert [attempt("devine", ATTACKER) for _ in range(6)] == [401] * 5 + [429]
    assert attempt(PASSWORD, ADMIN_DESK) == 302


def test_a_success_clears_the_accounts_counter_and_old_counters_are_purged(
    app: Flask, client: FlaskClient, agency: None
) -> None:
    for _ in range(4):
        _device_login(client, "gardien", "devine", ATTACKER)
    assert _device_login(client, "gardien", PASSWORD, ATTACKER) == 201
    assert _device_login(client, "gardien", "devine", ATTACKER) == 401  # counting from 1 again
    with app.app_context():
        for failure in db.session.execute(select(LoginFailure)).scalars():
            failure.first_at = utcnow() - timedelta(hours=2)
            failure.locked_until = None
        db.session.commit()
    assert _device_login(client, "admin", "devine", ADMIN_DESK) == 401
    with app.app_context():
        keys = sorted(db.session.execute(select(LoginFailure.key)).scalars())
        counts = [f.count for f in db.session.execute(select(LoginFailure)).scalars()]
    assert keys == [f"adresse:{ADMIN_DESK}", f"compte:admin|{ADMIN_DESK}"]
    assert counts == [1, 1]
