"""Writing a merged batch: records, conflicts, review steps, the ledger and the change log, in bulk.

Records written with their parent in one batch take the parent's final résidence; records of
parents stored before and moved by the batch follow them in the database
(`server.engine.parents.move_children`).
"""

from __future__ import annotations

import functools
from typing import Any

from server.cnil import suspect_terms
from server.engine.bulk import insert_rows, update_rows
from server.engine.changes import log_changes
from server.engine.driver import Actor, Applied, Batch, Slot
from server.engine.parents import move_children, parent_ref
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY
from server.models import Conflict, MutationLog, ReviewEvent
from server.models.base import utcnow
from sync.messages import PushMutation as Incoming
from sync.messages import fields_excerpt


@functools.cache
def _has_record_parent(entity: EntityType) -> bool:
    """Whether the entity's parent may be a record (not référentiel)."""
    parent = entity.parent
    return parent is not None and (parent.entity is None or not REGISTRY[parent.entity].readonly)


def _follow_parents(slots: dict[tuple[str, str], Slot]) -> None:
    """Records of this batch take the résidence their parent record ends the batch in."""
    changed = True
    while changed:  # a chain (photo of an element of a document) settles in a few passes
        changed = False
        for slot in slots.values():
            if not slot.dirty or slot.state is None or not _has_record_parent(slot.entity):
                continue
            ref = parent_ref(slot.entity, slot.state.fields)
            owner = slots.get(ref) if ref is not None else None
            known = owner is not None and owner.state is not None
            if known and slot.residence_id != owner.residence_id:
                slot.residence_id, changed = owner.residence_id, True


def _row(batch: Batch, record_id: str, slot: Slot, now: Any) -> dict[str, Any]:
    state = slot.state
    assert state is not None
    actor = batch.actor
    row = dict(state.fields)
    row.update(
        id=record_id,
        version=state.version,
        deleted=state.deleted,
        residence_id=slot.residence_id,
        updated_by=actor.user_id,
        updated_hlc=max(c.hlc for c in state.clocks.values()),
        field_clocks={k: [c.version, c.hlc, c.author] for k, c in state.clocks.items()},
        updated_at=now,
        updated_device_id=actor.device_id,
    )
    if slot.entity.free_text:
        row["flags"] = suspect_terms(state.fields.get(f) for f in slot.entity.free_text)
    if not slot.exists:
        row.update(created_by=actor.user_id, created_at=now, created_device_id=actor.device_id)
    return row


def write_batch(batch: Batch) -> None:
    """Write every changed record, conflict and change-log row in bulk."""
    _follow_parents(batch.slots)
    now = utcnow()
    inserts: dict[str, list[dict[str, Any]]] = {}
    updates: dict[str, list[dict[str, Any]]] = {}
    moved: dict[str, list[str]] = {}
    changes = []
    for (name, record_id), slot in batch.slots.items():
        if not slot.dirty or slot.state is None:
            continue
        state = slot.state
        (updates if slot.exists else inserts).setdefault(name, []).append(
            _row(batch, record_id, slot, now)
        )
        changes.append((name, record_id, state.version, slot.residence_id, state.deleted))
        if slot.exists and slot.stored_residence_id != slot.residence_id:
            # devices of the old résidence must see the move, to drop their copy
            changes.append(
                (name, record_id, state.version, slot.stored_residence_id, state.deleted)
            )
            moved.setdefault(name, []).append(record_id)
    for name, rows in inserts.items():
        insert_rows(REGISTRY[name].model.__table__, rows)
    for name, rows in updates.items():
        update_rows(REGISTRY[name].model.__table__, rows)
    changes += move_children(moved)
    if batch.conflicts:
        insert_rows(Conflict.__table__, batch.conflicts)
    if batch.reviews:
        db.session.execute(ReviewEvent.__table__.insert(), batch.reviews)
    log_changes(changes)


def _ledger(actor: Actor, items: list[Incoming], applied: list[Applied]) -> None:
    now = utcnow()
    rows = [
        {
            "device_id": actor.device_id,
            "seq": item.seq,
            "mutation_id": item.id,
            "user_id": actor.user_id,
            "entity": item.entity[:40],
            "record_id": item.record,
            "op": item.op,
            "base": item.base,
            "hlc": item.hlc,
            "fields": outcome.ledger.get("fields") or fields_excerpt(item.fields),
            "status": outcome.result["status"],
            "version": outcome.result.get("version"),
            "result": outcome.result,
            "residence_id": outcome.ledger.get("residence_id"),
            "received_at": now,
        }
        for item, outcome in zip(items, applied, strict=True)
    ]
    if rows:
        insert_rows(MutationLog.__table__, rows)


def apply_mutations(actor: Actor, items: list[Incoming]) -> list[dict[str, Any]]:
    """Apply mutations in order, write the records, ledger and change log; return the results."""
    batch = Batch(actor, items)
    applied = batch.run()
    write_batch(batch)
    _ledger(actor, items, applied)
    return [outcome.result for outcome in applied]


__all__ = ["Actor", "Incoming", "apply_mutations"]
