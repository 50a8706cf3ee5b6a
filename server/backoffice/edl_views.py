"""The état des lieux's back-office page (the record page, with the document, its signatures, its
photos and its PDF), its signature images, and sending the signed PDF by e-mail."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, g, redirect, request

from server.api.documents import stored_edl_pdf
from server.audit import audit
from server.backoffice import bp
from server.backoffice.edl_mail import (
    MailForm,
    audit_details,
    body_of,
    candidates_of,
    pdf_attachment,
    refusal,
    subject_of,
)
from server.backoffice.edl_page import SEND_ACTION, edl_document
from server.backoffice.naming import record_url
from server.backoffice.record import RECORD_PAGES, RecordPage
from server.backoffice.review_views import record_or_404, render_record
from server.backoffice.session import login_required
from server.blobs import get_store
from server.documents.signing import EDL
from server.extensions import db
from server.mail import MailError, SmtpSettings, build_message, send
from server.models import EtatDesLieux, Signature

# HTTP status of a send refused before any e-mail was attempted, by code
REFUSAL_STATUS = {
    "mail_not_configured": 503,
    "mail_misconfigured": 503,
    "edl_deleted": 409,
    "edl_not_signed": 409,
}


def _settings() -> SmtpSettings | None:
    return SmtpSettings.from_config(current_app.config)


def edl_extra(record: EtatDesLieux, mail: MailForm | None = None) -> dict[str, Any]:
    """What the EDL's page shows besides the generic record page."""
    settings = _settings()
    return {
        "edl": edl_document(record),
        "mail": mail or MailForm.blank(candidates_of(record)),
        "mail_refusal": refusal(
            record, settings is not None, current_app.config.get("PALIER_SMTP_ERROR", "")
        ),
    }


RECORD_PAGES[EDL] = RecordPage("backoffice/edl_record.html", edl_extra)


@bp.get("/records/etat_des_lieux/<record_id>/signatures/<signature_id>")
@login_required("backoffice.access")
def edl_signature_image(record_id: str, signature_id: str) -> Response:
    """The image of one of the EDL's signatures (not a photo: blob_views does not serve it)."""
    _declared, record = record_or_404(EDL, record_id)
    signature = db.session.get(Signature, signature_id)
    if (
        signature is None
        or signature.deleted
        or (signature.owner_entity, signature.owner_record) != (EDL, record.id)
        or not signature.image_sha256
    ):
        abort(404)
    data = get_store().open(signature.image_sha256)
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _page_with(record_id: str, mail: MailForm, status: int) -> tuple[str, int]:
    """The EDL's page again, with the form as posted and its errors."""
    declared, record = record_or_404(EDL, record_id)
    return render_record(declared, record, extra=edl_extra(record, mail)), status


@bp.post("/records/etat_des_lieux/<record_id>/envoyer")
@login_required("backoffice.access")
def edl_send(record_id: str) -> Response | tuple[str, int]:
    """Send the signed EDL's PDF to the locataires chosen and the addresses typed in."""
    _declared, record = record_or_404(EDL, record_id)
    mail = MailForm(
        candidates_of(record),
        set(request.form.getlist("locataire")),
        request.form.get("autre_adresse", ""),
        request.form.get("message", ""),
    )
    settings = _settings()
    refused_now = refusal(
        record, settings is not None, current_app.config.get("PALIER_SMTP_ERROR", "")
    )
    if refused_now is not None:
        mail.errors = [refused_now[1]]
        return _page_with(record_id, mail, REFUSAL_STATUS[refused_now[0]])
    assert settings is not None
    recipients = mail.recipients()
    if mail.errors:
        return _page_with(record_id, mail, 400)
    message = build_message(
        settings.sender,
        recipients,
        subject_of(record),
        body_of(record, mail.note, current_app.config.get("PALIER_AGENCY_NAME") or "Le bailleur"),
        [pdf_attachment(record, stored_edl_pdf(record))],
    )
    try:
        refused = send(settings, message)
    except MailError as err:
        current_app.logger.warning("edl_send_failed code=%s edl=%s %s", err.code, record.id, err)
        db.session.rollback()
        mail.errors = [f"L'état des lieux n'a pas été envoyé. {err.message}"]
        return _page_with(record_id, mail, 502)
    sent = [r for r in recipients if r not in refused]
    audit(
        SEND_ACTION,
        g.user.id,
        target=f"{EDL}:{record.id}",
        details=audit_details(sent, refused, record.content_hash or ""),
    )
    db.session.commit()
    flash(f"L'état des lieux a été envoyé à {', '.join(sent)}.", "success")
    if refused:
        flash(f"Le serveur d'e-mails a refusé : {', '.join(refused)}.", "error")
    return redirect(record_url(EDL, record.id))
