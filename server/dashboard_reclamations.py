"""The tableau de bord's "Réclamations du mois": how many were reported this month (Paris) by
catégorie, and the share of those réalisées this month that were réalisées by their échéance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from server.extensions import db
from server.families.reclamations_labels import CATEGORIE_LABELS
from server.models.reclamations import Reclamation, ReclamationEvenement
from server.review import LOCAL_ZONE

REALISEE = "realisee"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# A record is received after it happened, give or take a device's clock one day ahead:
# anything that happened this month was received at most this long before the month began.
RECEIVED_BEFORE = timedelta(days=2)


@dataclass
class MonthFigures:
    """The month's réclamations by catégorie, and how many were réalisées in time."""

    month: str  # "novembre 2026"
    by_categorie: list[tuple[str, int]] = field(default_factory=list)  # label, count
    total: int = 0
    realisees: int = 0
    in_time: int = 0

    @property
    def share(self) -> str:
        """ "75 %" of the réalisées in time ("—" when none was réalisée this month)."""
        if not self.realisees:
            return "—"
        return f"{round(100 * self.in_time / self.realisees)} %"


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The first instant of `now`'s month in Paris, and of the next month."""
    local = now.astimezone(LOCAL_ZONE)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 moment as an aware datetime (naive means Paris time), None if unreadable."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def _in_month(value: str | None, start: datetime, end: datetime) -> datetime | None:
    moment = parse_iso(value or "")
    return moment if moment is not None and start <= moment < end else None


def _scoped(statement: Any, scope: frozenset[str] | None) -> Any:
    if scope is not None:
        statement = statement.where(Reclamation.residence_id.in_(sorted(scope)))
    return statement


def _received_since(start: datetime) -> datetime:
    return (start - RECEIVED_BEFORE).astimezone(UTC)


def _counts(scope: frozenset[str] | None, start: datetime, end: datetime) -> dict[str, int]:
    """Réclamations reported this month, by catégorie code."""
    rows = db.session.execute(
        _scoped(
            select(Reclamation.categorie, Reclamation.signalee_le).where(
                Reclamation.deleted.is_(False), Reclamation.created_at >= _received_since(start)
            ),
            scope,
        )
    )
    counts: dict[str, int] = {}
    for categorie, signalee_le in rows:
        if _in_month(signalee_le, start, end) is not None:
            counts[categorie or ""] = counts.get(categorie or "", 0) + 1
    return counts


def _realisations(
    scope: frozenset[str] | None, start: datetime, end: datetime
) -> list[tuple[datetime, datetime | None]]:
    """(first réalisée, échéance) of the réclamations first réalisées this month."""
    recent = select(ReclamationEvenement.reclamation_id).where(
        ReclamationEvenement.statut == REALISEE,
        ReclamationEvenement.deleted.is_(False),
        ReclamationEvenement.created_at >= _received_since(start),
    )
    rows = db.session.execute(
        _scoped(
            select(Reclamation.id, Reclamation.echeance, ReclamationEvenement.le)
            .join(ReclamationEvenement, ReclamationEvenement.reclamation_id == Reclamation.id)
            .where(
                Reclamation.deleted.is_(False),
                Reclamation.id.in_(recent),
                ReclamationEvenement.statut == REALISEE,
                ReclamationEvenement.deleted.is_(False),
            ),
            scope,
        )
    )
    first: dict[str, tuple[datetime, datetime | None]] = {}
    for record_id, echeance, le in rows:
        moment = parse_iso(le or "")
        if moment is not None and (record_id not in first or moment < first[record_id][0]):
            first[record_id] = (moment, parse_iso(echeance) if echeance else None)
    return [pair for pair in first.values() if start <= pair[0] < end]


def month_figures(scope: frozenset[str] | None, now: datetime) -> MonthFigures:
    """The figures of `now`'s month (Paris) for a scope (None = whole agency)."""
    start, end = month_bounds(now)
    counts = _counts(scope, start, end)
    realisations = _realisations(scope, start, end)
    return MonthFigures(
        month=f"{MONTHS[start.month - 1]} {start.year}",
        by_categorie=sorted(
            (
                (CATEGORIE_LABELS.get(code, code or "Sans catégorie"), n)
                for code, n in counts.items()
            ),
            key=lambda item: (-item[1], item[0]),
        ),
        total=sum(counts.values()),
        realisees=len(realisations),
        in_time=sum(1 for done, due in realisations if due is not None and done <= due),
    )
