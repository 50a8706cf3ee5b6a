"""Pull: a paged snapshot of the device's scope, then the change log after a cursor.

On PostgreSQL the change log is read only below the oldest transaction still in flight
(`pg_snapshot_xmin`), ordered by (xid, id): a transaction that commits late has an xid at or above
every horizon handed out while it was open, so no cursor ever moves past it. On SQLite the single
writer makes the autoincrement id alone safe (xid stays 0).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, or_, select, text, tuple_

from server.entities import REGISTRY, SNAPSHOT_ORDER, EntityType, jsonable
from server.extensions import db
from server.models import ChangeLog, SyncState
from sync.cursor import LOG, SNAPSHOT, Cursor, encode_cursor, scope_fingerprint

ALL = "*"
MAX_XID = 2**63 - 1


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def horizon() -> tuple[int, int]:
    """The log position below which every change is committed and visible."""
    if _is_postgres():
        xmin = db.session.execute(
            text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        ).scalar_one()
        return int(xmin) - 1, MAX_XID
    last = db.session.execute(select(func.max(ChangeLog.id))).scalar_one() or 0
    state = db.session.get(SyncState, 1)
    return 0, max(int(last), state.purged_id if state else 0)


def _in_scope(column: Any, scope: frozenset[str] | None) -> Any:
    if scope is None:
        return True
    return or_(column.is_(None), column.in_(sorted(scope)))


def _in_scope_by_scan(column: Any, scope: frozenset[str] | None) -> Any:
    """The scope filter for snapshot pages (`id > last ORDER BY id LIMIT n`).

    SQLite would pick the résidence index and sort every matching row again for each page;
    hiding the column in an expression makes it walk the primary key in order. PostgreSQL's
    planner already walks the primary key for the plain filter, and would sort for this one.
    """
    if scope is None or _is_postgres():
        return _in_scope(column, scope)
    return func.coalesce(column, "").in_([*sorted(scope), ""])


_META = ("id", "version", "deleted", "updated_hlc", "residence_id")
_CONVERTED = {"bail": ("debut", "fin", "loyer", "depot_garantie")}


def _changes(entity: EntityType, *criteria: Any, order: bool = False, limit: int = 0) -> list:
    """Whole records as pull changes, read column by column (no ORM objects: much faster)."""
    model = entity.model
    names = entity.fields + entity.server_fields
    query = select(*(getattr(model, n) for n in _META + names)).where(*criteria)
    if order:
        query = query.order_by(model.id)
    if limit:
        query = query.limit(limit)
    converted = _CONVERTED.get(entity.name, ())
    out = []
    for row in db.session.execute(query):
        fields = dict(zip(names, row[5:], strict=True))
        for name in converted:
            fields[name] = jsonable(fields[name])
        fields["residence_id"] = row[4]
        out.append(
            {
                "entity": entity.name,
                "record": row[0],
                "version": row[1],
                "deleted": row[2],
                "hlc": row[3],
                "fields": fields,
            }
        )
    return out


def _snapshot_page(cursor: Cursor, scope: frozenset[str] | None, limit: int) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    index, after = cursor.entity, cursor.record
    while index < len(SNAPSHOT_ORDER) and len(changes) < limit:
        entity = REGISTRY[SNAPSHOT_ORDER[index]]
        model = entity.model
        page = _changes(
            entity,
            model.deleted.is_(False),
            model.id > after,
            _in_scope_by_scan(model.residence_id, scope),
            order=True,
            limit=limit - len(changes),
        )
        changes.extend(page)
        if len(changes) < limit:
            index, after = index + 1, ""
        else:
            after = page[-1]["record"]
    if index >= len(SNAPSHOT_ORDER):
        next_cursor = Cursor(LOG, cursor.horizon_xid, cursor.horizon_seq, cursor.scope)
    else:
        next_cursor = replace(cursor, entity=index, record=after)
    # The snapshot always ends with `more` so the device reads the log past the horizon once.
    return {"changes": changes, "cursor": encode_cursor(next_cursor), "more": True, "reset": False}


def _log_page(cursor: Cursor, scope: frozenset[str] | None, limit: int) -> dict[str, Any]:
    top_xid, top_id = horizon()
    columns = select(ChangeLog.xid, ChangeLog.id, ChangeLog.entity, ChangeLog.record_id)
    if _is_postgres():
        position = tuple_(ChangeLog.xid, ChangeLog.id)
        window = (position > tuple_(cursor.xid, cursor.seq), position <= tuple_(top_xid, top_id))
        order = (ChangeLog.xid, ChangeLog.id)
    else:  # xid is always 0: the id alone orders the log, and SQLite uses the primary key
        window = (ChangeLog.id > cursor.seq, ChangeLog.id <= top_id)
        order = (ChangeLog.id,)
    query = (
        columns.where(*window, _in_scope(ChangeLog.residence_id, scope))
        .order_by(*order)
        .limit(limit)
    )
    rows = db.session.execute(query).all()
    wanted: dict[str, list[str]] = {}
    order: dict[tuple[str, str], None] = {}
    for _xid, _id, entity, record_id in rows:
        if (entity, record_id) not in order:
            order[(entity, record_id)] = None
            wanted.setdefault(entity, []).append(record_id)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for name, ids in wanted.items():
        entity = REGISTRY.get(name)
        if entity is None:
            continue
        for start in range(0, len(ids), 500):
            for change in _changes(entity, entity.model.id.in_(ids[start : start + 500])):
                found[(name, change["record"])] = change
    changes = [found[key] for key in order if key in found]
    next_cursor = cursor
    if rows:
        next_cursor = replace(cursor, xid=int(rows[-1][0]), seq=int(rows[-1][1]))
    more = len(rows) == limit
    return {"changes": changes, "cursor": encode_cursor(next_cursor), "more": more, "reset": False}


def _purged_past(cursor: Cursor) -> bool:
    state = db.session.get(SyncState, 1)
    if state is None:
        return False
    return (cursor.xid, cursor.seq) < (state.purged_xid, state.purged_id)


def pull(scope: frozenset[str] | None, cursor: Cursor | None, limit: int) -> dict[str, Any]:
    """One page of changes for a device whose scope is `scope` (None = whole agency)."""
    fingerprint = scope_fingerprint(sorted(scope) if scope is not None else [ALL])
    reset = cursor is not None and (
        cursor.scope != fingerprint or (cursor.mode == LOG and _purged_past(cursor))
    )
    if cursor is None or reset:
        top_xid, top_id = horizon()
        cursor = Cursor(SNAPSHOT, 0, 0, fingerprint, horizon_xid=top_xid, horizon_seq=top_id)
    page = (
        _snapshot_page(cursor, scope, limit)
        if cursor.mode == SNAPSHOT
        else _log_page(cursor, scope, limit)
    )
    page["reset"] = reset
    return page
