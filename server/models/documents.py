"""Records of the états des lieux family (server/families/etat_des_lieux.py declares them).

Device-written columns have no server default: the canonical content (docs/canonical.md §4) must
be the same bytes on the tablet and here, so a field the device did not write stays null.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import SyncedMixin
from server.models.records import FlaggedMixin, ReviewedMixin


class EtatDesLieux(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """An état des lieux d'entrée or de sortie of a logement."""

    __tablename__ = "etat_des_lieux"
    logement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    bail_id: Mapped[str | None] = mapped_column(String(36))
    sens: Mapped[str | None] = mapped_column(String(10))
    date_edl: Mapped[str | None] = mapped_column(String(40))
    entree_id: Mapped[str | None] = mapped_column(String(36))
    parties: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    bailleur_representant: Mapped[str | None] = mapped_column(Text)
    bailleur_adresse: Mapped[str | None] = mapped_column(Text)
    mandataire: Mapped[str | None] = mapped_column(Text)
    compteurs: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    cles: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    observations: Mapped[str | None] = mapped_column(Text)
    # server-only: set in the transaction that stores the second party's signature
    statut: Mapped[str] = mapped_column(String(12), default="brouillon")
    content_hash: Mapped[str | None] = mapped_column(String(64))


class EdlElement(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """One element of a room (sol, murs, ...) of an état des lieux, with its condition."""

    __tablename__ = "edl_element"
    edl_id: Mapped[str | None] = mapped_column(String(36), index=True)
    piece: Mapped[str | None] = mapped_column(Text)
    element: Mapped[str | None] = mapped_column(Text)
    ordre: Mapped[float | None] = mapped_column(Float)
    etat: Mapped[str | None] = mapped_column(String(20))
    non_teste: Mapped[bool | None] = mapped_column(Boolean)
    absent: Mapped[bool | None] = mapped_column(Boolean)
    sale: Mapped[bool | None] = mapped_column(Boolean)
    observations: Mapped[str | None] = mapped_column(Text)
    grille_element: Mapped[str | None] = mapped_column(Text)
    # at a sortie (issue 10): the entry's element and condition, and the repair's imputation
    entree_element_id: Mapped[str | None] = mapped_column(String(36))
    etat_entree: Mapped[str | None] = mapped_column(String(20))
    identique_entree: Mapped[bool | None] = mapped_column(Boolean)
    imputation: Mapped[str | None] = mapped_column(String(20))
    cout: Mapped[float | None] = mapped_column(Float)
    installe_le: Mapped[str | None] = mapped_column(String(10))


class EdlAddendum(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A dated, signed addition to a signed EDL d'entrée (complement, heating), never an edit."""

    __tablename__ = "edl_addendum"
    edl_id: Mapped[str | None] = mapped_column(String(36), index=True)
    type: Mapped[str | None] = mapped_column(String(20))
    redige_le: Mapped[str | None] = mapped_column(String(40))
    texte: Mapped[str | None] = mapped_column(Text)
    # server-only: set in the transaction that stores the second party's signature
    statut: Mapped[str] = mapped_column(String(12), default="brouillon")
    content_hash: Mapped[str | None] = mapped_column(String(64))


class Signature(SyncedMixin, ReviewedMixin, db.Model):
    """A party's signature of a document: the image's hash and the content hash signed."""

    __tablename__ = "signature"
    owner_entity: Mapped[str | None] = mapped_column(String(40))
    owner_record: Mapped[str | None] = mapped_column(String(36), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    nom: Mapped[str | None] = mapped_column(Text)
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[str | None] = mapped_column(String(40))
