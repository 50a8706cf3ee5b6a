"""The back office's "Droit d'accès" page (RGPD art. 15): find a person (by name, or a
locataire's reference), see where they appear, and download everything Palier holds about them
as a ZIP (server/privacy). Every export is written to the audit log: who, whom, how many
records per family and how many names were masked (never a free text)."""

from __future__ import annotations

import re
import unicodedata

from flask import Response, g, render_template, request
from sqlalchemy import select

from server.audit import audit
from server.backoffice import bp
from server.backoffice.session import login_required
from server.extensions import db
from server.models import Locataire
from server.models.base import utcnow
from server.privacy.collect import FAMILIES, Subject
from server.privacy.export import build_export
from server.privacy.search import candidate_of_locataire, find, subject_of_locataire

EMPTY_SEARCH = (
    "Saisissez un nom (et, si vous le connaissez, un prénom) ou la référence d'un locataire."
)
EMPTY_EXPORT = "Choisissez la personne à exporter dans la liste des résultats."
TOO_LONG = "Un nom ou une référence ne dépasse pas 120 caractères."
MAX_LENGTH = 120


def _unknown(reference: str) -> str:
    return f"Aucun locataire n'a la référence « {reference} »."


def _locataire(reference: str) -> Locataire | None:
    """A locataire by its référentiel code or its id."""
    found = db.session.execute(
        select(Locataire).where((Locataire.code == reference) | (Locataire.id == reference))
    ).scalars()
    return next(iter(found), None)


def _page(status: int = 200, error: str = "", **shown: object) -> tuple[str, int]:
    values = {"nom": "", "prenom": "", "locataire": "", "candidates": None} | shown
    return (
        render_template("backoffice/subject_search.html", error=error, families=FAMILIES, **values),
        status,
    )


@bp.get("/droit-acces")
@login_required("subject.export")
def subject_search() -> tuple[str, int]:
    """The search form, and the persons it finds with their counts per family."""
    nom = request.args.get("nom", "").strip()
    prenom = request.args.get("prenom", "").strip()
    reference = request.args.get("locataire", "").strip()
    typed = {"nom": nom, "prenom": prenom, "locataire": reference}
    if "chercher" not in request.args:
        return _page()
    if max(len(nom), len(prenom), len(reference)) > MAX_LENGTH:
        return _page(400, TOO_LONG, **typed)
    if reference:
        row = _locataire(reference)
        if row is None:
            return _page(404, _unknown(reference), **typed)
        return _page(candidates=[candidate_of_locataire(row.id)], **typed)
    if not nom:
        return _page(400, EMPTY_SEARCH, **typed)
    return _page(candidates=find(nom, prenom), **typed)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "personne"


@bp.post("/droit-acces/export")
@login_required("subject.export")
def subject_export() -> Response | tuple[str, int]:
    """Build the person's ZIP (donnees.json, donnees.pdf), log the export, send it."""
    locataire_id = request.form.get("locataire_id", "").strip()
    nom = request.form.get("nom", "").strip()
    prenom = request.form.get("prenom", "").strip()
    if max(len(locataire_id), len(nom), len(prenom)) > MAX_LENGTH:
        return _page(400, TOO_LONG)
    if locataire_id:
        subject = subject_of_locataire(locataire_id)
        if subject is None:
            return _page(404, _unknown(locataire_id))
        target = f"locataire:{subject.locataire_id}"
    elif nom:
        subject = Subject(nom, prenom)
        target = f"personne:{' '.join(x for x in (prenom, nom) if x)}"
    else:
        return _page(400, EMPTY_EXPORT)
    now = utcnow()
    built = build_export(subject, g.user.name, now)
    audit(
        "subject_export",
        g.user.id,
        target=target,
        details={"familles": built.counts, "masques": built.masks},
    )
    db.session.commit()
    filename = f"droit-acces-{_slug(subject.code or f'{prenom} {nom}')}-{now:%Y%m%d-%H%M}.zip"
    return Response(
        built.data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
