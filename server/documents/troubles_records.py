"""The stored records a troubles de voisinage document is made from (issue 11): a dossier and its
children, the mis en cause's logement and tenants, an attestation's signatures."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from sqlalchemy import select

from server.blobs import get_store
from server.documents.signing import SIGNATURE, StoredView
from server.documents.troubles_pdf import Destinataire, DossierRecords
from server.extensions import db
from server.models import Bail, Batiment, Locataire, Logement, Residence

DOSSIER = "dossier_trouble"
FAIT = "fait"
ENTRETIEN = "entretien"
DEMARCHE = "demarche"
ATTESTATION = "attestation_temoin"
CHILDREN = (FAIT, ENTRETIEN, DEMARCHE, ATTESTATION)


def flat(pulled: dict[str, Any]) -> dict[str, Any]:
    """A pulled record as its fields with "id" and "deleted"."""
    return {**pulled["fields"], "id": pulled["record"], "deleted": pulled["deleted"]}


def dossier_records(dossier_id: str) -> DossierRecords | None:
    """The dossier and its children as stored (None when the dossier is unknown)."""
    view = StoredView()
    dossier = view.get(DOSSIER, dossier_id)
    if dossier is None:
        return None
    children = {
        entity: [flat(p) for p in view.where(entity, "dossier_id", [dossier_id])]
        for entity in CHILDREN
    }
    return DossierRecords(
        flat(dossier),
        children[FAIT],
        children[ENTRETIEN],
        children[DEMARCHE],
        children[ATTESTATION],
    )


def one(entity: str, record_id: str) -> dict[str, Any] | None:
    """One stored record as plain fields, or None."""
    pulled = StoredView().get(entity, record_id)
    return flat(pulled) if pulled is not None else None


def logement_label(logement_id: str | None) -> str:
    """ "Logement 101, bâtiment A, résidence Les Tilleuls" ("Logement inconnu" if none)."""
    logement = db.session.get(Logement, logement_id) if logement_id else None
    if logement is None:
        return "Logement inconnu"
    batiment = db.session.get(Batiment, logement.batiment_id)
    residence = db.session.get(Residence, logement.residence_id)
    parts = [f"Logement {logement.numero}"]
    if batiment is not None:
        parts.append(batiment.nom)
    if residence is not None:
        parts.append(f"résidence {residence.nom}")
    return ", ".join(parts)


def destinataire(logement_id: str | None, day: date) -> Destinataire:
    """The mis en cause as a letter addresses them: the tenants of the bail current on `day`."""
    logement = db.session.get(Logement, logement_id) if logement_id else None
    if logement is None:
        return Destinataire([], "Logement inconnu", "", "")
    batiment = db.session.get(Batiment, logement.batiment_id)
    residence = db.session.get(Residence, logement.residence_id)
    adresse = (batiment.adresse if batiment and batiment.adresse else "") or (
        residence.adresse if residence else ""
    )
    ville = " ".join(x for x in (residence.code_postal, residence.ville) if x) if residence else ""
    label = f"Logement {logement.numero}" + (f", {batiment.nom}" if batiment else "")
    return Destinataire(
        _tenants(logement.id, day),
        label,
        ", ".join(x for x in (adresse, ville) if x),
        residence.nom if residence else "",
    )


def _tenants(logement_id: str, day: date) -> list[str]:
    baux = db.session.execute(
        select(Bail).where(Bail.logement_id == logement_id).order_by(Bail.debut.desc())
    ).scalars()
    current = next(
        (b for b in baux if not b.deleted and b.debut <= day and (b.fin is None or b.fin >= day)),
        None,
    )
    ids = [str(i) for i in (current.locataire_ids if current else None) or []]
    if not ids:
        return []
    rows = {
        lo.id: lo
        for lo in db.session.execute(select(Locataire).where(Locataire.id.in_(ids))).scalars()
    }
    return [
        " ".join(x for x in (rows[i].prenom, rows[i].nom) if x)
        for i in ids
        if i in rows and not rows[i].deleted
    ]


def attestation_signatures(attestation: dict[str, Any]) -> list[dict[str, Any]]:
    """The témoin's live signatures of the attestation's content as stored."""
    signed = attestation.get("content_hash")
    return [
        s
        for s in (
            flat(p) for p in StoredView().where(SIGNATURE, "owner_record", [attestation["id"]])
        )
        if not s["deleted"]
        and s.get("owner_entity") == ATTESTATION
        and (not signed or s.get("content_hash") == signed)
    ]


def image_uri(sha256: str) -> str | None:
    """A stored image (its thumbnail) as a data: URI, None when the server lacks it."""
    data = get_store().open(sha256, thumb=True)
    if not data:
        return None
    if data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    else:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
