"""One JSON error shape everywhere; security headers on every response; OpenAPI."""

from __future__ import annotations

import gzip
import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from flask import Flask
from flask.testing import FlaskClient
from waitress import wasyncore

from server.config import MAX_REQUEST_BYTES
from server.http_server import make_server
from tests.conftest import make_app


def test_unknown_api_path_is_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": "Ressource introuvable.", "fields": {}}
    }


def test_wrong_method_is_json_405(client: FlaskClient) -> None:
    response = client.post("/api/v1/health")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_unexpected_exception_is_json_500(data_dir: Path, database_url: str) -> None:
    fresh = make_app(data_dir, database_url)

    @fresh.get("/api/v1/_boom")
    def _boom() -> str:
        raise RuntimeError("boom")

    response = fresh.test_client().get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.get_json()["error"] == {
        "code": "internal_error",
        "message": "Erreur interne du serveur. L'incident a été enregistré.",
        "fields": {},
    }


def test_security_headers_everywhere(client: FlaskClient) -> None:
    for path in ("/", "/api/v1/health", "/bo/login", "/api/v1/nope"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_request_size_limit(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/auth/device", data=b"x" * (26 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_openapi_is_generated_from_schemas(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3"
    assert {"/api/v1/auth/device", "/api/v1/sync/push", "/api/v1/sync/pull"} <= set(spec["paths"])
    login = spec["components"]["schemas"]["DeviceLogin"]
    assert set(login["required"]) == {"login", "password"}
    assert spec["components"]["schemas"]["MutationResult"]["properties"]["status"]["enum"] == [
        "applied",
        "merged",
        "conflict",
        "duplicate",
        "rejected",
    ]


TOO_LARGE = {
    "code": "payload_too_large",
    "message": "La requête est trop volumineuse (25 Mio au plus).",
    "fields": {},
}


@pytest.fixture
def waitress_port(app: Flask) -> Iterator[int]:
    """The app behind a real waitress server (as `palier serve` runs it) on a free port."""
    server = make_server(app, "127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    # closed from the server's own loop, so its select() never sees a closed socket
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(10)
    server.task_dispatcher.shutdown()


def send(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple:
    """One request with a body; the status, headers and body of the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_body_over_the_limit_gets_json_413_from_waitress(waitress_port: int) -> None:
    body = b"x" * (MAX_REQUEST_BYTES + 1024)
    status, headers, raw = send(
        waitress_port, "POST", "/api/v1/auth/device", body, {"Content-Type": "application/json"}
    )
    assert status == 413
    assert headers["Content-Type"] == "application/json"
    assert orjson.loads(raw) == {"error": TOO_LARGE}


def test_expect_continue_over_the_limit_is_refused_before_the_body(waitress_port: int) -> None:
    with socket.create_connection(("127.0.0.1", waitress_port), timeout=30) as sock:
        sock.sendall(
            b"PUT /api/v1/blobs/" + b"a" * 64 + b" HTTP/1.1\r\nHost: x\r\n"
            b"Content-Length: 104857600\r\nExpect: 100-continue\r\n\r\n"
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, raw = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"100 Continue" not in head
    assert orjson.loads(raw) == {"error": TOO_LARGE}


def test_25_mib_photo_gets_the_json_413_of_the_api(waitress_port: int, login_device) -> None:
    login = login_device()
    body = b"x" * MAX_REQUEST_BYTES  # 25 MiB: inside the request limit, over the photo limit
    status, _, raw = send(waitress_port, "PUT", "/api/v1/blobs/" + "a" * 64, body, login["headers"])
    assert status == 413
    assert orjson.loads(raw)["error"] == {
        "code": "payload_too_large",
        "message": "Photo trop volumineuse (20 Mio au plus).",
        "fields": {},
    }


def test_flask_413_has_the_same_french_message(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/auth/device", data=b"x" * (MAX_REQUEST_BYTES + 1), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.get_json() == {"error": TOO_LARGE}


BUNDLE = ("console.log('Palier, application de terrain');\n" * 400).encode()


@pytest.fixture
def built_app(data_dir: Path, database_url: str, tmp_path: Path) -> Flask:
    """An app serving a tiny built field app."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Palier</title>")
    (dist / "assets" / "index-abc123.js").write_bytes(BUNDLE)
    (dist / "assets" / "logo.png").write_bytes(b"\x89PNG" + bytes(4000))
    (dist / "sw.js").write_bytes(BUNDLE)
    app = make_app(data_dir, database_url)
    app.config["PALIER_PWA_DIST"] = str(dist)
    return app


def test_bundle_is_served_gzip_when_accepted(built_app: Flask) -> None:
    client = built_app.test_client()
    response = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    packed = response.get_data()
    assert int(response.headers["Content-Length"]) == len(packed) < len(BUNDLE) // 10
    assert gzip.decompress(packed) == BUNDLE
    again = client.get(
        "/assets/index-abc123.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_bundle_is_plain_without_gzip_or_for_a_range(built_app: Flask) -> None:
    client = built_app.test_client()
    for headers in ({}, {"Accept-Encoding": "gzip;q=0, br"}, {"Accept-Encoding": "identity"}):
        response = client.get("/assets/index-abc123.js", headers=headers)
        assert "Content-Encoding" not in response.headers
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.get_data() == BUNDLE
    ranged = client.get("/sw.js", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-6"})
    assert ranged.status_code == 206
    assert "Content-Encoding" not in ranged.headers
    assert ranged.get_data() == b"console"
    image = client.get("/assets/logo.png", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in image.headers


def test_service_worker_and_shell_keep_their_headers(built_app: Flask) -> None:
    client = built_app.test_client()
    worker = client.get("/sw.js", headers={"Accept-Encoding": "gzip"})
    assert worker.headers["Content-Encoding"] == "gzip"
    assert worker.headers["Service-Worker-Allowed"] == "/"
    assert worker.headers["Cache-Control"] == "no-cache"
    shell = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert shell.headers["Cache-Control"] == "no-cache"
    assert b"<title>Palier</title>" in shell.get_data()  # too small to be worth compressing
    assert client.get("/../conftest.py", headers={"Accept-Encoding": "gzip"}).status_code == 404


def test_openapi_states_the_rules_of_each_mutation(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    mutation = schemas["Mutation"]
    assert mutation["discriminator"]["mapping"] == {
        "visite": "#/components/schemas/VisiteMutation",
        "etat_des_lieux": "#/components/schemas/EtatDesLieuxMutation",
        "edl_element": "#/components/schemas/EdlElementMutation",
        "edl_addendum": "#/components/schemas/EdlAddendumMutation",
        "dossier_trouble": "#/components/schemas/DossierTroubleMutation",
        "fait": "#/components/schemas/FaitMutation",
        "entretien": "#/components/schemas/EntretienMutation",
        "demarche": "#/components/schemas/DemarcheMutation",
        "attestation_temoin": "#/components/schemas/AttestationTemoinMutation",
        "reclamation": "#/components/schemas/ReclamationMutation",
        "reclamation_evenement": "#/components/schemas/ReclamationEvenementMutation",
        "permanence": "#/components/schemas/PermanenceMutation",
        "contact_permanence": "#/components/schemas/ContactPermanenceMutation",
        "signature": "#/components/schemas/SignatureMutation",
        "photo": "#/components/schemas/PhotoMutation",
    }
    assert [r["$ref"] for r in schemas["VisiteMutation"]["oneOf"]] == [
        "#/components/schemas/VisiteCreate",
        "#/components/schemas/VisiteUpdate",
        "#/components/schemas/VisiteDelete",
    ]
    fields = schemas["VisiteCreate"]["properties"]["fields"]
    assert fields["required"] == ["logement_id", "type"]
    assert fields["additionalProperties"] is False
    props = fields["properties"]
    assert props["observations"]["maxLength"] == 20000
    assert props["decision"]["enum"] == ["accepte", "refuse", None]
    assert props["decision"]["nullable"] is True
    assert (props["cout_estime"]["minimum"], props["cout_estime"]["maximum"]) == (0, 10_000_000)
    assert props["realisee_le"]["x-maxDaysAhead"] == 1
    assert props["prevue_le"]["x-minDate"] == "2000-01-01"
    assert props["photo_ids"]["maxItems"] == 200
    assert props["photo_ids"]["items"]["pattern"].startswith("^[0-9a-fA-F]{8}-")
    assert props["cout_estime"]["x-messages"]["type"] == "Nombre attendu."
    assert schemas["PushRequest"]["properties"]["mutations"]["maxItems"] == 500
