"""The CNIL's rule for free text: flag words that suggest health, religion, politics or offences.

The list is deliberately short and literal: it asks a person to re-read, it decides nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SUSPECT_TERMS = (
    # health
    "alcool",
    "alcoolique",
    "ivre",
    "drogue",
    "drogué",
    "toxicomane",
    "malade",
    "maladie",
    "dépression",
    "dépressif",
    "psychiatrique",
    "schizophrène",
    "bipolaire",
    "handicap",
    "enceinte",
    "séropositif",
    "cancer",
    "traitement médical",
    # religion, politics, origin
    "religion",
    "musulman",
    "juif",
    "chrétien",
    "catholique",
    "islam",
    "syndicat",
    "ethnie",
    # offences, judgements
    "délinquant",
    "voleur",
    "dealer",
    "trafic",
    "casier judiciaire",
    "condamné",
    "prison",
    "fou",
    "folle",
    "hystérique",
    "sale type",
    "racaille",
)


_ACCENTS = {"e": "eéèêë", "a": "aàâä", "i": "iîï", "o": "oôö", "u": "uùûü", "c": "cç"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _loose(term: str) -> str:
    """A pattern matching the term with or without its accents."""
    return "".join(f"[{_ACCENTS[c]}]" if c in _ACCENTS else re.escape(c) for c in _fold(term))


# One pass over the raw text, case-insensitive, accents optional: no per-text normalisation.
_PATTERN = re.compile(r"\b(" + "|".join(_loose(t) for t in SUSPECT_TERMS) + r")s?\b", re.IGNORECASE)
_BY_FOLDED = {_fold(t): t for t in SUSPECT_TERMS}


def suspect_terms(texts: Iterable[object]) -> list[str]:
    """The suspect terms found in the texts, sorted, each once (as written in the list)."""
    found: set[str] = set()
    for text in texts:
        if isinstance(text, str) and text:
            found.update(_BY_FOLDED[_fold(m.group(1))] for m in _PATTERN.finditer(text))
    return sorted(found)
