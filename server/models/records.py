"""Field records written on devices: the visites family and photos; the mixins every family's
records share (server/families declares how they sync)."""

from __future__ import annotations

from sqlalchemy import JSON, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import SyncedMixin

REVIEW_STATES = ("recu", "a_corriger", "corrige", "valide", "rejete")


class ReviewedMixin:
    """Back-office review state; travels to the device read-only."""

    review_state: Mapped[str] = mapped_column(String(12), default="recu", index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    updated_device_id: Mapped[str | None] = mapped_column(String(36))
    created_device_id: Mapped[str | None] = mapped_column(String(36))


class FlaggedMixin:
    """Suspect words found in the record's free text (server/cnil.py), for the back office."""

    flags: Mapped[list[str]] = mapped_column(JSON, default=list)


class Visite(SyncedMixin, ReviewedMixin, db.Model):
    """A visit of a logement (candidat, courtoisie, conseil, technique, ...)."""

    __tablename__ = "visite"
    logement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    type: Mapped[str | None] = mapped_column(String(30))
    prevue_le: Mapped[str | None] = mapped_column(String(40))
    realisee_le: Mapped[str | None] = mapped_column(String(40))
    participants: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    suites: Mapped[str] = mapped_column(Text, default="")
    photo_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    candidat_nom: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20))
    motif_refus: Mapped[str] = mapped_column(Text, default="")
    equipements: Mapped[str] = mapped_column(Text, default="")
    reparations: Mapped[str] = mapped_column(Text, default="")
    cout_estime: Mapped[float | None] = mapped_column(Float)
    responsabilite: Mapped[str | None] = mapped_column(String(20))
    occupants: Mapped[str] = mapped_column(Text, default="")
    defauts: Mapped[str] = mapped_column(Text, default="")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)


class Photo(SyncedMixin, ReviewedMixin, db.Model):
    """A photo attached to a record; append-only once created."""

    __tablename__ = "photo"
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    owner_entity: Mapped[str] = mapped_column(String(40))
    owner_record: Mapped[str] = mapped_column(String(36), index=True)
    caption: Mapped[str] = mapped_column(Text, default="")
    taken_at: Mapped[str | None] = mapped_column(String(40))
