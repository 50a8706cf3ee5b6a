"""French labels shown by the back office for codes stored in English or as identifiers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.review import LOCAL_ZONE

ROLE_LABELS = {
    "gestionnaire": "Gestionnaire",
    "gardien": "Gardien",
    "back_office": "Back-office",
    "admin": "Administrateur",
}

VISITE_TYPE_LABELS = {
    "candidat": "Visite candidat",
    "courtoisie": "Visite de courtoisie",
    "conseil": "Visite conseil (pré-état des lieux)",
    "technique": "Visite technique",
    "enquete_occupation": "Enquête d'occupation",
    "logement_temoin": "Logement témoin",
}

REVIEW_STATE_LABELS = {
    "recu": "Reçu",
    "a_corriger": "À corriger",
    "corrige": "Corrigé",
    "valide": "Validé",
    "rejete": "Rejeté",
}

# Every field of a visite, in display order, with its French label.
VISITE_FIELD_LABELS = {
    "type": "Type de visite",
    "logement_id": "Logement",
    "prevue_le": "Prévue le",
    "realisee_le": "Réalisée le",
    "participants": "Participants",
    "observations": "Observations",
    "suites": "Suites à donner",
    "candidat_nom": "Nom du candidat",
    "decision": "Décision",
    "motif_refus": "Motif du refus",
    "equipements": "Équipements",
    "reparations": "Réparations",
    "cout_estime": "Coût estimé (€)",
    "responsabilite": "Responsabilité",
    "occupants": "Occupants constatés",
    "defauts": "Défauts constatés",
    "photo_ids": "Photos",
    "review_state": "État de revue",
    "review_comment": "Commentaire de revue",
    "_deleted": "Suppression",
}

CHOICE_LABELS = {
    "decision": {"accepte": "Acceptée", "refuse": "Refusée"},
    "responsabilite": {
        "bailleur": "Bailleur",
        "locataire": "Locataire",
        "entreprise": "Entreprise",
        "assureur": "Assureur",
    },
    "type": VISITE_TYPE_LABELS,
    "review_state": REVIEW_STATE_LABELS,
}

MUTATION_STATUS_LABELS = {
    "applied": "appliquée",
    "merged": "fusionnée",
    "conflict": "en conflit",
    "rejected": "rejetée",
    "duplicate": "en double",
}

AUDIT_ACTION_LABELS = {
    "login": "Connexion au back-office",
    "device_login": "Connexion d'un appareil",
    "device_revoke": "Révocation d'un appareil",
    "export": "Export",
    "record_read": "Consultation d'un dossier",
    "review": "Revue d'un enregistrement",
    "record_edit": "Correction d'un enregistrement",
    "conflict_resolve": "Résolution d'un conflit",
    "user_create": "Création d'un utilisateur",
    "user_update": "Modification d'un utilisateur",
    "user_password_reset": "Réinitialisation d'un mot de passe",
    "user_disable": "Désactivation d'un utilisateur",
    "user_enable": "Réactivation d'un utilisateur",
    "referentiel_import": "Import du référentiel",
}

REFERENTIEL_LABELS = {
    "residence": "Résidences",
    "batiment": "Bâtiments",
    "logement": "Logements",
    "locataire": "Locataires",
    "bail": "Baux",
    "grille_vetuste": "Grille de vétusté",
}


def field_label(name: str) -> str:
    """The French label of a visite field (the name itself when unknown)."""
    return VISITE_FIELD_LABELS.get(name, name)


def display_value(name: str, value: Any) -> str:
    """A stored field value as the back office shows it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return CHOICE_LABELS.get(name, {}).get(str(value), str(value))


def format_datetime(moment: datetime | None) -> str:
    """A stored moment as French local time, "JJ/MM/AAAA HH:MM" (naive means UTC)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
