"""The "Conservation" page: the retention rules in force, what goes soon, and the purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from server.backoffice import bp
from server.backoffice.naming import has_page, record_url
from server.backoffice.session import login_required
from server.documents.dates import french_day
from server.extensions import db
from server.families.registry import REGISTRY, noun_of
from server.models.base import utcnow
from server.retention import purge_access_logs, run_purge
from server.retention_blobs import unnamed_blobs
from server.retention_rules import DueRecord, due_records, paris_today, period, rules_in_force

HORIZON_DAYS = 90


def _row(item: DueRecord) -> dict[str, Any]:
    declared = REGISTRY.get(item.entity)
    return {
        "what": noun_of(item.entity).capital,
        "id": item.id,
        "url": record_url(item.entity, item.id) if declared and has_page(declared) else None,
        "due": french_day(item.due),
        "reason": item.reason,
    }


@bp.get("/conservation")
@login_required("retention.manage")
def retention_page() -> str:
    """The rules (setting, period), the records already due and those due within 90 days."""
    now = utcnow()
    today = paris_today(now)
    items = sorted(due_records(now, HORIZON_DAYS), key=lambda i: (i.due, i.entity, i.id))
    access = purge_access_logs(now, dry_run=True)
    blobs = len(unnamed_blobs(now))
    db.session.rollback()
    return render_template(
        "backoffice/retention.html",
        rules=[(setting, what, days, period(days)) for setting, what, days in rules_in_force()],
        tombstone_days=current_app.config["PALIER_TOMBSTONE_RETENTION_DAYS"],
        overdue=[_row(i) for i in items if i.due <= today],
        soon=[_row(i) for i in items if i.due > today],
        horizon=french_day(today + timedelta(days=HORIZON_DAYS)),
        access=access,
        blobs=blobs,
    )


@bp.post("/conservation/purge")
@login_required("retention.manage")
def retention_purge() -> Response:
    """Run the purge now (audited with who ran it)."""
    report = run_purge(current_app.config["PALIER_TOMBSTONE_RETENTION_DAYS"], user_id=g.user.id)
    erased = len(report.records)
    logs = sum(report.access_logs.values())
    flash(
        f"Purge effectuée : {erased} enregistrement(s) arrivé(s) à échéance supprimé(s) avec ce "
        f"qui en dépend, {logs} entrée(s) de journaux d'accès, {len(report.blobs)} photo(s) "
        "que plus rien ne cite.",
        "success",
    )
    return redirect(url_for("backoffice.retention_page"))
