"""The troubles de voisinage family (issue 11): dossier, faits, entretiens, démarches, attestations.

A dossier belongs to the mis en cause's logement; its entretiens, démarches and attestations
belong to it. A fait belongs to a logement and may be attached to a dossier (`dossier_id`). Only
the gestionnaires, the back office and admins read them: a gardien reports faits but never holds
a dossier or what belongs to it (DESIGN.md §9 "Visibility"). The push rules (the notice given,
append-only démarches closing the dossier, the witness's signature) are server/families/
troubles_rules.py's hooks.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from server.families.declaration import (
    CHOICE,
    DATETIME,
    LONG_TEXT,
    TEXT,
    Editable,
    EntityType,
    Family,
    Parent,
    ReadRule,
    Retention,
)
from server.families.etat_des_lieux import HIDDEN_FROM_GARDIEN, WRITE_ROLES, iso_date
from server.families.retention_anchors import dossier_anchor, fait_anchor
from server.families.troubles_labels import (
    ATTESTATION_LABELS,
    DEMARCHE_LABELS,
    DOSSIER_LABELS,
    ENTRETIEN_LABELS,
    FAIT_LABELS,
)
from server.families.troubles_rules import after_troubles_apply, check_troubles_mutation
from server.models.troubles import AttestationTemoin, Demarche, DossierTrouble, Entretien, Fait
from server.validation import (
    NOT_NULL,
    REQUIRED,
    FrenchSchema,
    boolean,
    choice,
    integer,
    iso_datetime,
    object_list,
    text,
    uuid_string,
)

NATURES = [
    "bruit",
    "odeurs",
    "degradations",
    "incivilites",
    "menaces",
    "violences",
    "occupation_parties_communes",
    "animaux",
    "stationnement",
    "autre",
]
FREQUENCES = ["ponctuel", "hebdomadaire", "quotidien", "permanent"]
QUALIFICATIONS = ["trouble_voisinage", "danger_immediat", "infraction"]
CLOTURES = ["resolu", "sans_suite", "contentieux"]
INTENSITES = ["faible", "moyenne", "forte"]
ROLES = ["plaignant", "mis_en_cause", "temoin"]
DEMARCHE_TYPES = [
    "rappel_bail",
    "mise_en_demeure",
    "mediation",
    "confrontation",
    "police",
    "conciliateur",
    "mairie",
    "services_sociaux",
    "secteur_psychiatrique",
    "contentieux",
    "cloture",
]
ISSUES = ["resolu", "sans_suite"]
# a gardien reports faits; the dossier and what belongs to it are the gestionnaire's
FAIT_ROLES = frozenset({"gestionnaire", "gardien", "back_office", "admin"})
# The contract wants a gardien to read back the faits it reported, and no other: the pull knows
# the role only, not the user, so until it does every fait is hidden from a gardien (never a
# fait it did not report).
# a gardien gets back the faits it reported, never another's (DESIGN.md §9 "Visibility")
FAIT_READ_RULES = {"gardien": ReadRule(own_only=True)}
# A dossier closed amicably goes five years after its closing, not one sent to the contentieux;
# a fait reported on its own five years after it happened (DOMAIN.md "Data protection").
# What belongs to a dossier (entretiens, démarches, attestations, photos) and the faits
# attached to it share its fate (server/retention_rules.py).
RETENTION = Retention(
    "PALIER_RETENTION_TROUBLES_DAYS",
    5 * 365 + 1,
    dossier_anchor,
    summary="dossiers de troubles clos sans contentieux, après la clôture ; faits sans dossier",
)
FAIT_RETENTION = Retention(
    RETENTION.setting,
    RETENTION.default_days,
    fait_anchor,
    follows=("dossier_id", "dossier_trouble"),
    summary=RETENTION.summary,
)
ONE_NATURE = "Choisissez au moins une nature de trouble."


def natures() -> fields.List:
    """One or more natures of trouble, each among NATURES."""
    return fields.List(
        choice(NATURES, allow_none=False),
        allow_none=True,
        validate=validate.Length(min=1, max=len(NATURES), error=ONE_NATURE),
        error_messages={"invalid": "Liste attendue.", "null": NOT_NULL, "required": REQUIRED},
    )


class DossierTroubleSchema(FrenchSchema):
    logement_id = uuid_string()
    nature = natures()
    depuis = iso_date()
    frequence = choice(FREQUENCES)
    menages_concernes = integer(1, 500)
    qualification = choice(QUALIFICATIONS)
    description = text(5000)
    ouvert_le = iso_datetime(max_days_ahead=1)
    cloture = choice(CLOTURES)


class FaitSchema(FrenchSchema):
    logement_id = uuid_string()
    dossier_id = uuid_string(allow_none=True)
    survenu_le = iso_datetime(max_days_ahead=1)
    fin_le = iso_datetime(max_days_ahead=1)
    nature = choice(NATURES)
    intensite = choice(INTENSITES)
    signale_par = text(200)
    temoins = text(1000)
    description = text(5000)
    nuit = boolean()


class EngagementSchema(FrenchSchema):
    texte = text(500, required=True)
    echeance = iso_date()


class EntretienSchema(FrenchSchema):
    dossier_id = uuid_string()
    date = iso_datetime(max_days_ahead=1)
    lieu = text(200)
    mene_par = text(200)
    role = choice(ROLES)
    personne = text(200)
    faits_declares = text(20000)
    preuves_remises = text()
    demarches_deja = text()
    version_autre_partie = text()
    engagements = object_list(EngagementSchema, 20)
    information_donnee = boolean()
    prochaine_action = text(1000)


class DemarcheSchema(FrenchSchema):
    dossier_id = uuid_string()
    type = choice(DEMARCHE_TYPES, allow_none=False)
    date = iso_datetime(max_days_ahead=1)
    details = text(5000)
    delai = iso_date()
    consequences = text(2000)
    issue = choice(ISSUES)


class AttestationTemoinSchema(FrenchSchema):
    dossier_id = uuid_string()
    nom = text(120)
    prenom = text(120)
    date_naissance = iso_date()
    lieu_naissance = text(200)
    adresse = text(500)
    profession = text(200)
    lien_parties = text(500)
    faits = text(20000)
    fait_a = text(120)
    fait_le = iso_date()
    piece_identite = boolean()
    mention_legale = boolean()


REVIEW_FIELDS = ("review_state", "review_comment")
DOSSIER_PARENT = Parent("dossier_id", "dossier_trouble")


def _entity(name: str, model: Any, schema: FrenchSchema, **declared: Any) -> EntityType:
    """An entity of the family: its schema's fields all device-writable, photos allowed,
    reviewed, hidden from gardiens, written by the gestionnaires' roles, its dossier's — unless
    `declared` says otherwise."""
    fields = tuple(schema.fields)
    defaults: dict[str, Any] = {
        "writable": fields,
        "schema": schema,
        "server_fields": REVIEW_FIELDS,
        "parent": DOSSIER_PARENT,
        "write_roles": WRITE_ROLES,
        "read_rules": HIDDEN_FROM_GARDIEN,
        "photo_owner": True,
        "reviewed": True,
    }
    return EntityType(name, model, fields, **(defaults | declared))


DOSSIER_TROUBLE = _entity(
    "dossier_trouble",
    DossierTrouble,
    DossierTroubleSchema(),
    required_on_create=("logement_id", "nature", "qualification"),
    server_fields=(*REVIEW_FIELDS, "etat"),
    free_text=("description",),
    parent=Parent("logement_id", "logement"),
    labels=DOSSIER_LABELS,
    editable=(Editable("description", LONG_TEXT), Editable("qualification", CHOICE)),
    retention=RETENTION,
)
FAIT = _entity(
    "fait",
    Fait,
    FaitSchema(),
    required_on_create=("logement_id", "survenu_le", "nature"),
    free_text=("signale_par", "temoins", "description"),
    parent=Parent("logement_id", "logement"),
    write_roles=FAIT_ROLES,
    read_rules=FAIT_READ_RULES,
    labels=FAIT_LABELS,
    editable=(Editable("survenu_le", DATETIME), Editable("description", LONG_TEXT)),
    retention=FAIT_RETENTION,
)
ENTRETIEN = _entity(
    "entretien",
    Entretien,
    EntretienSchema(),
    required_on_create=("dossier_id", "role"),
    free_text=(
        "faits_declares",
        "preuves_remises",
        "demarches_deja",
        "version_autre_partie",
        "prochaine_action",
    ),
    labels=ENTRETIEN_LABELS,
    editable=(Editable("lieu", TEXT), Editable("faits_declares", LONG_TEXT)),
)
DEMARCHE = _entity(
    "demarche",
    Demarche,
    DemarcheSchema(),
    required_on_create=("dossier_id", "type", "date"),
    append_only=True,
    free_text=("details", "consequences"),
    # not in the review queue: append-only, a review would change it (record_frozen)
    reviewed=False,
    labels=DEMARCHE_LABELS,
)
ATTESTATION_TEMOIN = _entity(
    "attestation_temoin",
    AttestationTemoin,
    AttestationTemoinSchema(),
    required_on_create=("dossier_id", "nom", "prenom", "faits"),
    server_fields=(*REVIEW_FIELDS, "statut", "content_hash"),
    free_text=("lien_parties", "faits"),
    labels=ATTESTATION_LABELS,
)
FAMILY = Family(
    "troubles",
    "Troubles de voisinage",
    (DOSSIER_TROUBLE, FAIT, ENTRETIEN, DEMARCHE, ATTESTATION_TEMOIN),
    check=check_troubles_mutation,
    after=after_troubles_apply,
)
