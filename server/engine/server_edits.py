"""Back-office edits and conflict resolutions, through the same engine as device pushes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import select

from server.engine.changes import server_hlc, touch_record
from server.engine.driver import Actor, author_for
from server.engine.values import jsonable
from server.engine.writes import Incoming, apply_mutations
from server.errors import ApiError
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import Conflict, ReviewEvent, User
from server.models.base import new_uuid, utcnow
from server.policy import residence_scope
from sync.merge import DELETED_FIELD

STALE = "stale"
STALE_MESSAGE = (
    "La valeur a changé depuis l'affichage : voici l'état actuel du champ, "
    "vérifiez-le puis choisissez à nouveau."
)


@dataclass
class EditOutcome:
    """What a back-office edit did."""

    status: str
    version: int | None
    conflict_ids: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


def _actor(user: User) -> Actor:
    return Actor(user.id, user.role, residence_scope(user), None, author_for(user.id, None))


def _latest_clock(entity: str, record_id: str) -> str | None:
    model = REGISTRY[entity].model
    return db.session.execute(
        select(model.updated_hlc).where(model.id == record_id)
    ).scalar_one_or_none()


def apply_server_edit(
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    user: User,
    base: int | None,
    op: str = "upsert",
) -> EditOutcome:
    """Apply a back-office edit in the current transaction (the caller commits)."""
    if entity not in REGISTRY:
        raise ApiError(404, "not_found", "Enregistrement introuvable.")
    db.session.flush()
    hlc = server_hlc(after=_latest_clock(entity, record_id) or None)
    item = Incoming(None, new_uuid(), entity, record_id, op, base, hlc, fields)
    result = apply_mutations(_actor(user), [item])[0]
    db.session.flush()
    # the engine writes with Core: objects the session holds are stale, and a second edit in
    # the same transaction would read (and write back) their old values
    db.session.expire_all()
    return EditOutcome(
        status=result["status"],
        version=result.get("version"),
        conflict_ids=list(result.get("conflicts", [])),
        errors=result.get("errors", {}),
        message=result.get("message", ""),
    )


def set_review_state(
    entity: str, record_id: str, state: str, comment: str, user: User, base: int | None
) -> EditOutcome:
    """Move a record along the review workflow; the comment travels to the device."""
    outcome = apply_server_edit(
        entity, record_id, {"review_state": state, "review_comment": comment}, user, base
    )
    if outcome.status != "rejected":
        db.session.add(
            ReviewEvent(
                entity=entity, record_id=record_id, state=state, comment=comment, user_id=user.id
            )
        )
    return outcome


def current_value(record: Any, field_name: str) -> Any:
    """The value a record holds now for a field (its deletion flag for DELETED_FIELD), as JSON."""
    if record is None:
        return None
    if field_name == DELETED_FIELD:
        return bool(record.deleted)
    return jsonable(getattr(record, field_name, None))


def value_fingerprint(value: Any) -> str:
    """A short digest of a value: what a form shows is posted back as this, then compared."""
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def resolve_conflict(
    conflict_id: str, action: str, user: User, shown: str | None = None
) -> EditOutcome:
    """Close a conflict: keep the current value, or restore the other one through the engine.

    `shown` is the fingerprint of the current value the person saw; when the record's value
    changed since, nothing is done and the outcome is STALE.
    """
    # the row lock makes two simultaneous resolutions of one conflict take turns
    conflict = db.session.get(Conflict, conflict_id, with_for_update=True, populate_existing=True)
    if conflict is None or conflict.status != "open" or action not in ("keep", "restore"):
        return EditOutcome("rejected", None, message="Conflit introuvable ou déjà résolu.")
    model = REGISTRY[conflict.entity].model
    record = db.session.get(model, conflict.record_id, with_for_update=True, populate_existing=True)
    if shown is not None and value_fingerprint(current_value(record, conflict.field)) != shown:
        return EditOutcome(STALE, record.version if record else None, message=STALE_MESSAGE)
    outcome = EditOutcome("applied", record.version if record else None)
    if action == "restore" and record is not None:
        if conflict.field == DELETED_FIELD:
            op = "delete" if conflict.other_value else "upsert"
            outcome = apply_server_edit(
                conflict.entity, conflict.record_id, {}, user, record.version, op=op
            )
        else:
            outcome = apply_server_edit(
                conflict.entity,
                conflict.record_id,
                {conflict.field: conflict.other_value},
                user,
                record.version,
            )
        if outcome.status == "rejected":
            return outcome
    conflict.status = "resolved"
    conflict.resolution = "restored" if action == "restore" else "kept"
    conflict.resolved_by = user.id
    conflict.resolved_at = utcnow()
    if record is not None:
        db.session.flush()
        # devices pull the record again, and with it the conflict's disappearance
        touch_record(conflict.entity, conflict.record_id, record.residence_id)
    return outcome
