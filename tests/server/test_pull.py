"""Pull: snapshot of the scope, incremental changes, reset on scope change or purge."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from server.extensions import db
from server.models import ChangeLog, Residence, User
from server.models.base import utcnow
from server.referentiel_io import stable_id
from server.retention import purge_change_log
from tests.server.conftest import LOGEMENT_R1, R1, R2, R3
from tests.server.sync_helpers import FakeDevice, new_id


def by_entity(changes: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["entity"]] = counts.get(change["entity"], 0) + 1
    return counts


def test_snapshot_holds_only_the_scope(client, login_device) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    changes, _cursor = device.pull_all()
    assert by_entity(changes) == {
        "residence": 2,
        "batiment": 2,
        "logement": 3,
        "locataire": 1,
        "bail": 1,
        "grille_vetuste": 1,
    }
    residences = {c["fields"]["residence_id"] for c in changes if c["entity"] != "grille_vetuste"}
    assert residences == {R1, R2}
    logement = next(c for c in changes if c["record"] == LOGEMENT_R1)
    assert logement["version"] == 1 and logement["deleted"] is False
    assert logement["fields"] == {
        "code": "R1-A-101",
        "batiment_id": stable_id("batiment", "R1-A"),
        "numero": "101",
        "etage": 1,
        "typologie": "T3",
        "surface": 64.5,
        "nature": "logement",
        "renouvellements": {},
        "residence_id": R1,
    }


def test_snapshot_pages_add_up(client, login_device) -> None:
    device = FakeDevice(client, login_device("admin"))
    whole, _ = device.pull_all(limit=5000)
    paged, _ = device.pull_all(limit=2)
    assert sorted(c["record"] for c in paged) == sorted(c["record"] for c in whole)
    assert len(whole) == 3 + 3 + 4 + 2 + 2 + 1


def test_incremental_pull_gets_each_record_once_at_latest(client, login_device) -> None:
    writer = FakeDevice(client, login_device("gestionnaire", "A"))
    reader = FakeDevice(client, login_device("gestionnaire", "B"))
    _, cursor = reader.pull_all()
    record = new_id()
    writer.push(writer.mutation(record, {"logement_id": LOGEMENT_R1, "type": "conseil"}))
    writer.push(writer.mutation(record, {"observations": "v2"}, base=1))
    writer.push(writer.mutation(record, {"observations": "v3"}, base=2))
    changes, cursor = reader.pull_all(cursor)
    assert [(c["entity"], c["record"], c["version"]) for c in changes] == [("visite", record, 3)]
    assert changes[0]["fields"]["observations"] == "v3"
    assert changes[0]["fields"]["review_state"] == "recu"
    assert changes[0]["hlc"].endswith(writer.id)
    again, _ = reader.pull_all(cursor)
    assert again == []


def test_out_of_scope_changes_are_not_pulled(client, login_device) -> None:
    south = FakeDevice(client, login_device("gestionnaire2"))
    north = FakeDevice(client, login_device("gestionnaire"))
    _, cursor = south.pull_all()
    north.push(north.mutation(new_id(), {"logement_id": LOGEMENT_R1, "type": "conseil"}))
    changes, _ = south.pull_all(cursor)
    assert changes == []


def test_deletion_is_pulled_as_tombstone(client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    device.push(device.mutation(record, {"logement_id": LOGEMENT_R1, "type": "conseil"}))
    _, cursor = device.pull_all()
    device.push(device.mutation(record, op="delete", base=1))
    changes, _ = device.pull_all(cursor)
    assert [(c["record"], c["deleted"], c["version"]) for c in changes] == [(record, True, 2)]


def test_scope_change_resets(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device("gardien"))
    _, cursor = device.pull_all()
    with app.app_context():
        gardien = db.session.scalars(select(User).where(User.login == "gardien")).one()
        gardien.residences = [db.session.get(Residence, R3)]
        db.session.commit()
    response = client.get(
        "/api/v1/sync/pull", query_string={"cursor": cursor}, headers=device.headers
    ).get_json()
    assert response["reset"] is True
    residences = {c["fields"].get("residence_id") for c in response["changes"]}
    assert residences <= {R3, None}
    assert R3 in residences


def test_cursor_older_than_purge_resets(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    _, cursor = device.pull_all()
    device.push(device.mutation(new_id(), {"logement_id": LOGEMENT_R1, "type": "conseil"}))
    with app.app_context():
        db.session.execute(update(ChangeLog).values(changed_at=utcnow() - timedelta(days=200)))
        removed = purge_change_log(90)
        db.session.commit()
        assert removed["change_log"] == 16
    body = client.get(
        "/api/v1/sync/pull", query_string={"cursor": cursor}, headers=device.headers
    ).get_json()
    assert body["reset"] is True
    _, fresh = device.pull_all()
    later = client.get(
        "/api/v1/sync/pull", query_string={"cursor": fresh}, headers=device.headers
    ).get_json()
    assert later["reset"] is False
    assert R2  # two résidences in scope
