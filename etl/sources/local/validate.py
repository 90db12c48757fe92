"""Check an own-figures table row by row. Every problem names the file, the row (as the spreadsheet numbers it)
and the column; all problems are collected, so an analyst can fix a file in one go.

Columns (docs/egna-siffror.md; Swedish names, the English ones are accepted too, case-insensitive):

    serie (series)       required  the series' id, lower case a–z, 0–9 and _ (the catalogue names it egna:<serie>)
    område (area_id)     required  a catalogue area: 0000 Riket, 0017 Värmland, 17xx a municipality
                                   (17 and 0 as Excel shortens them are read as 0017 and 0000)
    år (year)            required  a whole year, 1990 to next year
    kön (gender)         optional  T/K/M or Totalt/Kvinnor/Män; empty = T
    värde (value)        required  a number, decimal comma or point (one style per file); empty = no figure
    ki_nedre, ki_övre    optional  the interval's lower and upper bound (both or neither)
    källa (source)       required  the attribution line shown under the figures, e.g. "Källa: Liv & hälsa ung 2024"
    utgivare (publisher) required  who publishes it, e.g. "Region Värmland"
    titel (title)        optional  the series' name
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from etl.sources.local.reader import Table

COLUMNS: dict[str, tuple[str, ...]] = {
    "serie": ("series",), "område": ("omrade", "area", "area_id"), "år": ("ar", "year"),
    "kön": ("kon", "gender"), "värde": ("varde", "value"), "ki_nedre": ("ci_low",),
    "ki_övre": ("ki_ovre", "ci_high"), "källa": ("kalla", "source"), "utgivare": ("publisher",),
    "titel": ("title",),
}
REQUIRED = ("serie", "område", "år", "värde", "källa", "utgivare")
SERIES = re.compile(r"^[a-z][a-z0-9_]*$")
GENDERS = {"t": "T", "totalt": "T", "total": "T", "alla": "T", "båda": "T", "k": "K", "kvinnor": "K",
           "kvinna": "K", "flickor": "K", "m": "M", "män": "M", "man": "M", "pojkar": "M"}
# A number as people write it in a file: ASCII digits, one decimal comma or point, an optional exponent. Python's
# float() would also take '1_000', Arabic-Indic or full-width digits; a figure written so is refused, not guessed.
NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
YEAR = re.compile(r"[0-9]{4}", re.ASCII)
FIRST_YEAR = 1990
MAX_PROBLEMS = 50


class LocalFiguresError(ValueError):
    """A file of own figures is refused; `problems` has one line per problem (file, row, column, what)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = [f"… and {len(problems) - MAX_PROBLEMS} more"] if len(problems) > MAX_PROBLEMS else []
        super().__init__("\n".join(shown + more))


@dataclass(frozen=True)
class Record:
    series: str
    area_id: str
    year: int
    gender: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    source: str
    publisher: str
    title: str | None
    row: int


def _columns(table: Table) -> tuple[dict[str, int], list[str]]:
    aliases = {name: name for name in COLUMNS} | {a: name for name, alts in COLUMNS.items() for a in alts}
    index: dict[str, int] = {}
    problems = []
    for i, raw in enumerate(table.header):
        key = raw.strip().lower()
        if key == "":
            continue
        name = aliases.get(key)
        if name is None:
            problems.append(f"{table.name}: row 1, column {i + 1} '{raw}': unknown column (known: "
                            f"{', '.join(COLUMNS)})")
        elif name in index:
            problems.append(f"{table.name}: row 1, column {i + 1} '{raw}': column '{name}' appears twice")
        else:
            index[name] = i
    for name in REQUIRED:
        if name not in index:
            problems.append(f"{table.name}: row 1: column '{name}' is missing (columns found: "
                            f"{', '.join(h for h in table.header if h) or 'none'})")
    return index, problems


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


class _Numbers:
    """Reads numbers and remembers the file's decimal style, so a file mixing comma and point is refused."""

    def __init__(self) -> None:
        self.style: tuple[str, int] | None = None  # ("comma" | "point", first row using it)

    def read(self, cell: object, row: int, where: str, problems: list[str]) -> float | None:
        if cell is None or (isinstance(cell, str) and cell.strip() == ""):
            return None
        if isinstance(cell, bool):
            problems.append(f"{where}: {cell!r} is not a number")
            return None
        if isinstance(cell, int | float):
            return float(cell)  # a number cell in XLSX: no decimal style to check
        text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if "," in text and "." in text:
            problems.append(f"{where}: '{cell}' has both a comma and a point; write the number without thousands "
                            f"separators, with a decimal comma or a decimal point")
            return None
        style = "comma" if "," in text else "point" if "." in text else None
        if not NUMBER.fullmatch(text):
            problems.append(f"{where}: '{cell}' is not a number")
            return None
        value = float(text.replace(",", "."))
        if not math.isfinite(value):
            problems.append(f"{where}: '{cell}' is not a finite number")
            return None
        if style is not None:
            if self.style is None:
                self.style = (style, row)
            elif self.style[0] != style:
                first = "decimal comma" if self.style[0] == "comma" else "decimal point"
                this = "decimal comma" if style == "comma" else "decimal point"
                problems.append(f"{where}: '{cell}' uses a {this}, but row {self.style[1]} uses a {first}; use one "
                                f"style in the whole file")
                return None
        return value


def validate(table: Table, area_ids: set[str] | None, today: date | None = None) -> list[Record]:
    """The table's records, or LocalFiguresError listing every problem. `area_ids` None: areas not checked
    (parse of a stored file, already checked at fetch)."""
    index, problems = _columns(table)
    if problems:
        raise LocalFiguresError(problems)
    last_year = (today or date.today()).year + 1
    numbers = _Numbers()
    records: list[Record] = []
    seen: dict[tuple[str, str, int, str], int] = {}
    lines: dict[str, tuple[str, str, int]] = {}  # series → (source, publisher, first row)
    width = len(table.header)
    for row, cells in table.rows:
        def cell(name: str, cells: list[object] = cells) -> object:
            i = index.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        def where(name: str, row: int = row) -> str:
            return f"{table.name}: row {row}, column '{name}'"

        if table.separator is not None and len(cells) > width and any(_text(c) for c in cells[width:]):
            hint = (" – a decimal comma in a comma-separated file? Separate the columns with ; instead"
                    if table.separator == "," else "")
            problems.append(f"{table.name}: row {row}: {len(cells)} fields but the header has {width}{hint}")
            continue
        before = len(problems)
        series = _text(cell("serie"))
        if not SERIES.match(series):
            problems.append(f"{where('serie')}: '{series}' is not a series id (lower case a–z, 0–9 and _, starting "
                            f"with a letter)")
        area = _text(cell("område"))
        if area.isascii() and area.isdigit() and len(area) <= 4:
            area = area.zfill(4)
        if area_ids is not None and area not in area_ids:
            problems.append(f"{where('område')}: unknown area '{_text(cell('område'))}' (use 0000 Riket, 0017 "
                            f"Värmland or a municipality code 17xx)")
        year_text = _text(cell("år"))
        year = int(year_text) if YEAR.fullmatch(year_text) else None
        if year is None:
            problems.append(f"{where('år')}: '{year_text}' is not a year")
        elif not FIRST_YEAR <= year <= last_year:
            problems.append(f"{where('år')}: year {year} is out of range ({FIRST_YEAR}–{last_year})")
        gender_text = _text(cell("kön"))
        gender = GENDERS.get(gender_text.lower()) if gender_text else "T"
        if gender is None:
            problems.append(f"{where('kön')}: '{gender_text}' is not a gender (T, K or M)")
        value = numbers.read(cell("värde"), row, where("värde"), problems)
        low = numbers.read(cell("ki_nedre"), row, where("ki_nedre"), problems)
        high = numbers.read(cell("ki_övre"), row, where("ki_övre"), problems)
        if (low is None) != (high is None) and len(problems) == before:
            problems.append(f"{table.name}: row {row}: give both ki_nedre and ki_övre, or neither")
        elif low is not None and high is not None and value is not None and not low <= value <= high:
            problems.append(f"{table.name}: row {row}: the interval {low:g}–{high:g} does not contain the value "
                            f"{value:g}")
        source, publisher = _text(cell("källa")), _text(cell("utgivare"))
        if not source:
            problems.append(f"{where('källa')}: empty; give the line to show under the figures")
        if not publisher:
            problems.append(f"{where('utgivare')}: empty; say who publishes the figures")
        if len(problems) > before:
            continue
        assert year is not None and gender is not None
        key = (series, area, year, gender)
        if key in seen:
            problems.append(f"{table.name}: row {row}: repeats row {seen[key]} (same serie, område, år and kön)")
            continue
        seen[key] = row
        first = lines.setdefault(series, (source, publisher, row))
        if first[:2] != (source, publisher):
            problems.append(f"{table.name}: row {row}: series '{series}' has källa/utgivare '{source}' / "
                            f"'{publisher}', but row {first[2]} says '{first[0]}' / '{first[1]}'; one per series")
            continue
        title = _text(cell("titel")) or None
        records.append(Record(series, area, year, gender, value, low, high, source, publisher, title, row))
    if problems:
        raise LocalFiguresError(problems)
    return records
