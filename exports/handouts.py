"""Handouts: one PDF per municipality (and one for the county) to take home from the meeting.

Route: an HTML page per area with the charts inline as SVG (vector, text stays text), printed to A4 PDF by the
same headless Chromium that drew the charts (exports.browser: one browser for all 17). Chromium's print
engine gives proper page breaks, fonts with å/ä/ö and a footer with the source and page numbers on every page,
with no extra package.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import plotly.graph_objects as go

from core.meeting_snapshots import slugify
from exports.browser import ExportBrowser
from indicators.catalogue import load_catalogue
from views import theme
from views.db import reader
from views.format import fmt_rank, fmt_value
from views.meeting.agenda import (
    IndicatorLine,
    Meeting,
    Screen,
    count_words,
    load_meeting,
)
from views.meeting.screen_chart import css_font_family
from views.meeting.screen_spine import screen_spine, spine_rows_count
from views.targets import RAISE_HEADING, RAISE_NOTE
from views.verdicts import legend_text
from views.words import COUNTY_NAME, COUNTY_ONLY, RIKET_NAME, mark_word, period_phrase

TEXT_WIDTH_MM = 182  # A4 less the page's side margins: the width a chart is shown at
SPINE_WIDTH_PX = 760  # drawn this wide and shown at the text width: 1 px = 0.24 mm
SPINE_FONT_PX, SPINE_LEGEND_PX = 15, 14  # 10.2 pt and 9.5 pt on paper (at least 9 pt)
SPINE_ROW_PX, SPINE_TOP_PX = 28, 74  # a name a line (two lines for the longest); the legend above
MIN_CHART_MM = 40  # no chart lower than 4 cm


def px_to_mm(px: float) -> float:
    """A chart's px as shown on the page (drawn SPINE_WIDTH_PX wide, shown TEXT_WIDTH_MM wide)."""
    return px * TEXT_WIDTH_MM / SPINE_WIDTH_PX


def px_to_pt(px: float) -> float:
    return px_to_mm(px) / 25.4 * 72


def spine_size(rows: int) -> tuple[int, int]:
    """The spine's px size for `rows` rows (the watch heading's slot counted), never under MIN_CHART_MM tall."""
    height = SPINE_TOP_PX + 40 + SPINE_ROW_PX * rows
    return SPINE_WIDTH_PX, max(height, int(MIN_CHART_MM / px_to_mm(1)) + 1)


def handout_spine(meeting: Meeting, screen: Screen) -> go.Figure | None:
    """The life stage's spine as the handout prints it (text at least 9 pt on paper)."""
    return screen_spine(meeting, screen, label_chars=42, font_px=SPINE_FONT_PX, legend_px=SPINE_LEGEND_PX,
                        top_px=SPINE_TOP_PX, domain=(0.43, 0.8))
CSS = """
@page { size: A4; margin: 16mm 14mm 20mm 14mm; }
body { font-family: FONTS; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; }
h2 { font-size: 14pt; margin: 0 0 2mm 0; }
.meta { color: #3C3C3C; margin-bottom: 2mm; font-size: 9.5pt; }
.demo { background: #F0E442; border: 2px solid #000; padding: 1.5mm 3mm; font-weight: bold; margin-bottom: 3mm; }
section + section { break-before: page; }
tr, .chart { break-inside: avoid; }
.badge { display: inline-block; padding: 1mm 3mm; border: 1px solid #3C3C3C; border-radius: 2mm;
         font-weight: bold; }
.counts { color: #3C3C3C; margin: 1mm 0 2mm 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1mm; font-size: 8.5pt; table-layout: fixed; }
th, td { text-align: left; padding: .6mm 1.5mm; border-bottom: 0.5px solid #BDBDBD; vertical-align: top; }
col.name { width: 30%; } col.value { width: 14%; } col.ref { width: 10%; } col.rank { width: 8%; }
col.mark { width: 28%; }
.goals { font-size: 8.5pt; margin: 1.5mm 0; }
.goals ul { columns: 3; column-gap: 6mm; margin: .5mm 0 0 0; padding: 0; list-style: none; }
.goals li { break-inside: avoid; margin-bottom: .6mm; }
th { font-size: 9pt; border-bottom: 1px solid #000; }
td.num { text-align: right; }
.chart { margin-top: 3mm; }
.chart svg { width: 100%; height: auto; }
.comment { color: #3C3C3C; font-size: 7.5pt; }
.target { color: #000000; font-size: 7.5pt; font-weight: bold; }
.badge.small { font-size: 8.5pt; padding: 0.5mm 1.5mm; }
.interval { color: #3C3C3C; font-size: 7.5pt; }
.source { color: #3C3C3C; font-size: 8.5pt; margin-top: 0.5mm; }
td.foot { border: none; padding-left: 0; }
section.dense table { font-size: 8.5pt; margin-top: 1mm; }
section.dense th, section.dense td { padding: 0.3mm 1.5mm; }
section.dense td .comment { display: none; }  /* the analysts' comments stay in the slides' notes */
section.dense .chart { margin-top: 1.5mm; }
section.dense .chart svg { width: 100%; }
"""
DENSE_ROWS = 14  # a life stage with more indicators is set tighter, so that it still fits on one page
FOOTER = ("<div style='font-size:8px; width:100%; padding:0 14mm; color:#3C3C3C; font-family:sans-serif;'>"
          "<span style='float:right'>Sida <span class='pageNumber'></span> av "
          "<span class='totalPages'></span></span>{text}</div>")


def _badge(mark: str, label: str, arrow: str = "", small: bool = False) -> str:
    style = theme.mark_style(mark)
    text = " ".join(p for p in (style.symbol, label, arrow) if p)
    css_class = "badge small" if small else "badge"
    return (f"<span class='{css_class}' style='background:{style.background}; color:{style.text}'>"
            f"{escape(text)}</span>")


def _row(line: IndicatorLine, with_county: bool) -> str:
    year = f"<br>{escape(period_phrase(line.latest_year, line.latest_period))}" if line.latest_year else ""
    if line.interval_text:
        year += f"<br><span class='interval'>{escape(line.interval_text)}</span>"  # shown in dense sections too
    caution = " <span class='comment'>(tolka med försiktighet)</span>" if line.read_with_care else ""
    comment = f"<div class='comment'>{escape(line.comment)}</div>" if line.comment else ""
    if line.target_text:  # the steering group's target (or the proposal), as on every page and slide
        comment = f"<div class='target'>{escape(line.target_text)}</div>" + comment
    county = (f"<td class='num'>{escape(fmt_value(line.county_value, line.unit, with_unit=False))}</td>"
              if with_county else "")
    return (f"<tr><td>{escape(line.short_name)}{caution}{comment}</td>"
            f"<td class='num'>{escape(fmt_value(line.latest_value, line.unit))}{year}</td>{county}"
            f"<td class='num'>{escape(fmt_value(line.riket_value, line.unit, with_unit=False))}</td>"
            f"<td class='num'>{escape(fmt_rank(line.rank_in_county, line.rank_of))}</td>"
            f"<td>{_badge(line.mark, line.mark_label, line.arrow, small=True)}</td></tr>")


def _goals(goals: list[Screen]) -> str:
    """The goals under this life stage, each judged on the life stage's own indicators (as on every screen)."""
    if not goals:
        return ""
    items = "".join(f"<li data-goal='{escape(g.item_id)}'>{_badge(g.mark, mark_word(g.mark), small=True)} "
                    f"{escape(g.title)}</li>" for g in goals)
    return f"<div class='goals'><b>Mål, bedömda på livsskedets indikatorer</b><ul>{items}</ul></div>"


def _county_only(lines: list[IndicatorLine], county_label: str) -> str:
    """County-grain indicators on a municipality's page: one compact paragraph with the county's and Riket's
    figures, not table rows (no municipality value exists)."""
    if not lines:
        return ""
    parts = [f"{escape(line.short_name)} ({escape(county_label)} "
             f"{escape(fmt_value(line.county_value, line.unit))}, {escape(RIKET_NAME.lower())} "
             f"{escape(fmt_value(line.riket_value, line.unit))})" for line in lines]
    return f"<div class='comment county-only'><b>{escape(COUNTY_ONLY)}:</b> {'; '.join(parts)}.</div>"


def source_html(lines: tuple[str, ...]) -> str:
    """The lines under a section's figures, each source on its own line (Meeting.source_lines)."""
    return "".join(f"<div class='source'>{escape(line)}</div>" for line in lines)


def _section(screen: Screen, svg: str | None, with_county: bool, source_lines: tuple[str, ...],
             goals: list[Screen], county_label: str = COUNTY_NAME) -> str:
    rows = "".join(_row(line, with_county) for line in screen.all_indicators if not line.county_only)
    county_only = _county_only([line for line in screen.all_indicators if line.county_only], county_label)
    source = source_html(source_lines)
    chart = f"<div class='chart' data-testid='spine'>{svg}</div>" if svg else ""  # every indicator at a glance
    county_col, county_head = (("<col class='ref'>", f"<th>{escape(county_label)}</th>") if with_county
                               else ("", ""))
    dense = " class='dense'" if len(screen.all_indicators) > DENSE_ROWS else ""
    return (f"<section{dense}><h2>{escape(screen.title)}</h2>{_badge(screen.mark, screen.mark_label)}"
            f"<div class='counts'>{escape(count_words(screen.counts))}</div>"
            f"<div>{escape(screen.explanation)}</div>{_goals(goals)}{chart}{county_only}"
            f"<table><colgroup><col class='name'><col class='value'>{county_col}<col class='ref'>"
            "<col class='rank'><col class='mark'></colgroup>"
            f"<thead><tr><th>Indikator</th><th>Senaste värde</th>{county_head}<th>{escape(RIKET_NAME)}</th>"
            f"<th>Plats i länet</th><th>Bedömning</th></tr></thead><tbody>{rows}</tbody>"
            # the source lines in the table's foot: printed under every page of the table, never alone on a page
            f"<tfoot><tr><td colspan='{5 + with_county}' class='foot'>{source}</td></tr></tfoot></table>"
            "</section>")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def handout_html(meeting: Meeting, charts: dict[str, str]) -> str:
    """The handout for one area; `charts` maps a life stage screen's item_id to an inline <svg>."""
    stages = [s for s in meeting.screens if s.kind == "life_stage"]
    demo = ("<div class='demo'>DEMODATA – påhittade siffror för att visa hur underlaget ser ut. "
            "Använd inte siffrorna.</div>") if meeting.is_demo else ""
    snapshot = f" · mötesunderlag {escape(meeting.snapshot_name)}" if meeting.snapshot_name else ""
    with_county = not meeting.is_county
    body = "".join(_section(s, charts.get(s.item_id), with_county, meeting.source_lines(s),
                            meeting.goal_screens(s.item_id), meeting.county_label) for s in stages)
    css = CSS.replace("FONTS", css_font_family(theme.FONT_FAMILY))
    return (f"<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
            f"<title>Läget i {escape(meeting.area_name)}</title><style>{css}</style></head><body>"
            f"<h1>Nya Perspektiv – läget i {escape(meeting.area_name)}</h1>"
            f"<div class='meta'>Status per livsskede · {escape(_lower_first(meeting.data_note))}{snapshot}. "
            f"{escape(legend_text())}</div>{demo}{body}{_target_met(meeting)}</body></html>")


def _target_met(meeting: Meeting) -> str:
    """"Målet nått – dags att höja ambitionen?" at the end of the handout, when a target has been met with margin
    two years or more."""
    groups = meeting.target_met_groups()
    if not groups:
        return ""
    items = "".join(f"<li><b>{escape(head)}</b><br>Nått med marginal: {escape(areas)}</li>" for head, areas in groups)
    return (f"<section class='target-met'><h2>{escape(RAISE_HEADING)}</h2><ul>{items}</ul>"
            f"<div class='comment'>{escape(RAISE_NOTE)}</div></section>")


def footer_html(meeting: Meeting) -> str:
    """Every page's footer: one line per source in the handout, then the own processing with the data date."""
    note = meeting.data_note + "." + (" DEMODATA." if meeting.is_demo else "")
    return "<br>".join(escape(line) for line in meeting.source_lines(None, note))


def handout_path(out_dir: Path, meeting: Meeting) -> Path:
    return Path(out_dir) / f"lagesbild-{meeting.area_id}-{slugify(meeting.area_name)}.pdf"


def export_handouts(db_path: Path, out_dir: Path, area_ids: list[str] | None = None,
                    browser: ExportBrowser | None = None) -> list[Path]:
    """One PDF per area (default: the county and the 16 municipalities); returns the files written."""
    catalogue = load_catalogue()
    ids = area_ids or [catalogue.county_area, *catalogue.municipality_ids]
    with reader(Path(db_path)) as run:
        meetings = [load_meeting(run, area_id) for area_id in ids]
    if browser is None:
        with ExportBrowser() as own:
            return _write_all(meetings, Path(out_dir), own)
    return _write_all(meetings, Path(out_dir), browser)


def _write_all(meetings: list[Meeting], out_dir: Path, browser: ExportBrowser) -> list[Path]:
    written = []
    for meeting in meetings:
        charts = {}
        for screen in meeting.screens:
            if screen.kind != "life_stage":
                continue
            fig = handout_spine(meeting, screen)
            if fig is not None:
                charts[screen.item_id] = browser.svg(fig, *spine_size(spine_rows_count(meeting, screen)))
        out = handout_path(out_dir, meeting)
        browser.pdf(handout_html(meeting, charts), out, footer=FOOTER.format(text=footer_html(meeting)))
        written.append(out)
    return written
