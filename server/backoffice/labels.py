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

# The field app's wording (pwa/src/config.js REVIEW_STATES): one name per state in both apps.
REVIEW_STATE_LABELS = {
    "recu": "Reçue",
    "a_corriger": "À corriger",
    "corrige": "Corrigée",
    "valide": "Validée",
    "rejete": "Rejetée",
}
DELETED_STATE = "supprimee"
DELETED_STATE_LABEL = "Supprimée"

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
    "equipements": "Équipements et contrats",
    "reparations": "Réparations à prévoir",
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
    "decision": {"accepte": "Accepté", "refuse": "Refusé"},
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
    "record_delete": "Suppression d'un enregistrement",
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


# The fields every visite has, then those of its type (the field app's TYPE_FIELDS in
# pwa/src/config.js): the record page and the correction form show only these.
COMMON_VISITE_FIELDS = (
    "type",
    "logement_id",
    "prevue_le",
    "realisee_le",
    "participants",
    "observations",
    "suites",
)
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "candidat": ("candidat_nom", "decision", "motif_refus"),
    "courtoisie": ("equipements",),
    "conseil": ("reparations", "cout_estime"),
    "technique": ("responsabilite", "reparations"),
    "enquete_occupation": ("occupants",),
    "logement_temoin": ("defauts",),
}
# Field names whose stored value is an ISO 8601 date-time string.
DATETIME_FIELDS = frozenset({"prevue_le", "realisee_le", "taken_at"})
NUMBER_FIELDS = frozenset({"cout_estime"})


def visite_fields_for(visite_type: str | None) -> tuple[str, ...]:
    """The fields of a visite of that type, in display order."""
    return COMMON_VISITE_FIELDS + TYPE_FIELDS.get(visite_type or "", ())


def field_label(name: str, visite_type: str | None = None) -> str:
    """The French label of a visite field (the name itself when unknown)."""
    if name == "reparations" and visite_type == "technique":
        return "Travaux à commander"
    return VISITE_FIELD_LABELS.get(name, name)


def format_number(value: float) -> str:
    """A number the French way, two decimals: 350,50."""
    return f"{value:.2f}".replace(".", ",")


def display_value(name: str, value: Any) -> str:
    """A stored field value as the back office shows it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) or (isinstance(value, int) and name in NUMBER_FIELDS):
        return format_number(float(value))
    if name in DATETIME_FIELDS and isinstance(value, str):
        return format_iso(value)
    return CHOICE_LABELS.get(name, {}).get(str(value), str(value))


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 date-time string as an aware moment (naive means Paris time), or None."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def format_iso(value: str | None) -> str:
    """An ISO 8601 moment as French local time "JJ/MM/AAAA HH:MM" (kept when unreadable)."""
    if not value:
        return "—"
    moment = parse_iso(value)
    return value if moment is None else format_datetime(moment)


def format_datetime(moment: datetime | None) -> str:
    """A stored moment as French local time, "JJ/MM/AAAA HH:MM" (naive means UTC)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
