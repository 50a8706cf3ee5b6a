"""Hybrid logical clock: a total order of events across devices whose clocks disagree.

A reading is written "<wall ms, 15 digits>-<counter, 5 digits>-<node id>", zero-padded, so plain
string order is clock order and the node id breaks ties.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sync.errors import ProtocolError

MAX_WALL_MS = 999_999_999_999_999
MAX_COUNTER = 99_999
# Readings pushed by devices are capped at the end of year 9999 (UTC): a device clock that far
# off is still folded, and the ~24 000 years left before MAX_WALL_MS mean that counter overflow
# can never push a clock past what 15 digits can hold.
MAX_REMOTE_WALL_MS = 253_402_300_799_999

_NODE = r"[A-Za-z0-9_-]{1,64}"
_HLC_RE = re.compile(rf"([0-9]{{15}})-([0-9]{{5}})-({_NODE})")
_NODE_RE = re.compile(_NODE)

INVALID_HLC_CODE = "invalid_hlc"
INVALID_HLC_MESSAGE = "Horloge de synchronisation invalide."


class Hlc(NamedTuple):
    """One clock reading; tuple order is clock order."""

    wall_ms: int
    counter: int
    node: str


def parse_hlc(text: str) -> Hlc:
    """Read a clock string; ProtocolError("invalid_hlc") when it is not one."""
    match = _HLC_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ProtocolError(INVALID_HLC_CODE, INVALID_HLC_MESSAGE)
    return Hlc(int(match[1]), int(match[2]), match[3])


def is_valid_remote_hlc(text: object) -> bool:
    """Whether a device may send this clock string: well formed and not past year 9999."""
    if type(text) is not str:
        return False
    match = _HLC_RE.fullmatch(text)
    return match is not None and int(match[1]) <= MAX_REMOTE_WALL_MS


def format_hlc(h: Hlc) -> str:
    """Write a clock reading; ValueError when it cannot be written in the fixed-width format."""
    wall_ms, counter, node = h
    if not 0 <= wall_ms <= MAX_WALL_MS or not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"clock reading out of range: {h!r}")
    if not isinstance(node, str) or _NODE_RE.fullmatch(node) is None:
        raise ValueError(f"invalid clock node id: {node!r}")
    return f"{wall_ms:015d}-{counter:05d}-{node}"


def _carry(wall_ms: int, counter: int, node: str) -> Hlc:
    if counter > MAX_COUNTER:
        return Hlc(wall_ms + 1, 0, node)
    return Hlc(wall_ms, counter, node)


def tick(last: Hlc | None, wall_ms: int, node: str) -> Hlc:
    """The reading for a local or send event: later than `last`, close to the physical clock."""
    if last is None or wall_ms > last.wall_ms:
        return Hlc(wall_ms, 0, node)
    return _carry(last.wall_ms, last.counter + 1, node)


def receive(last: Hlc | None, remote: Hlc, wall_ms: int, node: str) -> Hlc:
    """Fold a received reading in: the result is later than both `last` and `remote`."""
    if last is None:
        if wall_ms > remote.wall_ms:
            return Hlc(wall_ms, 0, node)
        return _carry(remote.wall_ms, remote.counter + 1, node)
    wall = max(last.wall_ms, remote.wall_ms, wall_ms)
    if wall == last.wall_ms == remote.wall_ms:
        counter = max(last.counter, remote.counter) + 1
    elif wall == last.wall_ms:
        counter = last.counter + 1
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return _carry(wall, counter, node)
