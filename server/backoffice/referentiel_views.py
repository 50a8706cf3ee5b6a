"""Référentiel import: upload CSV files, preview the changes and bad rows, confirm."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.backoffice import bp, imports
from server.backoffice.labels import REFERENTIEL_LABELS
from server.backoffice.session import login_required
from server.extensions import db
from server.referentiel_io import FILES


def _uploaded() -> list[tuple[str, bytes]]:
    files = [(f.filename or "", f.read()) for f in request.files.getlist("fichiers") if f.filename]
    for name, (entity, _required, _optional) in FILES.items():
        upload = request.files.get(f"fichier_{entity}")
        if upload is not None and upload.filename:
            files.append((name, upload.read()))
    return files


@bp.get("/referentiel")
@login_required("referentiel.write")
def referentiel() -> str:
    """The upload form."""
    return render_template("backoffice/referentiel.html", files=FILES, labels=REFERENTIEL_LABELS)


@bp.post("/referentiel")
@login_required("referentiel.write")
def referentiel_upload() -> Response | tuple[str, int]:
    """Keep the uploaded files and show what importing them would do."""
    try:
        token = imports.save_upload(g.user, _uploaded())
    except imports.UploadError as problem:
        flash(str(problem), "error")
        page = render_template(
            "backoffice/referentiel.html", files=FILES, labels=REFERENTIEL_LABELS
        )
        return page, 400
    return redirect(url_for("backoffice.referentiel_preview", token=token))


@bp.get("/referentiel/<token>")
@login_required("referentiel.write")
def referentiel_preview(token: str) -> Response | str:
    """The changes an import would make and its bad rows (file and line)."""
    try:
        preview = imports.preview(g.user, token)
    except imports.UploadError as problem:
        flash(str(problem), "error")
        return redirect(url_for("backoffice.referentiel"))
    return render_template(
        "backoffice/referentiel_preview.html", preview=preview, labels=REFERENTIEL_LABELS
    )


@bp.post("/referentiel/<token>/confirmer")
@login_required("referentiel.write")
def referentiel_confirm(token: str) -> Response:
    """Apply the import in one transaction, when it has no bad rows."""
    try:
        result = imports.confirm(g.user, token)
    except imports.UploadError as problem:
        flash(str(problem), "error")
        return redirect(url_for("backoffice.referentiel"))
    if result.plan.errors:
        flash("L'import contient des lignes en erreur : rien n'a été importé.", "error")
        return redirect(url_for("backoffice.referentiel_preview", token=token))
    db.session.commit()
    imports.discard(token)
    counts = result.plan.summary()
    created = sum(c["crees"] for c in counts.values())
    updated = sum(c["modifies"] for c in counts.values())
    flash(f"Référentiel importé : {created} créé(s), {updated} modifié(s).", "success")
    return redirect(url_for("backoffice.referentiel"))


@bp.post("/referentiel/<token>/annuler")
@login_required("referentiel.write")
def referentiel_cancel(token: str) -> Response:
    """Drop an uploaded import."""
    imports.discard(token)
    flash("Import abandonné.", "info")
    return redirect(url_for("backoffice.referentiel"))
