"""The HTTP session against the local Kolada server: retries, Retry-After, errors, counting, rate limit."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from etl.http import (
    USER_AGENT,
    HttpError,
    HttpPolicy,
    HttpSession,
    HttpStatusError,
    parse_retry_after,
)
from etl.sources.kolada.envelope import KoladaResponseError, parse_envelope
from etl.sources.kolada.urls import kpi_url, municipality_url


def test_user_agent_names_the_project(server, session) -> None:
    session.get(municipality_url(server.base_url))
    assert server.user_agents == [USER_AGENT]
    assert "nyaperspektiv" in USER_AGENT


def test_429_with_retry_after_is_honoured_then_200(server, session) -> None:
    server.fail(429, times=1, retry_after="1")
    response = session.get(municipality_url(server.base_url))
    assert response.status == 200
    assert session.requests_made == 2
    assert session.waits == [1.0]  # backoff is 0 in the fast policy: the wait came from Retry-After
    assert len(server.requests) == 2


def test_500_then_200_is_retried(server, session) -> None:
    server.fail(500, times=1, match="/kpi/")
    response = session.get(kpi_url(server.base_url, ["N15428"]))
    assert [k["id"] for k in parse_envelope(response.url, response.body)["values"]] == ["N15428"]
    assert session.requests_made == 2


def test_500_forever_fails_after_max_attempts_with_url_status_and_body(server) -> None:
    server.fail(500, times=None, body='{"detail": "database down"}')
    url = municipality_url(server.base_url)
    with HttpSession(HttpPolicy.fast(max_attempts=3)) as session, pytest.raises(HttpStatusError) as info:
        session.get(url)
    err = info.value
    assert (err.url, err.status, err.attempts) == (url, 500, 3)
    assert url in str(err) and "HTTP 500" in str(err) and "database down" in str(err)
    assert session.requests_made == 3 and len(server.requests) == 3


def test_other_4xx_fails_at_once_with_the_fastapi_body(server, session) -> None:
    ids = ",".join(f"N{n:05d}" for n in range(26))  # forced past the builders, which refuse 26 ids
    url = f"{server.base_url}/kpi/{ids}"
    with pytest.raises(HttpStatusError) as info:
        session.get(url)
    err = info.value
    assert err.status == 422 and err.url == url
    detail = json.loads(err.body)["detail"]
    assert detail[0]["loc"] == ["path", "kpi_id"] and "at most 25 ids" in detail[0]["msg"]
    assert url in str(err) and "HTTP 422" in str(err) and "at most 25 ids" in str(err)
    assert session.requests_made == 1  # not retried


def test_per_page_over_5000_is_422(server, session) -> None:
    url = f"{server.base_url}/municipality?per_page=5001"
    with pytest.raises(HttpStatusError, match="less than or equal to 5000"):
        session.get(url)


def test_malformed_json_names_the_url_and_is_not_retried(server, session) -> None:
    server.malformed(times=1)
    url = municipality_url(server.base_url)
    response = session.get(url)
    with pytest.raises(KoladaResponseError, match="malformed JSON from " + url.replace("?", r"\?")):
        parse_envelope(url, response.body)
    assert session.requests_made == 1


def test_json_that_is_not_an_envelope_is_rejected(server, session) -> None:
    server.fail(200, times=1, body='[1, 2]')
    url = municipality_url(server.base_url)
    response = session.get(url)
    with pytest.raises(KoladaResponseError, match="expected an object with a 'values' list"):
        parse_envelope(url, response.body)


def test_timeout_is_retried(server) -> None:
    server.hang(1.5, times=1)
    with HttpSession(HttpPolicy.fast(timeout=0.3)) as session:
        response = session.get(municipality_url(server.base_url))
    assert response.status == 200 and session.requests_made == 2


def test_connection_refused_is_retried_then_fails_naming_the_url() -> None:
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v3/municipality"
    with HttpSession(HttpPolicy.fast(max_attempts=2)) as session, pytest.raises(HttpError) as info:
        session.get(url)
    assert "ConnectionError" in str(info.value) and url in str(info.value)
    assert session.requests_made == 2


def test_retry_after_past_the_total_wait_gives_up_without_waiting(server) -> None:
    server.fail(429, times=1, retry_after="3600")
    policy = HttpPolicy(max_requests_per_second=0, backoff_base=0, max_total_wait=10)
    with HttpSession(policy) as session, pytest.raises(HttpError, match="past the 10 s limit") as info:
        session.get(municipality_url(server.base_url))
    assert "HTTP 429" in str(info.value)
    assert session.waits == [] and session.requests_made == 1


def test_backoff_grows_exponentially_and_is_capped(server) -> None:
    slept: list[float] = []
    policy = HttpPolicy(max_requests_per_second=0, max_attempts=5, backoff_base=0.5, backoff_max=1.5,
                        max_total_wait=60)
    server.fail(503, times=4)
    with HttpSession(policy, sleep=slept.append) as session:
        session.get(municipality_url(server.base_url))
    assert slept == [0.5, 1.0, 1.5, 1.5]
    assert session.requests_made == 5


class FakeClock:
    """Time that moves only when slept: checks the rate limiter's arithmetic without timing anything."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limit_spaces_request_starts(server) -> None:
    clock = FakeClock()
    policy = HttpPolicy(max_requests_per_second=5)
    with HttpSession(policy, sleep=clock.sleep, clock=clock) as session:
        for _ in range(3):
            session.get(municipality_url(server.base_url))
            clock.now += 0.05  # the work between requests
    assert clock.slept == pytest.approx([0.15, 0.15])
    assert session.requests_made == 3


def test_parse_retry_after() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


def test_an_unusable_url_fails_at_once_naming_it(session) -> None:
    with pytest.raises(HttpError, match="for htp://127.0.0.1/v3/kpi") as info:
        session.get("htp://127.0.0.1/v3/kpi")
    assert "InvalidSchema" in str(info.value) and session.requests_made == 1
