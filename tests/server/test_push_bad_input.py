"""Bad pushes: a clear error with a stable code, and nothing stored half-way."""

from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import MutationLog, Visite
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id


def nothing_stored(app: Flask) -> bool:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(MutationLog)) == 0
            and db.session.scalar(select(func.count()).select_from(Visite)) == 0
        )


def post(client, headers, data: bytes | str, content_type: str = "application/json"):
    return client.post("/api/v1/sync/push", data=data, headers=headers, content_type=content_type)


def test_malformed_json(app: Flask, client, login_device) -> None:
    login = login_device()
    response = post(client, login["headers"], '{"schema": 1, "mutations": [')
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert nothing_stored(app)


def test_wrong_types_are_reported_per_field(app: Flask, client, login_device) -> None:
    login = login_device()
    body = {
        "schema": 1,
        "mutations": [
            {
                "seq": "1",
                "id": "x",
                "entity": "visite",
                "record": new_id(),
                "op": "upsert",
                "base": None,
                "hlc": "bad",
                "fields": [],
            }
        ],
    }
    response = post(client, login["headers"], json.dumps(body))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_mutation"
    assert {"mutations.0.seq", "mutations.0.id", "mutations.0.hlc", "mutations.0.fields"} <= set(
        error["fields"]
    )
    assert nothing_stored(app)


def test_501_mutations_is_413(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    mutations = [
        device.mutation(new_id(), {"logement_id": LOGEMENT_R1, "type": "technique"})
        for _ in range(501)
    ]
    response = device.push(*mutations)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_many_mutations"
    assert nothing_stored(app)


def test_3_mib_body_is_413(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    big = "x" * (3 * 1024 * 1024)
    response = device.push(device.mutation(new_id(), {"observations": big}))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert nothing_stored(app)


def test_old_schema_is_426(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    response = device.push(device.mutation(new_id(), {}), schema=0)
    assert response.status_code == 426
    assert response.get_json()["error"]["code"] == "upgrade_required"
    assert nothing_stored(app)


def test_body_not_an_object(app: Flask, client, login_device) -> None:
    login = login_device()
    response = post(client, login["headers"], "[1, 2]")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_body"


def test_pull_with_garbage_cursor_and_limit(client, login_device) -> None:
    login = login_device()
    response = client.get("/api/v1/sync/pull?cursor=zzz", headers=login["headers"])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_cursor"
    response = client.get("/api/v1/sync/pull?limit=0", headers=login["headers"])
    assert response.get_json()["error"]["code"] == "invalid_limit"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_field_is_a_rejection_not_a_500(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    mutation = device.mutation(record, {"logement_id": LOGEMENT_R1, "type": "technique"})
    mutation["fields"]["observations"] = "@"
    body = json.dumps({"schema": 1, "mutations": [mutation]}).replace('"@"', nested(1000))
    response = post(client, device.headers, body)
    assert response.status_code == 200
    result = response.get_json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "validation_error")
    assert result["errors"] == {"observations": ["Texte attendu."]}
    with app.app_context():
        logged = db.session.scalars(select(MutationLog.fields)).one()
        assert logged["observations"] == "[[[… 1 élément(s)]]]"
        assert logged["logement_id"] == LOGEMENT_R1
    # acknowledged: the device moves on
    assert device.push(device.mutation(new_id(), {})).get_json()["last_seq"] == 2


def test_json_too_deep_to_parse_is_400(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    mutation = device.mutation(new_id(), {"observations": "@"})
    body = json.dumps({"schema": 1, "mutations": [mutation]}).replace('"@"', nested(10_000))
    response = post(client, device.headers, body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert nothing_stored(app)


def test_rejected_mutation_keeps_a_bounded_excerpt(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    fields = {f"inconnu_{i}": "é" * 3000 for i in range(40)}
    fields["observations"] = "o" * 30_000
    result = device.push(device.mutation(new_id(), fields)).get_json()["results"][0]
    assert result["status"] == "rejected"
    with app.app_context():
        logged = db.session.scalars(select(MutationLog.fields)).one()
    assert len(json.dumps(logged, ensure_ascii=False).encode()) <= 16 * 1024
    assert all(len(v) <= 2000 for v in logged.values() if isinstance(v, str))
    assert logged["inconnu_0"] == "é" * 1999 + "…"
    assert logged["_omis"] == 41 - (len(logged) - 1)
