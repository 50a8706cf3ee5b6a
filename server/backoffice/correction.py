"""Reading the back office's correction form of a visite into the fields that changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from server.backoffice.inputs import parse_datetime, parse_number, show_datetime, show_number
from server.backoffice.labels import CHOICE_LABELS, field_label, visite_fields_for
from server.entities import VISITE_TYPES
from server.models import Visite

TEXT = "text"
LONG_TEXT = "long_text"
DATETIME = "datetime"
NUMBER = "number"
CHOICE = "choice"


@dataclass(frozen=True)
class EditableField:
    """A visite field the back office may correct, and how its form input is read."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False
    visite_type: str | None = None

    @property
    def label(self) -> str:
        """The French label (some depend on the visite's type)."""
        return field_label(self.name, self.visite_type)

    def options(self) -> list[tuple[str, str]]:
        """(value, label) pairs of a choice field."""
        labels = CHOICE_LABELS.get(self.name, {})
        return [(value, labels.get(value, value)) for value in self.choices]


EDITABLE_FIELDS: tuple[EditableField, ...] = (
    EditableField("type", CHOICE, tuple(VISITE_TYPES), required=True),
    EditableField("prevue_le", DATETIME),
    EditableField("realisee_le", DATETIME),
    EditableField("participants", TEXT),
    EditableField("observations", LONG_TEXT),
    EditableField("suites", LONG_TEXT),
    EditableField("candidat_nom", TEXT),
    EditableField("decision", CHOICE, ("accepte", "refuse")),
    EditableField("motif_refus", LONG_TEXT),
    EditableField("equipements", LONG_TEXT),
    EditableField("reparations", LONG_TEXT),
    EditableField("cout_estime", NUMBER),
    EditableField("responsabilite", CHOICE, ("bailleur", "locataire", "entreprise", "assureur")),
    EditableField("occupants", LONG_TEXT),
    EditableField("defauts", LONG_TEXT),
)


def editable_fields_for(visite_type: str | None) -> list[EditableField]:
    """The correctable fields of a visite of that type, in display order."""
    by_name = {spec.name: spec for spec in EDITABLE_FIELDS}
    return [
        replace(by_name[name], visite_type=visite_type)
        for name in visite_fields_for(visite_type)
        if name in by_name
    ]


def form_value(visite: Visite, spec: EditableField) -> str:
    """The current value of a field as its form input shows it (French number and date)."""
    value = getattr(visite, spec.name)
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
    visite: Visite, form: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields whose submitted value differs from the record, and per-field errors."""
    changes: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in EDITABLE_FIELDS:
        if spec.name not in form:
            continue
        if spec.kind in (NUMBER, DATETIME) and form[spec.name].strip() == form_value(visite, spec):
            continue  # shown rounded or in French: unchanged unless retyped
        try:
            value = _read(spec, form[spec.name])
        except ValueError as problem:
            errors[spec.name] = [str(problem)]
            continue
        current = getattr(visite, spec.name)
        if spec.kind in (TEXT, LONG_TEXT) and current is None:
            current = ""
        if value != current:
            changes[spec.name] = value
    return changes, errors
