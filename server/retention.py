"""Retention: purging old change-log rows and tombstones (devices behind them reset)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from server.entities import FIELD_RECORDS
from server.extensions import db
from server.models import ChangeLog, SyncState
from server.models.base import utcnow


def purge_change_log(retention_days: int, now: datetime | None = None) -> dict[str, int]:
    """Drop change-log rows and tombstones older than the retention; returns what was removed."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = select(ChangeLog.xid, ChangeLog.id).where(ChangeLog.changed_at < cutoff)
    last = db.session.execute(
        old.order_by(ChangeLog.xid.desc(), ChangeLog.id.desc()).limit(1)
    ).first()
    removed: dict[str, int] = {"change_log": 0}
    if last is None:
        return removed
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
    for entity in FIELD_RECORDS:
        model = entity.model
        result = db.session.execute(
            delete(model).where(model.deleted.is_(True), model.updated_at < cutoff)
        )
        removed[entity.name] = result.rowcount or 0
    return removed
