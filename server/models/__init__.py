"""All models, imported so Alembic and the app see every table."""

from server.models.accounts import (
    ROLES,
    AuditEntry,
    BackofficeSession,
    Device,
    LoginFailure,
    User,
    user_residence,
    user_secteur,
)
from server.models.decompte import DecompteSortie, Retenue
from server.models.documents import EdlElement, EtatDesLieux, Signature
from server.models.reclamations import (
    ContactPermanence,
    Permanence,
    Reclamation,
    ReclamationEvenement,
)
from server.models.records import REVIEW_STATES, Photo, Visite
from server.models.referentiel import (
    Bail,
    Batiment,
    GrilleVetuste,
    Locataire,
    Logement,
    Residence,
    Secteur,
)
from server.models.sync import (
    Blob,
    BlobAccess,
    ChangeLog,
    Conflict,
    MutationLog,
    ReviewEvent,
    SyncState,
)
from server.models.troubles import AttestationTemoin, Demarche, DossierTrouble, Entretien, Fait

__all__ = [
    "ROLES",
    "REVIEW_STATES",
    "AuditEntry",
    "BackofficeSession",
    "AttestationTemoin",
    "Bail",
    "Batiment",
    "Blob",
    "BlobAccess",
    "ChangeLog",
    "Conflict",
    "ContactPermanence",
    "Demarche",
    "DecompteSortie",
    "Device",
    "DossierTrouble",
    "EdlElement",
    "Entretien",
    "EtatDesLieux",
    "Fait",
    "GrilleVetuste",
    "Locataire",
    "LoginFailure",
    "Logement",
    "MutationLog",
    "Permanence",
    "Photo",
    "Reclamation",
    "ReclamationEvenement",
    "Residence",
    "Retenue",
    "ReviewEvent",
    "Secteur",
    "Signature",
    "SyncState",
    "User",
    "Visite",
    "user_residence",
    "user_secteur",
]
