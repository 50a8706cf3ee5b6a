"""Bulk writes straight through the driver: INSERT by executemany on SQLite, COPY on PostgreSQL;
UPDATE by primary key with executemany.

A push writes a few thousand rows; SQLAlchemy's per-row parameter processing costs more than
the database itself. Here each column's conversion (JSON, dates, booleans) is decided once per
table, and rows go to the driver as plain tuples.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, DateTime, Table, bindparam

from server.extensions import db

Convert = Callable[[Any], Any]


def _json(value: Any) -> Any:
    return None if value is None else orjson.dumps(value).decode()


def _sqlite_datetime() -> Convert:
    # SQLAlchemy's SQLite DateTime stores naive UTC text; keep the same form. A batch shares
    # one timestamp, so remember the last conversion.
    last: list[Any] = [None, None]

    def convert(value: Any) -> Any:
        if value is last[0]:
            return last[1]
        out = value
        if isinstance(value, datetime):
            naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
            out = naive.strftime("%Y-%m-%d %H:%M:%S.%f")
        last[0], last[1] = value, out
        return out

    return convert


def _plan(table: Table, keys: list[str], postgres: bool) -> tuple[str, list[Convert | None]]:
    converters: list[Convert | None] = []
    placeholders = []
    for key in keys:
        column_type = table.c[key].type
        if isinstance(column_type, JSON):
            converters.append(_json)
            placeholders.append("%s::json" if postgres else "?")
            continue
        if isinstance(column_type, DateTime) and not postgres:
            converters.append(_sqlite_datetime())
        elif isinstance(column_type, Boolean) and not postgres:
            converters.append(lambda v: None if v is None else int(v))
        else:
            converters.append(None)
        placeholders.append("%s" if postgres else "?")
    columns = ", ".join(f'"{key}"' for key in keys)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join(placeholders)})'
    return sql, converters


def _defaults(table: Table, given: set[str]) -> dict[str, Any]:
    """Python-side column defaults for the columns the rows leave out (SQLAlchemy's own)."""
    out = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        out[column.name] = default.arg(None) if default.is_callable else default.arg
    return out


def insert_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert dict rows in one executemany, with the columns' Python defaults filled in."""
    if not rows:
        return
    connection = db.session.connection()
    postgres = connection.dialect.name == "postgresql"
    given: set[str] = set().union(*rows)
    defaults = _defaults(table, given)
    if defaults or any(len(row) != len(given) for row in rows):
        base = {**defaults, **dict.fromkeys(given)}
        rows = [{**base, **row} for row in rows]
    keys = list(rows[0])
    sql, converters = _plan(table, keys, postgres)
    getter = operator.itemgetter(*keys)
    converted = [(i, c) for i, c in enumerate(converters) if c is not None]
    params: list[Any] = (
        [getter(row) for row in rows] if len(keys) > 1 else [(row[keys[0]],) for row in rows]
    )
    if converted:
        rows_out = []
        for values in params:
            editable = list(values)
            for index, convert in converted:
                editable[index] = convert(editable[index])
            rows_out.append(tuple(editable))
        params = rows_out
    if postgres:
        # COPY streams every row in one round trip; executemany would send one per row.
        columns = ", ".join(f'"{key}"' for key in keys)
        raw = connection.connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
        ):
            for values in params:
                copy.write_row(values)
        return
    connection.exec_driver_sql(sql, params)


def update_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key with executemany (Core: no ORM bookkeeping)."""
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(sorted(row)), []).append(row)
    for keys, group in by_keys.items():
        columns = [k for k in keys if k != "id"]
        statement = (
            table.update()
            .where(table.c.id == bindparam("_id"))
            .values({k: bindparam(f"_{k}") for k in columns})
        )
        db.session.execute(statement, [{f"_{k}": v for k, v in row.items()} for row in group])
