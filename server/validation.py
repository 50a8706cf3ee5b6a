"""Marshmallow building blocks with French messages for device-written fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

REQUIRED = "Ce champ est obligatoire."
NOT_NULL = "Ce champ ne peut pas être vide."
MAX_TEXT = 20_000


class FrenchSchema(Schema):
    """A schema whose unknown fields are refused in French."""

    class Meta:
        unknown = "raise"

    def handle_error(self, error: ValidationError, data: Any, **kwargs: Any) -> None:
        """Translate marshmallow's own English messages."""
        for key, messages in list(error.messages.items()):  # type: ignore[union-attr]
            if messages == ["Unknown field."]:
                error.messages[key] = ["Champ inconnu."]  # type: ignore[index]
        raise error


def text(max_length: int = MAX_TEXT) -> fields.String:
    """A free-text field (empty allowed, never null)."""
    return fields.String(
        validate=validate.Length(
            max=max_length, error=f"Texte trop long ({max_length} caractères au plus)."
        ),
        error_messages={"invalid": "Texte attendu.", "null": NOT_NULL},
    )


def choice(values: list[str], allow_none: bool = True, required: bool = False) -> fields.String:
    """One value among `values`."""
    allowed = ", ".join(values)
    return fields.String(
        allow_none=allow_none,
        required=required,
        validate=validate.OneOf(
            values, error=f"Valeur non autorisée (valeurs possibles : {allowed})."
        ),
        error_messages={"invalid": "Texte attendu.", "null": NOT_NULL, "required": REQUIRED},
    )


def uuid_string(required: bool = False) -> fields.String:
    """A UUID kept as its string form."""
    return fields.String(
        required=required,
        validate=validate.Regexp(
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            error="Identifiant invalide.",
        ),
        error_messages={"invalid": "Identifiant invalide.", "null": NOT_NULL, "required": REQUIRED},
    )


def _check_datetime(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError("Date et heure invalides (format ISO 8601 attendu).") from None
    if not 2000 <= moment.year <= 2100:
        raise ValidationError("Date hors des limites (2000 à 2100).")


def iso_datetime() -> fields.String:
    """An ISO 8601 date-time kept as sent (null allowed)."""
    return fields.String(
        allow_none=True,
        validate=_check_datetime,
        error_messages={"invalid": "Date et heure invalides (format ISO 8601 attendu)."},
    )


def number(minimum: float = 0, maximum: float = 10_000_000) -> fields.Float:
    """A bounded number (null allowed)."""
    return fields.Float(
        allow_none=True,
        allow_nan=False,
        validate=validate.Range(
            min=minimum, max=maximum, error=f"Nombre attendu entre {minimum:g} et {maximum:g}."
        ),
        error_messages={"invalid": "Nombre attendu."},
    )


def uuid_list(max_items: int = 200) -> fields.List:
    """A list of UUID strings."""
    return fields.List(
        uuid_string(),
        validate=validate.Length(max=max_items, error=f"{max_items} éléments au plus."),
        error_messages={"invalid": "Liste attendue.", "null": NOT_NULL},
    )


def sha256_string() -> fields.String:
    """A lowercase hex SHA-256."""
    return fields.String(
        validate=validate.Regexp(r"^[0-9a-f]{64}$", error="Empreinte SHA-256 invalide."),
        error_messages={"invalid": "Texte attendu.", "null": NOT_NULL},
    )
