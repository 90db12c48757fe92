"""Session state: the shared filters, kept in step with the URL's query parameters, and the sidebar.

Rule for URL vs. widgets: a query parameter that differs from what this session last wrote into the URL is an
instruction (a pasted link, a page link) and wins; otherwise the widget wins. Every raw value is checked against
the known ids first (dashboard/params.py); unknown values fall back to the default with a short notice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.params import GENDERS, first_value, parse_choice

LAST_KEY = "np_last_query"
CONTEXT_KEY = "np_context"
KEYS = {"kommun": "f_kommun", "kon": "f_kon", "ar": "f_ar", "snapshot": "f_dataset"}


@dataclass(frozen=True)
class Filters:
    area_id: str
    area_name: str
    gender: str
    year: int | None
    dataset: str | None
    county_id: str
    country_id: str

    @property
    def gender_name(self) -> str:
        return GENDERS[self.gender]

    @property
    def is_county(self) -> bool:
        return self.area_id == self.county_id

    def query_params(self, **extra: str) -> dict[str, str]:
        """The URL parameters that reproduce this view (plus page-specific extras)."""
        params = {"kommun": self.area_id, "kon": self.gender}
        if self.year is not None:
            params["ar"] = str(self.year)
        if self.dataset:
            params["snapshot"] = self.dataset
        return {**params, **extra}

    def href(self, url_path: str, **extra: str) -> str:
        """A relative in-app link carrying the view."""
        return f"{url_path}?{urlencode(self.query_params(**extra))}"


@dataclass
class Context:
    """What every page needs; app.py builds it once per run and stores it in session state."""
    filters: Filters
    info: dict
    notices: list[str]
    latest_year: int | None
    area_names: dict[str, str]
    municipality_ids: list[str]
    pages: dict = field(default_factory=dict)       # 'oversikt', 'indikator', 'kommunprofil', 'metod', 'stage:<id>'
    stage_paths: dict[str, str] = field(default_factory=dict)   # life_stage_id -> url_path
    life_stage_id: str | None = None


def current_context() -> Context:
    return st.session_state[CONTEXT_KEY]


def _last() -> dict[str, str]:
    return st.session_state.setdefault(LAST_KEY, {})


def readopt_from_url(params: Collection[str]) -> None:
    """The next run takes these parameters from the URL again, even if they equal what was last written.

    For a page switch that carries the filters in its URL (leaving presentation mode): the filter widgets' own
    state does not survive Streamlit's switch out of a page whose sidebar is hidden, the URL does."""
    for name in params:
        _last().pop(name, None)


def adopt_from_url(param: str, key: str, allowed: Collection[str], default: str, default_words: str,
                   notices: list[str], convert: Callable[[str], object] = str) -> None:
    """Copy a new, valid URL value into session_state[key]; make sure the key holds an allowed value."""
    raw = first_value(st.query_params.get_all(param) or None)
    if raw is not None and raw != _last().get(param):
        parsed = parse_choice(raw, allowed, default, param, default_words)
        if parsed.notice:
            notices.append(parsed.notice)
        st.session_state[key] = convert(parsed.value)
        _last()[param] = raw
    current = st.session_state.get(key)
    if current is None or str(current) not in allowed:
        st.session_state[key] = convert(default)


def write_url(params: dict[str, str], drop: Collection[str] = ()) -> None:
    """Put the view into the URL (only keys that changed), remember what was written."""
    qp = st.query_params
    for name in drop:
        if name in qp:
            del qp[name]
        _last().pop(name, None)
    for name, value in params.items():
        if qp.get(name) != value:
            qp[name] = value
        _last()[name] = value


def area_labels(areas: pl.DataFrame) -> dict[str, str]:
    """area_id -> display name; the county is shown as the build's county label ('Hela Värmland')."""
    label = data.county_label()
    return {a: (label if kind == "region" else name)
            for a, name, kind in areas.select("area_id", "name", "kind").iter_rows()}


def sync_dataset(snapshots: list[dict], notices: list[str]) -> str | None:
    """Validate ?snapshot= against the index; remember the choice; tell data.py."""
    slugs = [""] + [s["slug"] for s in snapshots]
    adopt_from_url("snapshot", KEYS["snapshot"], slugs, "", "aktuell databas", notices)
    slug = st.session_state[KEYS["snapshot"]] or None
    data.set_active_dataset(slug)
    return slug


def sync_filters(areas: pl.DataFrame, years: list[int], notices: list[str]) -> None:
    kinds = dict(areas.select("area_id", "kind").iter_rows())
    county = next(a for a, k in kinds.items() if k == "region")
    choosable = [a for a, k in kinds.items() if k in ("region", "kommun")]
    adopt_from_url("kommun", KEYS["kommun"], choosable, county, data.county_label(), notices)
    adopt_from_url("kon", KEYS["kon"], list(GENDERS), "T", "Totalt", notices)
    if years:
        adopt_from_url("ar", KEYS["ar"], [str(y) for y in years], str(years[0]), f"senaste året ({years[0]})",
                       notices, convert=int)


def render_sidebar(areas: pl.DataFrame, years: list[int], snapshots: list[dict], *, with_year: bool = True,
                   labels: dict[str, str] | None = None) -> None:
    """The filters. `with_year`: the year select (only where it acts: the Indikator page's ranking and map).
    `labels`: area_labels(areas) when the caller has them already."""
    labels = labels if labels is not None else area_labels(areas)
    choosable = [a for a, k in areas.select("area_id", "kind").iter_rows() if k in ("region", "kommun")]
    with st.sidebar:
        st.selectbox("Kommun", choosable, key=KEYS["kommun"], format_func=labels.__getitem__)
        st.radio("Kön", list(GENDERS), key=KEYS["kon"], format_func=GENDERS.__getitem__, horizontal=True)
        if years and with_year:
            st.selectbox("År (kartor och rangordning)", years, key=KEYS["ar"])
        if snapshots:
            names = {"": "Aktuell databas", **{s["slug"]: f"Möte: {s['name']}" for s in snapshots}}
            st.selectbox("Dataunderlag", list(names), key=KEYS["snapshot"], format_func=names.__getitem__)


def read_filters(areas: pl.DataFrame, labels: dict[str, str] | None = None) -> Filters:
    kinds = dict(areas.select("area_id", "kind").iter_rows())
    labels = labels if labels is not None else area_labels(areas)
    area_id = st.session_state[KEYS["kommun"]]
    return Filters(
        area_id=area_id, area_name=labels[area_id], gender=st.session_state[KEYS["kon"]],
        year=st.session_state.get(KEYS["ar"]), dataset=st.session_state.get(KEYS["snapshot"]) or None,
        county_id=next(a for a, k in kinds.items() if k == "region"),
        country_id=next(a for a, k in kinds.items() if k == "riket"),
    )
