"""Photos: append-only records attached to any record of an entity declared `photo_owner`.

A photo's résidence is its owner's, and it follows its owner when the owner moves; a role that
may not read the owner does not read its photos either (server/engine/visibility.py).
"""

from __future__ import annotations

from server.families.declaration import EntityType, Family, Labels, Noun, Parent
from server.families.registry import photo_owner_names
from server.models import Photo
from server.validation import FrenchSchema, choice, iso_datetime, sha256_string, text, uuid_string

FIELD_ROLES = frozenset({"gestionnaire", "gardien", "back_office", "admin"})


class PhotoSchema(FrenchSchema):
    sha256 = sha256_string()
    # the values are the declared photo owners (`dynamic_choices` below)
    owner_entity = choice([], allow_none=False)
    owner_record = uuid_string()
    caption = text(500)
    # read off the device clock, which may run ahead: never refuse a photo for it
    taken_at = iso_datetime(max_days_ahead=3650)


PHOTO_FIELDS = ("sha256", "owner_entity", "owner_record", "caption", "taken_at")

PHOTO = EntityType(
    "photo",
    Photo,
    PHOTO_FIELDS,
    writable=PHOTO_FIELDS,
    required_on_create=("sha256", "owner_entity", "owner_record"),
    schema=PhotoSchema(),
    append_only=True,
    server_fields=("review_state", "review_comment"),
    parent=Parent(
        "owner_record",
        entity_field="owner_entity",
        missing="{parent_capital} inconnu{parent_e} : la photo doit accompagner {parent_a}.",
    ),
    write_roles=FIELD_ROLES,
    labels=Labels(
        noun=Noun("photo", "photos", feminine=True),
        fields={
            "sha256": "Photo",
            "owner_entity": "Objet",
            "owner_record": "Enregistrement",
            "caption": "Légende",
            "taken_at": "Prise le",
        },
    ),
    blob_fields=("sha256",),
    dynamic_choices={"owner_entity": photo_owner_names},
)
FAMILY = Family("photos", "Photos", (PHOTO,))
