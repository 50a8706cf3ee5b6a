"""Deleting a record of any family from the back office: a confirmation page, then the deletion."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request
from werkzeug.wrappers import Response

from server.backoffice.naming import DELETE, place_label, record_title, record_url
from server.backoffice.record import photos_of, place_of
from server.backoffice.review_views import form_base, record_or_404, record_route, report
from server.backoffice.session import login_required
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import noun_of
from server.policy import is_allowed, residence_scope
from server.review import ReviewError, delete_record

CONFIRM_FIELD = "confirmer"


def _editable_or_403(record: Any) -> None:
    user = g.user
    if not is_allowed(user.role, "backoffice.edit", record.residence_id, residence_scope(user)):
        abort(403)


def _confirmation(entity: EntityType, record: Any, status: int = 200) -> tuple[str, int]:
    place = place_of(entity, record)
    return (
        render_template(
            "backoffice/record_delete.html",
            entity=entity,
            record=record,
            noun=noun_of(entity.name),
            title=record_title(entity, record),
            place_label=place_label(entity, place.logement, place.batiment, place.residence),
            photo_count=len(photos_of(entity, record)),
            confirm_field=CONFIRM_FIELD,
            record_url=record_url,
        ),
        status,
    )


@login_required("backoffice.edit")
def delete_confirm(entity: str, record_id: str) -> Response | tuple[str, int]:
    """Ask for confirmation before deleting a record."""
    declared, record = record_or_404(entity, record_id)
    _editable_or_403(record)
    if record.deleted:
        noun = noun_of(entity)
        flash(f"{noun.this[:1].upper()}{noun.this[1:]} est déjà supprimé{noun.e}.", "info")
        return redirect(record_url(entity, record_id))
    return _confirmation(declared, record)


@login_required("backoffice.edit")
def delete(entity: str, record_id: str) -> Response | tuple[str, int]:
    """Delete the record through the sync engine once the box is ticked."""
    declared, record = record_or_404(entity, record_id)
    _editable_or_403(record)
    if request.form.get(CONFIRM_FIELD) != "oui":
        flash("Cochez la case pour confirmer la suppression.", "error")
        return _confirmation(declared, record, 400)
    try:
        outcome = delete_record(declared, record, g.user, form_base())
    except ReviewError as problem:
        flash(str(problem), "info")
        return redirect(record_url(entity, record_id))
    if outcome.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    noun = noun_of(entity)
    the = noun.the[:1].upper() + noun.the[1:]
    report(outcome, f"{the} est supprimé{noun.e} ; les appareils {noun.it_object} retireront.")
    return redirect(record_url(entity, record_id))


record_route(f"{DELETE}_confirm", "/supprimer", ["GET"], delete_confirm)
record_route(DELETE, "/supprimer", ["POST"], delete)
