"""Deleting a visite from the back office: a confirmation page, then the deletion."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.backoffice import bp
from server.backoffice.naming import logement_label, visite_title
from server.backoffice.record import photos_of, place_of
from server.backoffice.review_views import form_base, report, visite_or_404
from server.backoffice.session import login_required
from server.extensions import db
from server.models import Visite
from server.policy import is_allowed, residence_scope
from server.review import ReviewError, delete_visite

CONFIRM_FIELD = "confirmer"


def _editable_or_403(visite: Visite) -> None:
    user = g.user
    if not is_allowed(user.role, "backoffice.edit", visite.residence_id, residence_scope(user)):
        abort(403)


def _confirmation(visite: Visite, status: int = 200) -> tuple[str, int]:
    place = place_of(visite)
    return (
        render_template(
            "backoffice/visite_delete.html",
            visite=visite,
            title=visite_title(visite),
            place_label=logement_label(place.logement, place.batiment, place.residence),
            photo_count=len(photos_of(visite)),
            confirm_field=CONFIRM_FIELD,
        ),
        status,
    )


@bp.get("/visites/<visite_id>/supprimer")
@login_required("backoffice.edit")
def visite_delete_confirm(visite_id: str) -> Response | tuple[str, int]:
    """Ask for confirmation before deleting a visite."""
    visite = visite_or_404(visite_id)
    _editable_or_403(visite)
    if visite.deleted:
        flash("Cette visite est déjà supprimée.", "info")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    return _confirmation(visite)


@bp.post("/visites/<visite_id>/supprimer")
@login_required("backoffice.edit")
def visite_delete(visite_id: str) -> Response | tuple[str, int]:
    """Delete the visite through the sync engine once the box is ticked."""
    visite = visite_or_404(visite_id)
    _editable_or_403(visite)
    if request.form.get(CONFIRM_FIELD) != "oui":
        flash("Cochez la case pour confirmer la suppression.", "error")
        return _confirmation(visite, 400)
    try:
        outcome = delete_visite(visite, g.user, form_base())
    except ReviewError as problem:
        flash(str(problem), "info")
        return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
    if outcome.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    report(outcome, "La visite est supprimée ; les appareils la retireront.")
    return redirect(url_for("backoffice.visite_page", visite_id=visite_id))
