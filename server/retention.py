"""The retention purge (`palier purge`, the back office's "Lancer la purge").

It drops change-log rows and tombstones older than PALIER_TOMBSTONE_RETENTION_DAYS (devices
behind them reset), erases the records whose retention has ended (server/retention_rules.py says
which) with what belongs to them, their traces and their server-only rows (an EDL's décompte),
logging a removal so the devices holding them drop them at their next pull; then the access
logs past PALIER_RETENTION_ACCESS_LOG_DAYS (audit entries, ended back-office sessions), and the
blobs no record names (server/retention_blobs.py). It logs counts and ids in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from server.audit import audit
from server.engine.changes import log_changes
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, children_of, writable_entities
from server.models import (
    AuditEntry,
    BackofficeSession,
    ChangeLog,
    Conflict,
    MutationLog,
    ReviewEvent,
    SyncState,
)
from server.models.base import utcnow
from server.retention_blobs import forget_blobs, remove_blob_files, unnamed_blobs
from server.retention_rules import (
    ACCESS_LOG_DAYS,
    ACCESS_LOG_SETTING,
    DueRecord,
    days_of,
    due_records,
    setting_days,
)

CHUNK = 500
AUDITED_IDS = 1000  # ids written in the audit entry (counts are always complete)


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


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
        if entity.retention is not None and entity.retention.erase_with is not None:
            companions = entity.retention.erase_with(chunk)
            if companions:
                removed["decompte_sortie"] = removed.get("decompte_sortie", 0) + companions
        erased = db.session.execute(delete(model).where(model.id.in_(chunk))).rowcount or 0
        removed[entity.name] = removed.get(entity.name, 0) + erased


def erase_due(due: list[DueRecord]) -> dict[str, int]:
    """Erase these records with what belongs to them; counts by entity."""
    removed: dict[str, int] = {e.name: 0 for e in writable_entities() if days_of(e) is not None}
    by_entity: dict[str, list[str]] = {}
    for item in due:
        by_entity.setdefault(item.entity, []).append(item.id)
    for name, ids in by_entity.items():
        _erase(REGISTRY[name], ids, removed)
    return removed


def erase_expired(now: datetime | None = None) -> dict[str, int]:
    """Erase the records whose retention has ended; counts by entity."""
    return erase_due(due_records(now))


def _purge_log(retention_days: int, now: datetime, dry_run: bool) -> dict[str, int]:
    """Drop (or count) change-log rows and tombstones older than the retention."""
    cutoff = now - timedelta(days=retention_days)
    old = ChangeLog.changed_at < cutoff
    removed = {
        "change_log": db.session.scalar(select(func.count()).select_from(ChangeLog).where(old)) or 0
    }
    if dry_run or not removed["change_log"]:
        return removed
    last = db.session.execute(
        select(ChangeLog.xid, ChangeLog.id)
        .where(old)
        .order_by(ChangeLog.xid.desc(), ChangeLog.id.desc())
        .limit(1)
    ).first()
    assert last is not None
    state = db.session.get(SyncState, 1) or SyncState(id=1, purged_xid=0, purged_id=0)
    if (last.xid, last.id) > (state.purged_xid, state.purged_id):
        state.purged_xid, state.purged_id = int(last.xid), int(last.id)
    db.session.add(state)
    db.session.execute(delete(ChangeLog).where(old))
    for entity in writable_entities():
        model = entity.model
        result = db.session.execute(
            delete(model).where(model.deleted.is_(True), model.updated_at < cutoff)
        )
        removed[entity.name] = result.rowcount or 0
    return removed


def purge_change_log(retention_days: int, now: datetime | None = None) -> dict[str, int]:
    """Drop change-log rows and tombstones older than the retention, then erase the records past
    their own retention; returns what was removed."""
    removed = _purge_log(retention_days, now or utcnow(), dry_run=False)
    for name, count in erase_expired(now).items():
        removed[name] = removed.get(name, 0) + count
    return removed


def purge_access_logs(now: datetime, dry_run: bool) -> dict[str, int]:
    """Drop (or count) the audit entries and ended sessions older than their retention."""
    cutoff = now - timedelta(days=setting_days(ACCESS_LOG_SETTING, ACCESS_LOG_DAYS))
    targets = {
        "journal_audit": (AuditEntry, AuditEntry.at < cutoff),
        "sessions": (
            BackofficeSession,
            BackofficeSession.ended_at.is_not(None) & (BackofficeSession.ended_at < cutoff),
        ),
    }
    counts = {}
    for name, (model, old) in targets.items():
        counts[name] = db.session.scalar(select(func.count()).select_from(model).where(old)) or 0
        if counts[name] and not dry_run:
            db.session.execute(delete(model).where(old))
    return counts


@dataclass
class PurgeReport:
    """What a purge removed (or, dry, would remove)."""

    days: int
    dry_run: bool
    records: list[DueRecord]
    removed: dict[str, int] = field(default_factory=dict)  # by entity, change_log, décomptes
    access_logs: dict[str, int] = field(default_factory=dict)
    blobs: list[str] = field(default_factory=list)

    @property
    def by_rule(self) -> dict[str, int]:
        """How many records each rule sent (what belongs to them aside)."""
        counts: dict[str, int] = {}
        for item in self.records:
            counts[item.rule] = counts.get(item.rule, 0) + 1
        return counts

    def audit_details(self) -> dict:
        """The audit entry's details: counts, and ids (no personal data)."""
        ids: dict[str, list[str]] = {}
        for item in self.records[:AUDITED_IDS]:
            ids.setdefault(item.entity, []).append(item.id)
        return {
            "days": self.days,
            **self.removed,
            "par_regle": self.by_rule,
            "journaux_acces": self.access_logs,
            "blobs": len(self.blobs),
            "blob_ids": self.blobs[:AUDITED_IDS],
            "ids": ids,
        }


def run_purge(
    change_log_days: int,
    user_id: int | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Apply every retention rule and commit, audited; dry, only say what would go."""
    moment = now or utcnow()
    report = PurgeReport(change_log_days, dry_run, due_records(moment))
    report.removed = _purge_log(change_log_days, moment, dry_run)
    if not dry_run:
        for name, count in erase_due(report.records).items():
            report.removed[name] = report.removed.get(name, 0) + count
    report.access_logs = purge_access_logs(moment, dry_run)
    report.blobs = unnamed_blobs(moment)
    if dry_run:
        db.session.rollback()
        return report
    forget_blobs(report.blobs)
    audit("retention_purge", user_id, target="retention", details=report.audit_details())
    db.session.commit()
    remove_blob_files(report.blobs)  # files go once nothing in the database names them
    return report
