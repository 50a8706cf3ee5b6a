"""The review queue of every family, and the record page with its review steps and corrections.

Record pages answer at /bo/records/<entity>/<id> for every declared entity, and at
/bo/<bo_path>/<id> for a family that declares a path of its own (/bo/visites/<id>).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, g, redirect, render_template, request
from werkzeug.wrappers import Response

from server.audit import audit
from server.backoffice import bp
from server.backoffice.conflicts import open_conflicts
from server.backoffice.correction import (
    changed_fields,
    editable_fields,
    editable_fields_for,
    form_value,
)
from server.backoffice.labels import (
    DELETED_STATE_LABEL,
    MUTATION_STATUS_LABELS,
    REVIEW_STATE_LABELS,
    field_label,
)
from server.backoffice.naming import (
    CORRECT,
    PAGE,
    REVIEW,
    has_page,
    place_label,
    record_title,
    record_url,
)
from server.backoffice.paging import page_number, paginate
from server.backoffice.record import (
    RECORD_PAGES,
    deletion_of,
    fields_of,
    history_of,
    kind_of,
    other_fields_of,
    photos_of,
    place_of,
)
from server.backoffice.session import login_required
from server.engine.server_edits import EditOutcome, apply_server_edit
from server.extensions import db
from server.families.declaration import EntityType
from server.families.registry import REGISTRY, noun_of, reviewed_entities
from server.models import User
from server.policy import is_allowed, residence_scope
from server.retention_rules import retention_line
from server.review import (
    DELETED_FILTER,
    OK_STATUSES,
    REVIEW_ACTIONS,
    QueueFilters,
    ReviewError,
    filter_choices,
    kind_labels,
    logement_column,
    queue_query,
    record_in_scope,
    review_events,
    review_record,
)

CONFLICT_MESSAGE = (
    "Un appareil a modifié ce champ entre-temps : un conflit a été ouvert, voyez « Conflits »."
)


def record_route(action: str, suffix: str, methods: list[str], view: Callable[..., Any]) -> None:
    """Route a record view (taking `entity`, `record_id`) at /bo/records/<entity>/<id><suffix>,
    and at /bo/<bo_path>/<id><suffix> for each family declaring a path."""
    bp.add_url_rule(
        f"/records/<entity>/<record_id>{suffix}", f"record_{action}", view, methods=methods
    )
    for entity in REGISTRY.values():
        path = entity.labels.bo_path if entity.labels else None
        if path:
            bp.add_url_rule(
                f"/{path}/<record_id>{suffix}",
                f"{path}_{action}",
                view,
                methods=methods,
                defaults={"entity": entity.name},
            )


def exports(filters: QueueFilters) -> list[tuple[str, str]]:
    """(label, name) of the CSV exports the queue offers: one per reviewed entity."""
    return [
        (noun_of(e.name).plural, (e.labels.csv_name if e.labels else None) or e.name)
        for e in reviewed_entities()
        if filters.entity in ("", e.name) and (not filters.type or _has_kind(e, filters.type))
    ]


def _has_kind(entity: EntityType, kind: str) -> bool:
    labels = entity.labels
    return labels is not None and kind in labels.choices.get(labels.kind_field or "", {})


def row_title(row: Any) -> str:
    """What the queue's "Type" column says of a row: its kind, else its entity."""
    declared = REGISTRY.get(row.entity)
    if declared is None or declared.labels is None:
        return str(row.entity)
    return declared.labels.kind_label(row.kind)


@bp.get("/revue")
@login_required("backoffice.access")
def queue() -> str:
    """Records of every family waiting for review, newest first, with filters and pages."""
    scope = residence_scope(g.user)
    filters = QueueFilters.from_args(request.args)
    page = paginate(queue_query(filters, scope), page_number(request.args.get("page")))
    return render_template(
        "backoffice/queue.html",
        page=page,
        filters=filters,
        params=filters.as_params(),
        choices=filter_choices(scope),
        types=kind_labels(),
        exports=exports(filters),
        record_url=record_url,
        row_title=row_title,
        states=REVIEW_STATE_LABELS,
        state_filters={**REVIEW_STATE_LABELS, DELETED_FILTER: DELETED_STATE_LABEL},
    )


def record_or_404(entity: str, record_id: str) -> tuple[EntityType, Any]:
    """The declaration and the record, if it has a page and lies inside the user's scope."""
    declared = REGISTRY.get(entity)
    record = record_in_scope(entity, record_id, residence_scope(g.user))
    if declared is None or record is None or not has_page(declared):
        abort(404)
    return declared, record


def render_record(
    entity: EntityType,
    record: Any,
    values: dict[str, str] | None = None,
    errors: dict | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """The page of a record (with the values and errors of a refused correction); an entity with
    a page of its own (RECORD_PAGES) gets its template and `extra` values."""
    user = g.user
    own_page = RECORD_PAGES.get(entity.name)
    if extra is None and own_page is not None:
        extra = own_page.extra(record)
    author = db.session.get(User, record.created_by) if record.created_by else None
    place = place_of(entity, record)
    kind = kind_of(entity, record)
    editable = editable_fields_for(entity, kind)
    live = not record.deleted
    labels = entity.labels
    noun = noun_of(entity.name)
    return render_template(
        own_page.template if own_page is not None else "backoffice/record.html",
        entity=entity,
        record=record,
        noun=noun,
        the_cap=noun.the[:1].upper() + noun.the[1:],
        in_logement=logement_column(entity) is not None,
        heading=labels.kind_label(kind) if labels else entity.name,
        title=record_title(entity, record),
        place_label=place_label(entity, place.logement, place.batiment, place.residence),
        author=author.name if author else None,
        status_labels=MUTATION_STATUS_LABELS,
        fields=fields_of(entity, record, place),
        other_fields=other_fields_of(entity, record),
        place=place,
        photos=photos_of(entity, record),
        history=history_of(entity, record.id, kind),
        conflicts=open_conflicts(entity.name, record.id),
        deletion=deletion_of(entity, record),
        retention=retention_line(entity.name, record),
        reviews=review_events(entity.name, record.id),
        editable=editable,
        values=values or {spec.name: form_value(record, spec) for spec in editable},
        errors=errors or {},
        stray_errors=[
            (field_label(entity, name, kind), messages)
            for name, messages in (errors or {}).items()
            if name not in {spec.name for spec in editable}
        ],
        actions={a: live and record.review_state in s for a, (_t, s) in REVIEW_ACTIONS.items()},
        record_url=record_url,
        states=REVIEW_STATE_LABELS,
        can_edit=live
        and is_allowed(user.role, "backoffice.edit", record.residence_id, residence_scope(user)),
        **(extra or {}),
    )


@login_required("backoffice.access")
def record_page(entity: str, record_id: str) -> str:
    """Every field, place, photos, history and open conflicts of a record; the read is logged."""
    declared, record = record_or_404(entity, record_id)
    audit("record_read", g.user.id, target=f"{entity}:{record.id}")
    db.session.commit()
    return render_record(declared, record)


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


@login_required("backoffice.review")
def review(entity: str, record_id: str) -> Response:
    """Send back for correction, validate or reject a record."""
    declared, record = record_or_404(entity, record_id)
    try:
        outcome = review_record(
            declared,
            record,
            request.form.get("action", ""),
            request.form.get("comment", ""),
            g.user,
            form_base(),
        )
    except ReviewError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(record_url(entity, record_id))
    if outcome.status == "rejected":
        db.session.rollback()
    else:
        db.session.commit()
    report(outcome, "La revue est enregistrée.")
    return redirect(record_url(entity, record_id))


@login_required("backoffice.edit")
def correct(entity: str, record_id: str) -> Response | tuple[str, int]:
    """Correct fields of a record through the sync engine."""
    declared, record = record_or_404(entity, record_id)
    noun = noun_of(entity)
    if record.deleted:
        flash(
            f"{noun.this[:1].upper()}{noun.this[1:]} est supprimé{noun.e} : "
            f"{noun.it} ne peut plus être corrigé{noun.e}.",
            "error",
        )
        return redirect(record_url(entity, record_id))
    changes, errors = changed_fields(declared, record, request.form)
    values = {spec.name: request.form.get(spec.name, "") for spec in editable_fields(declared)}
    if errors:
        flash("La correction contient des erreurs.", "error")
        return render_record(declared, record, values, errors), 400
    if not changes:
        flash("Aucun champ n'a été modifié.", "info")
        return redirect(record_url(entity, record_id))
    outcome = apply_server_edit(entity, record.id, changes, g.user, form_base())
    if outcome.status == "rejected":
        db.session.rollback()
        flash(outcome.message or "La correction a été refusée.", "error")
        declared, record = record_or_404(entity, record_id)
        return render_record(declared, record, values, outcome.errors), 400
    audit(
        "record_edit",
        g.user.id,
        target=f"{entity}:{record.id}",
        details={"fields": sorted(changes)},
    )
    db.session.commit()
    report(outcome, "La correction est enregistrée ; les appareils la recevront.")
    return redirect(record_url(entity, record_id))


record_route(PAGE, "", ["GET"], record_page)
record_route(REVIEW, "/revue", ["POST"], review)
record_route(CORRECT, "/corriger", ["POST"], correct)
