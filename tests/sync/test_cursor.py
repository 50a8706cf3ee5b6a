"""The pull cursor: signed encoding, strict decoding, scope fingerprint."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.cursor import (
    Cursor,
    decode_cursor,
    derive_cursor_key,
    encode_cursor,
    scope_fingerprint,
)
from sync.errors import ProtocolError

DEVICE_A = "0192f0c4-0000-7000-8000-00000000000a"
DEVICE_B = "0192f0c4-0000-7000-8000-00000000000b"
KEY = derive_cursor_key(b"secret-de-test", DEVICE_A)
KEY_B = derive_cursor_key(b"secret-de-test", DEVICE_B)
LOG_CURSOR = Cursor("log", 812, 40211, "8434c376018e492f")
LOG_BODY = (
    "eyJ2IjoyLCJtIjoibG9nIiwieCI6ODEyLCJzIjo0MDIxMSwic2MiOiI4NDM0YzM3NjAxOGU0OTJmIiwiZSI6MCwiciI6"
    "IiIsImh4IjowLCJocyI6MH0"
)
LOG_TEXT = LOG_BODY + ".ogYVn8_p_cR2r2Vn7O84ZvRz27za7Y-qnUXaIRbwTMs"
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
    '{"v":2,"m":"log","x":812,"s":40211,"sc":"8434c376018e492f","e":0,"r":"","hx":0,"hs":0}'
)
BIGGEST = Cursor(
    "snapshot",
    2**63 - 1,
    2**63 - 1,
    "\\" * 64,
    entity=2**63 - 1,
    record="\\" * 64,
    horizon_xid=2**63 - 1,
    horizon_seq=2**63 - 1,
)


def b64(raw: str | bytes) -> str:
    """Url-safe base64 without padding, as the cursor is written."""
    data = raw.encode() if isinstance(raw, str) else raw
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(body: str, key: bytes = KEY) -> str:
    """A body signed as the server signs cursors: the checks after the signature then run."""
    return body + "." + b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


def test_the_key_is_derived_from_the_secret_and_bound_to_the_device() -> None:
    assert KEY.hex() == "1a02c5cd1dfb83d03db82505fd0480635ec608ee4392468ccd14fb8680da3665"
    assert KEY != KEY_B
    assert derive_cursor_key(b"autre-secret", DEVICE_A) != KEY
    with pytest.raises(ValueError):
        derive_cursor_key(b"", DEVICE_A)


def test_encode_writes_signed_compact_versioned_json_in_url_safe_base64() -> None:
    assert encode_cursor(LOG_CURSOR, KEY) == LOG_TEXT
    assert base64.urlsafe_b64decode(LOG_BODY + "==") == VALID_JSON.encode()
    assert signed(LOG_BODY) == LOG_TEXT


def test_decode_reads_what_encode_wrote() -> None:
    assert decode_cursor(LOG_TEXT, KEY) == LOG_CURSOR
    assert decode_cursor(encode_cursor(SNAPSHOT_CURSOR, KEY), KEY) == SNAPSHOT_CURSOR


def test_the_longest_cursor_stays_under_1024_characters() -> None:
    assert len(encode_cursor(BIGGEST, KEY)) == 598
    assert decode_cursor(encode_cursor(BIGGEST, KEY), KEY) == BIGGEST


def invalid(text: object, key: bytes = KEY) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_cursor(text, key)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.message, caught.value.status) == (
        "invalid_cursor",
        "Curseur de synchronisation invalide.",
        400,
    )


def test_a_cursor_of_another_device_is_refused() -> None:
    invalid(LOG_TEXT, KEY_B)
    invalid(encode_cursor(LOG_CURSOR, KEY_B), KEY)


def test_a_forged_or_rewound_cursor_is_refused() -> None:
    rewound = b64(VALID_JSON.replace('"s":40211', '"s":0'))
    invalid(rewound + LOG_TEXT[len(LOG_BODY) :])  # the old signature on a new position
    invalid(signed(rewound, b"devine"))  # signed with a guessed key
    invalid(LOG_BODY[:-1] + "A" + LOG_TEXT[len(LOG_BODY) :])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LOG_BODY, id="unsigned"),
        pytest.param(LOG_BODY + ".", id="empty-signature"),
        pytest.param(LOG_TEXT[:-1], id="short-signature"),
        pytest.param(LOG_TEXT + "A", id="long-signature"),
        pytest.param(LOG_TEXT[:-1] + ("A" if LOG_TEXT[-1] != "A" else "B"), id="bad-signature"),
        pytest.param(LOG_TEXT + ".x", id="two-dots"),
        pytest.param("." + LOG_TEXT.split(".")[1], id="no-body"),
        pytest.param(LOG_TEXT.replace("-", "+"), id="not-url-safe"),
        pytest.param(LOG_TEXT + "=", id="padding"),
    ],
)
def test_an_unsigned_or_badly_signed_cursor_is_refused(text: str) -> None:
    invalid(text)


def test_no_key_decodes_nothing() -> None:
    invalid(LOG_TEXT, b"")
    with pytest.raises(ValueError):
        encode_cursor(LOG_CURSOR, b"")


@pytest.mark.parametrize(
    "text",
    [
        None,
        42,
        "",
        "!!!!",
        "x" * 1025,
        signed(b64("not json")),
        signed(b64("[1, 2]")),
        pytest.param(signed("wyg"), id="bytes-c3-28-not-utf8"),
        signed(b64(VALID_JSON.replace('"v":2', '"v":1'))),
        signed(b64(VALID_JSON.replace('"v":2', '"v":true'))),
        signed(b64(VALID_JSON.replace('"v":2', '"v":2.0'))),
        signed(b64(VALID_JSON.replace('"m":"log"', '"m":"tail"'))),
        signed(b64(VALID_JSON.replace('"m":"log"', '"m":["log"]'))),
        signed(b64(VALID_JSON.replace('"x":812', '"x":-1'))),
        signed(b64(VALID_JSON.replace('"x":812', '"x":812.0'))),
        signed(b64(VALID_JSON.replace('"x":812', '"x":"812"'))),
        signed(b64(VALID_JSON.replace('"x":812', '"x":true'))),
        signed(b64(VALID_JSON.replace('"x":812', '"x":9223372036854775808'))),
        signed(b64(VALID_JSON.replace('"s":40211', '"s":NaN'))),
        signed(b64(VALID_JSON.replace('"sc":"8434c376018e492f"', '"sc":null'))),
        signed(b64(VALID_JSON.replace('"sc":"8434c376018e492f"', '"sc":"' + "a" * 65 + '"'))),
        signed(b64(VALID_JSON.replace('"r":""', '"r":0'))),
        signed(b64(VALID_JSON.replace(',"hs":0', ""))),
        signed(b64(VALID_JSON.replace(',"hs":0', ',"hs":0,"extra":1'))),
        signed(b64("[" * 400 + "]" * 400)),
    ],
)
def test_decode_refuses_anything_malformed(text: object) -> None:
    invalid(text)


@pytest.mark.parametrize(
    "cursor",
    [
        Cursor("tail", 0, 0, ""),
        Cursor("log", -1, 0, ""),
        Cursor("log", 0, 0, "a" * 65),
        Cursor("log", True, 0, ""),
        Cursor("snapshot", 0, 0, "", record="é"),
        Cursor("snapshot", 0, 0, "", record="\x7f"),
    ],
)
def test_encode_refuses_a_cursor_decode_would_refuse(cursor: Cursor) -> None:
    with pytest.raises(ValueError):
        encode_cursor(cursor, KEY)


def test_scope_fingerprint_is_a_short_sha256_of_the_sorted_ids() -> None:
    assert scope_fingerprint(["r1", "r2"]) == "8434c376018e492f"
    assert scope_fingerprint(["r2", "r1"]) == "8434c376018e492f"
    assert scope_fingerprint(["r2", "r1", "r2"]) == "8434c376018e492f"
    assert scope_fingerprint([]) == "e3b0c44298fc1c14"
    assert scope_fingerprint(["r1"]) == "82f3e9c695dc6b8d"


positions = st.integers(min_value=0, max_value=2**63 - 1)
short_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=64)
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
    text = encode_cursor(cursor, KEY)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert len(text) < 1024
    assert decode_cursor(text, KEY) == cursor


@given(st.lists(st.uuids().map(str)), st.randoms(use_true_random=False))
def test_scope_fingerprint_ignores_order(ids: list[str], rnd: random.Random) -> None:
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert scope_fingerprint(shuffled) == scope_fingerprint(ids)
    assert len(scope_fingerprint(ids)) == 16


@given(st.text(max_size=200))
def test_decode_of_arbitrary_text_is_the_protocol_error(text: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_cursor(text, KEY)
    assert caught.value.code == "invalid_cursor"


@given(st.text(max_size=300))
def test_decode_of_any_signed_body_returns_a_cursor_or_the_protocol_error(body: str) -> None:
    try:
        assert isinstance(decode_cursor(signed(b64(body)), KEY), Cursor)
    except ProtocolError as err:
        assert err.code == "invalid_cursor"
