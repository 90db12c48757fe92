"""Nytt sedan förra mötet: new years of data, revised values, changed verdicts and changed KPI metadata,
compared with a saved meeting (snapshot) or since a date."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import polars as pl
import streamlit as st

from dashboard import badges, data, meeting_queries, news_html, state, ui
from dashboard.downloads import download_buttons
from dashboard.state import Filters
from views.format import fmt_date
from views.meeting import labels
from views.meeting.changes import Changes
from views.meeting.news import MeetingNews, for_area
from views.safe_text import md_escape
from views.sources import VERDICT, Attribution, attribution
from views.targets import RAISE_HEADING, decisions_table, met_table

MODE_KEY = "np_nytt_mode"
SNAPSHOT_KEY = "np_nytt_snapshot"
DATE_KEY = "np_nytt_date"
MAX_ROWS = 200  # on screen; the downloads hold every row


def _cell(value: object) -> str:
    """Plain text for a cell: years without a thousands separator, missing as '–'."""
    return "–" if value is None else escape(str(value))


def html_rows(shown: pl.DataFrame, html_cols: frozenset[int] = frozenset()) -> list[list[str]]:
    """Cells escaped, except the columns in `html_cols`, which hold HTML built by dashboard.badges."""
    return [[str(cell) if i in html_cols else _cell(cell) for i, cell in enumerate(row)]
            for row in shown.head(MAX_ROWS).iter_rows()]


def _section(title: str, table: pl.DataFrame, shown: pl.DataFrame, basename: str, source: Attribution, empty: str,
             test_id: str, numeric: set[int] | None = None, html_cols: frozenset[int] = frozenset(),
             own: str | None = None) -> None:
    st.subheader(f"{title} ({table.height})", anchor=False)
    with st.container(key=test_id):
        if table.is_empty():
            st.write(empty)
        else:
            # fit: columns as wide as their longest word, so a 1280 px projector needs no sideways scroll
            st.html(badges.html_table(shown.columns, html_rows(shown, html_cols), numeric=numeric, test_id=test_id,
                                      label=title, fit=True))
            if table.height > MAX_ROWS:
                st.caption(f"Visar de första {MAX_ROWS} av {table.height} raderna; nedladdningen har alla.")
        download_buttons(table, basename, key=f"dl_{test_id}")  # disabled when the list is empty
        for line in source.lines_under(own):  # each source on its own line; a file's line is escaped
            st.caption(md_escape(line) if line in source.from_files else line)


def verdicts_shown(verdicts: pl.DataFrame) -> pl.DataFrame:
    """Swedish verdict table with the marks as badges (colour + symbol + arrow + words)."""
    old = [badges.mark_badge(m, lab, a, size="sm") if m else "Ingen bedömning"
           for m, lab, a in verdicts.select("old_mark", "old_label", "old_arrow").iter_rows()]
    new = [badges.mark_badge(m, lab, a, size="sm") if m else "Ingen bedömning"
           for m, lab, a in verdicts.select("new_mark", "new_label", "new_arrow").iter_rows()]
    return labels.verdicts_table(verdicts).with_columns(pl.Series("Tidigare bedömning", old, dtype=pl.String),
                                                        pl.Series("Ny bedömning", new, dtype=pl.String))


def show_news(news: MeetingNews | None, filters: Filters) -> None:
    """First: the life stages and goals whose headline changed colour for the chosen area."""
    st.subheader(f"Mål och livsskeden som har bytt färg – {filters.area_name}", anchor=False)
    if news is None:
        st.info("Rubrikernas färger kan bara jämföras med ett sparat möte; det finns inget från före detta datum.")
        return
    st.html(news_html.STYLE + news_html.headlines_html(news))
    st.caption(f"Bedömda på varje livsskedes indikatorer, {filters.gender_name.lower()}. "
               + ("Listorna nedan gäller alla områden." if filters.is_county
                  else f"Listorna nedan gäller {filters.area_name}; välj länet för alla områden."))


def show_changes(changes: Changes) -> None:
    info = data.dataset_info()
    source = attribution(data.db_path())
    revised_title = ("Värden som har reviderats eller tagits bort i demodatan" if info.get("is_demo")
                     else f"Värden som {source.titles} har reviderat eller tagit bort")
    st.markdown(f"Jämfört med **{changes.basis}**. Tabellerna kan laddas ner för Excel.")
    if changes.note:
        st.caption(changes.note)
    new_years = labels.new_years_table(changes.new_years)
    _section("Indikatorer med ett nytt år", new_years, new_years, "nytt-sedan-nya-ar", source,
             "Inga indikatorer har fått ett nytt år.", "np_nytt_new_years", numeric={3, 4, 5})
    revised = labels.revised_table(changes.revised)
    _section(revised_title, revised, labels.display_revised(changes.revised),
             "nytt-sedan-reviderade-varden", source, "Inga värden har reviderats.", "np_nytt_revised",
             numeric={3, 5, 6})
    if changes.verdicts is None:
        st.subheader("Ändrade bedömningar", anchor=False)
        st.info(changes.note)
    else:
        verdicts = labels.verdicts_table(changes.verdicts)
        _section("Ändrade bedömningar", verdicts, verdicts_shown(changes.verdicts), "nytt-sedan-bedomningar",
                 source, "Inga bedömningar har ändrats.", "np_nytt_verdicts", numeric={4, 6},
                 html_cols=frozenset({3, 5}), own=VERDICT)
    target_sections(changes, source)
    meta = labels.series_meta_table(changes.series_meta)
    _section("Nyckeltal med ändrad beskrivning", meta, meta, "nytt-sedan-nyckeltal",
             source, "Ingen metadata har ändrats.", "np_nytt_kpi")


def target_sections(changes: Changes, source: Attribution) -> None:
    """New and raised target decisions, and the targets met with margin two years or more (the register's news)."""
    county = data.county_label()
    if changes.targets is not None:
        decisions = decisions_table(changes.targets, county)
        _section("Nya och höjda mål", decisions, decisions, "nytt-sedan-mal", source,
                 "Inga nya målbeslut.", "np_nytt_targets", numeric={4})
    if changes.target_met is not None:
        met = met_table(changes.target_met, county, data.dataset_facts().get("county_area"))
        _section(RAISE_HEADING, met, met, "nytt-sedan-malet-natt", source,
                 "Inget mål har nåtts med marginal två år i rad.", "np_nytt_target_met", numeric={2, 3, 4},
                 own=VERDICT)


def main() -> None:
    ui.page_header("Nytt sedan förra mötet")
    filters = state.current_context().filters
    snapshots = data.list_snapshots()
    modes = {"snapshot": "Ett sparat möte", "date": "Ett datum"}
    if MODE_KEY not in st.session_state:
        st.session_state[MODE_KEY] = "snapshot" if snapshots else "date"
    mode = st.radio("Jämför med", list(modes), format_func=modes.__getitem__, key=MODE_KEY, horizontal=True)
    if mode == "snapshot":
        if not snapshots:
            st.info("Det finns inga sparade möten ännu. Den som sköter verktyget kan spara dagens underlag före "
                    "varje möte (se README, ”Spara ett möte”); till dess kan du jämföra med ett datum.")
            return
        names = {s["slug"]: f"{s['name']} ({fmt_date(s.get('created_at'))})" for s in snapshots}
        slug = st.selectbox("Möte", list(names), format_func=names.__getitem__, key=SNAPSHOT_KEY)
        changes = for_area(meeting_queries.read_changes_since_snapshot(slug), filters.area_id, filters.gender,
                           filters.county_id)
        news = meeting_queries.read_news_since_snapshot(slug, filters.area_id, filters.gender, changes)
    else:
        default = date.today() - timedelta(days=30)
        day = st.date_input("Ändringar från och med", value=default, key=DATE_KEY, format="YYYY-MM-DD")
        changes = for_area(meeting_queries.read_changes_since_date(day), filters.area_id, filters.gender,
                           filters.county_id)
        base = meeting_queries.baseline_snapshot(day, snapshots)
        news = (meeting_queries.read_news_since_snapshot(base["slug"], filters.area_id, filters.gender, changes)
                if base else None)
    show_news(news, filters)
    show_changes(changes)


main()
