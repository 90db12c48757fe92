"""Every table a user sees can be downloaded for Excel (CSV with ; and decimal comma, and .xlsx)."""

from __future__ import annotations

from html.parser import HTMLParser

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


class _Tables(HTMLParser):
    """The cells' texts of every np-profile-table on a page: [[header, ...], [cell, ...], ...] per table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in = self._cell = False
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("data-testid", "np-profile-table") in attrs:
            self._in = True
            self.tables.append([])
        elif self._in and tag == "tr":
            self.tables[-1].append([])
        elif self._in and tag in ("td", "th"):
            self._cell, self._text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th"):
            self.tables[-1][-1].append(" ".join(self._text.split()))
            self._cell = False

    def handle_data(self, data: str) -> None:
        if self._cell:
            self._text += data


def _norm(text: str) -> str:
    return " ".join(text.split())  # as the parser reads cells: runs of spaces (no-break too) as one space


def test_a_kommunprofil_download_says_what_its_page_says(run_app):
    """Munkfors' Kommunprofil: each life stage's download has the page's rows, and every number in it, written as
    the page writes numbers, is the number in the page's cell (latest value, county, Riket, the difference); the
    comparison verdict is the page's words; the interval, count and population columns are there."""
    from dashboard import data
    from dashboard.stage_download import profile_download, with_comparison
    from views.format import UNIT_WORDS, fmt_delta, fmt_value

    at = run_app(page="app_pages/kommunprofil.py", kommun="1762")
    parser = _Tables()
    parser.feed("\n".join(h.proto.body for h in at.html))
    profile = with_comparison(data.query("profile", ["1762", "T"]), "county_value")
    parts = [part for _, part in profile.group_by("life_stage_name", maintain_order=True)]
    assert len(parser.tables) == len(parts) > 0
    county = data.county_label()
    for table, part in zip(parser.tables, parts, strict=True):
        headers, rows = table[0], table[1:]
        out = profile_download(part, False, county, data.source_column(part["series_id"].to_list()))
        assert {"Nedre gräns (95 %)", "Övre gräns (95 %)", "Antal fall (beräknat)", "Befolkning bakom värdet",
                "Jämfört med riket", "Jämfört med länet"} <= set(out.columns)
        assert out.height == len(rows)
        for cells, row in zip(rows, out.iter_rows(named=True), strict=True):
            page = dict(zip(headers, cells, strict=True))
            unit = next(u for u, w in UNIT_WORDS.items() if w == row["Enhet"])
            pct = unit == "percent"
            assert page["Indikator"].startswith(row["Indikator"])
            assert page["Senaste värde"] == _norm(fmt_value(row["Senaste värde"], unit, with_unit=pct))
            assert page[county] == _norm(fmt_value(row[county], unit, with_unit=pct))
            assert page["Riket"] == _norm(fmt_value(row["Riket"], unit, with_unit=pct))
            verdict = page["Jämfört med länet"]  # the badge: its symbol, then the words
            # no comparison: the page says why (no value: the status words, which the download has in "Status")
            expected = row["Jämfört med länet"] or (row["Status"] if row["Senaste värde"] is None
                                                     else "Kan inte jämföras")
            assert expected in verdict
            if row["Skillnad mot jämförelsen"] is not None:
                assert page["Skillnad mot länet"] == _norm(
                    fmt_delta(row["Skillnad mot jämförelsen"], unit, with_unit=False))
            for column in ("Senaste värde", county, "Riket", "Skillnad mot jämförelsen", "Nedre gräns (95 %)"):
                value = row[column]
                if value is not None:  # rounded as the page: no float noise such as -4.099999999999994
                    decimals = {"percent": 1, "per_100k": 0, "days": 1, "count": 0}[unit]
                    assert value == round(value, decimals), (column, value)
