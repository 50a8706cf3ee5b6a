"""The review queue, the record page, review steps, corrections and conflict resolution."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.audit import audit
from server.backoffice import bp
from server.backoffice.conflicts import open_conflicts
from server.backoffice.correction import (
    EDITABLE_FIELDS,
    changed_fields,
    editable_fields_for,
    form_value,
)
from server.backoffice.labels import (
    DELETED_STATE_LABEL,
    MUTATION_STATUS_LABELS,
    REVIEW_STATE_LABELS,
    VISITE_TYPE_LABELS,
    field_label,
)
from server.backoffice.naming import logement_label, visite_title
from server.backoffice.paging import page_number, paginate
from server.backoffice.record import (
    deletion_of,
    fields_of,
    history_of,
    other_fields_of,
    photos_of,
    place_of,
)
from server.backoffice.session import login_required
from server.extensions import db
from server.models import User, Visite
from server.policy import is_allowed, residence_scope
from server.review import (
    DELETED_FILTER,
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
from server.server_edits import EditOutcome, apply_server_edit

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
        state_filters={**REVIEW_STATE_LABELS, DELETED_FILTER: DELETED_STATE_LABEL},
    )


def visite_or_404(visite_id: str) -> Visite:
    visite = visite_in_scope(visite_id, residence_scope(g.user))
    if visite is None:
        abort(404)
    return visite


def render_record(
    visite: Visite, values: dict[str, str] | None = None, errors: dict | None = None
) -> str:
    """The record page of a visite (with the values and errors of a refused correction)."""
    user = g.user
    author = db.session.get(User, visite.created_by) if visite.created_by else None
    place = place_of(visite)
    editable = editable_fields_for(visite.type)
    live = not visite.deleted
    return render_template(
        "backoffice/visite.html",
        visite=visite,
        title=visite_title(visite),
        place_label=logement_label(place.logement, place.batiment, place.residence),
        author=author.name if author else None,
        status_labels=MUTATION_STATUS_LABELS,
        fields=fields_of(visite, place),
        other_fields=other_fields_of(visite),
        place=place,
        photos=photos_of(visite),
        history=history_of("visite", visite.id, visite.type),
        conflicts=open_conflicts("visite", visite.id),
        deletion=deletion_of(visite),
        reviews=review_events(visite.id),
        editable=editable,
        values=values or {spec.name: form_value(visite, spec) for spec in editable},
        errors=errors or {},
        stray_errors=[
            (field_label(name, visite.type), messages)
            for name, messages in (errors or {}).items()
            if name not in {spec.name for spec in editable}
        ],
        actions={a: live and visite.review_state in s for a, (_t, s) in REVIEW_ACTIONS.items()},
        types=VISITE_TYPE_LABELS,
        states=REVIEW_STATE_LABELS,
        can_edit=live
        and is_allowed(user.role, "backoffice.edit", visite.residence_id, residence_scope(user)),
    )


@bp.get("/visites/<visite_id>")
@login_required("backoffice.access")
def visite_page(visite_id: str) -> str:
    """Every field, place, photos, history and open conflicts of a visite; the read is logged."""
    visite = visite_or_404(visite_id)
    audit("record_read", g.user.id, target=f"visite:{visite.id}")
    db.session.commit()
    return render_record(visite)


def form_base() -> int | None:
    """The record version the form was built from."""
    raw = request.form.get("base", "")
    return int(raw) if raw.isdigit() else None


def report(outcome: EditOutcome, success: str) -> None:
    """Flash what an edit through the engine did."""
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
    visite = visite_or_404(visite_id)
    try:
        outcome = review_visite(
            visite,
            request.form.get("action", ""),
            request.form.get("comment", ""),
            g.user,
            form_base(),
        )
    except ReviewError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    if outcome.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    report(outcome, "La revue est enregistrée.")
    return redirect(url_for("backoffice.visite_page", visite_id=visite_id))


@bp.post("/visites/<visite_id>/corriger")
@login_required("backoffice.edit")
def correct(visite_id: str) -> Response | tuple[str, int]:
    """Correct fields of a visite through the sync engine."""
    visite = visite_or_404(visite_id)
    if visite.deleted:
        flash("Cette visite est supprimée : elle ne peut plus être corrigée.", "error")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    changes, errors = changed_fields(visite, request.form)
    values = {spec.name: request.form.get(spec.name, "") for spec in EDITABLE_FIELDS}
    if errors:
        flash("La correction contient des erreurs.", "error")
        return render_record(visite, values, errors), 400
    if not changes:
        flash("Aucun champ n'a été modifié.", "info")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    outcome = apply_server_edit("visite", visite.id, changes, g.user, form_base())
    if outcome.status == "rejected":
        db.session.rollback()
        flash(outcome.message or "La correction a été refusée.", "error")
        return render_record(visite_or_404(visite_id), values, outcome.errors), 400
    audit(
        "record_edit", g.user.id, target=f"visite:{visite.id}", details={"fields": sorted(changes)}
    )
    db.session.commit()
    report(outcome, "La correction est enregistrée ; les appareils la recevront.")
    return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
