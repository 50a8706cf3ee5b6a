"""Records of the réclamations and permanences families (server/families/reclamations.py
declares them).

A réclamation belongs to a logement, or to a bâtiment for the common parts; its statut and
echeance are the server's. Évènements and permanence contacts are append-only evidence.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import SyncedMixin
from server.models.records import FlaggedMixin, ReviewedMixin


class Reclamation(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A claim or incident: where, what, how urgent, and where it stands."""

    __tablename__ = "reclamation"
    logement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    batiment_id: Mapped[str | None] = mapped_column(String(36), index=True)
    cage: Mapped[str | None] = mapped_column(String(20))
    etage: Mapped[int | None] = mapped_column(Integer)
    partie_commune: Mapped[str | None] = mapped_column(String(30))
    categorie: Mapped[str | None] = mapped_column(String(30))
    urgence: Mapped[str | None] = mapped_column(String(2))
    signalee_le: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    origine: Mapped[str | None] = mapped_column(String(12))
    contact_id: Mapped[str | None] = mapped_column(String(36), index=True)
    responsabilite: Mapped[str | None] = mapped_column(String(12))
    entreprise: Mapped[str | None] = mapped_column(String(200))
    entreprise_reference: Mapped[str | None] = mapped_column(String(100))
    # server-only: the last accepted évènement's statut, and the deadline from sync/echeance.py
    statut: Mapped[str] = mapped_column(String(12), default="saisie")
    echeance: Mapped[str | None] = mapped_column(String(40))


class ReclamationEvenement(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """One step of a réclamation (qualifiée, affectée, réalisée...); append-only."""

    __tablename__ = "reclamation_evenement"
    reclamation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    statut: Mapped[str | None] = mapped_column(String(12))
    commentaire: Mapped[str | None] = mapped_column(Text)
    le: Mapped[str | None] = mapped_column(String(40))


class Permanence(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A permanence held in a résidence: where, when, by whom."""

    __tablename__ = "permanence"
    site: Mapped[str | None] = mapped_column(String(200))
    debut: Mapped[str | None] = mapped_column(String(40))
    fin: Mapped[str | None] = mapped_column(String(40))
    agents: Mapped[str | None] = mapped_column(String(500))
    chantier: Mapped[bool | None] = mapped_column(Boolean)


class ContactPermanence(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """One visitor of a permanence: who, what was asked, answered, and what follows; append-only."""

    __tablename__ = "contact_permanence"
    permanence_id: Mapped[str | None] = mapped_column(String(36), index=True)
    heure: Mapped[str | None] = mapped_column(String(40))
    locataire_id: Mapped[str | None] = mapped_column(String(36))
    logement_id: Mapped[str | None] = mapped_column(String(36))
    anonyme: Mapped[bool | None] = mapped_column(Boolean)
    nom: Mapped[str | None] = mapped_column(String(200))
    categorie: Mapped[str | None] = mapped_column(String(20))
    demande: Mapped[str | None] = mapped_column(Text)
    reponse: Mapped[str | None] = mapped_column(Text)
    orientation: Mapped[str | None] = mapped_column(String(500))
    suite: Mapped[str | None] = mapped_column(String(12))
    suite_id: Mapped[str | None] = mapped_column(String(36))
    rendez_vous_le: Mapped[str | None] = mapped_column(String(40))
    documents_remis: Mapped[str | None] = mapped_column(String(500))
    acces_refuse: Mapped[bool | None] = mapped_column(Boolean)
    nuisances_chantier: Mapped[str | None] = mapped_column(Text)
    degats_entreprise: Mapped[str | None] = mapped_column(Text)
    vulnerable: Mapped[bool | None] = mapped_column(Boolean)
