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


_LATIN = str.maketrans(
    {
        **{c: "a" for c in "àâäáãå"},
        **{c: "e" for c in "éèêë"},
        **{c: "i" for c in "îïíì"},
        **{c: "o" for c in "ôöóòõ"},
        **{c: "u" for c in "ùûüú"},
        "ç": "c",
        "ÿ": "y",
        "ñ": "n",
        "œ": "oe",
        "æ": "ae",
    }
)


def _fold(text: str) -> str:
    lowered = text.lower().translate(_LATIN)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SINGLE: dict[str, str] = {}
_PAIRS: dict[tuple[str, str], str] = {}
for _term in SUSPECT_TERMS:
    _words = _fold(_term).split()
    if len(_words) == 1:
        _SINGLE[_words[0]] = _SINGLE[_words[0] + "s"] = _term
    else:
        for _first in (_words[0], _words[0] + "s"):
            _PAIRS[(_first, _words[1])] = _PAIRS[(_first, _words[1] + "s")] = _term
_PAIR_FIRSTS = frozenset(first for first, _second in _PAIRS)
_WORD = re.compile(r"\w+")


def suspect_terms(texts: Iterable[object]) -> list[str]:
    """The suspect terms found in the texts, sorted, each once (as written in the list).

    Words are compared after folding case and accents, singular or plural; two-word terms are
    looked up on consecutive words. Set intersections keep it to a few microseconds a text.
    """
    found: set[str] = set()
    for text in texts:
        if not isinstance(text, str) or not text:
            continue
        lower = text.lower()
        words = _WORD.findall(lower if lower.isascii() else _fold(lower))
        distinct = set(words)
        found.update(_SINGLE[w] for w in distinct.intersection(_SINGLE))
        if not distinct.isdisjoint(_PAIR_FIRSTS):
            for pair in zip(words, words[1:], strict=False):
                if pair in _PAIRS:
                    found.add(_PAIRS[pair])
    return sorted(found)
