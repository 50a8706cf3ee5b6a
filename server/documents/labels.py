"""French labels of an état des lieux's conditions, marks and meters (the PDF, the family and the
back office share them)."""

from typing import Any

ETAT_LABELS = {
    "neuf": "Neuf",
    "bon": "Bon état",
    "usage": "État d'usage",
    "mauvais": "Mauvais état",
    "hors_service": "Hors service",
}
MARK_LABELS = {"non_teste": "Non testé", "absent": "Absent", "sale": "Sale"}
COMPTEUR_LABELS = {
    "eau_froide": "Eau froide",
    "eau_chaude": "Eau chaude",
    "electricite": "Électricité",
    "electricite_hp": "Électricité (heures pleines)",
    "electricite_hc": "Électricité (heures creuses)",
    "gaz": "Gaz",
    "chauffage": "Chauffage (répartiteur)",
}


def format_index(value: Any) -> str:
    """A meter index the French way: decimal comma, no rounding."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")
