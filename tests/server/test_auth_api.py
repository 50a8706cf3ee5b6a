"""Device login, tokens, revocation and login throttling."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.auth import hash_token, revoke_device
from server.extensions import db
from server.models import Device
from tests.server.conftest import PASSWORD


def test_health_needs_no_token(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "schema": 1}


def test_the_login_gives_the_bailleur_name_for_offline_documents(
    app: Flask, client: FlaskClient, agency: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "PALIER_AGENCY_NAME", "Office Rhône Habitat")
    response = client.post(
        "/api/v1/auth/device",
        json={"login": "gestionnaire", "password": PASSWORD, "device_name": "Tablette 2"},
    )
    assert response.get_json()["agence"] == "Office Rhône Habitat"


def test_device_login_returns_token_device_and_user(client: FlaskClient, agency: None) -> None:
    response = client.post(
        "/api/v1/auth/device",
        json={"login": "gestionnaire", "password": PASSWORD, "device_name": "Tablette 1"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "device_id", "user", "schema", "rules", "agence", "lock_seconds"}
    assert body["rules"]["role"] == "gestionnaire"
    assert set(body["rules"]["entities"]) == {
        "visite",
        "etat_des_lieux",
        "edl_element",
        "edl_addendum",
        "dossier_trouble",
        "fait",
        "entretien",
        "demarche",
        "attestation_temoin",
        "reclamation",
        "reclamation_evenement",
        "permanence",
        "contact_permanence",
        "signature",
        "photo",
    }
    assert body["user"]["login"] == "gestionnaire"
    assert body["user"]["role"] == "gestionnaire"
    assert body["user"]["name"] == "Claire Fontaine"
    assert body["schema"] == 1
    assert len(body["token"]) >= 43  # 32 random bytes, base64url


def test_token_is_stored_hashed(app: Flask, login_device) -> None:
    body = login_device()
    with app.app_context():
        device = db.session.get(Device, body["device_id"])
        assert device.token_hash == hash_token(body["token"])
        assert body["token"] not in device.token_hash


def test_wrong_password_gets_french_401(client: FlaskClient, agency: None) -> None:
    response = client.post(
        "/api/v1/auth/device",
        json={"login": "gestionnaire", "password": "faux", "device_name": "x"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "invalid_credentials",
        "message": "Identifiant ou mot de passe incorrect.",
        "fields": {},
    }


def test_missing_fields_are_reported_per_field(client: FlaskClient, agency: None) -> None:
    response = client.post("/api/v1/auth/device", json={"login": "gestionnaire"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"] == {"password": ["Le mot de passe est obligatoire."]}


def test_non_json_body_is_refused(client: FlaskClient, agency: None) -> None:
    response = client.post("/api/v1/auth/device", data="pas du json", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_body"


def test_repeated_failures_are_throttled(client: FlaskClient, agency: None) -> None:
    codes = []
    for _ in range(6):
        response = client.post(
            "/api/v1/auth/device", json={"login": "gardien", "password": "mauvais"}
        )
        codes.append(response.status_code)
    assert codes == [401, 401, 401, 401, 401, 429]
    # even the right password is refused while locked
    response = client.post("/api/v1/auth/device", json={"login": "gardien", "password": PASSWORD})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_attempts"


def test_revoked_device_gets_401_with_wipe(app: Flask, client: FlaskClient, login_device) -> None:
    body = login_device()
    with app.app_context():
        revoke_device(db.session.get(Device, body["device_id"]))
        db.session.commit()
    response = client.get("/api/v1/sync/pull", headers=body["headers"])
    assert response.status_code == 401
    payload = response.get_json()
    assert payload["wipe"] is True
    assert payload["error"]["code"] == "device_revoked"


def test_one_device_per_login_each_revocable_alone(app: Flask, client, login_device) -> None:
    first, second = login_device(name="A"), login_device(name="B")
    assert first["device_id"] != second["device_id"]
    with app.app_context():
        revoke_device(db.session.get(Device, first["device_id"]))
        db.session.commit()
        assert db.session.scalars(select(Device.revoked_at).order_by(Device.name)).all()[1] is None
    assert client.get("/api/v1/sync/pull", headers=second["headers"]).status_code == 200


def test_missing_or_bad_token(client: FlaskClient, agency: None) -> None:
    assert client.get("/api/v1/sync/pull").get_json()["error"]["code"] == "unauthorized"
    response = client.get("/api/v1/sync/pull", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


LOGIN_FRENCH_ERRORS = [
    (
        {},
        {
            "login": ["L'identifiant est obligatoire."],
            "password": ["Le mot de passe est obligatoire."],
        },
    ),
    (
        {"login": 12, "password": ["x"]},
        {"login": ["Texte attendu."], "password": ["Texte attendu."]},
    ),
    (
        {"login": "", "password": "", "device_name": ""},
        {
            "login": ["L'identifiant est obligatoire."],
            "password": ["Le mot de passe est obligatoire."],
            "device_name": ["Le nom de l'appareil ne peut pas être vide."],
        },
    ),
    (
        {"login": "gestionnaire", "password": PASSWORD, "device_name": "   "},
        {"device_name": ["Le nom de l'appareil ne peut pas être vide."]},
    ),
    (
        {"login": "gestionnaire", "password": PASSWORD, "device_name": None},
        {"device_name": ["Le nom de l'appareil ne peut pas être vide."]},
    ),
    (
        {"login": "x" * 81, "password": "p" * 201, "device_name": "n" * 201},
        {
            "login": ["Identifiant trop long (80 caractères au plus)."],
            "password": ["Mot de passe trop long (200 caractères au plus)."],
            "device_name": ["Nom d'appareil trop long (200 caractères au plus)."],
        },
    ),
    (
        {"login": "gestionnaire", "password": PASSWORD, "appareil": "x"},
        {"appareil": ["Champ inconnu."]},
    ),
    (
        {"login": "gestion\x00naire", "password": PASSWORD},
        {"login": ["Caractère nul (U+0000) interdit."]},
    ),
]


@pytest.mark.parametrize(("body", "fields"), LOGIN_FRENCH_ERRORS)
def test_login_errors_are_french(
    client: FlaskClient, agency: None, body: dict, fields: dict
) -> None:
    response = client.post("/api/v1/auth/device", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == (
        "validation_error",
        "Certains champs sont invalides.",
    )
    assert error["fields"] == fields
