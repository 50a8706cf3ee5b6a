"""Login throttling by account *and* by client address (DESIGN.md §7; issue 13).

Failures are counted per (account, address) and per address. An account is locked only for the
address that kept failing on it, so guessing the admin's password from one place never locks the
admin out from theirs; an address that fails on many accounts is locked as a whole. Counters older
than the lock window are purged as logins happen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_

from server.extensions import db
from server.models import LoginFailure
from server.models.base import utcnow


class LoginThrottled(Exception):
    """Too many failed logins for this account from this address, or from this address."""


def _as_utc(moment: datetime | None) -> datetime | None:
    from server.auth import as_utc

    return as_utc(moment)


def account_key(login: str, address: str) -> str:
    """The counter of one account's failures from one address."""
    return f"compte:{login}|{address}"[:200]


def address_key(address: str) -> str:
    """The counter of one address's failures, whatever the account."""
    return f"adresse:{address}"[:200]


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["PALIER_LOGIN_LOCK_SECONDS"])


def check_not_locked(login: str, address: str, now: datetime) -> None:
    """Raise LoginThrottled while the account (from this address) or the address is locked."""
    for key in (account_key(login, address), address_key(address)):
        failure = db.session.get(LoginFailure, key)
        locked_until = _as_utc(failure.locked_until) if failure else None
        if locked_until and locked_until > now:
            raise LoginThrottled()


def record_failure(login: str, address: str, now: datetime) -> None:
    """Count a failed login for the account from this address, and for the address."""
    limits = (
        (account_key(login, address), current_app.config["PALIER_LOGIN_MAX_FAILURES"]),
        (address_key(address), current_app.config["PALIER_LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    window = _window()
    for key, limit in limits:
        failure = db.session.get(LoginFailure, key)
        if failure is None:
            failure = LoginFailure(key=key, count=0, first_at=now)
            db.session.add(failure)
        elif (_as_utc(failure.first_at) or now) + window < now:
            failure.count, failure.first_at, failure.locked_until = 0, now, None
        failure.count += 1
        if failure.count >= limit:
            failure.locked_until = now + window
    purge_old_failures(now)


def forget_failures(login: str, address: str) -> None:
    """A successful login clears its account's counter from that address."""
    failure = db.session.get(LoginFailure, account_key(login, address))
    if failure is not None:
        db.session.delete(failure)


def purge_old_failures(now: datetime | None = None) -> int:
    """Delete the counters whose window and lock are over; returns how many went."""
    now = now or utcnow()
    past = now - _window()
    result = db.session.execute(
        delete(LoginFailure)
        .where(
            LoginFailure.first_at < past,
            or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until < now),
        )
        # SQLite hands back naive datetimes: let the database say which rows went
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)
