"""What a sortie's documents read besides the sortie: its signed entry and the grille de vétusté."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.documents.sortie import grilles_by_element
from server.extensions import db
from server.models import EdlElement, EtatDesLieux, GrilleVetuste


def signed_entree(sortie: Any) -> EtatDesLieux | None:
    """The signed, live EDL d'entrée a sortie continues (None when it has none)."""
    entree_id = getattr(sortie, "entree_id", None)
    entree = db.session.get(EtatDesLieux, entree_id) if entree_id else None
    if entree is None or entree.deleted or entree.sens != "entree" or entree.statut != "signe":
        return None
    return entree


def sortie_context(sortie: Any) -> dict[str, Any]:
    """The PDF context of a sortie: the entry's date and elements, the grille lines ({} for an
    entry)."""
    if getattr(sortie, "sens", None) != "sortie":
        return {}
    entree = signed_entree(sortie)
    elements: dict[str, dict[str, Any]] = {}
    if entree is not None:
        query = select(EdlElement).where(EdlElement.edl_id == entree.id, ~EdlElement.deleted)
        for element in db.session.scalars(query):
            elements[element.id] = {"etat": element.etat, "observations": element.observations}
    return {
        "date_entree": entree.date_edl if entree is not None else None,
        "entree_elements": elements,
        "grilles": grilles_by_element(db.session.scalars(select(GrilleVetuste))),
    }
