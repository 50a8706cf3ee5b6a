"""The tableau de bord: what the field brought back lately, open conflicts, silent devices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from server.backoffice.devices import DeviceRow, stale_devices
from server.backoffice.labels import VISITE_TYPE_LABELS
from server.extensions import db
from server.models import Conflict, Residence, Visite
from server.models.base import utcnow

WINDOW_DAYS = 30
STALE_DAYS = 3
WAITING_STATES = ("recu", "corrige")


@dataclass
class Counts:
    """Visites received in the window, those waiting for review, those sent back."""

    label: str
    received: int = 0
    waiting: int = 0
    sent_back: int = 0


@dataclass
class Dashboard:
    """Every figure the page shows."""

    since: datetime
    total: Counts
    by_residence: list[Counts] = field(default_factory=list)
    by_type: list[Counts] = field(default_factory=list)
    open_conflicts: int = 0
    stale_since: datetime | None = None
    stale_devices: list[DeviceRow] = field(default_factory=list)


def _grouped(
    key: Any, since: datetime, scope: frozenset[str] | None
) -> list[tuple[Any, int, int, int]]:
    statement = (
        select(
            key,
            func.count(Visite.id),
            func.sum(case((Visite.review_state.in_(WAITING_STATES), 1), else_=0)),
            func.sum(case((Visite.review_state == "a_corriger", 1), else_=0)),
        )
        .where(Visite.deleted.is_(False), Visite.created_at >= since)
        .group_by(key)
    )
    if scope is not None:
        statement = statement.where(Visite.residence_id.in_(sorted(scope)))
    return [(k, int(a or 0), int(b or 0), int(c or 0)) for k, a, b, c in db.session.execute(statement)]


def build_dashboard(scope: frozenset[str] | None, now: datetime | None = None) -> Dashboard:
    """Compute the tableau de bord for a scope (None = whole agency)."""
    now = now or utcnow()
    since = now - timedelta(days=WINDOW_DAYS)
    names = dict(db.session.execute(select(Residence.id, Residence.nom)).all())
    by_residence = sorted(
        (Counts(names.get(k, "Sans résidence"), a, b, c) for k, a, b, c in _grouped(Visite.residence_id, since, scope)),
        key=lambda c: c.label,
    )
    by_type = sorted(
        (Counts(VISITE_TYPE_LABELS.get(k, k or "—"), a, b, c) for k, a, b, c in _grouped(Visite.type, since, scope)),
        key=lambda c: c.label,
    )
    total = Counts(
        "Total",
        sum(c.received for c in by_type),
        sum(c.waiting for c in by_type),
        sum(c.sent_back for c in by_type),
    )
    conflicts = select(func.count(Conflict.id)).where(Conflict.status == "open")
    if scope is not None:
        conflicts = conflicts.where(Conflict.residence_id.in_(sorted(scope)))
    stale_since = now - timedelta(days=STALE_DAYS)
    return Dashboard(
        since=since,
        total=total,
        by_residence=by_residence,
        by_type=by_type,
        open_conflicts=db.session.execute(conflicts).scalar_one(),
        stale_since=stale_since,
        stale_devices=stale_devices(stale_since),
    )
