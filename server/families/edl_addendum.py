"""Addenda to an EDL d'entrée (issue 10): dated, signed additions, never edits of the EDL.

An `edl_addendum` belongs to the signed EDL d'entrée it completes (its résidence is the EDL's),
is written and read as the EDL is (never by a gardien), and is signed like it: its own canonical
content (docs/canonical.md, § addendum), `statut` 'signe' once the locataire and the bailleur
signed, then frozen. The server refuses one dated outside its window (`hors_delai`:
server/documents/addenda.py); those rules are this family's hooks.
"""

from __future__ import annotations

from server.documents.labels import ADDENDUM_TYPE_LABELS
from server.documents.signing import after_addendum_apply, check_addendum_mutation
from server.families.declaration import (
    LONG_TEXT,
    Editable,
    EntityType,
    Family,
    Labels,
    Noun,
    Parent,
)
from server.families.etat_des_lieux import HIDDEN_FROM_GARDIEN, WRITE_ROLES
from server.models.documents import EdlAddendum
from server.validation import FrenchSchema, choice, iso_datetime, text, uuid_string

TYPES = list(ADDENDUM_TYPE_LABELS)


class EdlAddendumSchema(FrenchSchema):
    edl_id = uuid_string()
    type = choice(TYPES, allow_none=False)
    # written on the day, on the tablet: a clock a day ahead at most
    redige_le = iso_datetime(max_days_ahead=1)
    texte = text(5000)


FIELD_LABELS = {
    "edl_id": "État des lieux d'entrée",
    "type": "Type d'addendum",
    "redige_le": "Rédigé le",
    "texte": "Texte de l'addendum",
    "statut": "Statut",
    "content_hash": "Empreinte du contenu signé",
    "review_state": "État de revue",
    "review_comment": "Commentaire de revue",
}
CSV_COLUMNS = (
    ("id", "Identifiant"),
    ("created_at", "Reçu le"),
    ("type", "Type d'addendum"),
    ("residence_nom", "Résidence"),
    ("edl_id", "État des lieux d'entrée"),
    ("author_name", "Auteur"),
    ("review_state", "État de revue"),
    ("review_comment", "Commentaire de revue"),
    ("redige_le", "Rédigé le"),
    ("statut", "Statut"),
    ("content_hash", "Empreinte du contenu signé"),
    ("texte", "Texte de l'addendum"),
    ("photos", "Nombre de photos"),
    ("version", "Version"),
)
LABELS = Labels(
    noun=Noun("addendum d'état des lieux", "addenda d'état des lieux"),
    fields=FIELD_LABELS,
    choices={"type": ADDENDUM_TYPE_LABELS, "statut": {"brouillon": "Brouillon", "signe": "Signé"}},
    kind_field="type",
    common_fields=tuple(n for n in FIELD_LABELS if n not in ("review_state", "review_comment")),
    trailing_fields=("review_state", "review_comment"),
    title_dates=(("redige_le", "rédigé le"),),
    csv_name="addenda_etats_des_lieux",
    csv_columns=CSV_COLUMNS,
)
FIELDS = tuple(EdlAddendumSchema().fields)

EDL_ADDENDUM = EntityType(
    "edl_addendum",
    EdlAddendum,
    FIELDS,
    writable=FIELDS,
    required_on_create=("edl_id", "type", "redige_le"),
    schema=EdlAddendumSchema(),
    server_fields=("review_state", "review_comment", "statut", "content_hash"),
    free_text=("texte",),
    parent=Parent("edl_id", "etat_des_lieux"),
    write_roles=WRITE_ROLES,
    read_rules=HIDDEN_FROM_GARDIEN,
    photo_owner=True,
    reviewed=True,
    labels=LABELS,
    editable=(Editable("texte", LONG_TEXT),),
)
FAMILY = Family(
    "addenda_etats_des_lieux",
    "Addenda d'état des lieux",
    (EDL_ADDENDUM,),
    check=check_addendum_mutation,
    after=after_addendum_apply,
)
