"""Signed documents (DESIGN.md §9): the canonical content of an état des lieux, and its PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from server.audit import audit
from server.auth import device_required
from server.backoffice.session import current_user
from server.blobs import get_store
from server.documents.signing import EDL, SIGNATURE, StoredView, canonical_of, document_records
from server.engine.visibility import Reader, shows_values
from server.errors import ApiError
from server.families.registry import REGISTRY
from server.models import Batiment, EtatDesLieux, Logement, Residence, User
from server.policy import residence_scope
from server.review import record_in_scope

bp = Blueprint("api_documents", __name__, url_prefix="/api/v1/documents")
NOT_FOUND = "Document introuvable."


def _readable(user: User, entity: str, record_id: str) -> Any:
    """The record if the user's scope and role let them read it (404 otherwise, never 403)."""
    if entity not in REGISTRY:
        raise ApiError(404, "not_found", NOT_FOUND)
    record = record_in_scope(entity, record_id, residence_scope(user))
    if record is None or record.deleted:
        raise ApiError(404, "not_found", NOT_FOUND)
    fields = {name: getattr(record, name) for name in REGISTRY[entity].writable}
    if not shows_values(Reader(user.role, user.id), entity, fields, record.created_by):
        raise ApiError(404, "not_found", NOT_FOUND)
    return record


@bp.get("/<entity>/<record_id>/canonical")
@device_required
def canonical(entity: str, record_id: str) -> Response:
    """The canonical text of a document as stored, and its content hash."""
    if entity != EDL:
        raise ApiError(404, "not_found", NOT_FOUND)
    _readable(g.user, EDL, record_id)
    text, digest = canonical_of(StoredView(), record_id)
    return jsonify({"canonical": text, "content_hash": digest})


def _pdf_user() -> User:
    """A device's user (bearer token) or the back office's (session)."""
    if request.headers.get("Authorization"):
        return device_required(lambda: g.user)()
    user = current_user()
    if user is None:
        raise ApiError(401, "unauthorized", "Authentification requise.")
    return user


def _context(logement_id: str | None) -> dict[str, Any]:
    """What the PDF prints of the logement and the bailleur."""
    from server.extensions import db

    logement = db.session.get(Logement, logement_id) if logement_id else None
    view: dict[str, Any] = {}
    if logement is not None:
        batiment = db.session.get(Batiment, logement.batiment_id)
        residence = db.session.get(Residence, logement.residence_id)
        view = {
            "numero": logement.numero,
            "batiment": batiment.nom if batiment else "",
            "residence": residence.nom if residence else "",
            "adresse": (batiment.adresse if batiment and batiment.adresse else "")
            or (residence.adresse if residence else ""),
            "code_postal": residence.code_postal if residence else "",
            "ville": residence.ville if residence else "",
            "etage": logement.etage,
            "typologie": logement.typologie,
        }
    bailleur = current_app.config.get("PALIER_AGENCY_NAME") or "Bailleur"
    return {"logement": view, "bailleur": bailleur}


def _flat(pulled: dict[str, Any]) -> dict[str, Any]:
    return {"id": pulled["record"], "deleted": pulled["deleted"], **pulled["fields"]}


@bp.get("/etat_des_lieux/<record_id>.pdf")
def edl_pdf(record_id: str) -> Response:
    """The PDF of an état des lieux, rendered from the stored records, its hash printed."""
    record = _readable(_pdf_user(), EDL, record_id)
    response = Response(stored_edl_pdf(record), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="etat-des-lieux-{record_id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stored_edl_pdf(record: EtatDesLieux) -> bytes:
    """The PDF of a stored état des lieux (the endpoint's bytes; the back office mails them)."""
    from server.documents.edl_pdf import render_edl_pdf  # WeasyPrint loads on first use only
    from server.documents.sortie_data import sortie_context

    record_id = record.id
    view = StoredView()
    edl, elements, photos = document_records(view, record_id)
    _text, digest = canonical_of(view, record_id)
    printed_hash = record.content_hash or digest
    # A signature over other content (cancelled on a tablet, or before a later change) is not
    # a signature of this document.
    signatures = [
        s
        for s in view.where(SIGNATURE, "owner_record", [record_id])
        if not s["deleted"] and s["fields"].get("content_hash") == printed_hash
    ]
    store = get_store()
    return render_edl_pdf(
        _flat(edl),
        [_flat(e) for e in elements],
        [_flat(s) for s in signatures],
        [_flat(p) for p in photos],
        _context(record.logement_id) | sortie_context(record),
        printed_hash,
        lambda sha: store.open(sha, thumb=True),
    )


# entity with a PDF -> the démarche types that have one (None: every record of the entity)
TROUBLES_DOCUMENTS: dict[str, tuple[str, ...] | None] = {
    "demarche": ("rappel_bail", "mise_en_demeure"),
    "attestation_temoin": None,
    "dossier_trouble": None,
}


@bp.get("/<entity>/<record_id>.pdf")
def troubles_pdf(entity: str, record_id: str) -> Response:
    """The PDF of a troubles de voisinage document: a letter to the mis en cause (démarche of
    type rappel_bail or mise_en_demeure), a witness's attestation, or the whole dossier."""
    from server.documents.troubles_documents import document_pdf  # WeasyPrint on first use

    if entity not in TROUBLES_DOCUMENTS:
        raise ApiError(404, "not_found", NOT_FOUND)
    user = _pdf_user()
    record = _readable(user, entity, record_id)
    types = TROUBLES_DOCUMENTS[entity]
    if types is not None and getattr(record, "type", None) not in types:
        raise ApiError(404, "not_found", "Cette démarche n'a pas de courrier.")
    from server.extensions import db

    name, data = document_pdf(entity, record)
    audit("document_read", user.id, target=f"{entity}:{record_id}", details={"document": name})
    db.session.commit()
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}-{record_id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
