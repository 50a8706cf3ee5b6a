"""What the back office shows of an état des lieux: the document as signed (parties, compteurs,
clés, rooms and their photos), its signatures checked against its content hash, and its e-mails."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.backoffice.labels import choice_labels, format_iso
from server.backoffice.naming import user_and_device_names
from server.backoffice.record import PhotoView
from server.documents.labels import COMPTEUR_LABELS, ETAT_LABELS, MARK_LABELS, format_index
from server.documents.signing import EDL, ELEMENT, SIGNED, StoredView, canonical_of
from server.extensions import db
from server.families.registry import REGISTRY
from server.models import AuditEntry, Blob, EdlElement, EtatDesLieux, Photo, Signature

SEND_ACTION = "edl_send"  # the audit log's action for an e-mail sent


@dataclass
class SignatureView:
    """A party's signature: who, when, its image, and whether it signed the EDL's content."""

    id: str
    role: str
    nom: str
    signed_at: str
    present: bool  # the image is on the server
    matches: bool  # its content hash is the EDL's


@dataclass
class CompteurView:
    """A meter reading, with its photo when the tablet took one."""

    type: str
    numero: str
    index: str
    photo: PhotoView | None


@dataclass
class ElementView:
    """One element of a room: its condition, marks, observations and photos."""

    element: str
    grille: str
    etat: str
    marques: list[str]
    observations: str
    photos: list[PhotoView] = field(default_factory=list)


@dataclass
class PieceView:
    """A room and its elements, in the order of the grid."""

    nom: str
    elements: list[ElementView] = field(default_factory=list)


@dataclass
class Sending:
    """An e-mail of the document, from the audit log."""

    at: datetime
    by: str
    recipients: list[str]


@dataclass
class EdlDocument:
    """Everything the EDL's page shows of the document."""

    title: str
    date: str
    signed: bool
    statut: str
    content_hash: str  # the signed content's hash, else the current content's
    intact: bool  # the content stored is still the one signed
    parties: list[dict[str, str]]
    bailleur_representant: str
    bailleur_adresse: str
    mandataire: str
    compteurs: list[CompteurView]
    cles: list[dict[str, str]]
    pieces: list[PieceView]
    general_photos: list[PhotoView]
    observations: str
    signatures: list[SignatureView]
    sendings: list[Sending]


def _stored(hashes: Iterable[str | None]) -> set[str]:
    wanted = sorted({h for h in hashes if h})
    if not wanted:
        return set()
    return set(db.session.execute(select(Blob.sha256).where(Blob.sha256.in_(wanted))).scalars())


def _photos(owner_ids: list[str]) -> list[Photo]:
    rows = db.session.execute(
        select(Photo).where(
            Photo.owner_entity.in_((EDL, ELEMENT)),
            Photo.owner_record.in_(owner_ids),
            Photo.deleted.is_(False),
        )
    ).scalars()
    # taken order reads naturally (as in the PDF); the id breaks ties
    return sorted(rows, key=lambda p: (p.taken_at or "", p.id))


def _photo_view(photo: Photo, stored: set[str]) -> PhotoView:
    return PhotoView(photo.id, photo.sha256, photo.caption, photo.taken_at, photo.sha256 in stored)


def _compteur(compteur: dict[str, Any], photos: dict[str, PhotoView]) -> CompteurView:
    photo_id = compteur.get("photo_id")
    photo = photos.get(photo_id) if photo_id else None
    if photo_id and photo is None:  # the record names a photo the server never received
        photo = PhotoView(photo_id, None, "", None, False)
    return CompteurView(
        COMPTEUR_LABELS.get(compteur.get("type") or "", compteur.get("type") or ""),
        compteur.get("numero") or "",
        format_index(compteur.get("index")),
        photo,
    )


def _pieces(elements: list[EdlElement], photos: list[Photo], stored: set[str]) -> list[PieceView]:
    by_element: dict[str, list[PhotoView]] = {}
    for photo in photos:
        if photo.owner_entity == ELEMENT:
            by_element.setdefault(photo.owner_record, []).append(_photo_view(photo, stored))
    pieces: dict[str, PieceView] = {}
    for element in sorted(elements, key=lambda e: (e.ordre or 0, e.id)):
        name = element.piece or "Sans pièce"
        pieces.setdefault(name, PieceView(name)).elements.append(
            ElementView(
                element.element or "",
                element.grille_element or "",
                ETAT_LABELS.get(element.etat or "", "—"),
                [label for mark, label in MARK_LABELS.items() if getattr(element, mark)],
                element.observations or "",
                by_element.get(element.id, []),
            )
        )
    return list(pieces.values())


def _signatures(edl_id: str, reference: str) -> list[SignatureView]:
    rows = list(
        db.session.execute(
            select(Signature)
            .where(
                Signature.owner_entity == EDL,
                Signature.owner_record == edl_id,
                Signature.deleted.is_(False),
            )
            .order_by(Signature.signed_at, Signature.created_at)
        ).scalars()
    )
    roles = choice_labels(REGISTRY["signature"], "role")
    stored = _stored(s.image_sha256 for s in rows)
    return [
        SignatureView(
            s.id,
            roles.get(s.role or "", s.role or ""),
            s.nom or "",
            format_iso(s.signed_at),
            s.image_sha256 in stored,
            s.content_hash == reference,
        )
        for s in rows
    ]


def sendings_of(edl_id: str) -> list[Sending]:
    """The e-mails of the document, oldest first, as the audit log holds them."""
    rows = list(
        db.session.execute(
            select(AuditEntry)
            .where(AuditEntry.action == SEND_ACTION, AuditEntry.target == f"{EDL}:{edl_id}")
            .order_by(AuditEntry.id)
        ).scalars()
    )
    users, _devices = user_and_device_names((r.user_id for r in rows if r.user_id), [])
    return [
        Sending(
            r.at,
            users.get(r.user_id, "Utilisateur inconnu") if r.user_id else "—",
            list((r.details or {}).get("recipients", [])),
        )
        for r in rows
    ]


def edl_document(record: EtatDesLieux) -> EdlDocument:
    """The page's view of a stored EDL."""
    entity = REGISTRY[EDL]
    elements = list(
        db.session.execute(
            select(EdlElement).where(EdlElement.edl_id == record.id, EdlElement.deleted.is_(False))
        ).scalars()
    )
    photos = _photos([record.id, *(e.id for e in elements)])
    stored = _stored(p.sha256 for p in photos)
    own = {p.id: _photo_view(p, stored) for p in photos if p.owner_entity == EDL}
    compteurs = [_compteur(c, own) for c in record.compteurs or [] if c]
    metered = {c.photo.id for c in compteurs if c.photo is not None}
    _text, current = canonical_of(StoredView(), record.id)
    signed = record.statut == SIGNED
    reference = record.content_hash if signed and record.content_hash else current
    roles = choice_labels(REGISTRY["signature"], "role")
    return EdlDocument(
        title=choice_labels(entity, "sens").get(record.sens or "", "État des lieux"),
        date=format_iso(record.date_edl),
        signed=signed,
        statut=choice_labels(entity, "statut").get(record.statut, record.statut),
        content_hash=reference,
        intact=reference == current,
        parties=[
            {
                "role": roles.get(p.get("role") or "", p.get("role") or ""),
                "nom": p.get("nom") or "",
                "adresse": p.get("adresse") or "",
            }
            for p in record.parties or []
            if p
        ],
        bailleur_representant=record.bailleur_representant or "",
        bailleur_adresse=record.bailleur_adresse or "",
        mandataire=record.mandataire or "",
        compteurs=compteurs,
        cles=[
            {
                "type": c.get("type") or "",
                "nombre": "" if c.get("nombre") is None else str(c.get("nombre")),
                "destination": c.get("destination") or "",
            }
            for c in record.cles or []
            if c
        ],
        pieces=_pieces(elements, photos, stored),
        general_photos=[v for i, v in own.items() if i not in metered],
        observations=record.observations or "",
        signatures=_signatures(record.id, reference),
        sendings=sendings_of(record.id),
    )
