"""Photos follow their visite when it moves to another résidence (issue 8)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.models import User
from server.users import set_scope
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R2, LOGEMENT_R3, R2, R3, password_hash
from tests.server.images import jpeg, sha
from tests.server.sync_helpers import FakeDevice, new_id, removal
from tests.server.test_blobs_access import reads, upload
from tests.server.test_pull_scope import back_office_edit

COURTOISIE = {"type": "courtoisie"}


def photo(device: FakeDevice, record: str, visite: str, data: bytes) -> dict[str, Any]:
    """The mutation creating a photo of a visite."""
    fields = {"sha256": sha(data), "owner_entity": "visite", "owner_record": visite}
    return device.mutation(record, fields, entity="photo")


def placed(changes: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(entity, record, résidence) of the records received whole, in pull order."""
    return [
        (c["entity"], c["record"], c["fields"]["residence_id"])
        for c in changes
        if not c.get("removed")
    ]


def statuses(response: Any) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [r["status"] for r in response.get_json()["results"]]


def test_photos_of_a_visite_moved_in_the_back_office_change_scope_with_it(
    app: Flask, client: FlaskClient, login_device
) -> None:
    north = FakeDevice(client, login_device("gestionnaire", "nord"))
    gardien = FakeDevice(client, login_device("gardien"))
    south = FakeDevice(client, login_device("gestionnaire2", "sud"))
    first, second = jpeg(), jpeg(colour=(10, 120, 200))
    assert [upload(client, north, data) for data in (first, second)] == [201, 201]
    visite, p1, p2 = new_id(), new_id(), new_id()
    pushed = north.push(
        north.mutation(visite, {"logement_id": LOGEMENT_R1, **COURTOISIE}),
        photo(north, p1, visite, first),
        photo(north, p2, visite, second),
    )
    assert statuses(pushed) == ["applied", "applied", "applied"]
    _, gardien_cursor = gardien.pull_all()
    _, south_cursor = south.pull_all()
    assert reads(client, gardien, sha(first)) == (200, 200, 200)
    assert reads(client, south, sha(first)) == (404, 404, 404)

    back_office_edit(app, visite, {"logement_id": LOGEMENT_R3}, 1)

    arrived, _ = south.pull_all(south_cursor)
    assert sorted(placed(arrived)) == sorted(
        [("visite", visite, R3), ("photo", p1, R3), ("photo", p2, R3)]
    )
    snapshot, _ = south.pull_all()
    assert sorted(r for r in placed(snapshot) if r[0] == "photo") == sorted(
        [("photo", p1, R3), ("photo", p2, R3)]
    )
    gone, _ = gardien.pull_all(gardien_cursor)
    first_id, second_id = sorted([p1, p2])  # moved photos are logged in id order
    assert gone == [
        removal("visite", visite, 2, gone[0]["hlc"]),
        removal("photo", first_id, 1, gone[1]["hlc"]),
        removal("photo", second_id, 1, gone[2]["hlc"]),
    ]
    snapshot, _ = gardien.pull_all()
    assert [c for c in snapshot if c["entity"] == "photo"] == []
    assert reads(client, south, sha(first)) == (200, 200, 200)
    assert reads(client, south, sha(second)) == (200, 200, 200)
    assert reads(client, gardien, sha(first)) == (404, 404, 404)
    assert reads(client, gardien, sha(second)) == (404, 404, 404)


def add_gardien_of_r2(app: Flask) -> None:
    with app.app_context():
        user = User(login="gardien2", name="Lucie Perrin", role="gardien")
        user.password_hash = password_hash()
        set_scope(user, [], ["R2"])
        db.session.add(user)
        db.session.commit()


def test_photos_follow_a_visite_a_device_moves_even_within_one_push(
    app: Flask, client: FlaskClient, login_device
) -> None:
    add_gardien_of_r2(app)
    tablet = FakeDevice(client, login_device("gestionnaire"))
    old_scope = FakeDevice(client, login_device("gardien"))
    new_scope = FakeDevice(client, login_device("gardien2"))
    first, second = jpeg(), jpeg(colour=(10, 120, 200))
    assert [upload(client, tablet, data) for data in (first, second)] == [201, 201]
    stored, stored_photo = new_id(), new_id()
    pushed = tablet.push(
        tablet.mutation(stored, {"logement_id": LOGEMENT_R1, **COURTOISIE}),
        photo(tablet, stored_photo, stored, first),
    )
    assert statuses(pushed) == ["applied", "applied"]
    _, old_cursor = old_scope.pull_all()
    _, new_cursor = new_scope.pull_all()

    fresh, fresh_photo = new_id(), new_id()
    pushed = tablet.push(
        tablet.mutation(stored, {"logement_id": LOGEMENT_R2}, base=1),
        # created, photographed and moved in the same push
        tablet.mutation(fresh, {"logement_id": LOGEMENT_R1, **COURTOISIE}),
        photo(tablet, fresh_photo, fresh, second),
        tablet.mutation(fresh, {"logement_id": LOGEMENT_R2}, base=1),
    )
    assert statuses(pushed) == ["applied", "applied", "applied", "applied"]

    arrived, _ = new_scope.pull_all(new_cursor)
    assert sorted(placed(arrived)) == sorted(
        [
            ("visite", stored, R2),
            ("photo", stored_photo, R2),
            ("visite", fresh, R2),
            ("photo", fresh_photo, R2),
        ]
    )
    gone, _ = old_scope.pull_all(old_cursor)
    assert gone == [
        removal("visite", stored, 2, gone[0]["hlc"]),
        removal("photo", stored_photo, 1, gone[1]["hlc"]),
    ]
    assert reads(client, new_scope, sha(first)) == (200, 200, 200)
    assert reads(client, new_scope, sha(second)) == (200, 200, 200)
    assert reads(client, old_scope, sha(first)) == (404, 404, 404)
