"""The back office's réclamations: the board of open ones (overdue first), each one's page with
its photos and history, and the forms that qualify it, assign it to a contractor and move its
statut — all through the sync engine, so devices receive every change."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.audit import audit
from server.backoffice import bp
from server.backoffice.labels import field_label, format_datetime, parse_iso
from server.backoffice.naming import record_url
from server.backoffice.reclamation_data import (
    EVENEMENT,
    RECLAMATION,
    URGENCE_DELAIS,
    board_rows,
    evenements_of,
    history_of,
    labels,
    open_reclamations,
    overdue_text,
    places_of,
    residences_of,
    statut_label,
    user_names,
)
from server.backoffice.reclamation_forms import (
    RESPONSABILITES,
    URGENCES,
    AffecterForm,
    QualifierForm,
    StatutForm,
)
from server.backoffice.record import photos_of
from server.backoffice.session import login_required
from server.engine.server_edits import EditOutcome, apply_server_edit
from server.extensions import db
from server.families.reclamations_labels import URGENCE_LABELS
from server.families.registry import REGISTRY
from server.models.base import new_uuid, utcnow
from server.models.reclamations import ContactPermanence, Reclamation
from server.policy import residence_scope
from server.retention_rules import retention_line
from server.review import LOCAL_ZONE, OK_STATUSES
from sync.reclamation import (
    CATEGORIES,
    OPEN_STATUTS,
    affectation_step,
    next_statuts,
    qualification_step,
)

CONFLICT_MESSAGE = (
    "Un appareil a modifié la réclamation entre-temps : un conflit a été ouvert, "
    "voyez « Conflits »."
)


def _choices(field: str, codes: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    names = labels(field)
    return [(code, names.get(code, code)) for code in codes]


@bp.get("/reclamations")
@login_required("backoffice.access")
def reclamations_board() -> str:
    """The open réclamations: overdue first, then by urgence, then the soonest échéance."""
    scope = residence_scope(g.user)
    filters = {k: request.args.get(k, "") for k in ("residence", "categorie", "statut")}
    rows = board_rows(open_reclamations(scope, **filters), utcnow())
    return render_template(
        "backoffice/reclamations.html",
        rows=rows,
        filters=filters,
        residences=residences_of(scope),
        categories=_choices("categorie", CATEGORIES),
        statuts=[(s, statut_label(s)) for s in OPEN_STATUTS],
    )


def _reclamation_or_404(record_id: str) -> Reclamation:
    record = db.session.get(Reclamation, record_id)
    scope = residence_scope(g.user)
    if record is None or (scope is not None and record.residence_id not in scope):
        abort(404)
    return record


def _contact_link(record: Reclamation) -> str | None:
    """The page of the permanence the réclamation comes from, if it does."""
    if not record.contact_id:
        return None
    contact = db.session.get(ContactPermanence, record.contact_id)
    if contact is None or not contact.permanence_id:
        return None
    return url_for("backoffice.permanence_page", record_id=contact.permanence_id)


def render_reclamation(
    record: Reclamation, forms: dict[str, Any] | None = None, refusal: tuple[str, str] = ("", "")
) -> str:
    """The réclamation's page; `forms` holds refused forms as typed, `refusal` the form whose
    change the engine refused and its French message."""
    forms = forms or {}
    echeance = parse_iso(record.echeance) if record.echeance else None
    late = echeance is not None and record.statut in OPEN_STATUTS and echeance < utcnow()
    live = not record.deleted and record.statut is not None
    return render_template(
        "backoffice/reclamation.html",
        r=record,
        place=places_of([record])[record.id],
        author=user_names([record.created_by]).get(record.created_by or -1, "—"),
        signalee_le=format_datetime(parse_iso(record.signalee_le or "")),
        echeance=format_datetime(echeance) if echeance else "—",
        overdue=overdue_text(echeance, utcnow()) if late and echeance is not None else "",
        statut=statut_label(record.statut),
        label=lambda field, value: labels(field).get(value, value) if value else "—",
        photos=photos_of(REGISTRY[RECLAMATION], record),
        history=history_of(record, evenements_of(record.id)),
        contact_url=_contact_link(record),
        retention=retention_line(RECLAMATION, record),
        full_url=record_url(RECLAMATION, record.id),
        can_change=live,
        qualifier=forms.get("qualifier")
        or QualifierForm(record.urgence or "", record.categorie or "", record.responsabilite or ""),
        affecter=forms.get("affecter")
        or AffecterForm(record.entreprise or "", record.entreprise_reference or ""),
        changer=forms.get("statut") or StatutForm(),
        urgence_delai=URGENCE_DELAIS.get(record.urgence or "", ""),
        urgences=[(u, URGENCE_LABELS[u]) for u in URGENCES],
        categories=_choices("categorie", CATEGORIES),
        responsabilites=_choices("responsabilite", RESPONSABILITES),
        next_statuts=[(s, statut_label(s)) for s in next_statuts(record.statut or "saisie")],
        refusal=refusal,
    )


@bp.get("/reclamations/<record_id>")
@login_required("backoffice.access")
def reclamation_page(record_id: str) -> str:
    """Everything about one réclamation, its photos and history; the read is logged."""
    record = _reclamation_or_404(record_id)
    audit("record_read", g.user.id, target=f"{RECLAMATION}:{record.id}")
    db.session.commit()
    return render_reclamation(record)


def _base() -> int | None:
    raw = request.form.get("base", "")
    return int(raw) if raw.isdigit() else None


def _refused_message(outcome: EditOutcome, entity: str) -> str:
    """The engine's French reason, with each refused field named."""
    declared = REGISTRY.get(entity)
    details = [
        f"{field_label(declared, name)} : {' '.join(map(str, messages))}"
        for name, messages in (outcome.errors or {}).items()
    ]
    return " ".join([outcome.message or "La modification a été refusée.", *details])


def _save(
    record: Reclamation, changes: dict[str, Any], step: str | None, commentaire: str, le: str
) -> tuple[EditOutcome | None, str]:
    """Edit the réclamation (when something changed), then add the step's évènement; on a
    refusal nothing is kept and the French reason is returned."""
    changed = {k: v for k, v in changes.items() if getattr(record, k) != v}
    record_id = record.id
    outcome: EditOutcome | None = None
    if changed:
        outcome = apply_server_edit(RECLAMATION, record_id, changed, g.user, _base())
        if outcome.status == "rejected":
            db.session.rollback()
            return outcome, _refused_message(outcome, RECLAMATION)
    if step is not None:
        fields = {"reclamation_id": record_id, "statut": step, "commentaire": commentaire or None}
        evenement = apply_server_edit(EVENEMENT, new_uuid(), {**fields, "le": le}, g.user, None)
        if evenement.status == "rejected":
            db.session.rollback()
            return evenement, _refused_message(evenement, EVENEMENT)
        outcome = outcome if outcome is not None and outcome.status == "conflict" else evenement
    audit(
        "record_edit",
        g.user.id,
        target=f"{RECLAMATION}:{record_id}",
        details={"fields": sorted(changed), **({"statut": step} if step else {})},
    )
    db.session.commit()
    return outcome, ""


def _now_iso() -> str:
    return utcnow().astimezone(LOCAL_ZONE).isoformat(timespec="seconds")


def _done(record_id: str, outcome: EditOutcome | None, success: str) -> Response:
    if outcome is None:
        flash("Aucun champ n'a été modifié.", "info")
    elif outcome.status in OK_STATUSES:
        flash(success, "success")
    elif outcome.status == "conflict":
        flash(CONFLICT_MESSAGE, "error")
    return redirect(url_for("backoffice.reclamation_page", record_id=record_id))


def _refused(record_id: str, name: str, form: Any, message: str = "") -> tuple[str, int]:
    record = _reclamation_or_404(record_id)  # read again: the refused change was rolled back
    return render_reclamation(record, {name: form}, (name, message)), 400


@bp.post("/reclamations/<record_id>/qualifier")
@login_required("backoffice.edit")
def reclamation_qualify(record_id: str) -> Response | tuple[str, int]:
    """Set urgence, catégorie and responsabilité; a saisie or réouverte one becomes qualifiée."""
    record = _reclamation_or_404(record_id)
    form = QualifierForm.parse(request.form)
    if form.errors:
        return _refused(record_id, "qualifier", form)
    step = qualification_step(record.statut)
    outcome, refusal = _save(record, form.changes(), step, "", _now_iso())
    if refusal:
        return _refused(record_id, "qualifier", form, refusal)
    return _done(record_id, outcome, "La réclamation est qualifiée ; les appareils la recevront.")


@bp.post("/reclamations/<record_id>/affecter")
@login_required("backoffice.edit")
def reclamation_assign(record_id: str) -> Response | tuple[str, int]:
    """Name the contractor and its reference; the réclamation becomes affectée."""
    record = _reclamation_or_404(record_id)
    form = AffecterForm.parse(request.form)
    if form.errors:
        return _refused(record_id, "affecter", form)
    commentaire = " — ".join(x for x in (form.entreprise, form.entreprise_reference) if x)
    step = affectation_step(record.statut)
    outcome, refusal = _save(record, form.changes(), step, commentaire, _now_iso())
    if refusal:
        return _refused(record_id, "affecter", form, refusal)
    return _done(record_id, outcome, f"Réclamation affectée à {form.entreprise}.")


@bp.post("/reclamations/<record_id>/statut")
@login_required("backoffice.edit")
def reclamation_step(record_id: str) -> Response | tuple[str, int]:
    """Move the réclamation to its next statut (the engine refuses one that does not follow)."""
    record = _reclamation_or_404(record_id)
    form = StatutForm.parse(request.form, _now_iso())
    if form.errors:
        return _refused(record_id, "statut", form)
    outcome, refusal = _save(record, {}, form.statut, form.commentaire, form.moment)
    if refusal:
        return _refused(record_id, "statut", form, refusal)
    return _done(record_id, outcome, f"Statut changé : {statut_label(form.statut)}.")
