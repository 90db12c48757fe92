"""`python -m etl <command>`: refresh, fetch, build, check, status, demo, ensure, snapshot, export.

Every command prints a summary and exits non-zero on failure, with a message that says what went wrong and where.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.settings import Settings, load_settings
from indicators.catalogue import DEFAULT_SOURCE, Catalogue, load_catalogue
from indicators.yaml_lines import CatalogueError

console = Console(stderr=False, highlight=False)
err = Console(stderr=True, highlight=False)


class CliError(Exception):
    """A failure the user can act on; the message is printed as it is."""


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False, disable=not console.is_terminal)


def _catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except CatalogueError as exc:
        raise CliError("the catalogue has problems:\n" + "\n".join(f"  {p}" for p in exc.problems)) from exc


def do_fetch(settings: Settings, catalogue: Catalogue, incremental: bool, from_date: date | None,
             source_ids: list[str] | None = None) -> list[str]:
    """One run per source (default: every source the catalogue uses); returns the run ids."""
    from etl.fetch import fetch_run
    from etl.sources.registry import get_source

    mode = "incremental" if incremental else "full"
    run_ids = []
    for sid in source_ids or catalogue.source_ids:
        source = get_source(sid)
        console.print(f"Hämtar från {source.info.title}, {settings.base_url(source)} "
                      f"({'ändringar' if incremental else 'allt'}) …")
        with _progress() as bar:
            task = bar.add_task(source.info.title, total=None)

            def report(done: int, total: int, url: str, task: int = task) -> None:
                bar.update(task, completed=done, total=total)

            result = fetch_run(settings, catalogue, mode=mode, from_date=from_date, progress=report,
                               source_id=sid)
        console.print(f"Hämtning {result.run_id}: {result.requests} anrop, {result.rows} dataobjekt "
                      f"→ {result.run_dir}")
        if result.missing_series_ids:
            console.print(f"[yellow]Saknas i metadata från {source.info.title}:[/] "
                          f"{', '.join(result.missing_series_ids)}")
        run_ids.append(result.run_id)
    return run_ids


def do_build(settings: Settings, catalogue: Catalogue, upto: str | None) -> None:
    from etl.build import build_database

    result = build_database(settings, catalogue, upto_run_id=upto)
    console.print(f"Databas byggd: {result.db_path} ({result.rows} värden, fram till körning {result.run_id}, "
                  f"{result.changes} ändringar registrerade)")
    for series_id, reason in result.missing_series:
        console.print(f"[yellow]Saknas:[/] {series_id}: {reason}")


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
    from etl.raw_runs import list_runs
    from etl.sources.registry import get_source

    failed: list[tuple[str, str]] = []
    sids = refresh_sources(settings, catalogue)
    for sid in sids:
        fulls = [m for m in list_runs(settings.raw_dir(sid)) if m.outcome == "ok" and m.mode == "full"]
        covered = bool(fulls) and set(catalogue.series_for(sid)) <= set(fulls[-1].series_ids) \
            and set(catalogue.area_ids) <= set(fulls[-1].area_ids)
        if fulls and not covered and not args.full:
            console.print(f"Katalogen har serier ({sid}) eller områden som ingen tidigare fullständig hämtning "
                          "omfattar: hämtar allt, så att de får hela sin historik.")
        try:
            do_fetch(settings, catalogue, covered and not args.full, None, [sid])
        except Exception as exc:  # one source failing must not stop the others; reported below
            title = get_source(sid).info.title
            console.print(f"[red]Hämtningen från {title} misslyckades:[/]", end=" ")
            console.print(str(exc), markup=False, soft_wrap=True)
            failed.append((title, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    if len(failed) < len(sids):
        do_build(settings, catalogue, None)
    if failed:
        names = ", ".join(t for t, _ in failed)
        rest = ("Övriga källor hämtades och databasen byggdes; för de misslyckade används senast lyckade "
                "hämtning." if len(failed) < len(sids) else "Den tidigare databasen är orörd.")
        raise CliError(f"{len(failed)} av {len(sids)} källor misslyckades: {names}. {rest}\n"
                       + "\n".join(f"  {t}: {m}" for t, m in failed))


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> None:
    from_date = date.fromisoformat(args.from_date) if args.from_date else None
    do_fetch(settings, _catalogue(), args.incremental or from_date is not None, from_date, args.source)


def cmd_build(args: argparse.Namespace, settings: Settings) -> None:
    do_build(settings, _catalogue(), args.run)


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
            console.print(f"[yellow]Varning:[/] målet '{goal.id}' ({goal.name}) har inga indikatorer.")
    for goal in catalogue.goals_without_judged_indicator():
        if goal.id in used:
            console.print(f"[yellow]Varning:[/] målet '{goal.id}' ({goal.name}) har ingen bedömd indikator "
                          "(bara bevakade): det får ingen färg. Förslag på mått: docs/adding-an-indicator.md.")
    for stage, goal in catalogue.stage_goal_cells_without_judged_indicator():
        console.print(f"[yellow]Varning:[/] {stage.name} × målet '{goal.id}' ({goal.name}) har ingen bedömd "
                      "indikator (bara bevakade): cellen får ingen färg.")
    for stage in catalogue.life_stages:
        if not any(i.life_stage == stage.id for i in catalogue.indicators):
            console.print(f"[yellow]Varning:[/] livsfasen '{stage.id}' ({stage.name}) har inga indikatorer.")
    console.print(f"Katalogen är giltig: {len(catalogue.life_stages)} livsfaser, {len(catalogue.goals)} mål, "
                  f"{len(catalogue.indicators)} indikatorer, {len(catalogue.areas)} områden, "
                  f"{len(catalogue.series_ids)} serier att hämta.")


def cmd_status(args: argparse.Namespace, settings: Settings) -> None:
    from views.county_report import print_county_rollup
    from views.freshness import print_indicator_freshness

    if not settings.db_path.exists():
        raise CliError(f"no database at {settings.db_path}: run `python -m etl refresh` or `python -m etl demo`")
    print_indicator_freshness(settings.db_path, console)
    print_county_rollup(settings.db_path, console)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    from etl.demo import build_demo

    rows = build_demo(settings, _catalogue())
    console.print(f"[bold]DEMODATA[/] byggd: {settings.db_path} ({rows} påhittade värden). "
                  "Siffrorna är inte verkliga.")


def cmd_ensure(args: argparse.Namespace, settings: Settings) -> None:
    """Used by the start command: keep an existing database (rebuilt from the raw runs when an older version
    built it); else try the sources; else build demo data."""
    catalogue = _catalogue()
    if settings.db_path.exists():
        from etl.raw_runs import list_runs
        from views import db

        try:
            db.facts(settings.db_path)
            console.print(f"Databasen finns: {settings.db_path}")
            return
        except db.OutdatedDatabaseError as exc:
            console.print(str(exc), markup=False)
        finally:
            db.release(settings.db_path)
        if any(list_runs(settings.raw_dir(sid)) for sid in catalogue.source_ids):
            console.print("Bygger om databasen från de sparade hämtningarna (inget nätverk) …")
            do_build(settings, catalogue, None)
            return
    from etl.http import HttpError, HttpPolicy, HttpSession
    from etl.sources.registry import get_source

    source = get_source(catalogue.source_ids[0])
    try:
        for sid in catalogue.source_ids:
            source = get_source(sid)
            url = source.probe_url(settings.base_url(source))
            if url is None:
                continue  # a local folder: nothing to reach
            with HttpSession(HttpPolicy(max_attempts=1, timeout=float(args.probe_timeout))) as probe:
                probe.get(url)
        do_fetch(settings, catalogue, False, None)
        do_build(settings, catalogue, None)
    except (HttpError, OSError) as exc:
        console.print(f"[yellow]{source.info.title} kunde inte nås på {settings.base_url(source)}[/]",
                      markup=True)
        console.print(f"({type(exc).__name__}: {str(exc)[:300]})", markup=False)
        console.print("[bold]Bygger DEMODATA i stället – påhittade siffror, tydligt märkta i dashboarden.[/]")
        cmd_demo(args, settings)


def cmd_snapshot(args: argparse.Namespace, settings: Settings) -> None:
    from etl.meeting_snapshot import create_snapshot

    info = create_snapshot(settings, args.name)
    console.print(f"Mötesögonblicksbild sparad: {info.name} → {info.file}")


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    from exports.run import run_export

    for path in run_export(settings, args.what, scope=args.scope, area_id=args.area, out=args.out):
        console.print(f"Skrev {path}")


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], None]] = {
    "refresh": cmd_refresh, "fetch": cmd_fetch, "build": cmd_build, "check": cmd_check, "status": cmd_status,
    "demo": cmd_demo, "ensure": cmd_ensure, "snapshot": cmd_snapshot, "export": cmd_export,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Nya Perspektiv: sources → DuckDB.")
    p.add_argument("--base-url", help=f"base URL of the default source '{DEFAULT_SOURCE}' (default: its "
                                      "environment variable, e.g. $KOLADA_BASE_URL, or its public address)")
    p.add_argument("--data-dir", help="data directory (default: $NP_DATA_DIR or data/)")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("refresh", help="fetch (incremental after the first full run) and build")
    r.add_argument("--full", action="store_true", help="fetch everything even if an earlier run exists")
    f = sub.add_parser("fetch", help="fetch one raw run per source (network)")
    f.add_argument("--source", action="append", help="only this source (repeatable; default: all the catalogue uses)")
    f.add_argument("--incremental", action="store_true", help="only values changed since the last run")
    f.add_argument("--from-date", help="incremental: values changed since YYYY-MM-DD")
    b = sub.add_parser("build", help="build the database from the raw runs (no network)")
    b.add_argument("--run", help="build the data as it was after this fetch run id")
    sub.add_parser("check", help="validate the catalogue and the method config (no network)")
    sub.add_parser("status", help="per indicator: latest year, fetched, next publication; county roll-up")
    sub.add_parser("demo", help="build a clearly labelled demo database (no network)")
    en = sub.add_parser("ensure", help="make sure a database exists: refresh, or demo data if a source is unreachable")
    en.add_argument("--probe-timeout", default="8", help="seconds to wait for a source before using demo data")
    s = sub.add_parser("snapshot", help="freeze the current database under a meeting name")
    s.add_argument("--name", required=True, help='e.g. "Styrgruppen 2026-12-04"')
    e = sub.add_parser("export", help="slides (.pptx) or handouts (PDF) for a meeting")
    e.add_argument("what", choices=["slides", "handouts"])
    e.add_argument("--scope", default="meeting",
                   help="slides: meeting | life_stage:<id> (default meeting)")
    e.add_argument("--area", default=None, help="area id, e.g. 1780; default the county (0017)")
    e.add_argument("--out", type=Path, default=None, help="output file (slides) or folder (handouts)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = load_settings(args.base_url, args.data_dir)
    try:
        COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        err.print("[red]Avbrutet.[/] Den tidigare databasen är orörd.")
        return 130
    except Exception as exc:  # every failure ends in a readable message and a non-zero exit
        err.print(f"[red bold]Fel ({args.command}):[/]", end=" ")
        err.print(str(exc), markup=False, soft_wrap=True)
        if not isinstance(exc, CliError | CatalogueError):
            err.print(f"[dim]({type(exc).__name__})[/]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
