"""The pull cursor: encoding, strict decoding, scope fingerprint."""

from __future__ import annotations

import base64
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.cursor import Cursor, decode_cursor, encode_cursor, scope_fingerprint
from sync.errors import ProtocolError

LOG_CURSOR = Cursor("log", 812, 40211, "8434c376018e492f")
LOG_TEXT = (
    "eyJ2IjoxLCJtIjoibG9nIiwieCI6ODEyLCJzIjo0MDIxMSwic2MiOiI4NDM0YzM3NjAxOGU0OTJmIiwiZSI6MCwiciI6"
    "IiIsImh4IjowLCJocyI6MH0"
)
SNAPSHOT_CURSOR = Cursor(
    "snapshot",
    0,
    0,
    "82f3e9c695dc6b8d",
    entity=2,
    record="0192f0c4-7b1e-7a44-9c55-2f6d3e8a9b10",
    horizon_xid=812,
    horizon_seq=40211,
)
VALID_JSON = (
    '{"v":1,"m":"log","x":812,"s":40211,"sc":"8434c376018e492f","e":0,"r":"","hx":0,"hs":0}'
)


def b64(text: str) -> str:
    """Url-safe base64 without padding, as the cursor is written."""
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def test_encode_writes_compact_versioned_json_in_url_safe_base64() -> None:
    assert encode_cursor(LOG_CURSOR) == LOG_TEXT
    assert base64.urlsafe_b64decode(LOG_TEXT + "==") == VALID_JSON.encode()


def test_decode_reads_what_encode_wrote() -> None:
    assert decode_cursor(LOG_TEXT) == LOG_CURSOR
    assert decode_cursor(encode_cursor(SNAPSHOT_CURSOR)) == SNAPSHOT_CURSOR


@pytest.mark.parametrize(
    "text",
    [
        None,
        42,
        "",
        "!!!!",
        LOG_TEXT + "=",
        LOG_TEXT + "A",
        "x" * 1025,
        b64("not json"),
        b64("[1, 2]"),
        pytest.param("wyg", id="bytes-c3-28-not-utf8"),
        b64(VALID_JSON.replace('"v":1', '"v":2')),
        b64(VALID_JSON.replace('"v":1', '"v":true')),
        b64(VALID_JSON.replace('"v":1', '"v":1.0')),
        b64(VALID_JSON.replace('"m":"log"', '"m":"tail"')),
        b64(VALID_JSON.replace('"m":"log"', '"m":["log"]')),
        b64(VALID_JSON.replace('"x":812', '"x":-1')),
        b64(VALID_JSON.replace('"x":812', '"x":812.0')),
        b64(VALID_JSON.replace('"x":812', '"x":"812"')),
        b64(VALID_JSON.replace('"x":812', '"x":true')),
        b64(VALID_JSON.replace('"x":812', '"x":9223372036854775808')),
        b64(VALID_JSON.replace('"s":40211', '"s":NaN')),
        b64(VALID_JSON.replace('"sc":"8434c376018e492f"', '"sc":null')),
        b64(VALID_JSON.replace('"sc":"8434c376018e492f"', '"sc":"' + "a" * 65 + '"')),
        b64(VALID_JSON.replace('"r":""', '"r":0')),
        b64(VALID_JSON.replace(',"hs":0', "")),
        b64(VALID_JSON.replace(',"hs":0', ',"hs":0,"extra":1')),
        b64("[" * 700 + "]" * 700),
    ],
)
def test_decode_refuses_anything_malformed(text: object) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_cursor(text)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.message, caught.value.status) == (
        "invalid_cursor",
        "Curseur de synchronisation invalide.",
        400,
    )


@pytest.mark.parametrize(
    "cursor",
    [
        Cursor("tail", 0, 0, ""),
        Cursor("log", -1, 0, ""),
        Cursor("log", 0, 0, "a" * 65),
        Cursor("log", True, 0, ""),
    ],
)
def test_encode_refuses_a_cursor_decode_would_refuse(cursor: Cursor) -> None:
    with pytest.raises(ValueError):
        encode_cursor(cursor)


def test_scope_fingerprint_is_a_short_sha256_of_the_sorted_ids() -> None:
    assert scope_fingerprint(["r1", "r2"]) == "8434c376018e492f"
    assert scope_fingerprint(["r2", "r1"]) == "8434c376018e492f"
    assert scope_fingerprint(["r2", "r1", "r2"]) == "8434c376018e492f"
    assert scope_fingerprint([]) == "e3b0c44298fc1c14"
    assert scope_fingerprint(["r1"]) == "82f3e9c695dc6b8d"


positions = st.integers(min_value=0, max_value=2**63 - 1)
short_text = st.text(max_size=64)
cursors = st.builds(
    Cursor,
    mode=st.sampled_from(["log", "snapshot"]),
    xid=positions,
    seq=positions,
    scope=short_text,
    entity=positions,
    record=short_text,
    horizon_xid=positions,
    horizon_seq=positions,
)


@given(cursors)
def test_every_cursor_round_trips_through_url_safe_text(cursor: Cursor) -> None:
    text = encode_cursor(cursor)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_cursor(text) == cursor


@given(st.lists(st.uuids().map(str)), st.randoms(use_true_random=False))
def test_scope_fingerprint_ignores_order(ids: list[str], rnd: random.Random) -> None:
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert scope_fingerprint(shuffled) == scope_fingerprint(ids)
    assert len(scope_fingerprint(ids)) == 16


@given(st.text(max_size=200))
def test_decode_of_arbitrary_text_returns_a_cursor_or_the_protocol_error(text: str) -> None:
    try:
        assert isinstance(decode_cursor(text), Cursor)
    except ProtocolError as err:
        assert err.code == "invalid_cursor"
