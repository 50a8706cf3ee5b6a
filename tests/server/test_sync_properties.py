"""Properties of the whole engine, through the real API and database (Hypothesis)."""

from __future__ import annotations

import itertools
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from server.engine.server_edits import apply_server_edit
from server.extensions import db
from server.models import ChangeLog, Conflict, Device, MutationLog, User, Visite
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice

RECORDS = ["0195a000-0000-7000-8000-000000000001", "0195a000-0000-7000-8000-000000000002"]
FIELDS = ["observations", "suites", "participants"]
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

edit = st.tuples(st.sampled_from(RECORDS), st.sampled_from(FIELDS), st.sampled_from("abc"))
batches = st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=3)


def reset_field_data(app: Flask) -> None:
    with app.app_context():
        for model in (Visite, MutationLog, Conflict, ChangeLog):
            db.session.execute(delete(model))
        db.session.execute(update(Device).values(last_seq=0))
        db.session.commit()


def seed(app: Flask, device: FakeDevice) -> None:
    """Both records exist at version 1 before the actors start (everyone has pulled them)."""
    device.seq = 0
    for record in RECORDS:
        device.push(device.mutation(record, {"logement_id": LOGEMENT_R1, "type": "technique"}))


def state(app: Flask) -> dict[str, Any]:
    with app.app_context():
        visites = {
            v.id: {f: getattr(v, f) for f in FIELDS} | {"deleted": v.deleted}
            for v in db.session.scalars(select(Visite))
        }
        conflicts = {
            (c.record_id, c.field, str(c.kept_value), str(c.other_value))
            for c in db.session.scalars(select(Conflict))
        }
        ledger = db.session.scalar(select(db.func.count()).select_from(MutationLog))
        changes = db.session.scalar(select(db.func.count()).select_from(ChangeLog))
        return {"visites": visites, "conflicts": conflicts, "ledger": ledger, "changes": changes}


@SETTINGS
@given(plan=batches, data=st.data())
def test_replaying_any_prefix_changes_nothing(app: Flask, client, login_device, plan, data) -> None:
    login = login_device()
    reset_field_data(app)
    device = FakeDevice(client, login)
    seed(app, device)
    sent = []
    for batch in plan:
        mutations = [device.mutation(r, {f: f"{v}-{device.seq}"}, base=1) for r, f, v in batch]
        assert device.push(*mutations).status_code == 200
        sent.append(mutations)
    before = state(app)
    prefix = data.draw(st.integers(min_value=1, max_value=len(sent)))
    for mutations in sent[:prefix]:
        body = device.push(*mutations).get_json()
        assert {r["status"] for r in body["results"]} == {"duplicate"}
    assert state(app) == before


def _run(app: Flask, devices: list[FakeDevice], plans: list[list[list]], order: list[int]) -> Any:
    """Apply each actor's batches (actor 3 is the back office) in the given interleaving."""
    reset_field_data(app)
    for device in devices:
        device.seq, device.tick = 0, 0
    seed(app, devices[0])
    cursors = [0, 0, 0, 0]
    written: dict[tuple[int, str, str], str] = {}
    for actor in order:
        batch = plans[actor][cursors[actor]]
        cursors[actor] += 1
        if actor == 3:
            with app.app_context():
                user = db.session.scalars(select(User).where(User.login == "backoffice")).one()
                for record, field, value in batch:
                    text = f"bo-{value}"
                    apply_server_edit("visite", record, {field: text}, user, base=1)
                    written[(actor, record, field)] = text
                db.session.commit()
            continue
        device = devices[actor]
        mutations = []
        for record, field, value in batch:
            text = f"d{actor}-{value}"
            # each device's clock runs at its own pace; the later clock wins a conflict
            mutations.append(
                device.mutation(
                    record, {field: text}, base=1, at=1000 * actor + 10 * device.tick + 10
                )
            )
            written[(actor, record, field)] = text
        assert device.push(*mutations).status_code == 200
    return state(app), written


@SETTINGS
@given(plans=st.lists(batches, min_size=4, max_size=4), data=st.data())
def test_no_value_lost_and_order_independent(app: Flask, client, login_device, plans, data) -> None:
    logins = [login_device("gestionnaire", f"T{i}") for i in range(3)]
    devices = [FakeDevice(client, login) for login in logins]
    slots = list(itertools.chain.from_iterable([actor] * len(plans[actor]) for actor in range(4)))
    first = data.draw(st.permutations(slots))
    second = data.draw(st.permutations(slots))
    result_one, written = _run(app, devices, plans, first)
    result_two, _ = _run(app, devices, plans, second)
    # the back office's server clock is always later than the devices' test clocks, so
    # compare the two orders on current values only
    assert result_one["visites"] == result_two["visites"]
    for (_actor, record, field), value in written.items():
        current = result_one["visites"][record][field]
        held = {c[2] for c in result_one["conflicts"] if c[:2] == (record, field)} | {
            c[3] for c in result_one["conflicts"] if c[:2] == (record, field)
        }
        assert value == current or value in held, (value, current, held)
