"""Every table a user sees can be downloaded for Excel (CSV with ; and decimal comma, and .xlsx)."""

from __future__ import annotations

import pytest

LABELS = {"Ladda ner .xlsx", "Ladda ner CSV (Excel)"}


def _downloads(at) -> list:
    buttons = at.get("download_button")
    assert {b.proto.label for b in buttons} <= LABELS
    return buttons


@pytest.mark.parametrize(("page", "tables"), [
    ("app_pages/livsskede.py", "one per goal"),
    ("app_pages/kommunprofil.py", "one per life stage"),
    ("app_pages/indikator.py", "series and ranking"),
    ("app_pages/metod.py", "coverage"),
])
def test_tables_have_csv_and_xlsx_downloads(run_app, page, tables):
    at = run_app(page=page, kommun="1780")
    buttons = _downloads(at)
    assert len(buttons) >= 2 and len(buttons) % 2 == 0, tables
    assert all(not b.proto.disabled for b in buttons), tables
    if page.endswith("livsskede.py"):
        assert len(buttons) == 2 * len(at.subheader)  # a pair under every goal's table
    if page.endswith("indikator.py"):
        assert len(buttons) == 4



def test_the_source_column_names_each_rows_own_source(data_dir):
    """Downloads carry a 'Källa' column from the source table, row by row (on demo data the demo's line, never a
    real source's name); the pages add it to every table (the AppTest above runs them)."""
    from dashboard import data

    rows = data.query("stage_rows", ["1780", "T", data.query("life_stages")["life_stage_id"][0]])
    column = data.source_column(rows["series_id"].to_list())
    assert column.name == "Källa" and column.len() == rows.height
    assert set(column) == {"demodata (påhittade siffror)"}
    assert data.source_column([None]).to_list() == [""]
