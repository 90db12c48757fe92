"""HttpSession.post against the fake PxWeb server: JSON body as sent, the same retries as GET, 4xx at once."""

from __future__ import annotations

import json

import pytest

from etl.http import HttpPolicy, HttpSession, HttpStatusError
from etl.sources.pxweb.protocol import v1_query_body, v1_table_url
from tests.pxweb.conftest import HALSGOD


def url_of(srv) -> str:
    return v1_table_url(srv.v1_base, "A_Folkhalsodata", HALSGOD)


SELECTION = {"Region": ["17"], "Hälsotillstånd": ["01"], "Kön": ["00"], "År": ["2021-2024"],
             "Andel och konfidensintervall": ["01"]}


def test_post_sends_the_json_body_with_swedish_letters(pxserver, session) -> None:
    response = session.post(url_of(pxserver), v1_query_body(SELECTION))
    assert response.status == 200
    method, _path, body = pxserver.requests[-1]
    assert method == "POST" and body["query"][2]["code"] == "Kön"
    assert json.loads(response.body)["data"][0]["key"] == ["17", "01", "00", "2021-2024", "01"]


def test_post_429_is_retried_like_get(pxserver, session) -> None:
    pxserver.fail(429, times=1, retry_after="0", match=".px")
    response = session.post(url_of(pxserver), v1_query_body(SELECTION))
    assert response.status == 200 and session.requests_made == 2
    assert [m for m, _p, _b in pxserver.requests] == ["POST", "POST"]


def test_post_500_then_ok(pxserver, session) -> None:
    pxserver.fail(503, times=2, match=".px")
    assert session.post(url_of(pxserver), v1_query_body(SELECTION)).status == 200
    assert session.requests_made == 3


def test_post_403_over_the_cell_limit_fails_at_once_naming_the_url(pxserver) -> None:
    pxserver.max_values = 10
    everything = {**SELECTION, "Region": ["00", "17"], "Kön": ["00", "01", "02"]}  # 2 × 3 = 6 … × 4 measures
    everything["Andel och konfidensintervall"] = ["01", "02", "03", "04"]
    with HttpSession(HttpPolicy.fast()) as session, pytest.raises(HttpStatusError) as info:
        session.post(url_of(pxserver), v1_query_body(everything))
    assert info.value.status == 403 and info.value.url == url_of(pxserver)
    assert "Too many values" in str(info.value) and session.requests_made == 1
