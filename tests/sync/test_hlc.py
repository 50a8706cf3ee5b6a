"""The hybrid logical clock: format, parsing, tick and receive."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.errors import ProtocolError
from sync.hlc import (
    MAX_REMOTE_WALL_MS,
    Hlc,
    format_hlc,
    is_valid_remote_hlc,
    parse_hlc,
    receive,
    tick,
)

NODE_CHARS = "abcXYZ019_-"
walls = st.integers(min_value=0, max_value=MAX_REMOTE_WALL_MS)
counters = st.integers(min_value=0, max_value=99_999)
nodes = st.text(alphabet=NODE_CHARS, min_size=1, max_size=64)
hlcs = st.builds(Hlc, walls, counters, nodes)


def test_parse_reads_the_three_parts() -> None:
    assert parse_hlc("001764150000000-00003-dev_1") == Hlc(1764150000000, 3, "dev_1")


def test_parse_accepts_a_node_id_with_dashes_and_64_characters() -> None:
    node = "0192f0c4-7b1e-7a44-9c55-2f6d3e8a9b10" + "x" * 28
    assert parse_hlc(f"000000000000000-00000-{node}") == Hlc(0, 0, node)


def test_format_pads_to_fixed_width() -> None:
    assert format_hlc(Hlc(1764150000000, 3, "server")) == "001764150000000-00003-server"


@pytest.mark.parametrize(
    "text",
    [
        None,
        1764150000000,
        b"001764150000000-00003-dev",
        "",
        "1764150000000-00003-dev",
        "001764150000000-3-dev",
        "001764150000000-00003-",
        "001764150000000-00003",
        "001764150000000_00003_dev",
        "001764150000000-00003-dev id",
        "001764150000000-00003-dév",
        "001764150000000-00003-dev\n",
        "００1764150000000-00003-dev",
        "-01764150000000-00003-dev",
        "001764150000000-00003-" + "x" * 65,
    ],
)
def test_parse_rejects_anything_else(text: object) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_hlc(text)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.message, caught.value.status) == (
        "invalid_hlc",
        "Horloge de synchronisation invalide.",
        400,
    )


def test_parse_accepts_the_whole_range_of_the_format() -> None:
    assert parse_hlc("999999999999999-99999-srv") == Hlc(999_999_999_999_999, 99_999, "srv")


def test_a_device_may_send_clocks_up_to_the_end_of_year_9999() -> None:
    assert is_valid_remote_hlc("253402300799999-99999-dev") is True
    assert is_valid_remote_hlc("253402300800000-00000-dev") is False
    assert is_valid_remote_hlc("001764150000000-00003-dev id") is False
    assert is_valid_remote_hlc(None) is False


@pytest.mark.parametrize(
    "reading",
    [
        Hlc(-1, 0, "n"),
        Hlc(1_000_000_000_000_000, 0, "n"),
        Hlc(0, 100_000, "n"),
        Hlc(0, 0, ""),
        Hlc(0, 0, "a/b"),
    ],
)
def test_format_refuses_what_the_format_cannot_hold(reading: Hlc) -> None:
    with pytest.raises(ValueError):
        format_hlc(reading)


def test_tick_without_history_takes_the_physical_clock() -> None:
    assert tick(None, 1000, "srv") == Hlc(1000, 0, "srv")


def test_tick_takes_the_physical_clock_when_it_moved_on() -> None:
    assert tick(Hlc(1000, 7, "srv"), 1001, "srv") == Hlc(1001, 0, "srv")


def test_tick_counts_when_the_physical_clock_is_behind() -> None:
    assert tick(Hlc(1000, 7, "srv"), 400, "srv") == Hlc(1000, 8, "srv")


def test_tick_counter_overflow_moves_the_wall_on() -> None:
    assert tick(Hlc(1000, 99_999, "srv"), 1000, "srv") == Hlc(1001, 0, "srv")


def test_receive_without_history() -> None:
    assert receive(None, Hlc(5000, 4, "dev"), 1000, "srv") == Hlc(5000, 5, "srv")
    assert receive(None, Hlc(500, 4, "dev"), 1000, "srv") == Hlc(1000, 0, "srv")


def test_receive_same_wall_everywhere_takes_the_larger_counter() -> None:
    assert receive(Hlc(1000, 3, "srv"), Hlc(1000, 9, "dev"), 1000, "srv") == Hlc(1000, 10, "srv")


def test_receive_local_history_ahead() -> None:
    assert receive(Hlc(2000, 3, "srv"), Hlc(1000, 9, "dev"), 1500, "srv") == Hlc(2000, 4, "srv")


def test_receive_physical_clock_ahead() -> None:
    assert receive(Hlc(2000, 3, "srv"), Hlc(1000, 9, "dev"), 3000, "srv") == Hlc(3000, 0, "srv")


def test_receive_folds_a_device_clock_years_in_the_future() -> None:
    remote = parse_hlc("253402300799999-99999-tablette")
    folded = receive(Hlc(1764150000000, 0, "srv"), remote, 1764150000001, "srv")
    assert folded == Hlc(253402300800000, 0, "srv")
    assert format_hlc(folded) == "253402300800000-00000-srv"
    assert format_hlc(tick(folded, 1764150000002, "srv")) == "253402300800000-00001-srv"


def test_receive_counter_overflow_moves_the_wall_on() -> None:
    assert receive(Hlc(10, 99_999, "srv"), Hlc(10, 5, "dev"), 0, "srv") == Hlc(11, 0, "srv")


@given(hlcs, hlcs)
def test_string_order_is_wall_counter_node_order(a: Hlc, b: Hlc) -> None:
    assert (format_hlc(a) < format_hlc(b)) == (a < b)
    assert (format_hlc(a) == format_hlc(b)) == (a == b)


@given(hlcs)
def test_format_and_parse_round_trip(reading: Hlc) -> None:
    assert parse_hlc(format_hlc(reading)) == reading


@given(st.none() | hlcs, walls, nodes)
def test_tick_is_strictly_monotonic(last: Hlc | None, wall_ms: int, node: str) -> None:
    new = tick(last, wall_ms, node)
    assert new.wall_ms >= wall_ms
    if last is not None:
        assert format_hlc(new) > format_hlc(last)


@given(st.none() | hlcs, hlcs, walls, nodes)
def test_receive_is_later_than_both(last: Hlc | None, remote: Hlc, wall_ms: int, node: str) -> None:
    new = format_hlc(receive(last, remote, wall_ms, node))
    assert new > format_hlc(remote)
    if last is not None:
        assert new > format_hlc(last)


@settings(deadline=None)
@given(st.lists(st.tuples(st.none() | hlcs, walls), min_size=1, max_size=30))
def test_a_node_clock_only_moves_forward(events: list[tuple[Hlc | None, int]]) -> None:
    clock: Hlc | None = None
    readings = []
    for remote, wall_ms in events:
        clock = (
            tick(clock, wall_ms, "n") if remote is None else receive(clock, remote, wall_ms, "n")
        )
        readings.append(format_hlc(clock))
    assert readings == sorted(set(readings))
