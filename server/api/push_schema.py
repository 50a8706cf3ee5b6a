"""The push body as OpenAPI schemas, generated from the published rules (server/rules.py).

Each writable entity gets a create, an update and a delete mutation, the three under a `oneOf`;
the mutations of all entities are told apart by `entity` (a discriminator). Field schemas carry
the rules of `GET /api/v1/rules`; the date bounds relative to "now", which JSON Schema cannot
say, are the extension keywords `x-minDate` and `x-maxDaysAhead`, and `x-messages` gives the
French message the server answers when a rule fails.
"""

from __future__ import annotations

from typing import Any

from server.rules import ANY_ROLE, entity_rules, writable_entities
from sync.messages import (
    HLC_PATTERN,
    MAX_MUTATIONS,
    MAX_SEQ,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION,
    UUID_PATTERN,
)

_KEYWORDS = (
    "type",
    "enum",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _describe(rule: dict[str, Any]) -> str | None:
    if "minDate" not in rule:
        return None
    return (
        f"Date et heure ISO 8601, du {rule['minDate']} à maintenant + {rule['maxDaysAhead']} "
        "jour(s) ; sans décalage horaire, heure de Paris."
    )


def openapi_field(rule: dict[str, Any]) -> dict[str, Any]:
    """One published field rule as an OpenAPI 3.0 schema."""
    out = {key: rule[key] for key in _KEYWORDS if key in rule}
    if "items" in rule:
        out["items"] = openapi_field(rule["items"])
    if rule.get("nullable"):
        out["nullable"] = True
        if "enum" in out:
            out["enum"] = [*out["enum"], None]  # OpenAPI 3.0.3: null must be listed too
    for key in ("minDate", "maxDaysAhead"):
        if key in rule:
            out[f"x-{key}"] = rule[key]
    description = _describe(rule)
    if description:
        out["description"] = description
    out["x-messages"] = rule["messages"]
    return out


def _envelope(entity: str, op: str, base: dict[str, Any], fields: dict[str, Any]) -> dict:
    required = ["seq", "id", "entity", "record", "op", "base", "hlc"]
    if op == "upsert":
        required.append("fields")
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "maximum": MAX_SEQ},
            "id": {"type": "string", "pattern": UUID_PATTERN},
            "entity": {"type": "string", "enum": [entity]},
            "record": {"type": "string", "pattern": UUID_PATTERN},
            "op": {"type": "string", "enum": [op]},
            "base": base,
            "hlc": {"type": "string", "pattern": HLC_PATTERN},
            "fields": fields,
        },
    }


def push_components() -> dict[str, dict[str, Any]]:
    """Every component of the push body, by name; `PushRequest` is the body itself."""
    components: dict[str, dict[str, Any]] = {}
    mapping: dict[str, str] = {}
    for entity in writable_entities(ANY_ROLE):
        rules = entity_rules(ANY_ROLE, entity)
        title = entity.name.title().replace("_", "")
        properties = {name: openapi_field(rule) for name, rule in rules["fields"].items()}
        fields = {"type": "object", "additionalProperties": False, "properties": properties}
        create = {**fields, "required": rules["required_on_create"]}
        new = {"type": "integer", "nullable": True, "enum": [None]}
        known = {"type": "integer", "minimum": 0, "maximum": MAX_SEQ}
        nothing = {"type": "object", "maxProperties": 0}
        components[f"{title}Create"] = _envelope(entity.name, "upsert", new, create)
        components[f"{title}Create"]["description"] = (
            f"Création : base null ; champs obligatoires : {', '.join(create['required'])}."
        )
        components[f"{title}Update"] = _envelope(entity.name, "upsert", known, fields)
        components[f"{title}Update"]["description"] = (
            "Modification d'un enregistrement que le serveur connaît (base : sa version)."
        )
        components[f"{title}Delete"] = _envelope(entity.name, "delete", known, nothing)
        components[f"{title}Mutation"] = {
            "oneOf": [_ref(f"{title}{kind}") for kind in ("Create", "Update", "Delete")]
        }
        mapping[entity.name] = f"#/components/schemas/{title}Mutation"
    components["Mutation"] = {
        "oneOf": [{"$ref": target} for target in mapping.values()],
        "discriminator": {"propertyName": "entity", "mapping": mapping},
    }
    components["PushRequest"] = {
        "type": "object",
        "required": ["schema", "mutations"],
        "properties": {
            "schema": {"type": "integer", "minimum": MIN_SCHEMA_VERSION, "maximum": SCHEMA_VERSION},
            "mutations": {
                "type": "array",
                "maxItems": MAX_MUTATIONS,
                "items": _ref("Mutation"),
                "description": "seq consécutifs d'une mutation à l'autre ; id uniques.",
            },
        },
    }
    return components
