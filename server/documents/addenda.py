"""When an addendum to an EDL d'entrée may be written (DOMAIN.md, issue 10): pure rules.

A tenant may complete the entry EDL within 10 days (`complement`), and add the heating's state
during the first month of the first heating season after it (`chauffage`). Both are dated
(`redige_le`) and judged on Paris calendar days; only a signed EDL d'entrée takes an addendum.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from server.documents.dates import french_day, paris_day
from sync.solde import add_months

COMPLEMENT = "complement"
CHAUFFAGE = "chauffage"
TYPES = (COMPLEMENT, CHAUFFAGE)
COMPLEMENT_DAYS = 10
DEFAULT_DEBUT_CHAUFFE = "10-15"
HORS_DELAI = "hors_delai"
MONTH_DAY = re.compile(r"([0-9]{2})-([0-9]{2})")


@dataclass(frozen=True)
class Window:
    """The days an addendum may be dated, both included."""

    first: date
    last: date

    def holds(self, day: date) -> bool:
        """Whether `day` is inside the window."""
        return self.first <= day <= self.last


def debut_chauffe(setting: str | None) -> tuple[int, int]:
    """(month, day) of the heating season's start, from "MM-DD" (PALIER_DEBUT_CHAUFFE)."""
    text = (setting or "").strip() or DEFAULT_DEBUT_CHAUFFE
    match = MONTH_DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        month, day = int(match[1]), int(match[2])
        date(2001, month, day)  # a day every year has (no 29 February)
    except ValueError:
        raise ValueError(
            f"PALIER_DEBUT_CHAUFFE vaut « {text} » : un jour MM-JJ est attendu (ex. 10-15)."
        ) from None
    return month, day


def complement_window(entree: date) -> Window:
    """From the entry's day to 10 days after it."""
    return Window(entree, entree + timedelta(days=COMPLEMENT_DAYS))


def chauffage_window(entree: date, start: tuple[int, int]) -> Window:
    """The first month of the first heating season whose first month ends after the entry."""
    month, day = start
    year = entree.year - 1
    while True:
        opens = date(year, month, day)
        closes = add_months(opens, 1)  # excluded
        if closes > entree:
            return Window(max(opens, entree), closes - timedelta(days=1))
        year += 1


def window_problem(
    entree: Mapping[str, Any] | None, kind: object, redige_le: object, start: tuple[int, int]
) -> tuple[str, str] | None:
    """Why an addendum of this kind, dated `redige_le`, may not complete this EDL (code,
    French message), or None. `entree`: the fields of the EDL it completes."""
    if entree is None:
        return ("unknown_reference", "L'état des lieux que cet addendum complète est introuvable.")
    if entree.get("sens") != "entree":
        return (
            HORS_DELAI,
            "Un addendum ne complète qu'un état des lieux d'entrée : "
            "celui-ci est un état des lieux de sortie.",
        )
    if entree.get("statut") != "signe":
        return (
            HORS_DELAI,
            "L'état des lieux d'entrée n'est pas encore signé : "
            "un addendum ne complète qu'un état des lieux signé.",
        )
    entree_day, day = paris_day(entree.get("date_edl")), paris_day(redige_le)
    if entree_day is None or day is None:
        return (HORS_DELAI, "La date de l'état des lieux d'entrée ou de l'addendum est inconnue.")
    if day < entree_day:
        return (
            HORS_DELAI,
            "Un addendum ne peut pas être daté d'avant l'état des lieux d'entrée "
            f"({french_day(entree_day)}).",
        )
    if kind == COMPLEMENT:
        window = complement_window(entree_day)
        if not window.holds(day):
            return (
                HORS_DELAI,
                "Le délai pour compléter l'état des lieux d'entrée est dépassé : il courait "
                f"jusqu'au {french_day(window.last)} inclus ({COMPLEMENT_DAYS} jours après "
                "l'état des lieux d'entrée).",
            )
    elif kind == CHAUFFAGE:
        window = chauffage_window(entree_day, start)
        if not window.holds(day):
            return (HORS_DELAI, _chauffage_message(window, late=day > window.last))
    return None


def _chauffage_message(window: Window, late: bool) -> str:
    span = f"du {french_day(window.first)} au {french_day(window.last)} inclus"
    if late:
        return (
            "Le délai pour ajouter l'état du chauffage est dépassé : il courait "
            f"{span} (premier mois de la saison de chauffe suivant l'état des lieux d'entrée)."
        )
    return (
        "L'état du chauffage s'ajoute pendant le premier mois de la saison de chauffe "
        f"suivant l'état des lieux d'entrée : {span}."
    )
