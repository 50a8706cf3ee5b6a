"""Calendar days of the documents: what day a recorded date-time is in Paris, written in French."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Paris")


def paris_day(value: object) -> date | None:
    """The Paris calendar day of an ISO date or date-time (no offset: Paris wall time)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    elif isinstance(value, str) and value:
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_ZONE)
    return moment.date()


def french_day(day: date) -> str:
    """A day as French text writes it: 25/03/2026."""
    return day.strftime("%d/%m/%Y")
