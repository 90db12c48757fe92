"""`python -m etl status`: the county roll-up read from a real DuckDB file and printed with words and arrows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from rich.console import Console
from status_helpers import kpi_frame, make_catalogue, make_indicator, observations

from core.schema import SCHEMA_VERSION
from etl.catalogue_tables import catalogue_frames
from etl.sqlfiles import read_sql
from indicators.compute import compute_status_tables
from views import db as views_db
from views.county_report import StatusReportError, print_county_rollup, read_county_rollup

INDS = [
    make_indicator("forsta", "N00001", goals=("g1",), life_stage="ls1", short_name="Första måttet"),
    make_indicator("andra", "N00002", goals=("g1", "g2"), life_stage="ls1", short_name="Andra måttet",
                   direction="lower_is_better"),
    make_indicator("tredje", "N00003", goals=("g2",), life_stage="ls2", short_name="Tredje måttet"),
]
ROWS = [
    ("N00001", "0017", 2022, "T", 70.0), ("N00001", "0017", 2023, "T", 72.0), ("N00001", "0017", 2024, "T", 75.0),
    ("N00001", "0000", 2024, "T", 70.0),
    ("N00002", "0017", 2022, "T", 10.0), ("N00002", "0017", 2023, "T", 11.0), ("N00002", "0017", 2024, "T", 12.0),
    ("N00002", "0000", 2024, "T", 10.0),
    # Inhabitants of the municipalities: the county's denominator (their sum) for the Wilson interval
    ("N01951", "1715", 2022, "T", 12000.0), ("N01951", "1780", 2022, "T", 96000.0),
    ("N01951", "1784", 2022, "T", 26000.0),
]
AREA = pl.DataFrame({"area_id": ["0000", "0017", "1715", "1780", "1784"],
                     "name": ["Riket", "Region Värmland", "Kil", "Karlstad", "Arvika"],
                     "kind": ["riket", "region", "kommun", "kommun", "kommun"]})


@pytest.fixture
def db(tmp_path: Path, method) -> Path:
    cat = make_catalogue(INDS)
    tables = compute_status_tables(observations(ROWS), kpi_frame({}), cat, method, AREA)
    path = tmp_path / "status.duckdb"
    con = duckdb.connect(str(path))
    con.execute(read_sql("schema"))
    con.execute(read_sql("status_schema"))
    frames = {**catalogue_frames(cat), "area": AREA, **tables}
    for name in ("life_stage", "goal", "indicator", "area", *tables):
        con.register("frame", frames[name].to_arrow())
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")
        con.unregister("frame")
    con.execute("INSERT INTO source VALUES ('kolada', 'Kolada', 'RKA', 'fri', 'Källa: Kolada', 'https://x')")
    con.execute("INSERT INTO dataset VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.close()
    return path


def test_reads_the_county_rows(db: Path) -> None:
    data = read_county_rollup(db)
    assert data["life_stages"]["life_stage_id"].to_list() == ["ls1", "ls2"]
    assert data["indicators"]["indicator_id"].to_list() == ["forsta", "andra", "tredje"]
    assert data["goals"].row(0, named=True)["decided_by"] == ["andra"]  # the green one does not pull it down


def test_prints_words_and_arrows(db: Path) -> None:
    console = Console(record=True, width=200, color_system=None)
    print_county_rollup(db, console)
    text = console.export_text()
    assert "Livsfas ls1: Gult – Blandat" in text
    assert "Första måttet" in text and "75,0 %" in text and "Grönt – Bättre än riket ↑" in text
    assert "Andra måttet" in text and "Rött – Sämre än riket ↓" in text
    assert "Tredje måttet" in text and "Grått – Underlag saknas –" in text
    assert "Mål 1: Mål g1" in text and "Andra måttet" in text
    assert "1 grön, 0 i nivå, 0 gula, 1 röd, 0 utan underlag, 0 bevakas (av 2)" in text
    assert "Egen bearbetning av data från Kolada." in text
    # the database was opened read-only; once the report releases it, a writer can open it again
    views_db.release(db)
    duckdb.connect(str(db)).close()


def test_missing_database_is_named(tmp_path: Path) -> None:
    with pytest.raises(StatusReportError, match=r"nothing\.duckdb: no database here"):
        read_county_rollup(tmp_path / "nothing.duckdb")


def test_database_without_status_tables_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(read_sql("schema"))
    con.execute("INSERT INTO dataset VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.close()
    with pytest.raises(StatusReportError, match=r"table\(s\) status, goal_status, life_stage_status missing"):
        read_county_rollup(path)
