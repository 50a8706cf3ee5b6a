"""The opaque, versioned, signed pull cursor: where a device stands in the snapshot or the log.

The server signs every cursor it hands out (HMAC-SHA256 with a key bound to the device), so a
device can neither forge a position nor use another device's cursor. The key comes in as bytes:
this module never reads configuration.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sync.errors import ProtocolError

CURSOR_VERSION = 2
SNAPSHOT = "snapshot"
LOG = "log"
MODES = frozenset({SNAPSHOT, LOG})
MAX_CURSOR_LENGTH = 1024
MAX_TEXT_LENGTH = 64
MAX_POSITION = 2**63 - 1  # a PostgreSQL bigint

INVALID_CURSOR_CODE = "invalid_cursor"
INVALID_CURSOR_MESSAGE = "Curseur de synchronisation invalide."

_BASE64URL_RE = re.compile(r"[A-Za-z0-9_-]+")
_PRINTABLE_RE = re.compile(r"[ -~]*")
_SEPARATOR = "."
_MAC_LENGTH = 43  # 32 bytes of HMAC-SHA256 in unpadded base64url
_KEY_CONTEXT = b"palier/pull-cursor/v2\x00"
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
    # printable ASCII only (ids and fingerprints are): the cursor's length then has a small bound
    return (
        type(value) is str
        and len(value) <= MAX_TEXT_LENGTH
        and _PRINTABLE_RE.fullmatch(value) is not None
    )


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


def derive_cursor_key(secret: bytes, device_id: str) -> bytes:
    """The key that signs one device's cursors, derived from the server's secret."""
    if not secret:
        raise ValueError("an empty secret cannot sign cursors")
    return hmac.new(secret, _KEY_CONTEXT + device_id.encode("utf-8"), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _mac(payload: str, key: bytes) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def encode_cursor(c: Cursor, key: bytes) -> str:
    """`<base64url JSON>.<base64url HMAC-SHA256>`, signed with `key`; ValueError if out of range."""
    if not key:
        raise ValueError("a cursor needs a signing key")
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
    body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
    return body + _SEPARATOR + _mac(body, key)


def decode_cursor(text: str, key: bytes) -> Cursor:
    """Read a cursor signed with `key`; ProtocolError("invalid_cursor") for anything else."""
    if not key or not isinstance(text, str) or len(text) > MAX_CURSOR_LENGTH:
        raise _invalid()
    body, _, mac = text.partition(_SEPARATOR)
    if (
        len(mac) != _MAC_LENGTH
        or _BASE64URL_RE.fullmatch(body) is None
        or _BASE64URL_RE.fullmatch(mac) is None
        # compared in constant time, before anything of the payload is read
        or not hmac.compare_digest(mac, _mac(body, key))
    ):
        raise _invalid()
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
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
