"""Presentationsläge: the meeting's screens, one at a time, sized to fit the projector without scrolling.

Screen 1 is a goal × life-stage matrix under every life stage's headline; then each life stage and the goals under
it, each goal judged on that life stage's indicators (views/meeting/agenda.py – the same screens as the slides and
the handouts), each with the spine chart of every judged indicator (views/meeting/screen_spine.py); the last
screen is "Nytt sedan förra mötet" for the chosen area against the previous saved meeting (views/meeting/news.py).
No sidebar or header. Next/previous with the buttons, the arrow keys or PageUp/PageDown (what presentation
clickers send); Escape or "Avsluta presentationen" returns to the page and filters the presentation was started
from. The screen number is in the URL (?presentation=1&skarm=3), so a link opens the same screen. Type is sized
from the viewport (vh/vw), so it grows with the projector. Every mark is colour + symbol + arrow + words;
DEMODATA is on every screen.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from dashboard import badges, meeting_queries, news_html, state, ui
from views.meeting.agenda import Meeting, Screen
from views.meeting.news import NEWS_TITLE, NO_BASELINE, MeetingNews
from views.meeting.screen_chart import screen_chart
from views.meeting.screen_spine import screen_spine, spine_alt, spine_rows_count
from views.meeting.screen_targets import TargetLine, target_lines
from views.targets import RAISE_HEADING, RAISE_NOTE
from views.words import mark_word

SCREEN_PARAM = "skarm"
RETURN_KEY = "np_pres_return"  # (url_path, query params) of the page the presentation was started from
APP_NAME = ui.APP_NAME
STYLE = """
<style>
  /* everything is in rem, and the root size follows the viewport: the same screen fits 1280×720 and 1920×1080.
     At 1280×720 1rem is 15.3 px: body text is 1.2rem (18 px), nothing is under .95rem (14.5 px). */
  html { font-size: min(1.2vw, 2.12vh) !important; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: .4rem 2rem .1rem 2rem !important; max-width: none; }
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: .2rem; }
  .np-demo { font-size: 1.05rem !important; padding: .15rem .6rem !important; border-width: 3px !important; }
  .np-snapshot { font-size: 1.05rem !important; }
  .np-pres-app { font-size: 1rem; color: #333; font-weight: 600; line-height: 1.2; }
  .np-pres-kicker { font-size: 1.2rem; color: #333; font-weight: 600; }
  .np-pres-title { font-size: 2.2rem; font-weight: 800; line-height: 1.1; margin: 0 0 .3rem 0; }
  .np-pres-head { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1.2rem; }
  .np-pres-head .np-mark { font-size: 1.3rem; padding: .1em .5em; }
  .np-pres-head .np-chips { font-size: 1.2rem; }
  .np-pres-expl { font-size: 1.2rem; margin: .3rem 0 0 0; line-height: 1.3; }
  .np-pres-targets { margin: .2rem 0 0 0; }
  .np-pres-targets .np-pres-expl { margin: 0; }
  .np-mark-sm { font-size: .95rem; }
  .np-chips { font-size: 1.05rem; }
  .np-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .np-pres-source { font-size: .95rem; color: #333; line-height: 1.2; }
  .np-pres-source div { margin: 0; }
  .np-pres-keys { float: right; margin-left: 1rem; }
  .np-pres-count { font-size: 1.3rem; font-weight: 800; text-align: center; padding-top: .3rem; }
  [class*="st-key-np_pres_"] button { min-height: 2.4rem; padding: .1rem .8rem; }
  [class*="st-key-np_pres_"] button p { font-size: 1.2rem; font-weight: 700; }
  [class*="st-key-np_pres_"] button kbd { font-size: .95rem; }
  /* PageUp/PageDown: the same actions as the arrows, bound to buttons nobody needs to see */
  .st-key-np_pres_pgup, .st-key-np_pres_pgdn { display: none !important; }
  .np-legend { margin: 0 !important; font-size: 1rem; }
  .np-legend .np-mark-sm { font-size: 1rem; }
  table.np-ov { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0; }
  .np-pres-titlerow .np-pres-title { margin: 0; }
  .np-pres-titlerow { display: flex; flex-wrap: wrap; align-items: center; gap: .2rem 1.5rem; }
  .np-pres-titlerow .np-legend { flex: 1 1 auto; justify-content: flex-end; }
  .np-ov col.np-ov-name { width: 44%; }
  .np-pres-ovtitle { align-items: baseline; }
  .np-pres-ovtitle .np-pres-title { font-size: 2rem; }
  .np-ov-corner .np-legend { gap: .2rem .5rem; margin: 0 0 .2rem 0 !important; font-weight: 400; }
  .np-ov-corner .np-legend .np-mark { font-size: .95rem; }
  .np-ov thead .np-chips { gap: .1em .4em; flex-wrap: nowrap; font-size: .95rem; }
  .np-ov td .np-mark { line-height: 1.02; padding: .05em .3em; margin: .05rem 0; }
  .np-ov th, .np-ov td { border: none !important; border-bottom: 1px solid #DDE2E8 !important;
                         padding: 0 .3rem !important; vertical-align: middle; text-align: left; }
  .np-ov thead th { vertical-align: top; border-bottom: 2px solid #6B6B6B; padding-bottom: .15rem; }
  .np-ov-stage-name { font-size: 1.35rem; font-weight: 800; line-height: 1.1; }
  .np-ov thead .np-mark { font-size: .95rem; margin: .1rem 0; padding: .1em .4em; line-height: 1.05; }
  .np-ov-corner { font-size: 1.2rem; vertical-align: bottom !important; }
  .np-ov-goal-name { font-size: 1.2rem; font-weight: 400; line-height: 1.05; }
  .np-ov td .np-mark { font-size: .95rem; }
  .np-ov-none { color: #6B6B6B; font-size: 1.2rem; line-height: 1.1; text-align: center !important; }
  .np-news-summary { font-size: 1.2rem; font-weight: 400 !important; }
  .np-news-list { padding-left: 0 !important; margin: 0 !important; }
  .np-news-row { margin: 0 !important; }
  .np-news-row { font-size: 1.2rem; line-height: 1.25; }
  .np-news-row .np-mark { font-size: 1rem; }
  .np-news-more, .np-news-empty { font-size: 1.2rem; margin: .2rem 0; }
  .np-news h2 { font-size: 1.3rem; margin: .2rem 0; padding: 0; }
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


def goal_order(title: str) -> tuple[bool, int, str]:
    """Shared goals (Mål 1–8) first, then the life stages' goal areas (Målområde 1–5), each by number."""
    prefix = title.split(":", 1)[0]
    number = prefix.split()[-1]
    return prefix.startswith("Målområde"), int(number) if number.isdigit() else 0, title


def overview_html(meeting: Meeting) -> str:
    """Screen 1: a goal × life-stage matrix. The head row holds every life stage's headline and counts; each
    row a goal, each cell its mark judged on that life stage's indicators (empty where no indicator links them)."""
    stages = meeting.stage_screens()
    goals: dict[str, str] = {}
    for stage in stages:
        for g in meeting.goal_screens(stage.item_id):
            goals.setdefault(g.item_id, g.title)
    head = "".join(
        f"<th scope='col' data-testid='np-pres-stage' data-stage='{escape(stage.item_id)}'>"
        f"<div class='np-ov-stage-name'>{escape(stage.title)}</div>"
        f"{badges.mark_badge(stage.mark, stage.mark_label, size='md')}"
        f"<div>{_chips(stage.counts, compact=True)}"
        "</div></th>" for stage in stages)
    # the legend in the corner above the goal names: the matrix needs the screen's height (the badges' own words
    # say it to a screen reader)
    legend = (f"<div aria-hidden='true'>{badges.legend(note=False, examples=False, arrows=False, watch=False)}"
              "</div>")
    rows = []
    for goal_id, title in sorted(goals.items(), key=lambda item: goal_order(item[1])):
        cells = []
        for stage in stages:
            g = meeting.goal_screen(stage.item_id, goal_id)
            cells.append(
                f"<td data-testid='np-pres-goal' data-stage='{escape(stage.item_id)}' data-goal='{escape(goal_id)}'>"
                f"{badges.mark_badge(g.mark, mark_word(g.mark), size='sm')}</td>" if g is not None
                else "<td class='np-ov-none'><span aria-hidden='true'>–</span>"
                     "<span class='np-sr'>ingen indikator i livsskedet</span></td>")
        rows.append(f"<tr><th scope='row' class='np-ov-goal-name np-pres-body'>{escape(title)}</th>"
                    f"{''.join(cells)}</tr>")
    return ("<table class='np-ov' data-testid='np-pres-matrix'><caption class='np-sr'>Målen i varje livsskede, "
            "bedömda på livsskedets indikatorer</caption><colgroup><col class='np-ov-name'>"
            + "<col>" * len(stages) + "</colgroup><thead><tr>"
            f"<th scope='col' class='np-ov-corner'>{legend}Mål</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


SPINE_PX = {"top": 150, "row": 48}  # at 1280×720: the spine's legend and side words, and at most this per row
SIDE_ROWS = 8  # a spine with up to this many rows shares the screen with the trend chart; more take the width
FIXED_PX = 272  # at 1280×720: banner, navigation, kicker, title row, one line of explanation, two source lines
LINE_PX = {"expl": 24, "source": 17}  # one more line of explanation (18 px) / of the source (14.5 px), at 1280×720
TARGETS_PX = 8  # at 1280×720: the target lines' block under the spine, besides its lines (LINE_PX["expl"] each)
EXPL_CHARS, SOURCE_CHARS = 118, 150  # characters on one line of the explanation / a source line at 1280 px


TITLE_CHARS = (28, 52)  # title characters beside the headline / on a line of its own, at 1280 px
TITLE_PX = {"head": 56, "line": 52}  # the headline under the title / one more title line, at 1280×720


def chart_vh(title: str, explanation: str, source_lines: tuple[str, ...], targets: tuple[str, ...] = ()) -> float:
    """The spine's (and the trend chart's) height in vh: what is left of a 720 px screen under the head and above
    the target lines and the source lines. The type is in rem of the viewport, so the same share fits 1920×1080."""
    expl = max(1, -(-len(explanation) // EXPL_CHARS))
    target = sum(max(1, -(-len(line) // EXPL_CHARS)) for line in targets)
    source = sum(max(1, -(-len(line) // SOURCE_CHARS)) for line in source_lines)
    head = 0 if len(title) <= TITLE_CHARS[0] else (
        TITLE_PX["head"] + TITLE_PX["line"] * (-(-len(title) // TITLE_CHARS[1]) - 1))
    free = (720 - FIXED_PX - head - LINE_PX["expl"] * (expl - 1 + target) - LINE_PX["source"] * max(0, source - 2)
            - (TARGETS_PX if targets else 0))
    return round(free / 7.2, 1)


def _chips(counts: dict[str, int], *, compact: bool = False) -> str:
    return badges.count_chips(*(counts[m] for m in ("green", "yellow", "red", "grey")), compact=compact,
                              n_neutral=counts["neutral"])
def target_met_html(meeting: Meeting) -> str:
    """The last screen when a target has been met with margin two years or more: one item per target."""
    items = "".join(f"<div class='np-pres-expl np-pres-body' data-testid='np-pres-target-met'>"
                     f"<b>{escape(head)}</b><br>Nått med marginal: {escape(areas)}</div>"
                     for head, areas in meeting.target_met_groups())
    return items + f"<p class='np-pres-expl np-pres-body' style='margin-top:.8rem'>{escape(RAISE_NOTE)}</p>"


def show_target_met(meeting: Meeting, number: int, total: int) -> None:
    st.html(f"<div class='np-pres-kicker' data-testid='np-pres-where'>Målbevakning · {escape(meeting.area_name)} · "
            f"Skärm {number} av {total}</div>"
            f"<h1 class='np-pres-title' data-testid='np-pres-title'>{escape(RAISE_HEADING)}</h1>"
            + target_met_html(meeting))
    lines = meeting.source_lines(None, meeting.data_note + ".")
    st.html("<div class='np-pres-source' data-testid='np-pres-source'>"
            "<span class='np-pres-keys'>→/PgDn nästa · ←/PgUp föregående · Esc avslutar</span>"
            + "".join(f"<div>{escape(line)}</div>" for line in lines) + "</div>")


def show_screen(meeting: Meeting, screen: Screen, total: int) -> None:
    title = f"<h1 class='np-pres-title' data-testid='np-pres-title'>{escape(screen.title)}</h1>"
    if screen.kind != "overview":  # the headline beside the title, the explanation under it: the spine needs the height
        title = (f"<div class='np-pres-titlerow'>{title}"
                 f"<div class='np-pres-head' data-testid='np-pres-head' data-mark='{escape(screen.mark)}'>"
                 f"{badges.mark_badge(screen.mark, screen.mark_label, size='lg')}"
                 f"{_chips(screen.counts)}</div></div>"
                 f"<div class='np-pres-expl np-pres-body'>{escape(screen.explanation)}</div>")
    kicker = (f"<div class='np-pres-kicker' data-testid='np-pres-where'>{escape(screen.kicker)} · "
              f"{escape(meeting.area_name)} · Skärm {screen.number} av {total}</div>")
    if screen.kind == "overview":  # the kicker beside the title: the matrix needs the height
        st.html(f"<div class='np-pres-titlerow np-pres-ovtitle'>{title}{kicker}</div>")
    else:
        st.html(kicker + title)
    lines = meeting.source_lines(None if screen.kind == "overview" else screen, meeting.data_note + ".")
    if screen.kind == "overview":
        st.html(overview_html(meeting))
    else:
        targets = target_lines(screen)
        show_charts(meeting, screen)
        if targets:
            st.html(targets_html(targets))
    st.html("<div class='np-pres-source' data-testid='np-pres-source'>"
            "<span class='np-pres-keys'>→/PgDn nästa · ←/PgUp föregående · Esc avslutar</span>"
            + "".join(f"<div>{escape(line)}</div>" for line in lines) + "</div>")


def targets_html(targets: list[TargetLine]) -> str:
    """The targets in force for the screen's indicators under the spine, one body-text line each; the full sentence
    (who decided it, in which document) in the tooltip."""
    return ("<div class='np-pres-targets' data-testid='np-pres-targets'>"
            + "".join(f"<div class='np-pres-expl np-pres-body' data-testid='np-pres-target' "
                      f"title='{escape(t.tooltip)}'>{escape(t.text)}</div>" for t in targets) + "</div>")


def chart_heights(meeting: Meeting, screen: Screen) -> tuple[float, float]:
    """(the spine's height in vh, the trend chart's) of a life-stage or goal screen: the trend takes
    what chart_vh leaves, the spine no more than its rows need (a row never thicker than SPINE_PX["row"])."""
    targets = tuple(t.text for t in target_lines(screen))
    vh = chart_vh(screen.title, screen.explanation, meeting.source_lines(screen, meeting.data_note + "."), targets)
    rows = spine_rows_count(meeting, screen)
    return min(vh, round((SPINE_PX["top"] + SPINE_PX["row"] * rows) / 7.2, 1)), vh


def chart_style(meeting: Meeting, number: int) -> str:
    """The chart heights of screen `number` and of the screens before and after it, each rule for its own screen's
    charts (their keys carry the number). When the next screen's run begins, the charts of the screen still shown
    keep their height until they are replaced: a rule shared by every screen changed their height a moment before,
    and plotly drew each of them once more for nothing."""
    rules = []
    for n in (number - 1, number, number + 1):
        if 1 <= n <= len(meeting.screens) and meeting.screens[n - 1].kind != "overview":
            spine_vh, vh = chart_heights(meeting, meeting.screens[n - 1])
            chart = "[data-testid='stPlotlyChart']"
            rules.append(f".st-key-np_pres_spine_{n} {chart} {{ height: {spine_vh}vh !important; }} "
                         f".st-key-np_pres_chart_{n} {chart} {{ height: {vh}vh !important; }}")
    return f"<style>{' '.join(rules)}</style>"


def show_charts(meeting: Meeting, screen: Screen) -> None:
    """The spine of every indicator on the screen; beside it the trend of the first that decided the headline when
    the spine leaves room (a goal's few rows), else the spine takes the width (a life stage's many). Their heights
    are chart_style's (drawn by main on every screen)."""
    rows = spine_rows_count(meeting, screen)
    side = rows <= SIDE_ROWS
    spine = screen_spine(meeting, screen, label_chars=32 if side else 60, top_px=78 if side else 52,
                         domain=(0.36, 0.74) if side else None)
    trend = screen_chart(meeting, screen, title_chars=34) if side else None
    if spine is None and trend is None:
        st.html("<p class='np-pres-expl np-pres-body'>Inga indikatorer med data.</p>")
        return
    spine_col, trend_col = st.columns([3, 2], gap="medium") if trend is not None else (st.container(), None)
    if spine is not None:
        with spine_col, st.container(key="np_pres_spine"):
            ui.plotly(spine, key=f"np_pres_spine_{screen.number}", height="stretch", alt=spine_alt(meeting, screen))
    if trend is not None and trend_col is not None:
        with trend_col, st.container(key="np_pres_chart"):
            trend.update_layout(height=None, autosize=True, legend_font_size=14)
            ui.plotly(trend, key=f"np_pres_chart_{screen.number}", height="stretch", alt=ui.chart_alt(trend))


NEWS_LINES = 13  # per column: what fits 1280×720 (and 1920×1080, the same in rem) above the source lines
NEWS_CHARS = 50  # characters of an 18 px name on one line of a half-screen column


def rows_that_fit(names: list[str], lines: int = NEWS_LINES, chars: int = NEWS_CHARS) -> int:
    """How many rows fit `lines` lines when each row is its name (wrapped at `chars`) and a line of badges; a
    last line is kept for '… och N till'."""
    used = n = 0
    for name in names:
        cost = -(-len(name) // chars) + 1
        if used + cost > lines - (1 if n + 1 < len(names) else 0):
            break
        used, n = used + cost, n + 1
    return n


def show_news_screen(meeting: Meeting, news: MeetingNews | None, number: int, total: int) -> None:
    """The last screen: what changed for this area since the previous saved meeting – the life stages and goals
    whose headline changed colour first, then the area's indicators with a new verdict."""
    basis = f"Jämfört med {news.basis}" if news else "Inget sparat möte att jämföra med"
    st.html(f"<div class='np-pres-kicker' data-testid='np-pres-where'>{escape(basis)} · "
            f"{escape(meeting.area_name)} · Skärm {number} av {total}</div>"
            f"<h1 class='np-pres-title' data-testid='np-pres-title'>{escape(NEWS_TITLE)}</h1>")
    if news is None:
        st.html(f"<p class='np-pres-expl np-pres-body' data-testid='np-news'>{escape(NO_BASELINE)}</p>")
    else:
        st.html(f"<p class='np-pres-expl np-pres-body' data-testid='np-news-summary'>{escape(news.summary())}.</p>")
        left, right = st.columns(2, gap="medium")
        with left:
            st.html(f"{news_html.STYLE}<div class='np-news'><h2>Mål och livsskeden som har bytt färg</h2></div>"
                    + news_html.headlines_html(news, rows_that_fit([h.name for h in news.headlines]),
                                               summary=False))
        with right:
            where = "alla områden" if meeting.is_county else meeting.area_name
            names = [f"{r['short_name']} ({r['area_name']})" if meeting.is_county else r["short_name"]
                     for r in news.verdicts.iter_rows(named=True)] if news.verdicts.height else []
            shown = rows_that_fit(names)
            rest = news.verdicts.height - shown
            more = (f"<p class='np-news-more' data-testid='np-news-more'>… och {rest} till på sidan "
                    f"Nytt sedan förra mötet.</p>" if rest > 0 else "")
            rows = (news_html.verdict_rows(news.verdicts, shown, with_area=meeting.is_county)
                    if news.verdicts.height else "<p class='np-news-empty'>Ingen indikator har fått ny bedömning.</p>")
            st.html(f"<div class='np-news'><h2>Indikatorer med ny bedömning ({escape(where)})</h2>{rows}{more}</div>")
    lines = meeting.source_lines(None, meeting.data_note + ".")
    st.html("<div class='np-pres-source' data-testid='np-pres-source'>"
            "<span class='np-pres-keys'>→/PgDn nästa · ←/PgUp föregående · Esc avslutar</span>"
            + "".join(f"<div>{escape(line)}</div>" for line in lines) + "</div>")


def leave() -> None:
    """Back to the page and filters the presentation was started from (the overview if unknown)."""
    ctx = state.current_context()
    path, params = st.session_state.get(RETURN_KEY) or ("", {})
    pages = {p.url_path: p for p in ctx.pages.values()}
    page = pages.get(path, ctx.pages["oversikt"])
    query = {**params, **ctx.filters.query_params()}
    state.readopt_from_url(query)
    st.switch_page(page, query_params=query)


def navigation(number: int, total: int) -> None:
    app_col, prev_col, count_col, next_col, exit_col = st.columns([2.4, 2, 1.1, 2, 3.2], vertical_alignment="center")
    with app_col:
        st.html(f"<div class='np-pres-app' data-testid='np-app-name'>{APP_NAME}</div>")
    with prev_col:
        st.button("← Föregående", key="np_pres_prev", shortcut="Left", disabled=number <= 1,
                  on_click=_go, args=(number - 1,), width="stretch")
        st.button("Föregående (Page Up)", key="np_pres_pgup", shortcut="PageUp", disabled=number <= 1,
                  on_click=_go, args=(number - 1,))
    with count_col:
        st.html(f"<div class='np-pres-count' data-testid='np-pres-count' aria-live='polite'>"
                f"{number} / {total}</div>")
    with next_col:
        st.button("Nästa →", key="np_pres_next", shortcut="Right", disabled=number >= total,
                  on_click=_go, args=(number + 1,), width="stretch", type="primary")
        st.button("Nästa (Page Down)", key="np_pres_pgdn", shortcut="PageDown", disabled=number >= total,
                  on_click=_go, args=(number + 1,))
    with exit_col:
        if st.button("Avsluta presentationen", key="np_pres_exit", shortcut="Escape", width="stretch"):
            leave()


def main() -> None:
    st.html(STYLE)
    ctx = state.current_context()
    if ctx.info.get("is_demo"):
        st.html(badges.demo_banner())
    snapshot = ctx.info.get("snapshot")
    if snapshot:
        st.html(badges.snapshot_banner(str(snapshot["name"]), snapshot.get("created_at")))
    meeting = meeting_queries.read_meeting(ctx.filters.area_id, ctx.filters.gender)
    # "Målet nått – dags att höja ambitionen?" when a target was met two years running; "Nytt sedan förra mötet" last
    total = len(meeting.screens) + (1 if meeting.target_met else 0) + 1
    if not meeting.screens:
        st.warning("Det finns inga livsskeden eller mål att visa.")
        return
    number = current_screen(st.query_params.get(SCREEN_PARAM), total)
    if st.query_params.get(SCREEN_PARAM) != str(number) or st.query_params.get("presentation") != "1":
        _go(number)
    navigation(number, total)  # on top: always in view on a projector
    st.html(chart_style(meeting, number))  # on every screen, in the same place: see chart_style
    if number == total:
        show_news_screen(meeting, meeting_queries.read_news(ctx.filters.area_id, ctx.filters.gender), number, total)
    elif number > len(meeting.screens):
        show_target_met(meeting, number, total)
    else:
        show_screen(meeting, meeting.screens[number - 1], total)


main()
