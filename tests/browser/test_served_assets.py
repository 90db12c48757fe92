"""The dashboard as served (`streamlit run dashboard/serve.py`, the replay of immutable answers in front): Streamlit's
own static files come back byte for byte and with the same headers every time, the page itself is never kept, a
range is still answered as a range, and a path that climbs out of the static folder gets nothing from it."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import streamlit

pytestmark = pytest.mark.browser
STATIC = Path(streamlit.__file__).resolve().parent / "static"


def _without_date(headers: requests.structures.CaseInsensitiveDict) -> dict:
    return {k.lower(): v for k, v in headers.items() if k.lower() != "date"}


def test_static_files_are_streamlits_own_bytes_every_time(app_url: str) -> None:
    index = requests.get(app_url + "/", timeout=30)
    assert index.status_code == 200 and index.headers["cache-control"] == "no-cache"   # the page: never kept
    scripts = re.findall(r'src="\./(static/js/[^"]+\.js)"', index.text)
    assert scripts, index.text[:500]
    for path in scripts[:5]:
        answers = [requests.get(f"{app_url}/{path}", timeout=30) for _ in range(3)]
        assert {a.status_code for a in answers} == {200}
        assert all(a.content == (STATIC / path).read_bytes() for a in answers), path
        assert all(_without_date(a.headers) == _without_date(answers[0].headers) for a in answers), path
        assert "immutable" in answers[0].headers["cache-control"]
    again = requests.get(app_url + "/", timeout=30)
    assert again.headers["cache-control"] == "no-cache" and again.headers["etag"] == index.headers["etag"]


def test_a_range_of_a_kept_file_is_answered_as_a_range(app_url: str) -> None:
    index = requests.get(app_url + "/", timeout=30).text
    path = re.findall(r'src="\./(static/js/[^"]+\.js)"', index)[0]
    requests.get(f"{app_url}/{path}", timeout=30)
    part = requests.get(f"{app_url}/{path}", headers={"Range": "bytes=0-99"}, timeout=30)
    assert part.status_code == 206 and part.content == (STATIC / path).read_bytes()[:100]


def test_a_path_out_of_the_static_folder_gets_nothing_from_outside(app_url: str) -> None:
    url = urlsplit(app_url)
    for raw in ("/static/../../../../../../etc/passwd", "/static/js/..%2f..%2f..%2f..%2fetc%2fpasswd"):
        for _ in range(2):
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            conn.request("GET", raw)   # sent as written: no client-side clean-up of the dots
            answer = conn.getresponse()
            body = answer.read()
            conn.close()
            assert b"root:" not in body, raw
