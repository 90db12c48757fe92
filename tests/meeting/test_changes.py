from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from etl.meeting_snapshot import create_snapshot
from views.meeting.changes import ChangesError, changes_since, diff_databases
from views.meeting.labels import revised_table, verdicts_table


def _edit(path, *statements):
    """Simulate a rebuild that changed the live file (tests only: the real build replaces the file)."""
    con = duckdb.connect(str(path))
    for sql, params in statements:
        con.execute(sql, params)
    con.execute("CHECKPOINT")
    con.close()


def _one_value(path):
    con = duckdb.connect()
    con.execute("ATTACH ? AS d (READ_ONLY)", [str(path)])
    rows = con.execute(
        "SELECT o.series_id, o.area_id, o.year, o.gender, o.value FROM d.observation o "
        "JOIN d.indicator i ON i.series_id = o.series_id WHERE o.area_id = '1780' AND o.gender = 'T' "
        "AND o.value IS NOT NULL ORDER BY i.sort_order, o.year LIMIT 1").fetchall()
    con.close()
    return rows[0]


def test_two_snapshots_with_one_revision_list_exactly_that(settings):
    kpi, area, year, gender, value = _one_value(settings.db_path)
    first = create_snapshot(settings, "Möte 1", now=datetime(2026, 10, 1, tzinfo=UTC))
    _edit(settings.db_path, ("UPDATE observation SET value = value + 1.5 WHERE series_id = ? AND area_id = ? "
                             "AND year = ? AND gender = ?", [kpi, area, year, gender]))
    second = create_snapshot(settings, "Möte 2", now=datetime(2026, 12, 1, tzinfo=UTC))
    changes = diff_databases(first.path, second.path)
    assert changes.revised.select("series_id", "area_id", "year", "gender", "change").rows() == [
        (kpi, area, year, gender, "revised")]
    assert changes.revised["old_value"][0] == pytest.approx(value)
    assert changes.revised["new_value"][0] == pytest.approx(value + 1.5)
    assert changes.new_years.height == 0
    assert changes.series_meta.height == 0
    assert changes.verdicts is not None and changes.verdicts.height == 0
    assert changes.basis == "mötet Möte 1 (2026-10-01)"
    table = revised_table(changes.revised)
    assert table.columns == ["Indikator", "Serie", "Område", "År", "Kön", "Tidigare värde", "Nytt värde", "Ändring"]
    assert table.row(0)[2:5] == ("Karlstad", year, "Totalt")
    assert table["Ändring"][0] == "Reviderat"


def test_removed_value_new_year_kpi_metadata_and_verdict(settings):
    kpi, area, year, gender, _ = _one_value(settings.db_path)
    first = create_snapshot(settings, "Före")
    _edit(settings.db_path,
          ("DELETE FROM observation WHERE series_id = ? AND area_id = ? AND year = ? AND gender = ?",
           [kpi, area, year, gender]),
          ("INSERT INTO observation BY NAME "
           "SELECT series_id, area_id, 2031 AS year, gender, value, flag, count, run_id "
           "FROM observation WHERE series_id = ? AND year = (SELECT max(year) FROM observation WHERE series_id = ?)",
           [kpi, kpi]),
          ("UPDATE series SET title = 'Ny titel', publication_date = DATE '2027-06-01' WHERE series_id = ?", [kpi]),
          ("UPDATE status SET mark = 'red', mark_label = 'Testbedömning', arrow = '↓' "
           "WHERE series_id = ? AND area_id = '1780' AND gender = 'T'", [kpi]))
    changes = diff_databases(first.path, settings.db_path)
    assert changes.revised.select("series_id", "area_id", "year", "change").rows() == [(kpi, area, year, "removed")]
    assert changes.revised["new_value"][0] is None
    assert changes.new_years.select("series_id", "new_year").rows() == [(kpi, 2031)]
    assert changes.new_years["old_year"][0] < 2031
    assert sorted(changes.series_meta.select("field", "new_value").rows()) == [
        ("publication_date", "2027-06-01"), ("title", "Ny titel")]
    assert changes.basis == "mötet Före (" + first.created_at[:10] + ")"
    verdicts = changes.verdicts
    assert verdicts.select("area_id", "gender", "new_mark").rows() == [("1780", "T", "red")]
    assert verdicts_table(verdicts)["Ny bedömning"][0] == "▲ Testbedömning ↓"


def test_changes_since_a_date_use_the_change_records(settings):
    kpi, area, year, gender, value = _one_value(settings.db_path)
    _edit(settings.db_path,
          ("DELETE FROM observation_change", []),  # the demo's own change set is not part of this test
          ("DELETE FROM series_change", []),
          ("INSERT INTO etl_run (run_id, started_at, finished_at, source, mode, from_date, requests, rows, "
           "outcome, message) "
           "VALUES ('r-old', TIMESTAMP '2026-09-01 03:00', TIMESTAMP '2026-09-01 03:05', "
           "'http://127.0.0.1:9', 'incremental', DATE '2026-08-01', 3, 1, 'ok', '')", []),
          ("INSERT INTO etl_run (run_id, started_at, finished_at, source, mode, from_date, requests, rows, "
           "outcome, message) "
           "VALUES ('r-new', TIMESTAMP '2026-11-20 03:00', TIMESTAMP '2026-11-20 03:05', "
           "'http://127.0.0.1:9', 'incremental', DATE '2026-11-01', 3, 2, 'ok', '')", []),
          ("INSERT INTO observation_change VALUES ('r-old', ?, ?, ?, ?, 'revised', 1.0, 2.0)",
           [kpi, area, year, gender]),
          ("INSERT INTO observation_change VALUES ('r-new', ?, ?, ?, ?, 'revised', ?, ?)",
           [kpi, area, year, gender, value - 2, value]),
          ("INSERT INTO series_change VALUES ('r-new', ?, 'publication_date', '2027-03-01', '2027-04-01')", [kpi]),
          ("INSERT INTO series_change VALUES ('r-old', ?, 'title', 'Gammal', 'Äldre')", [kpi]))
    changes = changes_since(settings.db_path, date(2026, 11, 1))
    assert changes.revised.select("series_id", "area_id", "year", "old_value", "new_value").rows() == [
        (kpi, area, year, pytest.approx(value - 2), pytest.approx(value))]
    assert changes.series_meta.select("series_id", "field").rows() == [(kpi, "publication_date")]
    assert changes.verdicts is None and "mötesögonblicksbild" in changes.note
    # from before both runs: the key changed twice -> first old value, last new value
    both = changes_since(settings.db_path, date(2026, 8, 15))
    assert both.revised.select("old_value", "new_value").rows() == [(1.0, pytest.approx(value))]
    assert both.series_meta.height == 2


def test_changes_since_with_a_baseline_snapshot_compares_verdicts(settings):
    kpi = _one_value(settings.db_path)[0]
    base = create_snapshot(settings, "Bas")
    _edit(settings.db_path, ("UPDATE status SET mark = CASE WHEN mark = 'red' THEN 'green' ELSE 'red' END "
                             "WHERE series_id = ? AND area_id = '1780' AND gender = 'T'", [kpi]))
    changes = changes_since(settings.db_path, date(2026, 1, 1), baseline_snapshot=base.path)
    assert changes.verdicts.select("area_id", "gender").rows() == [("1780", "T")]
    assert "mötet Bas" in changes.note


def test_missing_file_is_named(tmp_path, settings):
    with pytest.raises(ChangesError, match="database file not found: .*nope.duckdb"):
        diff_databases(tmp_path / "nope.duckdb", settings.db_path)


def test_the_county_is_named_as_on_every_page(settings):
    """A revised county value and a changed county verdict read "Hela Värmland" (the build's county label), not the
    source's area name "Region Värmland"; so does the coverage table on Data och metod."""
    from views.db import query

    first = create_snapshot(settings, "Möte 1", now=datetime(2026, 10, 1, tzinfo=UTC))
    _edit(settings.db_path,
          ("UPDATE observation SET value = value + 2 WHERE area_id = '0017' AND gender = 'T'", []),
          ("UPDATE status SET mark = CASE WHEN mark = 'red' THEN 'green' ELSE 'red' END WHERE area_id = '0017'", []))
    second = create_snapshot(settings, "Möte 2", now=datetime(2026, 12, 1, tzinfo=UTC))
    changes = diff_databases(first.path, second.path)
    revised = set(changes.revised.filter(changes.revised["area_id"] == "0017")["area_name"])
    marks = set(changes.verdicts.filter(changes.verdicts["area_id"] == "0017")["area_name"])
    assert revised == {"Hela Värmland"} and marks == {"Hela Värmland"}
    coverage = query(settings.db_path, "coverage", [])
    assert set(coverage.filter(coverage["area_id"] == "0017")["area_name"]) == {"Hela Värmland"}
