"""Reading the back office's correction form of a visite into the fields that changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.backoffice.labels import CHOICE_LABELS, field_label
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

    @property
    def label(self) -> str:
        """The French label."""
        return field_label(self.name)

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


def form_value(visite: Visite, spec: EditableField) -> str:
    """The current value of a field as its form input shows it."""
    value = getattr(visite, spec.name)
    if value is None:
        return ""
    if spec.kind == NUMBER:
        return f"{value:g}".replace(".", ",")
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
        try:
            return float(raw.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise ValueError("Nombre attendu.") from None
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
