"""Nytt sedan förra mötet: new years of data, revised values, changed verdicts and changed KPI metadata,
compared with a saved meeting (snapshot) or since a date."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard import data, meeting_queries, ui
from dashboard.downloads import download_buttons
from dashboard.format import fmt_date
from etl.meeting import labels
from etl.meeting.changes import Changes

MODE_KEY = "np_nytt_mode"
SNAPSHOT_KEY = "np_nytt_snapshot"
DATE_KEY = "np_nytt_date"


def _section(title: str, table: pl.DataFrame, shown: pl.DataFrame, basename: str, source: str, empty: str,
             test_id: str) -> None:
    st.subheader(f"{title} ({table.height})", anchor=False)
    with st.container(key=test_id):
        if table.is_empty():
            st.write(empty)
        else:
            st.dataframe(shown, hide_index=True, width="stretch")
            download_buttons(table, basename, key=f"dl_{test_id}")
        st.caption(source)


def show_changes(changes: Changes) -> None:
    st.markdown(f"Jämfört med **{changes.basis}**. Tabellerna kan laddas ner för Excel.")
    if changes.note:
        st.caption(changes.note)
    new_years = labels.new_years_table(changes.new_years)
    _section("Indikatorer med ett nytt år", new_years, new_years, "nytt-sedan-nya-ar", labels.SOURCE_DATA,
             "Inga indikatorer har fått ett nytt år.", "np_nytt_new_years")
    revised = labels.revised_table(changes.revised)
    _section("Värden som Kolada har reviderat eller tagit bort", revised, labels.display_revised(changes.revised),
             "nytt-sedan-reviderade-varden", labels.SOURCE_DATA, "Inga värden har reviderats.", "np_nytt_revised")
    if changes.verdicts is None:
        st.subheader("Ändrade bedömningar", anchor=False)
        st.info(changes.note)
    else:
        verdicts = labels.verdicts_table(changes.verdicts)
        _section("Ändrade bedömningar", verdicts, verdicts, "nytt-sedan-bedomningar", labels.SOURCE_STATUS,
                 "Inga bedömningar har ändrats.", "np_nytt_verdicts")
    meta = labels.kpi_meta_table(changes.kpi_meta)
    _section("Nyckeltal med ändrad beskrivning", meta, meta, "nytt-sedan-nyckeltal",
             "Källa: Kolada (nyckeltalens metadata)", "Ingen metadata har ändrats.", "np_nytt_kpi")


def main() -> None:
    ui.page_header("Nytt sedan förra mötet", show_area=False)
    snapshots = data.list_snapshots()
    modes = {"snapshot": "Ett sparat möte", "date": "Ett datum"}
    if MODE_KEY not in st.session_state:
        st.session_state[MODE_KEY] = "snapshot" if snapshots else "date"
    mode = st.radio("Jämför med", list(modes), format_func=modes.__getitem__, key=MODE_KEY, horizontal=True)
    if mode == "snapshot":
        if not snapshots:
            st.info("Det finns inga sparade möten ännu. Spara dagens underlag före mötet med "
                    '`python -m etl snapshot --name "Styrgruppen 2026-12-04"`, eller jämför med ett datum.')
            return
        names = {s["slug"]: f"{s['name']} ({fmt_date(s.get('created_at'))})" for s in snapshots}
        slug = st.selectbox("Möte", list(names), format_func=names.__getitem__, key=SNAPSHOT_KEY)
        changes = meeting_queries.read_changes_since_snapshot(slug)
    else:
        default = date.today() - timedelta(days=30)
        day = st.date_input("Ändringar från och med", value=default, key=DATE_KEY, format="YYYY-MM-DD")
        changes = meeting_queries.read_changes_since_date(day)
    show_changes(changes)


main()
