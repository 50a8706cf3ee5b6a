"""Masking third parties in a data-subject export: pure, no database.

What is masked, with "[tiers]", counted one by one:
- in free text, the names Palier knows of persons other than the subject (locataires, the
  persons of entretiens and attestations, the locataire parties and signatories of états des
  lieux, permanence contacts, candidates), accents and case folded, on word boundaries:
  * the full name, first names then surname or surname then first names;
  * the surname alone when it is distinctive: three letters at least, no word of the subject's
    own name nor of a staff member's, and not a common French word ("Petit", "Blanc"...);
  * a first name alone is never masked (too many are shared with the subject or staff);
- in free text, the capitalised words after a civility ("M.", "Mme", "Madame", "Monsieur",
  "Mlle", "Mademoiselle", "Mr"), unless every one is a word of the subject's name or of a staff
  member's: this catches a name Palier does not know ("Mme X déclare...");
- in names fields (an entretien's person, a fait's reporter and witnesses, a contact's name, a
  candidate's name, a signatory of the locataire's side, an état des lieux' locataire party and
  her address), the whole value when it does not designate the subject or a staff member;
- in a bail's `locataire_ids`, the other tenants' identifiers.
Staff (the back office's users: gestionnaires, gardiens, agents) are not third parties: they
act for the landlord, and their names stay (an entretien's `mene_par`, a permanence's agents).
The bailleur's and the mandataire's side of an état des lieux stays for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from server.privacy.names import Name, fold, parse_name, same_person

MASK = "[tiers]"
MIN_SURNAME = 3
# surnames that are everyday words: masking them alone would mask the words
COMMON_WORDS = frozenset(
    {"petit", "grand", "blanc", "brun", "roux", "noir", "rose", "bon", "fort", "leger", "gros"}
)
LANDLORD_SIDE = frozenset({"bailleur", "mandataire"})
_CAP = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
_PARTICLE = r"(?:d['’]|(?:de|du|des|van|von)\s+)"
_CIVILITY = re.compile(
    r"(?<![\w-])(?:M\.|Mr\.?|(?i:mme|mlle)\.?|(?i:madame|monsieur|mademoiselle))\s+"
    rf"(?P<name>{_PARTICLE}?{_CAP}(?:[ \t]+{_PARTICLE}?{_CAP}){{0,2}})"
)
_PARTICLES = frozenset({"d", "de", "du", "des", "le", "la", "van", "von", "ben", "el"})
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# fields never read as text: identifiers, hashes, codes and coded values
SKIPPED = frozenset(
    {
        "id",
        "code",
        "sha256",
        "image_sha256",
        "content_hash",
        "owner_entity",
        "owner_record",
        "review_state",
        "role",
        "type",
        "sens",
        "etat",
        "statut",
        "categorie",
        "urgence",
        "nature",
        "origine",
        "responsabilite",
        "decision",
        "suite",
        "imputation",
        "qualification",
        "frequence",
        "cloture",
        "intensite",
        "issue",
        "partie_commune",
        "etat_entree",
    }
)
# (entity, field) holding a person's name: masked whole unless it is the subject's
NAME_FIELDS = frozenset(
    {
        ("entretien", "personne"),
        ("fait", "signale_par"),
        ("fait", "temoins"),
        ("contact_permanence", "nom"),
        ("visite", "candidat_nom"),
    }
)
# the subject's own rows, whose names are the subject's by construction
OWN_NAME_FIELDS = frozenset(
    {("locataire", "nom"), ("locataire", "prenom"), ("attestation_temoin", "nom")}
    | {("attestation_temoin", "prenom")}
)


def _sequence(words: Iterable[str]) -> str:
    return r"\s+".join(re.escape(w) for w in words)


@dataclass
class Redactor:
    """Masks other persons' names for one subject; `masks` counts what it masked."""

    subject: Name
    others: list[Name]
    staff: list[Name] = field(default_factory=list)
    subject_id: str | None = None
    masks: int = 0

    def __post_init__(self) -> None:
        self.kept = self.subject.folded_tokens.union(*(s.folded_tokens for s in self.staff))
        forms: set[str] = set()
        for other in self.others:
            if other.empty or self._is_kept(other):
                continue
            forms.add(_sequence(other.first + other.last))
            if other.first:
                forms.add(_sequence(other.last + other.first))
            if self._distinctive(other.last):
                forms.add(_sequence(other.last))
        ordered = sorted(forms, key=len, reverse=True)
        self._known = (
            re.compile(rf"(?<![\w-])(?:{'|'.join(ordered)})(?![\w-])") if ordered else None
        )

    def _is_kept(self, name: Name) -> bool:
        return same_person(name, self.subject) or any(same_person(name, s) for s in self.staff)

    def _distinctive(self, surname: tuple[str, ...]) -> bool:
        joined = " ".join(surname)
        return (
            len(joined.replace(" ", "")) >= MIN_SURNAME
            and joined not in COMMON_WORDS
            and not set(surname) & self.kept
        )

    def text(self, value: str) -> str:
        """A free text with other persons' names masked."""
        if not value:
            return value
        if self._known is not None:
            folded = fold(value)
            spans = [m.span() for m in self._known.finditer(folded)]
            for start, end in reversed(spans):
                value = value[:start] + MASK + value[end:]
            self.masks += len(spans)
        return _CIVILITY.sub(self._civility, value)

    def _civility(self, match: re.Match[str]) -> str:
        words = {fold(w) for w in re.findall(r"[^\W\d_]+", match.group("name"))} - _PARTICLES
        if words <= self.kept:
            return match.group(0)
        self.masks += 1
        start = match.start("name") - match.start(0)
        return match.group(0)[:start] + MASK

    def name(self, value: str | None) -> str | None:
        """A names field: kept when it designates the subject or a staff member, else masked."""
        if not value or not value.strip():
            return value
        if self._is_kept(parse_name(value)):
            return value
        self.masks += 1
        return MASK

    def record(self, entity: str, record: Mapping[str, Any], choices: Iterable[str] = ()) -> dict:
        """A record's fields with every text redacted (its coded fields left as they are)."""
        coded = SKIPPED | set(choices)
        out: dict[str, Any] = {}
        for key, value in record.items():
            if (entity, key) in OWN_NAME_FIELDS:
                out[key] = value
            elif (entity, key) in NAME_FIELDS:
                out[key] = self.name(value)
            elif entity == "etat_des_lieux" and key == "parties":
                out[key] = [self._partie(p) for p in value or []] if value is not None else None
            elif entity == "signature" and key == "nom" and record.get("role") in LANDLORD_SIDE:
                out[key] = value
            elif entity == "signature" and key == "nom":
                out[key] = self.name(value)
            elif key == "locataire_ids":
                out[key] = [self._tenant_id(i) for i in value or []]
            else:
                out[key] = self._value(key, value, coded)
        return out

    def _value(self, key: str, value: Any, coded: frozenset[str] | set[str]) -> Any:
        if key in coded or key.endswith("_id") or key.endswith("_ids"):
            return value
        if isinstance(value, str):
            return value if _ISO_DAY.match(value) else self.text(value)
        if isinstance(value, list):
            return [self._value(key, v, coded) for v in value]
        if isinstance(value, dict):
            return {k: self._value(k, v, coded) for k, v in value.items()}
        return value

    def _partie(self, partie: Any) -> Any:
        if not isinstance(partie, dict) or partie.get("role") in LANDLORD_SIDE:
            return partie
        nom = self.name(partie.get("nom"))
        if nom == MASK and partie.get("adresse"):
            self.masks += 1
            return {**partie, "nom": nom, "adresse": MASK}
        return {**partie, "nom": nom}

    def _tenant_id(self, value: Any) -> Any:
        if value == self.subject_id:
            return value
        self.masks += 1
        return MASK
