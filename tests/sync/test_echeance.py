"""The deadline of a réclamation (sync/echeance.py): the shared worked examples, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.echeance import add_working_days, echeance, is_working_day
from tests.sync.shared_vectors import load_cases

PARIS = ZoneInfo("Europe/Paris")
CASES = load_cases("echeance.json")
# reports from 2025 to 2030, any Paris wall time that exists (some instants twice in October)
REPORTED = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.just(PARIS),
    allow_imaginary=False,
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['urgence']} {c['signalee_le']}")
def test_every_shared_case(case: dict) -> None:
    due = echeance(case["urgence"], datetime.fromisoformat(case["signalee_le"]))
    assert due == datetime.fromisoformat(case["echeance"])  # the same instant
    assert due.utcoffset() == datetime.fromisoformat(case["echeance"]).utcoffset()


def test_the_shared_cases_are_all_there() -> None:
    assert len(CASES) == 7
    assert {c["urgence"] for c in CASES} == {"U1", "U2", "U3"}


@pytest.mark.parametrize(
    ("urgence", "reported", "due"),
    [
        # the night the clocks go forward: 4 h and 24 h elapsed, 5 h and 25 h on the clock
        ("U1", "2026-03-29T00:30:00+01:00", "2026-03-29T05:30:00+02:00"),
        ("U2", "2026-03-28T22:00:00+01:00", "2026-03-29T23:00:00+02:00"),
        # the night they go back: 3 h and 23 h on the clock
        ("U1", "2026-10-25T01:00:00+02:00", "2026-10-25T04:00:00+01:00"),
        ("U2", "2026-10-24T12:00:00+02:00", "2026-10-25T11:00:00+01:00"),
        # a report given in UTC is due at the Paris time
        ("U3", "2026-07-13T08:00:00+00:00", "2026-07-21T10:00:00+02:00"),
        # Ascension (14 May 2026), then the weekend
        ("U3", "2026-05-12T16:30:00+02:00", "2026-05-20T16:30:00+02:00"),
        # a Saturday report counts from the Monday
        ("U3", "2026-11-28T09:00:00+01:00", "2026-12-04T09:00:00+01:00"),
    ],
)
def test_deadlines_across_changes_of_time_and_holidays(
    urgence: str, reported: str, due: str
) -> None:
    found = echeance(urgence, datetime.fromisoformat(reported))
    assert found.isoformat() == due


def test_a_naive_time_is_paris_wall_time() -> None:
    assert echeance("U1", datetime(2026, 12, 24, 10, 0)).isoformat() == (
        "2026-12-24T14:00:00+01:00"
    )
    assert echeance("U3", datetime(2026, 7, 10, 9, 15)).isoformat() == (
        "2026-07-20T09:15:00+02:00"  # 14 July is a holiday
    )


@pytest.mark.parametrize("urgence", ["U4", "u1", "", "urgent"])
def test_an_unknown_urgence_is_refused(urgence: str) -> None:
    with pytest.raises(ValueError, match="Urgence inconnue"):
        echeance(urgence, datetime(2026, 12, 24, 10, 0, tzinfo=PARIS))


def test_working_days_skip_weekends_and_french_public_holidays() -> None:
    assert not is_working_day(date(2026, 12, 25))  # Noël, a Friday
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert not is_working_day(date(2026, 4, 6))  # lundi de Pâques
    assert not is_working_day(date(2026, 5, 25))  # lundi de Pentecôte
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 26) + timedelta(days=2))  # Monday 28
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 4)


def _french_holiday(day: date) -> bool:
    return day in holidays.France(years=day.year)


@given(REPORTED)
def test_u3_never_falls_on_a_weekend_or_holiday_and_is_after_the_report(
    reported: datetime,
) -> None:
    due = echeance("U3", reported)
    local = due.astimezone(PARIS)
    assert local.weekday() < 5
    assert not _french_holiday(local.date())
    assert due > reported
    # five working days later, at the same wall-clock time
    days = [
        reported.date() + timedelta(days=n)
        for n in range(1, (local.date() - reported.date()).days + 1)
    ]
    assert sum(1 for d in days if d.weekday() < 5 and not _french_holiday(d)) == 5
    assert local.time() == reported.replace(fold=0).time()


@given(REPORTED, st.sampled_from([("U1", 4), ("U2", 24)]))
def test_u1_and_u2_are_exact_elapsed_hours_whatever_the_change_of_time(
    reported: datetime, urgence_hours: tuple[str, int]
) -> None:
    urgence, hours = urgence_hours
    due = echeance(urgence, reported)
    assert due.astimezone(UTC) - reported.astimezone(UTC) == timedelta(hours=hours)
    assert due.tzinfo == PARIS
