"""Concurrency: out-of-order commits never make a pull skip; parallel pushes lose nothing."""

from __future__ import annotations

import threading
import uuid

import pytest
from flask import Flask
from sqlalchemy import func, insert, select

from server.extensions import db
from server.models import ChangeLog, Device, MutationLog, Visite
from tests.conftest import PG_URL
from tests.server.conftest import LOGEMENT_R1, R1
from tests.server.sync_helpers import FakeDevice, hlc, new_id

needs_postgres = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL only: run with PALIER_TEST_DATABASE_URL (make test does)"
)


def _write_visite(conn, record: str) -> None:
    conn.execute(
        insert(Visite).values(
            id=record,
            version=1,
            deleted=False,
            residence_id=R1,
            logement_id=LOGEMENT_R1,
            type="technique",
            updated_hlc=hlc("server"),
            field_clocks={},
        )
    )
    conn.execute(
        insert(ChangeLog).values(entity="visite", record_id=record, version=1, residence_id=R1)
    )


@needs_postgres
def test_out_of_order_commits_never_skip(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    _, cursor = device.pull_all()
    first, second = new_id(), new_id()
    with app.app_context():
        slow = db.engine.connect()
        fast = db.engine.connect()
        slow_tx = slow.begin()
        _write_visite(slow, first)  # takes the lower change-log id and an older xid
        with fast.begin():
            _write_visite(fast, second)  # commits first
        seen: list[str] = []
        changes, cursor = device.pull_all(cursor)
        seen += [c["record"] for c in changes]
        assert first not in seen  # not committed yet
        slow_tx.commit()
        changes, cursor = device.pull_all(cursor)
        seen += [c["record"] for c in changes]
        slow.close()
        fast.close()
    assert sorted(seen) == sorted([first, second])


def test_eight_devices_pushing_at_once_lose_and_duplicate_nothing(
    app: Flask, client, login_device
) -> None:
    logins = [login_device("gestionnaire", f"T{i}") for i in range(8)]
    batches, size = 5, 40
    errors: list[BaseException] = []

    def work(login: dict) -> None:
        try:
            device = FakeDevice(app.test_client(), login)
            sent = []
            for _ in range(batches):
                mutations = [
                    device.mutation(
                        str(uuid.uuid4()), {"logement_id": LOGEMENT_R1, "type": "technique"}
                    )
                    for _ in range(size)
                ]
                response = device.push(*mutations)
                assert response.status_code == 200, response.get_json()
                sent.append(mutations)
            # a retried batch (lost response) is acknowledged as duplicate
            body = device.push(*sent[-1]).get_json()
            assert {r["status"] for r in body["results"]} == {"duplicate"}
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(login,)) for login in logins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        total = 8 * batches * size
        assert db.session.scalar(select(func.count()).select_from(Visite)) == total
        assert db.session.scalar(select(func.count()).select_from(MutationLog)) == total
        assert (
            db.session.scalar(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.entity == "visite")
            )
            == total
        )
        assert set(db.session.scalars(select(Device.last_seq))) == {batches * size}
