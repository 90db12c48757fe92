"""The retry backoff and the polite rate limit are a setting (core.settings.http_pace): polite by default, zero for
the test suite's subprocesses, and a bad value is named."""

from __future__ import annotations

import pytest

from core.settings import HttpPace, http_pace
from etl.http import HttpPolicy, HttpSession, HttpStatusError


def test_the_default_pace_is_polite() -> None:
    assert http_pace({}) == HttpPace(backoff_base=1.0, max_requests_per_second=5.0)
    policy = HttpPolicy()
    assert (policy.backoff_base, policy.max_requests_per_second) == (1.0, 5.0)


def test_the_environment_sets_backoff_and_rate() -> None:
    pace = http_pace({"NP_HTTP_BACKOFF_SECONDS": "0.25", "NP_HTTP_REQUESTS_PER_SECOND": "0"})
    assert pace == HttpPace(backoff_base=0.25, max_requests_per_second=0.0)


@pytest.mark.parametrize("value", ["snabbt", "-1", "nan"])
def test_a_bad_value_names_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match=f"NP_HTTP_BACKOFF_SECONDS={value!r}"):
        http_pace({"NP_HTTP_BACKOFF_SECONDS": value})


def test_a_session_without_a_policy_takes_the_configured_pace(server, monkeypatch) -> None:
    monkeypatch.setenv("NP_HTTP_BACKOFF_SECONDS", "0.5")
    monkeypatch.setenv("NP_HTTP_REQUESTS_PER_SECOND", "0")
    slept: list[float] = []
    session = HttpSession(sleep=slept.append)
    assert (session.policy.backoff_base, session.policy.max_requests_per_second) == (0.5, 0.0)
    assert session.policy.max_attempts == HttpPolicy().max_attempts  # the same number of tries
    server.fail(500, times=None, match="/data/")
    with pytest.raises(HttpStatusError, match="after 5 attempts"):
        session.get(server.base_url + "/data/kpi/N00001/year/2020")
    assert slept == [0.5, 1.0, 2.0, 4.0]  # the doubling stays; only its base is the setting
