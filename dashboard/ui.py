"""Streamlit building blocks shared by the pages: page style, the header above every page, source lines.

Pages call `page_header(title)` first: it prints the DEMODATA / snapshot banners, the notices from the URL
check, and which area, gender and data date are shown.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import badges, data, refresh_banner, shared
from dashboard.state import current_context
from views import spine as spine_chart
from views import theme
from views.charts import TOPOJSON_URL
from views.charts import municipality_map as municipality_map_chart
from views.format import fmt_date, fmt_number
from views.safe_text import defang_figure, md_escape
from views.sources import attribution

STYLE = f"""
<style>
  /* Projector: generous type, strong contrast, little chrome. */
  [data-testid="stMainBlockContainer"] {{ padding: .7rem 1.5rem 3rem 1.5rem !important; max-width: none; }}
  /* The (empty) top bar takes no room: the first screen at 1280×720 answers the question (issue 20). Its controls
     (the sidebar's open button when it is closed) stay where they are and clickable. */
  [data-testid="stHeader"] {{ background: transparent; height: 0; min-height: 0; pointer-events: none;
      overflow: visible; }}
  [data-testid="stHeader"] * {{ pointer-events: auto; }}
  .stMainBlockContainer > [data-testid="stVerticalBlock"] {{ gap: .55rem; }}
  /* the page's scripts (lang, sidebar focus) draw nothing: no gap for them either */
  .stMainBlockContainer > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:has(
      > [data-testid="stHtml"] > script:only-child) {{ display: none; }}
  [data-testid="stDecoration"], [data-testid="stAppDeployButton"], [data-testid="stMainMenu"] {{ display: none; }}
  /* the English "Running…" indicator: kept in the DOM (tests wait on it), not shown */
  [data-testid="stStatusWidget"] {{ visibility: hidden; }}
  h1 {{ font-size: 1.9rem !important; padding: 0 !important; line-height: 1.15 !important; }}
  .np-demo {{ background: {theme.PALETTE["yellow"]}; color: #000; border: 3px solid #000; font-weight: 800;
             font-size: 1.1rem; padding: .1rem 1rem; border-radius: .4rem; text-align: center;
             letter-spacing: .02em; }}
  .np-snapshot {{ background: #E8F1FA; color: #00335C; border: 3px solid {theme.PALETTE["blue"]};
                 font-weight: 700; font-size: 1.3rem; padding: .45rem 1rem; border-radius: .4rem; }}
  .np-context {{ font-size: 1rem; color: #222; margin: 0; line-height: 1.35; }}
  .np-context b {{ color: #000; }}
  .np-mark {{ display: inline-flex; align-items: center; gap: .35em; border-radius: .35em; font-weight: 700;
             line-height: 1.2; }}
  .np-mark-md {{ padding: .15em .55em; font-size: 1rem; }}
  .np-mark-lg {{ padding: .25em .6em; font-size: 1.25rem; }}
  .np-mark-sm {{ padding: .05em .45em; font-size: .9rem; }}
  .np-arrow {{ font-weight: 900; }}
  /* In a table the mark must fit its column: symbol and arrow on the first line, the words under them across the
     whole badge, so its width is the longest word ("säkerställd"), not symbols + word (it overlapped the next
     column at 1280 px). */
  .np-table .np-mark {{ display: flex; flex-wrap: wrap; max-width: 100%; box-sizing: border-box; gap: .1em .35em; }}
  .np-table .np-mark .np-words {{ flex-basis: 100%; overflow-wrap: normal; hyphens: manual; }}
  .np-keep-words {{ word-break: keep-all; overflow-wrap: normal; hyphens: manual; }}
  .np-legend {{ display: flex; flex-wrap: wrap; gap: .3em 1.2em; font-size: .95rem; margin: .1rem 0 .4rem 0; }}
  .np-chips {{ display: inline-flex; flex-wrap: wrap; gap: .25em .8em; font-size: .95rem; color: #222; }}
  .np-chip-sym {{ font-size: 1.1em; margin-right: .2em; -webkit-text-stroke: .4px #000; }}
  .np-card {{ background: #FFF; }}
  [data-testid="stMain"] [data-testid="stPageLink"] p {{ font-size: 1.3rem; font-weight: 800; }}
  .np-card h3 {{ margin: 0 0 .45rem 0; font-size: 1.55rem; }}
  .np-goal {{ border-top: 1px solid #DDE2E8; padding: .5rem 0 .35rem 0; }}
  .np-goal-name {{ font-weight: 700; font-size: 1rem; line-height: 1.25; margin-bottom: .25rem; }}
  .np-goal-line {{ display: flex; flex-wrap: wrap; align-items: center; gap: .3em .6em; }}
  .np-pulled {{ font-size: .9rem; color: #333; margin-top: .2rem; line-height: 1.3; }}
  .np-table {{ width: 100%; border-collapse: collapse; font-size: 1.05rem; table-layout: fixed; }}
  .np-table th {{ text-align: left; font-size: .9rem; color: #333; border-bottom: 2px solid #555;
                 padding: .3rem .5rem; }}
  .np-table td {{ border-bottom: 1px solid #DDE2E8; padding: .4rem .5rem; vertical-align: middle; }}
  .np-table td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
  .np-table th.num {{ text-align: right; }}  /* a number column's heading sits over its numbers */
  .np-table a {{ color: #0057A0; font-weight: 600; }}
  .np-care {{ font-size: .85rem; color: #6B3A00; }}
  /* Översikt's first screen: goal × life stage, each cell the goal's mark (symbol on colour, words on hover). */
  .np-overview-matrix {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: .88rem; }}
  .np-overview-matrix th, .np-overview-matrix td {{ border-bottom: 1px solid #DDE2E8; padding: .04rem .3rem;
      text-align: center; vertical-align: middle; line-height: 1.2; }}
  .np-overview-matrix .np-mark {{ max-width: 100%; box-sizing: border-box; justify-content: center;
      text-align: center; }}
  .np-overview-matrix thead th {{ font-size: .92rem; border-bottom: 2px solid #555; overflow-wrap: normal;
      word-break: keep-all; }}
  .np-overview-matrix thead th a {{ color: #0057A0; font-weight: 800; }}
  .np-overview-matrix th.np-mx-goal {{ width: 33%; text-align: left; font-weight: 600; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; }}
  .np-overview-matrix tbody tr:first-child th, .np-overview-matrix tbody tr:first-child td {{
      padding: .3rem .35rem; border-bottom: 2px solid #555; background: #F6F8FA; }}
  @media (min-width: 1500px) {{ .np-overview-matrix th.np-mx-goal {{ width: 46%; }} }}
  .np-mx-prefix {{ color: #3C3C3C; font-weight: 700; }}
  .np-mx-counts {{ margin-top: .1rem; line-height: 1.1; }}
  .np-mx-counts .np-chips {{ justify-content: center; gap: 0 .35em; font-size: .78rem; }}
  .np-mx-counts .np-chip-sym {{ margin-right: .1em; }}
  .np-cell {{ display: inline-block; min-width: 2.6em; border-radius: .3em; font-weight: 900; font-size: .9rem;
      line-height: 1.3; }}
  .np-mx-none {{ background: repeating-linear-gradient(45deg, #FFF, #FFF 4px, #F1F3F5 4px, #F1F3F5 8px); }}
  .np-sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
  .np-matrix {{ table-layout: auto; }}
  .np-matrix td, .np-matrix th {{ font-size: .8rem; padding: .15rem .25rem; text-align: center; }}
  .np-matrix td:first-child {{ min-width: 13rem; }}
  .np-gap {{ background: #FFE4D6; color: #7A2800; font-weight: 700; }}
  .np-old {{ background: #FFF4CC; }}
  .np-source {{ font-size: .95rem; color: #333; }}
  .np-app-name {{ font-size: .9rem; font-weight: 700; color: #00335C; letter-spacing: .01em; line-height: 1.2; }}
  .np-legend-note {{ flex-basis: 100%; font-size: .9rem; color: #222; line-height: 1.35; }}
  /* The one-line legend (badges.legend_line): five marks and the watch sign, its long form behind the summary. */
  .np-mark-xs {{ padding: .02em .3em; font-size: .78rem; gap: .2em; font-weight: 600; }}
  .np-legend-box {{ margin: 0; }}
  .np-legend-box > summary {{ display: flex; flex-wrap: wrap; align-items: center; gap: .25em .6em; cursor: pointer;
      list-style: none; }}
  .np-legend-box > summary::-webkit-details-marker {{ display: none; }}
  .np-legend-line {{ display: inline-flex; flex-wrap: wrap; align-items: center; gap: .25em .4em; }}
  .np-legend-watch {{ font-size: .8rem; white-space: nowrap; }}
  .np-legend-more {{ font-size: .8rem; color: #0057A0; text-decoration: underline; white-space: nowrap; }}
  .np-legend-more::before {{ content: "▸ "; }}
  details[open] > summary .np-legend-more::before {{ content: "▾ "; }}
  .np-legend-long {{ margin: .3rem 0 .2rem 0; padding-left: 1.2rem; font-size: .95rem; line-height: 1.6; }}
  /* The filters first in the sidebar, then the page menu: the picker is reachable without scrolling at 720 px. */
  [data-testid="stSidebarHeader"] {{ height: 1rem; min-height: 1rem; }}
  [data-testid="stSidebarUserContent"] {{ padding-top: 0; }}
  .st-key-np_nav {{ gap: 0; margin-top: .4rem; }}
  .np-nav-head {{ font-size: .85rem !important; font-weight: 600; color: #3C3C3C; margin: .55rem 0 .05rem 0;
                 padding: 0 !important; text-transform: none; }}
  .st-key-np_nav [data-testid="stPageLink"] a {{ padding: .1rem .5rem; }}
  .st-key-np_nav [data-testid="stPageLink"] p {{ font-size: 1rem !important; font-weight: 500 !important; }}
  /* A projector (1280 px): a narrower sidebar leaves the page ~960 px, so the legend stays on one line and the
     tables keep their columns. */
  @media (max-width: 1400px) {{
    section[data-testid="stSidebar"] {{ width: 272px !important; min-width: 272px !important;
        max-width: 272px !important; }}
    [data-testid="stSidebarContent"] {{ padding-left: 0 !important; padding-right: 0 !important; }}
    [data-testid="stSidebarUserContent"] {{ padding-left: 16px !important; padding-right: 16px !important; }}
  }}
  /* Overview cards: four side by side on a wide screen, two by two when that would clip the titles. */
  .st-key-np_stage_cards [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; row-gap: 1rem; }}
  @media (max-width: 1500px) {{
    .st-key-np_stage_cards [data-testid="stColumn"] {{ min-width: calc(50% - 1rem); }}
  }}
  [data-testid="stPageLink"] p, [data-testid="stPageLink"] span {{ white-space: normal !important;
      overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; }}
  .np-goal-name, .np-pulled, .np-table td {{ overflow-wrap: break-word; hyphens: auto; }}
  .np-table th {{ overflow-wrap: normal; word-break: keep-all; }}
  .np-table.np-wide {{ table-layout: auto; }}
  /* Tables: scroll sideways inside their box with the first column (the indicator) kept in view. */
  .np-scroll {{ overflow-x: auto; max-width: 100%; }}
  .np-scroll > table.np-wide {{ min-width: 56rem; }}
  .np-scroll > table.np-wide.np-fixed {{ table-layout: fixed; min-width: 40rem; }}
  .np-scroll > table.np-wide.np-fit {{ min-width: 0; font-size: .95rem; }}
  .np-table th:first-child, .np-table td:first-child {{ position: sticky; left: 0; background: #FFF; z-index: 1; }}
  .np-table thead th {{ background: #FFF; vertical-align: bottom; line-height: 1.2; }}
  .np-table td img {{ max-width: 100%; height: auto; display: block; }}
</style>
"""


APP_NAME = "Nya Perspektiv – målbevakning"
# Streamlit's index.html says lang="en"; every page here is Swedish (WCAG 3.1.1), so say so before anything else.
LANG_SCRIPT = "<script>document.documentElement.lang = 'sv';</script>"
# The sidebar (filters and menu) scrolls on a short screen; a scrolling region must be reachable by keyboard (axe
# scrollable-region-focusable, WCAG 2.1.1), so it gets a tab stop and a name whenever Streamlit draws it.
SIDEBAR_SCRIPT = """<script>
(() => {
  if (window.npSidebarFocus) return;
  window.npSidebarFocus = true;
  const fix = () => {
    const el = document.querySelector('[data-testid="stSidebarContent"]');
    if (el && !el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', 'Filter och sidmeny');
    }
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def inject_style() -> None:
    st.html(STYLE)
    st.html(LANG_SCRIPT, unsafe_allow_javascript=True)
    st.html(SIDEBAR_SCRIPT, unsafe_allow_javascript=True)


def page_header(title: str, *, show_area: bool = True) -> None:
    """Banners (demo, snapshot), URL notices, the title and what is shown: area, gender, data date."""
    ctx = current_context()
    info = ctx.info
    if info.get("is_demo"):
        st.html(badges.demo_banner())
    snapshot = info.get("snapshot")
    if snapshot:
        st.html(badges.snapshot_banner(str(snapshot["name"]), snapshot.get("created_at")))
    refresh_banner.compact()
    for notice in ctx.notices:
        st.warning(md_escape(notice), icon="⚠️")
    st.html(f'<div class="np-app-name" data-testid="np-app-name">{APP_NAME}</div>')
    st.title(md_escape(title), anchor=False)
    parts = []
    if show_area:  # names come from the source: text, never markup
        parts.append(f"Visar <b>{escape(ctx.filters.area_name)}</b> · <b>{escape(ctx.filters.gender_name)}</b>")
    if info.get("fetched_at"):
        parts.append(f"Data hämtad <b>{escape(fmt_date(info['fetched_at']))}</b>")
    elif info.get("is_demo"):
        parts.append(f"Demodata byggd <b>{escape(fmt_date(info.get('built_at')))}</b>")
    else:
        parts.append(f"Data byggd <b>{escape(fmt_date(info.get('built_at')))}</b>")
    if ctx.latest_year:
        parts.append(f"senaste år med värden <b>{ctx.latest_year}</b>")
    st.html('<div class="np-context" data-testid="np-context">' + " · ".join(parts) + "</div>")


def source_line(own: bool = False, extra: str = "", series_ids: list[str] | None = None) -> None:
    """The sources' exact attribution ('Källa: …', from the database) under their figures, 'Egen bearbetning av
    data från …' under our calculations. `series_ids`: only the sources of these series (default: all)."""
    source = attribution(data.db_path(), series_ids)
    suffix = f" · {md_escape(extra)}" if extra else ""
    if own:
        st.caption(source.own + suffix)
        return
    for line in source.lines:  # each source on its own line; own figures' lines come from a file: escaped
        st.caption((md_escape(line) if line in source.from_files else line) + suffix)


def _number(value: object) -> str:
    if isinstance(value, float):
        return fmt_number(value, 1)
    return str(value)


def chart_alt(fig: go.Figure) -> str:
    """A text alternative for a chart (WCAG 1.1.1): its title and, per line or bar series, the latest point.

    Pages that show the same numbers in a table say so in their own text; this sentence is what a screen reader
    announces for the chart itself."""
    title = fig.layout.title.text or "Diagram"
    title = title.replace("<br>", " – ")
    parts = []
    for trace in fig.data:
        name = getattr(trace, "name", None)
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if trace.type == "bar" and xs is not None and ys is not None:
            values, labels = (xs, ys) if getattr(trace, "orientation", None) == "h" else (ys, xs)
            pairs = [f"{lab} {_number(v)}" for lab, v in zip(labels, values, strict=False) if v is not None]
            if pairs:
                parts.append("; ".join(pairs[:20]))
        elif name and xs is not None and ys is not None:
            points = [(x, y) for x, y in zip(xs, ys, strict=False) if y is not None]
            if points:
                x, y = points[-1]
                parts.append(f"{name}: {_number(y)} år {x}")
        elif trace.type == "choropleth" and getattr(trace, "z", None) is not None:
            parts.append("karta över kommunernas värden, samma värden som i rangordningen")
    return f"{title}. " + ". ".join(parts) if parts else f"{title}."


def plotly(fig: go.Figure | shared.SharedFigure, key: str, *, is_map: bool = False, height: int | str = "content",
           alt: str | None = None) -> None:
    """Render a chart exactly as built (theme=None), with the offline topojson for maps and a text alternative.

    A SharedFigure (dashboard.shared.figure) is escaped already and carries its alt text: it is drawn as it is."""
    config = {"displaylogo": False, "displayModeBar": False}   # no English toolbar on the projector
    if is_map:
        config["topojsonURL"] = TOPOJSON_URL
    if isinstance(fig, shared.SharedFigure):
        drawn, words = fig.fig, alt or fig.alt
    else:
        drawn, words = defang_figure(fig), alt or chart_alt(fig)
    st.plotly_chart(drawn, theme=None, key=key, config=config, width="stretch", height=height, alt=words)


def municipality_map(values: pl.DataFrame, area_ids: tuple[str, ...], **options: object) -> go.Figure:
    """views.charts.municipality_map over the bundled shapes of these municipalities (dashboard.data's GeoJSON):
    a builder for dashboard.shared.figure, keyed by the ids rather than the shapes."""
    return municipality_map_chart(values, data.varmland_geojson(area_ids), **options)


def legend_with_rule() -> None:
    """The legend on one line, its long form (examples, arrows, the roll-up rule) folded under "Så bedöms färgerna":
    on a 720 px screen the headlines come first."""
    st.html(badges.legend_line())


def spine(rows: pl.DataFrame, key: str, *, reference: str = "riket", title: str | None = None) -> None:
    """The spine chart of these indicators (views/sql/spine_rows.sql rows) for the chosen area, its own-calculation
    line under it."""
    if rows.is_empty():
        return
    f = current_context().filters
    county = data.county_label()
    chart = shared.figure(spine_chart.spine_chart, rows, area_name=f.area_name, county_name=county,
                          reference=reference, title=title, path=data.db_path(), alt=spine_chart.spine_alt,
                          alt_kwargs={"area_name": f.area_name, "county_name": county, "reference": reference})
    with st.container(key=f"np_spine_{key}"):
        plotly(chart, key=f"spine_{key}", height=int(chart.fig.layout.height))
    st.caption(attribution(data.db_path(), rows["series_id"].unique().sort().to_list()).own
               + " · varje rad skalad för sig: mittlinjen är jämförelsen, längst ut det mest avvikande värdet")
