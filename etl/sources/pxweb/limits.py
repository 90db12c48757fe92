"""A PxWeb server's own limits, read from its config endpoint, and a calls-per-time-window limiter.

PxWeb API v1 `GET <base>/?config` answers e.g. `{"maxValues": 100000, "maxCalls": 30, "timeWindow": 10, ...}`
(some servers also send `maxCells`; the smaller of the two counts). PxWebApi 2.0 `GET <base>/config` answers
`{"maxDataCells": 150000, "maxCallsPerTimeWindow": 30, "timeWindow": 10, "license": ..., ...}`
(a real one: shared/reference/pxweb/scb_v2_config.json).

When the config endpoint is missing (404), empty (SCB's v1 server answered `?config` with an empty 200 at one path
level, recorded 2026) or not readable, the client uses DEFAULT_LIMITS and says so in the run: 10 000 cells per
request and 10 calls per 10 seconds, below every limit a PxWeb server has been seen to announce (SCB v1 110 000
cells and 30 calls, Folkhälsodata 100 000 cells and 1 000 calls, per 10 s), so a request is not refused for its
size and the server is not hurried; a full FoHM refresh then takes a few more requests (docs/sources-pxweb.md).
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


class PxWebConfigError(ValueError):
    """A config body we cannot read limits from; the message names the URL and the field."""


@dataclass(frozen=True)
class Limits:
    max_cells: int  # data cells per request
    max_calls: int  # calls per time window
    time_window: float  # seconds
    licence: str | None = None  # v2 only


def _positive(url: str, data: dict, key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise PxWebConfigError(f"{url}: config field {key!r} is {value!r}, expected a positive number")
    return value


def _load(url: str, body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PxWebConfigError(f"{url}: config is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PxWebConfigError(f"{url}: config is not a JSON object")
    return data


def parse_v1_config(url: str, body: bytes) -> Limits:
    data = _load(url, body)
    cells = [int(_positive(url, data, k)) for k in ("maxValues", "maxCells") if k in data]
    if not cells:
        raise PxWebConfigError(f"{url}: config has neither 'maxValues' nor 'maxCells'")
    return Limits(max_cells=min(cells), max_calls=int(_positive(url, data, "maxCalls")),
                  time_window=float(_positive(url, data, "timeWindow")))


def parse_v2_config(url: str, body: bytes) -> Limits:
    data = _load(url, body)
    licence = data.get("license")
    return Limits(max_cells=int(_positive(url, data, "maxDataCells")),
                  max_calls=int(_positive(url, data, "maxCallsPerTimeWindow")),
                  time_window=float(_positive(url, data, "timeWindow")),
                  licence=licence if isinstance(licence, str) else None)


DEFAULT_LIMITS = Limits(max_cells=10_000, max_calls=10, time_window=10.0)


class CallWindow:
    """At most `max_calls` calls in any `window` seconds, as the server counts them. Call `wait()` before a call
    and `done()` after it: a new call starts only `window` seconds after the call `max_calls` back *finished*,
    so however late the server registered that call, the two are a full window apart on its clock too.
    `clock` and `sleep` are injectable so tests need no real time."""

    def __init__(self, max_calls: int, window: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if max_calls < 1 or window < 0:
            raise ValueError(f"max_calls must be >= 1 and window >= 0, got {max_calls}, {window}")
        self.max_calls, self.window = max_calls, window
        self._clock, self._sleep = clock, sleep
        self._ends: deque[float] = deque()
        self.slept = 0.0

    def wait(self) -> None:
        now = self._clock()
        while self._ends and now - self._ends[0] >= self.window:
            self._ends.popleft()
        if len(self._ends) >= self.max_calls:
            gap = self.window - (now - self._ends[0])
            if gap > 0:
                self._sleep(gap)
                self.slept += gap
            self._ends.popleft()

    def done(self) -> None:
        self._ends.append(self._clock())
