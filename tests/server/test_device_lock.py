"""The idle time after which the field app locks its data: in the login and in the rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.api.openapi import build_spec
from server.config import load_config


def test_the_lock_time_is_five_minutes_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PALIER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PALIER_DEVICE_LOCK_SECONDS", raising=False)
    assert load_config()["PALIER_DEVICE_LOCK_SECONDS"] == 300


def test_the_login_and_the_rules_carry_the_lock_time(
    app: Flask, client: FlaskClient, login_device: Callable[..., dict]
) -> None:
    app.config["PALIER_DEVICE_LOCK_SECONDS"] = 90
    login = login_device()
    assert login["lock_seconds"] == 90
    assert login["rules"]["lock_seconds"] == 90
    rules = client.get("/api/v1/rules", headers=login["headers"])
    assert rules.get_json()["lock_seconds"] == 90


def test_a_new_lock_time_changes_the_rules_etag(
    app: Flask, client: FlaskClient, login_device: Callable[..., dict]
) -> None:
    headers = login_device()["headers"]
    app.config["PALIER_DEVICE_LOCK_SECONDS"] = 300
    etag = client.get("/api/v1/rules", headers=headers).headers["ETag"]
    app.config["PALIER_DEVICE_LOCK_SECONDS"] = 3
    answer = client.get("/api/v1/rules", headers=headers | {"If-None-Match": etag})
    assert answer.status_code == 200
    assert answer.get_json()["lock_seconds"] == 3


def test_the_openapi_documents_the_lock_time() -> None:
    spec = build_spec().to_dict()
    login = spec["components"]["schemas"]["DeviceLoginResponse"]
    assert login["properties"]["lock_seconds"]["type"] == "integer"
    assert "lock_seconds" in login["required"]
    assert spec["components"]["schemas"]["Rules"]["properties"]["lock_seconds"]["type"] == "integer"
