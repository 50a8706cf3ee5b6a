"""Appending to the change log that pulls walk."""

from __future__ import annotations

import time
from collections.abc import Iterable

from server.bulk import insert_rows
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
