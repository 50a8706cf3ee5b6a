"""A device's push: exactly once, in order, in one transaction with its ledger rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from server.engine.driver import Actor, author_for
from server.engine.writes import apply_mutations
from server.errors import ApiError
from server.extensions import db
from server.models import Device, MutationLog, User
from server.models.base import utcnow
from server.policy import residence_scope
from sync.messages import PushRequest


def _claim_device(device_id: str) -> int:
    """Lock the device row for this transaction and return its last applied seq.

    The UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so two pushes of
    one device never interleave.
    """
    statement = (
        update(Device)
        .where(Device.id == device_id)
        .values(last_seen_at=utcnow())
        .returning(Device.last_seq)
    )
    return int(db.session.execute(statement).scalar_one())


def _duplicates(device_id: str, seqs: list[int]) -> list[dict[str, Any]]:
    if not seqs:
        return []
    rows = db.session.execute(
        select(MutationLog.seq, MutationLog.result).where(
            MutationLog.device_id == device_id, MutationLog.seq.in_(seqs)
        )
    ).all()
    stored = dict(rows)
    out = []
    for seq in seqs:
        first = dict(stored.get(seq) or {"seq": seq, "version": None})
        first["original_status"] = first.get("status", "applied")
        first["status"] = "duplicate"
        out.append(first)
    return out


def apply_push(device: Device, user: User, request: PushRequest) -> dict[str, Any]:
    """Apply a push and commit; returns the response body."""
    device_id = device.id
    last_seq = _claim_device(device_id)
    mutations = request.mutations
    old = [m.seq for m in mutations if m.seq <= last_seq]
    new = [m for m in mutations if m.seq > last_seq]
    if new and new[0].seq != last_seq + 1:
        db.session.rollback()
        raise ApiError(
            409,
            "seq_gap",
            f"Mutations manquantes : le serveur attend la mutation n° {last_seq + 1}.",
            extra={"expected": last_seq + 1},
        )
    results = _duplicates(device_id, old)
    if new:
        actor = Actor(
            user.id, user.role, residence_scope(user), device_id, author_for(user.id, device_id)
        )
        results += apply_mutations(actor, new)
        last_seq = new[-1].seq
    db.session.execute(
        update(Device)
        .where(Device.id == device_id)
        .values(last_seq=last_seq, last_sync_at=utcnow(), app_schema=request.schema)
    )
    db.session.commit()
    return {"results": results, "last_seq": last_seq}
