"""Finding the persons a search designates, and the names Palier knows (the third parties).

A search (nom, optional prénom; accents and case ignored) yields the locataires of the
référentiel whose name holds the words searched, then the other names written in records
(entretiens, attestations, états des lieux' locataire parties, permanence contacts, candidates,
faits' reporters) that hold them and designate none of those locataires: a plaignant or a témoin
who does not rent from the landlord is found by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.models import (
    AttestationTemoin,
    ContactPermanence,
    Entretien,
    EtatDesLieux,
    Fait,
    Locataire,
    Signature,
    User,
    Visite,
)
from server.privacy import records as r
from server.privacy.collect import LANDLORD_SIDE, Subject, collect
from server.privacy.names import (
    Name,
    matches_search,
    name_of,
    parse_name,
    same_person,
    split_name,
)

MAX_CANDIDATES = 20


@dataclass(frozen=True)
class Candidate:
    """A person the search found, and how many records each family holds about them."""

    subject: Subject
    label: str
    source: str
    counts: dict[str, int]


def written_names() -> list[str]:
    """Every person's name written in a record (not the référentiel's, nor the staff's)."""
    out: list[str] = []
    out += [e.personne or "" for e in r.every(Entretien)]
    out += [f"{a.prenom or ''} {(a.nom or '').upper()}" for a in r.every(AttestationTemoin)]
    for edl in r.every(EtatDesLieux):
        out += [
            p.get("nom") or ""
            for p in edl.parties or []
            if isinstance(p, dict) and p.get("role") not in LANDLORD_SIDE
        ]
    out += [s.nom or "" for s in r.every(Signature) if s.role not in LANDLORD_SIDE]
    out += [c.nom or "" for c in r.every(ContactPermanence) if not c.anonyme]
    out += [v.candidat_nom or "" for v in r.every(Visite)]
    out += [f.signale_par or "" for f in r.every(Fait)]
    return [n for n in out if n.strip()]


def known_names() -> list[Name]:
    """The names of every person Palier knows: the référentiel's locataires and written names."""
    tenants = [name_of(t.nom, t.prenom) for t in r.every(Locataire)]
    return tenants + [parse_name(n) for n in written_names()]


def staff_names() -> list[Name]:
    """The back office's and the field's users: staff, never third parties."""
    return [parse_name(u.name) for u in r.every_user(User)]


def subject_of_locataire(locataire_id: str) -> Subject | None:
    """The subject for a locataire of the référentiel (None when unknown)."""
    row = r.locataire(locataire_id)
    if row is None:
        return None
    return Subject(row.nom, row.prenom or "", row.id, row.code)


def candidate_of_locataire(locataire_id: str) -> Candidate | None:
    """The locataire as a search result, with their counts per family (None when unknown)."""
    subject = subject_of_locataire(locataire_id)
    if subject is None:
        return None
    label = f"{subject.prenom} {subject.nom}".strip()
    return Candidate(subject, label, f"locataire {subject.code}", collect(subject).counts())


def find(nom: str, prenom: str = "") -> list[Candidate]:
    """The persons a search designates, locataires first, with their counts per family."""
    query = name_of(nom, prenom)
    subjects: list[tuple[Subject, str, str]] = []
    for t in r.every(Locataire):
        if matches_search(name_of(t.nom, t.prenom), query):
            label = f"{t.prenom} {t.nom}".strip()
            subjects.append(
                (Subject(t.nom, t.prenom or "", t.id, t.code), label, f"locataire {t.code}")
            )
    seen: list[Name] = [s.name for s, _label, _source in subjects]
    # the fullest spelling first: "Marie Dupont" stands for a later "Mme Dupont"
    for written in sorted(written_names(), key=lambda n: -len(parse_name(n).folded_tokens)):
        name = parse_name(written)
        if not matches_search(name, query) or any(same_person(name, n) for n in seen):
            continue
        seen.append(name)
        last, first, _civility = split_name(written)
        subjects.append(
            (Subject(last, first), f"{first} {last}".strip(), "nommée dans les dossiers")
        )
    return [
        Candidate(subject, label, source, collect(subject).counts())
        for subject, label, source in subjects[:MAX_CANDIDATES]
    ]
