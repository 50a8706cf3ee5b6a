"""Who may reference and read a blob: its uploaders and the scopes of the photos using it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import BlobAccess, User
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R3
from tests.server.images import jpeg, sha
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login

FORBIDDEN = (
    "Photo inaccessible : elle n'a pas été envoyée depuis votre compte. "
    "Reprenez la photo sur cet appareil."
)


def upload(client: FlaskClient, device: FakeDevice, data: bytes) -> int:
    response = client.put(
        f"/api/v1/blobs/{sha(data)}", data=data, headers=device.headers, content_type="image/jpeg"
    )
    return response.status_code


def photo_push(
    device: FakeDevice, logement: str, digest: str, visite_type: str = "technique"
) -> list[dict]:
    """Push a new visite and a photo of it; returns both results."""
    visite, photo = new_id(), new_id()
    body = device.push(
        device.mutation(visite, {"logement_id": logement, "type": visite_type}),
        device.mutation(
            photo,
            {"sha256": digest, "owner_entity": "visite", "owner_record": visite},
            entity="photo",
        ),
    ).get_json()
    return body["results"]


def reads(client: FlaskClient, device: FakeDevice, digest: str) -> tuple[int, int, int]:
    """HEAD, GET and GET /thumb status codes."""
    return (
        client.head(f"/api/v1/blobs/{digest}", headers=device.headers).status_code,
        client.get(f"/api/v1/blobs/{digest}", headers=device.headers).status_code,
        client.get(f"/api/v1/blobs/{digest}/thumb", headers=device.headers).status_code,
    )


def test_claiming_the_hash_of_another_scopes_photo_is_refused(
    client: FlaskClient, login_device
) -> None:
    north = FakeDevice(client, login_device("gestionnaire", "nord"))
    south = FakeDevice(client, login_device("gestionnaire2", "sud"))
    data = jpeg()
    assert upload(client, north, data) == 201
    assert [r["status"] for r in photo_push(north, LOGEMENT_R1, sha(data))] == [
        "applied",
        "applied",
    ]
    results = photo_push(south, LOGEMENT_R3, sha(data))
    assert results[1] == {
        "seq": 2,
        "status": "rejected",
        "version": None,
        "code": "blob_forbidden",
        "message": FORBIDDEN,
        "errors": {"sha256": [FORBIDDEN]},
    }
    assert reads(client, south, sha(data)) == (404, 404, 404)
    assert reads(client, north, sha(data)) == (200, 200, 200)


def test_sending_the_bytes_proves_the_photo_is_held(
    app: Flask, client: FlaskClient, login_device
) -> None:
    north = FakeDevice(client, login_device("gestionnaire", "nord"))
    south = FakeDevice(client, login_device("gestionnaire2", "sud"))
    data = jpeg()
    assert upload(client, north, data) == 201
    # a stored blob answers 404 to a caller who may not read it, so its device uploads it
    assert reads(client, south, sha(data)) == (404, 404, 404)
    empty = client.put(f"/api/v1/blobs/{sha(data)}", data=b"", headers=south.headers)
    assert (empty.status_code, empty.get_json()["error"]["code"]) == (400, "empty_body")
    other = jpeg(colour=(10, 10, 10))
    wrong = client.put(f"/api/v1/blobs/{sha(data)}", data=other, headers=south.headers)
    assert (wrong.status_code, wrong.get_json()["error"]["code"]) == (400, "hash_mismatch")
    assert reads(client, south, sha(data)) == (404, 404, 404)
    assert upload(client, south, data) == 200
    assert upload(client, south, data) == 200
    assert reads(client, south, sha(data)) == (200, 200, 200)
    assert [r["status"] for r in photo_push(south, LOGEMENT_R3, sha(data))] == [
        "applied",
        "applied",
    ]
    with app.app_context():
        logins = db.session.scalars(
            select(User.login)
            .join(BlobAccess, BlobAccess.user_id == User.id)
            .where(BlobAccess.sha256 == sha(data))
            .order_by(User.login)
        ).all()
    assert logins == ["gestionnaire", "gestionnaire2"]


def test_a_photo_of_the_scope_opens_its_blob_to_the_scope(
    client: FlaskClient, login_device
) -> None:
    gestionnaire = FakeDevice(client, login_device("gestionnaire"))
    gardien = FakeDevice(client, login_device("gardien"))
    data = jpeg()
    upload(client, gestionnaire, data)
    assert reads(client, gardien, sha(data)) == (404, 404, 404)
    photo_push(gestionnaire, LOGEMENT_R1, sha(data))
    assert reads(client, gardien, sha(data)) == (200, 200, 200)
    # already readable to the gardien: a record of theirs may use it
    results = photo_push(gardien, LOGEMENT_R1, sha(data), visite_type="courtoisie")
    assert [r["status"] for r in results] == ["applied", "applied"]


def test_a_photo_the_role_may_not_read_opens_nothing(client: FlaskClient, login_device) -> None:
    gestionnaire = FakeDevice(client, login_device("gestionnaire"))
    gardien = FakeDevice(client, login_device("gardien"))
    data = jpeg()
    upload(client, gestionnaire, data)
    photo_push(gestionnaire, LOGEMENT_R1, sha(data), visite_type="candidat")
    assert reads(client, gardien, sha(data)) == (404, 404, 404)


def test_agency_wide_roles_read_every_blob(client: FlaskClient, login_device) -> None:
    south = FakeDevice(client, login_device("gestionnaire2"))
    data = jpeg()
    upload(client, south, data)
    photo_push(south, LOGEMENT_R3, sha(data))
    office = FakeDevice(client, login_device("backoffice"))
    assert reads(client, office, sha(data)) == (200, 200, 200)
    bo_login(client)
    assert client.get(f"/bo/blobs/{sha(data)}").status_code == 200
    assert client.get(f"/bo/blobs/{sha(data)}/thumb").status_code == 200
