"""The réclamations and permanences families (issue 12).

A réclamation belongs to a logement, or to a bâtiment for the common parts (cage, étage, partie
commune); its history is its append-only évènements, each moving its statut along
sync/reclamation.py's transitions, and its deadline is the server's (sync/echeance.py). A
permanence belongs to its résidence and holds append-only contacts, kept two years. Every role
of the scope reads them all: a gardien follows what it reported. The push rules are
server/families/reclamations_rules.py's hooks.
"""

from __future__ import annotations

from server.families.declaration import (
    CHOICE,
    LONG_TEXT,
    TEXT,
    Editable,
    EntityType,
    Family,
    Parent,
    Restriction,
    Retention,
)
from server.families.reclamations_labels import (
    CONTACT_CATEGORIE_LABELS,
    CONTACT_LABELS,
    EVENEMENT_LABELS,
    ORIGINE_LABELS,
    PARTIE_COMMUNE_LABELS,
    PERMANENCE_LABELS,
    RECLAMATION_LABELS,
    RESPONSABILITE_LABELS,
    SUITE_LABELS,
)
from server.families.reclamations_rules import (
    LIEU_INCONNU,
    after_reclamations_apply,
    check_permanences_mutation,
    check_reclamations_mutation,
)
from server.families.retention_anchors import contact_anchor
from server.models.reclamations import (
    ContactPermanence,
    Permanence,
    Reclamation,
    ReclamationEvenement,
)
from server.validation import (
    FrenchSchema,
    boolean,
    choice,
    integer,
    iso_datetime,
    text,
    uuid_string,
)
from sync.reclamation import CATEGORIES, STATUTS, URGENCES

FIELD_ROLES = frozenset({"gardien", "gestionnaire", "back_office", "admin"})
# a gardien records only the small fix it did itself, and its check or reopening
GARDIEN_STATUTS = frozenset({"en_cours", "realisee", "controlee", "reouverte"})
GARDIEN_STATUT_REFUSE = (
    "Votre rôle ne permet pas de passer une réclamation à ce statut : seuls « En cours », "
    "« Réalisée », « Contrôlée » et « Réouverte » vous sont ouverts."
)
# Permanence contacts: two years after the last change (DOMAIN.md "Data protection").
# a contact goes two years after it was taken (DOMAIN.md "Data protection"); réclamations and
# permanences themselves have no period of their own there: kept
CONTACT_RETENTION = Retention(
    "PALIER_RETENTION_CONTACTS_DAYS",
    730,
    contact_anchor,
    summary="contacts de permanence, après le contact",
)
REVIEW_FIELDS = ("review_state", "review_comment")
DAYS_AHEAD = 1  # a date-time written on a device: up to tomorrow (clock drift, time zones)


class ReclamationSchema(FrenchSchema):
    logement_id = uuid_string(allow_none=True)
    batiment_id = uuid_string(allow_none=True)
    cage = text(20, allow_none=True)
    etage = integer(-5, 60)
    partie_commune = choice(list(PARTIE_COMMUNE_LABELS))
    categorie = choice(list(CATEGORIES), allow_none=False)
    urgence = choice(list(URGENCES), allow_none=False)
    signalee_le = iso_datetime(max_days_ahead=DAYS_AHEAD)
    description = text(2000)
    origine = choice(list(ORIGINE_LABELS), allow_none=False)
    contact_id = uuid_string(allow_none=True)
    responsabilite = choice(list(RESPONSABILITE_LABELS))
    entreprise = text(200, allow_none=True)
    entreprise_reference = text(100, allow_none=True)


class ReclamationEvenementSchema(FrenchSchema):
    reclamation_id = uuid_string()
    statut = choice([s for s in STATUTS if s != "saisie"], allow_none=False)
    commentaire = text(1000, allow_none=True)
    le = iso_datetime(max_days_ahead=DAYS_AHEAD)


class PermanenceSchema(FrenchSchema):
    residence_id = uuid_string()
    site = text(200)
    debut = iso_datetime(max_days_ahead=DAYS_AHEAD)
    fin = iso_datetime(max_days_ahead=DAYS_AHEAD)
    agents = text(500, allow_none=True)
    chantier = boolean()


class ContactPermanenceSchema(FrenchSchema):
    permanence_id = uuid_string()
    heure = iso_datetime(max_days_ahead=DAYS_AHEAD)
    locataire_id = uuid_string(allow_none=True)
    logement_id = uuid_string(allow_none=True)
    anonyme = boolean()
    nom = text(200, allow_none=True)
    categorie = choice(list(CONTACT_CATEGORIE_LABELS), allow_none=False)
    demande = text(2000)
    reponse = text(2000, allow_none=True)
    orientation = text(500, allow_none=True)
    suite = choice(list(SUITE_LABELS))
    suite_id = uuid_string(allow_none=True)
    # an appointment is set ahead: up to a year
    rendez_vous_le = iso_datetime(max_days_ahead=366)
    documents_remis = text(500, allow_none=True)
    acces_refuse = boolean()
    nuisances_chantier = text(1000, allow_none=True)
    degats_entreprise = text(1000, allow_none=True)
    vulnerable = boolean()


def _writable(schema: FrenchSchema) -> tuple[str, ...]:
    return tuple(schema.fields)


RECLAMATION_SCHEMA = ReclamationSchema()
EVENEMENT_SCHEMA = ReclamationEvenementSchema()
PERMANENCE_SCHEMA = PermanenceSchema()
CONTACT_SCHEMA = ContactPermanenceSchema()

RECLAMATION = EntityType(
    "reclamation",
    Reclamation,
    _writable(RECLAMATION_SCHEMA),
    writable=_writable(RECLAMATION_SCHEMA),
    schema=RECLAMATION_SCHEMA,
    required_on_create=("categorie", "urgence", "signalee_le", "description"),
    server_fields=(*REVIEW_FIELDS, "statut", "echeance"),
    free_text=("description",),
    parent=Parent(
        "logement_id", "logement", missing=LIEU_INCONNU, alternatives=(("batiment_id", "batiment"),)
    ),
    write_roles=FIELD_ROLES,
    photo_owner=True,
    reviewed=True,
    labels=RECLAMATION_LABELS,
    editable=(
        Editable("categorie", CHOICE, required=True),
        Editable("urgence", CHOICE, required=True),
        Editable("responsabilite", CHOICE),
        Editable("entreprise", TEXT),
        Editable("entreprise_reference", TEXT),
        Editable("description", LONG_TEXT, required=True),
    ),
)
RECLAMATION_EVENEMENT = EntityType(
    "reclamation_evenement",
    ReclamationEvenement,
    _writable(EVENEMENT_SCHEMA),
    writable=_writable(EVENEMENT_SCHEMA),
    schema=EVENEMENT_SCHEMA,
    required_on_create=("reclamation_id", "statut", "le"),
    append_only=True,
    free_text=("commentaire",),
    parent=Parent("reclamation_id", "reclamation"),
    write_roles=FIELD_ROLES,
    restrictions=(Restriction("statut", {"gardien": GARDIEN_STATUTS}, GARDIEN_STATUT_REFUSE),),
    labels=EVENEMENT_LABELS,
)
PERMANENCE = EntityType(
    "permanence",
    Permanence,
    _writable(PERMANENCE_SCHEMA),
    writable=_writable(PERMANENCE_SCHEMA),
    schema=PERMANENCE_SCHEMA,
    required_on_create=("residence_id", "site", "debut"),
    parent=Parent("residence_id", "residence"),
    write_roles=FIELD_ROLES,
    labels=PERMANENCE_LABELS,
    editable=(Editable("site", TEXT, required=True), Editable("agents", TEXT)),
)
CONTACT_PERMANENCE = EntityType(
    "contact_permanence",
    ContactPermanence,
    _writable(CONTACT_SCHEMA),
    writable=_writable(CONTACT_SCHEMA),
    schema=CONTACT_SCHEMA,
    required_on_create=("permanence_id", "heure", "categorie", "demande"),
    append_only=True,
    free_text=("demande", "reponse", "nuisances_chantier", "degats_entreprise"),
    parent=Parent("permanence_id", "permanence"),
    write_roles=FIELD_ROLES,
    labels=CONTACT_LABELS,
    retention=CONTACT_RETENTION,
)
FAMILY = Family(
    "reclamations",
    "Réclamations",
    (RECLAMATION, RECLAMATION_EVENEMENT),
    check=check_reclamations_mutation,
    after=after_reclamations_apply,
)
PERMANENCES_FAMILY = Family(
    "permanences",
    "Permanences",
    (PERMANENCE, CONTACT_PERMANENCE),
    check=check_permanences_mutation,
)
