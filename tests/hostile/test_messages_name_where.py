"""Refusals name the file, URL, series or area (issue 23): a huge integer, JSON nested thousands deep, a gzip body
that does not unpack, and an own-figures fetch counting its rows."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.http import HttpError, HttpPolicy, HttpSession
from etl.sources import SourceDataError
from etl.sources.kolada.envelope import KoladaResponseError, parse_envelope
from etl.sources.kolada.parse import parse_data
from etl.sources.pxweb.decode import PxWebDataError, parse_number
from nyaperspektiv.cli import main

URL = "http://127.0.0.1:9/v3/data/kpi/N00001/year/2024"


def test_an_integer_too_large_for_a_float_names_file_kpi_area_and_year():
    obj = {"kpi": "N00001", "municipality": "1780", "period": 2024,
           "values": [{"gender": "T", "value": 10 ** 400, "status": ""}]}
    with pytest.raises(SourceDataError) as info:
        parse_data([("raw/kolada/r1/data-001.json", obj)], "r1")
    assert str(info.value).startswith("raw/kolada/r1/data-001.json: KPI N00001, area 1780, year 2024, gender T: "
                                      "field 'value' is an integer of 401 digits")


def test_pxweb_names_the_url_for_a_huge_integer():
    with pytest.raises(PxWebDataError, match=r"^http://x/t: Kommun 1780, år 2024: an integer of 401 digits"):
        parse_number("http://x/t", "Kommun 1780, år 2024", 10 ** 400)


def test_json_nested_thousands_deep_names_the_url():
    with pytest.raises(KoladaResponseError) as info:
        parse_envelope(URL, b"[" * 100_000 + b"]" * 100_000)
    assert str(info.value).startswith(f"malformed JSON from {URL}: JSON nested too deeply")


class _BadGzip(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        body = b"\x1f\x8b\x08\x00not really gzip at all" * 20
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def bad_gzip_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BadGzip)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v3/kpi"
    finally:
        server.shutdown()
        server.server_close()


def test_a_gzip_body_that_does_not_unpack_names_the_url(bad_gzip_url):
    with HttpSession(HttpPolicy.fast()) as http, pytest.raises(HttpError) as info:
        http.get(bad_gzip_url)
    assert str(info.value).startswith(f"{bad_gzip_url}: the answer's gzip body could not be unpacked")


def test_an_own_figures_fetch_counts_its_rows(tmp_path: Path, capsys):
    egna = tmp_path / "data" / "egna"
    egna.mkdir(parents=True)
    rows = "".join(f"besok;{a};{y};T;1{y % 10},5;Källa: Karlstads kommun;Karlstads kommun\n"
                   for a in ("1780", "1715", "1784") for y in range(2018, 2024))
    (egna / "besok.csv").write_text("serie;område;år;kön;värde;källa;utgivare\n" + rows, encoding="utf-8")
    code = main(["--data-dir", str(tmp_path / "data"), "fetch", "--source", "egna"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 anrop, 18 rader" in out
