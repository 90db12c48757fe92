"""`python -m etl doctor`: for the first day with real data. Asks each source the catalogue uses for its live
metadata only (no data is fetched, nothing is stored or built) and checks every catalogue series against it with
the fetch's own rules: it exists, its title has the expected words, its variables and codes, the gender split, the
latest period. The report is a table with a verdict per series and what to change in the catalogue; the command
exits 0 only when no series fails (a warning is shown but passes).

    report = run_doctor(settings, catalogue)       # DoctorReport(rows, notes)
    print_report(report, console); report.ok
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from core.redact import redact_text, redact_url
from core.settings import Settings
from etl.http import HttpError, HttpPolicy, HttpSession
from etl.sources import Source
from etl.sources.checkup import SeriesCheck
from etl.sources.kolada import checkup as default_checkup
from etl.sources.kolada.parse import SOURCE_ID as DEFAULT_SOURCE_ID
from etl.sources.local.source import LOCAL_INFO, local_files, read_records
from etl.sources.local.validate import LocalFiguresError
from etl.sources.pxweb.checkup import checkup as pxweb_checkup
from etl.sources.pxweb.source import PxWebSource
from etl.sources.registry import get_source
from indicators.catalogue import Catalogue

VERDICT_WORDS = {"ok": ("OK", "green"), "warn": ("Varning", "yellow"), "fail": ("FEL", "bold red")}


@dataclass
class DoctorReport:
    rows: list[SeriesCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # per source: default limits used, unreachable, …

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(r.verdict == "fail" for r in self.rows)

    def count(self, verdict: str) -> int:
        return sum(r.verdict == verdict for r in self.rows)


def stored_titles(db_path: Path) -> dict[str, str]:
    """Series titles in the published database (to notice a renamed series); {} when there is none."""
    if not db_path.exists():
        return {}
    import duckdb

    from etl.load import connect_file

    try:
        con = connect_file(db_path, read_only=True)
    except duckdb.Error:
        return {}
    try:
        return {sid: title for sid, title in con.execute("SELECT series_id, title FROM series").fetchall()}
    except duckdb.Error:
        return {}
    finally:
        con.close()


def _local_checkup(folder: Path, ids: list[str], catalogue: Catalogue) -> tuple[list[SeriesCheck], list[str]]:
    """Own figures have no live metadata: the files in the folder are read and validated as a fetch would."""
    sid = LOCAL_INFO.source_id
    found: dict[str, set[str]] = {}
    years: dict[str, int] = {}
    problems: list[str] = []
    for path in local_files(folder):
        try:
            for r in read_records(str(path), path.read_bytes(), set(catalogue.area_ids)):
                found.setdefault(r.series, set()).add(r.gender)
                years[r.series] = max(years.get(r.series, 0), r.year)
        except LocalFiguresError as exc:
            problems.extend(exc.problems)
    rows = []
    for local in ids:
        if problems:
            rows.append(SeriesCheck(sid, local, "fail", advice="Rätta filerna: " + "; ".join(problems[:3])))
        elif local not in found:
            rows.append(SeriesCheck(sid, local, "fail", advice=f"Ingen fil i {folder} har serien {local}: lägg till "
                                                               "den eller ta bort indikatorn."))
        else:
            rows.append(SeriesCheck(sid, local, "ok", latest=str(years[local]),
                                    genders=" ".join(sorted(found[local], key="TKM".index))))
    return rows, []


def check_source(source: Source, base_url: str, ids: list[str], session: HttpSession, catalogue: Catalogue,
                 titles: Mapping[str, str]) -> tuple[list[SeriesCheck], list[str]]:
    sid = source.info.source_id
    if sid == LOCAL_INFO.source_id:
        return _local_checkup(Path(base_url), ids, catalogue)
    try:
        if isinstance(source, PxWebSource):
            return pxweb_checkup(source, base_url, ids, session, catalogue)
        if sid == DEFAULT_SOURCE_ID:
            return default_checkup.checkup(base_url, ids, session, catalogue, titles)
    except (HttpError, ValueError) as exc:
        why = f"{source.info.title} kunde inte frågas på {redact_url(base_url)}: {exc}"
        return [SeriesCheck(sid, s, "fail", advice=why) for s in ids], [why]
    return [SeriesCheck(sid, s, "warn", advice="Källan kan inte kontrolleras i förväg.") for s in ids], []


def run_doctor(settings: Settings, catalogue: Catalogue, policy: HttpPolicy | None = None) -> DoctorReport:
    report = DoctorReport()
    titles = stored_titles(settings.db_path)
    with HttpSession(policy or HttpPolicy(max_attempts=3)) as session:
        for sid in catalogue.source_ids:
            source = get_source(sid)
            rows, notes = check_source(source, settings.base_url(source), catalogue.series_for(sid), session,
                                       catalogue, titles)
            report.rows.extend(rows)
            report.notes.extend(f"{source.info.title}: {n}" for n in notes)
    return report


def _indicator_of(catalogue: Catalogue) -> dict[str, str]:
    names: dict[str, str] = {}
    for ind in catalogue.indicators:
        names.setdefault(ind.series_id, ind.short_name)
    for name in catalogue.support_kpis:
        sid = catalogue.support_series(name)
        if sid is not None:
            names.setdefault(sid, f"(stödserie: {name})")
    return names


def print_report(report: DoctorReport, catalogue: Catalogue, console: Console) -> None:
    """One line per series (series, verdict, latest period, genders, indicator), then, for each series that is
    not OK, its live title and what to change, so that the table stays readable in a narrow terminal."""
    names = _indicator_of(catalogue)
    table = Table(title="Katalogens serier mot källornas metadata", expand=False)
    table.add_column("Serie", no_wrap=True)
    table.add_column("Utfall", no_wrap=True, min_width=7)
    table.add_column("Senaste", no_wrap=True, min_width=9)
    table.add_column("Kön", no_wrap=True, min_width=5)
    table.add_column("Indikator", no_wrap=True, overflow="ellipsis", max_width=40)
    for r in report.rows:
        word, style = VERDICT_WORDS[r.verdict]
        full = f"{r.source_id}:{r.series}"
        table.add_row(Text(full), Text(word, style=style), Text(r.latest or "–"), Text(r.genders or "–"),
                      Text(names.get(full, "")))
    console.print(table)
    for r in report.rows:
        if r.verdict == "ok":
            continue
        word, style = VERDICT_WORDS[r.verdict]
        line = Text(f"{word} ", style=style)
        line.append(f"{r.source_id}:{r.series}", style="bold")
        if r.title:
            line.append(f" (hos källan: {redact_text(r.title)})")
        line.append(f": {redact_text(r.advice)}")
        console.print(line, soft_wrap=True)
    for note in report.notes:
        console.print(Text(f"Obs: {redact_text(note)}", style="yellow"), soft_wrap=True)
    console.print(Text(f"{report.count('ok')} OK, {report.count('warn')} med varning, {report.count('fail')} FEL "
                       f"av {len(report.rows)} serier.", style="bold" if report.ok else "bold red"))
