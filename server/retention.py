"""Retention: purging old change-log rows and tombstones (devices behind them reset), and erasing
the records of every family kept past their declared retention.

An entity declares how long its records are kept after their last change
(`EntityType.retention_days`); the configuration overrides it (`PALIER_RETENTION_DAYS_<ENTITY>`,
read into `PALIER_RETENTION_DAYS`). Erasing removes the record with what would still show its
content (its ledger rows, conflicts, review steps) and the records that belong to it (its
photos), and logs a removal so the devices that hold it drop it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select

from server.engine.changes import log_changes
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import children_of, writable_entities
from server.models import ChangeLog, Conflict, MutationLog, ReviewEvent, SyncState
from server.models.base import utcnow

CHUNK = 500


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def kept_days(entity: EntityType) -> int | None:
    """How long the entity's records are kept after their last change (None: until deleted)."""
    configured = current_app.config.get("PALIER_RETENTION_DAYS", {}) if has_app_context() else {}
    return configured.get(entity.name, entity.retention_days)


def _erase(entity: EntityType, ids: list[str], removed: dict[str, int]) -> None:
    """Erase these records of `entity`, their traces and the records belonging to them; count
    them in `removed` by entity."""
    model = entity.model
    for chunk in _chunks(sorted(ids)):
        rows = db.session.execute(
            select(model.id, model.version, model.residence_id, model.deleted).where(
                model.id.in_(chunk)
            )
        ).all()
        # devices holding a live record drop it at their next pull (server/engine/pull.py)
        log_changes(
            (entity.name, r.id, r.version, r.residence_id, True) for r in rows if not r.deleted
        )
        for child in children_of(entity.name):
            assert child.parent is not None
            criteria = [getattr(child.model, child.parent.field).in_(chunk)]
            if child.parent.entity_field:
                criteria.append(getattr(child.model, child.parent.entity_field) == entity.name)
            owned = list(db.session.scalars(select(child.model.id).where(*criteria)))
            if owned:
                _erase(child, owned, removed)
        for trace in (MutationLog, Conflict, ReviewEvent):
            db.session.execute(
                delete(trace).where(trace.entity == entity.name, trace.record_id.in_(chunk))
            )
        erased = db.session.execute(delete(model).where(model.id.in_(chunk))).rowcount or 0
        removed[entity.name] = removed.get(entity.name, 0) + erased


def erase_expired(now: datetime | None = None) -> dict[str, int]:
    """Erase the records unchanged for longer than their entity's retention; counts by entity."""
    removed: dict[str, int] = {}
    for entity in writable_entities():
        days = kept_days(entity)
        if days is None:
            continue
        cutoff = (now or utcnow()) - timedelta(days=days)
        model = entity.model
        ids = list(db.session.scalars(select(model.id).where(model.updated_at < cutoff)))
        removed.setdefault(entity.name, 0)
        _erase(entity, ids, removed)
    return removed


def purge_change_log(retention_days: int, now: datetime | None = None) -> dict[str, int]:
    """Drop change-log rows and tombstones older than the retention, then erase the records past
    their own retention; returns what was removed."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = select(ChangeLog.xid, ChangeLog.id).where(ChangeLog.changed_at < cutoff)
    last = db.session.execute(
        old.order_by(ChangeLog.xid.desc(), ChangeLog.id.desc()).limit(1)
    ).first()
    removed: dict[str, int] = {"change_log": 0}
    if last is not None:
        state = db.session.get(SyncState, 1) or SyncState(id=1, purged_xid=0, purged_id=0)
        if (last.xid, last.id) > (state.purged_xid, state.purged_id):
            state.purged_xid, state.purged_id = int(last.xid), int(last.id)
        db.session.add(state)
        removed["change_log"] = (
            db.session.scalar(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.changed_at < cutoff)
            )
            or 0
        )
        db.session.execute(delete(ChangeLog).where(ChangeLog.changed_at < cutoff))
        for entity in writable_entities():
            model = entity.model
            result = db.session.execute(
                delete(model).where(model.deleted.is_(True), model.updated_at < cutoff)
            )
            removed[entity.name] = result.rowcount or 0
    for name, count in erase_expired(now).items():
        removed[name] = removed.get(name, 0) + count
    return removed
