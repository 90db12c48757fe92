"""From a catalogue series (a table, fixed categories, grain, period kind, uncertainty) to the query to send and,
from the decoded cells, to one observation per area × year × gender.

Folkhälsodata's quirks handled here (../shared/docs/SOURCES.md §1.3):
- region codes: `00` riket → `0000`, two-digit county `17` → `0017`, four-digit municipalities as they are;
- sex: survey tables `00/01/02` (totalt/kvinnor/män), register tables `1+2/1/2`; read from the value texts, codes
  only as a fallback, so `1` and `2` are never guessed;
- "Andel och konfidensintervall": `01` share, `02` lower bound, `03` upper bound, `04` respondents, one cell
  each, re-paired into one observation (value, ci_low, ci_high, n);
- pooled windows (`2021-2024`): kept as the period label and shown as the window's first or last year;
- missing cells (`..`): value None with the symbol as flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from etl.sources.pxweb.decode import Cell
from etl.sources.pxweb.metadata import TableMeta, Variable

Grain = Literal["county", "municipality"]
PeriodKind = Literal["year", "pooled"]
ShownAs = Literal["first", "last"]
Uncertainty = Literal["ci", "none"]

REGION = "Region"
SEX = "Kön"
MEASURE = "Andel och konfidensintervall"
MEASURE_CODES = {"01": "value", "02": "ci_low", "03": "ci_high", "04": "n"}
SEX_FALLBACK = {"00": "T", "01": "K", "02": "M", "1+2": "T"}
WINDOW = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
YEAR = re.compile(r"^\s*(\d{4})\s*$")


class PxSeriesError(ValueError):
    """A series does not fit its table (unknown variable or code, wrong grain or period kind); names both."""


@dataclass(frozen=True)
class PxSeries:
    series_id: str  # full id, e.g. "fohm:halsgod"
    table: str  # path under the database (v1) or table id (v2)
    selection: dict[str, str] = field(default_factory=dict)  # fixed variable → its one category code
    grain: Grain = "county"
    period: PeriodKind = "year"
    shown_as: ShownAs = "last"
    uncertainty: Uncertainty = "none"
    # Shorthand for tables with one breakdown besides region, sex, time and measure: that variable's code.
    category: str | None = None
    # … or that variable's value text (exact, case-insensitive), where the code is not known in advance.
    category_text: str | None = None
    # Words the selected categories' texts must contain (case-insensitive): a wrong code fails the fetch
    # instead of publishing another category's figures.
    expect_text: str | None = None
    region_variable: str = REGION
    sex_variable: str = SEX
    measure_variable: str = MEASURE


@dataclass(frozen=True)
class Observation:
    series_id: str
    area_id: str
    year: int
    period: str  # as the table labels it: "2024" or "2021-2024"
    gender: str  # T, K or M
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n: float | None = None
    flag: str | None = None


# --- codes --------------------------------------------------------------------------------------------------
def area_id_of(region_code: str) -> str | None:
    """PxWeb region code → the project's area id: 00 → 0000, 17 → 0017, 1780 → 1780."""
    code = region_code.strip()
    if re.fullmatch(r"\d{2}", code):
        return "00" + code if code != "00" else "0000"
    if re.fullmatch(r"\d{4}", code):
        return code
    return None


def region_code_of(area_id: str) -> str:
    """The inverse of area_id_of: 0000 → 00, 0017 → 17, 1780 → 1780."""
    return area_id[2:] if area_id.startswith("00") else area_id


def gender_of(table: str, variable: Variable, code: str) -> str:
    text = variable.text_of(code).strip().lower()
    if "kvinn" in text or text in ("flickor", "female", "women"):
        return "K"
    if re.search(r"\b(män|man|pojkar|male|men)\b", text):
        return "M"
    if any(w in text for w in ("total", "båda", "alla", "samtliga", "both")):
        return "T"
    if code in SEX_FALLBACK:
        return SEX_FALLBACK[code]
    raise PxSeriesError(f"{table}: cannot tell the sex of {variable.code} = {code!r} ({variable.text_of(code)!r})")


def period_year(series: PxSeries, label: str) -> int:
    m = YEAR.match(label)
    if m:
        return int(m.group(1))
    m = WINDOW.match(label)
    if m and series.period == "pooled":
        first, last = int(m.group(1)), int(m.group(2))
        if first > last:
            raise PxSeriesError(f"{series.series_id}: period {label!r} in {series.table} ends before it starts")
        return first if series.shown_as == "first" else last
    if m:
        raise PxSeriesError(f"{series.series_id}: {series.table} has pooled window {label!r} but the catalogue "
                            f"says period: year (use period: pooled)")
    raise PxSeriesError(f"{series.series_id}: period {label!r} in {series.table} is neither a year nor a window")


def resolve(meta: TableMeta, series: PxSeries) -> PxSeries:
    """`series` with its `category` shorthand turned into an explicit selection, checked against the table:
    every variable and code exists, and the selected texts contain `expect_text`."""
    table = series.table
    core = {series.region_variable, series.sex_variable, series.measure_variable}
    selection = dict(series.selection)
    known = {v.code: v for v in meta.variables}
    for code, value in selection.items():
        var = known.get(code)
        if var is None:
            raise PxSeriesError(f"{series.series_id}: table {table} has no variable {code!r} "
                                f"(it has {', '.join(known)})")
        if value not in var.values:
            raise PxSeriesError(f"{series.series_id}: table {table} variable {code!r} has no code {value!r} "
                                f"(codes: {_codes_with_texts(var)})")
    if series.category is not None or series.category_text is not None:
        open_vars = [v for v in meta.variables
                     if v.code not in core and not v.time and v.code not in selection]
        if len(open_vars) != 1:
            names = ", ".join(repr(v.code) for v in open_vars) or "none"
            raise PxSeriesError(f"{series.series_id}: 'category' needs exactly one breakdown variable besides "
                                f"region, sex, time and measure in {table}; it has {names}: use 'selection'")
        var = open_vars[0]
        code = series.category
        if code is None:
            wanted = (series.category_text or "").strip().lower()
            matches = [c for c, t in zip(var.values, var.value_texts, strict=False) if t.strip().lower() == wanted]
            if len(matches) != 1:
                raise PxSeriesError(f"{series.series_id}: table {table} variable {var.code!r} has "
                                    f"{'no' if not matches else 'several'} categories reading "
                                    f"{series.category_text!r} (codes: {_codes_with_texts(var)})")
            code = matches[0]
        if code not in var.values:
            raise PxSeriesError(f"{series.series_id}: table {table} variable {var.code!r} has no code "
                                f"{code!r} (codes: {_codes_with_texts(var)})")
        selection[var.code] = code
    if series.expect_text:
        texts = " / ".join(known[c].text_of(v) for c, v in selection.items()) or meta.title
        if not any(alt.strip().lower() in texts.lower() for alt in series.expect_text.split("|") if alt.strip()):
            what = "the selected categories" if selection else "the title"
            raise PxSeriesError(f"{series.series_id}: {what} of {table} read {texts!r}, which does not contain "
                                f"{series.expect_text!r}: check the table and codes")
    return replace(series, selection=selection, category=None, category_text=None)


def _codes_with_texts(var: Variable) -> str:
    shown = [f"{c} {t}" if t != c else c for c, t in zip(var.values, var.value_texts, strict=False)][:12]
    more = " …" if len(var.values) > 12 else ""
    return "; ".join(shown) + more


# --- the query ----------------------------------------------------------------------------------------------
def plan_selection(meta: TableMeta, series: list[PxSeries], area_ids: list[str]) -> dict[str, list[str]]:
    """The item selection for one query group (resolved series of one table with the same fixed variables), in
    the table's variable order."""
    first = series[0]
    table = first.table
    selection: dict[str, list[str]] = {}
    for v in meta.variables:
        if v.code == first.region_variable:
            grain_ok = [a for a in area_ids if first.grain == "municipality" or a.startswith("00")]
            wanted = [region_code_of(a) for a in grain_ok]
            present = [c for c in wanted if c in v.values]
            missing = [c for c in wanted if c not in v.values]
            if missing and first.grain == "county":
                raise PxSeriesError(f"{first.series_id}: table {table} has no region {', '.join(missing)}")
            if not present:
                raise PxSeriesError(f"{first.series_id}: table {table} has none of the regions asked for")
            selection[v.code] = present
        elif v.code in first.selection:
            selection[v.code] = list(dict.fromkeys(s.selection[v.code] for s in series))
        elif v.time or v.code in (first.sex_variable, first.measure_variable):
            selection[v.code] = list(v.values)
        elif not v.elimination:
            raise PxSeriesError(f"{first.series_id}: table {table} ({meta.title!r}) has the breakdown variable "
                                f"{v.code!r}, which its metadata says cannot be eliminated (left out); name one "
                                f"of its codes in the series' selection or category (codes: "
                                f"{_codes_with_texts(v)})")
    if first.region_variable not in selection:
        raise PxSeriesError(f"{first.series_id}: table {table} has no region variable {first.region_variable!r}")
    return selection


# --- the answer ---------------------------------------------------------------------------------------------
def shape(series: PxSeries, meta: TableMeta, cells: Iterable[Cell]) -> list[Observation]:
    """One observation per area × period × gender for `series` from a query group's cells."""
    time_var = meta.time_variable or meta.variable("År") or meta.variable("Tid")
    if time_var is None:
        raise PxSeriesError(f"{series.series_id}: table {series.table} has no time variable")
    sex_var = meta.variable(series.sex_variable)
    measure_var = meta.variable(series.measure_variable)
    if series.uncertainty == "ci" and measure_var is None:
        raise PxSeriesError(f"{series.series_id}: uncertainty: ci, but table {series.table} has no "
                            f"{series.measure_variable!r} variable")
    grouped: dict[tuple[str, str, str], dict[str, Cell]] = {}
    known = {v.code: set(v.values) for v in meta.variables}
    for cell in cells:
        for dim, code in cell.dims.items():  # an answer may only hold what the table's metadata lists
            if dim in known and code not in known[dim]:
                raise PxSeriesError(f"{series.series_id}: the answer from table {series.table} has {dim} = "
                                    f"{code!r}, which the table's metadata does not list: refused "
                                    f"(year {cell.dims.get(time_var.code, '?')})")
        if any(cell.dims.get(k) != v for k, v in series.selection.items()):
            continue
        region = cell.dims.get(series.region_variable)
        area = area_id_of(region) if region is not None else None
        if area is None:
            raise PxSeriesError(f"{series.series_id}: table {series.table} region {region!r} is not a region code")
        if series.grain == "county" and not area.startswith("00"):
            continue
        gender = gender_of(series.table, sex_var, cell.dims[sex_var.code]) if sex_var else "T"
        label = cell.dims.get(time_var.code)
        if label is None:
            raise PxSeriesError(f"{series.series_id}: a cell of {series.table} has no {time_var.code!r}")
        measure = MEASURE_CODES.get(cell.dims.get(measure_var.code, ""), "") if measure_var else "value"
        if not measure:
            continue
        slot = grouped.setdefault((area, label, gender), {})
        if measure in slot:
            raise PxSeriesError(f"{series.series_id}: table {series.table} has two {measure} cells for area "
                                f"{area}, period {label}, gender {gender}: the selection leaves a variable open")
        slot[measure] = cell
    out: list[Observation] = []
    seen: dict[tuple[str, int, str], str] = {}
    for (area, label, gender), slot in sorted(grouped.items()):
        year = period_year(series, label)
        key = (area, year, gender)
        if key in seen:
            raise PxSeriesError(f"{series.series_id}: periods {seen[key]!r} and {label!r} of {series.table} are "
                                f"both shown as {year}")
        seen[key] = label
        main = slot.get("value")

        def val(name: str, slot: dict[str, Cell] = slot) -> float | None:
            c = slot.get(name)
            return c.value if c is not None else None

        ci = series.uncertainty == "ci"
        out.append(Observation(series.series_id, area, year, label, gender, val("value"),
                               val("ci_low") if ci else None, val("ci_high") if ci else None,
                               val("n") if ci else None, main.flag if main is not None else ".."))
    return out
