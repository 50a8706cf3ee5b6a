"""Records of the troubles de voisinage family (server/families/troubles.py declares them).

Device-written columns have no server default: an attestation's canonical content
(docs/canonical.md § 3 bis) must be the same bytes on the tablet and here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import SyncedMixin
from server.models.records import FlaggedMixin, ReviewedMixin


class DossierTrouble(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A troubles de voisinage case, held by the mis en cause's logement."""

    __tablename__ = "dossier_trouble"
    logement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    nature: Mapped[list[str] | None] = mapped_column(JSON)
    depuis: Mapped[str | None] = mapped_column(String(10))
    frequence: Mapped[str | None] = mapped_column(String(20))
    menages_concernes: Mapped[int | None] = mapped_column(Integer)
    qualification: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    ouvert_le: Mapped[str | None] = mapped_column(String(40))
    cloture: Mapped[str | None] = mapped_column(String(20))
    # server-only: 'clos' once a démarche of type cloture or contentieux is applied
    etat: Mapped[str] = mapped_column(String(10), default="ouvert")


class Fait(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """One occurrence of a trouble: when, what, how strong, who reported it."""

    __tablename__ = "fait"
    logement_id: Mapped[str | None] = mapped_column(String(36), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    survenu_le: Mapped[str | None] = mapped_column(String(40))
    fin_le: Mapped[str | None] = mapped_column(String(40))
    nature: Mapped[str | None] = mapped_column(String(30))
    intensite: Mapped[str | None] = mapped_column(String(10))
    signale_par: Mapped[str | None] = mapped_column(Text)
    temoins: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    nuit: Mapped[bool | None] = mapped_column(Boolean)


class Entretien(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """An interview of a plaignant, mis en cause or témoin, facts written as stated."""

    __tablename__ = "entretien"
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    date: Mapped[str | None] = mapped_column(String(40))
    lieu: Mapped[str | None] = mapped_column(Text)
    mene_par: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String(20))
    personne: Mapped[str | None] = mapped_column(Text)
    faits_declares: Mapped[str | None] = mapped_column(Text)
    preuves_remises: Mapped[str | None] = mapped_column(Text)
    demarches_deja: Mapped[str | None] = mapped_column(Text)
    version_autre_partie: Mapped[str | None] = mapped_column(Text)
    engagements: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    information_donnee: Mapped[bool | None] = mapped_column(Boolean)
    prochaine_action: Mapped[str | None] = mapped_column(Text)


class Demarche(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A step taken in a dossier (rappel au bail, mise en demeure, referral...); append-only."""

    __tablename__ = "demarche"
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    type: Mapped[str | None] = mapped_column(String(30))
    date: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[str | None] = mapped_column(Text)
    delai: Mapped[str | None] = mapped_column(String(10))
    consequences: Mapped[str | None] = mapped_column(Text)
    issue: Mapped[str | None] = mapped_column(String(20))


class AttestationTemoin(SyncedMixin, ReviewedMixin, FlaggedMixin, db.Model):
    """A witness statement following CERFA 11527*03, signed on the tablet."""

    __tablename__ = "attestation_temoin"
    dossier_id: Mapped[str | None] = mapped_column(String(36), index=True)
    nom: Mapped[str | None] = mapped_column(Text)
    prenom: Mapped[str | None] = mapped_column(Text)
    date_naissance: Mapped[str | None] = mapped_column(String(10))
    lieu_naissance: Mapped[str | None] = mapped_column(Text)
    adresse: Mapped[str | None] = mapped_column(Text)
    profession: Mapped[str | None] = mapped_column(Text)
    lien_parties: Mapped[str | None] = mapped_column(Text)
    faits: Mapped[str | None] = mapped_column(Text)
    fait_a: Mapped[str | None] = mapped_column(Text)
    fait_le: Mapped[str | None] = mapped_column(String(10))
    piece_identite: Mapped[bool | None] = mapped_column(Boolean)
    mention_legale: Mapped[bool | None] = mapped_column(Boolean)
    # server-only: set in the transaction that stores the témoin's signature
    statut: Mapped[str] = mapped_column(String(12), default="brouillon")
    content_hash: Mapped[str | None] = mapped_column(String(64))
