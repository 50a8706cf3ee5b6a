"""What each role reads (server/engine/visibility.py), and the conflicts pulled records carry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from server.engine.server_edits import resolve_conflict
from server.extensions import db
from server.models import Conflict, User
from server.referentiel import apply_import, plan_import
from server.referentiel_io import ParsedReferentiel, parse_csv_text, stable_id
from tests.server.conftest import LOGEMENT_R1, SMALL_AGENCY
from tests.server.sync_helpers import FakeDevice, hlc, new_id

CANDIDAT_FIELDS = {"candidat_nom", "motif_refus", "decision"}
RENT_FIELDS = {"loyer", "depot_garantie"}
BAIL_B1 = stable_id("bail", "B1")


def create_visite(device: FakeDevice, visite_type: str, **fields: Any) -> tuple[str, str]:
    """A visite in R1 and one photo of it (its blob not uploaded yet); returns both ids."""
    visite, photo = new_id(), new_id()
    body = device.push(
        device.mutation(visite, {"logement_id": LOGEMENT_R1, "type": visite_type} | fields),
        device.mutation(
            photo,
            {"sha256": "c" * 64, "owner_entity": "visite", "owner_record": visite},
            entity="photo",
        ),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied"], body
    return visite, photo


def by_record(changes: list[dict]) -> dict[str, dict]:
    return {c["record"]: c for c in changes}


def is_removal(change: dict) -> bool:
    return change["deleted"] is True and change["fields"] == {} and change["removed"] is True


CANDIDAT = {"candidat_nom": "Mme Candidate", "decision": "refuse", "motif_refus": "Dossier"}


def test_a_gardien_snapshot_holds_no_candidat_visite_nor_rents(
    client: FlaskClient, login_device
) -> None:
    gestionnaire = FakeDevice(client, login_device("gestionnaire"))
    candidat, candidat_photo = create_visite(gestionnaire, "candidat", **CANDIDAT)
    courtoisie, courtoisie_photo = create_visite(gestionnaire, "courtoisie", observations="RAS")
    gardien = FakeDevice(client, login_device("gardien"))
    changes, _ = gardien.pull_all()
    records = by_record(changes)
    assert candidat not in records and candidat_photo not in records
    visite = records[courtoisie]["fields"]
    assert not CANDIDAT_FIELDS & set(visite) and visite["observations"] == "RAS"
    assert visite["_conflicts"] == []
    assert records[courtoisie_photo]["fields"]["_conflicts"] == []
    assert set(records[BAIL_B1]["fields"]) == {
        "logement_id",
        "type",
        "debut",
        "fin",
        "locataire_ids",
        "residence_id",
    }
    # a gestionnaire of the same résidence reads all of it
    full = by_record(gestionnaire.pull_all()[0])
    assert full[candidat]["fields"]["candidat_nom"] == "Mme Candidate"
    assert candidat_photo in full
    assert full[BAIL_B1]["fields"]["loyer"] == 412.5
    assert full[BAIL_B1]["fields"]["depot_garantie"] == 412.5


def test_a_gardien_log_pull_sends_hidden_records_as_removals(
    client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    _, cursor = gardien.pull_all()
    gestionnaire = FakeDevice(client, login_device("gestionnaire"))
    candidat, candidat_photo = create_visite(gestionnaire, "candidat", **CANDIDAT)
    courtoisie, courtoisie_photo = create_visite(gestionnaire, "courtoisie")
    response = client.get(
        "/api/v1/sync/pull", query_string={"cursor": cursor}, headers=gardien.headers
    )
    assert "Mme Candidate" not in response.get_data(as_text=True)
    records = by_record(response.get_json()["changes"])
    assert is_removal(records[candidat]) and is_removal(records[candidat_photo])
    assert not CANDIDAT_FIELDS & set(records[courtoisie]["fields"])
    assert records[courtoisie]["fields"]["type"] == "courtoisie"
    assert records[courtoisie_photo]["fields"]["owner_record"] == courtoisie
    cursor = response.get_json()["cursor"]
    # the courtoisie visite the gardien holds becomes a candidat one: it leaves the gardien,
    # and its photo with it
    gestionnaire.push(
        gestionnaire.mutation(courtoisie, {"type": "candidat", "candidat_nom": "M. X"}, base=1)
    )
    changes, _ = gardien.pull_all(cursor)
    assert [(c["record"], c["version"], is_removal(c)) for c in changes] == [
        (courtoisie, 2, True),
        (courtoisie_photo, 1, True),
    ]


def test_a_rent_change_reaches_the_gardien_without_the_rent(
    app: Flask, client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    gestionnaire = FakeDevice(client, login_device("gestionnaire"))
    _, gardien_cursor = gardien.pull_all()
    _, gestionnaire_cursor = gestionnaire.pull_all()
    with app.app_context():
        parsed = ParsedReferentiel()
        for name, text in SMALL_AGENCY.items():
            parse_csv_text(name, text.replace("412,50;412,50", "430,00;412,50"), parsed)
        apply_import(plan_import(parsed))
        db.session.commit()
    changes, _ = gardien.pull_all(gardien_cursor)
    assert [(c["record"], c["version"]) for c in changes] == [(BAIL_B1, 2)]
    assert not RENT_FIELDS & set(changes[0]["fields"])
    changes, _ = gestionnaire.pull_all(gestionnaire_cursor)
    assert changes[0]["fields"]["loyer"] == 430.0


def two_device_conflict(client: FlaskClient, login_device) -> tuple[FakeDevice, FakeDevice, str]:
    a = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    b = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    visite = new_id()
    a.push(a.mutation(visite, {"logement_id": LOGEMENT_R1, "type": "courtoisie"}, at=1))
    a.push(a.mutation(visite, {"observations": "A", "candidat_nom": "A"}, base=1, at=10))
    response = b.push(b.mutation(visite, {"observations": "B", "candidat_nom": "B"}, base=1, at=20))
    assert response.get_json()["results"][0]["status"] == "conflict"
    return a, b, visite


def test_pulled_records_carry_their_open_conflicts_until_resolved(
    app: Flask, client: FlaskClient, login_device
) -> None:
    reader = FakeDevice(client, login_device("gestionnaire", "Lecteur"))
    gardien = FakeDevice(client, login_device("gardien"))
    _, cursor = reader.pull_all()
    _, gardien_cursor = gardien.pull_all()
    a, b, visite = two_device_conflict(client, login_device)
    with app.app_context():
        user_id = db.session.scalars(select(User.id).where(User.login == "gestionnaire")).one()
        ids = dict(db.session.execute(select(Conflict.field, Conflict.id)).all())
    expected = {
        "id": ids["observations"],
        "field": "observations",
        "kept_value": "B",
        "other_value": "A",
        "kept_author": f"user:{user_id}/device:{b.id}",
        "other_author": f"user:{user_id}/device:{a.id}",
        "kept_hlc": hlc(b.id, 20),
        "other_hlc": hlc(a.id, 10),
    }
    changes, cursor = reader.pull_all(cursor)
    conflicts = by_record(changes)[visite]["fields"]["_conflicts"]
    assert sorted(c["field"] for c in conflicts) == ["candidat_nom", "observations"]
    assert next(c for c in conflicts if c["field"] == "observations") == expected
    snapshot = by_record(reader.pull_all()[0])
    assert len(snapshot[visite]["fields"]["_conflicts"]) == 2
    # a gardien never reads the conflict of a field it may not read
    changes, gardien_cursor = gardien.pull_all(gardien_cursor)
    assert by_record(changes)[visite]["fields"]["_conflicts"] == [expected]
    with app.app_context():
        backoffice = db.session.scalars(select(User).where(User.login == "backoffice")).one()
        assert resolve_conflict(ids["observations"], "keep", backoffice).status == "applied"
        db.session.commit()
    changes, _ = reader.pull_all(cursor)
    assert [c["field"] for c in by_record(changes)[visite]["fields"]["_conflicts"]] == [
        "candidat_nom"
    ]
    changes, _ = gardien.pull_all(gardien_cursor)
    assert by_record(changes)[visite]["fields"]["_conflicts"] == []


@contextmanager
def counted_statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run meanwhile."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_pull_page_costs_the_same_queries_for_3_or_30_records(
    app: Flask, client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    _a, _b, _visite = two_device_conflict(client, login_device)  # a conflict is open
    counts = []
    for size in (3, 30):
        _, cursor = gardien.pull_all()
        gestionnaire = FakeDevice(client, login_device("gestionnaire", f"T{size}"))
        for _ in range(size):
            create_visite(gestionnaire, "courtoisie")
        create_visite(gestionnaire, "candidat")
        with counted_statements(app) as seen:
            changes, _ = gardien.pull_all(cursor)
        assert len(changes) == 2 * size + 2
        assert all("_conflicts" in c["fields"] for c in changes if "removed" not in c)
        counts.append(len([s for s in seen if s.lstrip().upper().startswith("SELECT")]))
    assert counts[0] == counts[1]
