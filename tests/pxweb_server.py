"""A fake PxWeb server on 127.0.0.1 for tests and benchmarks: API v1 (Folkhälsodata-style) and PxWebApi 2.0
(SCB-style) side by side, with each server's own limits.

    from tests.pxweb_server import PxWebTestServer, fohm_survey_table
    tables = [fohm_survey_table("A_Mo8/Halsoutfall/01Overgrip/01.01halsgod/halsgodyreg.px", ...)]
    with PxWebTestServer(v1_tables=tables, max_values=100_000, max_calls=1000) as srv:
        srv.v1_base   # http://127.0.0.1:PORT/Folkhalsodata/api/v1/sv   (database folder A_Folkhalsodata)
        srv.v2_base   # http://127.0.0.1:PORT/api/v2
        srv.requests  # [(method, path, parsed JSON body or None)], in order
        srv.fail(429, times=1, retry_after="0", match=".px")

v1: `GET <v1>/?config` → {maxValues, maxCalls, timeWindow}; `GET <v1>/A_Folkhalsodata/<path>` → metadata;
`GET <v1>/A_Folkhalsodata/<folder>` → the folder listing (tables with their `updated` stamp, `FakeTable.updated`);
`POST` the same with {"query": [...], "response": {"format": "json"|"json-stat2"}} → the cells (values as strings,
missing as ".."), 403 over maxValues, 400 for an unknown variable or code or a left-out non-eliminable variable.
v2: `GET <v2>/config`, `GET <v2>/tables/<id>/metadata` (JSON-stat2 without values), `POST <v2>/tables/<id>/data`
with {"selection": [{"variableCode", "valueCodes"}]} → JSON-stat2 (null + status ".." for missing), 403
problem+json over maxDataCells. Both answer 429 when more than max_calls calls arrive within time_window seconds.

The figures are synthetic (seeded, plausible shares with intervals): not Folkhälsomyndigheten or SCB statistics.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

V1_PREFIX = "/Folkhalsodata/api/v1/sv"
V2_PREFIX = "/api/v2"
DATABASE = "A_Folkhalsodata"
MEASURE = "Andel och konfidensintervall"


@dataclass
class FakeVariable:
    code: str
    text: str
    values: list[str]
    value_texts: list[str]
    time: bool = False
    elimination: bool = False

    def as_v1(self) -> dict:
        out = {"code": self.code, "text": self.text, "values": self.values, "valueTexts": self.value_texts}
        if self.elimination:
            out["elimination"] = True
        if self.time:
            out["time"] = True
        return out


@dataclass
class FakeTable:
    path: str  # v1: path under the database folder; v2: the table id
    title: str
    variables: list[FakeVariable]
    value: Callable[[dict[str, str]], str | float | None]  # a cell's value ("..", None: missing)
    contents_code: str = "Andel"  # v1 `json`: the one contents column's code
    drop_missing_rows: bool = False  # v1 `json`: leave out rows whose values are all missing
    updated: str = "2026-06-15T08:00:00"  # v1 folder listing: when the figures last changed (Swedish time)

    def var(self, code: str) -> FakeVariable | None:
        return next((v for v in self.variables if v.code == code), None)


@dataclass
class Fault:
    status: int
    times: int | None
    match: str
    retry_after: str | None = None
    body: str | None = None


# --- synthetic FoHM-style tables ------------------------------------------------------------------------------
COUNTIES = [("00", "Riket"), ("01", "01 Stockholms län"), ("17", "17 Värmlands län"), ("18", "18 Örebro län")]
SURVEY_SEX = (["00", "01", "02"], ["Totalt", "Kvinnor", "Män"])
REGISTER_SEX = (["1+2", "1", "2"], ["Kvinnor och män", "Män", "Kvinnor"])
WINDOWS = ["2009-2012", "2013-2016", "2015-2018", "2017-2020", "2021-2024"]


def fohm_survey_table(path: str, title: str, category_var: str, categories: Sequence[tuple[str, str]],
                      windows: Sequence[str] = WINDOWS, seed: int = 1, missing: set[tuple[str, ...]] | None = None,
                      regions: Sequence[tuple[str, str]] = COUNTIES) -> FakeTable:
    """A Hälsa på lika villkor-style table: Region (00 + counties) × category × Kön (00/01/02) × År (pooled windows)
    × "Andel och konfidensintervall" (01 share, 02 lower, 03 upper, 04 respondents). `missing` lists
    (region, category, sex, window) combinations answered "..". """
    rng = random.Random(f"{seed}:{path}")
    base = {c: rng.uniform(8, 70) for c, _ in categories}
    missing = missing or set()

    def value(dims: dict[str, str]) -> str:
        key = (dims["Region"], dims[category_var], dims["Kön"], dims["År"])
        if key in missing:
            return ".."
        r = random.Random(f"{seed}:{path}:{key}")
        share = round(base[dims[category_var]] + r.uniform(-4, 4), 1)
        n = 2400 if dims["Region"] != "00" else 48000
        half = round(1.96 * math.sqrt(share * (100 - share) / n), 1)
        return {"01": f"{share:.1f}", "02": f"{share - half:.1f}", "03": f"{share + half:.1f}",
                "04": str(n)}[dims[MEASURE]]

    variables = [
        FakeVariable("Region", "region", [c for c, _ in regions], [t for _, t in regions]),
        FakeVariable(category_var, category_var.lower(), [c for c, _ in categories], [t for _, t in categories]),
        FakeVariable("Kön", "kön", *SURVEY_SEX),
        FakeVariable("År", "år", list(windows), list(windows), time=True),
        FakeVariable(MEASURE, MEASURE.lower(), ["01", "02", "03", "04"],
                     ["Andel", "Konfidensintervall nedre gräns", "Konfidensintervall övre gräns", "Antal svar"]),
    ]
    return FakeTable(path, title, variables, value)


def fohm_tables_for(definitions, seed: int = 1,
                    regions: Sequence[tuple[str, str]] = COUNTIES) -> list[FakeTable]:
    """One synthetic table per table the FoHM series definitions name (etl/sources/pxweb/definitions.py): with a
    breakdown variable where a series selects a category, titled with its `expect_text` so the checks pass.
    `regions`: (code, name) of Riket and the counties served (every county for a national-scale benchmark)."""
    by_table: dict[str, list] = {}
    for s in definitions.series:
        by_table.setdefault(s.table, []).append(s)
    tables = []
    for path, series in by_table.items():
        words = (series[0].expect_text or series[0].title).split("|")[0]
        title = f"{series[0].title} ({words}) efter region, kön och år"
        codes = sorted({s.category for s in series if s.category} | {"01"})
        if any(s.category or s.category_text for s in series):
            cats = [(c, f"{series[0].title} {words}" if c == "01" else f"Annan kategori {c}") for c in codes]
            for s in series:
                if s.category_text:
                    cats.append((f"{len(cats) + 1:02d}", s.category_text))
            tables.append(fohm_survey_table(path, title, "Kategori", cats, seed=seed, regions=regions))
        else:
            tables.append(_without_category(fohm_survey_table(path, title, "Kategori", [("01", title)], seed=seed,
                                                              regions=regions)))
    return tables


def _without_category(table: FakeTable) -> FakeTable:
    """A single-indicator table: the same figures without the breakdown variable."""
    inner = table.value
    table.variables = [v for v in table.variables if v.code != "Kategori"]
    table.value = lambda dims: inner({**dims, "Kategori": "01"})
    return table


# --- the server ---------------------------------------------------------------------------------------------
class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class PxWebTestServer:
    def __init__(self, v1_tables: Sequence[FakeTable] = (), v2_tables: Sequence[FakeTable] = (), *,
                 max_values: int = 100_000, max_calls: int = 1000, time_window: float = 10.0,
                 v2_max_cells: int = 150_000, v2_max_calls: int = 30, v2_time_window: float = 10.0,
                 listings: bool = True):
        self.v1_tables = {t.path: t for t in v1_tables}
        self.listings = listings  # False: v1 folders answer 404, like a server without folder listings
        self.v2_tables = {t.path: t for t in v2_tables}
        self.max_values, self.max_calls, self.time_window = max_values, max_calls, time_window
        self.v2_max_cells, self.v2_max_calls, self.v2_time_window = v2_max_cells, v2_max_calls, v2_time_window
        self.requests: list[tuple[str, str, object]] = []
        self.user_agents: list[str] = []  # the User-Agent of every request, in order
        # rewrite_body(path with query, body) -> body: change a 200 answer before it is sent (odd-server tests)
        self.rewrite_body: Callable[[str, bytes], bytes] | None = None
        self.rejected_429 = 0
        self._faults: list[Fault] = []
        self._calls: dict[str, deque[float]] = {"v1": deque(), "v2": deque()}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server._handle(self, "POST")

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def v1_base(self) -> str:
        return self.root + V1_PREFIX

    @property
    def v2_base(self) -> str:
        return self.root + V2_PREFIX

    def __enter__(self) -> PxWebTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def fail(self, status: int, *, times: int | None = 1, match: str = "", retry_after: str | None = None,
             body: str | None = None) -> None:
        with self._lock:
            self._faults.append(Fault(status, times, match, retry_after, body))

    def posts(self) -> list[tuple[str, object]]:
        return [(p, b) for m, p, b in self.requests if m == "POST"]

    # --- handling ------------------------------------------------------------------------------------------
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.match in path:
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def _over_call_limit(self, api: str) -> bool:
        limit, window = (self.max_calls, self.time_window) if api == "v1" else (self.v2_max_calls,
                                                                                  self.v2_time_window)
        now = time.monotonic()
        with self._lock:
            calls = self._calls[api]
            while calls and now - calls[0] >= window:
                calls.popleft()
            if len(calls) >= limit:
                self.rejected_429 += 1
                return True
            calls.append(now)
        return False

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0)) if method == "POST" else b""
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        with self._lock:
            self.requests.append((method, h.path, body))
            self.user_agents.append(h.headers.get("User-Agent", ""))
        split = urlsplit(h.path)
        path = unquote(split.path)
        api = "v1" if path.startswith(V1_PREFIX) else "v2"
        fault = self._take_fault(path)
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send(h, fault.status, (fault.body or f'{{"error": "injected {fault.status}"}}').encode(), headers)
            return
        if self._over_call_limit(api):
            self._send(h, 429, b'{"title": "Too many requests"}', {"Retry-After": "1"})
            return
        try:
            payload = self._v1(method, path, split.query, body) if api == "v1" else self._v2(method, path, body)
        except _BadRequest as exc:
            ctype = "application/problem+json" if api == "v2" else "text/plain; charset=utf-8"
            text = json.dumps({"title": exc.message, "status": exc.status}) if api == "v2" else exc.message
            self._send(h, exc.status, text.encode("utf-8"), {}, ctype)
            return
        answer = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        if self.rewrite_body is not None:
            answer = self.rewrite_body(h.path, answer)
        self._send(h, 200, answer, {})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str],
              ctype: str = "application/json; charset=utf-8") -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    # --- v1 ---------------------------------------------------------------------------------------------------
    def _v1(self, method: str, path: str, query: str, body: object) -> dict | list:
        rest = path[len(V1_PREFIX):].strip("/")
        if rest == "" and query == "config":
            return {"maxValues": self.max_values, "maxCalls": self.max_calls, "timeWindow": self.time_window,
                    "CORS": True}
        if rest != DATABASE and not rest.startswith(DATABASE + "/"):
            raise _BadRequest(404, "Not found")
        table = self.v1_tables.get(rest[len(DATABASE) + 1:])
        if table is None and method == "GET" and self.listings:
            listing = self._listing(rest[len(DATABASE) + 1:])
            if listing:
                return listing
        if table is None:
            raise _BadRequest(404, "Not found")
        if method == "GET":
            return {"title": table.title, "variables": [v.as_v1() for v in table.variables]}
        if not isinstance(body, dict) or not isinstance(body.get("query"), list):
            raise _BadRequest(400, "Bad request: no query")
        chosen: dict[str, list[str]] = {}
        for q in body["query"]:
            sel = q.get("selection", {}) if isinstance(q, dict) else {}
            if sel.get("filter") != "item":
                raise _BadRequest(400, f"filter {sel.get('filter')!r} not supported by the fake")
            chosen[q.get("code")] = list(sel.get("values", []))
        selection = self._resolve(table, chosen, self.max_values)
        fmt = (body.get("response") or {}).get("format", "json")
        if fmt == "json-stat2":
            return self._jsonstat(table, selection, v1_strings=True)
        if fmt != "json":
            raise _BadRequest(400, f"format {fmt!r} not supported by the fake")
        columns = [{"code": v.code, "text": v.text, "type": "t" if v.time else "d"}
                   for v in table.variables if v.code in selection]
        columns.append({"code": table.contents_code, "text": table.title, "type": "c"})
        data = []
        codes = [c["code"] for c in columns[:-1]]
        for combo in itertools.product(*(selection[c] for c in codes)):
            value = table.value(dict(zip(codes, combo, strict=True)))
            text = ".." if value is None else (value if isinstance(value, str) else repr(value))
            if table.drop_missing_rows and text == "..":
                continue
            data.append({"key": list(combo), "values": [text]})
        return {"columns": columns, "comments": [], "data": data,
                "metadata": [{"infofile": "None", "updated": "2026-06-15T08:00:00Z", "label": table.title,
                              "source": "Fake PxWeb (synthetic)"}]}

    def _listing(self, folder: str) -> list[dict]:
        """A v1 folder listing: subfolders (type "l") and tables (type "t", with `updated`); [] for no folder."""
        prefix = folder.strip("/") + "/" if folder.strip("/") else ""
        items: dict[str, dict] = {}
        for path, table in self.v1_tables.items():
            if not path.startswith(prefix):
                continue
            head, _, tail = path[len(prefix):].partition("/")
            if tail:
                items.setdefault(head, {"id": head, "type": "l", "text": head})
            else:
                items[head] = {"id": head, "type": "t", "text": table.title, "updated": table.updated}
        return list(items.values())

    def _resolve(self, table: FakeTable, chosen: dict[str, list[str]], limit: int) -> dict[str, list[str]]:
        for code, values in chosen.items():
            var = table.var(code)
            if var is None:
                raise _BadRequest(400, f"Bad request: unknown variable {code!r}")
            unknown = [v for v in values if v not in var.values]
            if unknown:
                raise _BadRequest(400, f"Bad request: unknown value(s) {unknown} for {code!r}")
        for var in table.variables:
            if var.code not in chosen and not var.elimination:
                raise _BadRequest(400, f"Bad request: variable {var.code!r} must be selected")
        cells = math.prod(len(v) for v in chosen.values())
        if cells > limit:
            raise _BadRequest(403, f"Too many values selected: {cells} cells, the limit is {limit}")
        return {v.code: chosen[v.code] for v in table.variables if v.code in chosen}

    # --- v2 ---------------------------------------------------------------------------------------------------
    def _v2(self, method: str, path: str, body: object) -> dict:
        parts = [p for p in path[len(V2_PREFIX):].split("/") if p]
        if method == "GET" and parts == ["config"]:
            return {"apiVersion": "2.3.2", "maxDataCells": self.v2_max_cells,
                    "maxCallsPerTimeWindow": self.v2_max_calls, "timeWindow": self.v2_time_window,
                    "license": "https://creativecommons.org/share-your-work/public-domain/cc0/",
                    "defaultDataFormat": "json-stat2"}
        if len(parts) != 3 or parts[0] != "tables" or parts[1] not in self.v2_tables:
            raise _BadRequest(404, "Not found")
        table = self.v2_tables[parts[1]]
        if method == "GET" and parts[2] == "metadata":
            all_values = {v.code: v.values for v in table.variables}
            meta = self._jsonstat(table, all_values, with_values=False)
            for v in table.variables:
                meta["dimension"][v.code]["extension"] = {"elimination": v.elimination}
            return meta
        if method == "POST" and parts[2] == "data":
            if not isinstance(body, dict) or not isinstance(body.get("selection"), list):
                raise _BadRequest(400, "Bad request: no selection")
            chosen = {s.get("variableCode"): list(s.get("valueCodes", [])) for s in body["selection"]}
            return self._jsonstat(table, self._resolve(table, chosen, self.v2_max_cells))
        raise _BadRequest(404, "Not found")

    def _jsonstat(self, table: FakeTable, selection: dict[str, list[str]], *, with_values: bool = True,
                  v1_strings: bool = False) -> dict:
        ids = list(selection)
        dims = {}
        for code in ids:
            var = table.var(code)
            assert var is not None
            dims[code] = {"label": var.text, "category": {
                "index": {c: i for i, c in enumerate(selection[code])},
                "label": {c: var.value_texts[var.values.index(c)] for c in selection[code]}}}
        out: dict = {"version": "2.0", "class": "dataset", "label": table.title, "source": "Fake PxWeb",
                     "updated": "2026-06-15T08:00:00Z", "id": ids, "size": [len(selection[c]) for c in ids],
                     "dimension": dims,
                     "role": {"time": [v.code for v in table.variables if v.time and v.code in selection]}}
        if not with_values:
            return out
        values: list[float | None] = []
        status: dict[str, str] = {}
        for i, combo in enumerate(itertools.product(*(selection[c] for c in ids))):
            raw = table.value(dict(zip(ids, combo, strict=True)))
            if raw is None or raw == "..":
                values.append(None)
                status[str(i)] = ".."
            else:
                values.append(float(raw))
        out["value"] = values
        if status:
            out["status"] = status
        return out


__all__ = ["COUNTIES", "DATABASE", "FakeTable", "FakeVariable", "PxWebTestServer", "REGISTER_SEX", "SURVEY_SEX",
           "WINDOWS", "fohm_survey_table", "fohm_tables_for"]
