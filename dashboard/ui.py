"""Streamlit building blocks shared by the pages: page style, the header above every page, source lines.

Pages call `page_header(title)` first: it prints the DEMODATA / snapshot banners, the notices from the URL
check, and which area, gender and data date are shown.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import streamlit as st

from dashboard import badges, data, refresh_banner
from dashboard.state import current_context
from views import theme
from views.charts import TOPOJSON_URL
from views.format import fmt_date
from views.safe_text import defang_figure, md_escape
from views.sources import attribution

STYLE = f"""
<style>
  /* Projector: generous type, strong contrast, little chrome. */
  [data-testid="stMainBlockContainer"] {{ padding: 1.2rem 2rem 3rem 2rem; max-width: none; }}
  [data-testid="stDecoration"], [data-testid="stAppDeployButton"], [data-testid="stMainMenu"] {{ display: none; }}
  /* the English "Running…" indicator: kept in the DOM (tests wait on it), not shown */
  [data-testid="stStatusWidget"] {{ visibility: hidden; }}
  h1 {{ font-size: 2.4rem !important; }}
  .np-demo {{ background: {theme.PALETTE["yellow"]}; color: #000; border: 4px solid #000; font-weight: 800;
             font-size: 1.5rem; padding: .55rem 1rem; border-radius: .4rem; text-align: center;
             letter-spacing: .02em; }}
  .np-snapshot {{ background: #E8F1FA; color: #00335C; border: 3px solid {theme.PALETTE["blue"]};
                 font-weight: 700; font-size: 1.3rem; padding: .45rem 1rem; border-radius: .4rem; }}
  .np-context {{ font-size: 1.15rem; color: #222; margin: .2rem 0 .4rem 0; }}
  .np-context b {{ color: #000; }}
  .np-mark {{ display: inline-flex; align-items: center; gap: .35em; border-radius: .35em; font-weight: 700;
             line-height: 1.2; }}
  .np-mark-md {{ padding: .15em .55em; font-size: 1rem; }}
  .np-mark-lg {{ padding: .25em .6em; font-size: 1.25rem; }}
  .np-mark-sm {{ padding: .05em .45em; font-size: .9rem; }}
  .np-arrow {{ font-weight: 900; }}
  .np-legend {{ display: flex; flex-wrap: wrap; gap: .3em 1.2em; font-size: 1rem; margin: .1rem 0 .6rem 0; }}
  .np-chips {{ display: inline-flex; flex-wrap: wrap; gap: .25em .8em; font-size: .95rem; color: #222; }}
  .np-chip-sym {{ font-size: 1.1em; margin-right: .2em; -webkit-text-stroke: .4px #000; }}
  .np-card {{ background: #FFF; }}
  [data-testid="stPageLink"] p {{ font-size: 1.3rem; font-weight: 800; }}
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
  .np-table a {{ color: #0057A0; font-weight: 600; }}
  .np-care {{ font-size: .85rem; color: #6B3A00; }}
  .np-scroll {{ overflow-x: auto; }}
  .np-matrix {{ table-layout: auto; }}
  .np-matrix td, .np-matrix th {{ font-size: .8rem; padding: .15rem .25rem; text-align: center; }}
  .np-matrix td:first-child {{ min-width: 13rem; }}
  .np-gap {{ background: #FFE4D6; color: #7A2800; font-weight: 700; }}
  .np-old {{ background: #FFF4CC; }}
  .np-source {{ font-size: .95rem; color: #333; }}
</style>
"""


def inject_style() -> None:
    st.html(STYLE)


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


def plotly(fig: go.Figure, key: str, *, is_map: bool = False) -> None:
    """Render a chart exactly as built (theme=None), with the offline topojson for maps."""
    config = {"displaylogo": False, "displayModeBar": False}   # no English toolbar on the projector
    if is_map:
        config["topojsonURL"] = TOPOJSON_URL
    st.plotly_chart(defang_figure(fig), theme=None, key=key, config=config, width="stretch")
