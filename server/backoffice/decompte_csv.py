"""The décomptes' figures as CSV for Excel in French, like the other exports (server/exports.py):
UTF-8 with a BOM, ';' separator, dates "31/03/2026" and decimal commas, one row per sortie."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from server.backoffice.decompte_data import SortieDecompte
from server.documents.decompte import STATUT_LABELS, format_amount, format_date
from server.exports import BOM, safe_cell

HEADERS = (
    "Résidence",
    "Logement",
    "Locataire",
    "Remise des clés",
    "Dépôt de garantie",
    "Retenu (état des lieux)",
    "Retenu (autres sommes)",
    "Restitution",
    "Reste dû",
    "Échéance de restitution",
    "Restitué le",
    "Majoration",
    "Situation",
    "État des lieux de sortie",
)


def decompte_row(item: SortieDecompte) -> list[str]:
    """One sortie's figures as the export's cells."""
    d = item.decompte
    return [
        safe_cell(item.residence),
        safe_cell(item.logement_code),
        safe_cell(item.locataire),
        format_date(d.cles_rendues_le),
        format_amount(d.depot),
        format_amount(d.retenu_edl),
        format_amount(d.retenu_autres),
        format_amount(d.solde.restitution),
        format_amount(d.solde.reste_du),
        format_date(d.echeance),
        format_date(d.restitue_le) if d.restitue_le else "",
        format_amount(d.majoration),
        STATUT_LABELS[d.statut],
        item.edl.id,
    ]


def decomptes_csv(items: Iterable[SortieDecompte]) -> str:
    """The CSV text (BOM included) of these sorties' décomptes."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADERS)
    for item in items:
        writer.writerow(decompte_row(item))
    return out.getvalue()
