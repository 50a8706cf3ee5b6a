"""One JSON error shape everywhere; security headers on every response; OpenAPI."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

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
