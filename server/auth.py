"""Passwords, device tokens, credentials and the current device of an API request."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import g, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.security import check_password_hash, generate_password_hash

from server.device_facts import changes_to_store, known_facts, read_facts, store_facts
from server.errors import ApiError
from server.extensions import db
from server.models import Device, User
from server.models.base import utcnow
from server.throttle import check_not_locked, forget_failures, record_failure
from sync.errors import ProtocolError

TOKEN_BYTES = 32
# A fixed hash to compare against when the login is unknown, so timing does not reveal it.
_DUMMY_HASH = generate_password_hash("palier-dummy-password", method="scrypt")


def hash_password(password: str) -> str:
    """Hash a password with scrypt."""
    return generate_password_hash(password, method="scrypt")


def hash_token(token: str) -> str:
    """The stored form of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


def as_utc(moment: datetime | None) -> datetime | None:
    """Treat naive datetimes (SQLite) as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def check_credentials(login: str, password: str, address: str) -> User | None:
    """The active user with these credentials, or None; raises LoginThrottled while this
    account (from this address) or this address is locked."""
    login = login.strip().lower()
    now = utcnow()
    check_not_locked(login, address, now)
    user = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is not None and ok and user.active:
        forget_failures(login, address)
        return user
    record_failure(login, address, now)
    return None


def client_address() -> str:
    """The client's address as the server sees it (behind a proxy: PALIER_PROXY_HOPS)."""
    return (request.remote_addr or "inconnue")[:64]


def issue_device(user: User, name: str, user_agent: str = "") -> tuple[Device, str]:
    """Create a device for the user and return it with its clear token (shown once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    device = Device(
        user_id=user.id,
        name=name.strip()[:200] or "Appareil",
        token_hash=hash_token(token),
        user_agent=user_agent[:300],
    )
    db.session.add(device)
    db.session.flush()
    return device, token


def revoke_device(device: Device) -> None:
    """Revoke a device: its next call gets 401 with wipe."""
    if device.revoked_at is None:
        device.revoked_at = utcnow()


def _authenticate() -> Device:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or len(header) < 8:
        raise ApiError(401, "unauthorized", "Authentification requise.")
    device = db.session.execute(
        select(Device).where(Device.token_hash == hash_token(header[7:].strip()))
    ).scalar_one_or_none()
    if device is None:
        raise ApiError(401, "invalid_token", "Jeton invalide : reconnectez-vous.")
    if device.revoked_at is not None:
        raise ApiError(
            401,
            "device_revoked",
            "Cet appareil a été révoqué : ses données locales doivent être effacées.",
            extra={"wipe": True},
        )
    if not device.user.active:
        raise ApiError(401, "user_disabled", "Ce compte est désactivé.")
    return device


def device_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: the request must carry a valid, unrevoked device token (sets g.device, g.user)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        device = _authenticate()
        g.device = device
        g.user = device.user
        facts = changes_to_store(known_facts(device), read_facts(request.headers), utcnow())
        device_id = device.id
        try:
            response = view(*args, **kwargs)
        except (ApiError, ProtocolError, HTTPException):
            _note_contact(device_id, facts)
            raise
        _note_contact(device_id, facts)
        return response

    return wrapper


def _note_contact(device_id: str, facts: dict[str, object]) -> None:
    """Store what the device reported, after its request (never inside the request's work)."""
    if facts:
        # whatever the view left uncommitted was going to be discarded at teardown anyway
        db.session.rollback()
        store_facts(device_id, facts)
