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
    ids = max((len(r["series_id"]) for r in rows), default=5)
    # A narrow layout (an 80-column terminal): life stages head their rows, each series id stands whole on its own
    # line under the indicator's name, and the other columns wrap.
    table.add_column("Indikator / serie", overflow="fold", min_width=ids)
    for col in ("Senaste år", "Hämtat", "Nästa publicering"):
        table.add_column(col, overflow="fold")
    stage = None
    for r in rows:
        if r["life_stage"] != stage:
            stage = r["life_stage"]
            table.add_row(Text(str(stage), style="bold"))
        fetched = r["fetched_at"].strftime("%Y-%m-%d %H:%M") if r["fetched_at"] else "–"
        nxt = r["publication_date"] or r["prel_publication_date"]
        latest = str(r["latest_year"]) if r["latest_year"] else f"saknas ({r['missing_reason'] or 'inga värden'})"
        name = Text(str(r["short_name"]))  # Text: catalogue and source strings are never markup
        name.append("\n" + str(r["series_id"]), style="dim")
        table.add_row(name, *(Text(c) for c in (latest, fetched, str(nxt) if nxt else "–")))
    console.print(table)
    if demo:
        console.print(f"DEMODATA – påhittade siffror, byggda {(rows[0]['built_at'] or '')[:10]}: "
                      "inget är hämtat från någon källa och inga publiceringar är planerade.")
