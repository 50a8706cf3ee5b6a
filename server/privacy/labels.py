"""How the export's PDF names entities and fields, and writes values in French: the family
declarations' labels, and the few the declarations lack (référentiel, décompte). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from server.documents.labels import COMPTEUR_LABELS, format_euros
from server.documents.troubles_data import french_date, french_datetime
from server.families.registry import REGISTRY
from server.families.troubles_labels import NATURE_LABELS

LOCAL_FIELDS: dict[str, dict[str, str]] = {
    "locataire": {
        "code": "Référence",
        "nom": "Nom",
        "prenom": "Prénom",
        "telephone": "Téléphone",
        "email": "Courriel",
    },
    "bail": {
        "code": "Référence",
        "logement_id": "Logement",
        "type": "Type de bail",
        "debut": "Début",
        "fin": "Fin",
        "loyer": "Loyer",
        "depot_garantie": "Dépôt de garantie",
    },
    "decompte_sortie": {
        "cles_rendues_le": "Clés rendues le",
        "restitue_le": "Dépôt de garantie restitué le",
    },
    "retenue": {"libelle": "Libellé", "montant": "Montant", "justification": "Justification"},
}
LOCAL_TITLES = {
    "locataire": ("Locataire", "Fiche locataire"),
    "bail": ("Bail", "Baux"),
    "decompte_sortie": ("Décompte de sortie", "Décomptes de sortie"),
    "retenue": ("Somme retenue", "Sommes retenues"),
}
COMMON_FIELDS = {
    "created_at": "Enregistré le",
    "deleted": "Supprimé (pas encore purgé)",
    "review_comment": "Commentaire de revue",
}
# choice fields some declarations label elsewhere (a dossier's natures: a list)
FALLBACK_CHOICES = {"nature": NATURE_LABELS}
BAIL_TYPES = {"habitation": "Habitation", "glissant": "Bail glissant", "commercial": "Commercial"}
PARTY_ROLES = {"locataire": "Locataire", "bailleur": "Bailleur", "mandataire": "Mandataire"}
SUBFIELDS = {
    "role": "Qualité",
    "nom": "Nom",
    "adresse": "Adresse",
    "type": "Type",
    "numero": "Numéro",
    "index": "Index",
    "nombre": "Nombre",
    "destination": "Destination",
    "texte": "Texte",
    "echeance": "Échéance",
}
EUROS = frozenset({"loyer", "depot_garantie", "montant", "cout", "cout_estime"})
# links between records and image hashes: the PDF groups records instead
# the review's workflow state is the landlord's, not data about the person
HIDDEN = frozenset(
    {"id", "sha256", "image_sha256", "photo_id", "owner_entity", "owner_record", "review_state"}
)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def entity_titles(entity: str) -> tuple[str, str]:
    """(singular, plural) French names of an entity, capitalised."""
    if entity in LOCAL_TITLES:
        return LOCAL_TITLES[entity]
    labels = REGISTRY[entity].labels
    noun = labels.noun if labels else None
    if noun is None:
        return entity, entity
    return noun.capital, noun.plural[:1].upper() + noun.plural[1:]


def field_labels(entity: str) -> Mapping[str, str]:
    """Every field's label, in display order."""
    if entity in LOCAL_FIELDS:
        return LOCAL_FIELDS[entity]
    labels = REGISTRY[entity].labels
    return labels.fields if labels else {}


def choices(entity: str) -> Mapping[str, Mapping[str, str]]:
    """The labels of each choice field's values."""
    if entity == "bail":
        return {"type": BAIL_TYPES}
    if entity in LOCAL_FIELDS:
        return {}
    labels = REGISTRY[entity].labels
    return labels.choices if labels else {}


def moment_text(value: Any) -> str:
    """An ISO day or date-time the French way ("31/03/2026", "31/03/2026 à 23h15")."""
    if isinstance(value, str) and _DAY.match(value):
        return french_date(value)
    return french_datetime(value)


def _sub(entity: str, item: Mapping[str, Any]) -> str:
    parts = []
    for key, value in item.items():
        if key in HIDDEN or value in (None, "", []):
            continue
        if key == "role":
            parts.append(PARTY_ROLES.get(value, value))
            continue
        if key == "type" and entity == "etat_des_lieux":
            value = COMPTEUR_LABELS.get(value, value)
        parts.append(f"{SUBFIELDS.get(key, key)} : {value_text(entity, key, value, {})}")
    return ", ".join(parts)


def value_text(entity: str, key: str, value: Any, logements: Mapping[str, str]) -> str:
    """A stored value as the PDF writes it ("" when there is nothing to write)."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if key == "logement_id":
        return logements.get(value, "logement inconnu")
    labels = choices(entity).get(key) or FALLBACK_CHOICES.get(key)
    if isinstance(value, list):
        texts = [
            _sub(entity, v) if isinstance(v, dict) else value_text(entity, key, v, logements)
            for v in value
        ]
        return " ; ".join(t for t in texts if t)
    if labels is not None and isinstance(value, str):
        return labels.get(value, value)
    if key in EUROS and isinstance(value, int | float):
        return format_euros(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str) and (_DAY.match(value) or _MOMENT.match(value)):
        return moment_text(value)
    return str(value)
