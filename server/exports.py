"""CSV exports for Excel in French: UTF-8 with a BOM, ';' separator, French headers, dates
"26/11/2026 14:00" (Paris time) and decimal commas."""

from __future__ import annotations

import csv
import io
from typing import Any

from server.extensions import db
from server.review import QueueFilters, queue_query

BOM = "\ufeff"
# Cells starting with these are formulas to a spreadsheet: they are written as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

VISITE_COLUMNS: list[tuple[str, str]] = [
    ("id", "Identifiant"),
    ("created_at", "Reçue le"),
    ("type", "Type"),
    ("residence_nom", "Résidence"),
    ("logement_code", "Logement"),
    ("author_name", "Auteur"),
    ("review_state", "État de revue"),
    ("review_comment", "Commentaire de revue"),
    ("prevue_le", "Prévue le"),
    ("realisee_le", "Réalisée le"),
    ("participants", "Participants"),
    ("observations", "Observations"),
    ("suites", "Suites à donner"),
    ("candidat_nom", "Nom du candidat"),
    ("decision", "Décision"),
    ("motif_refus", "Motif du refus"),
    ("equipements", "Équipements et contrats"),
    ("reparations", "Réparations à prévoir"),
    ("cout_estime", "Coût estimé (€)"),
    ("responsabilite", "Responsabilité"),
    ("occupants", "Occupants constatés"),
    ("defauts", "Défauts constatés"),
    ("photos", "Nombre de photos"),
    ("version", "Version"),
]
ROW_COLUMNS = {"residence_nom", "logement_code", "author_name", "photos"}


def safe_cell(value: str) -> str:
    """A cell value that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(name: str, row: Any) -> str:
    # Imported here: server.backoffice's views import this module.
    from server.backoffice.labels import display_value, format_datetime, format_iso

    if name in ROW_COLUMNS:
        value = getattr(row, name)
        return "" if value is None else safe_cell(str(value))
    value = getattr(row.Visite, name)
    if name == "created_at":
        return format_datetime(value)
    if name in ("prevue_le", "realisee_le"):
        return safe_cell(format_iso(value)) if value else ""
    if name in ("id", "version"):
        return "" if value is None else str(value)
    shown = display_value(name, value)
    return "" if shown == "—" else safe_cell(shown)


def visites_csv(filters: QueueFilters, scope: frozenset[str] | None) -> tuple[str, int]:
    """The visites matching the queue's filters as CSV text (BOM included), and their count."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([header for _name, header in VISITE_COLUMNS])
    count = 0
    for row in db.session.execute(queue_query(filters, scope)):
        writer.writerow([_cell(name, row) for name, _header in VISITE_COLUMNS])
        count += 1
    return out.getvalue(), count
