"""Photos on the record page, served to the back-office session from the blob store."""

from __future__ import annotations

import hashlib
import io

from flask.testing import FlaskClient
from PIL import Image

from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page, push_visite


def _jpeg(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(out, "JPEG")
    return out.getvalue()


def _photo(device: FakeDevice, visite_id: str, sha: str, caption: str) -> str:
    photo_id = new_id()
    fields = {
        "sha256": sha,
        "owner_entity": "visite",
        "owner_record": visite_id,
        "caption": caption,
    }
    response = device.push(device.mutation(photo_id, fields, entity="photo"))
    assert response.get_json()["results"][0]["status"] == "applied", response.get_json()
    return photo_id


def test_photos_thumbnails_and_missing(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    data = _jpeg("red")
    sha = hashlib.sha256(data).hexdigest()
    put = client.put(f"/api/v1/blobs/{sha}", data=data, headers=device.headers)
    assert put.status_code == 201
    visite_id = push_visite(device)
    _photo(device, visite_id, sha, "Évier")
    absent = hashlib.sha256(b"not uploaded yet").hexdigest()
    _photo(device, visite_id, absent, "Compteur")
    bo_login(client)
    html = page(client, f"/bo/visites/{visite_id}")
    assert f'<a href="/bo/blobs/{sha}"><img src="/bo/blobs/{sha}/thumb" alt="Évier"></a>' in html
    assert html.count("photo manquante") == 1
    full = client.get(f"/bo/blobs/{sha}")
    thumb = client.get(f"/bo/blobs/{sha}/thumb")
    assert (full.status_code, full.mimetype, thumb.status_code, thumb.mimetype) == (
        200,
        "image/jpeg",
        200,
        "image/jpeg",
    )
    assert Image.open(io.BytesIO(full.data)).size == (640, 480)
    assert len(thumb.data) < len(full.data)
    assert client.get(f"/bo/blobs/{absent}").status_code == 404


def test_listed_photo_not_yet_synced_is_missing(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite_id = push_visite(device, photo_ids=[new_id()])
    bo_login(client)
    assert "photo manquante" in page(client, f"/bo/visites/{visite_id}")


def test_unreferenced_or_malformed_blob_is_404(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    data = _jpeg("blue")
    sha = hashlib.sha256(data).hexdigest()
    assert client.put(f"/api/v1/blobs/{sha}", data=data, headers=device.headers).status_code == 201
    bo_login(client)
    assert client.get(f"/bo/blobs/{sha}").status_code == 404  # no photo record refers to it
    assert client.get("/bo/blobs/../../secret_key").status_code == 404
    assert client.get("/bo/blobs/" + "Z" * 64).status_code == 404
