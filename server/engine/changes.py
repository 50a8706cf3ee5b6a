"""Appending to the change log that pulls walk."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import select

from server.engine.bulk import insert_rows
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import ChangeLog
from sync.hlc import format_hlc, tick

SERVER_NODE = "server"


def server_hlc(after: str | None = None) -> str:
    """A clock reading for a change made by the server itself, later than `after` if given."""
    from sync.hlc import parse_hlc

    last = parse_hlc(after) if after else None
    return format_hlc(tick(last, int(time.time() * 1000), SERVER_NODE))


def log_changes(rows: Iterable[tuple[str, str, int, str | None, bool]]) -> None:
    """Log (entity, record_id, version, residence_id, deleted) changes in this transaction."""
    values = [
        {
            "entity": entity,
            "record_id": record_id,
            "version": version,
            "residence_id": residence_id,
            "deleted": deleted,
        }
        for entity, record_id, version, residence_id, deleted in rows
    ]
    if values:
        insert_rows(ChangeLog.__table__, values)


def touch_record(entity: str, record_id: str, residence_id: str | None = None) -> None:
    """Log a change of a record without changing it, so devices pull it again.

    For what travels with a record but is stored beside it (its open conflicts): the devices
    re-read the record as it is. `residence_id` defaults to the record's current one.
    """
    model = REGISTRY[entity].model
    row = db.session.execute(
        select(model.version, model.residence_id, model.deleted).where(model.id == record_id)
    ).first()
    if row is None:
        return
    version, current_residence, deleted = row
    residences = {current_residence} | ({residence_id} if residence_id else set())
    log_changes((entity, record_id, version, r, deleted) for r in sorted(residences, key=str))
