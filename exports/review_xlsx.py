"""`python -m etl review --out FILE.xlsx`: the yearly review of the indicator set as a workbook the review meeting
works from (views/review.py builds the tables; the dashboard page "Översyn av indikatorerna" shows the same).

Sheets: Indikatorer (one row per catalogue indicator), Celler utan bedömning (life stage × goal cells without a
judged indicator), Kandidatmått (the sources' series each goal's words find, with their coverage), Styrdokument
(the documents each goal serves) and Om underlaget (sources, own processing, demo warning). Text is written as
text, never as a formula.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import xlsxwriter

from views import db
from views.review import Review, load_review
from views.sources import attribution

OWN = "Översyn av indikatorerna"
SHEETS = ("Indikatorer", "Celler utan bedömning", "Kandidatmått", "Styrdokument")


def _sheet(book: xlsxwriter.Workbook, name: str, frame: pl.DataFrame, header_fmt: object) -> None:
    ws = book.add_worksheet(name)
    for col, title in enumerate(frame.columns):
        ws.write_string(0, col, title, header_fmt)
        width = max([len(title), *(len(str(v)) for v in frame[title].head(200) if v is not None)])
        ws.set_column(col, col, min(max(width, 8), 60))
    for row, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_string(row, col, "ja" if value else "nej")
            elif isinstance(value, int | float):
                ws.write_number(row, col, value)
            else:
                ws.write_string(row, col, str(value))  # never a formula, whatever the text starts with
    ws.freeze_panes(1, 1)


def about_lines(db_path: Path, review: Review) -> list[str]:
    facts = db.facts(db_path)
    lines = list(attribution(db_path).lines_under(OWN, f"Databasen byggd {(facts.get('built_at') or '')[:10]}."))
    if facts.get("is_demo") == "true":
        lines.insert(0, "DEMODATA – påhittade siffror, inte verkliga värden.")
    if review.note:
        lines.append(review.note)
    return lines


def write_review(db_path: Path, out: Path) -> Path:
    """Write the workbook atomically (a temp file, then rename); return `out`."""
    review = load_review(db_path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        frames = (review.indicators, review.empty_cells, review.candidates, review.documents)
        for name, frame in zip(SHEETS, frames, strict=True):
            _sheet(book, name, frame, header)
        about = book.add_worksheet("Om underlaget")
        for row, line in enumerate(about_lines(Path(db_path), review)):
            about.write_string(row, 0, line)
        about.set_column(0, 0, 120)
    finally:
        book.close()
    tmp.replace(out)
    return out
