"""French labels shown by the back office for codes stored in English or as identifiers; the
labels of each family's fields are its declaration's (server/families)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from server.families.declaration import EntityType
from server.review import LOCAL_ZONE
from server.validation import DateTimeRule, JsonNumber

ROLE_LABELS = {
    "gestionnaire": "Gestionnaire",
    "gardien": "Gardien",
    "back_office": "Back-office",
    "admin": "Administrateur",
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

# Fields every reviewed record has, whatever its family.
COMMON_FIELD_LABELS = {
    "review_state": "État de revue",
    "review_comment": "Commentaire de revue",
    "_deleted": "Suppression",
}
COMMON_CHOICE_LABELS = {"review_state": REVIEW_STATE_LABELS}

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
    "edl_send": "Envoi d'un état des lieux par e-mail",
    "decompte_dates": "Décompte de sortie : dates des clés ou de la restitution",
    "retenue_add": "Décompte de sortie : somme retenue ajoutée",
    "retenue_delete": "Décompte de sortie : somme retenue supprimée",
    "subject_export": "Export des données d'une personne (droit d'accès)",
    "retention_purge": "Purge des données arrivées au terme de leur conservation",
}

REFERENTIEL_LABELS = {
    "residence": "Résidences",
    "batiment": "Bâtiments",
    "logement": "Logements",
    "locataire": "Locataires",
    "bail": "Baux",
    "grille_vetuste": "Grille de vétusté",
}


@functools.cache
def value_kinds(entity: EntityType) -> tuple[frozenset[str], frozenset[str]]:
    """The entity's date-time fields and number fields, read off its schema."""
    schema_fields = entity.schema.fields if entity.schema is not None else {}
    datetimes = frozenset(
        name
        for name, field in schema_fields.items()
        if any(isinstance(v, DateTimeRule) for v in field.validators)
    )
    numbers = frozenset(n for n, f in schema_fields.items() if isinstance(f, JsonNumber))
    return datetimes, numbers


def field_label(entity: EntityType | None, name: str, kind: str | None = None) -> str:
    """The French label of a field of the entity (the name itself when unknown)."""
    labels = entity.labels if entity is not None else None
    if labels is not None and (name in labels.fields or (name, kind or "") in labels.overrides):
        return labels.field_label(name, kind)
    return COMMON_FIELD_LABELS.get(name, name)


def choice_labels(entity: EntityType | None, name: str) -> Mapping[str, str]:
    """The French labels of a choice field's values."""
    labels = entity.labels if entity is not None else None
    if labels is not None and name in labels.choices:
        return labels.choices[name]
    return COMMON_CHOICE_LABELS.get(name, {})


def format_number(value: float) -> str:
    """A number the French way, two decimals: 350,50."""
    return f"{value:.2f}".replace(".", ",")


def display_value(name: str, value: Any, entity: EntityType | None = None) -> str:
    """A stored field value of the entity as the back office shows it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    datetimes, numbers = value_kinds(entity) if entity is not None else (frozenset(), frozenset())
    if isinstance(value, float) or (isinstance(value, int) and name in numbers):
        return format_number(float(value))
    if name in datetimes and isinstance(value, str):
        return format_iso(value)
    return choice_labels(entity, name).get(str(value), str(value))


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
