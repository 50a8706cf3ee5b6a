"""The permanences' contacts as CSV for Excel in French, like the other exports
(server/exports.py): UTF-8 with a BOM, ';' separator, dates "26/11/2026 14:00" (Paris time), one
line per contact with its permanence's résidence, site and dates on each line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from server.backoffice.labels import format_iso
from server.backoffice.permanence_data import Names, contact_label, yes_no
from server.exports import BOM, safe_cell

HEADERS = (
    "Résidence",
    "Site",
    "Début de la permanence",
    "Fin de la permanence",
    "Agents",
    "Chantier",
    "Heure",
    "Personne",
    "Logement",
    "Catégorie",
    "Demande",
    "Réponse",
    "Orientation",
    "Suite",
    "Rendez-vous le",
    "Documents remis",
    "Accès refusé",
    "Nuisances du chantier",
    "Dégâts de l'entreprise",
    "Personne vulnérable",
    "Identifiant du contact",
)


def _date(value: str | None) -> str:
    return format_iso(value) if value else ""


def contact_row(permanence: Any, residence: str, contact: Any, names: Names) -> list[str]:
    """One contact's cells, its permanence's on the same line."""
    suite = contact_label("suite", contact.suite)
    return [
        safe_cell(residence),
        safe_cell(permanence.site or ""),
        _date(permanence.debut),
        _date(permanence.fin),
        safe_cell(permanence.agents or ""),
        yes_no(permanence.chantier),
        _date(contact.heure),
        safe_cell(names.qui(contact)),
        safe_cell(names.logement(contact)),
        contact_label("categorie", contact.categorie),
        safe_cell(contact.demande or ""),
        safe_cell(contact.reponse or ""),
        safe_cell(contact.orientation or ""),
        "" if suite == "—" else suite,
        _date(contact.rendez_vous_le),
        safe_cell(contact.documents_remis or ""),
        yes_no(contact.acces_refuse),
        safe_cell(contact.nuisances_chantier or ""),
        safe_cell(contact.degats_entreprise or ""),
        yes_no(contact.vulnerable),
        contact.id,
    ]


def permanences_csv(
    items: Iterable[Any],
    residences: Mapping[str, str],
    contacts: Mapping[str, list[Any]],
    names: Names,
) -> tuple[str, int]:
    """The CSV text (BOM included) of these permanences' contacts, and its number of lines."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADERS)
    count = 0
    for permanence in items:
        residence = residences.get(permanence.residence_id or "", "")
        for contact in contacts.get(permanence.id, []):
            writer.writerow(contact_row(permanence, residence, contact, names))
            count += 1
    return out.getvalue(), count
