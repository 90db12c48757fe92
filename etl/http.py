"""A generic HTTP session for the sources: User-Agent, polite rate limit, bounded retries, clear errors, a request
counter. It knows no response format: each source parses its own bodies (etl/sources/<source>/).

Retried: HTTP 429 and 5xx, timeouts and connection errors, with exponential backoff; a `Retry-After` header
(seconds or an HTTP date) is honoured when it asks for longer. Retries stop after `max_attempts` or when the next
wait would take the total waiting past `max_total_wait`. Any other 4xx fails at once. Every attempt counts in
`requests_made`, retries included.

Deadlines: `request_deadline` bounds one attempt as a whole (connect, headers and the whole body; a server that
trickles one byte every few seconds is cut off), `set_run_deadline(seconds)` bounds everything after it (a fetch
run). Redirects are followed only within the host of the URL asked for; a redirect elsewhere is an error. Error
bodies are decoded by their declared charset (UTF-8 when none is declared) and kept shortened.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from core.redact import redact_text, redact_url
from core.settings import http_pace

# Header values must be ASCII (a raw 0xE4 byte from "ä" is not a valid header octet everywhere): see ascii_header.
USER_AGENT = "nyaperspektiv-etl/0.1 (Region Varmland, Nya Perspektiv)"
BODY_EXCERPT = 500
MAX_REDIRECTS = 5
READ_CHUNK = 65536
# Transient transport failures worth another try (a dropped connection mid-body included).
RETRYABLE_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


class HttpError(Exception):
    """Anything that went wrong talking to a source; the message names the URL."""


class DeadlineError(HttpError):
    """A request or a run took longer than its overall deadline."""


class HttpStatusError(HttpError):
    """The server answered with an error status (after retries, for retryable ones)."""

    def __init__(self, url: str, status: int, body: str, attempts: int = 1):
        self.url, self.status, self.attempts = redact_url(url), status, attempts
        self.body = shorten(redact_text(body))
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"HTTP {status} from {self.url}{tries}: {self.body}")


def shorten(text: str, limit: int = BODY_EXCERPT) -> str:
    """One line, at most `limit` characters (an error body is kept as a hint, not stored whole)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def ascii_header(text: str) -> str:
    """A header value in printable ASCII: Swedish letters folded (å ä → a, ö → o, é → e), anything else dropped."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if 32 <= ord(c) < 127)


def declared_charset(content_type: str) -> str:
    """The charset a Content-Type header declares, else UTF-8 (never ISO-8859-1 by default)."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return "utf-8"


def decode_body(body: bytes, content_type: str) -> str:
    try:
        return body.decode(declared_charset(content_type), errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8", errors="replace")


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (the configured host is the only one we talk to)."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


@dataclass(frozen=True)
class HttpPolicy:
    """How politely and how stubbornly to talk to the server. Tests use `HttpPolicy.fast()`."""

    max_requests_per_second: float = 5.0  # 0 or less: no limit
    max_attempts: int = 5
    backoff_base: float = 1.0  # seconds; attempt n waits backoff_base * 2**(n-1)
    backoff_max: float = 30.0  # cap on one computed backoff wait (Retry-After may ask for more)
    max_total_wait: float = 120.0  # give up rather than wait longer than this in total for one URL
    timeout: float = 30.0  # seconds, per socket operation (connect, each read)
    request_deadline: float = 120.0  # seconds for one attempt as a whole, body included
    max_body_bytes: int = 200_000_000  # a response larger than this is refused

    @classmethod
    def fast(cls, max_attempts: int = 4, timeout: float = 5.0) -> HttpPolicy:
        """No rate limit and no backoff: for tests against a local server."""
        return cls(max_requests_per_second=0, max_attempts=max_attempts, backoff_base=0.0,
                   backoff_max=0.0, max_total_wait=60.0, timeout=timeout, request_deadline=max(timeout * 3, 10.0))

    @classmethod
    def configured(cls) -> HttpPolicy:
        """The default policy with the pace the environment sets (core.settings.http_pace: the backoff and the rate
        limit); what a session without an explicit policy uses."""
        pace = http_pace()
        return cls(max_requests_per_second=pace.max_requests_per_second, backoff_base=pace.backoff_base)


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
        self.policy = policy or HttpPolicy.configured()
        self.requests_made = 0
        self.waits: list[float] = []  # every backoff / Retry-After wait, for the log and the tests
        self._sleep, self._clock = sleep, clock
        self._last_start: float | None = None
        self._run_deadline: float | None = None
        self._run_seconds: float | None = None
        self._http = requests.Session()
        self._http.trust_env = False  # no proxy or .netrc credentials picked up behind our back
        self._http.headers.update({"User-Agent": ascii_header(user_agent), "Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_run_deadline(self, seconds: float | None) -> None:
        """Every request from now on must finish within `seconds` in total (None: no run deadline)."""
        self._run_seconds = seconds
        self._run_deadline = None if seconds is None else self._clock() + seconds

    def _check_run_deadline(self, url: str) -> None:
        if self._run_deadline is not None and self._clock() >= self._run_deadline:
            raise HttpError(f"the run's deadline of {self._run_seconds:.0f} s passed before {redact_url(url)} "
                            f"could be fetched")

    def _attempt(self, url: str, method: str = "GET", data: bytes | None = None) -> requests.Response:
        """One request (GET, or POST with a JSON `data` body), redirects followed by hand within the same host, the
        body read under the deadline."""
        p = self.policy
        start = self._clock()
        deadline = start + p.request_deadline
        if self._run_deadline is not None:
            deadline = min(deadline, self._run_deadline)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise DeadlineError(f"no complete answer from {redact_url(url)} within "
                                    f"{deadline - start:.0f} s (the deadline for one request)")
            headers = {"Content-Type": "application/json; charset=utf-8"} if data is not None else None
            resp = self._http.request(method, current, data=data, headers=headers, timeout=min(p.timeout, remaining),
                                      stream=True, allow_redirects=False)
            if resp.is_redirect:
                target = urljoin(current, resp.headers.get("Location", ""))
                resp.close()
                if not same_origin(url, target):
                    raise HttpError(f"{redact_url(current)} redirects to {redact_url(target)}, another host than "
                                    f"the configured one; not followed")
                current = target
                continue
            try:
                resp._content = self._read_body(resp, url, deadline, start)  # noqa: SLF001 - requests' own cache
            finally:
                resp.close()
            return resp
        raise HttpError(f"more than {MAX_REDIRECTS} redirects from {redact_url(url)}")

    def _read_body(self, resp: requests.Response, url: str, deadline: float, start: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            if self._clock() >= deadline:
                raise DeadlineError(f"{redact_url(url)} sent {size} bytes but did not finish within "
                                    f"{deadline - start:.0f} s (the deadline for one request); cut off")
            try:
                chunk = resp.raw.read1(READ_CHUNK, decode_content=True)
            except urllib3.exceptions.DecodeError as exc:  # a gzip/deflate body that does not unpack
                raise HttpError(f"{redact_url(url)}: the answer's {resp.headers.get('Content-Encoding', '')} body "
                                f"could not be unpacked after {size} bytes ({redact_text(str(exc))[:200]})") from exc
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.policy.max_body_bytes:
                raise HttpError(f"{redact_url(url)}: the answer is larger than {self.policy.max_body_bytes} bytes; "
                                f"refused")
            chunks.append(chunk)

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
            self._check_run_deadline(url)
            self._throttle()
            self.requests_made += 1
            retry_after: float | None = None
            try:
                resp = self._attempt(url, method, data)
            except RETRYABLE_ERRORS as exc:
                failure: HttpError = HttpError(
                    f"{type(exc).__name__} for {redact_url(url)} after {attempt} attempt(s): {redact_text(str(exc))}")
            except requests.RequestException as exc:
                raise HttpError(f"{type(exc).__name__} for {redact_url(url)}: {redact_text(str(exc))}") from exc
            else:
                content_type = resp.headers.get("Content-Type", "")
                if resp.status_code == 200:
                    return Response(url, 200, resp.content, content_type)
                failure = HttpStatusError(url, resp.status_code, decode_body(resp.content, content_type), attempt)
                if resp.status_code != 429 and resp.status_code < 500:
                    raise failure
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            if attempt >= p.max_attempts:
                raise failure
            wait = self._backoff(attempt, retry_after)
            if self._run_deadline is not None and self._clock() + wait >= self._run_deadline:
                raise HttpError(f"giving up on {redact_url(url)}: the next retry would pass the run's deadline of "
                                f"{self._run_seconds:.0f} s; last error: {failure}")
            if waited + wait > p.max_total_wait:
                raise HttpError(f"giving up on {redact_url(url)}: the next retry would wait {wait:.1f} s, past the "
                                  f"{p.max_total_wait:.0f} s limit; last error: {failure}")
            waited += wait
            self.waits.append(wait)
            if wait > 0:
                self._sleep(wait)
