"""Properties of the merge: arrival order does not matter, nothing written is lost."""

from __future__ import annotations

import random
from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.merge import DELETED_FIELD, Conflict, FieldClock, Mutation, RecordState, merge

NAMES = ("a", "b", "c")
VALUES = ("x", "y", 0, 1, True, None)
INITIAL_HLC = "000000000000001-00000-server"


def same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


@st.composite
def initial_states(draw: st.DrawFn) -> RecordState:
    """A record as a device last saw it: fields written at versions up to the current one."""
    version = draw(st.integers(min_value=1, max_value=4))
    names = draw(st.lists(st.sampled_from(NAMES), unique=True))
    fields = {name: draw(st.sampled_from(VALUES)) for name in names}
    clocks = {
        name: FieldClock(draw(st.integers(1, version)), INITIAL_HLC, "user:0/device:0")
        for name in names
    }
    deleted = draw(st.booleans())
    if deleted:
        clocks[DELETED_FIELD] = FieldClock(version, INITIAL_HLC, "user:0/device:0")
    return RecordState(fields, clocks, version, deleted)


def mutation_bodies() -> st.SearchStrategy[tuple[str, dict[str, object]]]:
    fields = st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES), max_size=3)
    return st.one_of(
        st.tuples(st.just("upsert"), fields),
        st.tuples(st.just("delete"), st.just({})),
    )


@st.composite
def concurrent_cases(draw: st.DrawFn) -> tuple[RecordState, list[Mutation]]:
    """2 to 4 devices, one mutation each, all made offline from the same version."""
    state = draw(initial_states())
    count = draw(st.integers(min_value=2, max_value=4))
    walls = draw(st.lists(st.integers(2, 50), min_size=count, max_size=count, unique=True))
    mutations = []
    for device, wall in enumerate(walls, start=1):
        op, fields = draw(mutation_bodies())
        hlc = f"{wall:015d}-00000-d{device}"
        mutations.append(
            Mutation(op, state.version, hlc, fields, f"user:{device}/device:d{device}")
        )
    return state, mutations


def snapshot(state: RecordState | None, mutation: Mutation) -> tuple[object, ...]:
    """Copies of everything merge could mutate (the values drawn here are immutable)."""
    record = None
    if state is not None:
        record = (dict(state.fields), dict(state.clocks), state.version, state.deleted)
    return record, dict(mutation.fields)


def apply_all(state: RecordState, order: list[Mutation]) -> tuple[RecordState, list[Conflict]]:
    conflicts: list[Conflict] = []
    current: RecordState | None = state
    for mutation in order:
        before = snapshot(current, mutation)
        result = merge(current, mutation)
        assert snapshot(current, mutation) == before, "merge changed its inputs"
        assert result.status in ("applied", "merged", "conflict")
        conflicts.extend(result.conflicts)
        current = result.state
    assert current is not None
    return current, conflicts


def expected_values(state: RecordState, mutations: list[Mutation]) -> dict[str, object]:
    """Per field, the value of the write with the latest clock, or the initial one."""
    values = dict(state.fields)
    for mutation in sorted(mutations, key=lambda m: m.hlc):
        if mutation.op == "upsert":
            values.update(mutation.fields)
    return values


def assert_kept(final: RecordState, conflicts: list[Conflict], name: str, value: object) -> None:
    current = (not final.deleted) if name == DELETED_FIELD else final.fields.get(name)
    held = [
        c.kept_value if same(c.kept_value, value) else c.other_value
        for c in conflicts
        if c.field == name and (same(c.kept_value, value) or same(c.other_value, value))
    ]
    if name == DELETED_FIELD:
        assert final.deleted is True or held, "a delete vanished"
    else:
        assert same(current, value) or held, f"{name}={value!r} was lost"


@settings(max_examples=200, deadline=None)
@given(concurrent_cases())
def test_concurrent_mutations_end_the_same_in_any_order(
    case: tuple[RecordState, list[Mutation]],
) -> None:
    state, mutations = case
    upserts = [m for m in mutations if m.op == "upsert"]
    deletes = [m for m in mutations if m.op == "delete"]
    want_values = expected_values(state, mutations)
    want_deleted = False if upserts else (bool(deletes) or state.deleted)
    for order in permutations(mutations):
        final, conflicts = apply_all(state, list(order))
        assert final.fields == want_values
        assert all(same(final.fields[k], v) for k, v in want_values.items())
        assert final.deleted is want_deleted
        for mutation in upserts:
            for name, value in mutation.fields.items():
                assert_kept(final, conflicts, name, value)
        for _mutation in deletes:
            assert_kept(final, conflicts, DELETED_FIELD, True)


@st.composite
def offline_sessions(draw: st.DrawFn) -> tuple[RecordState, list[list[Mutation]]]:
    """2 or 3 devices, each with 1 to 3 mutations queued offline from the same version."""
    state = draw(initial_states())
    devices = draw(st.integers(min_value=2, max_value=3))
    sizes = [draw(st.integers(min_value=1, max_value=3)) for _ in range(devices)]
    walls = draw(
        st.lists(st.integers(2, 80), min_size=sum(sizes), max_size=sum(sizes), unique=True)
    )
    chains: list[list[Mutation]] = []
    start = 0
    for device, size in enumerate(sizes, start=1):
        chain = []
        for wall in sorted(walls[start : start + size]):
            op, fields = draw(mutation_bodies())
            hlc = f"{wall:015d}-00000-d{device}"
            chain.append(
                Mutation(op, state.version, hlc, fields, f"user:{device}/device:d{device}")
            )
        chains.append(chain)
        start += size
    return state, chains


def expected_deleted(state: RecordState, chains: list[list[Mutation]]) -> bool:
    """Add-wins: alive while some upsert was not followed by a delete on its own device."""
    upserts = [m for chain in chains for m in chain if m.op == "upsert"]
    removed = [
        upsert
        for chain in chains
        for index, upsert in enumerate(chain)
        if upsert.op == "upsert" and any(m.op == "delete" for m in chain[index + 1 :])
    ]
    if upserts:
        return len(removed) == len(upserts)
    return state.deleted or any(m.op == "delete" for chain in chains for m in chain)


@settings(max_examples=200, deadline=None)
@given(offline_sessions(), st.randoms(use_true_random=False))
def test_offline_sessions_agree_on_values_and_never_let_a_delete_beat_an_unseen_edit(
    session: tuple[RecordState, list[list[Mutation]]], rnd: random.Random
) -> None:
    """Values never depend on the interleaving. Deletion errs on the side of keeping the record.

    Add-wins deletion would need one marker per author; where the record's clocks cannot tell
    whether a delete saw every edit, the record stays alive and the delete becomes a conflict.
    """
    state, chains = session
    all_mutations = [m for chain in chains for m in chain]
    want_values = expected_values(state, all_mutations)
    want_deleted = expected_deleted(state, chains)
    for _ in range(4):
        queues = [list(chain) for chain in chains]
        order = []
        while any(queues):
            queue = rnd.choice([q for q in queues if q])
            order.append(queue.pop(0))
        final, conflicts = apply_all(state, order)
        assert final.fields == want_values
        assert all(same(final.fields[k], v) for k, v in want_values.items())
        if not want_deleted:
            assert final.deleted is False, "a delete won over an edit it had not seen"
        elif not final.deleted:
            assert any(c.field == DELETED_FIELD for c in conflicts), "a delete vanished"
        for chain in chains:
            last_values: dict[str, object] = {}
            for mutation in chain:
                last_values.update(mutation.fields)
            for name, value in last_values.items():
                assert_kept(final, conflicts, name, value)
