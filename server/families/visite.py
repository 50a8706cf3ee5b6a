"""The visites family: a visit of a logement (candidat, courtoisie, conseil, technique, ...)."""

from __future__ import annotations

from server.families.declaration import (
    CHOICE,
    DATETIME,
    LONG_TEXT,
    NUMBER,
    TEXT,
    Editable,
    EntityType,
    Family,
    Labels,
    Noun,
    Parent,
    ReadRule,
    Restriction,
    Retention,
)
from server.families.retention_anchors import visite_anchor
from server.models import Visite
from server.validation import (
    FrenchSchema,
    choice,
    iso_datetime,
    number,
    text,
    uuid_list,
    uuid_string,
)

VISITE_TYPES = [
    "candidat",
    "courtoisie",
    "conseil",
    "technique",
    "enquete_occupation",
    "logement_temoin",
]
FIELD_ROLES = frozenset({"gestionnaire", "gardien", "back_office", "admin"})
# A candidat's visit goes when the application ends (a decision), with its photos; the other
# visits are the logement's history (its condition, its occupation), for which DOMAIN.md sets
# no period: they stay until deleted, as before.
RETENTION = Retention(
    "PALIER_RETENTION_CANDIDAT_DAYS",
    0,
    visite_anchor,
    summary="visites de candidat, après la décision",
)
# Visite types a gardien may record (DESIGN.md §2: visites de courtoisie).
GARDIEN_VISITE_TYPES = frozenset({"courtoisie"})
# What a gardien never reads of a candidat's visit (DESIGN.md §9 "Visibility").
CANDIDAT_FIELDS = frozenset({"candidat_nom", "motif_refus", "decision"})


class VisiteSchema(FrenchSchema):
    logement_id = uuid_string()
    type = choice(VISITE_TYPES, allow_none=False)
    prevue_le = iso_datetime(max_days_ahead=730)
    realisee_le = iso_datetime(max_days_ahead=1)
    participants = text(2000)
    observations = text()
    suites = text()
    photo_ids = uuid_list()
    candidat_nom = text(200)
    decision = choice(["accepte", "refuse"])
    motif_refus = text(2000)
    equipements = text()
    reparations = text()
    cout_estime = number()
    responsabilite = choice(["bailleur", "locataire", "entreprise", "assureur"])
    occupants = text()
    defauts = text()


VISITE_TYPE_LABELS = {
    "candidat": "Visite candidat",
    "courtoisie": "Visite de courtoisie",
    "conseil": "Visite conseil (pré-état des lieux)",
    "technique": "Visite technique",
    "enquete_occupation": "Enquête d'occupation",
    "logement_temoin": "Logement témoin",
}
FIELD_LABELS = {
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
}
# The fields every visite has, then those of its type (the field app's TYPE_FIELDS in
# pwa/src/config.js): the record page and the correction form show only these.
COMMON_FIELDS = (
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
CSV_COLUMNS = (
    ("id", "Identifiant"),
    ("created_at", "Reçue le"),
    ("type", "Type"),
    ("residence_nom", "Résidence"),
    ("logement_code", "Logement"),
    ("author_name", "Auteur"),
    ("review_state", "État de revue"),
    ("review_comment", "Commentaire de revue"),
    ("prevue_le", "Prévue le"),
    ("realisee_le", "Réalisée le"),
    ("participants", "Participants"),
    ("observations", "Observations"),
    ("suites", "Suites à donner"),
    ("candidat_nom", "Nom du candidat"),
    ("decision", "Décision"),
    ("motif_refus", "Motif du refus"),
    ("equipements", "Équipements et contrats"),
    ("reparations", "Réparations à prévoir"),
    ("cout_estime", "Coût estimé (€)"),
    ("responsabilite", "Responsabilité"),
    ("occupants", "Occupants constatés"),
    ("defauts", "Défauts constatés"),
    ("photos", "Nombre de photos"),
    ("version", "Version"),
)
LABELS = Labels(
    noun=Noun("visite", "visites", feminine=True),
    fields=FIELD_LABELS,
    choices={
        "type": VISITE_TYPE_LABELS,
        "decision": {"accepte": "Accepté", "refuse": "Refusé"},
        "responsabilite": {
            "bailleur": "Bailleur",
            "locataire": "Locataire",
            "entreprise": "Entreprise",
            "assureur": "Assureur",
        },
    },
    kind_field="type",
    common_fields=COMMON_FIELDS,
    kind_fields=TYPE_FIELDS,
    trailing_fields=("photo_ids", "review_state", "review_comment"),
    overrides={("reparations", "technique"): "Travaux à commander"},
    title_dates=(("realisee_le", "réalisée le"), ("prevue_le", "prévue le")),
    counted={"photo_ids": "photo(s)"},
    bo_path="visites",
    csv_name="visites",
    csv_columns=CSV_COLUMNS,
)
VISITE_FIELDS = tuple(VisiteSchema().fields)

VISITE = EntityType(
    "visite",
    Visite,
    VISITE_FIELDS,
    writable=VISITE_FIELDS,
    required_on_create=("logement_id", "type"),
    schema=VisiteSchema(),
    server_fields=("review_state", "review_comment"),
    free_text=(
        "participants",
        "observations",
        "suites",
        "motif_refus",
        "equipements",
        "reparations",
        "occupants",
        "defauts",
    ),
    parent=Parent("logement_id", "logement"),
    write_roles=FIELD_ROLES,
    restrictions=(
        Restriction(
            "type",
            {"gardien": GARDIEN_VISITE_TYPES},
            "Votre rôle ne permet pas de saisir ce type de visite.",
        ),
    ),
    read_rules={
        "gardien": ReadRule(
            hidden_values={"type": frozenset({"candidat"})}, hidden_fields=CANDIDAT_FIELDS
        )
    },
    photo_owner=True,
    reviewed=True,
    labels=LABELS,
    editable=(
        Editable("type", CHOICE, required=True),
        Editable("prevue_le", DATETIME),
        Editable("realisee_le", DATETIME),
        Editable("participants", TEXT),
        Editable("observations", LONG_TEXT),
        Editable("suites", LONG_TEXT),
        Editable("candidat_nom", TEXT),
        Editable("decision", CHOICE),
        Editable("motif_refus", LONG_TEXT),
        Editable("equipements", LONG_TEXT),
        Editable("reparations", LONG_TEXT),
        Editable("cout_estime", NUMBER),
        Editable("responsabilite", CHOICE),
        Editable("occupants", LONG_TEXT),
        Editable("defauts", LONG_TEXT),
    ),
    photo_list="photo_ids",
    retention=RETENTION,
)
FAMILY = Family("visites", "Visites", (VISITE,))


def may_write_visite_type(role: str, visite_type: str | None) -> bool:
    """Whether this role may record a visite of that type."""
    return role in VISITE.write_roles and all(
        r.allows(role, visite_type) for r in VISITE.restrictions
    )


def visite_in_scope(visite_id: str, scope: frozenset[str] | None) -> Visite | None:
    """The visite if it exists and lies inside the scope."""
    from server.review import record_in_scope  # the review needs the declarations first

    return record_in_scope(VISITE.name, visite_id, scope)
