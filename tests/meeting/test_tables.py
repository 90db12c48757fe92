from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from views.meeting.tables import BOM, neutralise_text, sheet_title, to_excel_csv, to_xlsx

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _read_back(data: bytes) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True, infer_schema_length=None)


def test_csv_is_swedish_excel_format_and_round_trips():
    df = pl.DataFrame({
        "Område": ["Årjäng", "Säffle; Grums", 'Citat "x"'],
        "Värde": [12.5, 1234567.25, None],
        "År": [2024, 2023, None],
    })
    data = to_excel_csv(df)
    assert data.startswith(BOM)
    text = data[len(BOM):].decode("utf-8")
    assert text.splitlines()[0] == "Område;Värde;År"
    assert "Årjäng;12,5;2024" in text
    assert "1234567,25" in text          # decimal comma, no thousands separator (Excel parses it as a number)
    assert "\r\n" in text
    back = _read_back(data)
    assert back.columns == df.columns     # the BOM does not leak into the first header
    assert back.equals(df)


def test_csv_flattens_lists_and_writes_iso_dates():
    df = pl.DataFrame({"decided_by": [["a", "b"], []], "Datum": [date(2026, 12, 1), None]})
    text = to_excel_csv(df)[len(BOM):].decode("utf-8")
    # empty text is quoted (""), a missing date is an empty cell
    assert text.splitlines() == ["decided_by;Datum", "a, b;2026-12-01", '"";']


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcåäöÅÄÖ ;,\"'-", min_size=1, max_size=12),
                          st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)), min_size=1, max_size=20))
def test_csv_round_trip_property(rows):
    df = pl.DataFrame({"namn": [r[0] for r in rows], "värde": [r[1] for r in rows]},
                      schema={"namn": pl.String, "värde": pl.Float64})
    back = pl.read_csv(io.BytesIO(to_excel_csv(df)), separator=";", decimal_comma=True,
                       schema={"namn": pl.String, "värde": pl.Float64})
    # a name that begins like a formula ('-a') comes back with the apostrophe that keeps it text (OWASP)
    assert back.equals(df.with_columns(pl.col("namn").map_elements(neutralise_text, return_dtype=pl.String)))


def _xlsx_rows(data: bytes) -> tuple[str, list[list[str | float | None]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        shared = [si.findtext("m:t", namespaces=NS) for si in
                  ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        name = book.find("m:sheets/m:sheet", NS).get("name")
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.findall("m:sheetData/m:row", NS):
        cells: list[str | float | None] = []
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            while len(cells) < ord(col) - ord("A"):
                cells.append(None)
            value = c.findtext("m:v", namespaces=NS)
            cells.append(shared[int(value)] if c.get("t") == "s" else float(value))
        rows.append(cells)
    return name, rows


def test_xlsx_keeps_numbers_as_numbers_and_blanks_for_missing():
    df = pl.DataFrame({"Område": ["Årjäng", "Kil"], "Värde": [12.5, None], "År": [2024, 2025]})
    name, rows = _xlsx_rows(to_xlsx(df, "Nytt/ändrat: värden [2026]"))
    assert name == "Nytt ändrat  värden  2026"
    assert rows[0] == ["Område", "Värde", "År"]
    assert rows[1] == ["Årjäng", 12.5, 2024.0]
    assert rows[2] == ["Kil", None, 2025.0]


def test_sheet_title_is_at_most_31_characters():
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("") == "Data"
