"""Column values as JSON, and which columns of an entity need converting to be sent."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, Float, Numeric

if TYPE_CHECKING:  # the families import this module (documents/signing.py)
    from server.families.declaration import EntityType


def jsonable(value: Any) -> Any:
    """A column value as JSON: dates in ISO 8601, decimals as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@functools.cache
def converted_fields(entity: EntityType) -> tuple[str, ...]:
    """The entity's fields stored as dates or decimals, which `jsonable` must convert."""
    columns = entity.model.__table__.c
    out = []
    for name in entity.fields + entity.server_fields:
        kind = columns[name].type if name in columns else None
        if isinstance(kind, Date | DateTime) or (
            isinstance(kind, Numeric) and not isinstance(kind, Float)  # floats are JSON already
        ):
            out.append(name)
    return tuple(out)
