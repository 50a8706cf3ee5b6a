"""The tableau de bord: what the field brought back lately (every reviewed family), open
conflicts, silent devices, and the month's réclamations (server/dashboard_reclamations.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, distinct, func, null, select

from server.dashboard_reclamations import MonthFigures, month_figures
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import reviewed_entities
from server.models import Conflict, Device, MutationLog, Residence, User
from server.models.base import utcnow

WINDOW_DAYS = 30
STALE_DAYS = 3
WAITING_STATES = ("recu", "corrige")


@dataclass
class Counts:
    """Records received in the window, those waiting for review, those sent back."""

    key: str | None
    label: str
    received: int = 0
    waiting: int = 0
    sent_back: int = 0


@dataclass
class DeviceRow:
    """One device with its owner and figures."""

    device: Device
    user_name: str
    open_conflicts: int
    mutations: int
    user_role: str = ""


@dataclass
class Dashboard:
    """Every figure the page shows."""

    since: datetime
    total: Counts
    by_entity: list[tuple[str, str, int]] = field(default_factory=list)  # plural, e, received
    by_residence: list[Counts] = field(default_factory=list)
    by_type: list[Counts] = field(default_factory=list)
    open_conflicts: int = 0
    stale_since: datetime | None = None
    stale_devices: list[DeviceRow] = field(default_factory=list)
    reclamations: MonthFigures | None = None


def _conflict_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(MutationLog.device_id, func.count(distinct(Conflict.id)))
        .join(
            Conflict,
            (Conflict.record_id == MutationLog.record_id) & (Conflict.entity == MutationLog.entity),
        )
        .where(Conflict.status == "open", MutationLog.device_id.is_not(None))
        .group_by(MutationLog.device_id)
    )
    return {device_id: count for device_id, count in rows}


def _mutation_counts(device_ids: list[str]) -> dict[str, int]:
    if not device_ids:
        return {}
    rows = db.session.execute(
        select(MutationLog.device_id, func.count(MutationLog.id))
        .where(MutationLog.device_id.in_(device_ids))
        .group_by(MutationLog.device_id)
    )
    return {device_id: count for device_id, count in rows}


def device_rows(statement: Select | None = None) -> list[DeviceRow]:
    """Devices (all, or those `statement` selects) with their owner, open conflicts on records
    they wrote, and mutations received from them."""
    if statement is None:
        statement = select(Device).order_by(
            Device.revoked_at.is_not(None), Device.created_at.desc()
        )
    devices = list(db.session.execute(statement).scalars())
    users = {
        uid: (name, role)
        for uid, name, role in db.session.execute(select(User.id, User.name, User.role))
    }
    conflicts = _conflict_counts()
    mutations = _mutation_counts([d.id for d in devices])
    return [
        DeviceRow(
            d,
            users.get(d.user_id, ("—", ""))[0],
            conflicts.get(d.id, 0),
            mutations.get(d.id, 0),
            users.get(d.user_id, ("—", ""))[1],
        )
        for d in devices
    ]


def stale_devices(before: datetime) -> list[DeviceRow]:
    """Unrevoked devices that have not synced since `before` (or never), oldest first."""
    statement = (
        select(Device)
        .where(Device.revoked_at.is_(None))
        .where(Device.last_sync_at.is_(None) | (Device.last_sync_at < before))
        .order_by(Device.last_sync_at.is_(None).desc(), Device.last_sync_at, Device.name)
    )
    return device_rows(statement)


def _grouped(
    entity: EntityType, key: Any, since: datetime, scope: frozenset[str] | None
) -> list[tuple]:
    """(key, received, waiting, sent back) of the entity's records, by `key` (None: in all)."""
    model = entity.model
    statement = select(
        key if key is not None else null(),
        func.count(model.id),
        func.sum(case((model.review_state.in_(WAITING_STATES), 1), else_=0)),
        func.sum(case((model.review_state == "a_corriger", 1), else_=0)),
    ).where(model.deleted.is_(False), model.created_at >= since)
    if key is not None:
        statement = statement.group_by(key)
    if scope is not None:
        statement = statement.where(model.residence_id.in_(sorted(scope)))
    return [
        (k, int(a or 0), int(b or 0), int(c or 0)) for k, a, b, c in db.session.execute(statement)
    ]


def _add(counts: dict[Any, Counts], key: Any, label: str, row: tuple) -> None:
    found = counts.setdefault(key, Counts(key if isinstance(key, str) else None, label))
    found.received += row[1]
    found.waiting += row[2]
    found.sent_back += row[3]


def build_dashboard(scope: frozenset[str] | None, now: datetime | None = None) -> Dashboard:
    """Compute the tableau de bord of every reviewed family for a scope (None = whole agency)."""
    now = now or utcnow()
    since = now - timedelta(days=WINDOW_DAYS)
    names = dict(db.session.execute(select(Residence.id, Residence.nom)).all())
    residences: dict[Any, Counts] = {}
    kinds: dict[Any, Counts] = {}
    by_entity = []
    for entity in reviewed_entities():
        labels = entity.labels
        for row in _grouped(entity, entity.model.residence_id, since, scope):
            _add(residences, row[0], names.get(row[0], "Sans résidence"), row)
        kind = getattr(entity.model, labels.kind_field) if labels and labels.kind_field else None
        rows = [row for row in _grouped(entity, kind, since, scope) if row[1]]
        for row in rows:
            label = labels.kind_label(row[0]) if labels else entity.name
            _add(kinds, (entity.name, row[0]), label, row)
        noun = labels.noun if labels else None
        by_entity.append(
            (
                noun.plural if noun else entity.name,
                noun.e if noun else "",
                sum(row[1] for row in rows),
            )
        )
    by_type = sorted(kinds.values(), key=lambda c: c.label)
    total = Counts(
        None,
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
        by_entity=by_entity,
        by_residence=sorted(residences.values(), key=lambda c: c.label),
        by_type=by_type,
        open_conflicts=db.session.execute(conflicts).scalar_one(),
        stale_since=stale_since,
        stale_devices=stale_devices(stale_since),
        reclamations=month_figures(scope, now),
    )
