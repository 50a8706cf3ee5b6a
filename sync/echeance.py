"""The deadline of a réclamation (DESIGN.md §9 "Deadlines"), from its urgence and when it was
reported.

U1 and U2 are elapsed hours (4 and 24: a night of a change of time is 23 or 25 hours on the
clock); U3 is 5 working days later at the same Paris wall-clock time, Saturdays, Sundays and
French public holidays (metropolitan, from the maintained `holidays` package) not counted.
Mirrored in pwa/src/reclamations/echeance.js.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
ELAPSED = {"U1": timedelta(hours=4), "U2": timedelta(hours=24)}
WORKING_DAYS = {"U3": 5}
SATURDAY = 5


@functools.cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.France(years=year))


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day in metropolitan France (not a weekend, not a holiday)."""
    return day.weekday() < SATURDAY and day not in _public_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def echeance(urgence: str, signalee_le: datetime) -> datetime:
    """When a réclamation of this urgence reported at `signalee_le` is due (Europe/Paris time;
    a naive `signalee_le` is Paris wall time). Unknown urgence: ValueError."""
    start = signalee_le if signalee_le.tzinfo is not None else signalee_le.replace(tzinfo=PARIS)
    if urgence in ELAPSED:
        return (start.astimezone(UTC) + ELAPSED[urgence]).astimezone(PARIS)
    if urgence in WORKING_DAYS:
        local = start.astimezone(PARIS)
        day = add_working_days(local.date(), WORKING_DAYS[urgence])
        due = datetime.combine(day, local.time(), tzinfo=PARIS)
        return due.astimezone(UTC).astimezone(PARIS)  # a wall time the clock skipped, moved on
    raise ValueError(f"Urgence inconnue : {urgence!r} (attendu : U1, U2 ou U3).")
