"""A fast path for validating device fields: marshmallow decides only when a value looks wrong.

Pushes validate every field of every mutation; running the whole marshmallow machinery costs
about 20 µs a field. The checks below accept the common, valid values directly by reading the
marshmallow field's own validators, and hand anything doubtful to marshmallow, so the rules and
the French messages stay defined once, in the schemas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

Check = Callable[[Any], bool]


def _validator_check(validator: Any) -> Check | None:
    if isinstance(validator, validate.Length):
        low, high = validator.min, validator.max
        return lambda v: (low is None or len(v) >= low) and (high is None or len(v) <= high)
    if isinstance(validator, validate.OneOf):
        choices = frozenset(validator.choices)
        return lambda v: v in choices
    if isinstance(validator, validate.Regexp):
        regex = validator.regex
        return lambda v: regex.match(v) is not None
    if isinstance(validator, validate.Range):
        low, high = validator.min, validator.max
        return lambda v: (low is None or v >= low) and (high is None or v <= high)
    if callable(validator):

        def run(value: Any) -> bool:
            try:
                return validator(value) is not False
            except ValidationError:
                return False

        return run
    return None


def _type_check(field: fields.Field) -> Check | None:
    if isinstance(field, fields.String):
        return lambda v: type(v) is str
    if isinstance(field, fields.Float):
        return lambda v: type(v) in (int, float) and math.isfinite(v)
    if isinstance(field, fields.List):
        inner = field_check(field.inner)
        return (lambda v: type(v) is list and all(inner(x) for x in v)) if inner else None
    return None


def field_check(field: fields.Field) -> Check | None:
    """A quick yes for valid values of a marshmallow field, or None when it cannot tell."""
    type_check = _type_check(field)
    if type_check is None:
        return None
    checks = [type_check]
    for validator in field.validators:
        check = _validator_check(validator)
        if check is None:
            return None
        checks.append(check)
    allow_none = field.allow_none

    def run(value: Any) -> bool:
        if value is None:
            return allow_none
        return all(check(value) for check in checks)

    return run


def schema_checks(schema: Schema) -> dict[str, Check]:
    """Fast checks for every field of a schema that has one."""
    out = {}
    for name, field in schema.fields.items():
        check = field_check(field)
        if check is not None:
            out[name] = check
    return out
