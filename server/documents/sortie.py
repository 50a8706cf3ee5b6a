"""The vétusté of an état des lieux de sortie, element by element, and its totals (pure: no I/O).

An element is charged when the exit gave it an imputation and a repair cost, unless its exit
condition is known to be no worse than the entry's (as the field app judges it,
pwa/src/edl/sortie.js `compare`: absent at the exit and not at the entry is worse). A dégradation is
shared with `sync.vetuste.partage` (the grille line of `grille_element`, from `installe_le` or
else the entry's date, to the sortie's day); usure normale costs the tenant nothing; a dégradation
with no grille line (or no date to age it from) is the tenant's whole cost, and the line says so.
The exit PDF and the back office's décompte read the same lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from server.documents.dates import paris_day
from sync.vetuste import CENT, Grille, grille_from, partage, to_decimal

DEGRADATION = "degradation"
USURE_NORMALE = "usure_normale"
IMPUTATIONS = (DEGRADATION, USURE_NORMALE)
SANS_GRILLE = "Pas de grille de vétusté pour cet élément : le coût est à la charge du locataire."
SANS_DATE = (
    "Date d'installation inconnue : pas de vétusté appliquée, le coût est à la charge du locataire."
)
SANS_SORTIE = (
    "Date de l'état des lieux de sortie inconnue : pas de vétusté appliquée, "
    "le coût est à la charge du locataire."
)
HUNDRED = Decimal(100)
RANK = {etat: rank for rank, etat in enumerate(("neuf", "bon", "usage", "mauvais", "hors_service"))}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class VetusteLine:
    """One charged element: its cost and how it is shared, with the inputs of the computation."""

    element_id: str | None
    piece: str
    element: str
    imputation: str  # degradation | usure_normale
    grille: Grille | None
    installe_le: date | None
    age: int | None  # whole years from installe_le to the sortie
    taux_locataire: Decimal  # fraction of the cost left to the tenant (0..1)
    cout: Decimal
    part_locataire: Decimal
    part_bailleur: Decimal
    remarque: str  # "" or why no vétusté applies, in French


@dataclass(frozen=True)
class SortieLines:
    """The charged elements of a sortie and the totals (Decimal, to the cent)."""

    lines: tuple[VetusteLine, ...]
    sortie_le: date | None
    total_cout: Decimal
    total_locataire: Decimal
    total_bailleur: Decimal


def grille_key(name: object) -> str:
    """How a grille line is looked up: its element name, case-insensitive, spaces trimmed."""
    return str(name or "").strip().casefold()


def referentiel_grille(row: Any) -> Grille:
    """A grille line from the référentiel (a `grille_vetuste` row or dict).

    The référentiel holds the rates in percent, as the ERP exports them (10 for 10 %, DOMAIN.md;
    README, grille_vetuste.csv); the formula takes fractions. The field app converts the same way
    (pwa/src/edl/sortie.js), exactly, so both compute the same shares.
    """

    def get(name: str) -> Any:
        return row.get(name) if isinstance(row, Mapping) else getattr(row, name)

    def fraction(name: str) -> str:
        rate = to_decimal(_plain(get(name)))
        return str(rate / HUNDRED)

    return grille_from(
        {
            "element": get("element"),
            "duree_vie": get("duree_vie"),
            "franchise": get("franchise"),
            "abattement_annuel": fraction("abattement_annuel"),
            "part_residuelle": fraction("part_residuelle"),
        }
    )


def grilles_by_element(rows: Iterable[Any]) -> dict[str, Grille]:
    """The référentiel's grille lines keyed by `grille_key` of their element (deleted ones left)."""
    out: dict[str, Grille] = {}
    for row in rows:
        deleted = row.get("deleted") if isinstance(row, Mapping) else getattr(row, "deleted", False)
        if not deleted:
            grille = referentiel_grille(row)
            out[grille_key(grille.element)] = grille
    return out


def sortie_lines(
    edl_fields: Mapping[str, Any],
    elements: Iterable[Mapping[str, Any]],
    grille_by_element: Mapping[str, Grille],
    entree_date: object,
) -> SortieLines:
    """The vétusté lines of a sortie's charged elements, in element order, and their totals.

    `edl_fields`: the sortie's fields (its `date_edl`); `elements`: its elements, plain fields
    with `id` or pull-shaped records; `grille_by_element`: Grille lines by element name (any
    case; `grilles_by_element` builds it from the référentiel); `entree_date`: the entry EDL's
    date (ISO date or date-time, or None), used when an element has no `installe_le`.
    """
    sortie_le = paris_day(edl_fields.get("date_edl"))
    fallback = paris_day(entree_date)
    grilles = {grille_key(name): grille for name, grille in grille_by_element.items()}
    lines = []
    for element in sorted(_live(elements), key=element_order):
        cout = element.get("cout")
        if element.get("imputation") not in IMPUTATIONS or cout is None or no_worse(element):
            continue
        installe_le = paris_day(element.get("installe_le")) or fallback
        grille = grilles.get(grille_key(element.get("grille_element")))
        lines.append(_line(element, grille, installe_le, sortie_le, to_decimal(_plain(cout))))
    return SortieLines(
        tuple(lines),
        sortie_le,
        _cents(sum((line.cout for line in lines), ZERO)),
        _cents(sum((line.part_locataire for line in lines), ZERO)),
        _cents(sum((line.part_bailleur for line in lines), ZERO)),
    )


def no_worse(element: Mapping[str, Any]) -> bool:
    """Whether the exit condition is known and no worse than the entry's (nothing to charge)."""
    if element.get("absent") and element.get("etat_entree"):
        return False
    etat, entree = element.get("etat"), element.get("etat_entree")
    return etat in RANK and entree in RANK and RANK[etat] <= RANK[entree]


def _line(
    element: Mapping[str, Any],
    grille: Grille | None,
    installe_le: date | None,
    sortie_le: date | None,
    cout: Decimal,
) -> VetusteLine:
    degradation = element.get("imputation") == DEGRADATION
    age: int | None = None
    remarque = ""
    if grille is not None and installe_le is not None and sortie_le is not None:
        shared = partage(grille, installe_le, sortie_le, cout, degradation)
        age, rate, tenant = shared.age, shared.taux_locataire, shared.part_locataire
    elif not degradation:
        rate, tenant = Decimal(0), ZERO
    else:
        remarque = SANS_GRILLE if grille is None else SANS_DATE if sortie_le else SANS_SORTIE
        rate, tenant = Decimal(1), _cents(cout)
    return VetusteLine(
        element_id=element.get("id"),
        piece=str(element.get("piece") or ""),
        element=str(element.get("element") or ""),
        imputation=str(element.get("imputation")),
        grille=grille,
        installe_le=installe_le,
        age=age,
        taux_locataire=rate,
        cout=_cents(cout),
        part_locataire=tenant,
        part_bailleur=_cents(cout) - tenant,
        remarque=remarque,
    )


def _plain(value: Any) -> Any:
    """A stored number as `to_decimal` reads it (a float 10.0 stays "10.0", a Decimal as is)."""
    return format(value, "f") if isinstance(value, Decimal) else value


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _live(elements: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out = []
    for item in elements:
        if "fields" in item and "record" in item:
            if item.get("deleted") or item.get("removed"):
                continue
            item = {**item["fields"], "id": item["record"]}
        elif item.get("deleted"):
            continue
        out.append(item)
    return out


def element_order(element: Mapping[str, Any]) -> tuple[float, str]:
    """Elements in their `ordre` (none: last), then by id."""
    ordre = element.get("ordre")
    rank = float(ordre) if isinstance(ordre, int | float) else float("inf")
    return (rank, str(element.get("id")))
