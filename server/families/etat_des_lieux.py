"""The états des lieux family: the EDL, its elements room by room, and the parties' signatures.

Signing (DESIGN.md §9, docs/canonical.md): a signature holds the content hash the tablet showed;
the server refuses one over other content (`empreinte_invalide`), marks the EDL `signe` once the
locataire and the bailleur have signed, and then refuses any change to what was signed
(`document_signe`). Those rules are this family's hooks (`check`, `after`), run by the engine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from server.documents.labels import ETAT_LABELS, IMPUTATION_LABELS
from server.documents.signing import after_apply, check_mutation
from server.families.declaration import (
    CHOICE,
    DATETIME,
    LONG_TEXT,
    TEXT,
    Editable,
    EntityType,
    Family,
    Labels,
    Noun,
    Parent,
    ReadRule,
    Retention,
)
from server.families.retention_anchors import edl_anchor, erase_decomptes
from server.models import EdlElement, EtatDesLieux, Signature
from server.validation import (
    NOT_NULL,
    REQUIRED,
    FrenchSchema,
    Pattern,
    boolean,
    choice,
    integer,
    iso_datetime,
    number,
    object_list,
    sha256_string,
    text,
    uuid_string,
)

WRITE_ROLES = frozenset({"gestionnaire", "back_office", "admin"})
# A gardien never receives an état des lieux, its elements, photos or signatures (DESIGN.md §2).
HIDDEN_FROM_GARDIEN = {"gardien": ReadRule(everything=True)}
# An EDL and its solde go three years after the end of the lease (DOMAIN.md "Data protection"):
# its elements, signatures, addenda and photos with it (server/retention_rules.py), and the
# décompte of an EDL de sortie (server-only) through `erase_with`.
RETENTION = Retention(
    "PALIER_RETENTION_EDL_DAYS",
    3 * 365 + 1,
    edl_anchor,
    erase_with=erase_decomptes,
    summary="états des lieux et leur solde, après la fin du bail",
)
SENS = ["entree", "sortie"]
PARTY_ROLES = ["locataire", "bailleur", "mandataire"]
SIGNATURE_ROLES = ["locataire", "bailleur", "mandataire", "temoin"]
COMPTEUR_TYPES = [
    "eau_froide",
    "eau_chaude",
    "electricite",
    "electricite_hp",
    "electricite_hc",
    "gaz",
    "chauffage",
]
ETATS = ["neuf", "bon", "usage", "mauvais", "hors_service"]
IMPUTATIONS = ["degradation", "usure_normale"]
SIGNED_DOCUMENTS = ["etat_des_lieux", "edl_addendum", "attestation_temoin"]
MAX_COUT = 1_000_000
DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
BAD_DATE = "Date invalide (format AAAA-MM-JJ attendu, ex. 2020-03-01)."


class Cents(validate.Validator):
    """A number with at most two decimals (an amount in euros)."""

    error = "Deux décimales au plus (un montant en euros)."

    def __call__(self, value: Any) -> Any:
        """Raise the French message when the shortest form of the number has more decimals."""
        exponent = Decimal(repr(float(value))).as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2:
            raise ValidationError(self.error)
        return value


class RealDate(validate.Validator):
    """A day the calendar has (the pattern lets 2026-02-30 through)."""

    def __call__(self, value: Any) -> Any:
        """Raise the French message when the day does not exist."""
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValidationError(BAD_DATE) from None
        return value


def amount(maximum: float) -> fields.Field:
    """An amount in euros: a JSON number from 0 to `maximum`, two decimals at most."""
    field = number(0, maximum)
    field.validators.append(Cents())
    return field


def iso_date() -> fields.String:
    """A calendar day "YYYY-MM-DD" (null allowed)."""
    return fields.String(
        allow_none=True,
        validate=[Pattern(DATE_PATTERN, error=BAD_DATE), RealDate()],
        error_messages={"invalid": BAD_DATE, "null": NOT_NULL, "required": REQUIRED},
    )


class PartieSchema(FrenchSchema):
    role = choice(PARTY_ROLES, allow_none=False, required=True)
    nom = text(200, required=True)
    adresse = text(500, allow_none=True)


class CompteurSchema(FrenchSchema):
    type = choice(COMPTEUR_TYPES, allow_none=False, required=True)
    numero = text(100)
    index = number(0, 1_000_000_000)
    photo_id = uuid_string(allow_none=True)


class CleSchema(FrenchSchema):
    type = text(100)
    nombre = integer(0, 1000)
    destination = text(200)


class EtatDesLieuxSchema(FrenchSchema):
    logement_id = uuid_string()
    bail_id = uuid_string(allow_none=True)
    sens = choice(SENS, allow_none=False)
    date_edl = iso_datetime(max_days_ahead=30)
    entree_id = uuid_string(allow_none=True)
    parties = object_list(PartieSchema, 20)
    bailleur_representant = text(200)
    bailleur_adresse = text(500)
    mandataire = text(500, allow_none=True)
    compteurs = object_list(CompteurSchema, 30)
    cles = object_list(CleSchema, 50)
    observations = text()


class EdlElementSchema(FrenchSchema):
    edl_id = uuid_string()
    piece = text(200)
    element = text(200)
    ordre = number(0, 100_000)
    etat = choice(ETATS)
    non_teste = boolean()
    absent = boolean()
    sale = boolean()
    observations = text(5000)
    grille_element = text(200, allow_none=True)
    # at a sortie: the entry's element it continues, its condition then, and the repair
    entree_element_id = uuid_string(allow_none=True)
    etat_entree = choice(ETATS)
    identique_entree = boolean()
    imputation = choice(IMPUTATIONS)
    cout = amount(MAX_COUT)
    installe_le = iso_date()


class SignatureSchema(FrenchSchema):
    owner_entity = choice(SIGNED_DOCUMENTS, allow_none=False)
    owner_record = uuid_string()
    role = choice(SIGNATURE_ROLES, allow_none=False)
    nom = text(200, required=True)
    image_sha256 = sha256_string()
    content_hash = sha256_string()
    signed_at = iso_datetime(max_days_ahead=3650)


EDL_FIELD_LABELS = {
    "sens": "Sens",
    "logement_id": "Logement",
    "bail_id": "Bail",
    "date_edl": "Date de l'état des lieux",
    "entree_id": "État des lieux d'entrée",
    "parties": "Parties",
    "bailleur_representant": "Représentant du bailleur",
    "bailleur_adresse": "Adresse du bailleur",
    "mandataire": "Mandataire",
    "compteurs": "Compteurs",
    "cles": "Clés et moyens d'accès",
    "observations": "Observations générales",
    "statut": "Statut",
    "content_hash": "Empreinte du contenu signé",
    "review_state": "État de revue",
    "review_comment": "Commentaire de revue",
}
ELEMENT_FIELD_LABELS = {
    "edl_id": "État des lieux",
    "piece": "Pièce",
    "element": "Élément",
    "ordre": "Ordre",
    "etat": "État",
    "non_teste": "Non testé",
    "absent": "Absent",
    "sale": "Sale",
    "observations": "Observations",
    "grille_element": "Ligne de la grille de vétusté",
    "entree_element_id": "Élément de l'état des lieux d'entrée",
    "etat_entree": "État à l'entrée",
    "identique_entree": "Identique à l'entrée",
    "imputation": "Imputation",
    "cout": "Coût de la remise en état (€)",
    "installe_le": "Installé ou renouvelé le",
    "review_state": "État de revue",
    "review_comment": "Commentaire de revue",
}
SIGNATURE_FIELD_LABELS = {
    "owner_entity": "Document",
    "owner_record": "Enregistrement",
    "role": "Qualité",
    "nom": "Nom du signataire",
    "image_sha256": "Signature",
    "content_hash": "Empreinte signée",
    "signed_at": "Signée le",
}
EDL_CSV_COLUMNS = (
    ("id", "Identifiant"),
    ("created_at", "Reçu le"),
    ("sens", "Sens"),
    ("residence_nom", "Résidence"),
    ("logement_code", "Logement"),
    ("author_name", "Auteur"),
    ("review_state", "État de revue"),
    ("review_comment", "Commentaire de revue"),
    ("date_edl", "Date de l'état des lieux"),
    ("statut", "Statut"),
    ("content_hash", "Empreinte du contenu signé"),
    ("bailleur_representant", "Représentant du bailleur"),
    ("mandataire", "Mandataire"),
    ("observations", "Observations générales"),
    ("photos", "Nombre de photos"),
    ("version", "Version"),
)
EDL_LABELS = Labels(
    noun=Noun("état des lieux", "états des lieux"),
    fields=EDL_FIELD_LABELS,
    choices={
        "sens": {"entree": "État des lieux d'entrée", "sortie": "État des lieux de sortie"},
        "statut": {"brouillon": "Brouillon", "signe": "Signé"},
    },
    kind_field="sens",
    common_fields=tuple(n for n in EDL_FIELD_LABELS if n not in ("review_state", "review_comment")),
    trailing_fields=("review_state", "review_comment"),
    title_dates=(("date_edl", "du"),),
    bo_path=None,
    csv_name="etats_des_lieux",
    csv_columns=EDL_CSV_COLUMNS,
)
ELEMENT_LABELS = Labels(
    noun=Noun("élément d'état des lieux", "éléments d'état des lieux"),
    fields=ELEMENT_FIELD_LABELS,
    choices={"etat": ETAT_LABELS, "etat_entree": ETAT_LABELS, "imputation": IMPUTATION_LABELS},
    trailing_fields=("review_state", "review_comment"),
)
SIGNATURE_LABELS = Labels(
    noun=Noun("signature", "signatures", feminine=True),
    fields=SIGNATURE_FIELD_LABELS,
    choices={
        "owner_entity": {
            "etat_des_lieux": "État des lieux",
            "edl_addendum": "Addendum",
            "attestation_temoin": "Attestation de témoin",
        },
        "role": {
            "locataire": "Locataire",
            "bailleur": "Bailleur",
            "mandataire": "Mandataire",
            "temoin": "Témoin",
        },
    },
)
EDL_FIELDS = tuple(EtatDesLieuxSchema().fields)
ELEMENT_FIELDS = tuple(EdlElementSchema().fields)
SIGNATURE_FIELDS = tuple(SignatureSchema().fields)

ETAT_DES_LIEUX = EntityType(
    "etat_des_lieux",
    EtatDesLieux,
    EDL_FIELDS,
    writable=EDL_FIELDS,
    required_on_create=("logement_id", "sens"),
    schema=EtatDesLieuxSchema(),
    server_fields=("review_state", "review_comment", "statut", "content_hash"),
    free_text=("observations", "bailleur_representant", "bailleur_adresse", "mandataire"),
    parent=Parent("logement_id", "logement"),
    write_roles=WRITE_ROLES,
    read_rules=HIDDEN_FROM_GARDIEN,
    photo_owner=True,
    reviewed=True,
    labels=EDL_LABELS,
    editable=(Editable("observations", LONG_TEXT), Editable("date_edl", DATETIME)),
    retention=RETENTION,
)
EDL_ELEMENT = EntityType(
    "edl_element",
    EdlElement,
    ELEMENT_FIELDS,
    writable=ELEMENT_FIELDS,
    required_on_create=("edl_id", "piece", "element"),
    schema=EdlElementSchema(),
    server_fields=("review_state", "review_comment"),
    free_text=("observations",),
    parent=Parent("edl_id", "etat_des_lieux"),
    write_roles=WRITE_ROLES,
    read_rules=HIDDEN_FROM_GARDIEN,
    photo_owner=True,
    labels=ELEMENT_LABELS,
    editable=(
        Editable("piece", TEXT),
        Editable("element", TEXT),
        Editable("etat", CHOICE),
        Editable("observations", LONG_TEXT),
    ),
)
SIGNATURE = EntityType(
    "signature",
    Signature,
    SIGNATURE_FIELDS,
    writable=SIGNATURE_FIELDS,
    required_on_create=(
        "owner_entity",
        "owner_record",
        "role",
        "nom",
        "image_sha256",
        "content_hash",
    ),
    schema=SignatureSchema(),
    append_only=True,
    server_fields=("review_state", "review_comment"),
    parent=Parent(
        "owner_record",
        entity_field="owner_entity",
        missing="{parent_capital} inconnu{parent_e} : la signature doit accompagner {parent_a}.",
    ),
    write_roles=WRITE_ROLES,
    read_rules=HIDDEN_FROM_GARDIEN,
    labels=SIGNATURE_LABELS,
    blob_fields=("image_sha256",),
)
FAMILY = Family(
    "etats_des_lieux",
    "États des lieux",
    (ETAT_DES_LIEUX, EDL_ELEMENT, SIGNATURE),
    check=check_mutation,
    after=after_apply,
)
