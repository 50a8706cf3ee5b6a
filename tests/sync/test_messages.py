"""Shapes of the protocol's messages: push bodies, pull arguments, push results."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sync.cursor import Cursor, derive_cursor_key
from sync.errors import ProtocolError
from sync.messages import (
    MutationResult,
    PushMutation,
    PushRequest,
    parse_pull_args,
    parse_push,
    result_to_json,
)

MID = "0192f0c4-7b1e-7a44-9c55-2f6d3e8a9b10"
MID2 = "0192f0c4-7b1e-7a44-9c55-2f6d3e8a9b11"
RID = "0192f0c3-0000-7000-8000-00000000abcd"
HLC = "001764150000000-00003-0192f0c4-device"
SEQ = "Entier supérieur ou égal à 1 attendu."
ENTITY = "Nom d'entité invalide : lettres minuscules et « _ » seulement."
BASE = "Version attendue : entier positif ou nul, ou null."
NAMES = "Noms de champ invalides : texte de 1 à 64 caractères, sans « _ » initial."
KEY = derive_cursor_key(b"secret-de-test", "0192f0c4-0000-7000-8000-00000000000a")
LOG_TEXT = (
    "eyJ2IjoyLCJtIjoibG9nIiwieCI6ODEyLCJzIjo0MDIxMSwic2MiOiI4NDM0YzM3NjAxOGU0OTJmIiwiZSI6MCwiciI6"
    "IiIsImh4IjowLCJocyI6MH0.ogYVn8_p_cR2r2Vn7O84ZvRz27za7Y-qnUXaIRbwTMs"
)


def mutation(**changes: Any) -> dict[str, Any]:
    """A well-formed upsert, changed by keyword (None as a value removes the key)."""
    body: dict[str, Any] = {
        "seq": 41,
        "id": MID,
        "entity": "visite",
        "record": RID,
        "op": "upsert",
        "base": 3,
        "hlc": HLC,
        "fields": {"observations": "Fuite sous l'évier"},
    }
    for key, value in changes.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    return body


def push_error(body: Any) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_push(body)
    return caught.value


def test_parse_push_reads_a_batch() -> None:
    second = mutation(seq=42, id=MID2.upper(), record=RID.upper(), op="delete", fields={})
    second["base"] = None
    request = parse_push({"schema": 1, "mutations": [mutation(), second]})
    assert request == PushRequest(
        1,
        [
            PushMutation(
                41, MID, "visite", RID, "upsert", 3, HLC, {"observations": "Fuite sous l'évier"}
            ),
            PushMutation(42, MID2, "visite", RID, "delete", None, HLC, {}),
        ],
    )


def test_parse_push_accepts_an_empty_batch_and_a_delete_without_fields() -> None:
    assert parse_push({"schema": 1, "mutations": []}) == PushRequest(1, [])
    request = parse_push({"schema": 1, "mutations": [mutation(op="delete", fields=None)]})
    assert request.mutations[0].fields == {}


@pytest.mark.parametrize(
    "body", [None, [], "x", {"mutations": []}, {"schema": 1}, {"schema": 1, "mutations": {}}]
)
def test_parse_push_refuses_a_body_of_the_wrong_shape(body: Any) -> None:
    err = push_error(body)
    assert (err.code, err.status, err.message) == (
        "invalid_body",
        400,
        "Requête de synchronisation invalide.",
    )


def test_parse_push_names_a_bad_schema() -> None:
    err = push_error({"schema": "1", "mutations": []})
    assert (err.code, err.fields) == ("invalid_body", {"schema": ["Entier attendu."]})


def test_an_old_schema_must_upgrade() -> None:
    err = push_error({"schema": 0, "mutations": []})
    assert (err.code, err.status, err.message) == (
        "upgrade_required",
        426,
        "Cette version de l'application est trop ancienne pour se synchroniser : mettez-la à jour.",
    )


def test_a_schema_from_the_future_is_unsupported() -> None:
    err = push_error({"schema": 2, "mutations": []})
    assert (err.code, err.status) == ("unsupported_schema", 400)


def test_more_than_500_mutations_are_too_many() -> None:
    mutations = [mutation(seq=i, id=f"00000000-0000-7000-8000-{i:012d}") for i in range(1, 502)]
    err = push_error({"schema": 1, "mutations": mutations})
    assert (err.code, err.status, err.message) == (
        "too_many_mutations",
        413,
        "Trop de modifications dans un seul envoi (500 au maximum).",
    )
    assert len(parse_push({"schema": 1, "mutations": mutations[:500]}).mutations) == 500


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"seq": None}, "seq", "Champ obligatoire."),
        ({"seq": 0}, "seq", SEQ),
        ({"seq": True}, "seq", SEQ),
        ({"seq": 41.0}, "seq", SEQ),
        ({"seq": "41"}, "seq", SEQ),
        ({"id": "41"}, "id", "Identifiant UUID attendu."),
        ({"id": MID.replace("-", "")}, "id", "Identifiant UUID attendu."),
        ({"record": 7}, "record", "Identifiant UUID attendu."),
        ({"entity": ""}, "entity", ENTITY),
        ({"entity": "Visite"}, "entity", ENTITY),
        ({"entity": "visite2"}, "entity", ENTITY),
        ({"op": "patch"}, "op", "Opération attendue : « upsert » ou « delete »."),
        ({"op": ["upsert"]}, "op", "Opération attendue : « upsert » ou « delete »."),
        ({"base": -1}, "base", BASE),
        ({"base": False}, "base", BASE),
        ({"base": "3"}, "base", BASE),
        ({"hlc": "2025-11-26T09:30:00"}, "hlc", "Horloge de synchronisation invalide."),
        ({"hlc": 1764150000000}, "hlc", "Horloge de synchronisation invalide."),
        ({"hlc": "253402300800000-00000-dev"}, "hlc", "Horloge de synchronisation invalide."),
        ({"fields": None}, "fields", "Champ obligatoire."),
        ({"fields": ["observations"]}, "fields", "Objet attendu."),
        ({"fields": {"": 1}}, "fields", NAMES),
        ({"fields": {"_deleted": True}}, "fields", NAMES),
        ({"op": "delete", "fields": {"a": 1}}, "fields", "Une suppression ne modifie aucun champ."),
        ({"extra": 1}, "extra", "Champ inconnu."),
    ],
)
def test_parse_push_names_each_malformed_key(
    changes: dict[str, Any], key: str, message: str
) -> None:
    second = mutation(**{"seq": 42, "id": MID2, **changes})
    err = push_error({"schema": 1, "mutations": [mutation(), second]})
    assert (err.code, err.status, err.message) == (
        "invalid_mutation",
        400,
        "Modification mal formée.",
    )
    assert err.fields == {f"mutations.1.{key}": [message]}


def test_a_missing_base_is_required_not_null() -> None:
    err = push_error({"schema": 1, "mutations": [mutation(base=None)]})
    assert err.fields == {"mutations.0.base": ["Champ obligatoire."]}


def test_parse_push_reports_every_fault_at_once() -> None:
    err = push_error({"schema": 1, "mutations": ["x", mutation(seq=0, op="put"), mutation(seq=43)]})
    assert err.fields == {
        "mutations.0": ["Objet attendu."],
        "mutations.1.seq": ["Entier supérieur ou égal à 1 attendu."],
        "mutations.1.op": ["Opération attendue : « upsert » ou « delete »."],
        "mutations.2.id": ["Identifiant déjà utilisé dans cet envoi."],
    }


def test_a_batch_with_a_gap_is_not_sequential() -> None:
    err = push_error({"schema": 1, "mutations": [mutation(), mutation(seq=43, id=MID2)]})
    assert (err.code, err.status, err.message, err.fields) == (
        "non_sequential_batch",
        400,
        "Les modifications de l'envoi ne se suivent pas.",
        {"mutations.1.seq": ["Numéro attendu : 42."]},
    )


def test_a_batch_going_backwards_is_not_sequential() -> None:
    err = push_error({"schema": 1, "mutations": [mutation(), mutation(seq=41, id=MID2)]})
    assert err.code == "non_sequential_batch"


def test_pull_args_default_to_a_first_pull_of_1000() -> None:
    assert parse_pull_args({}, KEY) == (None, 1000)
    assert parse_pull_args({"cursor": "", "limit": ""}, KEY) == (None, 1000)


def test_pull_args_read_cursor_and_limit() -> None:
    assert parse_pull_args({"cursor": LOG_TEXT, "limit": "5000"}, KEY) == (
        Cursor("log", 812, 40211, "8434c376018e492f"),
        5000,
    )
    assert parse_pull_args({"limit": "1"}, KEY) == (None, 1)


@pytest.mark.parametrize("limit", ["0", "5001", "-1", "+5", " 5", "5.0", "abc", "١٢", "9" * 40])
def test_pull_args_refuse_a_bad_limit(limit: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_pull_args({"limit": limit}, KEY)
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "invalid_limit",
        400,
        "Limite invalide : un entier entre 1 et 5000 est attendu.",
    )


def test_pull_args_refuse_a_bad_cursor() -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_pull_args({"cursor": "nope"}, KEY)
    assert caught.value.code == "invalid_cursor"


def test_result_to_json_lists_only_what_is_present() -> None:
    assert result_to_json(MutationResult(41, "applied", 4)) == {
        "seq": 41,
        "status": "applied",
        "version": 4,
    }
    assert result_to_json(MutationResult(42, "conflict", 5, conflicts=["c1", "c2"])) == {
        "seq": 42,
        "status": "conflict",
        "version": 5,
        "conflicts": ["c1", "c2"],
    }
    rejected = MutationResult(
        43,
        "rejected",
        None,
        errors={"etat": ["Valeur inconnue."]},
        code="invalid_fields",
        message="Modification refusée.",
    )
    assert result_to_json(rejected) == {
        "seq": 43,
        "status": "rejected",
        "version": None,
        "errors": {"etat": ["Valeur inconnue."]},
        "code": "invalid_fields",
        "message": "Modification refusée.",
    }


def test_protocol_error_has_the_api_error_shape() -> None:
    err = ProtocolError("seq_gap", "Des modifications manquent.", status=409)
    assert (err.code, err.message, err.fields, err.status) == (
        "seq_gap",
        "Des modifications manquent.",
        {},
        409,
    )
    assert err.to_json() == {
        "error": {"code": "seq_gap", "message": "Des modifications manquent.", "fields": {}}
    }
    assert str(err) == "seq_gap: Des modifications manquent."


def test_hlc_pattern_states_what_the_server_accepts() -> None:
    import re

    from sync.hlc import is_valid_remote_hlc
    from sync.messages import HLC_PATTERN, UUID_PATTERN

    for text in (HLC, "000000000000000-00000-x", "1-2-3", HLC + "\n", HLC.replace("-d", "-é")):
        assert (re.fullmatch(HLC_PATTERN, text) is not None) == is_valid_remote_hlc(text), text
    assert re.fullmatch(UUID_PATTERN, MID.upper())
    assert not re.fullmatch(UUID_PATTERN, MID + "\n")


def test_fields_excerpt_bounds_what_the_ledger_keeps() -> None:
    from sync.messages import fields_excerpt

    deep: Any = []
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [deep]
    excerpt = fields_excerpt(
        {"a": deep, "b": "x" * 5000, "c": 1, "d": None, "e": {"k": [1, 2, 3]}, "f": 10**70}
    )
    assert excerpt == {
        "a": "[[[… 1 élément(s)]]]",
        "b": "x" * 1999 + "…",
        "c": 1,
        "d": None,
        "e": "{'k': [1, 2, 3]}",
        "f": "1000000000000000000000000000000000000000",
    }
    many = fields_excerpt({f"f{i}": "é" * 3000 for i in range(50)})
    assert len(json.dumps(many, ensure_ascii=False).encode()) <= 16 * 1024
    assert many["_omis"] == 50 - (len(many) - 1)
