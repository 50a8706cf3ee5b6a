"""Back-office session login with CSRF protection."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.server.conftest import PASSWORD


def csrf_token(client: FlaskClient, path: str = "/bo/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, html
    return match.group(1)


def login(client: FlaskClient, user: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/bo/login", data={"login": user, "password": password, "csrf_token": token})


def test_home_requires_login(client: FlaskClient) -> None:
    response = client.get("/bo/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bo/login")


def test_login_without_csrf_token_is_refused(client: FlaskClient, agency: None) -> None:
    response = client.post("/bo/login", data={"login": "backoffice", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/bo/").status_code == 302


def test_login_greets_with_role_and_scope(client: FlaskClient, agency: None) -> None:
    assert login(client, "backoffice").status_code == 302
    page = client.get("/bo/").get_data(as_text=True)
    assert "Bonjour Sylvie Mercier" in page
    assert "Back-office" in page
    assert "toute l'agence" in page


def test_gestionnaire_sees_its_scope(client: FlaskClient, agency: None) -> None:
    login(client, "gestionnaire")
    page = client.get("/bo/").get_data(as_text=True)
    assert "2 résidence(s)" in page
    assert "Secteur Nord" in page


def test_wrong_password(client: FlaskClient, agency: None) -> None:
    response = login(client, "backoffice", "mauvais")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in response.get_data(as_text=True)


def test_logout_needs_csrf(client: FlaskClient, agency: None) -> None:
    login(client, "backoffice")
    assert client.post("/bo/logout").status_code == 400
    token = csrf_token(client, "/bo/")
    assert client.post("/bo/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/bo/").status_code == 302


def test_landing_page_links_to_back_office(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Palier" in page
