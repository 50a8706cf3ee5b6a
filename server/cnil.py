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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_BY_FOLDED = {_fold(t): t for t in SUSPECT_TERMS}
_WORD = re.compile(r"\w+")


def _lookup(word: str) -> str | None:
    term = _BY_FOLDED.get(word)
    if term is None and word.endswith("s"):
        term = _BY_FOLDED.get(word[:-1])
    return term


def suspect_terms(texts: Iterable[object]) -> list[str]:
    """The suspect terms found in the texts, sorted, each once (as written in the list).

    Words are compared after folding case and accents, singular or plural; two-word terms are
    looked up on consecutive words.
    """
    found: set[str] = set()
    for text in texts:
        if not isinstance(text, str) or not text:
            continue
        previous = ""
        for raw in _WORD.findall(text.lower()):
            word = raw if raw.isascii() else _fold(raw)
            for candidate in (word, f"{previous} {word}" if previous else ""):
                term = _lookup(candidate) if candidate else None
                if term is not None:
                    found.add(term)
            previous = word
    return sorted(found)
