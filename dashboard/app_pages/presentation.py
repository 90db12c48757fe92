"""Presentationsläge: one screen per life stage, then per goal, in agenda order, for the meeting room.

Large type, no sidebar or header. Next/previous with the buttons or the arrow keys (Streamlit button shortcuts
Right/Left). The screen number is in the URL (?presentation=1&skarm=3), so a link opens the same screen. Every
mark is colour + symbol + arrow + words; DEMODATA is shown on every screen of a demo database.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from dashboard import badges, meeting_queries, state, ui
from views.format import fmt_rank, fmt_value
from views.meeting.agenda import IndicatorLine, Meeting, Screen
from views.meeting.screen_chart import screen_chart
from views.words import COUNTY_NAME

SCREEN_PARAM = "skarm"
STYLE = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 1rem 2.5rem; max-width: none; }
  .np-pres-where { font-size: 1.3rem; color: #333; }
  .np-pres-kicker { font-size: 1.5rem; color: #333; font-weight: 600; margin-top: .3rem; }
  .np-pres-title { font-size: 3rem; font-weight: 800; line-height: 1.1; margin: .1rem 0 .6rem 0; }
  .np-pres-head { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem 1.4rem; font-size: 1.6rem; }
  .np-pres-head .np-mark { font-size: 1.9rem; padding: .2em .7em; }
  .np-pres-head .np-chips { font-size: 1.3rem; }
  .np-pres-expl { font-size: 1.35rem; margin: .7rem 0 1rem 0; }
  .np-pres-card { border: 2px solid #BDBDBD; border-radius: .5rem; padding: .7rem 1rem; margin-bottom: .8rem; }
  .np-pres-card h3 { font-size: 1.6rem; margin: 0 0 .3rem 0; }
  .np-pres-value { font-size: 1.6rem; font-weight: 700; }
  .np-pres-ref { font-size: 1.15rem; color: #333; }
  .np-pres-card .np-mark { font-size: 1.3rem; margin: .3rem 0; }
  .np-pres-comment { font-size: 1.2rem; font-style: italic; color: #222; margin-top: .3rem; }
  .np-pres-source { font-size: 1rem; color: #333; }
  .np-pres-count { font-size: 1.4rem; font-weight: 700; text-align: center; padding-top: .35rem; }
  [class*="st-key-np_pres_"] button p { font-size: 1.35rem; font-weight: 700; }
</style>
"""


def current_screen(raw: str | None, total: int) -> int:
    """The 1-based screen from ?skarm=, clamped to 1..total; 1 when missing or not a number."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return min(max(number, 1), max(total, 1))


def _go(number: int) -> None:
    st.query_params["presentation"] = "1"
    st.query_params[SCREEN_PARAM] = str(number)


def _card(line: IndicatorLine, is_county: bool) -> str:
    year = f" ({line.latest_year})" if line.latest_year else ""
    refs = []
    if not is_county:
        refs.append(f"{COUNTY_NAME} {fmt_value(line.county_value, line.unit)}")
    refs.append(f"Riket {fmt_value(line.riket_value, line.unit)}")
    if line.rank_in_county:
        refs.append(f"plats {fmt_rank(line.rank_in_county, line.rank_of)} i länet")
    care = " <span class='np-care'>(tolka med försiktighet)</span>" if line.read_with_care else ""
    comment = f"<div class='np-pres-comment'>{escape(line.comment)}</div>" if line.comment else ""
    return (f"<div class='np-pres-card' data-testid='np-pres-indicator'><h3>{escape(line.short_name)}{care}</h3>"
            f"<div class='np-pres-value'>{escape(fmt_value(line.latest_value, line.unit))}{year}</div>"
            f"{badges.mark_badge(line.mark, line.mark_label, line.arrow, size='md')}"
            f"<div class='np-pres-ref'>{escape(' · '.join(refs))}</div>{comment}</div>")


def show_screen(meeting: Meeting, screen: Screen, total: int) -> None:
    st.html(f"<div class='np-pres-where' data-testid='np-pres-where'>Skärm {screen.number} av {total} · "
            f"{escape(screen.life_stage_name)} · {escape(meeting.area_name)}</div>"
            f"<div class='np-pres-kicker'>{escape(screen.kicker)}</div>"
            f"<div class='np-pres-title' data-testid='np-pres-title'>{escape(screen.title)}</div>"
            f"<div class='np-pres-head'>{badges.mark_badge(screen.mark, screen.mark_label, size='lg')}"
            f"{badges.count_chips(*(screen.counts[m] for m in ('green', 'yellow', 'red', 'grey')))}</div>"
            f"<div class='np-pres-expl'>{escape(screen.explanation)}</div>")
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.html("".join(_card(line, meeting.area_name == COUNTY_NAME) for line in screen.top)
                or "<p>Inga indikatorer med data.</p>")
        shown = {line.indicator_id for line in screen.top}
        others = [line for line in screen.all_indicators if line.comment and line.indicator_id not in shown]
        if others:
            st.html("<div class='np-pres-ref'><b>Fler kommentarer:</b> " + " ".join(
                f"{escape(line.short_name)}: {escape(line.comment)}" for line in others) + "</div>")
    with right:
        fig = screen_chart(meeting, screen)
        if fig is not None:
            ui.plotly(fig, key=f"np_pres_chart_{screen.number}")
    st.html(f"<div class='np-pres-source'>{escape(meeting.source_line)}. "
            f"Data hämtade {escape(meeting.data_date)}.</div>")


def navigation(number: int, total: int) -> None:
    prev_col, count_col, next_col, exit_col = st.columns([2, 1, 2, 2])
    with prev_col:
        st.button("← Föregående", key="np_pres_prev", shortcut="Left", disabled=number <= 1,
                  on_click=_go, args=(number - 1,), width="stretch")
    with count_col:
        st.html(f"<div class='np-pres-count' data-testid='np-pres-count'>{number} / {total}</div>")
    with next_col:
        st.button("Nästa →", key="np_pres_next", shortcut="Right", disabled=number >= total,
                  on_click=_go, args=(number + 1,), width="stretch", type="primary")
    with exit_col:
        ctx = state.current_context()
        href = ctx.filters.href(ctx.pages["oversikt"].url_path) if "oversikt" in ctx.pages else "./"
        st.html(f"<div class='np-pres-count'>{badges.link(href, 'Avsluta presentationen')}</div>")


def main() -> None:
    st.html(STYLE)
    ctx = state.current_context()
    if ctx.info.get("is_demo"):
        st.html(badges.demo_banner())
    snapshot = ctx.info.get("snapshot")
    if snapshot:
        st.html(badges.snapshot_banner(str(snapshot["name"]), snapshot.get("created_at")))
    meeting = meeting_queries.read_meeting(ctx.filters.area_id, ctx.filters.gender)
    total = len(meeting.screens)
    if total == 0:
        st.warning("Det finns inga livsskeden eller mål att visa.")
        return
    number = current_screen(st.query_params.get(SCREEN_PARAM), total)
    if st.query_params.get(SCREEN_PARAM) != str(number) or st.query_params.get("presentation") != "1":
        _go(number)
    navigation(number, total)  # on top: always in view on a projector, whatever the screen's length
    show_screen(meeting, meeting.screens[number - 1], total)


main()
