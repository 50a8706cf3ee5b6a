"""Who reads the troubles family (DESIGN.md §9 "Visibility"), through the real pull.

A matrix role × record: the records a gestionnaire of R1 ("other": Claire's) and the gardien
of R1 ("own": its fait) wrote, and which of them each role's pull holds.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.models import User
from server.users import set_scope
from tests.server.conftest import password_hash
from tests.server.sync_helpers import FakeDevice
from tests.server.troubles_helpers import DOSSIER, FAIT, create, dossier_with_records

TROUBLES = {"dossier_trouble", "fait", "entretien", "demarche", "attestation_temoin"}
EVERYTHING = {
    "other:dossier_trouble",
    "other:fait",
    "other:entretien",
    "other:demarche",
    "other:attestation_temoin",
    "other:photo_of_dossier",
    "other:photo_of_fait",
    "own:fait",
    "own:photo_of_fait",
}


def _photo(device: FakeDevice, entity: str, record: str, sha: str) -> str:
    fields = {"sha256": sha * 64, "owner_entity": entity, "owner_record": record}
    return create(device, "photo", fields)


def _write_records(client: FlaskClient, login_device) -> tuple[dict[str, str], dict[str, dict]]:
    """Claire's dossier with its records and photos, the gardien's loose fait and its photo;
    returns label -> record id, and the logged-in devices by login."""
    claire = FakeDevice(client, login_device("gestionnaire"))
    gardien = FakeDevice(client, login_device("gardien"))
    ids = {f"other:{entity}": record for entity, record in dossier_with_records(claire).items()}
    ids["other:photo_of_dossier"] = _photo(
        claire, "dossier_trouble", ids["other:dossier_trouble"], "a"
    )
    ids["other:photo_of_fait"] = _photo(claire, "fait", ids["other:fait"], "b")
    ids["own:fait"] = create(gardien, "fait", FAIT)
    ids["own:photo_of_fait"] = _photo(gardien, "fait", ids["own:fait"], "c")
    return ids, {"gestionnaire": claire, "gardien": gardien}


def _visible(changes: list[dict[str, Any]], ids: dict[str, str]) -> set[str]:
    """The labels of the records a pull holds with their content (removals are not held)."""
    held = {c["record"] for c in changes if not c.get("removed") and not c["deleted"]}
    return {label for label, record in ids.items() if record in held}


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("gestionnaire", EVERYTHING),
        ("backoffice", EVERYTHING),
        ("admin", EVERYTHING),
        ("gestionnaire2", set()),
        ("gardien", {"own:fait", "own:photo_of_fait"}),
    ],
)
def test_who_reads_the_troubles_records(
    client: FlaskClient, login_device, login: str, expected: set[str]
) -> None:
    ids, devices = _write_records(client, login_device)
    device = devices.get(login) or FakeDevice(client, login_device(login))
    changes, _cursor = device.pull_all()
    assert _visible(changes, ids) == expected


def test_a_gardien_keeps_its_fait_once_a_gestionnaire_attaches_it_to_a_dossier(
    client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    fait = create(gardien, "fait", FAIT)
    _snapshot, cursor = gardien.pull_all()
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    attach = claire.mutation(fait, {"dossier_id": dossier}, base=1, entity="fait")
    assert claire.push(attach).get_json()["results"][0]["status"] == "applied"
    changes, _cursor = gardien.pull_all(cursor)
    mine = [c for c in changes if c["record"] == fait]
    assert [(c["version"], c["fields"]["dossier_id"]) for c in mine] == [(2, dossier)]
    assert dossier not in {c["record"] for c in changes if not c.get("removed")}


def test_a_second_gardien_of_the_residence_never_reads_the_first_ones_fait(
    app: Flask, client: FlaskClient, login_device
) -> None:
    first = FakeDevice(client, login_device("gardien"))
    fait = create(first, "fait", FAIT)
    with app.app_context():
        user = User(login="gardien_b", name="Nadia Roux", role="gardien")
        user.password_hash = password_hash()
        set_scope(user, [], ["R1"])
        db.session.add(user)
        db.session.commit()
    second = FakeDevice(client, login_device("gardien_b"))
    changes, _cursor = second.pull_all()
    assert fait not in {c["record"] for c in changes}


def test_a_gardien_log_never_carries_the_content_of_a_dossier(
    client: FlaskClient, login_device
) -> None:
    gardien = FakeDevice(client, login_device("gardien"))
    _snapshot, cursor = gardien.pull_all()
    claire = FakeDevice(client, login_device("gestionnaire"))
    dossier = create(claire, "dossier_trouble", DOSSIER)
    fait = create(claire, "fait", FAIT | {"dossier_id": dossier})
    changes, _cursor = gardien.pull_all(cursor)
    troubles = [c for c in changes if c["entity"] in TROUBLES]
    assert {c["record"] for c in troubles} <= {dossier, fait}
    assert all(c["fields"] == {} and c["removed"] is True for c in troubles)


def test_a_gardien_may_not_change_a_fait_someone_else_reported(
    client: FlaskClient, login_device
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    fait = create(claire, "fait", FAIT)
    gardien = FakeDevice(client, login_device("gardien"))
    edit = gardien.mutation(fait, {"description": "Réécrit"}, base=1, entity="fait")
    result = gardien.push(edit).get_json()["results"][0]
    assert (result["status"], result["code"], result["message"]) == (
        "rejected",
        "forbidden",
        "Vous ne pouvez modifier que ce que vous avez saisi vous-même.",
    )
    own = create(gardien, "fait", FAIT)
    again = gardien.mutation(own, {"description": "Précisé"}, base=1, entity="fait")
    assert gardien.push(again).get_json()["results"][0]["status"] == "applied"
