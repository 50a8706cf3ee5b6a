"""What a device tells about itself on every API call (app version, unsent items): read, stored.

Headers `X-Palier-App-Version` and `X-Palier-Pending` (DESIGN.md contract B). A bad value is
ignored, never an error: the facts only help the back office recognise a device.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from server.extensions import db
from server.models import Device

VERSION_HEADER = "X-Palier-App-Version"
PENDING_HEADER = "X-Palier-Pending"
MAX_VERSION_LENGTH = 40
MAX_PENDING = 2**31 - 1
# last_seen_at is rewritten at most this often when nothing else changed (one write a minute).
SEEN_EVERY = timedelta(seconds=60)
_DIGITS = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class DeviceFacts:
    """The facts a request reported; None where the header was absent or unusable."""

    app_version: str | None
    pending_count: int | None


def read_facts(headers: Mapping[str, str]) -> DeviceFacts:
    """Read the two headers, dropping bad values."""
    version = (headers.get(VERSION_HEADER) or "").strip()
    if not version or len(version) > MAX_VERSION_LENGTH or not version.isprintable():
        version = None
    raw = (headers.get(PENDING_HEADER) or "").strip()
    pending = int(raw) if _DIGITS.fullmatch(raw) else None
    if pending is not None and pending > MAX_PENDING:
        pending = None
    return DeviceFacts(version, pending)


@dataclass(frozen=True)
class Known:
    """What the device row held when the request was authenticated."""

    app_version: str | None
    pending_count: int | None
    last_seen_at: datetime | None


def known_facts(device: Device) -> Known:
    """The stored facts of a device, read before its request runs."""
    return Known(device.app_version, device.pending_count, device.last_seen_at)


def changes_to_store(known: Known, facts: DeviceFacts, now: datetime) -> dict[str, object]:
    """The device columns to update for this contact (empty when nothing is worth a write)."""
    values: dict[str, object] = {}
    if facts.app_version is not None and facts.app_version != known.app_version:
        values["app_version"] = facts.app_version
    if facts.pending_count is not None and (
        facts.pending_count != known.pending_count or _older(known.last_seen_at, now)
    ):
        values["pending_count"] = facts.pending_count
        values["pending_at"] = now
    if values or _older(known.last_seen_at, now):
        values["last_seen_at"] = now
    return values


def _older(moment: datetime | None, now: datetime) -> bool:
    if moment is None:
        return True
    if moment.tzinfo is None:  # SQLite gives naive UTC
        moment = moment.replace(tzinfo=now.tzinfo)
    return now - moment >= SEEN_EVERY


def store_facts(device_id: str, values: dict[str, object]) -> None:
    """Write the facts in a transaction of their own, after the request's work committed."""
    if not values:
        return
    db.session.execute(update(Device).where(Device.id == device_id).values(**values))
    db.session.commit()
