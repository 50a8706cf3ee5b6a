"""The per-field merge, scenario by scenario, with literal expected states."""

from __future__ import annotations

import pytest

from sync.merge import (
    CONTESTED_FIELD,
    DELETED_FIELD,
    Conflict,
    FieldClock,
    MergeResult,
    Mutation,
    RecordState,
    merge,
)

A = "user:1/device:tablette-a"
B = "user:2/device:phone-b"
S = "user:9/backoffice"
H0 = "001764150000000-00000-server"
H1 = "001764150100000-00000-a"
H2 = "001764150200000-00000-b"
H3 = "001764150300000-00000-a"
H4 = "001764150400000-00000-b"

FROZEN = (
    "Cet enregistrement est verrouillé (signé ou validé) : il ne peut plus être modifié ni "
    "supprimé. Pour le compléter, créez un avenant ou une correction."
)


def visite(version: int = 1, deleted: bool = False) -> RecordState:
    """A visite created at version 1 by the back office, with two fields."""
    clocks = {"observations": FieldClock(1, H0, S), "etat": FieldClock(1, H0, S)}
    if deleted:
        clocks[DELETED_FIELD] = FieldClock(version, H0, S)
    return RecordState({"observations": "RAS", "etat": "bon"}, clocks, version, deleted)


def up(base: int | None, hlc: str, author: str, **fields: object) -> Mutation:
    return Mutation("upsert", base, hlc, dict(fields), author)


def rm(base: int | None, hlc: str, author: str) -> Mutation:
    return Mutation("delete", base, hlc, {}, author)


def test_upsert_creates_a_missing_record_at_version_1() -> None:
    result = merge(None, up(None, H1, A, observations="Fuite", etat="moyen"))
    assert result == MergeResult(
        "applied",
        RecordState(
            {"observations": "Fuite", "etat": "moyen"},
            {"observations": FieldClock(1, H1, A), "etat": FieldClock(1, H1, A)},
            1,
        ),
        ["observations", "etat"],
        [],
    )


def test_upsert_without_fields_creates_a_record_with_a_life_clock() -> None:
    result = merge(None, up(None, H1, A))
    assert result.state == RecordState({}, {DELETED_FIELD: FieldClock(1, H1, A)}, 1)


def test_delete_of_a_missing_record_has_nothing_to_do() -> None:
    assert merge(None, rm(3, H1, A)) == MergeResult("applied", None, [], [])


def test_upsert_on_the_current_version_is_applied() -> None:
    result = merge(visite(), up(1, H1, A, observations="Fuite"))
    assert result == MergeResult(
        "applied",
        RecordState(
            {"observations": "Fuite", "etat": "bon"},
            {"observations": FieldClock(2, H1, A), "etat": FieldClock(1, H0, S)},
            2,
        ),
        ["observations"],
        [],
    )


def test_a_new_field_is_added() -> None:
    result = merge(visite(), up(1, H1, A, photos=["abc"]))
    assert result.state is not None
    assert result.state.fields == {"observations": "RAS", "etat": "bon", "photos": ["abc"]}
    assert result.state.clocks["photos"] == FieldClock(2, H1, A)


def test_disjoint_concurrent_edits_merge() -> None:
    first = merge(visite(), up(1, H2, B, etat="mauvais"))
    result = merge(first.state, up(1, H1, A, observations="Fuite"))
    assert result == MergeResult(
        "merged",
        RecordState(
            {"observations": "Fuite", "etat": "mauvais"},
            {"observations": FieldClock(3, H1, A), "etat": FieldClock(2, H2, B)},
            3,
        ),
        ["observations"],
        [],
    )


def test_conflict_the_later_clock_arriving_second_takes_the_field() -> None:
    first = merge(visite(), up(1, H1, A, etat="moyen"))
    result = merge(first.state, up(1, H2, B, etat="mauvais"))
    assert result == MergeResult(
        "conflict",
        RecordState(
            {"observations": "RAS", "etat": "mauvais"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(3, H2, B),
                CONTESTED_FIELD: FieldClock(3, H2, B),
            },
            3,
        ),
        ["etat"],
        [Conflict("etat", "mauvais", "moyen", FieldClock(3, H2, B), FieldClock(2, H1, A))],
    )


def test_conflict_the_earlier_clock_arriving_second_is_kept_aside() -> None:
    first = merge(visite(), up(1, H2, B, etat="mauvais"))
    result = merge(first.state, up(1, H1, A, etat="moyen"))
    assert result == MergeResult(
        "conflict",
        RecordState(
            {"observations": "RAS", "etat": "mauvais"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(2, H2, B),
                CONTESTED_FIELD: FieldClock(3, H1, A),
            },
            3,
        ),
        [],
        [Conflict("etat", "mauvais", "moyen", FieldClock(2, H2, B), FieldClock(3, H1, A))],
    )


def test_equal_concurrent_values_are_no_conflict_and_keep_the_later_clock() -> None:
    first = merge(visite(), up(1, H1, A, etat="moyen"))
    result = merge(first.state, up(1, H2, B, etat="moyen"))
    assert result == MergeResult(
        "merged",
        RecordState(
            {"observations": "RAS", "etat": "moyen"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(2, H2, B),
                CONTESTED_FIELD: FieldClock(2, H2, B),
            },
            2,
        ),
        [],
        [],
    )


def test_a_field_rewritten_with_its_current_value_is_still_a_write() -> None:
    result = merge(visite(), up(1, H1, A, etat="bon"))
    assert result.status == "applied"
    assert result.applied_fields == ["etat"]
    assert result.state == RecordState(
        {"observations": "RAS", "etat": "bon"},
        {"observations": FieldClock(1, H0, S), "etat": FieldClock(2, H1, A)},
        2,
    )


def test_a_replayed_mutation_changes_nothing() -> None:
    mutation = up(1, H1, A, etat="moyen")
    first = merge(visite(), mutation)
    again = merge(first.state, mutation)
    assert again.state is first.state
    assert (again.applied_fields, again.conflicts) == ([], [])


def test_values_of_different_json_types_conflict() -> None:
    first = merge(RecordState({"n": 1}, {"n": FieldClock(1, H0, S)}, 1), up(1, H1, A, n=2))
    result = merge(first.state, up(1, H2, B, n=True))
    assert result.conflicts == [Conflict("n", True, 2, FieldClock(3, H2, B), FieldClock(2, H1, A))]


def test_null_base_on_an_existing_record_counts_as_base_0() -> None:
    result = merge(visite(), up(None, H1, A, etat="moyen"))
    assert result.conflicts == [
        Conflict("etat", "moyen", "bon", FieldClock(2, H1, A), FieldClock(1, H0, S))
    ]


def test_successive_offline_edits_of_one_device_do_not_conflict() -> None:
    first = merge(visite(3), up(3, H1, A, etat="moyen"))
    result = merge(first.state, up(3, H3, A, etat="mauvais", observations="Fuite"))
    assert result == MergeResult(
        "applied",
        RecordState(
            {"observations": "Fuite", "etat": "mauvais"},
            {"observations": FieldClock(5, H3, A), "etat": FieldClock(5, H3, A)},
            5,
        ),
        ["etat", "observations"],
        [],
    )


def test_a_device_edit_after_a_contest_since_its_base_is_compared() -> None:
    first = merge(visite(), up(1, H1, A, etat="moyen"))
    second = merge(first.state, up(1, H2, B, etat="moyen"))
    result = merge(second.state, up(1, H3, A, etat="mauvais"))
    assert result.conflicts == [
        Conflict("etat", "mauvais", "moyen", FieldClock(3, H3, A), FieldClock(2, H2, B))
    ]


def test_delete_sets_the_tombstone_and_keeps_the_values() -> None:
    result = merge(visite(), rm(1, H1, A))
    assert result == MergeResult(
        "applied",
        RecordState(
            {"observations": "RAS", "etat": "bon"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(1, H0, S),
                DELETED_FIELD: FieldClock(2, H1, A),
            },
            2,
            deleted=True,
        ),
        [DELETED_FIELD],
        [],
    )


def test_a_delete_racing_an_edit_keeps_the_record_alive() -> None:
    first = merge(visite(), up(1, H1, A, etat="moyen"))
    result = merge(first.state, rm(1, H2, B))
    assert result == MergeResult(
        "conflict",
        RecordState(
            {"observations": "RAS", "etat": "moyen"},
            {"observations": FieldClock(1, H0, S), "etat": FieldClock(2, H1, A)},
            3,
        ),
        [],
        [Conflict(DELETED_FIELD, False, True, FieldClock(2, H1, A), FieldClock(3, H2, B))],
    )


def test_an_edit_racing_a_delete_resurrects_the_record() -> None:
    first = merge(visite(), rm(1, H2, B))
    result = merge(first.state, up(1, H1, A, etat="moyen"))
    assert result == MergeResult(
        "conflict",
        RecordState(
            {"observations": "RAS", "etat": "moyen"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(3, H1, A),
                DELETED_FIELD: FieldClock(3, H1, A),
            },
            3,
        ),
        [DELETED_FIELD, "etat"],
        [Conflict(DELETED_FIELD, False, True, FieldClock(3, H1, A), FieldClock(2, H2, B))],
    )


def test_an_edit_after_a_deletion_the_device_saw_restores_without_conflict() -> None:
    result = merge(visite(2, deleted=True), up(2, H1, A, etat="moyen"))
    assert result == MergeResult(
        "applied",
        RecordState(
            {"observations": "RAS", "etat": "moyen"},
            {
                "observations": FieldClock(1, H0, S),
                "etat": FieldClock(3, H1, A),
                DELETED_FIELD: FieldClock(3, H1, A),
            },
            3,
        ),
        [DELETED_FIELD, "etat"],
        [],
    )


def test_a_record_created_and_deleted_offline_by_one_device_ends_deleted() -> None:
    first = merge(None, up(None, H1, A, etat="bon"))
    result = merge(first.state, rm(None, H3, A))
    assert result.status == "applied"
    assert result.state is not None
    assert (result.state.deleted, result.state.version) == (True, 2)


def test_concurrent_deletes_agree_and_keep_the_later_clock() -> None:
    first = merge(visite(), rm(1, H1, A))
    result = merge(first.state, rm(1, H2, B))
    assert result.status == "merged"
    assert result.state is not None
    assert (result.state.deleted, result.state.version) == (True, 2)
    assert result.state.clocks[DELETED_FIELD] == FieldClock(2, H2, B)


def test_an_empty_upsert_keeps_a_record_alive_against_a_concurrent_delete() -> None:
    first = merge(visite(), up(1, H1, A))
    assert first.state is not None
    assert first.state.clocks[DELETED_FIELD] == FieldClock(2, H1, A)
    result = merge(first.state, rm(1, H2, B))
    assert result.status == "conflict"
    assert result.state is not None and result.state.deleted is False


def test_a_frozen_record_refuses_every_change() -> None:
    current = visite()
    current.frozen = True
    for mutation in (up(1, H1, A, etat="moyen"), up(1, H1, A, etat="bon"), rm(1, H1, A)):
        result = merge(current, mutation)
        assert result == MergeResult("rejected", current, [], [], "record_frozen", FROZEN)


def test_append_only_allows_creation() -> None:
    result = merge(None, up(None, H1, A, texte="Entretien"), append_only=True)
    assert result.status == "applied"
    assert result.state == RecordState({"texte": "Entretien"}, {"texte": FieldClock(1, H1, A)}, 1)


def test_append_only_accepts_an_identical_retry_without_change() -> None:
    current = RecordState({"texte": "Entretien"}, {"texte": FieldClock(1, H1, A)}, 1)
    result = merge(current, up(1, H3, A, texte="Entretien"), append_only=True)
    assert result == MergeResult("applied", current, [], [])


@pytest.mark.parametrize(
    "mutation",
    [
        up(1, H3, A, texte="Autre chose"),
        up(1, H3, A, texte="Entretien", ajout="x"),
        rm(1, H3, A),
    ],
)
def test_append_only_refuses_changes_and_deletes(mutation: Mutation) -> None:
    current = RecordState({"texte": "Entretien"}, {"texte": FieldClock(1, H1, A)}, 1)
    result = merge(current, mutation, append_only=True)
    assert result == MergeResult("rejected", current, [], [], "record_frozen", FROZEN)


@pytest.mark.parametrize("name", [DELETED_FIELD, CONTESTED_FIELD])
def test_reserved_field_names_are_refused(name: str) -> None:
    result = merge(visite(), up(1, H1, A, **{name: True}))
    assert (result.status, result.error_code, result.error_message) == (
        "rejected",
        "reserved_field",
        "Les noms de champ commençant par « _ » sont réservés à la synchronisation.",
    )


def test_an_unknown_op_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        merge(visite(), Mutation("patch", 1, H1, {}, A))


def test_merge_leaves_its_inputs_alone() -> None:
    current = visite()
    fields = {"etat": "moyen", "photos": ["p1"]}
    mutation = Mutation("upsert", 1, H1, fields, A)
    result = merge(current, mutation)
    assert current == visite()
    assert fields == {"etat": "moyen", "photos": ["p1"]}
    assert result.state is not None
    assert result.state.fields is not current.fields
    assert result.state.fields is not fields
    assert result.state.clocks is not current.clocks
