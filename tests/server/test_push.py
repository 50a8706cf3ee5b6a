"""Push: exactly once, in order, per-field merge, rejections that never block the queue."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import Conflict, Device, MutationLog, Visite
from tests.server.conftest import LOGEMENT_R1, LOGEMENT_R3
from tests.server.sync_helpers import FakeDevice, new_id


def visite_fields(**extra: object) -> dict:
    return {
        "logement_id": LOGEMENT_R1,
        "type": "technique",
        "observations": "Fuite sous évier",
    } | extra


def test_create_then_duplicate_returns_first_result(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    first = device.mutation(record, visite_fields())
    response = device.push(first)
    assert response.status_code == 200
    assert response.get_json() == {
        "results": [{"seq": 1, "status": "applied", "version": 1}],
        "last_seq": 1,
    }
    again = device.push(first)
    assert again.get_json() == {
        "results": [{"seq": 1, "status": "duplicate", "version": 1, "original_status": "applied"}],
        "last_seq": 1,
    }
    with app.app_context():
        visite = db.session.get(Visite, record)
        assert (visite.observations, visite.version, visite.review_state) == (
            "Fuite sous évier",
            1,
            "recu",
        )
        assert visite.residence_id is not None
        assert db.session.scalar(select(func.count()).select_from(MutationLog)) == 1


def test_seq_gap_is_409_and_nothing_applied(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    device.seq = 1  # skip seq 1
    response = device.push(device.mutation(new_id(), visite_fields()))
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"]["code"] == "seq_gap"
    assert body["expected"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Visite)) == 0


def test_batch_with_replayed_prefix_applies_only_the_new_part(client, login_device) -> None:
    device = FakeDevice(client, login_device())
    a = device.mutation(new_id(), visite_fields())
    device.push(a)
    b = device.mutation(new_id(), visite_fields())
    body = device.push(a, b).get_json()
    assert [r["status"] for r in body["results"]] == ["duplicate", "applied"]
    assert body["last_seq"] == 2


def test_concurrent_field_edit_is_a_conflict_keeping_both(app: Flask, client, login_device) -> None:
    one = FakeDevice(client, login_device(name="A"))
    two = FakeDevice(client, login_device(name="B"))
    record = new_id()
    one.push(one.mutation(record, visite_fields()))
    r1 = one.push(one.mutation(record, {"observations": "Texte A"}, base=1, at=100))
    assert r1.get_json()["results"][0]["status"] == "applied"
    r2 = two.push(two.mutation(record, {"observations": "Texte B"}, base=1, at=50))
    result = r2.get_json()["results"][0]
    assert result["status"] == "conflict"
    assert len(result["conflicts"]) == 1
    with app.app_context():
        visite = db.session.get(Visite, record)
        assert visite.observations == "Texte A"  # later clock stays current
        conflict = db.session.get(Conflict, result["conflicts"][0])
        assert (conflict.field, conflict.kept_value, conflict.other_value) == (
            "observations",
            "Texte A",
            "Texte B",
        )
        assert conflict.status == "open"
        assert conflict.kept_author.endswith(one.id) and conflict.other_author.endswith(two.id)


def test_disjoint_fields_merge_without_conflict(app: Flask, client, login_device) -> None:
    one = FakeDevice(client, login_device(name="A"))
    two = FakeDevice(client, login_device(name="B"))
    record = new_id()
    one.push(one.mutation(record, visite_fields()))
    one.push(one.mutation(record, {"observations": "A"}, base=1))
    result = two.push(two.mutation(record, {"suites": "Devis plombier"}, base=1)).get_json()
    assert result["results"][0] == {"seq": 1, "status": "merged", "version": 3}
    with app.app_context():
        visite = db.session.get(Visite, record)
        assert (visite.observations, visite.suites) == ("A", "Devis plombier")


def test_rejections_never_block_the_queue(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    bad_type = device.mutation(new_id(), visite_fields(type="inconnu"))
    unknown_field = device.mutation(new_id(), visite_fields(couleur="bleu"))
    readonly = device.mutation(LOGEMENT_R1, {"numero": "999"}, entity="logement")
    unknown_entity = device.mutation(new_id(), {"x": 1}, entity="fusee")
    out_of_scope = device.mutation(new_id(), visite_fields(logement_id=LOGEMENT_R3))
    missing = device.mutation(new_id(), {"observations": "sans logement"})
    good = device.mutation(new_id(), visite_fields())
    body = device.push(
        bad_type, unknown_field, readonly, unknown_entity, out_of_scope, missing, good
    ).get_json()
    results = body["results"]
    assert [r["status"] for r in results] == ["rejected"] * 6 + ["applied"]
    assert [r["code"] for r in results[:6]] == [
        "validation_error",
        "validation_error",
        "read_only_entity",
        "unknown_entity",
        "forbidden",
        "validation_error",
    ]
    assert results[0]["errors"] == {
        "type": [
            "Valeur non autorisée (valeurs possibles : candidat, courtoisie, conseil, technique, "
            "enquete_occupation, logement_temoin)."
        ]
    }
    assert results[1]["errors"] == {"couleur": ["Champ inconnu."]}
    assert results[4]["message"] == "Cette résidence n'est pas dans votre périmètre."
    assert results[5]["errors"] == {
        "logement_id": ["Ce champ est obligatoire."],
        "type": ["Ce champ est obligatoire."],
    }
    assert body["last_seq"] == 7
    with app.app_context():
        statuses = db.session.scalars(select(MutationLog.status).order_by(MutationLog.seq)).all()
        assert statuses == ["rejected"] * 6 + ["applied"]
        assert db.session.scalar(select(func.count()).select_from(Visite)) == 1


def test_gardien_may_only_record_courtoisie(client, login_device) -> None:
    device = FakeDevice(client, login_device("gardien"))
    body = device.push(
        device.mutation(new_id(), visite_fields(type="technique")),
        device.mutation(new_id(), visite_fields(type="courtoisie")),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["rejected", "applied"]
    # the rule published to the gardien's devices (GET /api/v1/rules), with its message
    assert body["results"][0]["code"] == "validation_error"
    assert body["results"][0]["errors"] == {
        "type": ["Valeur non autorisée (valeurs possibles : courtoisie)."]
    }


def test_review_fields_are_server_owned(client, login_device) -> None:
    device = FakeDevice(client, login_device())
    body = device.push(device.mutation(new_id(), visite_fields(review_state="valide"))).get_json()
    assert body["results"][0]["errors"] == {"review_state": ["Champ réservé au back-office."]}


def test_edit_racing_delete_resurrects_with_conflict(app: Flask, client, login_device) -> None:
    one = FakeDevice(client, login_device(name="A"))
    two = FakeDevice(client, login_device(name="B"))
    record = new_id()
    one.push(one.mutation(record, visite_fields()))
    assert (
        one.push(one.mutation(record, op="delete", base=1)).get_json()["results"][0]["status"]
        == "applied"
    )
    result = two.push(two.mutation(record, {"observations": "Encore là"}, base=1)).get_json()
    assert result["results"][0]["status"] == "conflict"
    with app.app_context():
        visite = db.session.get(Visite, record)
        assert visite.deleted is False
        assert visite.observations == "Encore là"
        conflict = db.session.get(Conflict, result["results"][0]["conflicts"][0])
        assert (conflict.field, conflict.kept_value, conflict.other_value) == (
            "_deleted",
            False,
            True,
        )


def test_photo_is_append_only(client, login_device) -> None:
    device = FakeDevice(client, login_device())
    visite, photo = new_id(), new_id()
    photo_fields = {"sha256": "a" * 64, "owner_entity": "visite", "owner_record": visite}
    body = device.push(
        device.mutation(visite, visite_fields(photo_ids=[photo])),
        device.mutation(photo, photo_fields, entity="photo"),
        device.mutation(photo, {"caption": "changée"}, base=1, entity="photo"),
        device.mutation(photo, photo_fields, base=1, entity="photo"),
    ).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "applied", "rejected", "applied"]
    assert body["results"][2]["code"] == "record_frozen"


def test_device_bookkeeping(app: Flask, client, login_device) -> None:
    login = login_device()
    device = FakeDevice(client, login)
    device.push(device.mutation(new_id(), visite_fields()))
    with app.app_context():
        stored = db.session.get(Device, login["device_id"])
        assert (stored.last_seq, stored.app_schema) == (1, 1)
        assert stored.last_sync_at is not None
