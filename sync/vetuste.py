"""Vétusté (DOMAIN.md): the share of a repair the tenant pays once wear from age is deducted.

part_locataire = cout × max(part_residuelle, 1 − abattement_annuel × max(0, age − franchise)),
age in whole years completed from the installation (or last renewal) to the exit; normal wear
costs the tenant nothing. Exact decimal arithmetic, rounded to the cent, half up: the field app
(pwa/src/edl/vetuste.js) computes the same cents from the same vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]{1,9})?")  # as the field app parses them


@dataclass(frozen=True)
class Grille:
    """One line of the grille de vétusté: durée de vie, franchise (years), rates as fractions."""

    element: str
    duree_vie: int
    franchise: int
    abattement_annuel: Decimal
    part_residuelle: Decimal


@dataclass(frozen=True)
class Partage:
    """How a repair is shared: the tenant's part, the landlord's, the age and rate applied."""

    age: int
    taux_locataire: Decimal
    part_locataire: Decimal
    part_bailleur: Decimal


def to_decimal(value: object) -> Decimal:
    """A JSON number or a plain decimal string ("349.99", ≤ 9 decimals) as an exact Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"nombre attendu : {value!r}")
    text = str(value)
    if not PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f"nombre attendu : {value!r}")
    return Decimal(text)


def grille_from(data: dict[str, object]) -> Grille:
    """A grille line from its JSON shape."""
    return Grille(
        element=str(data["element"]),
        duree_vie=int(str(data["duree_vie"])),
        franchise=int(str(data["franchise"])),
        abattement_annuel=to_decimal(data["abattement_annuel"]),
        part_residuelle=to_decimal(data["part_residuelle"]),
    )


def age_en_annees(depuis: date, jusqu_au: date) -> int:
    """Whole years completed from `depuis` to `jusqu_au` (0 when the exit is earlier)."""
    years = jusqu_au.year - depuis.year
    if (jusqu_au.month, jusqu_au.day) < (depuis.month, depuis.day):
        years -= 1
    return max(0, years)


def taux_locataire(grille: Grille, age: int) -> Decimal:
    """The fraction of the cost left to the tenant after `age` years."""
    worn = Decimal(1) - grille.abattement_annuel * max(0, age - grille.franchise)
    return max(grille.part_residuelle, worn)


def partage(
    grille: Grille, installe_le: date, sortie_le: date, cout: object, degradation: bool
) -> Partage:
    """Share a repair's cost between tenant and landlord (a negative cost is refused)."""
    amount = to_decimal(cout)
    if amount < 0:
        raise ValueError("le coût ne peut pas être négatif")
    age = age_en_annees(installe_le, sortie_le)
    rate = taux_locataire(grille, age) if degradation else Decimal(0)
    tenant = (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Partage(age, rate, tenant, amount.quantize(CENT, rounding=ROUND_HALF_UP) - tenant)
