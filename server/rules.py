"""The rules of every device-written field, per role: published to devices and enforced on push.

One source of truth: the marshmallow schemas declared by server/families give each field's type
and bounds, their write roles (server/policy.py) and restrictions what a role may write.
`rules_for(role)` is the document devices check before "Valider" (DESIGN.md contract A);
`check_fields` is what the push applies, built from the same per-role schemas, so a value the
device was told is valid is one the server accepts.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import orjson
from marshmallow import Schema, fields, validate

from server.families.declaration import EntityType
from server.families.registry import REGISTRY, generation
from server.families.registry import writable_entities as declared_writable
from server.fast_checks import FieldValidator
from server.policy import ACTION_ROLES
from server.validation import (
    NOT_NULL,
    REQUIRED,
    UNKNOWN,
    DateTimeRule,
    JsonNumber,
    Pattern,
    choice,
)
from sync.messages import SCHEMA_VERSION

RULES_VERSION = 1
SERVER_FIELD = "Champ réservé au back-office."
# Roles with no restriction of their own: the OpenAPI document and the back office use these.
ANY_ROLE = "admin"


def _restricted_choices(role: str, entity: EntityType, name: str) -> list[str] | None:
    """The values of a choice field this role may write, when they are not the schema's own:
    those of the declaration (a photo's owners) narrowed by the role's restrictions."""
    dynamic = entity.dynamic_choices.get(name)
    values = dynamic() if dynamic is not None else None
    for restriction in entity.restrictions:
        if restriction.field == name and role in restriction.allowed:
            field = entity.schema.fields[name] if entity.schema else None
            base = values or [c for v in getattr(field, "validators", []) for c in v.choices]
            values = [v for v in base if restriction.allows(role, v)]
    return values


def role_schema(role: str, entity: str) -> Schema | None:
    """The entity's schema with the choices this role may write."""
    return _role_schema(role, entity, generation())


@functools.cache
def _role_schema(role: str, name: str, _generation: int) -> Schema | None:
    entity = REGISTRY[name]
    base = entity.schema
    if base is None:
        return None
    overrides: dict[str, fields.Field] = {}
    for field_name, field in base.fields.items():
        allowed = _restricted_choices(role, entity, field_name)
        if allowed is not None:
            overrides[field_name] = choice(allowed, allow_none=field.allow_none)
    if not overrides:
        return base
    return type(f"{type(base).__name__}For{role.title()}", (type(base),), overrides)()


def _validator(role: str, entity: str) -> FieldValidator | None:
    return _validator_of(role, entity, generation())


@functools.cache
def _validator_of(role: str, entity: str, _generation: int) -> FieldValidator | None:
    schema = role_schema(role, entity)
    return FieldValidator(schema) if schema is not None else None


@functools.cache
def _field_sets(entity: EntityType) -> tuple[frozenset[str], frozenset[str]]:
    """The entity's device-writable and server-only field names, as sets (checked per field)."""
    return frozenset(entity.writable), frozenset(entity.server_fields)


def check_fields(
    entity: EntityType, raw: dict[str, Any], role: str, is_server: bool
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The validated, converted values of a mutation's fields, and per-field French errors."""
    errors: dict[str, list[str]] = {}
    server: dict[str, Any] = {}
    writable, server_fields = _field_sets(entity)
    if raw.keys() <= writable:  # the usual case: only device fields
        device = raw
    else:
        device = {}
        for name, value in raw.items():
            if name in server_fields:
                if is_server:
                    server[name] = value
                else:
                    errors[name] = [SERVER_FIELD]
            elif name not in writable:
                errors[name] = [UNKNOWN]
            else:
                device[name] = value
    validator = _validator(role, entity.name) if device else None
    if validator is not None:
        device, field_errors = validator.load(device)
        errors.update(field_errors)
    if server:
        device.update(server)
    return device, errors


def _length_rule(validator: validate.Length, array: bool) -> dict[str, Any]:
    low, high = ("minItems", "maxItems") if array else ("minLength", "maxLength")
    out: dict[str, Any] = {}
    if validator.min is not None:
        out[low] = validator.min
    if validator.max is not None:
        out[high] = validator.max
    return out


def field_rule(field: fields.Field) -> dict[str, Any]:
    """One field's rules in the published form: JSON-Schema keywords and their French messages."""
    rule: dict[str, Any] = {}
    messages: dict[str, str] = {"type": field.error_messages["invalid"]}
    array = isinstance(field, fields.List)
    if isinstance(field, JsonNumber):
        rule["type"] = "number"
    elif isinstance(field, fields.Integer):
        rule["type"] = "integer"
    elif isinstance(field, fields.Boolean):
        rule["type"] = "boolean"
    elif isinstance(field, fields.Nested):
        rule["type"] = "object"
        nested = field.schema.fields
        rule["properties"] = {name: field_rule(inner) for name, inner in nested.items()}
        rule["required"] = [name for name, inner in nested.items() if inner.required]
        rule["additionalProperties"] = False
    elif array:
        rule["type"] = "array"
    else:
        rule["type"] = "string"
    for validator in field.validators:
        if isinstance(validator, validate.Length):
            found = _length_rule(validator, array)
            rule.update(found)
            messages.update(dict.fromkeys(found, validator.error))
        elif isinstance(validator, validate.OneOf):
            rule["enum"] = list(validator.choices)
            messages["enum"] = validator.error
        elif isinstance(validator, Pattern):
            rule["pattern"] = validator.regex.pattern
            messages["pattern"] = validator.error
        elif isinstance(validator, validate.Range):
            rule["minimum"], rule["maximum"] = validator.min, validator.max
            messages["minimum"] = getattr(validator, "min_error", validator.error)
            messages["maximum"] = getattr(validator, "max_error", validator.error)
        elif isinstance(validator, DateTimeRule):
            rule["format"] = "date-time"
            rule["pattern"] = validator.regex.pattern
            rule["minDate"] = validator.min_date.isoformat()
            rule["maxDaysAhead"] = validator.max_days_ahead
            messages["pattern"] = validator.messages["format"]
            messages.update(validator.messages)
    if array:
        rule["items"] = field_rule(field.inner)  # type: ignore[attr-defined]
    rule["nullable"] = bool(field.allow_none)
    if not field.allow_none:
        messages["nullable"] = NOT_NULL
    rule["messages"] = messages
    return rule


def entity_rules(role: str, entity: EntityType) -> dict[str, Any]:
    """The rules of one writable entity for a role."""
    schema = role_schema(role, entity.name)
    assert schema is not None, entity.name
    return {
        "writable": True,
        "required_on_create": list(entity.required_on_create),
        "fields": {name: field_rule(field) for name, field in schema.fields.items()},
        "messages": {"required": REQUIRED, "unknown": UNKNOWN},
    }


def writable_entities(role: str) -> list[EntityType]:
    """The entities a role may write from a device."""
    return [
        entity
        for entity in declared_writable()
        if entity.schema is not None and role in ACTION_ROLES.get(entity.write_action, frozenset())
    ]


def rules_for(role: str) -> tuple[dict[str, Any], str]:
    """The rules document of a role (contract A) and its ETag."""
    return _rules_for(role, generation())


@functools.cache
def _rules_for(role: str, _generation: int) -> tuple[dict[str, Any], str]:
    document = {
        "schema": SCHEMA_VERSION,
        "role": role,
        "permissions": [action for action, roles in ACTION_ROLES.items() if role in roles],
        "entities": {e.name: entity_rules(role, e) for e in writable_entities(role)},
    }
    digest = hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return document, f"rules-{RULES_VERSION}-{digest[:32]}"
