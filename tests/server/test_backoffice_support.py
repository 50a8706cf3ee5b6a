"""Helpers shared by the back-office tests (this module holds no test of its own)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.models import User
from tests.server.conftest import LOGEMENT_R1, password_hash
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_login import csrf_token, login


def bo_login(client: FlaskClient, user: str = "backoffice") -> str:
    """Log in to the back office and return the session's CSRF token."""
    response = login(client, user)
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_token(client, "/bo/")


def post(client: FlaskClient, path: str, token: str, **data: Any) -> Any:
    """POST a back-office form with its CSRF token."""
    return client.post(path, data={"csrf_token": token, **data})


def visite_fields(**extra: Any) -> dict[str, Any]:
    """The fields of a new technique visite in résidence R1."""
    return {
        "logement_id": LOGEMENT_R1,
        "type": "technique",
        "observations": "Fuite sous l'évier",
    } | extra


def push_visite(device: FakeDevice, **extra: Any) -> str:
    """Create a visite from a device through the push API and return its id."""
    record = new_id()
    response = device.push(device.mutation(record, visite_fields(**extra)))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["results"][0]["status"] == "applied", response.get_json()
    return record


def page(client: FlaskClient, path: str) -> str:
    """GET a page that must answer 200 and return its HTML."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def add_user(app: Flask, login: str, name: str, role: str) -> None:
    """One more agency-wide user (password PASSWORD), for tests that need two of a role."""
    with app.app_context():
        db.session.add(User(login=login, name=name, role=role, password_hash=password_hash()))
        db.session.commit()
