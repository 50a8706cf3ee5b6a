"""The opaque, versioned pull cursor: where a device stands in the snapshot or the change log."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sync.errors import ProtocolError

CURSOR_VERSION = 1
SNAPSHOT = "snapshot"
LOG = "log"
MODES = frozenset({SNAPSHOT, LOG})
MAX_CURSOR_LENGTH = 1024
MAX_TEXT_LENGTH = 64
MAX_POSITION = 2**63 - 1  # a PostgreSQL bigint

INVALID_CURSOR_CODE = "invalid_cursor"
INVALID_CURSOR_MESSAGE = "Curseur de synchronisation invalide."

_BASE64URL_RE = re.compile(r"[A-Za-z0-9_-]*")
# Short JSON keys keep the cursor short in query strings.
_KEYS = ("v", "m", "x", "s", "sc", "e", "r", "hx", "hs")
_KEY_SET = frozenset(_KEYS)


@dataclass(slots=True, frozen=True)
class Cursor:
    """A pull position: (xid, seq) of the last change delivered, or a page of the snapshot."""

    mode: str
    xid: int
    seq: int
    scope: str
    entity: int = 0
    record: str = ""
    horizon_xid: int = 0
    horizon_seq: int = 0


def _is_position(value: Any) -> bool:
    return type(value) is int and 0 <= value <= MAX_POSITION


def _is_text(value: Any) -> bool:
    return type(value) is str and len(value) <= MAX_TEXT_LENGTH


def _is_valid(c: Cursor) -> bool:
    return (
        type(c.mode) is str
        and c.mode in MODES
        and _is_position(c.xid)
        and _is_position(c.seq)
        and _is_text(c.scope)
        and _is_position(c.entity)
        and _is_text(c.record)
        and _is_position(c.horizon_xid)
        and _is_position(c.horizon_seq)
    )


def encode_cursor(c: Cursor) -> str:
    """The cursor as url-safe base64 (no padding) of compact JSON; ValueError if out of range."""
    if not _is_valid(c):
        raise ValueError(f"cursor out of range: {c!r}")
    payload = {
        "v": CURSOR_VERSION,
        "m": c.mode,
        "x": c.xid,
        "s": c.seq,
        "sc": c.scope,
        "e": c.entity,
        "r": c.record,
        "hx": c.horizon_xid,
        "hs": c.horizon_seq,
    }
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(text: str) -> Cursor:
    """Read a cursor; ProtocolError("invalid_cursor") for anything this version did not write."""
    if (
        not isinstance(text, str)
        or len(text) > MAX_CURSOR_LENGTH
        or _BASE64URL_RE.fullmatch(text) is None
    ):
        raise _invalid()
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        raise _invalid() from None
    if type(data) is not dict or data.keys() != _KEY_SET:
        raise _invalid()
    version = data["v"]
    if type(version) is not int or version != CURSOR_VERSION:
        raise _invalid()
    cursor = Cursor(
        mode=data["m"],
        xid=data["x"],
        seq=data["s"],
        scope=data["sc"],
        entity=data["e"],
        record=data["r"],
        horizon_xid=data["hx"],
        horizon_seq=data["hs"],
    )
    if not _is_valid(cursor):
        raise _invalid()
    return cursor


def _invalid() -> ProtocolError:
    return ProtocolError(INVALID_CURSOR_CODE, INVALID_CURSOR_MESSAGE)


def scope_fingerprint(residence_ids: Iterable[str]) -> str:
    """A short fingerprint of a scope (a set of residence ids), independent of their order."""
    joined = "\n".join(sorted({str(rid) for rid in residence_ids}))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
