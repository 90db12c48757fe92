"""Config endpoints and the calls-per-window limiter (with a fake clock: no real time)."""

from __future__ import annotations

import pytest

from etl.sources.pxweb.limits import CallWindow, PxWebConfigError, parse_v1_config, parse_v2_config


def test_v1_config_takes_the_smaller_cell_limit() -> None:
    limits = parse_v1_config("u", b'{"maxValues": 100000, "maxCells": 90000, "maxCalls": 1000, "timeWindow": 10}')
    assert (limits.max_cells, limits.max_calls, limits.time_window) == (90_000, 1000, 10.0)


@pytest.mark.parametrize("body, message", [
    (b'{"maxCalls": 30, "timeWindow": 10}', "neither 'maxValues' nor 'maxCells'"),
    (b'{"maxValues": 0, "maxCalls": 30, "timeWindow": 10}', "'maxValues' is 0"),
    (b'{"maxValues": 10, "maxCalls": "30", "timeWindow": 10}', "'maxCalls' is '30'"),
    (b"<html>", "not valid JSON"),
])
def test_v1_config_problems_name_the_url_and_field(body: bytes, message: str) -> None:
    with pytest.raises(PxWebConfigError, match=f"http://x/\\?config: .*{message}"):
        parse_v1_config("http://x/?config", body)


def test_v2_config_needs_its_own_fields() -> None:
    with pytest.raises(PxWebConfigError, match="'maxDataCells'"):
        parse_v2_config("u", b'{"maxValues": 10, "maxCalls": 30, "timeWindow": 10}')


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_window_lets_max_calls_through_then_waits_for_the_oldest_to_age() -> None:
    clock = FakeClock()
    window = CallWindow(3, 10.0, clock, clock.sleep)
    starts = []
    for _ in range(7):
        window.wait()
        starts.append(clock.now)
        clock.now += 1.0  # each call takes a second
        window.done()
    assert clock.sleeps == [8.0, 8.0]  # the fourth (at 3 s) waits until 10 s after the first ended (1 s) …
    # … so any max_calls + 1 consecutive calls span at least a window between an end and the next start
    ends = [s + 1.0 for s in starts]
    assert all(starts[i + 3] - ends[i] >= 10.0 for i in range(len(starts) - 3))


def test_window_never_waits_below_the_limit() -> None:
    clock = FakeClock()
    window = CallWindow(1000, 10.0, clock, clock.sleep)
    for _ in range(50):
        window.wait()
        window.done()
    assert clock.sleeps == []
