"""The entity registry: what syncs, how it is validated, who owns it, where its résidence is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from marshmallow import Schema

from server.models import (
    Bail,
    Batiment,
    GrilleVetuste,
    Locataire,
    Logement,
    Photo,
    Residence,
    Visite,
)
from server.validation import (
    FrenchSchema,
    choice,
    iso_datetime,
    number,
    sha256_string,
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


class PhotoSchema(FrenchSchema):
    sha256 = sha256_string()
    owner_entity = choice(["visite"], allow_none=False)
    owner_record = uuid_string()
    caption = text(500)
    # read off the device clock, which may run ahead: never refuse a photo for it
    taken_at = iso_datetime(max_days_ahead=3650)


@dataclass(frozen=True)
class EntityType:
    """How one entity syncs."""

    name: str
    model: Any
    fields: tuple[str, ...]
    writable: tuple[str, ...] = ()
    required_on_create: tuple[str, ...] = ()
    schema: Schema | None = None
    append_only: bool = False
    server_fields: tuple[str, ...] = field(default=())
    free_text: tuple[str, ...] = ()  # re-read against the CNIL's rule (server/cnil.py)

    @property
    def readonly(self) -> bool:
        """Read-only on devices (référentiel)."""
        return not self.writable


REFERENTIEL = [
    EntityType(
        "residence", Residence, ("code", "nom", "adresse", "code_postal", "ville", "secteur_code")
    ),
    EntityType("batiment", Batiment, ("code", "nom", "adresse", "etages")),
    EntityType(
        "logement",
        Logement,
        ("code", "batiment_id", "numero", "etage", "typologie", "surface", "nature"),
    ),
    EntityType("locataire", Locataire, ("nom", "prenom", "telephone", "email")),
    EntityType(
        "bail",
        Bail,
        ("logement_id", "type", "debut", "fin", "loyer", "depot_garantie", "locataire_ids"),
    ),
    EntityType(
        "grille_vetuste",
        GrilleVetuste,
        ("element", "duree_vie", "franchise", "abattement_annuel", "part_residuelle"),
    ),
]
VISITE_FIELDS = tuple(VisiteSchema().fields)
PHOTO_FIELDS = ("sha256", "owner_entity", "owner_record", "caption", "taken_at")
REVIEW_FIELDS = ("review_state", "review_comment")
FIELD_RECORDS = [
    EntityType(
        "visite",
        Visite,
        VISITE_FIELDS,
        writable=VISITE_FIELDS,
        required_on_create=("logement_id", "type"),
        schema=VisiteSchema(),
        server_fields=REVIEW_FIELDS,
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
    ),
    EntityType(
        "photo",
        Photo,
        PHOTO_FIELDS,
        writable=PHOTO_FIELDS,
        required_on_create=("sha256", "owner_entity", "owner_record"),
        schema=PhotoSchema(),
        append_only=True,
        server_fields=REVIEW_FIELDS,
    ),
]
REGISTRY: dict[str, EntityType] = {e.name: e for e in REFERENTIEL + FIELD_RECORDS}
SNAPSHOT_ORDER: list[str] = [e.name for e in REFERENTIEL + FIELD_RECORDS]


def jsonable(value: Any) -> Any:
    """A column value as JSON: dates in ISO 8601, decimals as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
