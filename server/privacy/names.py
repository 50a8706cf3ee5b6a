"""Persons' names as Palier compares them: accents and case folded, civilities dropped.

Pure functions, no database. A name written in a record ("Mme Dupont", "DUPONT Marie",
"Marie Dupont") is read into a `Name`: its first-name tokens and its surname tokens. Rules:
- a token written all in capitals ("DUPONT Marie", as the ERP exports it) is the surname;
- otherwise the last token is the surname, the tokens before it first names;
- a leading civility ("M.", "Mme", "Madame", "Monsieur", "Mlle", "Mademoiselle", "Mr") is
  dropped and remembered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CIVILITIES = ("m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle")
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")


def fold_char(char: str) -> str:
    """One character without its accent, lower-case; always one character long."""
    base = unicodedata.normalize("NFD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """Text without accents, lower-case, the same length as `text` (NFC)."""
    return "".join(fold_char(c) for c in text)


def tokens(text: str | None) -> tuple[str, ...]:
    """The words of a name as written (letters, inner hyphens and apostrophes)."""
    return tuple(_TOKEN.findall(unicodedata.normalize("NFC", text or "")))


@dataclass(frozen=True)
class Name:
    """A person's name: folded first-name and surname tokens, and whether a civility led it."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    civility: bool = False

    @property
    def folded_tokens(self) -> frozenset[str]:
        """Every token of the name, folded."""
        return frozenset(self.first + self.last)

    @property
    def full(self) -> str:
        """ "marie dupont" (folded)."""
        return " ".join(self.first + self.last)

    @property
    def empty(self) -> bool:
        """Whether no surname was read."""
        return not self.last


def split_name(text: str | None) -> tuple[str, str, bool]:
    """(surname, first names, whether a civility led) of a name as written, words as written."""
    words = list(tokens(text))
    civility = False
    while words and fold(words[0]).rstrip(".") in CIVILITIES:
        words.pop(0)
        civility = True
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if capitals and len(capitals) < len(words):
        last = [w for w in words if w in capitals]
        first = [w for w in words if w not in capitals]
        return " ".join(last), " ".join(first), civility
    return (words[-1] if words else ""), " ".join(words[:-1]), civility


def parse_name(text: str | None) -> Name:
    """A free-form name as written in a record ("Mme Dupont", "DUPONT Marie", "Henri Lefèvre")."""
    nom, prenom, civility = split_name(text)
    name = name_of(nom, prenom)
    return Name(name.first, name.last, civility)


def name_of(nom: str | None, prenom: str | None = None) -> Name:
    """A name from separate surname and first-name fields (référentiel, attestation)."""
    return Name(tuple(fold(t) for t in tokens(prenom)), tuple(fold(t) for t in tokens(nom)))


def same_person(written: Name, person: Name) -> bool:
    """Whether a name written in a record designates `person`.

    Every surname token of the person is written, and every other written token is one of the
    person's first names: "Mme Dupont", "Marie Dupont" and "DUPONT Marie" are Marie Dupont,
    "Jean Dupont" is not. A surname alone designates the person (homonyms are the back office's
    to tell apart: the search page shows where each name appears before the export).
    """
    if person.empty or written.empty:
        return False
    words = set(written.first + written.last)
    return set(person.last) <= words and words <= set(person.last) | set(person.first)


def matches_search(written: Name, query: Name) -> bool:
    """Whether a written name holds every token searched ("Dupont" finds "Mme Dupont" and
    "Marie Dupont"; "Dupont" + "Marie" finds only the latter)."""
    if query.empty or written.empty:
        return False
    return query.folded_tokens <= written.folded_tokens


def display(nom: str | None, prenom: str | None = None) -> str:
    """ "Marie DUPONT" as the back office shows a person."""
    return " ".join(x.strip() for x in (prenom or "", nom or "") if x and x.strip())
