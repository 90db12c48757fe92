"""Tables out of the dashboard: Excel-friendly CSV and .xlsx, as bytes. Pure functions.

Swedish Excel opens a CSV by double-click when it is `;`-separated, uses a decimal comma and starts with a
UTF-8 byte-order mark (without it, å, ä and ö come out garbled).

Every text cell that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
return: OWASP's "CSV injection") gets a leading apostrophe, so an area name or a source line from upstream stays
text. Number columns are left as they are: a negative number is a number, not text. `to_excel_csv` is the one CSV
writer every download and export uses.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import polars as pl
import xlsxwriter

BOM = b"\xef\xbb\xbf"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def _flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Lists become 'a, b'; structs and other nested values become text. Flat columns are left alone."""
    exprs = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List | pl.Array):
            exprs.append(pl.col(name).cast(pl.List(pl.String)).list.join(", ").alias(name))
        elif isinstance(dtype, pl.Struct | pl.Object):
            exprs.append(pl.col(name).map_elements(str, return_dtype=pl.String).alias(name))
    return df.with_columns(exprs) if exprs else df


def neutralise_text(value: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def neutralise_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Every text column's cells that begin a formula get a leading apostrophe (OWASP); the header too. Number,
    date and boolean columns are left alone."""
    texts = [name for name, dtype in df.schema.items()
             if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)]
    exprs = [pl.when(pl.col(n).cast(pl.String).str.contains(_FORMULA_PATTERN))
             .then(pl.lit("'") + pl.col(n).cast(pl.String)).otherwise(pl.col(n).cast(pl.String)).alias(n)
             for n in texts]
    out = df.with_columns(exprs) if exprs else df
    return out.rename({c: neutralise_text(c) for c in out.columns if c != neutralise_text(c)})


def to_excel_csv(df: pl.DataFrame) -> bytes:
    """CSV for Swedish Excel: separator ';', decimal comma, UTF-8 with BOM, CRLF line ends; no cell is a live
    formula."""
    text = neutralise_formulas(_flatten(df)).write_csv(separator=";", decimal_comma=True, line_terminator="\r\n",
                                  datetime_format="%Y-%m-%d %H:%M:%S", date_format="%Y-%m-%d")
    return BOM + text.encode("utf-8")


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "Data"
    return cleaned[:31]


def to_xlsx(df: pl.DataFrame, sheet_name: str = "Data") -> bytes:
    """One-sheet workbook: bold header, numbers as numbers, dates as dates, empty cells for missing values."""
    flat = _flatten(df)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(sheet_title(sheet_name))
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, name in enumerate(flat.columns):
        sheet.write_string(0, col, name, header)
        values = flat.get_column(name).to_list()
        width = max([len(name)] + [len(str(v)) for v in values[:500] if v is not None])
        sheet.set_column(col, col, min(max(width + 2, 8), 60))
        for row, value in enumerate(values, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(row, col, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(row, col, value, datetime_fmt)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, datetime.combine(value, datetime.min.time()), date_fmt)
            else:
                sheet.write_string(row, col, str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
