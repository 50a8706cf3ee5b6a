"""French labels of an état des lieux's conditions, marks and meters (the PDF, the family and the
back office share them)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ETAT_LABELS = {
    "neuf": "Neuf",
    "bon": "Bon état",
    "usage": "État d'usage",
    "mauvais": "Mauvais état",
    "hors_service": "Hors service",
}
IMPUTATION_LABELS = {
    "degradation": "Dégradation (à la charge du locataire)",
    "usure_normale": "Usure normale (à la charge du bailleur)",
}
ADDENDUM_TYPE_LABELS = {
    "complement": "Complément à l'état des lieux d'entrée",
    "chauffage": "État du chauffage",
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


def format_euros(amount: Any) -> str:
    """An amount in euros the French way, no-break spaces inside: 1 234,50 € (Decimal or number)."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = f"{abs(value):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{'-' if value < 0 else ''}{grouped},{cents}\u00a0€"


def format_percent(fraction: Any) -> str:
    """A fraction as a French percentage, a no-break space before %: 0.5 → "50 %"."""
    value = (Decimal(str(fraction)) * 100).normalize()
    text = format(value, "f")
    return text.replace(".", ",") + "\u00a0%"


def format_index(value: Any) -> str:
    """A meter index the French way: decimal comma, no rounding."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")
