"""Data och metod: the status rule in plain Swedish (docs/method.md), a coverage matrix with the gaps visible,
each source's licence, last successful fetch and next publication, the ETL runs behind this database and what
the last refresh changed."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

import polars as pl
import streamlit as st

from core.attempts import read_attempts
from core.settings import load_settings
from dashboard import badges, data, refresh_banner, state, ui
from dashboard.downloads import download_buttons
from indicators.catalogue import split_series_id
from views.format import fmt_date, fmt_datetime, fmt_number
from views.run_list import run_list
from views.safe_text import md_escape

METHOD_FILE = Path(__file__).resolve().parents[2] / "docs" / "method.md"
CHANGE_WORDS = {"new": "nya", "revised": "reviderade", "deleted": "borttagna"}
MAX_RUNS = 30  # newest first; `python -m etl runs` lists them all
MODE_WORDS = {"full": "full hämtning", "incremental": "uppdatering", "demo": "demodata"}
OUTCOME_WORDS = {"ok": "lyckades", "failed": "misslyckades", "excluded": "undantagen"}


def user_part(text: str) -> str:
    """The method for readers of the dashboard: without HTML comments, the design-history section and the footer
    about how the page is generated (those stay in docs/method.md for developers)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.split(r"^## [^\n]*designskiss", text, maxsplit=1, flags=re.MULTILINE | re.IGNORECASE)[0]
    text = re.split(r"^---\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    return text.rstrip() + "\n"


def method_section() -> None:
    if METHOD_FILE.is_file():
        st.markdown(user_part(METHOD_FILE.read_text(encoding="utf-8")))
    else:
        st.info(f"Metodbeskrivningen ({METHOD_FILE.name}) finns inte ännu.")


def coverage_cell(year: int | None, newest: int) -> str:
    if year is None:
        return '<span class="np-gap" title="inga värden">saknas</span>'
    cls = ' class="np-old"' if year < newest - 1 else ""
    return f"<span{cls}>{year}</span>"


def coverage_section(ctx: state.Context) -> None:
    st.header("Täckning: senaste år med värde", anchor=False)
    cov = data.query("coverage")
    county = dict(data.query("coverage_county").select("indicator_id", "latest_year").iter_rows())
    newest = cov["latest_year"].max() or 0
    areas = (cov.select("area_id", "area_name", "kind").unique(maintain_order=True)
             .sort(pl.col("kind").replace_strict({"riket": 0, "region": 1, "kommun": 2}), "area_name"))
    headers = ["Indikator", *areas["area_name"].to_list(), f"{data.county_label()} (metoden)"]
    lookup = {(i, a): y for i, a, y in cov.select("indicator_id", "area_id", "latest_year").iter_rows()}
    rows = []
    for ind, name in cov.select("indicator_id", "short_name").unique(maintain_order=True).iter_rows():
        cells = [coverage_cell(lookup.get((ind, a)), newest) for a in areas["area_id"].to_list()]
        rows.append([f'<div style="text-align:left">{escape(name)}</div>', *cells,
                     coverage_cell(county.get(ind), newest)])
    st.html(badges.html_table(headers, rows, css_class="np-table np-matrix", test_id="np-coverage",
                              label="Täckning: senaste år med värde per indikator och område"))
    names = areas["area_name"].to_list()
    table = pl.DataFrame(
        [[name, *[lookup.get((ind, a)) for a in areas["area_id"].to_list()], county.get(ind)]
         for ind, name in cov.select("indicator_id", "short_name").unique(maintain_order=True).iter_rows()],
        schema=[("Indikator", pl.String), *[(n, pl.Int64) for n in names], ("Värmland (metoden)", pl.Int64)],
        orient="row")
    download_buttons(table, "tackning-senaste-ar", key="dl_coverage")
    gaps = sum(1 for v in lookup.values() if v is None)
    st.caption(f"{fmt_number(gaps)} av {fmt_number(len(lookup))} kombinationer saknar värden helt. "
               f"Gul bakgrund: senaste värdet är äldre än {newest - 1}. "
               f"{data.county_label()} i metoden = regionens eget värde eller, där det saknas, "
               "befolkningsviktat medel.")
    ui.source_line(extra="egen sammanställning av vilka år som finns")


def sources_section() -> None:
    """Each source: its licence, its last successful fetch and, where its series announce one, the next
    publication."""
    st.header("Källor", anchor=False)
    sources = data.query("source_freshness", (date.today(),))
    rows = [[escape(r["title"]), escape(r["publisher"]), escape(r["licence"]), escape(r["attribution"]),
             fmt_datetime(r["last_ok"]) if r["last_ok"] else "–",
             fmt_date(r["next_publication"]) if r["next_publication"] else "okänd"]
            for r in sources.iter_rows(named=True)]
    st.html(badges.html_table(["Källa", "Utgivare", "Licens", "Källrad", "Senast hämtad", "Nästa publicering"],
                              rows, test_id="np-sources", widths=["14%", "15%", "17%", "24%", "14%", "16%"]))


def runs_section() -> None:
    st.header("Datakörningar", anchor=False)
    # the same list as `python -m etl runs` (views/run_list.py): the database's runs and, for the live data,
    # the fetch attempts that left no run (a source that could not be reached at start)
    attempts = read_attempts(load_settings().data_dir) if not data.active_dataset() else []
    runs = run_list(data.query("etl_runs"), attempts).head(MAX_RUNS)
    rows = [[escape(r["run_id"]), escape(r["source_id"] or "–"),
             fmt_datetime(r["started_at"]) if r["started_at"] else "–",
             escape(MODE_WORDS.get(r["mode"], r["mode"] or "–")),
             fmt_date(r["from_date"]) if r["from_date"] else "–", fmt_number(r["rows"]) if r["rows"] is not None
             else "–", escape(OUTCOME_WORDS.get(r["outcome"], r["outcome"] or "")), escape(r["message"] or "")]
            for r in runs.iter_rows(named=True)]
    st.html(badges.html_table(["Körning", "Källa", "Start", "Typ", "Ändrat sedan", "Rader", "Utfall", "Meddelande"],
                              rows, numeric={5}, test_id="np-runs",
                              widths=["15%", "8%", "13%", "9%", "10%", "7%", "9%", "29%"]))


def changes_section() -> None:
    st.header("Vad ändrades vid senaste uppdateringen", anchor=False)
    last = data.query("last_refresh")
    if last.is_empty():
        st.info("Databasen bygger inte på någon hämtning eller ändringsomgång, så det finns inga ändringar att visa.")
    else:
        run = last.row(0, named=True)
        what = "Senaste ändringsomgång i demodatan" if run["mode"] == "demo" else "Senaste lyckade hämtning"
        st.markdown(f"{what}: **{run['run_id']}** ({fmt_datetime(run['started_at'])}, "
                    f"{MODE_WORDS.get(run['mode'], run['mode'])}).")
        for failed in data.query("failed_after", [run["started_at"]]).iter_rows(named=True):
            # the message holds an upstream error body: text, never Markdown
            st.warning(md_escape(f"Hämtningen {failed['run_id']} ({fmt_datetime(failed['started_at'])}) "
                                 f"misslyckades: {failed['message'] or 'okänt fel'}. "
                                 f"Databasen visar data från {run['run_id']}."), icon="⚠️")
        changes = data.query("run_observation_changes", [run["run_id"]])
        if changes.is_empty():
            st.markdown("Inga värden ändrades.")
        else:
            wide = changes.pivot(on="change", index=["series_id", "name"], values="n").fill_null(0)
            kinds = [k for k in CHANGE_WORDS if k in wide.columns]
            rows = [[escape(r["name"]), escape(split_series_id(r["series_id"])[1]), *[fmt_number(r[k]) for k in kinds]]
                    for r in wide.iter_rows(named=True)]
            st.html(badges.html_table(["Indikator", "Mått-id", *[CHANGE_WORDS[k].capitalize() for k in kinds]],
                                      rows, numeric={2, 3, 4}, test_id="np-changes"))
        meta = data.query("run_series_changes", [run["run_id"]])
        if not meta.is_empty():
            st.subheader("Ändrad information om måtten", anchor=False)
            rows = [[escape(r["name"]), escape(r["field"]), escape(r["old_value"] or "–"),
                     escape(r["new_value"] or "–")] for r in meta.iter_rows(named=True)]
            st.html(badges.html_table(["Indikator", "Fält", "Före", "Efter"], rows))
    missing = data.query("missing_series")
    if not missing.is_empty():
        st.subheader("Mått som källan inte levererade", anchor=False)
        rows = [[escape(r["name"]), escape(split_series_id(r["series_id"])[1]), escape(r["reason"])]
                for r in missing.iter_rows(named=True)]
        st.html(badges.html_table(["Indikator", "Mått-id", "Orsak"], rows, test_id="np-missing"))
    ui.source_line(extra="körloggar från den här databasen")


def render() -> None:
    ctx = state.current_context()
    ui.page_header("Data och metod", show_area=False)
    refresh_banner.full()
    method, coverage, runs = st.tabs(["Så bedöms läget", "Täckning", "Körningar och ändringar"])
    with method:
        method_section()
    with coverage:
        coverage_section(ctx)
    with runs:
        sources_section()
        runs_section()
        changes_section()


render()
