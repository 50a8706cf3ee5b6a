"""A push killed mid-transaction (server process killed) leaves all of its batch or none of it."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from server.extensions import db
from server.models import ChangeLog, Device, MutationLog, Visite
from tests.server.conftest import LOGEMENT_R1, PASSWORD
from tests.server.sync_helpers import hlc

APP_NAME = "palier-crash-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")


def start_server(data_dir: Path, database_url: str, port: int) -> subprocess.Popen:
    if database_url.startswith("postgresql"):
        database_url += ("&" if "?" in database_url else "?") + f"application_name={APP_NAME}"
    env = dict(os.environ, PALIER_DATA_DIR=str(data_dir), PALIER_DATABASE_URL=database_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def healthy() -> bool:
        try:
            return call(f"http://127.0.0.1:{port}/api/v1/health")[0] == 200
        except OSError:
            return False

    wait_until(healthy)
    return process


def in_flight(app: Flask, database_url: str) -> bool:
    """Whether the server holds an open write transaction right now."""
    if database_url.startswith("postgresql"):
        with app.app_context(), db.engine.connect() as conn:
            query = text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = :name AND backend_xid IS NOT NULL"
            )
            return bool(conn.execute(query, {"name": APP_NAME}).scalar())
    path = database_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True  # the write lock is held: the push is mid-transaction
    finally:
        conn.close()


def counts(app: Flask) -> tuple[int, int, int, int]:
    with app.app_context():
        db.session.remove()
        return (
            db.session.scalar(select(func.count()).select_from(Visite)),
            db.session.scalar(select(func.count()).select_from(MutationLog)),
            db.session.scalar(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.entity == "visite")
            ),
            db.session.scalar(select(func.max(Device.last_seq))) or 0,
        )


@pytest.mark.parametrize("attempt", range(2))
def test_killed_push_is_all_or_nothing(
    app: Flask, agency: None, data_dir: Path, database_url: str, attempt: int
) -> None:
    port = free_port()
    server = start_server(data_dir, database_url, port)
    base = f"http://127.0.0.1:{port}/api/v1"
    status, login = call(f"{base}/auth/device", {"login": "gestionnaire", "password": PASSWORD})
    assert status == 201
    token, device_id = login["token"], login["device_id"]
    mutations = [
        {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "entity": "visite",
            "record": str(uuid.uuid4()),
            "op": "upsert",
            "base": None,
            "hlc": hlc(device_id, seq),
            "fields": {
                "logement_id": LOGEMENT_R1,
                "type": "technique",
                "observations": f"Constat {seq} " + "x" * 2500,
            },
        }
        for seq in range(1, 501)
    ]
    body = {"schema": 1, "mutations": mutations}
    outcome: list = []
    sender = threading.Thread(
        target=lambda: outcome.append(_safe_call(f"{base}/sync/push", body, token))
    )
    try:
        sender.start()
        wait_until(lambda: in_flight(app, database_url) or bool(outcome))
        server.send_signal(signal.SIGKILL)
        assert outcome == []  # killed while the push was being applied
        server.wait(timeout=30)
        sender.join(timeout=60)
        visites, ledger, changes, last_seq = counts(app)
        assert visites in (0, 500)
        assert (ledger, changes, last_seq) == (visites, visites, visites)
        # the device retries after the restart: the batch lands exactly once
        server = start_server(data_dir, database_url, port)
        status, result = call(f"{base}/sync/push", body, token)
        assert status == 200
        expected = "duplicate" if visites else "applied"
        assert {r["status"] for r in result["results"]} == {expected}
        assert counts(app) == (500, 500, 500, 500)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def _safe_call(url: str, body: dict, token: str) -> object:
    try:
        return call(url, body, token)
    except OSError as err:  # the server died under the request
        return err
