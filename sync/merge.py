"""Per-field merge of one mutation into one record (DESIGN.md §4, "Merge").

Decisions beyond the design, each needed for the merge to be independent of arrival order:

- A field present in an upsert is a write (devices send only the fields they changed): taken over
  a field unchanged since `base`, it gets the new clock and bumps the version even when the value
  is equal. A later concurrent write must see it, or the result would depend on arrival order.
- An upsert with no fields writes the pseudo-field DELETED_FIELD (False): it asserts the record
  exists, so a concurrent delete sees it.
- The version bumps when a value or the deletion flag is written, and when a conflict is recorded
  (so the change log carries the record back to the device whose value lost). Equal values
  written concurrently only move the clock to the later HLC, without a new version.
- A field last written by the same author at an earlier HLC counts as seen: a device's second
  offline edit of a record carries the same `base` as its first, and must neither conflict with
  it nor fail to delete a record it created offline. The pseudo-field CONTESTED_FIELD remembers
  the last version where one author's write absorbed another's, so that this shortcut is never
  used where it could hide that other author's write.
- An edit beats a concurrent delete whatever the HLCs: the record stays alive and the delete
  becomes a conflict on DELETED_FIELD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DELETED_FIELD = "_deleted"
CONTESTED_FIELD = "_contested"
RESERVED_FIELDS = frozenset({DELETED_FIELD, CONTESTED_FIELD})

UPSERT = "upsert"
DELETE = "delete"
APPLIED = "applied"
MERGED = "merged"
CONFLICT = "conflict"
REJECTED = "rejected"

FROZEN_CODE = "record_frozen"
FROZEN_MESSAGE = (
    "Cet enregistrement est verrouillé (signé ou validé) : il ne peut plus être modifié ni "
    "supprimé. Pour le compléter, créez un avenant ou une correction."
)
RESERVED_CODE = "reserved_field"
RESERVED_MESSAGE = "Les noms de champ commençant par « _ » sont réservés à la synchronisation."


@dataclass(slots=True, frozen=True)
class FieldClock:
    """When a field was last written: record version, HLC and author."""

    version: int
    hlc: str
    author: str


@dataclass(slots=True)
class RecordState:
    """A record as the merge sees it: values, per-field clocks, version and flags."""

    fields: dict[str, Any]
    clocks: dict[str, FieldClock]
    version: int
    deleted: bool = False
    frozen: bool = False


@dataclass(slots=True, frozen=True)
class Mutation:
    """One change from a device or the back office, as the merge needs it."""

    op: str
    base: int | None
    hlc: str
    fields: dict[str, Any]
    author: str


@dataclass(slots=True, frozen=True)
class Conflict:
    """A field written on two sides: the value kept current and the other one, with clocks."""

    field: str
    kept_value: Any
    other_value: Any
    kept_clock: FieldClock
    other_clock: FieldClock


@dataclass(slots=True)
class MergeResult:
    """The decision: status, new state (`current` itself when nothing changed), what happened."""

    status: str
    state: RecordState | None
    applied_fields: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None


def merge(
    current: RecordState | None, mutation: Mutation, *, append_only: bool = False
) -> MergeResult:
    """Merge one mutation into one record; never mutates its inputs."""
    op = mutation.op
    if op != UPSERT and op != DELETE:
        raise ValueError(f"unknown op: {op!r}")
    fields = mutation.fields
    if DELETED_FIELD in fields or CONTESTED_FIELD in fields:
        return _reject(current, RESERVED_CODE, RESERVED_MESSAGE)
    if append_only and op == DELETE:
        return _reject(current, FROZEN_CODE, FROZEN_MESSAGE)
    if current is None:
        if op == DELETE:
            return MergeResult(APPLIED, None, [], [])
        return _create(mutation)
    if current.frozen:
        return _reject(current, FROZEN_CODE, FROZEN_MESSAGE)
    if append_only:
        if current.deleted or not _all_equal(current.fields, fields):
            return _reject(current, FROZEN_CODE, FROZEN_MESSAGE)
        return MergeResult(APPLIED, current, [], [])
    base = mutation.base or 0
    if op == DELETE:
        return _delete(current, mutation, base)
    return _upsert(current, mutation, base)


def _same(a: Any, b: Any) -> bool:
    # Same JSON type as well as equal: True == 1 in Python, not for the user who typed it.
    return a is b or (type(a) is type(b) and a == b)


def _all_equal(values: dict[str, Any], fields: dict[str, Any]) -> bool:
    missing = object()
    return all(_same(values.get(name, missing), value) for name, value in fields.items())


def _reject(current: RecordState | None, code: str, message: str) -> MergeResult:
    return MergeResult(REJECTED, current, [], [], code, message)


def _create(mutation: Mutation) -> MergeResult:
    clock = FieldClock(1, mutation.hlc, mutation.author)
    if mutation.fields:
        values = dict(mutation.fields)
        clocks = dict.fromkeys(values, clock)
    else:
        values = {}
        clocks = {DELETED_FIELD: clock}
    return MergeResult(APPLIED, RecordState(values, clocks, 1), list(clocks), [])


def _seen(clock: FieldClock, base: int, hlc: str, author: str, own_ok: bool) -> bool:
    """Whether the mutation had seen this write: within its base, or its own author's earlier."""
    return clock.version <= base or (own_ok and clock.author == author and clock.hlc < hlc)


def _contested(clocks: dict[str, FieldClock], base: int) -> bool:
    marker = clocks.get(CONTESTED_FIELD)
    return marker is not None and marker.version > base


def _latest_unseen(
    clocks: dict[str, FieldClock], base: int, hlc: str, author: str, own_ok: bool
) -> FieldClock | None:
    """The latest clock written since `base` by a write the mutation had not seen, if any."""
    latest = None
    for clock in clocks.values():
        if _seen(clock, base, hlc, author, own_ok):
            continue
        if latest is None or clock.hlc > latest.hlc:
            latest = clock
    return latest


def _status(
    current: RecordState, mutation: Mutation, base: int, own_ok: bool, conflicts: list[Conflict]
) -> str:
    if conflicts:
        return CONFLICT
    if base >= current.version:
        return APPLIED
    unseen = _latest_unseen(current.clocks, base, mutation.hlc, mutation.author, own_ok)
    return APPLIED if unseen is None else MERGED


def _upsert(current: RecordState, mutation: Mutation, base: int) -> MergeResult:
    hlc = mutation.hlc
    author = mutation.author
    clocks = dict(current.clocks)
    values = dict(current.fields)
    own_ok = not _contested(clocks, base)
    new_clock = FieldClock(current.version + 1, hlc, author)
    applied: list[str] = []
    conflicts: list[Conflict] = []
    bumped = touched = masked = False

    if current.deleted or not mutation.fields:
        clock = clocks.get(DELETED_FIELD)
        if clock is None or _seen(clock, base, hlc, author, own_ok):
            clocks[DELETED_FIELD] = new_clock
            applied.append(DELETED_FIELD)
            bumped = True
        elif current.deleted:
            # Deleted after base by a write this device had not seen: the edit resurrects it.
            clocks[DELETED_FIELD] = new_clock
            applied.append(DELETED_FIELD)
            conflicts.append(Conflict(DELETED_FIELD, False, True, new_clock, clock))
            bumped = True
        elif clock.author != author:
            if hlc > clock.hlc:
                clocks[DELETED_FIELD] = FieldClock(clock.version, hlc, author)
            touched = masked = True

    for name, value in mutation.fields.items():
        clock = clocks.get(name)
        # _seen() inlined: this loop runs for every field of every mutation.
        if (
            clock is None
            or clock.version <= base
            or (own_ok and clock.author == author and clock.hlc < hlc)
        ):
            values[name] = value
            clocks[name] = new_clock
            applied.append(name)
            bumped = True
            continue
        kept = values.get(name)
        if kept is value or (type(kept) is type(value) and kept == value):
            if hlc > clock.hlc:
                clocks[name] = FieldClock(clock.version, hlc, author)
                touched = True
            if clock.author != author:
                touched = masked = True
            continue
        bumped = masked = True
        if hlc > clock.hlc:
            values[name] = value
            clocks[name] = new_clock
            applied.append(name)
            conflicts.append(Conflict(name, value, kept, new_clock, clock))
        else:
            conflicts.append(Conflict(name, kept, value, clock, new_clock))

    status = _status(current, mutation, base, own_ok, conflicts)
    if not (bumped or touched):
        return MergeResult(status, current, applied, conflicts)
    version = new_clock.version if bumped else current.version
    if masked:
        clocks[CONTESTED_FIELD] = new_clock if bumped else FieldClock(version, hlc, author)
    state = RecordState(values, clocks, version, False, current.frozen)
    return MergeResult(status, state, applied, conflicts)


def _delete(current: RecordState, mutation: Mutation, base: int) -> MergeResult:
    hlc = mutation.hlc
    author = mutation.author
    own_ok = not _contested(current.clocks, base)
    new_clock = FieldClock(current.version + 1, hlc, author)
    values = dict(current.fields)
    clocks = dict(current.clocks)

    if not current.deleted:
        racing = _latest_unseen(clocks, base, hlc, author, own_ok)
        if racing is not None:
            # An edit this device had not seen wins over its delete, whatever the HLCs.
            conflict = Conflict(DELETED_FIELD, False, True, racing, new_clock)
            state = RecordState(values, clocks, new_clock.version, False, current.frozen)
            return MergeResult(CONFLICT, state, [], [conflict])
        clocks[DELETED_FIELD] = new_clock
        state = RecordState(values, clocks, new_clock.version, True, current.frozen)
        return MergeResult(APPLIED, state, [DELETED_FIELD], [])

    status = _status(current, mutation, base, own_ok, [])
    clock = clocks.get(DELETED_FIELD)
    if clock is None or _seen(clock, base, hlc, author, own_ok):
        clocks[DELETED_FIELD] = new_clock
        state = RecordState(values, clocks, new_clock.version, True, current.frozen)
        return MergeResult(status, state, [DELETED_FIELD], [])
    if hlc > clock.hlc:
        # Deleted concurrently by another author: equal values, so only the clock moves on.
        clocks[DELETED_FIELD] = FieldClock(clock.version, hlc, author)
        state = RecordState(values, clocks, current.version, True, current.frozen)
        return MergeResult(status, state, [], [])
    return MergeResult(status, current, [], [])
