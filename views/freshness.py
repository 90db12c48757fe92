"""`python -m etl status`, first part: how fresh each indicator is."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from views import db


def read_freshness(db_path: Path) -> list[dict]:
    facts = db.facts(db_path)
    rows = db.query(db_path, "indicator_freshness").to_dicts()
    for row in rows:
        row["is_demo"] = facts.get("is_demo") == "true"
        row["built_at"] = facts.get("built_at")
    return rows


def print_indicator_freshness(db_path: Path, console: Console) -> None:
    rows = read_freshness(db_path)
    demo = rows and rows[0]["is_demo"]
    table = Table(title="Indikatorer – senaste år, hämtat, nästa publicering"
                  + (" (DEMODATA – påhittade siffror)" if demo else ""))
    for col in ("Livsfas", "Indikator", "KPI", "Senaste år", "Hämtat", "Nästa publicering"):
        table.add_column(col)
    for r in rows:
        fetched = r["fetched_at"].strftime("%Y-%m-%d %H:%M") if r["fetched_at"] else "–"
        nxt = r["publication_date"] or r["prel_publication_date"]
        latest = str(r["latest_year"]) if r["latest_year"] else f"saknas ({r['missing_reason'] or 'inga värden'})"
        cells = (r["life_stage"], r["short_name"], r["series_id"], latest, fetched, str(nxt) if nxt else "–")
        table.add_row(*(Text(str(c)) for c in cells))  # Text: catalogue and source strings are never markup
    console.print(table)
    if demo:
        console.print(f"DEMODATA – påhittade siffror, byggda {(rows[0]['built_at'] or '')[:10]}: "
                      "inget är hämtat från någon källa och inga publiceringar är planerade.")
