"""The back office's décompte de sortie: server-only records, never synced to devices.

One décompte per état des lieux de sortie: the day the keys came back, the day the deposit was
returned, and the sums retained besides the EDL's lines, each with its justification.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import new_uuid, utcnow


class DecompteSortie(db.Model):
    """The décompte of an EDL de sortie: keys date and restitution date."""

    __tablename__ = "decompte_sortie"
    __table_args__ = (UniqueConstraint("edl_id", name="uq_decompte_sortie_edl_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    edl_id: Mapped[str] = mapped_column(String(36))
    cles_rendues_le: Mapped[date] = mapped_column(Date)
    restitue_le: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Retenue(db.Model):
    """A sum retained on the deposit besides the EDL's lines, with its justification."""

    __tablename__ = "retenue"
    __table_args__ = (CheckConstraint("montant >= 0", name="ck_retenue_montant_positif"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    decompte_id: Mapped[str] = mapped_column(
        ForeignKey("decompte_sortie.id", ondelete="CASCADE"), index=True
    )
    libelle: Mapped[str] = mapped_column(String(200))
    montant: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    justification: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
