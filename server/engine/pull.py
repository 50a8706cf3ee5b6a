"""Pull: a paged snapshot of the device's scope, then the change log after a cursor.

On PostgreSQL the change log is read only below the oldest transaction still in flight
(`pg_snapshot_xmin`), ordered by (xid, id): a transaction that commits late has an xid at or above
every horizon handed out while it was open, so no cursor ever moves past it. On SQLite the single
writer makes the autoincrement id alone safe (xid stays 0).

Every record sent is checked against its *current* résidence and the role's read rules
(`server.visibility`): a change-log row names the résidence the record had when it was written
(a move writes one row for the old résidence and one for the new), so a device of the old scope
learns of the move and receives the record as a removal, never with its new content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select, text, tuple_

from server.engine.values import converted_fields, jsonable
from server.engine.visibility import (
    Owner,
    Reader,
    dependents,
    hidden_owners,
    owner_of,
    rule_for,
    shows_values,
    sql_criteria,
)
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, SNAPSHOT_ORDER
from server.models import ChangeLog, Conflict, SyncState
from sync.cursor import (
    LOG,
    SNAPSHOT,
    Cursor,
    derive_cursor_key,
    encode_cursor,
    scope_fingerprint,
)
from sync.messages import MAX_PULL_LIMIT

ALL = "*"
MAX_XID = 2**63 - 1


def cursor_key(device_id: str) -> bytes:
    """The key signing this device's cursors, derived from the app's SECRET_KEY."""
    return derive_cursor_key(str(current_app.config["SECRET_KEY"]).encode("utf-8"), device_id)


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


_META = ("id", "version", "deleted", "updated_hlc", "residence_id", "created_by")
_CONFLICT_KEYS = (
    "id",
    "field",
    "kept_value",
    "other_value",
    "kept_author",
    "other_author",
    "kept_hlc",
    "other_hlc",
)
Keep = Callable[[str, str | None, int | None, dict[str, Any]], bool]


def _removal(entity: str, record: str, version: int, hlc: str) -> dict[str, Any]:
    """A record the device may hold and may no longer read: it drops its synced copy."""
    return {
        "entity": entity,
        "record": record,
        "version": version,
        "deleted": True,
        "hlc": hlc,
        "fields": {},
        "removed": True,
    }


def _changes(
    entity: EntityType,
    reader: Reader,
    *criteria: Any,
    order: bool = False,
    limit: int = 0,
    keep: Keep | None = None,
) -> list:
    """Whole records as pull changes, read column by column (no ORM objects: much faster).

    Fields the reader may not read are left out; when `keep(id, residence_id, created_by,
    fields)` is given, a record it refuses comes back as a removal.
    """
    model = entity.model
    names = entity.fields + entity.server_fields
    query = select(*(getattr(model, n) for n in _META + names)).where(*criteria)
    if order:
        query = query.order_by(model.id)
    if limit:
        query = query.limit(limit)
    hidden = rule_for(reader.role, entity.name).hidden_fields
    converted = tuple(name for name in converted_fields(entity) if name not in hidden)
    # records carry their open conflicts (DESIGN.md contract C: `_conflicts`)
    with_conflicts = not entity.readonly
    name = entity.name
    out = []
    # Core rows through the session's connection: the ORM's result machinery costs ~10 % here.
    for row in db.session.connection().execute(query).all():
        fields = dict(zip(names, row[6:], strict=False))  # same length by construction
        if keep is not None and not keep(row[0], row[4], row[5], fields):
            out.append(_removal(name, row[0], row[1], row[3]))
            continue
        for field_name in hidden:
            del fields[field_name]
        for field_name in converted:
            fields[field_name] = jsonable(fields[field_name])
        fields["residence_id"] = row[4]
        if with_conflicts:
            fields["_conflicts"] = []  # filled by _attach_conflicts when any is open
        out.append(
            {
                "entity": name,
                "record": row[0],
                "version": row[1],
                "deleted": row[2],
                "hlc": row[3],
                "fields": fields,
            }
        )
    return out


def _attach_conflicts(changes: list[dict[str, Any]], role: str) -> None:
    """Fill the `_conflicts` of the page's records: nothing when no conflict is open at all."""
    if not any("_conflicts" in change["fields"] for change in changes):
        return
    any_open = select(Conflict.id).where(Conflict.status == "open").limit(1)
    if db.session.execute(any_open).first() is None:
        return
    targets = {
        (change["entity"], change["record"]): change
        for change in changes
        if "_conflicts" in change["fields"]
    }
    ids = sorted({record for _entity, record in targets})
    columns = [getattr(Conflict, k) for k in _CONFLICT_KEYS]
    # one query for a page (at most MAX_PULL_LIMIT records), within every database's bounds
    for start in range(0, len(ids), MAX_PULL_LIMIT):
        chunk = ids[start : start + MAX_PULL_LIMIT]
        query = (
            select(Conflict.entity, Conflict.record_id, *columns)
            .where(Conflict.status == "open", Conflict.record_id.in_(chunk))
            .order_by(Conflict.created_at, Conflict.id)
        )
        for row in db.session.execute(query):
            change = targets.get((row[0], row[1]))
            conflict = dict(zip(_CONFLICT_KEYS, row[2:], strict=True))
            if change is None or conflict["field"] in rule_for(role, row[0]).hidden_fields:
                continue
            change["fields"]["_conflicts"].append(conflict)


def _snapshot_page(
    cursor: Cursor, scope: frozenset[str] | None, reader: Reader, limit: int, key: bytes
) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    index, after = cursor.entity, cursor.record
    while index < len(SNAPSHOT_ORDER) and len(changes) < limit:
        entity = REGISTRY[SNAPSHOT_ORDER[index]]
        model = entity.model
        page = _changes(
            entity,
            reader,
            model.deleted.is_(False),
            model.id > after,
            _in_scope_by_scan(model.residence_id, scope),
            *sql_criteria(reader, entity.name),
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
    _attach_conflicts(changes, reader.role)
    # The snapshot always ends with `more` so the device reads the log past the horizon once.
    return {
        "changes": changes,
        "cursor": encode_cursor(next_cursor, key),
        "more": True,
        "reset": False,
    }


def _reader(scope: frozenset[str] | None, reader: Reader, entity: str, hidden: set[str]) -> Keep:
    """Whether a record, as it is now, is inside the scope and readable to the reader.

    The ids of records the role's rule hides are added to `hidden` (their dependents go too).
    """

    def keep(
        record_id: str, residence_id: str | None, created_by: int | None, fields: dict[str, Any]
    ) -> bool:
        if not shows_values(reader, entity, fields, created_by):
            hidden.add(record_id)
            return False
        return scope is None or residence_id is None or residence_id in scope

    return keep


def _dependent_removals(
    scope: frozenset[str] | None,
    role: str,
    hidden: dict[str, set[str]],
    sent: set[tuple[str, str]],
) -> list[dict[str, Any]]:
    """Removals for the records that belong to records the role's rule just hid (photos of a
    visite turned `candidat`): they have no log row of their own. One query an entity."""
    out: list[dict[str, Any]] = []
    for owner_entity, owner_ids in hidden.items():
        for name, criteria in dependents(role, owner_entity) if owner_ids else ():
            declared = REGISTRY[name]
            model = declared.model
            assert declared.parent is not None
            query = select(model.id, model.version, model.updated_hlc).where(
                getattr(model, declared.parent.field).in_(sorted(owner_ids)),
                *criteria,
                model.deleted.is_(False),
                _in_scope(model.residence_id, scope),
            )
            for record_id, version, hlc in db.session.execute(query):
                if (name, record_id) not in sent:
                    out.append(_removal(name, record_id, version, hlc))
    return out


def _drop_hidden_owners(changes: list[dict[str, Any]], reader: Reader) -> list[dict[str, Any]]:
    """Records whose parent record the role may not read become removals (one query an
    entity)."""
    owners: dict[int, Owner] = {}
    for index, change in enumerate(changes):
        if not change.get("removed"):
            owner = owner_of(reader.role, change["entity"], change["fields"])
            if owner is not None:
                owners[index] = owner
    if not owners:
        return changes
    hidden = hidden_owners(reader, set(owners.values()))
    out = []
    for index, change in enumerate(changes):
        if owners.get(index) in hidden:
            change = _removal(change["entity"], change["record"], change["version"], change["hlc"])
        out.append(change)
    return out


def _log_page(
    cursor: Cursor, scope: frozenset[str] | None, reader: Reader, limit: int, key: bytes
) -> dict[str, Any]:
    top_xid, top_id = horizon()
    columns = select(
        ChangeLog.xid, ChangeLog.id, ChangeLog.entity, ChangeLog.record_id, ChangeLog.version
    )
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
    order: dict[tuple[str, str], int] = {}  # record -> the version its latest log row names
    for _xid, _id, entity, record_id, version in rows:
        if (entity, record_id) not in order:
            wanted.setdefault(entity, []).append(record_id)
        order[(entity, record_id)] = version
    found: dict[tuple[str, str], dict[str, Any]] = {}
    hidden: dict[str, set[str]] = {}
    for name, ids in wanted.items():
        entity = REGISTRY.get(name)
        if entity is None:
            continue
        # The log row's résidence only says the device may have held the record: what it
        # may read is decided on the record as it is now.
        keep = _reader(scope, reader, name, hidden.setdefault(name, set()))
        for start in range(0, len(ids), 500):
            chunk = entity.model.id.in_(ids[start : start + 500])
            for change in _changes(entity, reader, chunk, keep=keep):
                found[(name, change["record"])] = change
    # a record logged but gone was erased by retention (server/retention.py): devices drop it
    listed = [
        found.get(k) or _removal(k[0], k[1], version, "")
        for k, version in order.items()
        if k[0] in REGISTRY
    ]
    changes = _drop_hidden_owners(listed, reader)
    changes += _dependent_removals(scope, reader.role, hidden, set(found))
    _attach_conflicts(changes, reader.role)
    next_cursor = cursor
    if rows:
        next_cursor = replace(cursor, xid=int(rows[-1][0]), seq=int(rows[-1][1]))
    more = len(rows) == limit
    return {
        "changes": changes,
        "cursor": encode_cursor(next_cursor, key),
        "more": more,
        "reset": False,
    }


def _purged_past(cursor: Cursor) -> bool:
    state = db.session.get(SyncState, 1)
    if state is None:
        return False
    return (cursor.xid, cursor.seq) < (state.purged_xid, state.purged_id)


def pull(
    scope: frozenset[str] | None, cursor: Cursor | None, limit: int, *, reader: Reader, key: bytes
) -> dict[str, Any]:
    """One page of changes for a device of `reader` whose scope is `scope` (None = whole agency).

    `key` signs the cursor handed back (see `cursor_key`).
    """
    # the role and user are part of it: what a reader may read changes with them (visibility)
    who = f"@{reader.role}#{reader.user_id}"
    fingerprint = scope_fingerprint([*(sorted(scope) if scope is not None else [ALL]), who])
    reset = cursor is not None and (
        cursor.scope != fingerprint or (cursor.mode == LOG and _purged_past(cursor))
    )
    if cursor is None or reset:
        top_xid, top_id = horizon()
        cursor = Cursor(SNAPSHOT, 0, 0, fingerprint, horizon_xid=top_xid, horizon_seq=top_id)
    page = (
        _snapshot_page(cursor, scope, reader, limit, key)
        if cursor.mode == SNAPSHOT
        else _log_page(cursor, scope, reader, limit, key)
    )
    page["reset"] = reset
    return page
