"""The référentiel: server-owned, read-only on devices."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import SyncedMixin, new_uuid


class Secteur(db.Model):
    """A group of résidences under one gestionnaire."""

    __tablename__ = "secteur"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    nom: Mapped[str] = mapped_column(String(200))


class Residence(SyncedMixin, db.Model):
    """A residence (programme) of the landlord."""

    __tablename__ = "residence"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    nom: Mapped[str] = mapped_column(String(200))
    adresse: Mapped[str] = mapped_column(String(300), default="")
    code_postal: Mapped[str] = mapped_column(String(10), default="")
    ville: Mapped[str] = mapped_column(String(120), default="")
    secteur_id: Mapped[str] = mapped_column(ForeignKey("secteur.id"), index=True)
    secteur_code: Mapped[str] = mapped_column(String(40), default="")


class Batiment(SyncedMixin, db.Model):
    """A building (entrée, cage) of a résidence."""

    __tablename__ = "batiment"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    nom: Mapped[str] = mapped_column(String(200))
    adresse: Mapped[str] = mapped_column(String(300), default="")
    etages: Mapped[int] = mapped_column(Integer, default=0)


class Logement(SyncedMixin, db.Model):
    """A dwelling, shop, parking space or cellar."""

    __tablename__ = "logement"
    code: Mapped[str] = mapped_column(String(60), unique=True)
    batiment_id: Mapped[str] = mapped_column(ForeignKey("batiment.id"), index=True)
    numero: Mapped[str] = mapped_column(String(20))
    etage: Mapped[int] = mapped_column(Integer, default=0)
    typologie: Mapped[str] = mapped_column(String(4), default="")
    surface: Mapped[float] = mapped_column(Float, default=0.0)
    nature: Mapped[str] = mapped_column(String(20), default="logement")
    # grille element name -> "YYYY-MM-DD": the last installation or renewal known (issue 10)
    renouvellements: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class Locataire(SyncedMixin, db.Model):
    """A tenant."""

    __tablename__ = "locataire"
    code: Mapped[str] = mapped_column(String(60), unique=True)
    nom: Mapped[str] = mapped_column(String(120))
    prenom: Mapped[str] = mapped_column(String(120), default="")
    telephone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class Bail(SyncedMixin, db.Model):
    """A lease of a logement to one or more locataires."""

    __tablename__ = "bail"
    code: Mapped[str] = mapped_column(String(60), unique=True)
    logement_id: Mapped[str] = mapped_column(ForeignKey("logement.id"), index=True)
    type: Mapped[str] = mapped_column(String(20), default="habitation")
    debut: Mapped[date] = mapped_column(Date)
    fin: Mapped[date | None] = mapped_column(Date, nullable=True)
    loyer: Mapped[Any] = mapped_column(Numeric(10, 2), default=0)
    depot_garantie: Mapped[Any] = mapped_column(Numeric(10, 2), default=0)
    locataire_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class GrilleVetuste(SyncedMixin, db.Model):
    """One element of the landlord's wear-and-tear grid."""

    __tablename__ = "grille_vetuste"
    element: Mapped[str] = mapped_column(String(120), unique=True)
    duree_vie: Mapped[int] = mapped_column(Integer)
    franchise: Mapped[int] = mapped_column(Integer)
    abattement_annuel: Mapped[float] = mapped_column(Float)
    part_residuelle: Mapped[float] = mapped_column(Float)
