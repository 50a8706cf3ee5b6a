"""French form input: numbers typed "350,50" or "350.50", dates typed "26/11/2026 14:00"."""

from __future__ import annotations

import math
import re
from datetime import datetime

from server.backoffice.labels import format_iso, format_number, parse_iso
from server.review import LOCAL_ZONE

NUMBER_MESSAGE = "Nombre attendu. Exemple : 350,50"
DATETIME_MESSAGE = "Date et heure invalides (format attendu : 26/11/2026 14:00)."
# Thousands separators a French keyboard or a copy from a spreadsheet may leave in a number.
_SPACES = re.compile(r"[ \u00a0\u202f]")
# One decimal separator, comma or point; nothing else (no "1_000", no "1e3", no "1.000,50").
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_FRENCH_DATETIME = re.compile(
    r"(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})"
    r"(?:\s+(?:à\s+)?(?P<hour>[0-9]{1,2})\s*[:hH]\s*(?P<minute>[0-9]{2}))?"
)


def parse_number(raw: str) -> float:
    """A number typed the French or the English way; ValueError (French message) otherwise."""
    text = _SPACES.sub("", raw.strip()).removesuffix("€")
    if not _NUMBER.fullmatch(text):
        raise ValueError(NUMBER_MESSAGE)
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(NUMBER_MESSAGE)
    return value


def show_number(value: float | int | None) -> str:
    """A stored number as the form shows it (350,50)."""
    return "" if value is None else format_number(float(value))


def parse_datetime(raw: str) -> str:
    """A moment typed "26/11/2026 14:00" (Paris time) or ISO 8601, as ISO 8601 with its offset."""
    text = raw.strip()
    match = _FRENCH_DATETIME.fullmatch(text)
    if match:
        parts = {k: int(v) for k, v in match.groupdict(default="0").items()}
        try:
            moment = datetime(
                parts["year"],
                parts["month"],
                parts["day"],
                parts["hour"],
                parts["minute"],
                tzinfo=LOCAL_ZONE,
            )
        except ValueError:
            raise ValueError(DATETIME_MESSAGE) from None
    else:
        parsed = parse_iso(text) if "-" in text else None
        if parsed is None:
            raise ValueError(DATETIME_MESSAGE)
        moment = parsed.astimezone(LOCAL_ZONE)
    return moment.isoformat(timespec="seconds")


def show_datetime(value: str | None) -> str:
    """A stored ISO 8601 moment as the form shows it (26/11/2026 14:00), "" when empty."""
    return format_iso(value) if value else ""
