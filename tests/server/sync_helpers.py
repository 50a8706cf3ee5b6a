"""Helpers to build protocol messages in server tests."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient

T0 = 1_764_150_000_000  # 2025-11-26T09:40:00Z, in ms


def hlc(device_id: str, ms_offset: int = 0, counter: int = 0) -> str:
    """A clock reading for a device."""
    return f"{T0 + ms_offset:015d}-{counter:05d}-{device_id}"


class FakeDevice:
    """A scripted device: keeps its seq counter and builds mutations like the field app."""

    def __init__(self, client: FlaskClient, login: dict[str, Any]) -> None:
        self.client = client
        self.id = login["device_id"]
        self.headers = login["headers"]
        self.seq = 0
        self.tick = 0

    def mutation(
        self,
        record: str,
        fields: dict[str, Any] | None = None,
        base: int | None = None,
        entity: str = "visite",
        op: str = "upsert",
        at: int | None = None,
    ) -> dict[str, Any]:
        """The next mutation of this device."""
        self.seq += 1
        self.tick += 1
        return {
            "seq": self.seq,
            "id": str(uuid.uuid4()),
            "entity": entity,
            "record": record,
            "op": op,
            "base": base,
            "hlc": hlc(self.id, at if at is not None else self.tick),
            "fields": fields or {},
        }

    def push(self, *mutations: dict[str, Any], schema: int = 1) -> Any:
        """POST a push and return the response."""
        return self.client.post(
            "/api/v1/sync/push",
            json={"schema": schema, "mutations": list(mutations)},
            headers=self.headers,
        )

    def pull_all(self, cursor: str | None = None, limit: int = 1000) -> tuple[list[dict], str]:
        """Pull until `more` is false; returns every change and the final cursor."""
        changes: list[dict] = []
        while True:
            query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            response = self.client.get(
                "/api/v1/sync/pull", query_string=query, headers=self.headers
            )
            assert response.status_code == 200, response.get_json()
            body = response.get_json()
            changes += body["changes"]
            cursor = body["cursor"]
            if not body["more"]:
                return changes, cursor


def new_id() -> str:
    """A fresh record id."""
    return str(uuid.uuid4())


def removal(entity: str, record: str, version: int, hlc: str) -> dict[str, Any]:
    """The pull change of a record that left the device's scope (DESIGN.md contract D)."""
    return {
        "entity": entity,
        "record": record,
        "version": version,
        "deleted": True,
        "hlc": hlc,
        "fields": {},
        "removed": True,
    }
