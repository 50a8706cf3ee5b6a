"""The review queue, the record page, review steps, corrections and conflict resolution."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.audit import audit
from server.backoffice import bp
from server.backoffice.correction import EDITABLE_FIELDS, changed_fields, form_value
from server.backoffice.labels import (
    MUTATION_STATUS_LABELS,
    REVIEW_STATE_LABELS,
    VISITE_TYPE_LABELS,
)
from server.backoffice.paging import page_number, paginate
from server.backoffice.record import fields_of, history_of, open_conflicts, photos_of, place_of
from server.backoffice.session import login_required
from server.extensions import db
from server.models import Conflict, User, Visite
from server.policy import is_allowed, residence_scope
from server.review import (
    OK_STATUSES,
    REVIEW_ACTIONS,
    QueueFilters,
    ReviewError,
    filter_choices,
    queue_query,
    review_events,
    review_visite,
    visite_in_scope,
)
from server.server_edits import EditOutcome, apply_server_edit, resolve_conflict

CONFLICT_MESSAGE = (
    "Un appareil a modifié ce champ entre-temps : un conflit a été ouvert, voyez « Conflits »."
)


@bp.get("/revue")
@login_required("backoffice.access")
def queue() -> str:
    """Visites waiting for review, newest first, with filters and pages."""
    scope = residence_scope(g.user)
    filters = QueueFilters.from_args(request.args)
    page = paginate(queue_query(filters, scope), page_number(request.args.get("page")))
    return render_template(
        "backoffice/queue.html",
        page=page,
        filters=filters,
        params=filters.as_params(),
        choices=filter_choices(scope),
        types=VISITE_TYPE_LABELS,
        states=REVIEW_STATE_LABELS,
    )


def _visite_or_404(visite_id: str) -> Visite:
    visite = visite_in_scope(visite_id, residence_scope(g.user))
    if visite is None:
        abort(404)
    return visite


def _render_record(
    visite: Visite, values: dict[str, str] | None = None, errors: dict | None = None
) -> str:
    user = g.user
    author = db.session.get(User, visite.created_by) if visite.created_by else None
    place = place_of(visite)
    return render_template(
        "backoffice/visite.html",
        visite=visite,
        author=author.name if author else None,
        status_labels=MUTATION_STATUS_LABELS,
        fields=fields_of(visite, place),
        place=place,
        photos=photos_of(visite),
        history=history_of("visite", visite.id),
        conflicts=open_conflicts("visite", visite.id),
        reviews=review_events(visite.id),
        editable=EDITABLE_FIELDS,
        values=values or {spec.name: form_value(visite, spec) for spec in EDITABLE_FIELDS},
        errors=errors or {},
        actions={a: visite.review_state in s for a, (_t, s) in REVIEW_ACTIONS.items()},
        types=VISITE_TYPE_LABELS,
        states=REVIEW_STATE_LABELS,
        can_edit=is_allowed(
            user.role, "backoffice.edit", visite.residence_id, residence_scope(user)
        ),
    )


@bp.get("/visites/<visite_id>")
@login_required("backoffice.access")
def visite_page(visite_id: str) -> str:
    """Every field, place, photos, history and open conflicts of a visite; the read is logged."""
    visite = _visite_or_404(visite_id)
    audit("record_read", g.user.id, target=f"visite:{visite.id}")
    db.session.commit()
    return _render_record(visite)


def _base() -> int | None:
    raw = request.form.get("base", "")
    return int(raw) if raw.isdigit() else None


def _report(outcome: EditOutcome, success: str) -> None:
    if outcome.status in OK_STATUSES:
        flash(success, "success")
    elif outcome.status == "conflict":
        flash(CONFLICT_MESSAGE, "error")
    else:
        flash(outcome.message or "La modification a été refusée.", "error")


@bp.post("/visites/<visite_id>/revue")
@login_required("backoffice.review")
def review(visite_id: str) -> Response:
    """Send back for correction, validate or reject a visite."""
    visite = _visite_or_404(visite_id)
    try:
        outcome = review_visite(
            visite,
            request.form.get("action", ""),
            request.form.get("comment", ""),
            g.user,
            _base(),
        )
    except ReviewError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    if outcome.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    _report(outcome, "La revue est enregistrée.")
    return redirect(url_for("backoffice.visite_page", visite_id=visite_id))


@bp.post("/visites/<visite_id>/corriger")
@login_required("backoffice.edit")
def correct(visite_id: str) -> Response | tuple[str, int]:
    """Correct fields of a visite through the sync engine."""
    visite = _visite_or_404(visite_id)
    changes, errors = changed_fields(visite, request.form)
    values = {spec.name: request.form.get(spec.name, "") for spec in EDITABLE_FIELDS}
    if errors:
        flash("La correction contient des erreurs.", "error")
        return _render_record(visite, values, errors), 400
    if not changes:
        flash("Aucun champ n'a été modifié.", "info")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    outcome = apply_server_edit("visite", visite.id, changes, g.user, _base())
    if outcome.status == "rejected":
        db.session.rollback()
        flash(outcome.message or "La correction a été refusée.", "error")
        return _render_record(_visite_or_404(visite_id), values, outcome.errors), 400
    audit(
        "record_edit", g.user.id, target=f"visite:{visite.id}", details={"fields": sorted(changes)}
    )
    db.session.commit()
    _report(outcome, "La correction est enregistrée ; les appareils la recevront.")
    return redirect(url_for("backoffice.visite_page", visite_id=visite_id))


@bp.post("/conflits/<conflict_id>/resoudre")
@login_required("conflict.resolve")
def resolve(conflict_id: str) -> Response:
    """Keep the current value or restore the other one; devices receive the decision."""
    conflict = db.session.get(Conflict, conflict_id)
    scope = residence_scope(g.user)
    if conflict is None or (scope is not None and conflict.residence_id not in scope):
        abort(404)
    if conflict.status != "open":
        flash("Ce conflit a déjà été résolu.", "info")
        return redirect(url_for("backoffice.visite_page", visite_id=conflict.record_id))
    action = request.form.get("action", "")
    if action not in ("keep", "restore"):
        abort(400)
    record_id = conflict.record_id
    outcome = resolve_conflict(conflict_id, action, g.user)
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
        _report(outcome, "Le conflit est résolu.")
    return redirect(url_for("backoffice.visite_page", visite_id=record_id))
