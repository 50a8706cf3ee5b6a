"""A fast path for validating device fields: marshmallow decides only when a value looks wrong.

Pushes validate every field of every mutation; running the whole marshmallow machinery costs
about 20 µs a field. The converters below accept the common, valid values directly by reading the
marshmallow field's own validators, and return exactly what marshmallow's `load` would (a JSON
integer becomes a float, as marshmallow makes it); anything doubtful goes to marshmallow, so the
rules and the French messages stay defined once, in the schemas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from server.validation import DateTimeRule, JsonNumber, NoNul, Pattern

DOUBT: Any = object()  # "ask marshmallow"
Check = Callable[[Any], bool]
Converter = Callable[[Any], Any]


def _validator_check(validator: Any) -> Check | None:
    if isinstance(validator, validate.Length):
        low, high = validator.min, validator.max
        return lambda v: (low is None or len(v) >= low) and (high is None or len(v) <= high)
    if isinstance(validator, validate.OneOf):
        choices = frozenset(validator.choices)
        return lambda v: v in choices
    if isinstance(validator, NoNul):
        return lambda v: "\x00" not in v
    if isinstance(validator, Pattern):
        regex = validator.regex
        return lambda v: regex.fullmatch(v) is not None
    if isinstance(validator, validate.Range):
        if not (validator.min_inclusive and validator.max_inclusive):
            return None
        low, high = validator.min, validator.max
        return lambda v: (low is None or v >= low) and (high is None or v <= high)
    if isinstance(validator, DateTimeRule):
        return lambda v: validator.problem(v) is None
    return None


def _number(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else DOUBT
    if kind is int and -(2**63) <= value < 2**64:
        return float(value)
    return DOUBT


def _string(value: Any) -> Any:
    return value if type(value) is str else DOUBT


def _type_converter(field: fields.Field) -> Converter | None:
    if isinstance(field, JsonNumber):
        return _number
    if isinstance(field, fields.String):
        return _string
    if isinstance(field, fields.List):
        inner = field_converter(field.inner)
        if inner is None:
            return None

        def convert_list(value: Any) -> Any:
            if type(value) is not list:
                return DOUBT
            out = [inner(item) for item in value]
            return DOUBT if any(item is DOUBT for item in out) else out

        return convert_list
    return None


def field_converter(field: fields.Field) -> Converter | None:
    """A quick converter for valid values of a marshmallow field (DOUBT otherwise), or None."""
    convert = _type_converter(field)
    if convert is None:
        return None
    checks = []
    for validator in field.validators:
        check = _validator_check(validator)
        if check is None:
            return None
        checks.append(check)
    allow_none = field.allow_none

    def run(value: Any) -> Any:
        if value is None:
            return None if allow_none else DOUBT
        out = convert(value)
        if out is DOUBT:
            return DOUBT
        for check in checks:
            if not check(out):
                return DOUBT
        return out

    return run


def _flatten(messages: Any) -> list[str]:
    """marshmallow's messages of one field as a flat list, each once (list items included)."""
    if isinstance(messages, dict):
        nested = [m for inner in messages.values() for m in _flatten(inner)]
        return list(dict.fromkeys(nested))
    if isinstance(messages, list):
        return list(dict.fromkeys(str(m) for m in messages))
    return [str(messages)]


class FieldValidator:
    """Validates and converts the fields of one entity, the fast way when it can."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.converters: dict[str, Converter] = {}
        for name, field in schema.fields.items():
            convert = field_converter(field)
            if convert is not None:
                self.converters[name] = convert

    def load(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """The converted values, and per-field French errors (fields of the schema only)."""
        out: dict[str, Any] = {}
        doubtful: dict[str, Any] = {}
        converters = self.converters
        for name, value in values.items():
            convert = converters.get(name)
            result = convert(value) if convert is not None else DOUBT
            if result is DOUBT:
                doubtful[name] = value
            else:
                out[name] = result
        if not doubtful:
            return out, {}
        errors: dict[str, list[str]] = {}
        try:
            out.update(self.schema.load(doubtful, partial=True))
        except ValidationError as err:
            valid = err.valid_data if isinstance(err.valid_data, dict) else {}
            out.update(valid)
            messages = err.messages if isinstance(err.messages, dict) else {}
            errors = {name: _flatten(m) for name, m in messages.items()}
        return {name: out[name] for name in values if name in out}, errors
