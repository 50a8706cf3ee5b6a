"""The back-office session: who is logged in, and the login_required guard.

The signed cookie holds only a random token; the server keeps the session (`BackofficeSession`)
and decides whether it still lives: logout, a password reset or a disabled account end it (a
replayed cookie then no longer works), and it expires after PALIER_SESSION_IDLE_SECONDS without a
request.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from flask import abort, current_app, g, redirect, request, session, url_for

from server.auth import as_utc, client_address
from server.extensions import db
from server.models import BackofficeSession, User
from server.models.base import utcnow
from server.policy import is_allowed

TOKEN_KEY = "sid"
# last_seen_at is written at most this often: a page view is not worth a write each time
TOUCH_EVERY = timedelta(seconds=60)


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Log the user in: a new server-side session, its token in a fresh cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        BackofficeSession(
            id=_session_id(token),
            user_id=user.id,
            address=client_address(),
            user_agent=request.user_agent.string[:300],
        )
    )
    session.clear()
    session[TOKEN_KEY] = token


def _current_row() -> BackofficeSession | None:
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    return db.session.get(BackofficeSession, _session_id(token))


def _idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["PALIER_SESSION_IDLE_SECONDS"])


def _end(row: BackofficeSession, reason: str, now: datetime) -> None:
    row.ended_at, row.ended_reason = now, reason


def current_user() -> User | None:
    """The user of the back-office session, if the session and the account are still alive."""
    row = _current_row()
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    last_seen = as_utc(row.last_seen_at) or now
    if now - last_seen > _idle_limit():
        _end(row, "inactivite", now)
        db.session.commit()
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - last_seen > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user


def end_current_session() -> None:
    """Logout: the session ends on the server, then the cookie is cleared."""
    row = _current_row()
    if row is not None and row.ended_at is None:
        _end(row, "deconnexion", utcnow())
    session.clear()


def login_required(action: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a page: a session is needed, and the role must allow `action` when given."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("backoffice.login", next=request.path))
            if action is not None and not is_allowed(user.role, action, None, None):
                abort(403)
            g.user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator
