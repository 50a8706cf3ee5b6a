"""Marshmallow schemas of the API messages (the OpenAPI document is generated from them)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from server.validation import TEXT_EXPECTED, FrenchSchema, NoNul


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.Raw())


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)
    wipe = fields.Boolean()
    expected = fields.Integer()


class HealthSchema(Schema):
    status = fields.String(required=True)
    schema = fields.Integer(required=True)


def _login_text(name: str, max_length: int, required: str, too_long: str) -> fields.String:
    """A text of the login form: its missing, empty, wrong-type and too-long messages in French."""
    return fields.String(
        required=True,
        validate=[
            validate.Length(min=1, error=required),
            validate.Length(max=max_length, error=too_long),
            NoNul(),
        ],
        error_messages={"required": required, "null": required, "invalid": TEXT_EXPECTED},
        metadata={"description": name},
    )


DEVICE_NAME_EMPTY = "Le nom de l'appareil ne peut pas être vide."


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(DEVICE_NAME_EMPTY)


class DeviceLoginSchema(FrenchSchema):
    login = _login_text(
        "Identifiant",
        80,
        "L'identifiant est obligatoire.",
        "Identifiant trop long (80 caractères au plus).",
    )
    password = _login_text(
        "Mot de passe",
        200,
        "Le mot de passe est obligatoire.",
        "Mot de passe trop long (200 caractères au plus).",
    )
    device_name = fields.String(
        load_default="Appareil",
        validate=[
            _not_blank,
            validate.Length(max=200, error="Nom d'appareil trop long (200 caractères au plus)."),
            NoNul(),
        ],
        error_messages={"null": DEVICE_NAME_EMPTY, "invalid": TEXT_EXPECTED},
        metadata={"description": "Nom de l'appareil, montré dans le back-office"},
    )


class UserSchema(Schema):
    id = fields.Integer(required=True)
    login = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)


class DeviceLoginResponseSchema(Schema):
    token = fields.String(required=True)
    device_id = fields.String(required=True)
    user = fields.Nested(UserSchema, required=True)
    schema = fields.Integer(required=True)
    rules = fields.Dict(
        required=True,
        metadata={"description": "Les règles de saisie du rôle, comme GET /api/v1/rules"},
    )
    agence = fields.String(
        required=True,
        metadata={"description": "Le nom du bailleur imprimé sur les documents (vide : inconnu)"},
    )
    lock_seconds = fields.Integer(
        required=True,
        metadata={
            "description": "Inactivité (secondes) après laquelle l'application se verrouille"
        },
    )


class MutationResultSchema(Schema):
    seq = fields.Integer(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(["applied", "merged", "conflict", "duplicate", "rejected"]),
    )
    version = fields.Integer(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.Raw())
    conflicts = fields.List(fields.String())
    code = fields.String()
    message = fields.String()


class PushResponseSchema(Schema):
    results = fields.List(fields.Nested(MutationResultSchema), required=True)
    last_seq = fields.Integer(required=True)


class ChangeSchema(Schema):
    entity = fields.String(required=True)
    record = fields.String(required=True)
    version = fields.Integer(required=True)
    deleted = fields.Boolean(required=True)
    hlc = fields.String(required=True)
    removed = fields.Boolean()  # true: the record left the device's scope or role; drop it
    fields = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class PullResponseSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
    cursor = fields.String(required=True)
    more = fields.Boolean(required=True)
    reset = fields.Boolean(required=True)
