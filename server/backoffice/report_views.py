"""Exports, the tableau de bord and the audit log."""

from __future__ import annotations

from flask import Response, abort, g, render_template, request
from sqlalchemy import select

from server.backoffice import bp
from server.backoffice.downloads import csv_export
from server.backoffice.labels import AUDIT_ACTION_LABELS
from server.backoffice.paging import page_number, paginate
from server.backoffice.session import login_required
from server.dashboard import build_dashboard
from server.exports import exported_entity, records_csv
from server.extensions import db
from server.models import AuditEntry, User
from server.policy import residence_scope
from server.review import QueueFilters


@bp.get("/export/<name>.csv")
@login_required("export")
def export(name: str) -> Response:
    """A family's records matching the queue's filters as CSV for Excel; the export is logged."""
    entity = exported_entity(name)
    if entity is None:
        abort(404)
    filters = QueueFilters.from_args(request.args)
    text, count = records_csv(entity, filters, residence_scope(g.user))
    return csv_export(name, text, count, filters.as_params())


@bp.get("/tableau-de-bord")
@login_required("backoffice.access")
def dashboard() -> str:
    """Figures of the last 30 days, open conflicts and devices silent for 3 days."""
    return render_template(
        "backoffice/dashboard.html",
        board=build_dashboard(residence_scope(g.user)),
    )


@bp.get("/journal")
@login_required("audit.read")
def journal() -> str:
    """The audit log, newest first, filterable by action."""
    action = request.args.get("action", "")
    statement = (
        select(AuditEntry, User.name.label("user_name"))
        .outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.id.desc())
    )
    if action:
        statement = statement.where(AuditEntry.action == action)
    actions = sorted(
        set(db.session.execute(select(AuditEntry.action).distinct()).scalars())
        | set(AUDIT_ACTION_LABELS)
    )
    return render_template(
        "backoffice/journal.html",
        page=paginate(statement, page_number(request.args.get("page"))),
        action=action,
        actions=actions,
        labels=AUDIT_ACTION_LABELS,
    )
