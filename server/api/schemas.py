"""Marshmallow schemas of the API messages (the OpenAPI document is generated from them)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


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


class DeviceLoginSchema(Schema):
    login = fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        error_messages={"required": "L'identifiant est obligatoire."},
    )
    password = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        error_messages={"required": "Le mot de passe est obligatoire."},
    )
    device_name = fields.String(load_default="Appareil", validate=validate.Length(max=200))


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


class MutationSchema(Schema):
    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    id = fields.UUID(required=True)
    entity = fields.String(required=True)
    record = fields.UUID(required=True)
    op = fields.String(required=True, validate=validate.OneOf(["upsert", "delete"]))
    base = fields.Integer(allow_none=True, required=True)
    hlc = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.Raw())


class PushRequestSchema(Schema):
    schema = fields.Integer(required=True)
    mutations = fields.List(fields.Nested(MutationSchema), required=True)


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
    fields = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class PullResponseSchema(Schema):
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
    cursor = fields.String(required=True)
    more = fields.Boolean(required=True)
    reset = fields.Boolean(required=True)
