"""CSV exports of every family for Excel in French: UTF-8 with a BOM, ';' separator, French
headers (the declaration's `csv_columns`), dates "26/11/2026 14:00" (Paris time) and decimal
commas."""

from __future__ import annotations

import csv
import io
from typing import Any

from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import reviewed_entities
from server.review import QueueFilters, entity_query, logement_column

BOM = "\ufeff"
# Cells starting with these are formulas to a spreadsheet: they are written as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns every export may name besides the entity's fields (server/review.py entity_query).
ROW_COLUMNS = {"residence_nom", "logement_code", "author_name", "photos"}
DEFAULT_COLUMNS = (
    ("id", "Identifiant"),
    ("created_at", "Reçu le"),
    ("residence_nom", "Résidence"),
    ("author_name", "Auteur"),
    ("review_state", "État de revue"),
)


def safe_cell(value: str) -> str:
    """A cell value that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def exported_entity(name: str) -> EntityType | None:
    """The reviewed entity exported under this name (its `csv_name`, else its own name)."""
    for entity in reviewed_entities():
        csv_name = entity.labels.csv_name if entity.labels else None
        if name == (csv_name or entity.name):
            return entity
    return None


def columns_of(entity: EntityType) -> tuple[tuple[str, str], ...]:
    """(column, French header) of the entity's export: declared, else every labelled field."""
    labels = entity.labels
    if labels is not None and labels.csv_columns:
        return labels.csv_columns
    fields = labels.fields if labels is not None else {n: n for n in entity.fields}
    return (
        *DEFAULT_COLUMNS,
        *fields.items(),
        ("photos", "Nombre de photos"),
        ("version", "Version"),
    )


def _cell(entity: EntityType, name: str, row: Any) -> str:
    # Imported here: server.backoffice's views import this module.
    from server.backoffice.labels import display_value, format_datetime, format_iso, value_kinds

    logement = logement_column(entity)
    if name in ROW_COLUMNS or (logement is not None and name == logement.key):
        value = getattr(row, name if name in ROW_COLUMNS else "logement_code")
        return "" if value is None else safe_cell(str(value))
    value = getattr(row[0], name)
    if name == "created_at":
        return format_datetime(value)
    if name in value_kinds(entity)[0]:
        return safe_cell(format_iso(value)) if value else ""
    if name in ("id", "version"):
        return "" if value is None else str(value)
    shown = display_value(name, value, entity)
    return "" if shown == "—" else safe_cell(shown)


def records_csv(
    entity: EntityType, filters: QueueFilters, scope: frozenset[str] | None
) -> tuple[str, int]:
    """The entity's records matching the queue's filters as CSV text (BOM included), and their
    count."""
    columns = columns_of(entity)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([header for _name, header in columns])
    count = 0
    for row in db.session.execute(entity_query(entity, filters, scope)):
        writer.writerow([_cell(entity, name, row) for name, _header in columns])
        count += 1
    return out.getvalue(), count
