"""`python -m etl status`: the county's roll-up in the terminal, per life stage and per goal.

Reads the computed tables (goal_status, life_stage_status, status) for the county (area kind 'region'),
gender T, from a built DuckDB file opened read-only. Marks are shown as words and arrows, never colour alone.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indicators.explain import count_phrase, format_value
from indicators.method import Method, load_method
from views import db
from views.sources import attribution
from views.words import RIKET_NAME, arrow_word, county_label

STYLE = {"green": "green", "neutral": "cyan", "yellow": "yellow", "red": "red", "grey": "bright_black"}
WORD = {"green": "Grönt", "neutral": "I nivå", "yellow": "Gult", "red": "Rött", "grey": "Grått"}
NEEDED_TABLES = ("status", "goal_status", "life_stage_status", "indicator", "goal", "life_stage", "area")


class StatusReportError(RuntimeError):
    """The database cannot be read for the report (missing file or tables)."""


def read_county_rollup(db_path: Path, gender: str = "T") -> dict[str, pl.DataFrame]:
    """{"life_stages", "indicators", "goals"} for the county, from a built database (read-only)."""
    if not db_path.exists():
        raise StatusReportError(f"{db_path}: no database here: run `python -m etl build` (or `demo`) first")
    try:
        present = db.table_names(db_path)
    except db.DatabaseReadError as exc:
        raise StatusReportError(str(exc)) from exc
    missing = [t for t in NEEDED_TABLES if t not in present]
    if missing:
        raise StatusReportError(f"{db_path}: table(s) {', '.join(missing)} missing: rebuild the database")
    return {name: db.query(db_path, f"county_rollup_{name}", [gender])
            for name in ("life_stages", "indicators", "goals")}


def mark_text(mark: str, label: str, arrow: str | None = None) -> str:
    """'[green]Grönt – På väg ↑[/]': the colour word and the label, so the mark reads without colour."""
    text = f"{WORD[mark]} – {label}" + (f" {arrow}" if arrow else "")
    return f"[{STYLE[mark]}]{text}[/]"


def _counts(row: dict, method: Method) -> str:
    """'3 gröna, 2 i nivå, 1 gul, 0 röda, 1 utan underlag, 1 bevakas (av 8)'."""
    parts = [count_phrase(row[f"n_{c}"], c, method) for c in ("green", "neutral", "yellow", "red", "grey")]
    return ", ".join(parts) + f", {row['n_watch']} bevakas (av {row['n_total']})"


def print_county_rollup(db_path: Path, console: Console) -> None:
    """Print one table per life stage (its indicators) and one table of the goals, for the county, gender T."""
    data = read_county_rollup(db_path)
    method = load_method()
    indicators = data["indicators"]
    names = dict(indicators.select("indicator_id", "short_name").iter_rows())
    county = county_label(db.facts(db_path))
    console.print(f"[bold]{county} – status per livsfas och mål[/] (kvinnor och män tillsammans)")
    if data["life_stages"].is_empty():
        console.print("Ingen status är beräknad för länet i databasen.")
    for stage in data["life_stages"].iter_rows(named=True):
        table = Table(title=f"{stage['name']}: {mark_text(stage['mark'], stage['mark_label'])}",
                      caption=_counts(stage, method), title_justify="left")
        for column in ("Indikator", "Senaste värde", "År", "Bedömning", RIKET_NAME):
            table.add_column(column)
        for row in indicators.filter(pl.col("life_stage_id") == stage["life_stage_id"]).iter_rows(named=True):
            value = "–" if row["latest_value"] is None else format_value(row["latest_value"], row["unit"])
            if row["county_source"] == "weighted_mean" and row["latest_value"] is not None:
                value += " (viktat medel)"
            riket = "–" if row["riket_value"] is None else format_value(row["riket_value"], row["unit"])
            year = "–" if row["latest_year"] is None else str(row["latest_year"])
            table.add_row(escape(row["short_name"]), value, year,
                          mark_text(row["mark"], row["mark_label"], row["arrow"]), riket)
        console.print(table)
    goals = Table(title="Mål", title_justify="left")
    for column in ("Mål", "Bedömning", "Antal", "Drar ned"):
        goals.add_column(column)
    for goal in data["goals"].iter_rows(named=True):
        prefix = "Mål" if goal["kind"] == "shared" else "Målområde"
        decided = ", ".join(names.get(i, i) for i in goal["decided_by"])
        goals.add_row(escape(f"{prefix} {goal['number']}: {goal['name']}"), mark_text(goal["mark"], goal["mark_label"]),
                      _counts(goal, method), decided or "–")
    console.print(goals)
    arrows = ", ".join(f"{a} {arrow_word(a)}" for a in ("↑", "→", "↓", "–"))
    console.print(f"Pilar: {arrows} (pilen visar förbättring, inte om värdet ökar).")
    console.print(f"{attribution(db_path).own}.")
