"""Real answers recorded by public projects (tests/fixtures/recorded/PROVENANCE.md), read by this pipeline: a Kolada
v3 data answer (15 cells) paged through a local server, PxWeb v1 metadata, data, a folder listing and config, and
the odd config answers a live server gave (an empty 200, an HTML 404), served byte for byte from 127.0.0.1."""

from __future__ import annotations

import codecs
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl.http import HttpPolicy, HttpSession
from etl.sources.kolada.paging import iter_pages
from etl.sources.kolada.parse import parse_areas, parse_data
from etl.sources.pxweb.client import PxWebClient
from etl.sources.pxweb.decode import CONTENTS, decode_v1_json
from etl.sources.pxweb.limits import DEFAULT_LIMITS, PxWebConfigError, parse_v1_config
from etl.sources.pxweb.listing import updated_stamps
from etl.sources.pxweb.series import gender_of

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
KOLADA = RECORDED / "kolada_v3"
PXWEB = RECORDED / "pxweb_v1"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"


def recorded_r_response(path: Path) -> Answer:
    """status_code and content of an httptest `.R` response object: `raw(0)` (empty) or `charToRaw("…")`."""
    text = path.read_text(encoding="utf-8")
    status = int(re.search(r"status_code = (\d+)L", text).group(1))
    ctype = re.search(r"`content-type` = \"([^\"]*)\"", text)
    if "content = raw(0)" in text:
        return Answer(status, b"", ctype.group(1) if ctype else "")
    raw = re.search(r'content = charToRaw\("((?:[^"\\]|\\.)*)"\)', text, re.S).group(1)
    return Answer(status, codecs.decode(raw, "unicode_escape").encode("latin-1"),
                  ctype.group(1) if ctype else "text/html")


class RecordedServer:
    """Serves fixed answers on 127.0.0.1: `routes[(method, path_with_query)] = Answer`."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Answer] = {}
        self.seen: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                if method == "POST":
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.seen.append(f"{method} {self.path}")
                a = server.routes.get((method, self.path), Answer(404, b'{"detail":"Not Found"}'))
                self.send_response(a.status)
                self.send_header("Content-Type", a.content_type)
                self.send_header("Content-Length", str(len(a.body)))
                self.end_headers()
                self.wfile.write(a.body)

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def recorded() -> Iterator[RecordedServer]:
    srv = RecordedServer()
    yield srv
    srv.close()


@pytest.fixture
def session() -> Iterator[HttpSession]:
    with HttpSession(HttpPolicy.fast(max_attempts=1)) as s:
        yield s


# --- Kolada v3 ------------------------------------------------------------------------------------------------
def test_a_recorded_kolada_data_answer_is_paged_and_parsed_cell_for_cell(recorded, session) -> None:
    objects = json.loads((KOLADA / "kolada_n21704_fixture.json").read_bytes())["values"]
    base = recorded.origin + "/v3/data/kpi/N21704/year/2023"
    first, second = f"{base}?per_page=3", f"{base}?per_page=3&page=2"
    recorded.routes[("GET", first[len(recorded.origin):])] = Answer(200, json.dumps(
        {"values": objects[:3], "count": 3, "next_url": second}, ensure_ascii=False).encode())
    recorded.routes[("GET", second[len(recorded.origin):])] = Answer(200, json.dumps(
        {"values": objects[3:], "count": 2, "next_url": None}, ensure_ascii=False).encode())
    pages = list(iter_pages(session, first))
    assert [p.rows for p in pages] == [3, 2] and pages[-1].next_url is None
    frame = parse_data([obj for p in pages for obj in json.loads(p.body)["values"]], "run")
    expected = {(o["municipality"], o["period"], v["gender"]): v["value"] for o in objects for v in o["values"]}
    got = {(r["area_id"], r["year"], r["gender"]): r["value"] for r in frame.iter_rows(named=True)}
    assert len(expected) == 15 and got == expected  # 15 of 15 cells exact
    assert set(frame["series_id"]) == {"kolada:N21704"} and frame["flag"].null_count() == 15


def test_a_recorded_kolada_municipality_listing_gives_the_area_names(catalogue) -> None:
    areas = json.loads((KOLADA / "kolada_municipalities_fixture.json").read_bytes())
    named = parse_areas(areas, catalogue)
    assert dict(named.select("area_id", "name").iter_rows()) == {"0000": "Riket"}  # the only catalogue area in it


# --- PxWeb v1 ---------------------------------------------------------------------------------------------------
def test_a_recorded_v1_config_gives_the_smaller_cell_limit() -> None:
    limits = parse_v1_config("recorded", (PXWEB / "BefolkningNy-249173.json").read_bytes())
    assert (limits.max_cells, limits.max_calls, limits.time_window) == (110_000, 30, 10.0)


@pytest.mark.parametrize("recording", ["v1-249173.R", "doris-249173.R"])
def test_the_recorded_odd_config_answers_fall_back_to_the_default_limits(recorded, session, recording) -> None:
    answer = recorded_r_response(PXWEB / recording)
    assert (answer.status, answer.body[:15]) in ((200, b""), (404, b"<!DOCTYPE html "))
    if answer.status == 200:
        with pytest.raises(PxWebConfigError):
            parse_v1_config("recorded", answer.body or b" ")
    recorded.routes[("GET", "/OV0104/v1/doris/sv/?config")] = answer
    client = PxWebClient(session, "v1", recorded.origin + "/OV0104/v1/doris/sv", database="ssd")
    assert client.limits() == DEFAULT_LIMITS
    assert client.limits_note and ("empty 200" in client.limits_note or "HTTP 404" in client.limits_note)


def test_recorded_v1_metadata_data_and_listing_are_read(recorded, session) -> None:
    meta_body = (PXWEB / "ME0104T24.json").read_bytes()
    data_body = (PXWEB / "ME0104T24-c9f73a-POST.json").read_bytes()
    table = "/OV0104/v1/doris/sv/ssd/START/ME/ME0104/ME0104C/ME0104T24"
    recorded.routes[("GET", "/OV0104/v1/doris/sv/?config")] = Answer(
        200, (PXWEB / "BefolkningNy-249173.json").read_bytes())
    recorded.routes[("GET", table)] = Answer(200, meta_body)
    recorded.routes[("POST", table)] = Answer(200, data_body)
    recorded.routes[("GET", "/OV0104/v1/doris/sv/ssd/START/ME/ME0104/ME0104C")] = Answer(
        200, (PXWEB / "ME0104C.json").read_bytes())
    client = PxWebClient(session, "v1", recorded.origin + "/OV0104/v1/doris/sv", database="ssd")
    meta, _ = client.metadata("START/ME/ME0104/ME0104C/ME0104T24")
    assert meta.title.startswith("Riksdagsval - personröster")
    assert [v.code for v in meta.variables] == ["Region", "Parti", "Kon", "ContentsCode", "Tid"]
    assert [v.elimination for v in meta.variables] == [True, True, True, False, False]
    assert meta.time_variable.code == "Tid" and meta.time_variable.values[-1] == "2022"
    kon = meta.variable("Kon")
    assert [gender_of("ME0104T24", kon, c) for c in kon.values] == ["M", "K", "T"]  # SCB: 1 män, 2 kvinnor
    [(body, answer)] = list(client.query("START/ME/ME0104/ME0104C/ME0104T24",
                                         {"Parti": ["M", "C"], "Kon": ["1"], "ContentsCode": ["ME0104AV"],
                                          "Tid": ["2002"]}))
    cells = decode_v1_json(answer.url, answer.body)
    assert [(c.dims["Parti"], c.dims["Kon"], c.dims["Tid"], c.dims[CONTENTS], c.value) for c in cells] == [
        ("M", "1", "2002", "ME0104AV", 133222.0), ("C", "1", "2002", "ME0104AV", 59183.0)]
    known = {v.code: set(v.values) for v in meta.variables}
    assert all(code in known[dim] for c in cells for dim, code in c.dims.items() if dim in known)
    stamps = updated_stamps(client.listing("START/ME/ME0104/ME0104C").body)
    assert stamps["ME0104T24"].startswith("2023-02-27") and len(stamps) == 8
