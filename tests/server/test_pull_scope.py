"""Pull and the record's current scope: moves, removals, signed cursors (issue 8)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.engine.server_edits import apply_server_edit
from server.extensions import db
from server.models import User
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R3
from tests.server.sync_helpers import FakeDevice, new_id, removal

INVALID_CURSOR = {
    "code": "invalid_cursor",
    "message": "Curseur de synchronisation invalide.",
    "fields": {},
}


def back_office_edit(app: Flask, record: str, fields: dict[str, Any], base: int) -> None:
    """An edit made in the back office (agency-wide), committed."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.login == "backoffice")).one()
        outcome = apply_server_edit("visite", record, fields, user, base)
        assert outcome.status == "applied", outcome
        db.session.commit()


def of(changes: list[dict], record: str) -> list[dict]:
    return [c for c in changes if c["record"] == record]


def test_a_visite_moved_out_of_scope_reaches_the_gardien_as_a_removal(
    app: Flask, client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    _, before = gardien.pull_all()
    record = new_id()
    gardien.push(gardien.mutation(record, {"logement_id": LOGEMENT_R1, "type": "courtoisie"}, at=1))
    _, after_create = gardien.pull_all(before)
    back_office_edit(app, record, {"logement_id": LOGEMENT_R3, "observations": "Secret"}, 1)
    for cursor in (before, after_create):
        response = client.get(
            "/api/v1/sync/pull", query_string={"cursor": cursor}, headers=gardien.headers
        )
        assert "Secret" not in response.get_data(as_text=True)
        changes = response.get_json()["changes"]
        assert len(changes) == 1
        assert changes[0] == removal("visite", record, 2, changes[0]["hlc"])
    snapshot, _ = gardien.pull_all()
    assert of(snapshot, record) == []


def test_the_new_scope_gets_the_moved_record_and_a_move_back_restores_it(
    app: Flask, client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    south = FakeDevice(client, login_device("gestionnaire2"))
    record = new_id()
    gardien.push(gardien.mutation(record, {"logement_id": LOGEMENT_R1, "type": "courtoisie"}, at=1))
    _, north_cursor = gardien.pull_all()
    _, south_cursor = south.pull_all()
    back_office_edit(app, record, {"logement_id": LOGEMENT_R3, "observations": "Déplacée"}, 1)
    south_changes, south_cursor = south.pull_all(south_cursor)
    assert [(c["version"], c["fields"]["observations"]) for c in south_changes] == [(2, "Déplacée")]
    _, north_cursor = gardien.pull_all(north_cursor)
    back_office_edit(app, record, {"logement_id": LOGEMENT_R1}, 2)
    back_in, _ = gardien.pull_all(north_cursor)
    assert [(c["version"], c["fields"]["observations"]) for c in back_in] == [(3, "Déplacée")]
    assert "removed" not in back_in[0]
    gone, _ = south.pull_all(south_cursor)
    assert gone == [removal("visite", record, 3, gone[0]["hlc"])]


def test_out_of_scope_records_are_never_sent_whatever_the_log_row_says(
    app: Flask, client: FlaskClient, login_device
) -> None:
    """A log row written in scope does not open a record that is out of scope now."""
    gardien = FakeDevice(client, login_device("gardien"))
    _, cursor = gardien.pull_all()
    record = new_id()
    gardien.push(gardien.mutation(record, {"logement_id": LOGEMENT_R1, "type": "courtoisie"}, at=1))
    back_office_edit(app, record, {"logement_id": LOGEMENT_R3}, 1)
    back_office_edit(app, record, {"observations": "Après le départ"}, 2)
    changes, _ = gardien.pull_all(cursor)
    assert changes == [removal("visite", record, 3, changes[0]["hlc"])]


def pull_status(client: FlaskClient, device: FakeDevice, cursor: str) -> tuple[int, Any]:
    response = client.get(
        "/api/v1/sync/pull", query_string={"cursor": cursor}, headers=device.headers
    )
    return response.status_code, response.get_json()


def test_cursors_are_signed_and_bound_to_their_device(client: FlaskClient, login_device) -> None:
    a = FakeDevice(client, login_device("gestionnaire", "A"))
    b = FakeDevice(client, login_device("gestionnaire", "B"))
    _, cursor = a.pull_all()
    assert len(cursor) < 1024
    assert pull_status(client, a, cursor)[0] == 200
    # another device of the same user and scope may not use it
    assert pull_status(client, b, cursor) == (400, {"error": INVALID_CURSOR})
    body, _, signature = cursor.partition(".")
    assert pull_status(client, a, body) == (400, {"error": INVALID_CURSOR})
    forged = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + signature
    assert pull_status(client, a, forged) == (400, {"error": INVALID_CURSOR})
    # the unsigned cursor of the previous version (log position 0)
    legacy = (
        "eyJ2IjoxLCJtIjoibG9nIiwieCI6MCwicyI6MCwic2MiOiI4NDM0YzM3NjAxOGU0OTJmIiwiZSI6MCwiciI6"
        "IiIsImh4IjowLCJocyI6MH0"
    )
    assert pull_status(client, a, legacy) == (400, {"error": INVALID_CURSOR})
