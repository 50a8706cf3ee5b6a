"""The back-office session: who is logged in, and the login_required guard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from server.extensions import db
from server.models import User
from server.policy import is_allowed


def current_user() -> User | None:
    """The user of the back-office session, if still active."""
    user_id = session.get("user_id")
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


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
