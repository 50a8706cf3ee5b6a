"""A troubles de voisinage document's PDF from the stored records: which renderer, which data."""

from __future__ import annotations

from datetime import date
from typing import Any

from server.documents import troubles_data as td
from server.documents import troubles_pdf as pdf
from server.documents import troubles_records as tr
from server.errors import ApiError

NOT_FOUND = "Document introuvable."


def _dossier(dossier_id: str | None) -> pdf.DossierRecords:
    records = tr.dossier_records(dossier_id) if dossier_id else None
    if records is None or records.dossier.get("deleted"):
        raise ApiError(404, "not_found", "Le dossier de ce document est introuvable.")
    return records


def _agency() -> str:
    from flask import current_app

    return current_app.config.get("PALIER_AGENCY_NAME") or "Bailleur"


def document_pdf(entity: str, record: Any) -> tuple[str, bytes]:
    """The document's file name stem and PDF bytes."""
    if entity == tr.DEMARCHE:
        return _letter(record)
    if entity == tr.ATTESTATION:
        return _attestation(record)
    if entity == tr.DOSSIER:
        records = _dossier(record.id)
        label = tr.logement_label(records.dossier.get("logement_id"))
        return "dossier-troubles", pdf.render_dossier(records, label, date.today())
    raise ApiError(404, "not_found", NOT_FOUND)


def _letter(record: Any) -> tuple[str, bytes]:
    """A rappel au bail or a mise en demeure: the dossier's coded fields and dates only."""
    demarche = tr.one(tr.DEMARCHE, record.id) or {}
    records = _dossier(demarche.get("dossier_id"))
    day = td.parse_day(demarche.get("date")) or date.today()
    counts = td.counts_of(records.dossier, records.faits)
    facts = pdf.letter_facts(records.dossier, demarche, counts)
    to = tr.destinataire(records.dossier.get("logement_id"), day)
    name = demarche["type"].replace("_", "-")
    return name, pdf.render_letter(facts, to, _agency(), day)


def _attestation(record: Any) -> tuple[str, bytes]:
    """A witness's attestation, with the témoin's signature when signed."""
    attestation = tr.one(tr.ATTESTATION, record.id) or {}
    records = _dossier(attestation.get("dossier_id"))
    label = "Dossier de troubles de voisinage — " + tr.logement_label(
        records.dossier.get("logement_id")
    )
    signatures = tr.attestation_signatures(attestation)
    return "attestation-temoin", pdf.render_attestation(
        attestation, signatures, label, tr.image_uri
    )
