"""Who may reach which back-office page: anonymous, field roles, back office, admin; CSRF."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.server.test_backoffice_support import bo_login, page, post

SHA = "ab" * 32
UUID = "00000000-0000-4000-8000-000000000000"

GET_PAGES = [
    "/bo/revue",
    f"/bo/visites/{UUID}",
    f"/bo/blobs/{SHA}",
    f"/bo/blobs/{SHA}/thumb",
    "/bo/utilisateurs",
    "/bo/utilisateurs/1",
    "/bo/appareils",
    "/bo/referentiel",
    "/bo/referentiel/" + "0" * 32,
    "/bo/export/visites.csv",
    "/bo/tableau-de-bord",
    "/bo/journal",
    "/bo/conflits",
    f"/bo/visites/{UUID}/supprimer",
    f"/bo/appareils/{UUID}/revoquer",
]
POSTS = [
    f"/bo/visites/{UUID}/revue",
    f"/bo/visites/{UUID}/corriger",
    f"/bo/conflits/{UUID}/resoudre",
    f"/bo/visites/{UUID}/supprimer",
    "/bo/utilisateurs",
    "/bo/utilisateurs/1",
    "/bo/utilisateurs/1/mot-de-passe",
    "/bo/utilisateurs/1/desactiver",
    "/bo/utilisateurs/1/reactiver",
    f"/bo/appareils/{UUID}/revoquer",
    "/bo/referentiel",
    "/bo/referentiel/" + "0" * 32 + "/confirmer",
    "/bo/referentiel/" + "0" * 32 + "/annuler",
]
ADMIN_ONLY = [p for p in GET_PAGES + POSTS if p.startswith(("/bo/utilisateurs", "/bo/referentiel"))]


@pytest.mark.parametrize("path", GET_PAGES)
def test_anonymous_is_sent_to_login(client: FlaskClient, agency: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bo/login?next=")


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_get_403_everywhere(client: FlaskClient, agency: None, user: str) -> None:
    token = bo_login(client, user)
    for path in GET_PAGES:
        assert client.get(path).status_code == 403, path
    for path in POSTS:
        assert post(client, path, token).status_code == 403, path


@pytest.mark.parametrize("user", ["gestionnaire", "gardien"])
def test_field_roles_home_has_no_menu(client: FlaskClient, agency: None, user: str) -> None:
    bo_login(client, user)
    html = page(client, "/bo/")
    assert "réservé aux équipes de l'agence" in html
    assert "/bo/revue" not in html


def test_every_post_needs_the_csrf_token(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    for path in POSTS:
        assert client.post(path, data={"action": "keep"}).status_code == 400, path


def test_users_and_referentiel_are_admin_only(client: FlaskClient, agency: None) -> None:
    token = bo_login(client, "backoffice")
    for path in ADMIN_ONLY:
        if path in GET_PAGES:
            assert client.get(path).status_code == 403, path
        else:
            assert post(client, path, token).status_code == 403, path
    assert "/bo/utilisateurs" not in page(client, "/bo/")


def test_back_office_home_is_a_menu(client: FlaskClient, agency: None) -> None:
    bo_login(client, "backoffice")
    html = page(client, "/bo/")
    assert "Bonjour Sylvie Mercier" in html
    for link in ("/bo/revue", "/bo/tableau-de-bord", "/bo/appareils", "/bo/journal"):
        assert f'href="{link}"' in html


def test_admin_menu_has_users(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    html = page(client, "/bo/")
    assert 'href="/bo/utilisateurs"' in html
    assert 'href="/bo/referentiel"' in html


def test_pages_have_no_inline_script_or_style(client: FlaskClient, agency: None) -> None:
    bo_login(client, "admin")
    for path in (
        "/bo/",
        "/bo/revue",
        "/bo/utilisateurs",
        "/bo/appareils",
        "/bo/referentiel",
        "/bo/tableau-de-bord",
        "/bo/journal",
        "/bo/conflits",
    ):
        html = page(client, path)
        assert "<script" not in html and "style=" not in html and "<style" not in html, path
