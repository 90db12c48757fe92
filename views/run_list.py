"""The one list of fetch runs that `python -m etl runs` prints and "Data och metod" shows. Pure.

It joins three records of the same history, newest first:
- the runs behind the database (its `etl_run` table; a demo database lists its demo runs there),
- the runs on disk (`raw/<source>/<run>/manifest.json`, which only the command line reads: they are newer than the
  database when a fetch has not been built yet, and carry a run's exclusion at once), preferred where both have it,
- every fetch attempt in `attempts.jsonl` that left no run (a source that could not be reached at start, a fetch
  killed before its folder was made) or whose run neither of the above holds.

    runs = run_list(db_runs, attempts, raw=raw_frame)      # RUN_COLUMNS, newest first
"""

from __future__ import annotations

from datetime import datetime

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

RUN_COLUMNS = {
    "run_id": pl.String, "source_id": pl.String, "started_at": pl.Datetime("us"), "mode": pl.String,
    "from_date": pl.Date, "rows": pl.Int64, "requests": pl.Int64, "outcome": pl.String, "message": pl.String,
}
NO_RUN = "–"  # the run id column of an attempt that made no run


def _frame(runs: pl.DataFrame | None) -> pl.DataFrame:
    if runs is None or runs.is_empty():
        return pl.DataFrame(schema=RUN_COLUMNS)
    have = [c for c in RUN_COLUMNS if c in runs.columns]
    out = runs.select(have).with_columns(pl.lit(None, dtype=t).alias(c) for c, t in RUN_COLUMNS.items()
                                         if c not in have)
    return out.select(pl.col(c).cast(t) for c, t in RUN_COLUMNS.items())


def _when(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((text or "").replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


def attempt_rows(attempts: list[dict], known: set[tuple[str | None, str]]) -> pl.DataFrame:
    """Fetch attempts whose run is not in `known` ((source id, run id)), as run rows."""
    rows = [{"run_id": a.get("run_id") or NO_RUN, "source_id": a.get("source_id"), "started_at": _when(a.get("at")),
             "mode": a.get("mode"), "from_date": None, "rows": a.get("rows"), "requests": None,
             "outcome": a.get("outcome"), "message": a.get("message") or None}
            for a in attempts
            if a.get("action") == "fetch" and (a.get("source_id"), a.get("run_id") or NO_RUN) not in known]
    return pl.DataFrame(rows, schema=RUN_COLUMNS)


def run_list(db_runs: pl.DataFrame | None, attempts: list[dict], raw: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every run once (from disk where it is there, else from the database), then the attempts that left none;
    newest first."""
    on_disk, built = _frame(raw), _frame(db_runs)
    runs = pl.concat([on_disk, built.join(on_disk, on=["source_id", "run_id"], how="anti", nulls_equal=True)])
    extra = attempt_rows(attempts, set(runs.select("source_id", "run_id").iter_rows()))
    return pl.concat([runs, extra]).sort(["started_at", "run_id"], descending=True, nulls_last=True)


OUTCOME_WORDS = {"ok": "ok", "failed": "misslyckad", "excluded": "undantagen"}


def print_runs(runs: pl.DataFrame, console: Console, where: str) -> None:
    """The list as a table (every string as plain text, never markup); `where` names the data folder."""
    if runs.is_empty():
        console.print(Text(f"Inga hämtningar eller försök i {where}."))
        return
    several = runs["source_id"].drop_nulls().n_unique() > 1  # the source column only when there is a choice
    table = Table(title=Text(f"Hämtningar och försök i {where}"))
    for col in ("Körning", *(("Källa",) if several else ()), "Utfall", "Typ", "Rader", "Anrop"):
        table.add_column(col, no_wrap=True)
    table.add_column("Orsak / meddelande", overflow="fold")
    for r in runs.iter_rows(named=True):
        cells = [r["run_id"], *((r["source_id"] or "–",) if several else ()),
                 OUTCOME_WORDS.get(r["outcome"], r["outcome"] or ""), r["mode"] or "–",
                 "–" if r["rows"] is None else str(r["rows"]), "–" if r["requests"] is None else str(r["requests"]),
                 r["message"] or ""]
        table.add_row(*(Text(c) for c in cells))
    console.print(table)
