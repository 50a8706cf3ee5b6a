"""Open conflicts as the back office shows them: the value now, the other one, who, where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from server.backoffice.labels import display_value, field_label
from server.backoffice.naming import RecordName, author_label, logement_names, name_records
from server.engine.server_edits import current_value, value_fingerprint
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY
from server.models import Conflict
from server.review import logement_column


@dataclass
class ConflictView:
    """An open conflict: the field's current value (what "keep" keeps), the other one, authors."""

    id: str
    entity: str
    record_id: str
    field: str
    label: str
    current_value: str
    kept_value: str
    other_value: str
    current_author: str
    kept_author: str
    other_author: str
    created_at: datetime
    shown: str  # fingerprint of the current value, posted back by the resolve form
    changed_since: bool  # the record's value is no longer the one kept when the conflict opened
    record: RecordName


def open_conflicts_query(scope: frozenset[str] | None) -> Select:
    """Open conflicts inside the scope, oldest first."""
    statement = (
        select(Conflict).where(Conflict.status == "open").order_by(Conflict.created_at, Conflict.id)
    )
    if scope is not None:
        statement = statement.where(Conflict.residence_id.in_(sorted(scope)))
    return statement


def _shower(entity: EntityType | None, field_name: str) -> Callable[[Any], str]:
    """How a value of this field reads on a card (a logement by its name, not its id)."""
    column = logement_column(entity) if entity is not None else None
    if column is None or column.key != field_name:
        return lambda value: display_value(field_name, value, entity)

    def logement(value: Any) -> str:
        return logement_names([value]).get(str(value), "logement inconnu") if value else "—"

    return logement


def conflict_views(conflicts: list[Conflict]) -> list[ConflictView]:
    """Views of conflicts, each read against its record as it is now."""
    names = name_records((c.entity, c.record_id) for c in conflicts)
    views = []
    for c in conflicts:
        entity = REGISTRY.get(c.entity)
        shown = _shower(entity, c.field)
        record = db.session.get(entity.model, c.record_id) if entity is not None else None
        now = current_value(record, c.field)
        clock = (record.field_clocks or {}).get(c.field) if record is not None else None
        writer = clock[2] if isinstance(clock, list) and len(clock) > 2 else c.kept_author
        views.append(
            ConflictView(
                id=c.id,
                entity=c.entity,
                record_id=c.record_id,
                field=c.field,
                label=field_label(entity, c.field),
                current_value=shown(now),
                kept_value=shown(c.kept_value),
                other_value=shown(c.other_value),
                current_author=author_label(writer),
                kept_author=author_label(c.kept_author),
                other_author=author_label(c.other_author),
                created_at=c.created_at,
                shown=value_fingerprint(now),
                changed_since=value_fingerprint(now) != value_fingerprint(c.kept_value),
                record=names[(c.entity, c.record_id)],
            )
        )
    return views


def open_conflicts(entity: str, record_id: str) -> list[ConflictView]:
    """The record's open conflicts, oldest first."""
    rows = db.session.execute(
        open_conflicts_query(None).where(Conflict.entity == entity, Conflict.record_id == record_id)
    ).scalars()
    return conflict_views(list(rows))
