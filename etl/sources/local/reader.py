"""Read an own-figures file into a header and rows of cells, keeping each row's number as a spreadsheet shows it
(the header is row 1). CSV: UTF-8 (with or without BOM) or, failing that, Windows-1252 as older Excel saves it;
`;`, `,` or tab as separator, read from the header line. XLSX: the first sheet, via openpyxl.

Limits, checked before a file is parsed (a hostile or broken file must not take the refresh's memory or time):
at most MAX_FILE_BYTES on disk, an XLSX whose zip declares at most MAX_UNCOMPRESSED_BYTES unpacked (a zip bomb is
refused before openpyxl opens it), at most MAX_ROWS rows and MAX_CELL_CHARS characters in a cell. Every refusal
names the file (and the row and column where there is one)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".csv", ".xlsx")
MAX_FILE_BYTES = 20_000_000  # an own-figures file is a few hundred rows; 20 MB is far beyond any real one
MAX_UNCOMPRESSED_BYTES = 50_000_000  # what an XLSX may unpack to, all its parts together
MAX_ROWS = 200_000
MAX_CELL_CHARS = 2_000  # a source line or a title; a longer cell is not text anyone meant to show


class LocalFileError(ValueError):
    """A file we cannot read at all; the message names it."""


@dataclass(frozen=True)
class Table:
    name: str  # the file name, for messages
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cells)
    separator: str | None = None  # CSV only


def read_table(name: str, body: bytes, suffix: str | None = None) -> Table:
    """`name` is for messages; the type comes from `suffix` (".csv"/".xlsx"), else from the name."""
    suffix = (suffix or Path(name).suffix).lower()
    if len(body) > MAX_FILE_BYTES:
        raise LocalFileError(f"{name}: {len(body) / 1e6:.1f} MB is larger than the {MAX_FILE_BYTES / 1e6:.0f} MB "
                             "an own-figures file may be; split it or remove what is not figures")
    if suffix == ".csv":
        return _checked(_read_csv(name, body))
    if suffix == ".xlsx":
        return _checked(_read_xlsx(name, body))
    raise LocalFileError(f"{name}: unknown file type {suffix!r}; use .csv or .xlsx (see docs/egna-siffror.md)")


def _checked(table: Table) -> Table:
    """Refuse a table with too many rows or a cell too long to be a figure, a name or a source line."""
    if len(table.rows) > MAX_ROWS:
        raise LocalFileError(f"{table.name}: {len(table.rows)} rows; an own-figures file may have at most {MAX_ROWS}")
    for row, cells in [(1, table.header), *table.rows]:
        for col, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise LocalFileError(f"{table.name}: row {row}, column {col}: {len(cell)} characters in one cell; "
                                     f"at most {MAX_CELL_CHARS}")
    return table


def _decode(name: str, body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise LocalFileError(f"{name}: the file is neither UTF-8 nor Windows-1252 text; save it as "
                                 f"'CSV UTF-8'") from exc


def _read_csv(name: str, body: bytes) -> Table:
    text = _decode(name, body)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise LocalFileError(f"{name}: row 1: the file is empty or has no header row")
    head = lines[0]
    separator = max((";", "\t", ","), key=head.count)
    if head.count(separator) == 0:
        raise LocalFileError(f"{name}: row 1: no separator found in the header; separate the columns with ; "
                             f"(or ,)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        all_rows = [r for _, r in zip(range(MAX_ROWS + 2), reader, strict=False)]
    except csv.Error as exc:  # e.g. a field larger than the csv module's limit: too long for any cell
        raise LocalFileError(f"{name}: row {reader.line_num}: not readable as CSV ({exc})") from exc
    if len(all_rows) > MAX_ROWS + 1:
        raise LocalFileError(f"{name}: more than {MAX_ROWS} rows; an own-figures file may have at most {MAX_ROWS}")
    header = [h.strip() for h in all_rows[0]]
    rows = [(i + 1, list(r)) for i, r in enumerate(all_rows) if i > 0 and any(c.strip() for c in r)]
    return Table(name, header, rows, separator)


def _zip_limits(name: str, body: bytes) -> None:
    """The XLSX (a zip) is refused when its parts declare more than MAX_UNCOMPRESSED_BYTES unpacked, before
    anything is unpacked (zipfile never inflates a part beyond its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise LocalFileError(f"{name}: not a readable XLSX file (not a zip archive: {exc})") from exc
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        biggest = max(parts, key=lambda p: p.file_size)
        raise LocalFileError(f"{name}: the workbook unpacks to {unpacked / 1e6:.0f} MB ({biggest.filename}: "
                             f"{biggest.file_size / 1e6:.0f} MB); an own-figures file may unpack to at most "
                             f"{MAX_UNCOMPRESSED_BYTES / 1e6:.0f} MB")


def _read_xlsx(name: str, body: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    _zip_limits(name, body)
    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged or non-XLSX file
        raise LocalFileError(f"{name}: not a readable XLSX file ({type(exc).__name__}: {exc})") from exc
    try:
        sheet = book.worksheets[0]
        raw = [list(r) for _, r in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
    except Exception as exc:  # a damaged part inside a readable zip
        raise LocalFileError(f"{name}: not a readable XLSX file ({type(exc).__name__}: {str(exc)[:200]})") from exc
    finally:
        book.close()
    if len(raw) > MAX_ROWS + 1:
        raise LocalFileError(f"{name}: more than {MAX_ROWS} rows; an own-figures file may have at most {MAX_ROWS}")
    if not raw or not any(c not in (None, "") for c in raw[0]):
        raise LocalFileError(f"{name}: row 1: the first sheet is empty or has no header row")
    header = [str(h).strip() if h is not None else "" for h in raw[0]]
    while header and header[-1] == "":
        header.pop()
    rows = [(i + 1, r) for i, r in enumerate(raw)
            if i > 0 and any(c is not None and str(c).strip() != "" for c in r)]
    return Table(name, header, rows)
