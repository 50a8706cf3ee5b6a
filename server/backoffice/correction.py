"""Reading the back office's correction form of a record into the fields that changed.

The fields offered are the declaration's `editable` ones of the record's kind; a choice field's
values are its schema's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.backoffice.inputs import parse_datetime, parse_number, show_datetime, show_number
from server.backoffice.labels import choice_labels, field_label
from server.families.declaration import (
    CHOICE,
    DATETIME,
    LONG_TEXT,
    NUMBER,
    TEXT,
    EntityType,
)


@dataclass(frozen=True)
class EditableField:
    """A field the back office may correct, and how its form input is read."""

    entity: EntityType
    name: str
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False
    record_kind: str | None = None

    @property
    def label(self) -> str:
        """The French label (some depend on the record's kind)."""
        return field_label(self.entity, self.name, self.record_kind)

    def options(self) -> list[tuple[str, str]]:
        """(value, label) pairs of a choice field."""
        labels = choice_labels(self.entity, self.name)
        return [(value, labels.get(value, value)) for value in self.choices]


def _choices(entity: EntityType, name: str) -> tuple[str, ...]:
    field = entity.schema.fields.get(name) if entity.schema is not None else None
    return tuple(c for v in getattr(field, "validators", []) for c in getattr(v, "choices", ()))


def editable_fields(entity: EntityType, record_kind: str | None = None) -> list[EditableField]:
    """Every correctable field of the entity, in the declaration's order."""
    return [
        EditableField(
            entity,
            spec.name,
            spec.kind,
            _choices(entity, spec.name) if spec.kind == CHOICE else (),
            spec.required,
            record_kind,
        )
        for spec in entity.editable
    ]


def editable_fields_for(entity: EntityType, record_kind: str | None) -> list[EditableField]:
    """The correctable fields of a record of that kind, in display order."""
    by_name = {spec.name: spec for spec in editable_fields(entity, record_kind)}
    labels = entity.labels
    order = labels.fields_for(record_kind) if labels is not None else tuple(by_name)
    return [by_name[name] for name in order if name in by_name]


def form_value(record: Any, spec: EditableField) -> str:
    """The current value of a field as its form input shows it (French number and date)."""
    value = getattr(record, spec.name)
    if value is None:
        return ""
    if spec.kind == NUMBER and isinstance(value, int | float):
        return show_number(value)
    if spec.kind == DATETIME and isinstance(value, str):
        return show_datetime(value)
    return str(value)


def _read(spec: EditableField, raw: str) -> Any:
    raw = raw.replace("\r\n", "\n")
    if spec.kind in (TEXT, LONG_TEXT):
        return raw if spec.kind == LONG_TEXT else raw.strip()
    raw = raw.strip()
    if not raw:
        if spec.required:
            raise ValueError("Ce champ est obligatoire.")
        return None
    if spec.kind == NUMBER:
        return parse_number(raw)
    if spec.kind == DATETIME:
        return parse_datetime(raw)
    if spec.kind == CHOICE and raw not in spec.choices:
        raise ValueError("Valeur non autorisée.")
    return raw


def changed_fields(
    entity: EntityType, record: Any, form: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields whose submitted value differs from the record, and per-field errors."""
    changes: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in editable_fields(entity):
        if spec.name not in form:
            continue
        if spec.kind in (NUMBER, DATETIME) and form[spec.name].strip() == form_value(record, spec):
            continue  # shown rounded or in French: unchanged unless retyped
        try:
            value = _read(spec, form[spec.name])
        except ValueError as problem:
            errors[spec.name] = [str(problem)]
            continue
        current = getattr(record, spec.name)
        if spec.kind in (TEXT, LONG_TEXT) and current is None:
            current = ""
        if value != current:
            changes[spec.name] = value
    return changes, errors
