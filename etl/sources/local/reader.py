"""Read an own-figures file into a header and rows of cells, keeping each row's number as a spreadsheet shows it
(the header is row 1). CSV: UTF-8 (with or without BOM) or, failing that, Windows-1252 as older Excel saves it;
`;`, `,` or tab as separator, read from the header line. XLSX: the first sheet, via openpyxl."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".csv", ".xlsx")


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
    if suffix == ".csv":
        return _read_csv(name, body)
    if suffix == ".xlsx":
        return _read_xlsx(name, body)
    raise LocalFileError(f"{name}: unknown file type {suffix!r}; use .csv or .xlsx (see docs/egna-siffror.md)")


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
    all_rows = list(reader)
    header = [h.strip() for h in all_rows[0]]
    rows = [(i + 1, list(r)) for i, r in enumerate(all_rows) if i > 0 and any(c.strip() for c in r)]
    return Table(name, header, rows, separator)


def _read_xlsx(name: str, body: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged or non-XLSX file
        raise LocalFileError(f"{name}: not a readable XLSX file ({type(exc).__name__}: {exc})") from exc
    try:
        sheet = book.worksheets[0]
        raw = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not raw or not any(c not in (None, "") for c in raw[0]):
        raise LocalFileError(f"{name}: row 1: the first sheet is empty or has no header row")
    header = [str(h).strip() if h is not None else "" for h in raw[0]]
    while header and header[-1] == "":
        header.pop()
    rows = [(i + 1, r) for i, r in enumerate(raw)
            if i > 0 and any(c is not None and str(c).strip() != "" for c in r)]
    return Table(name, header, rows)
