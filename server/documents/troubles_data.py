"""What a troubles de voisinage dossier shows (issue 11): its procedure step, the counts that
matter to a judge and one chronology of faits, entretiens and démarches, from plain record dicts.

Pure functions over the fields as stored (ISO strings), shared by the back-office page and the
PDFs; nothing here reads the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from server.families.troubles_labels import (
    DEMARCHE_TYPE_LABELS,
    DOSSIER_LABELS,
    FAIT_LABELS,
)
from server.families.troubles_labels import NATURE_LABELS as FAMILY_NATURES
from server.families.troubles_labels import ROLE_LABELS as FAMILY_ROLES
from sync.procedure import CLOSED_SENTENCE, NIGHT_END, NIGHT_START, STEP_NAMES, etape_courante

LOCAL_ZONE = ZoneInfo("Europe/Paris")


def _lower(labels: Mapping[str, str]) -> dict[str, str]:
    return {code: label.lower() for code, label in labels.items()}


# The family's labels (server/families/troubles_labels.py), lower-case where letters say them
# mid-sentence ("des nuisances de type bruit, odeurs").
NATURE_LABELS = _lower(FAMILY_NATURES)
FREQUENCE_LABELS = _lower(DOSSIER_LABELS.choices["frequence"])
ROLE_LABELS = _lower(FAMILY_ROLES)
INTENSITE_LABELS = _lower(FAIT_LABELS.choices["intensite"])
CLOTURE_LABELS = _lower(DOSSIER_LABELS.choices["cloture"])
DEMARCHE_LABELS = DEMARCHE_TYPE_LABELS
LETTER_TYPES = ("rappel_bail", "mise_en_demeure")


@dataclass(frozen=True)
class Step:
    """Where the procedure stands: the furthest step reached and the sentence for the next."""

    current: str
    current_label: str
    next_sentence: str


def parse_moment(value: Any) -> datetime | None:
    """An ISO date-time in Paris time (naive values are Paris wall time); None if unreadable."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_ZONE)
    return moment.astimezone(LOCAL_ZONE)


def parse_day(value: Any) -> date | None:
    """An ISO date (or the Paris day of a date-time); None if unreadable."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    moment = parse_moment(value)
    return moment.date() if moment else None


def french_date(value: Any) -> str:
    """A date as "31/03/2026" ("" when unknown)."""
    day = parse_day(value)
    return day.strftime("%d/%m/%Y") if day else ""


def french_datetime(value: Any) -> str:
    """A date-time as "31/03/2026 à 23h15", Paris time ("" when unknown)."""
    moment = parse_moment(value)
    return moment.strftime("%d/%m/%Y à %Hh%M") if moment else ""


def night_of(value: Any) -> date | None:
    """The evening a moment's night started on, if it lies between 22 h and 7 h Paris time."""
    moment = parse_moment(value)
    if moment is None:
        return None
    if moment.hour >= NIGHT_START:
        return moment.date()
    if moment.hour < NIGHT_END:
        return date.fromordinal(moment.date().toordinal() - 1)
    return None


def live(records: list[dict]) -> list[dict]:
    """The records not deleted."""
    return [r for r in records if not r.get("deleted")]


def procedure_step(dossier: dict, entretiens: list[dict], demarches: list[dict]) -> Step:
    """The furthest step reached by the dossier's entretiens (by role) and démarches (by type),
    as the tablet shows it (sync/procedure.py)."""
    current, _next, sentence = etape_courante(
        (e.get("role") for e in live(entretiens)), (d.get("type") for d in live(demarches))
    )
    if dossier.get("etat") == "clos":
        sentence = CLOSED_SENTENCE
    return Step(current, STEP_NAMES[current], sentence)


def natures_text(codes: Any) -> str:
    """The natures of a dossier as French words ("bruit, odeurs")."""
    if isinstance(codes, str):
        codes = [codes]
    return ", ".join(NATURE_LABELS.get(c, str(c)) for c in codes or [])


@dataclass(frozen=True)
class Counts:
    """What a judge asks first: how often, how many nights, how many households."""

    faits: int
    par_mois: list[tuple[str, int]]  # ("03/2026", 4), in calendar order
    nuits: int
    menages: int | None
    premier: str
    dernier: str


def counts_of(dossier: dict, faits: list[dict]) -> Counts:
    """The dossier's counts from its live faits (nights from survenu_le, Paris time)."""
    moments = sorted(m for m in (parse_moment(f.get("survenu_le")) for f in live(faits)) if m)
    months = Counter((m.year, m.month) for m in moments)
    nights = {n for n in (night_of(m) for m in moments) if n}
    return Counts(
        faits=len(moments),
        par_mois=[(f"{month:02d}/{year}", months[year, month]) for year, month in sorted(months)],
        nuits=len(nights),
        menages=dossier.get("menages_concernes"),
        premier=french_datetime(moments[0]) if moments else "",
        dernier=french_datetime(moments[-1]) if moments else "",
    )


@dataclass(frozen=True)
class Event:
    """One line of the chronology."""

    at: str  # ISO, for ordering
    quand: str
    kind: str  # fait | entretien | demarche
    titre: str
    texte: str
    record_id: str


def chronology(faits: list[dict], entretiens: list[dict], demarches: list[dict]) -> list[Event]:
    """Faits, entretiens and démarches of a dossier in one list, oldest first."""
    events: list[tuple[datetime, Event]] = []

    def add(when: Any, kind: str, titre: str, texte: str, record: dict) -> None:
        moment = parse_moment(when) or datetime.min.replace(tzinfo=LOCAL_ZONE)
        quand = french_datetime(when)
        event = Event(str(when or ""), quand, kind, titre, texte, str(record.get("id") or ""))
        events.append((moment, event))

    for fait in live(faits):
        titre = f"Fait : {NATURE_LABELS.get(fait.get('nature'), fait.get('nature') or '')}"
        if fait.get("intensite"):
            titre += f" ({INTENSITE_LABELS.get(fait['intensite'], fait['intensite'])})"
        if night_of(fait.get("survenu_le")):
            titre += ", de nuit"
        add(fait.get("survenu_le"), "fait", titre, fait.get("description") or "", fait)
    for entretien in live(entretiens):
        role = ROLE_LABELS.get(entretien.get("role"), entretien.get("role") or "")
        titre = f"Entretien avec {entretien.get('personne') or 'une personne'} ({role})"
        add(
            entretien.get("date"),
            "entretien",
            titre,
            entretien.get("faits_declares") or "",
            entretien,
        )
    for demarche in live(demarches):
        titre = DEMARCHE_LABELS.get(demarche.get("type"), demarche.get("type") or "")
        add(demarche.get("date"), "demarche", titre, demarche.get("details") or "", demarche)
    events.sort(key=lambda pair: (pair[0], pair[1].kind, pair[1].record_id))
    return [event for _, event in events]
