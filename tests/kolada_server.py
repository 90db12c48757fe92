"""A fake Kolada v3 API on 127.0.0.1 for tests, benchmarks and the offline demo.

    from tests.kolada_server import KoladaTestServer, make_dataset
    dataset = make_dataset(load_catalogue(), years=range(2015, 2025), seed=1)
    with KoladaTestServer(dataset) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=tmp_path)   # base_url ends in /v3
        ...
        srv.requests            # every request path + query, in order
        srv.fail(429, times=1, retry_after="2", match="/data/")            # injectable faults
        dataset.set_value("N15428", "1780", 2024, "T", 81.2, changed=date(2026, 3, 1))   # revise / add
        dataset.delete_value("N15428", "1780", 2023, "T", changed=date(2026, 3, 1))

Routes (under /v3): `/kpi`, `/kpi/{ids}`, `/municipality[?region_type=K|L]`, `/municipality/{ids}`,
`/data/kpi/{kpis}/municipality/{areas}[/year/{years}]`, `/data/kpi/{kpis}/year/{years}`. Paging by `page` and
`per_page` with absolute `next_url`/`previous_url`; `from_date` returns changed values only, deleted ones with
`isdeleted: true` and `value: null`. More than 25 ids in a segment or `per_page` over 5000 give a FastAPI-style
422 `{"detail": [...]}`.

Standalone (offline demo, browser tests): `python -m tests.kolada_server --port 8765` from the repo root, then
`KOLADA_BASE_URL=http://127.0.0.1:8765/v3 python -m etl refresh`.

The data is synthetic: KPI metadata from tests/kolada_kpis.json (real v3 metadata objects, descriptions
shortened), values random but plausible. Not Kolada statistics.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

KPI_FIXTURE = Path(__file__).resolve().parent / "kolada_kpis.json"
# A stand-in for Kolada's whole KPI list (`/kpi` without ids, real v3 object shape, 20 KPIs beside the dataset's
# own): what the yearly review searches for candidate measures. Synthetic descriptions; not Kolada's list.
KPI_LIST_FIXTURE = Path(__file__).resolve().parent / "kolada_kpi_list.json"
DEFAULT_CHANGED = date(2026, 1, 15)
GENDERS = ("T", "K", "M")
MAX_IDS = 25
MAX_PER_PAGE = 5000

# Rough populations (fixture values, not statistics): weights for a plausible population KPI.
POPULATION = {
    "0000": 10_550_000, "0017": 283_000, "1715": 12_000, "1730": 8_400, "1737": 11_600, "1760": 4_000,
    "1761": 16_800, "1762": 3_600, "1763": 11_400, "1764": 9_000, "1765": 10_000, "1766": 13_200,
    "1780": 96_000, "1781": 24_000, "1782": 10_200, "1783": 11_500, "1784": 26_000, "1785": 15_000,
}
SMALL_AREAS = {"1760", "1762"}  # Storfors, Munkfors: more masked values
EXTRA_AREAS = [  # areas outside Värmland, so a client must filter /municipality
    {"id": "0180", "title": "Stockholm", "type": "K"},
    {"id": "1280", "title": "Malmö", "type": "K"},
    {"id": "0018", "title": "Region Örebro län", "type": "L"},
]


@dataclass(frozen=True)
class Obs:
    """One value for kpi × area × year × gender, with the day it last changed."""

    value: float | None
    status: str = ""
    count: int = 1
    changed: date = DEFAULT_CHANGED
    deleted: bool = False

    def as_json(self, gender: str) -> dict:
        if self.deleted:
            return {"gender": gender, "count": 0, "status": "", "value": None, "isdeleted": True}
        return {"gender": gender, "count": self.count, "status": self.status, "value": self.value,
                "isdeleted": False}


class KoladaDataset:
    """In-memory Kolada: KPI metadata, areas and values. Mutate it between fetches to test incrementals."""

    def __init__(self, kpis: Iterable[dict], municipalities: Iterable[dict]):
        self.kpis: dict[str, dict] = {k["id"]: dict(k) for k in kpis}
        self.municipalities: list[dict] = [dict(m) for m in municipalities]
        # /v3/municipality_groups objects: {"id": "G37471", "title": "...", "members": [{"member_id",
        # "member_title"}, ...]}
        self.groups: list[dict] = []
        # `/kpi` without ids: the dataset's KPIs and the stand-in list of every other KPI (kolada_kpi_list.json)
        self.kpi_list: list[dict] = json.loads(KPI_LIST_FIXTURE.read_text(encoding="utf-8"))
        self._values: dict[tuple[str, str], dict[int, dict[str, Obs]]] = {}
        self._lock = threading.Lock()

    # --- changing the data -------------------------------------------------------------------------------
    def set_value(self, kpi: str, area: str, year: int, gender: str, value: float | None, *, status: str = "",
                  count: int = 1, changed: date = DEFAULT_CHANGED) -> None:
        """Add or revise one value (`value=None` is a masked/missing value, not a deletion)."""
        if gender not in GENDERS:
            raise ValueError(f"gender must be one of {GENDERS}, got {gender!r}")
        with self._lock:
            years = self._values.setdefault((kpi, area), {})
            years.setdefault(year, {})[gender] = Obs(value, status, count, changed)

    def delete_value(self, kpi: str, area: str, year: int, gender: str, *, changed: date) -> None:
        """Mark a value deleted: gone from full listings, `isdeleted: true` in listings from `changed` on."""
        with self._lock:
            try:
                obs = self._values[(kpi, area)][year][gender]
            except KeyError:
                raise KeyError(f"no value {kpi} {area} {year} {gender} to delete") from None
            self._values[(kpi, area)][year][gender] = replace(obs, value=None, changed=changed, deleted=True)

    def set_kpi_field(self, kpi: str, name: str, value: object) -> None:
        if kpi not in self.kpis:
            raise KeyError(f"no KPI {kpi} in the dataset")
        if name not in self.kpis[kpi]:
            raise KeyError(f"KPI objects have no field {name!r}")
        self.kpis[kpi][name] = value

    def remove_kpi_metadata(self, kpi: str) -> dict:
        """Drop a KPI from the metadata listings (its values stay): Kolada removing or renumbering a KPI."""
        return self.kpis.pop(kpi)

    def add_kpi(self, meta: dict) -> None:
        self.kpis[meta["id"]] = dict(meta)

    def copy(self) -> KoladaDataset:
        """An independent copy: changing one changes nothing in the other (the values' Obs are immutable and are
        shared; every container is new)."""
        other = KoladaDataset.__new__(KoladaDataset)
        other.kpis = copy.deepcopy(self.kpis)
        other.municipalities = copy.deepcopy(self.municipalities)
        other.groups = copy.deepcopy(self.groups)
        other.kpi_list = copy.deepcopy(self.kpi_list)
        with self._lock:
            other._values = {key: {year: dict(genders) for year, genders in years.items()}
                             for key, years in self._values.items()}
        other._lock = threading.Lock()
        return other

    # --- reading -----------------------------------------------------------------------------------------
    def get(self, kpi: str, area: str, year: int, gender: str) -> Obs | None:
        return self._values.get((kpi, area), {}).get(year, {}).get(gender)

    def iter_values(self) -> Iterator[tuple[str, str, int, str, Obs]]:
        for (kpi, area), years in sorted(self._values.items()):
            for year, genders in sorted(years.items()):
                for gender, obs in sorted(genders.items()):
                    yield kpi, area, year, gender, obs

    def data_objects(self, kpis: Iterable[str] | None = None, areas: Iterable[str] | None = None,
                     years: Iterable[int] | None = None, from_date: date | None = None) -> list[dict]:
        """The v3 data objects for a query, ordered by the requested KPIs, then areas, then year."""
        with self._lock:
            kpi_list = list(kpis) if kpis is not None else sorted({k for k, _ in self._values})
            area_list = list(areas) if areas is not None else sorted({a for _, a in self._values})
            year_set = set(years) if years is not None else None
            out = []
            for kpi in dict.fromkeys(kpi_list):
                for area in dict.fromkeys(area_list):
                    for year, genders in sorted(self._values.get((kpi, area), {}).items()):
                        if year_set is not None and year not in year_set:
                            continue
                        entries = [obs.as_json(g) for g, obs in sorted(genders.items())
                                   if (obs.changed >= from_date if from_date else not obs.deleted)]
                        if entries:
                            out.append({"kpi": kpi, "municipality": area, "period": year, "values": entries})
            return out


def _round(x: float) -> float:
    return round(x, 1)


_BUILT: dict[tuple, KoladaDataset] = {}  # make_dataset's datasets by their arguments; callers get copies


def make_dataset(catalogue, years: Iterable[int] = range(2015, 2025), seed: int = 1,
                 null_share: float = 0.05, changed: date = DEFAULT_CHANGED, national: bool = False) -> KoladaDataset:
    """build_dataset(...), built once per process and arguments; each call gets its own copy to change (a build
    is 40–300 ms, a copy a tenth of that, and hundreds of tests ask for the same few datasets)."""
    years = tuple(years)
    key = (catalogue.model_dump_json(), years, seed, null_share, changed, national)  # the whole catalogue's content
    if key not in _BUILT:
        _BUILT[key] = build_dataset(catalogue, years, seed, null_share, changed, national)
    return _BUILT[key].copy()


def build_dataset(catalogue, years: Iterable[int] = range(2015, 2025), seed: int = 1,
                  null_share: float = 0.05, changed: date = DEFAULT_CHANGED, national: bool = False) -> KoladaDataset:
    """A plausible dataset for the catalogue: every KPI, the catalogue's areas (plus three others), all years.

    Gender-divided KPIs have T, K and M; type-K KPIs have no value for the region; about `null_share` of the
    values are null (more in the two smallest municipalities), a few with status "Missing".

    `national`: also the rest of the country (274 synthetic municipalities, so 290 in all, with the indicator KPIs'
    values for the last three years) and municipality groups as Kolada serves them: per county municipality
    "Liknande kommuner, övergripande, <name>, <year>" with 7 members from the rest of the country (an older year's
    group for the first one too), and a size-class group that is not a similar-municipality group.
    """
    rng = random.Random(seed)
    fixture = {k["id"]: k for k in json.loads(KPI_FIXTURE.read_text(encoding="utf-8"))}
    kpis = [fixture.get(k) or _synthetic_kpi(k) for k in catalogue.kpi_ids]
    kinds = {a.id: a.kind for a in catalogue.areas}
    areas = [{"id": a.id, "title": a.demo_name, "type": "K" if a.kind == "kommun" else "L"}
             for a in catalogue.areas]
    ds = KoladaDataset(kpis, areas + [m for m in EXTRA_AREAS if m["id"] not in kinds])
    units = {i.kpi: i.unit for i in catalogue.indicators}
    # Kolada's "Osäkerhetstal" KPIs: a half-width of a few percentage points, not a count.
    units.update({i.uncertainty_kpi: "uncertainty" for i in catalogue.indicators if i.uncertainty_kpi})
    years = list(years)
    for meta in kpis:
        kpi, unit = meta["id"], units.get(meta["id"], "count")
        genders = GENDERS if meta["is_divided_by_gender"] else ("T",)
        level = {"percent": rng.uniform(20, 85), "per_100k": rng.uniform(100, 1500),
                 "days": rng.uniform(15, 35)}.get(unit, 1.0)
        if unit == "uncertainty":
            level = 0.8 + (sum(map(ord, kpi)) % 23) / 10  # 0,8–3,0 percentage points, fixed per KPI
        trend = rng.uniform(-0.02, 0.02)
        for area, kind in kinds.items():
            if kind == "region" and meta["municipality_type"] == "K":
                continue
            offset = rng.uniform(0.85, 1.15)
            gap = rng.uniform(-0.08, 0.08)
            for n, year in enumerate(years):
                if unit == "count":
                    t = POPULATION.get(area, 10_000) * (1 + 0.003 * n)
                    values = {"T": float(round(t)), "K": float(round(t * 0.495)), "M": float(round(t * 0.505))}
                else:
                    t = level * offset * (1 + trend * n) * rng.uniform(0.97, 1.03)
                    if unit == "percent":
                        t = min(t, 99.0)
                    values = {"T": _round(t), "K": _round(t * (1 + gap)), "M": _round(t * (1 - gap))}
                    if unit == "percent":
                        values = {g: min(v, 100.0) for g, v in values.items()}
                share = null_share * (4 if area in SMALL_AREAS else 1)
                for gender in genders:
                    value: float | None = values[gender]
                    status = ""
                    if unit != "count" and rng.random() < share:
                        value = None
                        status = "Missing" if rng.random() < 0.2 else ""
                    ds.set_value(kpi, area, year, gender, value, status=status, changed=changed)
    _list_values(ds, kinds, years, seed)
    if national:
        _add_nation(ds, catalogue, years, rng, changed)
    return ds


NATIONAL_COUNT = 274  # with the county's 16: Sweden's 290 municipalities


def national_ids() -> list[str]:
    """Synthetic municipality ids outside the county (never '17xx'), four digits as Kolada's."""
    return [f"{c:02d}{m:02d}" for c in range(1, 26) if c != 17 for m in range(1, 13)][:NATIONAL_COUNT]


def _add_nation(ds: KoladaDataset, catalogue, years: list[int], rng: random.Random, changed: date) -> None:
    ids = national_ids()
    ds.municipalities += [{"id": a, "title": f"Testkommun {a}", "type": "K"} for a in ids]
    indicator_kpis = {i.kpi for i in catalogue.indicators if i.kpi}
    recent = years[-3:]
    for kpi in sorted(indicator_kpis):
        meta = ds.kpis.get(kpi)
        if meta is None:
            continue
        genders = GENDERS if meta["is_divided_by_gender"] else ("T",)
        # around the county's own level, so a group's median is plausible beside the municipality's value
        own = [o.value for a in catalogue.municipality_ids if (o := ds.get(kpi, a, recent[-1], "T")) is not None
               and o.value is not None]
        level = sum(own) / len(own) if own else 50.0
        for area in ids:
            offset = rng.uniform(0.8, 1.2)
            for year in recent:
                for gender in genders:
                    ds.set_value(kpi, area, year, gender, _round(level * offset * rng.uniform(0.97, 1.03)),
                                 changed=changed)
    for n, a in enumerate(catalogue.areas):
        if a.kind != "kommun":
            continue
        for year in ((2024, 2025) if n == 2 else (2025,)):
            members = rng.sample(ids, 7)
            ds.groups.append({"id": f"G9{n:02d}{year % 100}", "title": f"Liknande kommuner, övergripande, "
                              f"{a.demo_name}, {year}", "members": [{"member_id": m, "member_title": f"Testkommun {m}"}
                                                                    for m in members]})
    ds.groups.append({"id": "G30830", "title": "Kommuner med 5 000 - 9 999 invånare (ovägt medel)",
                      "members": [{"member_id": m, "member_title": f"Testkommun {m}"} for m in ids[:20]]})


def _list_values(ds: KoladaDataset, kinds: dict[str, str], years: list[int], seed: int) -> None:
    """Values for the stand-in list's KPIs (a random generator of their own, so the dataset's own values do not
    change): municipalities only, the last year missing for a few areas, none at all for type-L KPIs."""
    rng = random.Random(f"list-{seed}")
    for meta in ds.kpi_list:
        if meta["id"] in ds.kpis or meta["municipality_type"] == "L":
            continue
        level = rng.uniform(5, 80)
        for area, kind in kinds.items():
            if kind != "kommun":
                continue
            for year in years:
                if year == years[-1] and rng.random() < 0.25:
                    continue
                ds.set_value(meta["id"], area, year, "T", _round(level * rng.uniform(0.8, 1.2)))


def _synthetic_kpi(kpi: str) -> dict:
    return {"id": kpi, "title": f"Testmått {kpi}, andel (%)", "description": "Syntetiskt testmått. Källa: test.",
            "is_divided_by_gender": True, "municipality_type": "A", "auspice": "X", "operating_area": "Test",
            "perspective": "Test", "prel_publication_date": None, "publication_date": "2027-01-01",
            "publ_period": "2026", "has_ou_data": False}


@dataclass
class Fault:
    kind: str  # "status" | "malformed" | "hang"
    times: int | None  # None: forever
    match: str = ""
    status: int = 500
    retry_after: str | None = None
    body: str | None = None
    seconds: float = 0.0
    release: threading.Event | None = None  # hang: answer as soon as this is set (at the latest after `seconds`)


class _Unprocessable(Exception):
    def __init__(self, loc: list[str], msg: str, value: str, type_: str = "value_error"):
        self.detail = [{"type": type_, "loc": loc, "msg": msg, "input": value}]


class _NotFound(Exception):
    pass


@dataclass
class KoladaTestServer:
    """A real HTTP server in a thread. Use as a context manager; `base_url` includes the `/v3` prefix."""

    dataset: KoladaDataset
    max_ids: int = MAX_IDS
    max_per_page: int = MAX_PER_PAGE
    default_per_page: int = MAX_PER_PAGE
    short_page: int | None = None  # serve at most this many rows per page, whatever per_page says
    loop_next_url: bool = False  # answer every page with next_url pointing to itself
    prefix: str = "/v3"
    bind_port: int = 0  # 0: any free port
    requests: list[str] = field(default_factory=list)  # path + query of every request, in order
    user_agents: list[str] = field(default_factory=list)
    # rewrite(path, payload) -> payload: change a 200 answer before it is sent (misbehaving-server tests)
    rewrite: Callable[[str, dict], dict] | None = None

    def __post_init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------------------
    def start(self) -> KoladaTestServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                server._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.bind_port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> KoladaTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the server is not running")
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.prefix

    # --- faults ------------------------------------------------------------------------------------------
    def fail(self, status: int, *, times: int | None = 1, match: str = "", retry_after: str | None = None,
             body: str | None = None) -> None:
        """Answer the next `times` matching requests (None: all) with `status`; `match` is a path substring."""
        self._add(Fault("status", times, match, status=status, retry_after=retry_after, body=body))

    def malformed(self, *, times: int | None = 1, match: str = "") -> None:
        """Answer with status 200 and a truncated JSON body."""
        self._add(Fault("malformed", times, match))

    def hang(self, seconds: float, *, times: int | None = 1, match: str = "",
             release: threading.Event | None = None) -> None:
        """Sleep before answering normally (to trigger a client timeout); with `release`, answer as soon as the
        test sets it (a request held open exactly as long as the test needs, no longer)."""
        self._add(Fault("hang", times, match, seconds=seconds, release=release))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self.user_agents.clear()

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

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

    # --- handling ----------------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(h.path)
            self.user_agents.append(h.headers.get("User-Agent", ""))
        split = urlsplit(h.path)
        fault = self._take_fault(split.path)
        if fault is not None and fault.kind == "hang":
            if fault.release is not None:
                fault.release.wait(fault.seconds)
            else:
                time.sleep(fault.seconds)
        elif fault is not None and fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            body = fault.body if fault.body is not None else json.dumps({"detail": f"injected {fault.status}"})
            self._send(h, fault.status, body.encode(), headers)
            return
        elif fault is not None and fault.kind == "malformed":
            self._send(h, 200, b'{"values": [{"kpi": "N0', {})
            return
        try:
            payload = self._route(split.path, dict(parse_qsl(split.query)))
        except _Unprocessable as exc:
            self._send(h, 422, json.dumps({"detail": exc.detail}, ensure_ascii=False).encode(), {})
            return
        except _NotFound:
            self._send(h, 404, b'{"detail":"Not Found"}', {})
            return
        if self.rewrite is not None:
            payload = self.rewrite(split.path, payload)
        self._send(h, 200, json.dumps(payload, ensure_ascii=False).encode(), {})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _ids(self, segment: str, name: str) -> list[str]:
        ids = [unquote(s) for s in segment.split(",") if s]
        if len(ids) > self.max_ids:
            raise _Unprocessable(["path", name], f"Value error, at most {self.max_ids} ids are allowed, "
                                 f"got {len(ids)}", segment)
        return ids

    def _route(self, path: str, query: dict[str, str]) -> dict:
        if not path.startswith(self.prefix + "/"):
            raise _NotFound
        parts = [p for p in path[len(self.prefix):].split("/") if p]
        if not parts:
            raise _NotFound
        if parts[0] == "kpi" and len(parts) <= 2:
            wanted = self._ids(parts[1], "kpi_id") if len(parts) == 2 else None
            items = [k for k in self.dataset.kpis.values() if wanted is None or k["id"] in wanted]
            if wanted is None:
                items += [k for k in self.dataset.kpi_list if k["id"] not in self.dataset.kpis]
            return self._page(path, query, items)
        if parts[0] == "municipality" and len(parts) <= 2:
            wanted = self._ids(parts[1], "municipality_id") if len(parts) == 2 else None
            region_type = query.get("region_type")
            items = [m for m in self.dataset.municipalities
                     if (wanted is None or m["id"] in wanted) and (region_type is None or m["type"] == region_type)]
            return self._page(path, query, items)
        if parts[0] == "municipality_groups" and len(parts) == 1:
            title = query.get("title", "").lower()  # a substring of the title, as Kolada's title search
            return self._page(path, query, [g for g in self.dataset.groups if title in g["title"].lower()])
        if parts[0] == "data" and len(parts) in (5, 7) and len(parts) % 2 == 1:
            segments = dict(zip(parts[1::2], parts[2::2], strict=True))
            if set(segments) - {"kpi", "municipality", "year"} or len(segments) < 2:
                raise _NotFound
            kpis = self._ids(segments["kpi"], "kpi_id") if "kpi" in segments else None
            areas = self._ids(segments["municipality"], "municipality_id") if "municipality" in segments else None
            years = None
            if "year" in segments:
                try:
                    years = [int(y) for y in self._ids(segments["year"], "year")]
                except ValueError:
                    raise _Unprocessable(["path", "year"], "Input should be a valid integer",
                                         segments["year"], "int_parsing") from None
            from_date = None
            if "from_date" in query:
                try:
                    from_date = date.fromisoformat(query["from_date"])
                except ValueError:
                    raise _Unprocessable(["query", "from_date"], "Input should be a valid date",
                                         query["from_date"], "date_from_datetime_parsing") from None
            items = self.dataset.data_objects(kpis, areas, years, from_date)
            return self._page(path, query, items)
        raise _NotFound

    def _int_param(self, query: dict[str, str], name: str, default: int, high: int | None) -> int:
        raw = query.get(name, str(default))
        try:
            value = int(raw)
        except ValueError:
            raise _Unprocessable(["query", name], "Input should be a valid integer", raw, "int_parsing") from None
        if value < 1:
            raise _Unprocessable(["query", name], "Input should be greater than or equal to 1", raw,
                                 "greater_than_equal")
        if high is not None and value > high:
            raise _Unprocessable(["query", name], f"Input should be less than or equal to {high}", raw,
                                 "less_than_equal")
        return value

    def _page(self, path: str, query: dict[str, str], items: list[dict]) -> dict:
        per_page = self._int_param(query, "per_page", self.default_per_page, self.max_per_page)
        page = self._int_param(query, "page", 1, None)
        size = min(per_page, self.short_page) if self.short_page else per_page
        values = items[(page - 1) * size: page * size]

        def link(p: int) -> str:
            return f"{self.origin}{path}?{urlencode({**query, 'page': p})}"

        next_url = link(page + 1) if page * size < len(items) else None
        if self.loop_next_url:
            next_url = f"{self.origin}{path}?{urlencode(query)}" if query else f"{self.origin}{path}"
        return {"values": values, "count": len(values), "next_url": next_url,
                "previous_url": link(page - 1) if page > 1 else None}


def main(argv: list[str] | None = None) -> None:
    import argparse

    from indicators.catalogue import load_catalogue

    parser = argparse.ArgumentParser(description="Serve a synthetic Kolada v3 API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--years", default="2015-2024", help="first-last year")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))
    dataset = make_dataset(load_catalogue(), years=range(first, last + 1), seed=args.seed)
    with KoladaTestServer(dataset, bind_port=args.port) as srv:
        print(f"Fake Kolada v3 at {srv.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
