"""The meeting deck: `python -m etl export slides` -> a 16:9 .pptx.

A title slide, then one slide per life stage and per goal in agenda order: the headline mark (colour, symbol,
words), the two or three indicators that matter most, the trend chart of the first of them drawn by
dashboard.charts in the dashboard's colours, the source line and data date, and the analysts' comments as
speaker notes. All charts go through one kaleido browser.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from exports.browser import ExportBrowser
from views import theme
from views.format import fmt_rank, fmt_value
from views.meeting.agenda import (
    IndicatorLine,
    Meeting,
    Screen,
    count_words,
    file_runner,
    load_meeting,
    parse_scope,
)
from views.meeting.screen_chart import screen_chart

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
CHART_PX = (800, 490)  # drawn at scale 1.75 and shown 7 in wide: 18 px chart text is ~11 pt
DEMO_TEXT = "DEMODATA – påhittade siffror, inte verkliga värden"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, text: str, size: int, *, bold: bool = False,
          colour: str = "#000000", align=PP_ALIGN.LEFT, bold_first: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold or (bold_first and i == 0)
        run.font.color.rgb = _rgb(colour)
    return box


def _badge(slide, left, top, width, height, mark: str, text: str, size: int):
    """A filled box in the mark's colour with the symbol and the words (never colour alone)."""
    style = theme.mark_style(mark)
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(style.background)
    shape.line.color.rgb = _rgb(theme.PALETTE["dark_grey"])
    frame = shape.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = f"{style.symbol} {text}"
    run.font.size = Pt(size)
    run.font.bold = True
    run.font.color.rgb = _rgb(style.text)
    return shape


def _demo_banner(slide) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(10.6), Inches(0.15), Inches(2.4), Inches(0.5))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(theme.PALETTE["yellow"])
    shape.line.color.rgb = _rgb(theme.PALETTE["black"])
    run = shape.text_frame.paragraphs[0].add_run()
    run.text = "DEMODATA"
    run.font.size = Pt(18)
    run.font.bold = True
    run.font.color.rgb = _rgb(theme.PALETTE["black"])


def _footer(slide, meeting: Meeting, number: int | None) -> None:
    text = f"{meeting.source_line}. Data hämtade {meeting.data_date}."
    if meeting.snapshot_name:
        text += f" Mötesunderlag: {meeting.snapshot_name}."
    if meeting.is_demo:
        text += " " + DEMO_TEXT + "."
    _text(slide, Inches(0.5), Inches(6.95), Inches(11.3), Inches(0.4), text, 11, colour=theme.PALETTE["dark_grey"])
    if number is not None:
        _text(slide, Inches(11.9), Inches(6.95), Inches(0.95), Inches(0.4), str(number), 11,
              colour=theme.PALETTE["dark_grey"], align=PP_ALIGN.RIGHT)


def indicator_text(line: IndicatorLine) -> str:
    """'70,8 % (2025) · rank 3 av 16' for a slide or a handout."""
    value = fmt_value(line.latest_value, line.unit)
    year = f" ({line.latest_year})" if line.latest_year else ""
    rank = fmt_rank(line.rank_in_county, line.rank_of)
    rank_text = f" · plats {rank} i länet" if line.rank_in_county else ""
    return f"{value}{year}{rank_text}"


def _title_slide(prs: Presentation, meeting: Meeting, meeting_name: str, scope_words: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])

    _text(slide, Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2), meeting_name, 40, bold=True)
    _text(slide, Inches(0.8), Inches(2.9), Inches(11.7), Inches(0.8),
          f"{meeting.area_name} · {scope_words}", 28, colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.6),
          f"Data hämtade {meeting.data_date} · Nya Perspektiv – målbevakning", 20,
          colour=theme.PALETTE["dark_grey"])
    if meeting.is_demo:
        _demo_banner(slide)
        _text(slide, Inches(0.8), Inches(4.6), Inches(11.7), Inches(0.8), DEMO_TEXT, 24, bold=True,
              colour=theme.PALETTE["vermillion"])
    _text(slide, Inches(0.8), Inches(5.6), Inches(11.7), Inches(1.0),
          "Varje bedömning visas med färg, symbol, ord och pil: ● bra läge, ◆ bevaka, ▲ åtgärda, ○ underlag "
          "saknas.", 16, colour=theme.PALETTE["dark_grey"])
    slide.notes_slide.notes_text_frame.text = (
        f"Underlag för {meeting.area_name}. Bedömningarna är {meeting.source.own_lower}.")
    _footer(slide, meeting, None)


def _screen_slide(prs: Presentation, meeting: Meeting, screen: Screen, png: bytes | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.2), Inches(9.8), Inches(0.4),
          f"{screen.kicker} · {screen.life_stage_name} · {meeting.area_name}", 14,
          colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.5), Inches(0.62), Inches(12.3), Inches(1.0), screen.title, 28, bold=True)
    if meeting.is_demo:
        _demo_banner(slide)
    _badge(slide, Inches(0.5), Inches(1.65), Inches(5.2), Inches(0.75), screen.mark, screen.mark_label, 22)
    _text(slide, Inches(0.5), Inches(2.45), Inches(5.2), Inches(0.5), count_words(screen.counts), 13,
          colour=theme.PALETTE["dark_grey"])
    top = Inches(3.0)
    _text(slide, Inches(0.5), top, Inches(5.2), Inches(0.4), "Viktigast just nu", 16, bold=True)
    top += Inches(0.45)
    for line in screen.top:
        _badge(slide, Inches(0.5), top, Inches(0.45), Inches(0.45), line.mark, "", 12)
        caution = " (tolka med försiktighet)" if line.read_with_care else ""
        _text(slide, Inches(1.05), top - Inches(0.05), Inches(4.7), Inches(1.1),
              f"{line.short_name}{caution}\n{indicator_text(line)}\n"
              f"{theme.mark_style(line.mark).symbol} {line.mark_label} {line.arrow}", 13, bold_first=True)
        top += Inches(1.12)
    if not screen.top:
        _text(slide, Inches(0.5), top, Inches(5.2), Inches(0.6), "Inga indikatorer med data.", 13)
    if png is not None:
        slide.shapes.add_picture(io.BytesIO(png), Inches(6.0), Inches(1.65), width=Inches(7.0))
    slide.notes_slide.notes_text_frame.text = screen.notes
    _footer(slide, meeting, screen.number + 1)


def build_deck(meeting: Meeting, meeting_name: str, scope_words: str, browser: ExportBrowser) -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, meeting, meeting_name, scope_words)
    for screen in meeting.screens:
        fig = screen_chart(meeting, screen)
        png = None if fig is None else browser.png(fig, *CHART_PX, scale=1.75)
        _screen_slide(prs, meeting, screen, png)
    return prs


def export_slides(db_path: Path, out: Path, scope: str = "meeting", area_id: str = "0017",
                  meeting_name: str | None = None, browser: ExportBrowser | None = None) -> Path:
    """Write the meeting deck for `scope` ('meeting' | 'life_stage:<id>' | 'area:<id>') to `out`; return it.

    Pass an open `browser` to share it with other exports in the same run; otherwise one is started here."""
    area, life_stage = parse_scope(scope, area_id)
    with file_runner(Path(db_path)) as run:
        meeting = load_meeting(run, area, life_stage)
    name = meeting_name or meeting.snapshot_name or f"Nya Perspektiv – möte {date.today().isoformat()}"
    scope_words = "alla livsskeden och mål" if life_stage is None else meeting.screens[0].life_stage_name
    if browser is None:
        with ExportBrowser() as own:
            prs = build_deck(meeting, name, scope_words, own)
    else:
        prs = build_deck(meeting, name, scope_words, browser)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    prs.save(str(tmp))
    tmp.replace(out)
    return out


