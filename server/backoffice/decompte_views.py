"""The back office's sorties: the list of EDL de sortie with their deadlines, each sortie's
décompte (retained sums, keys' and restitution's dates), the letter to the tenant (PDF) and the
export of the figures (CSV). Every change is written to the audit log."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.audit import audit
from server.backoffice import bp
from server.backoffice.decompte_csv import decomptes_csv
from server.backoffice.decompte_data import (
    SortieDecompte,
    default_cles,
    load_decomptes,
    sortie_in_scope,
    sorties,
    today,
)
from server.backoffice.decompte_forms import DatesForm, RetenueForm
from server.backoffice.downloads import csv_export
from server.backoffice.naming import record_url
from server.backoffice.session import login_required
from server.documents.dates import paris_day
from server.documents.decompte import (
    A_RESTITUER,
    EN_RETARD,
    RESTITUE,
    SANS_ADRESSE,
    SANS_ENTREE,
    STATUT_LABELS,
    format_amount,
    format_date,
    statut_text,
)
from server.documents.labels import format_euros, format_percent
from server.extensions import db
from server.models import EtatDesLieux, Residence
from server.models.base import utcnow
from server.models.decompte import DecompteSortie, Retenue
from server.policy import residence_scope
from server.retention_rules import retention_line

DATES_ACTION = "decompte_dates"
RETENUE_ADD_ACTION = "retenue_add"
RETENUE_DELETE_ACTION = "retenue_delete"
_RANK = {EN_RETARD: 0, A_RESTITUER: 1, RESTITUE: 2}


def _order(item: SortieDecompte) -> tuple[int, int]:
    """Overdue first (the oldest deadline first), then the soonest, then the returned ones
    (latest first)."""
    decompte = item.decompte
    if decompte.statut == RESTITUE and decompte.restitue_le is not None:
        return (_RANK[RESTITUE], -decompte.restitue_le.toordinal())
    return (_RANK[decompte.statut], decompte.echeance.toordinal())


def _residences(scope: frozenset[str] | None) -> list[tuple[str, str]]:
    statement = select(Residence.id, Residence.nom).where(Residence.deleted.is_(False))
    if scope is not None:
        statement = statement.where(Residence.id.in_(sorted(scope)))
    return [(r, n) for r, n in db.session.execute(statement.order_by(Residence.nom))]


def _helpers() -> dict[str, Any]:
    return {
        "euros": format_euros,
        "jour": format_date,
        "taux": format_percent,
        "statut_text": statut_text,
        "STATUT_LABELS": STATUT_LABELS,
        "edl_url": lambda edl_id: record_url("etat_des_lieux", edl_id),
    }


def _listed(residence: str, statut: str) -> list[SortieDecompte]:
    """The sorties the user sees, filtered by résidence and status, in the list's order."""
    items = load_decomptes(sorties(residence_scope(g.user), residence), today())
    if statut in STATUT_LABELS:
        items = [i for i in items if i.decompte.statut == statut]
    return sorted(items, key=_order)


@bp.get("/sorties")
@login_required("backoffice.access")
def sorties_list() -> str:
    """The EDL de sortie: deadlines overdue first, then the soonest; by résidence and status."""
    residence = request.args.get("residence", "")
    statut = request.args.get("statut", "")
    return render_template(
        "backoffice/decomptes.html",
        items=_listed(residence, statut),
        residences=_residences(residence_scope(g.user)),
        residence=residence,
        statut=statut,
        **_helpers(),
    )


def _sortie_or_404(edl_id: str) -> EtatDesLieux:
    edl = sortie_in_scope(edl_id, residence_scope(g.user))
    if edl is None:
        abort(404)
    return edl


def _render(
    edl: EtatDesLieux,
    retenue: RetenueForm | None = None,
    dates: DatesForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    item = load_decomptes([edl], today())[0]
    decompte = item.decompte
    return render_template(
        "backoffice/decompte.html",
        item=item,
        d=decompte,
        retenue=retenue or RetenueForm(),
        dates=dates
        or DatesForm(
            decompte.cles_rendues_le.isoformat(),
            decompte.restitue_le.isoformat() if decompte.restitue_le else "",
        ),
        sans_entree=SANS_ENTREE,
        sans_adresse=SANS_ADRESSE,
        # the décompte goes with its état des lieux de sortie
        retention=retention_line("etat_des_lieux", edl),
        **_helpers(),
    ), status


@bp.get("/sorties/<edl_id>")
@login_required("backoffice.access")
def decompte_page(edl_id: str) -> tuple[str, int]:
    """The décompte of one sortie."""
    return _render(_sortie_or_404(edl_id))


def _row(edl: EtatDesLieux) -> DecompteSortie:
    """The sortie's décompte row, made on the first change (a parallel first change wins)."""
    query = select(DecompteSortie).where(DecompteSortie.edl_id == edl.id)
    row = db.session.execute(query).scalar_one_or_none()
    if row is not None:
        return row
    db.session.add(DecompteSortie(edl_id=edl.id, cles_rendues_le=default_cles(edl)))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return db.session.execute(query).scalar_one()


def _target(edl: EtatDesLieux) -> str:
    return f"etat_des_lieux:{edl.id}"


def _back(edl: EtatDesLieux) -> Response:
    return redirect(url_for("backoffice.decompte_page", edl_id=edl.id))


@bp.post("/sorties/<edl_id>/dates")
@login_required("backoffice.edit")
def decompte_dates(edl_id: str) -> Response | tuple[str, int]:
    """Change the keys' day and the restitution's day."""
    edl = _sortie_or_404(edl_id)
    form = DatesForm.parse(
        request.form.get("cles_rendues_le", ""), request.form.get("restitue_le", ""), today()
    )
    if form.errors or form.cles is None:
        return _render(edl, dates=form, status=400)
    row = _row(edl)
    before = {"cles_rendues_le": row.cles_rendues_le, "restitue_le": row.restitue_le}
    after = {"cles_rendues_le": form.cles, "restitue_le": form.restitution}
    if before != after:
        row.cles_rendues_le, row.restitue_le = form.cles, form.restitution
        row.updated_at = utcnow()
        audit(
            DATES_ACTION,
            g.user.id,
            target=_target(edl),
            details={
                "avant": {k: v.isoformat() if v else None for k, v in before.items()},
                "apres": {k: v.isoformat() if v else None for k, v in after.items()},
            },
        )
        db.session.commit()
        flash("Les dates du décompte ont été enregistrées.", "success")
    return _back(edl)


@bp.post("/sorties/<edl_id>/retenues")
@login_required("backoffice.edit")
def retenue_add(edl_id: str) -> Response | tuple[str, int]:
    """Retain one more justified sum on the deposit."""
    edl = _sortie_or_404(edl_id)
    form = RetenueForm.parse(
        request.form.get("libelle", ""),
        request.form.get("montant", ""),
        request.form.get("justification", ""),
    )
    if form.errors or form.amount is None:
        return _render(edl, retenue=form, status=400)
    row = _row(edl)
    retenue = Retenue(
        decompte_id=row.id,
        libelle=form.libelle,
        montant=form.amount,
        justification=form.justification,
        created_by=g.user.id,
    )
    db.session.add(retenue)
    db.session.flush()
    audit(
        RETENUE_ADD_ACTION,
        g.user.id,
        target=_target(edl),
        details={
            "retenue": retenue.id,
            "libelle": form.libelle,
            "montant": format_amount(form.amount),
            "justification": form.justification,
        },
    )
    db.session.commit()
    flash(f"Retenue « {form.libelle} » de {format_euros(form.amount)} ajoutée.", "success")
    return _back(edl)


@bp.post("/sorties/<edl_id>/retenues/<retenue_id>/supprimer")
@login_required("backoffice.edit")
def retenue_delete(edl_id: str, retenue_id: str) -> Response:
    """Remove a retained sum (the audit log keeps what it was)."""
    edl = _sortie_or_404(edl_id)
    retenue = db.session.get(Retenue, retenue_id)
    row = db.session.get(DecompteSortie, retenue.decompte_id) if retenue is not None else None
    if retenue is None or row is None or row.edl_id != edl.id:
        abort(404)
    audit(
        RETENUE_DELETE_ACTION,
        g.user.id,
        target=_target(edl),
        details={
            "retenue": retenue.id,
            "libelle": retenue.libelle,
            "montant": format_amount(retenue.montant),
            "justification": retenue.justification,
        },
    )
    db.session.delete(retenue)
    db.session.commit()
    flash(f"Retenue « {retenue.libelle} » supprimée.", "success")
    return _back(edl)


@bp.get("/sorties/<edl_id>/lettre.pdf")
@login_required("backoffice.access")
def decompte_letter(edl_id: str) -> Response:
    """The letter to the tenant with the décompte (PDF)."""
    from server.documents.decompte_pdf import Lettre, render_letter  # loads WeasyPrint

    edl = _sortie_or_404(edl_id)
    item = load_decomptes([edl], today())[0]
    bailleurs = [p.get("nom") for p in edl.parties or [] if p and p.get("role") == "bailleur"]
    lettre = Lettre(
        bailleur=next((n for n in bailleurs if n), None)
        or current_app.config.get("PALIER_AGENCY_NAME")
        or "Le bailleur",
        bailleur_adresse=edl.bailleur_adresse or "",
        bailleur_representant=edl.bailleur_representant or "",
        locataire=item.locataire,
        adresse_locataire=item.decompte.nouvelle_adresse,
        logement=item.logement,
        date_sortie=item.date_sortie,
        date_entree=paris_day(item.entree.date_edl) if item.entree is not None else None,
    )
    response = Response(render_letter(lettre, item.decompte, today()), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="decompte-{edl.id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export/decomptes.csv")
@login_required("export")
def decomptes_export() -> Response:
    """The figures of every sortie the user sees, one row each, as CSV for Excel (logged)."""
    filters = {k: request.args.get(k, "") for k in ("residence", "statut")}
    items = _listed(filters["residence"], filters["statut"])
    chosen = {k: v for k, v in filters.items() if v}
    return csv_export("decomptes", decomptes_csv(items), len(items), chosen)
