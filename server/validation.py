"""Marshmallow building blocks with French messages for device-written fields.

Each field carries every rule of its value in a form the published rules (server/rules.py) and
the push fast path (server/fast_checks.py) read back, so a rule is written once, here.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate

from sync.messages import UUID_PATTERN

REQUIRED = "Ce champ est obligatoire."
NOT_NULL = "Ce champ ne peut pas être vide."
UNKNOWN = "Champ inconnu."
MAX_TEXT = 20_000
MIN_DATE = date(2000, 1, 1)
# A date-time written without an offset is the wall clock of the agency.
LOCAL_ZONE = ZoneInfo("Europe/Paris")

TEXT_EXPECTED = "Texte attendu."
NUMBER_EXPECTED = "Nombre attendu."
LIST_EXPECTED = "Liste attendue."
BAD_ID = "Identifiant invalide."
BAD_DATETIME = "Date et heure invalides (format ISO 8601 attendu, ex. 2026-11-26T09:30:00+01:00)."
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
)


def french_number(value: float) -> str:
    """A bound as French prose writes it: 10 000 000, 0,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:g}".replace(".", ",")


class FrenchSchema(Schema):
    """A schema whose unknown fields are refused in French."""

    class Meta:
        unknown = "raise"

    def handle_error(self, error: ValidationError, data: Any, **kwargs: Any) -> None:
        """Translate marshmallow's own English messages."""
        for key, messages in list(error.messages.items()):  # type: ignore[union-attr]
            if messages == ["Unknown field."]:
                error.messages[key] = [UNKNOWN]  # type: ignore[index]
        raise error


class Pattern(validate.Regexp):
    """The whole value matches `pattern`, read the same way by JavaScript and JSON Schema."""

    def __call__(self, value: Any) -> Any:
        """Raise the French message unless the whole value matches."""
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self.error)
        return value


class NoNul(Pattern):
    """No NUL character: PostgreSQL cannot store one in a text column."""

    def __init__(self) -> None:
        super().__init__(r"^[^\u0000]*$", error="Caractère nul (U+0000) interdit.")

    def __call__(self, value: Any) -> Any:
        """Raise the French message when the text holds a NUL."""
        if "\x00" in value:
            raise ValidationError(self.error)
        return value


class Bounds(validate.Range):
    """An inclusive range with one French message per bound."""

    def __init__(self, minimum: float, maximum: float) -> None:
        super().__init__(min=minimum, max=maximum)
        self.min_error = f"Nombre trop petit ({french_number(minimum)} au moins)."
        self.max_error = f"Nombre trop grand ({french_number(maximum)} au plus)."

    def __call__(self, value: Any) -> Any:
        """Raise the message of the bound that fails."""
        if value < self.min:
            raise ValidationError(self.min_error)
        if value > self.max:
            raise ValidationError(self.max_error)
        return value


class DateTimeRule(validate.Validator):
    """An ISO 8601 date-time (offset optional) between a fixed day and some days after now."""

    regex = re.compile(DATETIME_PATTERN)

    def __init__(self, min_date: date, max_days_ahead: int) -> None:
        self.min_date = min_date
        self.max_days_ahead = max_days_ahead
        self._min_day = min_date.isoformat()
        self._safe: tuple[int, str] = (-1, "")
        ahead = "demain" if max_days_ahead == 1 else f"{max_days_ahead} jours après aujourd'hui"
        self.messages = {
            "format": BAD_DATETIME,
            "minDate": f"Date hors des limites (le {min_date:%d/%m/%Y} au plus tôt).",
            "maxDaysAhead": f"Date hors des limites ({ahead} au plus tard).",
        }

    def problem(self, value: str) -> str | None:
        """The keyword of the rule the value breaks, or None."""
        if self.regex.fullmatch(value) is None:
            return "format"
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return "format"
        day = value[:10]  # the date as written: the pattern makes string order date order
        if day < self._min_day:
            return "minDate"
        if day <= self._safe_day():
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=LOCAL_ZONE)
        if moment > datetime.now(UTC) + timedelta(days=self.max_days_ahead):
            return "maxDaysAhead"
        return None

    def _safe_day(self) -> str:
        """The last date written that is within the bound whatever its offset (±24 h)."""
        today = int(time.time() // 86_400)
        if self._safe[0] != today:
            safe = date.fromordinal(date(1970, 1, 1).toordinal() + today + self.max_days_ahead - 2)
            self._safe = (today, safe.isoformat())
        return self._safe[1]

    def __call__(self, value: Any) -> Any:
        """Raise the French message of the broken rule."""
        problem = self.problem(value)
        if problem is not None:
            raise ValidationError(self.messages[problem])
        return value


class JsonNumber(fields.Float):
    """A JSON number only: text such as "1_000" or "350,50", booleans and NaN are refused."""

    def _format_num(self, value: Any) -> float:
        if type(value) is not int and type(value) is not float:
            raise TypeError("not a JSON number")
        return float(value)


def _messages(invalid: str, **more: str) -> dict[str, str]:
    return {"invalid": invalid, "null": NOT_NULL, "required": REQUIRED, **more}


def text(
    max_length: int = MAX_TEXT, allow_none: bool = False, required: bool = False
) -> fields.String:
    """A free-text field (empty allowed, null only when `allow_none`)."""
    return fields.String(
        allow_none=allow_none,
        required=required,
        validate=[
            validate.Length(
                max=max_length, error=f"Texte trop long ({max_length} caractères au plus)."
            ),
            NoNul(),
        ],
        error_messages=_messages(TEXT_EXPECTED),
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
        error_messages=_messages(TEXT_EXPECTED),
    )


def uuid_string(required: bool = False, allow_none: bool = False) -> fields.String:
    """A UUID kept as its string form."""
    return fields.String(
        required=required,
        allow_none=allow_none,
        validate=Pattern(UUID_PATTERN, error=BAD_ID),
        error_messages=_messages(BAD_ID),
    )


def iso_datetime(max_days_ahead: int, min_date: date = MIN_DATE) -> fields.String:
    """An ISO 8601 date-time kept as sent (null allowed), from `min_date` to now + some days."""
    return fields.String(
        allow_none=True,
        validate=DateTimeRule(min_date, max_days_ahead),
        error_messages=_messages(BAD_DATETIME),
    )


def number(minimum: float = 0, maximum: float = 10_000_000) -> JsonNumber:
    """A bounded JSON number (null allowed)."""
    return JsonNumber(
        allow_none=True,
        validate=Bounds(minimum, maximum),
        error_messages=_messages(
            NUMBER_EXPECTED,
            special=NUMBER_EXPECTED,
            too_large=NUMBER_EXPECTED,
        ),
    )


def uuid_list(max_items: int = 200) -> fields.List:
    """A list of UUID strings."""
    return fields.List(
        uuid_string(),
        validate=validate.Length(max=max_items, error=f"{max_items} éléments au plus."),
        error_messages=_messages(LIST_EXPECTED),
    )


def sha256_string() -> fields.String:
    """A lowercase hex SHA-256."""
    return fields.String(
        validate=Pattern(r"^[0-9a-f]{64}$", error="Empreinte SHA-256 invalide."),
        error_messages=_messages(TEXT_EXPECTED),
    )


class JsonBoolean(fields.Boolean):
    """A JSON boolean only: 0, 1, "true" and the like are refused."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if type(value) is not bool:
            raise self.make_error("invalid")
        return value


def boolean() -> JsonBoolean:
    """A JSON boolean (null allowed)."""
    return JsonBoolean(allow_none=True, error_messages=_messages("Vrai ou faux attendu."))


def integer(minimum: int = 0, maximum: int = 10_000) -> fields.Integer:
    """A bounded whole number."""
    return fields.Integer(
        strict=True,
        allow_none=True,
        validate=Bounds(minimum, maximum),
        error_messages=_messages("Nombre entier attendu."),
    )


def object_list(schema: type[Schema], max_items: int) -> fields.List:
    """A list of objects, each validated by `schema`."""
    return fields.List(
        fields.Nested(schema, error_messages=_messages("Objet attendu.", type="Objet attendu.")),
        allow_none=True,
        validate=validate.Length(max=max_items, error=f"{max_items} éléments au plus."),
        error_messages=_messages(LIST_EXPECTED),
    )
