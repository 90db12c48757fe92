"""`python -m etl <command>`: refresh, fetch, build, check, status, runs, demo, ensure, snapshot, export, doctor,
review.

Every command prints a summary and exits non-zero on failure, with a message that says what went wrong and where.
Exit codes: 0 ok; 1 failed (message on stderr); 2 bad arguments; 3 `status`: data not current (refreshes failing
or a series published again since it was fetched); 4 another refresh holds the data directory; 130 interrupted.
Text from upstream or a user is printed with Rich markup off, and URLs with credentials redacted.
Commands that write the data directory hold its lock (etl/lock.py); every fetch and build attempt is appended to
`attempts.jsonl` (core/attempts.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.attempts import record_attempt
from core.redact import redact_text, redact_url
from core.settings import Settings, check_environment, load_settings
from indicators.catalogue import DEFAULT_SOURCE, Catalogue, load_catalogue
from indicators.yaml_lines import CatalogueError
from nyaperspektiv.args import EXIT_BAD_ARGUMENTS, SwedishParser, iso_date, positive_int, positive_seconds, reason_text

console = Console(stderr=False, highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_FAILED, EXIT_ALERT, EXIT_LOCKED = 1, 3, 4
# Commands that change the data directory: one at a time (etl/lock.py).
LOCKED = {"refresh", "fetch", "build", "demo", "ensure", "runs"}


class CliError(Exception):
    """A failure the user can act on; the message is printed as it is."""


class BadArguments(CliError):
    """An argument that parses but cannot be used (exit 2)."""


def say(text: str, style: str | None = None, *, to_err: bool = False) -> None:
    """Print text that may hold upstream or user strings: no Rich markup, credentials redacted."""
    (err if to_err else console).print(redact_text(text), style=style, markup=False, highlight=False,
                                       soft_wrap=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False, disable=not console.is_terminal)


def _catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except CatalogueError as exc:
        raise CliError("the catalogue has problems:\n" + "\n".join(f"  {p}" for p in exc.problems)) from exc


def do_fetch(settings: Settings, catalogue: Catalogue, incremental: bool, from_date: date | None,
             source_ids: list[str] | None = None, refused: list[str] | None = None) -> list[str]:
    """One run per source (default: every source the catalogue uses); returns the run ids. Series a run refused
    (etl/plausibility.py) are printed and appended to `refused`."""
    from etl.fetch import fetch_run
    from etl.sources.local.source import LOCAL_INFO
    from etl.sources.registry import get_source

    mode = "incremental" if incremental else "full"
    run_ids = []
    for sid in source_ids or catalogue.source_ids:
        source = get_source(sid)
        say(f"Hämtar från {source.info.title}, {redact_url(settings.base_url(source))} "
            f"({'ändringar' if incremental else 'allt'}) …")
        try:
            with _progress() as bar:
                task = bar.add_task(source.info.title, total=None)

                def report(done: int, total: int, url: str, task: int = task) -> None:
                    bar.update(task, completed=done, total=total)

                result = fetch_run(settings, catalogue, mode=mode, from_date=from_date, progress=report,
                                   source_id=sid)
        except BaseException as exc:
            record_attempt(settings.data_dir, "fetch", "failed", message=str(exc) or type(exc).__name__,
                           run_id=getattr(exc, "run_id", None), mode=mode, source_id=sid)
            raise
        record_attempt(settings.data_dir, "fetch", "ok", run_id=result.run_id, mode=mode, rows=result.rows,
                       source_id=sid)
        counted = "rader" if sid == LOCAL_INFO.source_id else "dataobjekt"  # own files: rows of the files
        say(f"Hämtning {result.run_id}: {result.requests} anrop, {result.rows} {counted} → {result.run_dir}")
        if result.missing_series_ids:
            say(f"Saknas i metadata från {source.info.title}: {', '.join(result.missing_series_ids)}", "yellow")
        for why in result.refused_series.values():  # the run is kept for the others; these keep their last data
            say(f"Avvisad serie (senast godkända data används): {why}", "red", to_err=True)
            if refused is not None:
                refused.append(why)
        run_ids.append(result.run_id)
    return run_ids


def do_build(settings: Settings, catalogue: Catalogue, upto: str | None) -> None:
    from etl.build import build_database

    try:
        result = build_database(settings, catalogue, upto_run_id=upto)
    except BaseException as exc:
        record_attempt(settings.data_dir, "build", "failed", message=str(exc) or type(exc).__name__, run_id=upto)
        raise
    record_attempt(settings.data_dir, "build", "ok", run_id=result.run_id, rows=result.rows)
    if result.unchanged:  # etl/no_change.py: the runs changed nothing, the published database stands
        say(f"Inga nya, ändrade eller borttagna värden och ingen ändrad metadata fram till körning "
            f"{result.run_id}: databasen {result.db_path} byggs inte om (den visar körning "
            f"{result.published_run_id}). Körningen är sparad.")
        return
    say(f"Databas byggd: {result.db_path} ({result.rows} värden, fram till körning {result.run_id}, "
        f"{result.changes} ändringar registrerade)")
    for series_id, reason in result.missing_series:
        say(f"Saknas: {series_id}: {reason}", "yellow")
    for why in result.refused:
        say(f"Avvisad i senaste hämtningen (senast godkända data används): {why}", "yellow")


def refresh_sources(settings: Settings, catalogue: Catalogue) -> list[str]:
    """The sources a refresh fetches: those the catalogue uses, plus the own-figures folder when it has files (so
    a bad file is refused and reported even before an indicator names its series)."""
    from etl.sources.local.source import LOCAL_INFO, local_files
    from etl.sources.registry import get_source

    sids = list(catalogue.source_ids)
    local = LOCAL_INFO.source_id
    if local not in sids and local_files(Path(settings.base_url(get_source(local)))):
        sids.append(local)
    return sids


def cmd_refresh(args: argparse.Namespace, settings: Settings) -> None:
    """Per source: everything the first time (or when the catalogue asks for more), else only changes. A source
    that fails is reported and the others go on; the build then uses every source's last good runs, so nothing
    already fetched is lost, and the command exits non-zero naming the failed sources."""
    catalogue = _catalogue()
    from etl.raw_runs import list_runs, replayable
    from etl.sources.registry import get_source

    failed: list[tuple[str, str]] = []
    refused: list[str] = []
    sids = refresh_sources(settings, catalogue)
    for sid in sids:
        fulls = [m for m in list_runs(settings.raw_dir(sid)) if replayable(m) and m.mode == "full"]
        covered = bool(fulls) and set(catalogue.series_for(sid)) <= set(fulls[-1].series_ids) \
            and set(catalogue.area_ids) <= set(fulls[-1].area_ids)
        if not fulls:  # after `prune`, a valid checkpoint for this catalogue stands in for the deleted full run
            from etl.checkpoint import newest_valid

            covered = newest_valid(settings.data_dir, sid, list_runs(settings.raw_dir(sid)), catalogue) is not None
        if fulls and not covered and not args.full:
            say(f"Katalogen har serier ({sid}) eller områden som ingen tidigare fullständig hämtning "
                "omfattar: hämtar allt, så att de får hela sin historik.")
        from etl.full_refresh import full_refresh_due

        due = full_refresh_due(list_runs(settings.raw_dir(sid)), settings.full_refresh_days) if covered else None
        if due and not args.full:
            say(f"{get_source(sid).info.title}: {due}.")
        try:
            do_fetch(settings, catalogue, covered and not args.full and not due, None, [sid], refused)
        except Exception as exc:  # one source failing must not stop the others; reported below
            title = get_source(sid).info.title
            say(f"Hämtningen från {title} misslyckades: {exc}", "red")
            failed.append((title, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    if len(failed) < len(sids):
        do_build(settings, catalogue, None)
    if failed:
        names = ", ".join(t for t, _ in failed)
        rest = ("Övriga källor hämtades och databasen byggdes; för de misslyckade används senast lyckade "
                "hämtning." if len(failed) < len(sids) else "Den tidigare databasen är orörd.")
        raise CliError(f"{len(failed)} av {len(sids)} källor misslyckades: {names}. {rest}\n"
                       + "\n".join(f"  {t}: {m}" for t, m in failed))
    if refused:
        raise CliError(f"{len(refused)} serie(r) avvisades vid hämtningen (övriga byggdes; för de avvisade används "
                       "senast godkända data):\n" + "\n".join(f"  {w}" for w in refused))


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> None:
    refused: list[str] = []
    do_fetch(settings, _catalogue(), args.incremental or args.from_date is not None, args.from_date, args.source,
             refused)
    if refused:
        raise CliError(f"{len(refused)} serie(r) avvisades (körningen sparades för övriga serier):\n"
                       + "\n".join(f"  {w}" for w in refused))


def cmd_build(args: argparse.Namespace, settings: Settings) -> None:
    do_build(settings, _catalogue(), args.run)


def cmd_prune(args: argparse.Namespace, settings: Settings) -> None:
    from etl.prune import plan_prune, prune

    plan = plan_prune(settings, _catalogue(), keep=args.keep)
    if not plan.kept_checkpoints:
        console.print("Ingen giltig kontrollpunkt (checkpoint) finns: inga råkörningar tas bort. Kör `build` först.")
        return
    verb = "Skulle ta bort" if args.dry_run else "Tar bort"
    console.print(f"Behåller kontrollpunkterna {', '.join(plan.kept_checkpoints)}. {verb} {len(plan.runs)} "
                  f"råkörning(ar) och {len(plan.checkpoints)} äldre kontrollpunkt(er), {plan.bytes / 1e6:.1f} MB.")
    for path in plan.runs + plan.checkpoints:
        console.print(f"  {path}", markup=False)
    if not args.dry_run:
        prune(settings, plan)
        if plan.runs:
            console.print("Klart. `build --run` kan inte längre bygga om läget efter de borttagna körningarna.")


def cmd_check(args: argparse.Namespace, settings: Settings) -> None:
    catalogue = _catalogue()
    from indicators.method import load_method

    load_method()
    from etl.sources.pxweb.definitions import undefined_series
    from indicators.catalogue import catalogue_dir

    problems = [p for sid in catalogue.source_ids if (catalogue_dir() / "sources" / f"{sid}.yaml").is_file()
                for p in undefined_series(catalogue_dir(), sid)]
    if problems:
        raise CliError("the catalogue has problems:\n" + "\n".join(f"  {p}" for p in problems))
    used = {g for i in catalogue.indicators for g in i.goals}
    for goal in catalogue.goals:
        if goal.id not in used:
            say(f"Varning: målet '{goal.id}' ({goal.name}) har inga indikatorer.", "yellow")
    for goal in catalogue.goals_without_judged_indicator():
        if goal.id in used:
            say(f"Varning: målet '{goal.id}' ({goal.name}) har ingen bedömd indikator (bara bevakade): det får "
                "ingen färg. Förslag på mått: docs/adding-an-indicator.md.", "yellow")
    for stage, goal in catalogue.stage_goal_cells_without_judged_indicator():
        say(f"Varning: {stage.name} × målet '{goal.id}' ({goal.name}) har ingen bedömd indikator (bara "
            "bevakade): cellen får ingen färg.", "yellow")
    for stage in catalogue.life_stages:
        if not any(i.life_stage == stage.id for i in catalogue.indicators):
            say(f"Varning: livsfasen '{stage.id}' ({stage.name}) har inga indikatorer.", "yellow")
    decided = sum(t.decided for t in catalogue.targets)
    console.print(f"Målregistret (targets.yaml): {decided} beslutade mål, {len(catalogue.targets) - decided} "
                  "förslag.")
    console.print(f"Katalogen är giltig: {len(catalogue.life_stages)} livsfaser, {len(catalogue.goals)} mål, "
                  f"{len(catalogue.indicators)} indikatorer, {len(catalogue.areas)} områden, "
                  f"{len(catalogue.series_ids)} serier att hämta.")


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from views.county_report import print_county_rollup
    from views.freshness import print_indicator_freshness
    from views.refresh_status import refresh_alert

    if not settings.db_path.exists():
        raise CliError(f"det finns ingen databas på {settings.db_path}: kör `python -m etl refresh` eller "
                       "`python -m etl demo`")
    print_indicator_freshness(settings.db_path, console)
    print_county_rollup(settings.db_path, console)
    _print_last_full(settings)
    alert = refresh_alert(settings.data_dir, settings.db_path)
    for line in alert.lines():
        say(f"Varning: {line}", "bold red", to_err=True)
    return EXIT_ALERT if alert.active else 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Every catalogue series against its source's live metadata (no data, no build): a table with a verdict
    per series and what to change; exit 0 only when none fails (etl/doctor.py)."""
    from etl.doctor import print_report, run_doctor

    catalogue = _catalogue()
    report = run_doctor(settings, catalogue)
    print_report(report, catalogue, console)
    return 0 if report.ok else EXIT_FAILED


def _print_last_full(settings: Settings) -> None:
    """When each source was last fetched in full (a weekly full refresh finds revisions incremental ones miss)."""
    from etl.full_refresh import last_full
    from etl.raw_runs import list_runs

    root = settings.raw_root
    for folder in sorted(d for d in root.iterdir() if d.is_dir()) if root.is_dir() else []:
        try:
            when = last_full(list_runs(folder))
        except Exception:  # noqa: BLE001 - an unreadable folder is reported by `runs`, not here
            continue
        text = (f"{when:%Y-%m-%d %H:%M} UTC" if when else "aldrig")
        every = (f"var {settings.full_refresh_days}:e dag" if settings.full_refresh_days
                 else "bara med refresh --full")
        say(f"Senaste fullständiga hämtning ({folder.name}): {text} (görs {every}).")


def _run_dirs(args: argparse.Namespace, settings: Settings) -> list[Path]:
    """The raw folders `runs` looks in: the named sources, else every source folder under raw/."""
    if args.source:
        return [settings.raw_dir(sid) for sid in args.source]
    root = settings.raw_root
    return sorted(d for d in root.iterdir() if d.is_dir()) if root.is_dir() else []


def cmd_runs(args: argparse.Namespace, settings: Settings) -> None:
    from etl import run_admin

    dirs = _run_dirs(args, settings)
    if args.action == "exclude":
        m = run_admin.exclude_run(dirs, args.run_id, args.reason)
        say(f"Körning {m.source_id}/{m.run_id} är undantagen: {m.excluded_reason}. "
            "Bygg om med `python -m etl build`.")
    elif args.action == "include":
        m = run_admin.include_run(dirs, args.run_id)
        say(f"Körning {m.source_id}/{m.run_id} används igen ({m.outcome}). Bygg om med `python -m etl build`.")
    else:
        print_run_list(settings, dirs, args.source)


def print_run_list(settings: Settings, dirs: list[Path], only: list[str] | None) -> None:
    """`runs`: the same list "Data och metod" shows (views/run_list.py), with the runs on disk that no build has
    read yet."""
    import polars as pl

    from core.attempts import read_attempts
    from etl.build import run_frame
    from etl.raw_runs import list_runs
    from views.db import reader
    from views.run_list import print_runs, run_list

    raw = run_frame([m for d in dirs for m in list_runs(d)])
    built = None
    if settings.db_path.exists():
        try:
            with reader(settings.db_path) as run:
                built = run("etl_runs")
        except Exception as exc:  # noqa: BLE001 - an unreadable database: list what is on disk, say why
            say(f"Databasen {settings.db_path} kan inte läsas ({exc}); visar hämtningarna på disk.", "yellow")
    runs = run_list(built, read_attempts(settings.data_dir), raw=raw)
    if only:  # --source: that source's runs and attempts
        runs = runs.filter(pl.col("source_id").is_in(only))
    print_runs(runs, console, str(settings.data_dir))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    from etl.demo import build_demo

    rows = build_demo(settings, _catalogue())
    say(f"DEMODATA byggd: {settings.db_path} ({rows} påhittade värden). Siffrorna är inte verkliga.", "bold")


def cmd_ensure(args: argparse.Namespace, settings: Settings) -> None:
    """Used by the start command: keep an existing database if it opens, is of this version's layout and passes
    its checks; else rebuild it from the raw runs (no network); else try the sources; else build demo data.

    While it runs, `<data_dir>/build_status.json` says "building" (core/build_status.py): the dashboard, started
    beside it on a first start, shows "Databasen byggs …" until the file is there, and says so when ensure fails."""
    from core.build_status import BUILDING, FAILED, clear_status, write_status

    started = write_status(settings.data_dir, BUILDING, "kontrollerar datamappen")

    def step(text: str) -> None:  # what the "Databasen byggs …" page says ensure is doing now
        write_status(settings.data_dir, BUILDING, text, started_at=started.started_at)

    try:
        _ensure(args, settings, step)
    except BaseException as exc:
        reason = "avbrutet" if isinstance(exc, KeyboardInterrupt) else (str(exc) or type(exc).__name__)
        write_status(settings.data_dir, FAILED, redact_text(reason)[:2000], started_at=started.started_at)
        raise
    clear_status(settings.data_dir)


def _ensure(args: argparse.Namespace, settings: Settings, step: Callable[[str], None]) -> None:
    from etl.verify_db import database_problem

    if settings.db_path.exists():
        problem = database_problem(settings.db_path)
        if problem is None and not _is_demo(settings.db_path):
            say(f"Databasen finns och klarar kontrollerna: {settings.db_path}")
            return
        if problem is None:  # demo data from an earlier offline start: try for real data, keep the demo if not
            step("provar källorna för att ersätta demodatan med riktiga data")
            failure = _fetch_real_data(args, settings, _catalogue())
            if failure is None:
                say("Riktiga data är hämtade och byggda: demodatan är ersatt.", "green")
            else:
                say(f"Databasen är DEMODATA (påhittade siffror) och {failure}: den behålls. Riktiga data hämtas "
                    "vid nästa start, eller nu med: .venv/bin/python -m etl refresh", "yellow")
            return
        say(f"Databasen kan inte användas: {problem}", "yellow")
    catalogue = _catalogue()
    from etl.raw_runs import list_runs, replayable

    try:
        has_runs = any(replayable(m) and m.mode == "full"
                       for sid in catalogue.source_ids for m in list_runs(settings.raw_dir(sid)))
    except Exception as exc:  # noqa: BLE001 - a broken raw directory: say so and fall back
        say(f"Hämtningarna i {settings.raw_root} kan inte läsas: {exc}", "yellow")
        has_runs = False
    if has_runs:
        try:
            say("Bygger om databasen från de sparade hämtningarna (inget nätverk) …")
            step("bygger om databasen från de sparade hämtningarna (inget nätverk)")
            do_build(settings, catalogue, None)
            return
        except Exception as exc:  # noqa: BLE001 - fall back to a refresh
            say(f"Bygget från sparade hämtningar misslyckades: {exc}", "yellow")
    step("provar källorna och hämtar riktiga data om de svarar")
    failure = _fetch_real_data(args, settings, catalogue)
    if failure is not None:  # clearly labelled demo data rather than no dashboard
        say(failure[:1].upper() + failure[1:], "yellow")
        say("Bygger DEMODATA i stället – påhittade siffror, tydligt märkta i dashboarden. Riktiga data hämtas vid "
            "nästa start när källorna kan nås.", "bold")
        step(f"bygger DEMODATA (påhittade siffror): {failure}")
        cmd_demo(args, settings)


def _is_demo(db_path: Path) -> bool:
    from views.db import facts

    return facts(db_path).get("is_demo") == "true"


def _fetch_real_data(args: argparse.Namespace, settings: Settings, catalogue: Catalogue) -> str | None:
    """Probe every source, then fetch in full and build. None when that worked; else what failed, in Swedish."""
    from etl.http import HttpPolicy, HttpSession
    from etl.sources.registry import get_source

    source = get_source(catalogue.source_ids[0])
    try:
        for sid in catalogue.source_ids:
            source = get_source(sid)
            url = source.probe_url(settings.base_url(source))
            if url is None:
                continue  # a local folder: nothing to reach
            try:
                with HttpSession(HttpPolicy(max_attempts=1, timeout=args.probe_timeout)) as probe:
                    probe.get(url)
            except Exception as exc:  # a fetch attempt that made no run: `runs` and "Data och metod" list it
                record_attempt(settings.data_dir, "fetch", "failed", mode="full", source_id=sid,
                               message=f"kunde inte nås vid start: {type(exc).__name__}: {exc}")
                raise
        do_fetch(settings, catalogue, False, None)
        do_build(settings, catalogue, None)
    except Exception as exc:  # noqa: BLE001 - any failure is reported; the caller decides what to show
        return (f"{source.info.title} kunde inte nås på {redact_url(settings.base_url(source))} "
                f"({type(exc).__name__}: {str(exc)[:200]})")
    return None


def cmd_snapshot(args: argparse.Namespace, settings: Settings) -> None:
    from etl.meeting_snapshot import create_snapshot

    info = create_snapshot(settings, args.name)
    say(f"Mötesögonblicksbild sparad: {info.name} → {info.file}")


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    from exports.run import ExportPathError, run_export

    try:
        paths = run_export(settings, args.what, scope=args.scope, area_id=args.area, out=args.out)
    except ExportPathError as exc:
        raise BadArguments(str(exc)) from exc
    for path in paths:
        say(f"Skrev {path}")


def cmd_review(args: argparse.Namespace, settings: Settings) -> None:
    """The yearly review of the indicator set as a workbook (exports/review_xlsx.py), from the built database."""
    if not settings.db_path.is_file():
        raise CliError(f"det finns ingen databas på {settings.db_path}: kör `python -m etl refresh` eller "
                       "`python -m etl demo` först")
    _catalogue()  # a broken catalogue is reported with file and line before anything is written
    from exports.review_xlsx import write_review

    say(f"Skrev {write_review(settings.db_path, args.out)}")


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int | None]] = {
    "refresh": cmd_refresh, "fetch": cmd_fetch, "build": cmd_build, "check": cmd_check, "status": cmd_status,
    "runs": cmd_runs, "demo": cmd_demo, "prune": cmd_prune, "ensure": cmd_ensure, "snapshot": cmd_snapshot,
    "export": cmd_export, "doctor": cmd_doctor, "review": cmd_review,
}


def parser() -> argparse.ArgumentParser:
    p = SwedishParser(prog="python -m etl", description="Nya Perspektiv: sources → DuckDB.")
    p.add_argument("--base-url", help=f"base URL of the default source '{DEFAULT_SOURCE}' (default: its "
                                      "environment variable, e.g. $KOLADA_BASE_URL, or its public address)")
    p.add_argument("--data-dir", help="data directory (default: $NP_DATA_DIR or data/)")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("refresh", help="fetch (incremental after the first full run) and build")
    r.add_argument("--full", action="store_true", help="fetch everything even if an earlier run exists")
    f = sub.add_parser("fetch", help="fetch one raw run per source (network)")
    f.add_argument("--source", action="append", help="only this source (repeatable; default: all the catalogue uses)")
    f.add_argument("--incremental", action="store_true", help="only values changed since the last run")
    f.add_argument("--from-date", type=iso_date, help="incremental: values changed since YYYY-MM-DD")
    b = sub.add_parser("build", help="build the database from the raw runs (no network)")
    b.add_argument("--run", help="build the data as it was after this fetch run id")
    pr = sub.add_parser("prune", help="delete raw runs older than the kept build checkpoints (only when asked)")
    pr.add_argument("--keep", type=positive_int, default=1,
                    help="checkpoints to keep per source (default 1: the newest)")
    pr.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")
    sub.add_parser("check", help="validate the catalogue and the method config (no network)")
    sub.add_parser("status", help="per indicator: latest year, fetched, next publication; county roll-up; "
                                  "exits 3 when refreshes fail or data is older than a planned publication")
    sub.add_parser("doctor", help="check every catalogue series against the sources' live metadata (no data, "
                                  "no build); exits 1 when a series would fail")
    ru = sub.add_parser("runs", help="list fetch runs; set a run aside (exclude) or take it back (include)")
    ru.add_argument("action", nargs="?", choices=["list", "exclude", "include"], default="list")
    ru.add_argument("run_id", nargs="?", help="the run id (a directory name under data/raw/<source>)")
    ru.add_argument("--reason", type=reason_text, help="exclude: why the run is set aside (recorded in its manifest)")
    ru.add_argument("--source", action="append", help="only this source's runs (repeatable; default: all)")
    sub.add_parser("demo", help="build a clearly labelled demo database (no network)")
    en = sub.add_parser("ensure", help="make sure a database exists: refresh, or demo data if a source is unreachable")
    en.add_argument("--probe-timeout", type=positive_seconds, default=8.0,
                    help="seconds to wait for a source before using demo data")
    s = sub.add_parser("snapshot", help="freeze the current database under a meeting name")
    s.add_argument("--name", required=True, help='e.g. "Styrgruppen 2026-12-04"')
    e = sub.add_parser("export", help="slides (.pptx) or handouts (PDF) for a meeting")
    e.add_argument("what", choices=["slides", "handouts"])
    e.add_argument("--scope", default="meeting",
                   help="slides: meeting | life_stage:<id> (default meeting)")
    e.add_argument("--area", default=None, help="area id, e.g. 1780; default the county (0017)")
    e.add_argument("--out", type=Path, default=None, help="output file (slides) or folder (handouts)")
    r = sub.add_parser("review", help="the yearly review of the indicator set as an .xlsx workbook")
    r.add_argument("--out", type=Path, required=True, help="the workbook to write, e.g. oversyn.xlsx")
    return p


def _writable(directory: Path) -> bool:
    """Whether a file can be created in `directory` (a read-only mount, or no write permission, says no)."""
    import tempfile

    if not directory.is_dir():
        return True  # created by the command, or it fails naming the folder
    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


def ensure_read_only(settings: Settings) -> None:
    """`ensure` on a data folder that cannot be written: a database that passes its checks is served as it is
    (said once); nothing is fetched, built or locked. Without a usable database there is nothing to serve."""
    from etl.verify_db import database_problem

    problem = (database_problem(settings.db_path) if settings.db_path.exists()
               else f"det finns ingen databas på {settings.db_path}")
    if problem is not None:
        raise CliError(f"datamappen {settings.data_dir} är skrivskyddad och databasen kan inte användas: {problem}")
    say(f"Datamappen {settings.data_dir} är skrivskyddad: databasen klarar kontrollerna och visas som den är "
        "(skrivskyddat läge – ingen hämtning eller ombyggnad).", "yellow")


def _run(args: argparse.Namespace, settings: Settings) -> int | None:
    command = COMMANDS[args.command]
    if args.command == "ensure" and not _writable(settings.data_dir):
        return ensure_read_only(settings)
    if args.command not in LOCKED or (args.command == "runs" and args.action == "list"):
        return command(args, settings)
    from etl.lock import data_dir_lock

    with data_dir_lock(settings.data_dir, args.command, notify=lambda m: say(m, "yellow", to_err=True)):
        return command(args, settings)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The arguments, or exit 2 with a Swedish message: wrong types (argparse), what argparse cannot express
    (`runs exclude` needs a run id and a reason), and every environment variable (core/settings.py)."""
    p = parser()
    args = p.parse_args(argv)
    if args.command == "runs" and args.action in ("exclude", "include") and not args.run_id:
        p.error(f"runs {args.action} behöver ett RUN_ID (se `python -m etl runs`)")
    if args.command == "runs" and args.action == "exclude" and not args.reason:
        p.error('runs exclude behöver --reason "varför körningen ska läggas undan"')
    from etl.sources.registry import SOURCES

    problems = check_environment(tuple(s.base_url_env for s in SOURCES.values() if s.base_url_env))
    if problems:
        p.error("; ".join(problems))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = load_settings(args.base_url, args.data_dir)
    from etl.lock import LockError

    try:
        code = _run(args, settings)
    except KeyboardInterrupt:
        err.print("[red]Avbrutet.[/] Den tidigare databasen är orörd.")
        return 130
    except BadArguments as exc:  # found after parsing (e.g. --out of the wrong kind)
        err.print(f"[red bold]Fel i argumenten ({args.command}):[/]", end=" ")
        say(str(exc), to_err=True)
        return EXIT_BAD_ARGUMENTS
    except LockError as exc:
        err.print(f"[red bold]Upptaget ({args.command}):[/]", end=" ")
        say(str(exc), to_err=True)
        return EXIT_LOCKED
    except Exception as exc:  # every failure ends in a readable message and a non-zero exit
        err.print(f"[red bold]Fel ({args.command}):[/]", end=" ")
        say(str(exc), to_err=True)
        if not isinstance(exc, CliError | CatalogueError):
            err.print(f"[dim]({type(exc).__name__})[/]")
        return EXIT_FAILED
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
