"""Conflicts: the list of open ones, and resolving one against the value the page showed."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.audit import audit
from server.backoffice import bp
from server.backoffice.conflicts import conflict_views, open_conflicts_query
from server.backoffice.naming import has_page, name_records
from server.backoffice.paging import page_number, paginate
from server.backoffice.review_views import record_or_404, render_record, report
from server.backoffice.session import login_required
from server.engine.server_edits import STALE, resolve_conflict
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import Conflict
from server.policy import residence_scope


@bp.get("/conflits")
@login_required("backoffice.access")
def conflicts() -> str:
    """Open conflicts of the scope, oldest first, each naming its record."""
    page = paginate(
        open_conflicts_query(residence_scope(g.user)), page_number(request.args.get("page"))
    )
    return render_template("backoffice/conflicts.html", page=page, cards=conflict_views(page.items))


def _record_page(entity: str, record_id: str) -> str:
    """The page showing the record (its parent's for a photo), else the list of conflicts."""
    return name_records([(entity, record_id)])[(entity, record_id)].url or url_for(
        "backoffice.conflicts"
    )


@bp.post("/conflits/<conflict_id>/resoudre")
@login_required("conflict.resolve")
def resolve(conflict_id: str) -> Response | tuple[str, int]:
    """Keep the current value or restore the other one; devices receive the decision.

    The form posts the fingerprint of the value it showed: if the record changed since, nothing
    is done and the page comes back with the fresh value.
    """
    conflict = db.session.get(Conflict, conflict_id)
    scope = residence_scope(g.user)
    if conflict is None or (scope is not None and conflict.residence_id not in scope):
        abort(404)
    if conflict.status != "open":
        flash("Ce conflit a déjà été résolu.", "info")
        return redirect(_record_page(conflict.entity, conflict.record_id))
    action = request.form.get("action", "")
    if action not in ("keep", "restore"):
        abort(400)
    record_id, entity = conflict.record_id, conflict.entity
    outcome = resolve_conflict(conflict_id, action, g.user, request.form.get("shown", ""))
    if outcome.status == STALE:
        db.session.rollback()
        flash(outcome.message, "error")
        declared = REGISTRY.get(entity)
        if declared is not None and has_page(declared):
            return render_record(*record_or_404(entity, record_id)), 409
        return redirect(_record_page(entity, record_id))
    if outcome.status == "rejected":
        db.session.rollback()
        flash(outcome.message or "Le conflit n'a pas pu être résolu.", "error")
    else:
        audit(
            "conflict_resolve",
            g.user.id,
            target=f"conflict:{conflict_id}",
            details={"action": action, "record": record_id},
        )
        db.session.commit()
        report(outcome, "Le conflit est résolu.")
    return redirect(_record_page(entity, record_id))
