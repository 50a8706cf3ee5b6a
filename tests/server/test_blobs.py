"""Blobs by hash: checks, EXIF orientation, metadata stripped, thumbnails, scope."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from PIL import Image

from server.extensions import db
from server.models import Blob
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R3
from tests.server.images import gps_exif, jpeg, sha
from tests.server.sync_helpers import FakeDevice, new_id


def put(client, headers, data: bytes, digest: str | None = None):
    return client.put(
        f"/api/v1/blobs/{digest or sha(data)}",
        data=data,
        headers=headers,
        content_type="image/jpeg",
    )


def test_put_head_get_and_idempotence(app: Flask, client, login_device) -> None:
    login = login_device()
    data = jpeg()
    digest = sha(data)
    assert client.head(f"/api/v1/blobs/{digest}", headers=login["headers"]).status_code == 404
    assert put(client, login["headers"], data).status_code == 201
    assert put(client, login["headers"], data).status_code == 200
    assert client.head(f"/api/v1/blobs/{digest}", headers=login["headers"]).status_code == 200
    full = client.get(f"/api/v1/blobs/{digest}", headers=login["headers"])
    assert full.status_code == 200 and full.mimetype == "image/jpeg"
    thumb = client.get(f"/api/v1/blobs/{digest}/thumb", headers=login["headers"])
    assert Image.open(io.BytesIO(thumb.data)).size == (320, 240)


def test_gps_exif_is_stripped_and_orientation_applied(app: Flask, client, login_device) -> None:
    login = login_device()
    data = jpeg(600, 400, exif=gps_exif(orientation=6))
    assert Image.open(io.BytesIO(data)).getexif()[0x8825]  # the upload carries GPS
    assert put(client, login["headers"], data).status_code == 201
    stored = client.get(f"/api/v1/blobs/{sha(data)}", headers=login["headers"]).data
    image = Image.open(io.BytesIO(stored))
    assert image.size == (400, 600)  # rotated by the EXIF orientation
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and b"GPS" not in stored and b"Tablette" not in stored
    with app.app_context():
        files = list(Path(app.config["PALIER_BLOB_DIR"]).rglob(f"{sha(data)}*.jpg"))
        assert len(files) == 2
        for path in files:
            assert b"Tablette" not in path.read_bytes()
            assert dict(Image.open(path).getexif()) == {}


def test_large_photos_are_shrunk_to_2048_at_most(client, login_device) -> None:
    login = login_device()
    # 4000×3000 decodes at half scale; 3000×2000 cannot, and is resized to 2048 wide
    for size, expected in (((4000, 3000), (2000, 1500)), ((3000, 2000), (2048, 1365))):
        data = jpeg(*size)
        assert put(client, login["headers"], data).status_code == 201
        stored = client.get(f"/api/v1/blobs/{sha(data)}", headers=login["headers"]).data
        assert Image.open(io.BytesIO(stored)).size == expected


def test_bad_blobs(app: Flask, client, login_device) -> None:
    headers = login_device()["headers"]
    data = jpeg()
    mismatch = put(client, headers, data, digest="0" * 64)
    assert (mismatch.status_code, mismatch.get_json()["error"]["code"]) == (400, "hash_mismatch")
    truncated = data[: len(data) // 2]
    response = put(client, headers, truncated)
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "invalid_image")
    text = b"ceci n'est pas une image"
    response = put(client, headers, text)
    assert response.get_json()["error"] == {
        "code": "invalid_image",
        "message": "Ce fichier n'est pas une image.",
        "fields": {},
    }
    bad_name = client.put("/api/v1/blobs/xyz", data=data, headers=headers)
    assert bad_name.get_json()["error"]["code"] == "invalid_hash"
    with app.app_context():
        assert db.session.query(Blob).count() == 0


def test_decompression_bomb_is_refused(app: Flask, client, login_device) -> None:
    headers = login_device()["headers"]
    bomb = io.BytesIO()
    Image.new("L", (10_000, 10_000)).save(bomb, "PNG", optimize=True)
    data = bomb.getvalue()
    assert len(data) < 200_000  # tiny file, 100 megapixels
    response = put(client, headers, data)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "image_too_large"


def test_oversized_blob_is_413(client, login_device) -> None:
    headers = login_device()["headers"]
    data = b"\xff" * (21 * 1024 * 1024)
    response = put(client, headers, data)
    assert response.status_code == 413


def test_blob_read_needs_a_record_in_scope(app: Flask, client, login_device) -> None:
    north = FakeDevice(client, login_device("gestionnaire", "nord"))
    south = FakeDevice(client, login_device("gestionnaire2", "sud"))
    data = jpeg()
    put(client, north.headers, data)
    # the uploader may read it back before its record is pushed; another scope may not
    assert client.get(f"/api/v1/blobs/{sha(data)}", headers=north.headers).status_code == 200
    assert client.get(f"/api/v1/blobs/{sha(data)}", headers=south.headers).status_code == 404
    visite, photo = new_id(), new_id()
    north.push(
        north.mutation(visite, {"logement_id": LOGEMENT_R1, "type": "technique"}),
        north.mutation(
            photo,
            {"sha256": sha(data), "owner_entity": "visite", "owner_record": visite},
            entity="photo",
        ),
    )
    assert client.get(f"/api/v1/blobs/{sha(data)}", headers=south.headers).status_code == 404
    # knowing the hash is not enough: the south's record claiming it is refused (test_blobs_access)
    visite2, photo2 = new_id(), new_id()
    body = south.push(
        south.mutation(visite2, {"logement_id": LOGEMENT_R3, "type": "technique"}),
        south.mutation(
            photo2,
            {"sha256": sha(data), "owner_entity": "visite", "owner_record": visite2},
            entity="photo",
        ),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "rejected"]
    assert client.get(f"/api/v1/blobs/{sha(data)}", headers=south.headers).status_code == 404


def test_record_may_reference_a_blob_not_uploaded_yet(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite, photo = new_id(), new_id()
    body = device.push(
        device.mutation(visite, {"logement_id": LOGEMENT_R1, "type": "technique"}),
        device.mutation(
            photo,
            {"sha256": "b" * 64, "owner_entity": "visite", "owner_record": visite},
            entity="photo",
        ),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    assert client.get(f"/api/v1/blobs/{'b' * 64}", headers=device.headers).status_code == 404
