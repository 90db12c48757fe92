"""A generic HTTP session for the sources: User-Agent, polite rate limit, bounded retries, clear errors, a request
counter. It knows no response format: each source parses its own bodies (etl/sources/<source>/).

Retried: HTTP 429 and 5xx, timeouts and connection errors, with exponential backoff; a `Retry-After` header
(seconds or an HTTP date) is honoured when it asks for longer. Retries stop after `max_attempts` or when the next
wait would take the total waiting past `max_total_wait`. Any other 4xx fails at once. Every attempt counts in
`requests_made`, retries included.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

USER_AGENT = "nyaperspektiv-etl/0.1 (Region Värmland, Nya Perspektiv)"
BODY_EXCERPT = 2000
# Transient transport failures worth another try (a dropped connection mid-body included).
RETRYABLE_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


class HttpError(Exception):
    """Anything that went wrong talking to a source; the message names the URL."""


class HttpStatusError(HttpError):
    """The server answered with an error status (after retries, for retryable ones)."""

    def __init__(self, url: str, status: int, body: str, attempts: int = 1):
        self.url, self.status, self.body, self.attempts = url, status, body, attempts
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"HTTP {status} from {url}{tries}: {body[:BODY_EXCERPT]}")


@dataclass(frozen=True)
class HttpPolicy:
    """How politely and how stubbornly to talk to the server. Tests use `HttpPolicy.fast()`."""

    max_requests_per_second: float = 5.0  # 0 or less: no limit
    max_attempts: int = 5
    backoff_base: float = 1.0  # seconds; attempt n waits backoff_base * 2**(n-1)
    backoff_max: float = 30.0  # cap on one computed backoff wait (Retry-After may ask for more)
    max_total_wait: float = 120.0  # give up rather than wait longer than this in total for one URL
    timeout: float = 30.0  # seconds, per attempt (connect and read)

    @classmethod
    def fast(cls, max_attempts: int = 4, timeout: float = 5.0) -> HttpPolicy:
        """No rate limit and no backoff: for tests against a local server."""
        return cls(max_requests_per_second=0, max_attempts=max_attempts, backoff_base=0.0,
                   backoff_max=0.0, max_total_wait=60.0, timeout=timeout)


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes  # exactly as received
    content_type: str = ""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent or unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpSession:
    """One `requests.Session` plus the policy; `get(url)` returns the body as received or raises an HttpError."""

    def __init__(self, policy: HttpPolicy | None = None, user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.policy = policy or HttpPolicy()
        self.requests_made = 0
        self.waits: list[float] = []  # every backoff / Retry-After wait, for the log and the tests
        self._sleep, self._clock = sleep, clock
        self._last_start: float | None = None
        self._http = requests.Session()
        self._http.headers.update({"User-Agent": user_agent, "Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _throttle(self) -> None:
        rps = self.policy.max_requests_per_second
        if rps > 0 and self._last_start is not None:
            gap = 1.0 / rps - (self._clock() - self._last_start)
            if gap > 0:
                self._sleep(gap)
        self._last_start = self._clock()

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        p = self.policy
        wait = min(p.backoff_base * 2 ** (attempt - 1), p.backoff_max)
        return max(wait, retry_after) if retry_after is not None else wait

    def get(self, url: str) -> Response:
        """GET `url`; the body as received, or an HttpError naming the URL."""
        return self._request("GET", url)

    def post(self, url: str, json_body: object) -> Response:
        """POST `json_body` as JSON (UTF-8, non-ASCII kept) to `url`, with the same retries and rate limit as
        `get`. Used by PxWeb sources, whose queries are POSTed."""
        data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        return self._request("POST", url, data)

    def _request(self, method: str, url: str, data: bytes | None = None) -> Response:
        p = self.policy
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            self._throttle()
            self.requests_made += 1
            retry_after: float | None = None
            try:
                if data is None:
                    resp = self._http.request(method, url, timeout=p.timeout)
                else:
                    resp = self._http.request(method, url, data=data, timeout=p.timeout,
                                              headers={"Content-Type": "application/json; charset=utf-8"})
            except RETRYABLE_ERRORS as exc:
                failure: HttpError = HttpError(
                    f"{type(exc).__name__} for {url} after {attempt} attempt(s): {exc}")
            except requests.RequestException as exc:
                raise HttpError(f"{type(exc).__name__} for {url}: {exc}") from exc
            else:
                if resp.status_code == 200:
                    return Response(url, 200, resp.content, resp.headers.get("Content-Type", ""))
                failure = HttpStatusError(url, resp.status_code, resp.text, attempt)
                if resp.status_code != 429 and resp.status_code < 500:
                    raise failure
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            if attempt >= p.max_attempts:
                raise failure
            wait = self._backoff(attempt, retry_after)
            if waited + wait > p.max_total_wait:
                raise HttpError(f"giving up on {url}: the next retry would wait {wait:.1f} s, past the "
                                  f"{p.max_total_wait:.0f} s limit; last error: {failure}")
            waited += wait
            self.waits.append(wait)
            if wait > 0:
                self._sleep(wait)
