"""Write the own-figures template as XLSX (the CSV template is docs/mallar/egna-siffror.csv; both have the same
columns and example rows): `python -m etl.sources.local.template egna-siffror.xlsx`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import xlsxwriter

TEMPLATE_CSV = Path(__file__).resolve().parents[3] / "docs" / "mallar" / "egna-siffror.csv"
NUMBER_COLUMNS = {"värde", "ki_nedre", "ki_övre"}


def write_xlsx(target: Path, template: Path = TEMPLATE_CSV) -> Path:
    with template.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet("Egna siffror")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})  # area codes keep their leading zeros
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, bold)
    for r, row in enumerate(body, start=1):
        for c, (name, value) in enumerate(zip(header, row, strict=True)):
            if name in NUMBER_COLUMNS and value:
                sheet.write_number(r, c, float(value.replace(",", ".")))
            elif name == "år":
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, value, text)
    sheet.set_column(0, 0, 22)
    sheet.set_column(7, 9, 40)
    book.close()
    return target


if __name__ == "__main__":
    out = write_xlsx(Path(sys.argv[1] if len(sys.argv) > 1 else "egna-siffror.xlsx"))
    print(f"Mallen skrevs till {out}")
