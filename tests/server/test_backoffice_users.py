"""Users: create, reset a password, set role and scope (devices then reset), disable."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, User
from tests.server.conftest import PASSWORD
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_login import login
from tests.server.test_backoffice_support import bo_login, page, post


@dataclass
class UserSnapshot:
    """A user's stored state, read after a request."""

    id: int
    name: str
    role: str
    active: bool
    scope_codes: tuple[list[str], list[str]]


def _user(app: Flask, login_name: str) -> UserSnapshot:
    with app.app_context():
        user = db.session.execute(select(User).where(User.login == login_name)).scalar_one()
        scope = (sorted(s.code for s in user.secteurs), sorted(r.code for r in user.residences))
        return UserSnapshot(user.id, user.name, user.role, user.active, scope)


def _audits(app: Flask, action: str) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars()
        out = list(rows)
        for row in out:
            db.session.expunge(row)
        return out


def test_users_page_lists_everyone(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    html = page(client, "/bo/utilisateurs")
    for name in ("Claire Fontaine", "Karim Benali", "Joseph Moreau", "Sylvie Mercier"):
        assert name in html
    assert "<td>Gardien</td>" in html and "<td>R1</td>" in html and "<td>S2</td>" in html


def test_create_a_gardien(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    response = post(
        client,
        "/bo/utilisateurs",
        token,
        login="Gardien2",
        name="Nadia Haddad",
        role="gardien",
        password="un-mot-de-passe",
        residences=["R2", "R3"],
    )
    assert response.status_code == 302
    user = _user(app, "gardien2")
    assert (user.name, user.role, user.scope_codes) == (
        "Nadia Haddad",
        "gardien",
        ([], ["R2", "R3"]),
    )
    [entry] = _audits(app, "user_create")
    assert entry.details == {"role": "gardien", "secteurs": [], "residences": ["R2", "R3"]}
    client.post("/bo/logout", data={"csrf_token": token})
    assert login(client, "gardien2", "un-mot-de-passe").status_code == 302


def test_create_refusals(client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    cases = [
        ({"login": "gardien", "role": "gardien", "residences": "R1"}, "existe déjà"),
        ({"login": "x1", "role": "gardien"}, "au moins un secteur ou une résidence"),
        ({"login": "x2", "role": "chef", "secteurs": "S1"}, "Rôle inconnu"),
        ({"login": "x3", "role": "gestionnaire", "secteurs": "S9"}, "inconnu : S9"),
        ({"login": "x4", "role": "admin", "password": "court"}, "au moins 10 caractères"),
    ]
    for data, message in cases:
        form = {"name": "Quelqu'un", "password": "un-mot-de-passe"} | data
        response = post(client, "/bo/utilisateurs", token, **form)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data


def test_scope_change_makes_devices_reset(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    _changes, cursor = device.pull_all()
    again = client.get("/api/v1/sync/pull", query_string={"cursor": cursor}, headers=device.headers)
    assert again.get_json()["reset"] is False
    token = bo_login(client, "admin")
    user_id = _user(app, "gestionnaire").id
    response = post(
        client, f"/bo/utilisateurs/{user_id}", token, role="gestionnaire", secteurs=["S2"]
    )
    assert response.status_code == 302
    assert "ses appareils rechargeront leurs données" in page(client, f"/bo/utilisateurs/{user_id}")
    assert _user(app, "gestionnaire").scope_codes == (["S2"], [])
    after = client.get("/api/v1/sync/pull", query_string={"cursor": cursor}, headers=device.headers)
    assert after.status_code == 200
    assert after.get_json()["reset"] is True
    [entry] = _audits(app, "user_update")
    assert entry.details == {
        "avant": {"role": "gestionnaire", "secteurs": ["S1"], "residences": []},
        "apres": {"role": "gestionnaire", "secteurs": ["S2"], "residences": []},
    }


def test_role_change_to_back_office_clears_scope(app: Flask, client: FlaskClient, agency) -> None:
    token = bo_login(client, "admin")
    user_id = _user(app, "gardien").id
    post(client, f"/bo/utilisateurs/{user_id}", token, role="back_office", residences=["R1"])
    user = _user(app, "gardien")
    assert (user.role, user.scope_codes) == ("back_office", ([], []))


def test_reset_password(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    user_id = _user(app, "backoffice").id
    path = f"/bo/utilisateurs/{user_id}/mot-de-passe"
    post(client, path, token, password="court")
    assert "au moins 10 caractères" in page(client, f"/bo/utilisateurs/{user_id}")
    post(client, path, token, password="nouveau-secret-42")
    assert len(_audits(app, "user_password_reset")) == 1
    other = app.test_client()
    assert login(other, "backoffice", PASSWORD).status_code == 401
    assert login(other, "backoffice", "nouveau-secret-42").status_code == 302


def test_disable_and_enable(app: Flask, client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    token = bo_login(client, "admin")
    user_id = _user(app, "gestionnaire").id
    post(client, f"/bo/utilisateurs/{user_id}/desactiver", token)
    assert _user(app, "gestionnaire").active is False
    refused = client.get("/api/v1/sync/pull", headers=device.headers)
    assert refused.status_code == 401
    assert login(app.test_client(), "gestionnaire").status_code == 401
    post(client, f"/bo/utilisateurs/{user_id}/reactiver", token)
    assert _user(app, "gestionnaire").active is True
    assert [e.action for e in _audits(app, "user_disable") + _audits(app, "user_enable")] == [
        "user_disable",
        "user_enable",
    ]


def test_admin_cannot_lock_themselves_out(app: Flask, client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "admin")
    admin_id = _user(app, "admin").id
    post(client, f"/bo/utilisateurs/{admin_id}/desactiver", token)
    assert "désactiver votre propre compte" in page(client, f"/bo/utilisateurs/{admin_id}")
    post(client, f"/bo/utilisateurs/{admin_id}", token, role="back_office")
    assert "changer votre propre rôle" in page(client, f"/bo/utilisateurs/{admin_id}")
    admin = _user(app, "admin")
    assert (admin.active, admin.role) == (True, "admin")


def test_unknown_user_is_404(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    assert client.get("/bo/utilisateurs/9999").status_code == 404
