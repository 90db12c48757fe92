"""The meeting deck: `python -m etl export slides` -> a 16:9 .pptx.

A title slide, the overview of all life stages, then one slide per life stage and per goal in agenda order (the
screens of presentation mode): the headline mark (colour, symbol, words) and counts, the spine chart with every
judged indicator (views.spine; its text alternative names each row) and, where it has few rows, the trend of the
indicator that decided the headline beside it; the source line and data date, and the analysts' comments and the
watch indicators' reasons as speaker notes. A whole meeting's deck ends with "Nytt sedan förra mötet" for the area:
the goals and life stages whose headline changed colour, then the changed verdicts. All charts go through one
browser (exports.browser).
"""

from __future__ import annotations

import io
import textwrap
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from core.files import atomic_path
from exports.browser import ExportBrowser
from indicators.catalogue import load_catalogue
from views import theme
from views.db import reader
from views.meeting.agenda import (
    GENDER,
    WATCH_HEADING,
    Meeting,
    Screen,
    count_words,
    load_meeting,
    parse_scope,
)
from views.meeting.changes import diff_databases
from views.meeting.news import NEWS_TITLE, NO_BASELINE, MeetingNews, meeting_news
from views.meeting.screen_chart import screen_chart
from views.meeting.screen_spine import screen_spine, spine_alt, spine_rows_count
from views.targets import RAISE_HEADING, RAISE_NOTE
from views.verdicts import legend_note, legend_text
from views.words import mark_word

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
DEMO_TEXT = "DEMODATA – påhittade siffror, inte verkliga värden"
# Arial: PowerPoint has it, LibreOffice draws it with the metric-compatible Liberation Sans, so the line estimates
# below hold in both (the theme's Calibri became the much wider DejaVu Sans in LibreOffice and boxes overlapped).
FONT = "Arial"
EM = {False: 0.5, True: 0.57}  # average width of a character of Swedish text in Arial, in em (regular, bold)
INSET_IN = 0.1  # python-pptx text boxes: 0.1 in left and right, 0.05 in top and bottom


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
        run.font.name = FONT
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
    run.font.name = FONT
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
    run.font.name = FONT
    run.font.bold = True
    run.font.color.rgb = _rgb(theme.PALETTE["black"])


WATCH_BOX = "watch"  # shape name of the watch indicators' box (heading "Bevakas – tolkas med försiktighet")
SPINE_PICTURE = "spine"  # shape name of a screen slide's spine chart (its alt text names every row)
NEWS_ITEM, NEWS_SUMMARY = "news-item", "news-summary"  # shape names on the "Nytt sedan förra mötet" slide
TARGETS = "targets"  # shape name of a screen slide's target sentences (under the spine)
FOOTER = "footer"  # shape name of the source line and slide number (the only text under BODY_PT)
BODY_PT = 18  # no text a room has to read is smaller than this
TARGET_PT = BODY_PT


FOOTER_PT = 11
FOOTER_LINE_IN = 0.19  # one 11 pt line
FOOTER_CHARS = 120  # 11 pt characters on one line of the 11.3 in footer
SLIDE_BOTTOM_IN = 7.45


def footer_lines(meeting: Meeting, screen: Screen | None) -> tuple[str, ...]:
    """One "Källa: …" line per source of the screen's indicators, then "Status: egen bearbetning …" with the data
    date (views.meeting.agenda.Meeting.source_lines), the saved meeting and the demo warning on the last line."""
    note = meeting.data_note + "."
    if meeting.snapshot_name:
        note += f" Mötesunderlag: {meeting.snapshot_name}."
    if meeting.is_demo:
        note += " " + DEMO_TEXT + "."
    return meeting.source_lines(screen, note)


def footer_top(lines: tuple[str, ...]) -> float:
    """Where the footer starts (inches): it grows upwards with its lines, the slide's content stays above it."""
    height = FOOTER_LINE_IN * _lines("\n".join(lines), FOOTER_CHARS) + 0.06
    return min(7.0, SLIDE_BOTTOM_IN - height)


def content_bottom(meeting: Meeting, screen: Screen | None) -> float:
    """The lowest point (inches) of a slide's content: above its footer."""
    return min(BOTTOM_IN, footer_top(footer_lines(meeting, screen)) - 0.05)


def _footer(slide, meeting: Meeting, number: int | None, screen: Screen | None = None) -> None:
    lines = footer_lines(meeting, screen)
    top = footer_top(lines)
    box = _text(slide, Inches(0.5), Inches(top), Inches(11.3), Inches(SLIDE_BOTTOM_IN - top), "\n".join(lines),
                FOOTER_PT, colour=theme.PALETTE["dark_grey"])
    box.name = FOOTER
    if number is not None:
        box = _text(slide, Inches(11.9), Inches(7.0), Inches(0.95), Inches(0.4), str(number), 12,
                    colour=theme.PALETTE["dark_grey"], align=PP_ALIGN.RIGHT)
        box.name = FOOTER


def _title_slide(prs: Presentation, meeting: Meeting, meeting_name: str, scope_words: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])

    _text(slide, Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2), meeting_name, 40, bold=True)
    _text(slide, Inches(0.8), Inches(2.9), Inches(11.7), Inches(0.8),
          f"{meeting.area_name} · {scope_words}", 28, colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.6),
          f"{meeting.data_note} · Nya Perspektiv – målbevakning", 20,
          colour=theme.PALETTE["dark_grey"])
    if meeting.is_demo:
        _demo_banner(slide)
        _text(slide, Inches(0.8), Inches(4.6), Inches(11.7), Inches(0.8), DEMO_TEXT, 24, bold=True,
              colour=theme.PALETTE["vermillion"])
    _text(slide, Inches(0.8), Inches(5.5), Inches(11.7), Inches(1.2), legend_text(), BODY_PT,
          colour=theme.PALETTE["dark_grey"])
    slide.notes_slide.notes_text_frame.text = (
        f"Underlag för {meeting.area_name}. Bedömningarna är {meeting.source.own_lower}.")
    _footer(slide, meeting, None)


def _overview_slide(prs: Presentation, meeting: Meeting, screen: Screen) -> None:
    """Screen 1: every life stage at a glance – its headline, counts and its goals' marks."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.2), Inches(9.8), Inches(0.45), f"{screen.kicker} · {meeting.area_name}",
          BODY_PT, colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.5), Inches(0.62), Inches(10.0), Inches(0.8), screen.title, 32, bold=True)
    if meeting.is_demo:
        _demo_banner(slide)
    stages = meeting.stage_screens()
    width = (WIDTH - Inches(1.0) - Inches(0.2) * (len(stages) - 1)) / max(len(stages), 1)
    for i, stage in enumerate(stages):
        left = Inches(0.5) + i * (width + Inches(0.2))
        _text(slide, left, Inches(1.5), width, Inches(0.5), stage.title, 24, bold=True)
        _badge(slide, left, Inches(2.05), width, Inches(0.6), stage.mark, stage.mark_label, 20)
        counts = " ".join(f"{theme.mark_style(m).symbol} {stage.counts[m]}" for m in ("green", "neutral", "yellow",
                                                                                      "red", "grey"))
        _text(slide, left, Inches(2.7), width, Inches(0.45), counts, BODY_PT)
        goals = "\n".join(f"{theme.mark_style(g.mark).symbol} {g.kicker.split(' · ')[-1]}"
                          for g in meeting.goal_screens(stage.item_id))
        _text(slide, left, Inches(3.2), width, Inches(2.6), goals or "Inga mål", BODY_PT)
    legend_height = min(0.9, content_bottom(meeting, None) - 5.95)  # above the footer
    _text(slide, Inches(0.5), Inches(5.95), Inches(12.3), Inches(legend_height), legend_text(), BODY_PT,
          colour=theme.PALETTE["dark_grey"])
    slide.notes_slide.notes_text_frame.text = legend_note()
    _footer(slide, meeting, screen.number + 1, screen)


BOTTOM_IN = 6.95  # the footer starts at 7.0 in


def _lines(text: str, chars: int) -> int:
    """How many lines `text` takes when wrapped at words to `chars` characters (an estimate, for placing boxes)."""
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in text.split("\n"))


def chars_per_line(width_in: float, size_pt: int, bold: bool = False) -> int:
    """Characters of `size_pt` text on one line of a box `width_in` wide (after the box's insets)."""
    return max(8, int((width_in - 2 * INSET_IN) / (size_pt * EM[bold] / 72)))


def text_height(text: str, width_in: float, size_pt: int, bold: bool = False) -> float:
    """The height in inches a box needs for `text` (single spacing is 1.2 × the size, plus the insets)."""
    return _lines(text, chars_per_line(width_in, size_pt, bold)) * size_pt * 1.2 / 72 + 0.1


TITLE_PT, BADGE_PT, LEFT_IN = 30, 24, 5.4


def spine_top(screen: Screen) -> float:
    """Where the headline starts: right under the title, which may take two lines."""
    return 0.62 + text_height(screen.title, 12.3, TITLE_PT, bold=True) + 0.05


def badge_size(label: str) -> int:
    """The headline's type size: 24 pt when it fits one line of the badge, else 20 pt (it then wraps)."""
    return BADGE_PT if _lines(f"● {label}", chars_per_line(LEFT_IN, BADGE_PT, True)) == 1 else 20


def headed_height(text: str, width_in: float) -> float:
    """A box whose first line is bold (a name or a heading) and the rest regular."""
    first, _, rest = text.partition("\n")
    height = text_height(first, width_in, BODY_PT, bold=True)
    return height + (text_height(rest, width_in, BODY_PT) - 0.1 if rest else 0.0)


SIDE_ROWS = 8  # a spine with up to this many rows shares the slide with the trend chart; more take the width
SPINE_LEFT_IN, FULL_IN, SPINE_SIDE_IN, TREND_IN = 0.5, 12.3, 6.9, 5.2
PX_PER_IN = 72  # charts drawn at 72 px per inch shown: 1 px of chart text is 1 pt on the slide
TREND_PX_PER_IN = FULL_PX_PER_IN = 90
COUNTS_LEFT_IN = 6.1


def spine_side(meeting: Meeting, screen: Screen) -> bool:
    return spine_rows_count(meeting, screen) <= SIDE_ROWS


MAX_TARGET_LINES = 2  # targets named on a slide; more are counted (all of them are in the speaker notes)


def target_block(screen: Screen) -> str:
    """The targets in force for the screen's indicators, one sentence each ('Mål: 95 % senast 2030 (beslutat av
    …)'): the steering group's own decisions and proposals, under the spine."""
    sentences = list(dict.fromkeys(f"{ln.short_name} – {ln.target_text}" for ln in screen.all_indicators
                                   if ln.target_text))
    if len(sentences) > MAX_TARGET_LINES:
        rest = len(sentences) - MAX_TARGET_LINES + 1
        sentences = [*sentences[:MAX_TARGET_LINES - 1], f"… och {rest} mål till (i anteckningarna)."]
    return "\n".join(sentences)


def target_height(screen: Screen) -> float:
    block = target_block(screen)
    return text_height(block, FULL_IN, TARGET_PT) if block else 0.0


def chart_sizes(meeting: Meeting, screen: Screen) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(spine px, trend px or None) for the room under the headline (and above the screen's targets): side by side
    for a few rows, the spine over the whole width for many."""
    room = (content_bottom(meeting, screen) - target_height(screen)
            - (spine_top(screen) + headline_height(screen) + 0.1))
    if spine_side(meeting, screen):
        # the trend a little denser (16 px = 13 pt): its year labels and legend need the width
        return (int(SPINE_SIDE_IN * PX_PER_IN), int(room * PX_PER_IN)), (int(TREND_IN * TREND_PX_PER_IN),
                                                                          int(room * TREND_PX_PER_IN))
    # many rows: drawn denser (15 px = 12 pt), so each row keeps its own line, as on the projector
    return (int(FULL_IN * FULL_PX_PER_IN), int(room * FULL_PX_PER_IN)), None


def headline_height(screen: Screen) -> float:
    return text_height(f"● {screen.mark_label}", LEFT_IN, badge_size(screen.mark_label), bold=True) + 0.05


def slide_spine(meeting: Meeting, screen: Screen) -> go.Figure | None:
    """The screen's spine as the slide draws it: names on one line over the whole width, wrapped beside the trend."""
    side = spine_side(meeting, screen)
    return screen_spine(meeting, screen, label_chars=22 if side else 56, font_px=16 if side else 15, legend_px=14,
                        top_px=80 if side else 56, domain=(0.37, 0.80) if side else (0.36, 0.84))


def _picture(slide, png: bytes, left: float, top: float, width: float, alt: str):
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), width=Inches(width))
    picture._element.nvPicPr.cNvPr.set("descr", alt)  # the text alternative PowerPoint reads out
    return picture


def _screen_slide(prs: Presentation, meeting: Meeting, screen: Screen, spine_png: bytes | None,
                  trend_png: bytes | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    kicker = screen.kicker if screen.kind == "goal" else f"{screen.kicker} · {screen.life_stage_name}"
    _text(slide, Inches(0.5), Inches(0.2), Inches(9.8), Inches(0.42), f"{kicker} · {meeting.area_name}",
          BODY_PT, colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.5), Inches(0.62), Inches(12.3), Inches(text_height(screen.title, 12.3, TITLE_PT, True)),
          screen.title, TITLE_PT, bold=True)
    if meeting.is_demo:
        _demo_banner(slide)
    top = spine_top(screen)
    size = badge_size(screen.mark_label)
    badge_h = headline_height(screen)
    _badge(slide, Inches(0.5), Inches(top), Inches(LEFT_IN), Inches(badge_h), screen.mark, screen.mark_label, size)
    counts = count_words(screen.counts)
    _text(slide, Inches(COUNTS_LEFT_IN), Inches(top), Inches(12.8 - COUNTS_LEFT_IN),
          Inches(text_height(counts, 12.8 - COUNTS_LEFT_IN, BODY_PT)), counts, BODY_PT,
          colour=theme.PALETTE["dark_grey"])
    top += badge_h + 0.1
    if spine_png is not None:
        width = SPINE_SIDE_IN if trend_png is not None else FULL_IN
        picture = _picture(slide, spine_png, SPINE_LEFT_IN, top, width, spine_alt(meeting, screen))
        picture.name = SPINE_PICTURE
    if trend_png is not None:
        _picture(slide, trend_png, SPINE_LEFT_IN + SPINE_SIDE_IN + 0.2, top, TREND_IN, "Trenddiagram")
    if spine_png is None and trend_png is None:
        _text(slide, Inches(0.5), Inches(top), Inches(LEFT_IN), Inches(0.6), "Inga indikatorer med data.", BODY_PT)
    block = target_block(screen)
    if block:
        height = target_height(screen)
        box = _text(slide, Inches(SPINE_LEFT_IN), Inches(content_bottom(meeting, screen) - height), Inches(FULL_IN),
                    Inches(height), block, TARGET_PT)
        box.name = TARGETS
    watch = [f"{w.short_name}: {w.role_reason}" for w in screen.watched if w.role_reason]
    notes = screen.notes + (f"\n{WATCH_HEADING}: " + "; ".join(watch) + "." if watch else "")
    targets = [f"{ln.short_name} – {ln.target_text}" for ln in screen.all_indicators if ln.target_text]
    notes += ("\nMål: " + "; ".join(dict.fromkeys(targets)) + "." if targets else "")
    slide.notes_slide.notes_text_frame.text = notes
    _footer(slide, meeting, screen.number + 1, screen)


def _target_met_slide(prs: Presentation, meeting: Meeting) -> None:
    """The last slide when a target has been met with margin two years or more: per target, the areas."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.2), Inches(9.8), Inches(0.42), f"Målbevakning · {meeting.area_name}",
          BODY_PT, colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.5), Inches(0.62), Inches(12.3), Inches(0.7), RAISE_HEADING, TITLE_PT, bold=True)
    if meeting.is_demo:
        _demo_banner(slide)
    top = 1.5
    bottom = content_bottom(meeting, None)
    for head, areas in meeting.target_met_groups():
        text = f"{head}\nNått med marginal: {areas}"
        height = headed_height(text, 12.3)
        if top + height > bottom - 0.8:
            break
        _text(slide, Inches(0.5), Inches(top), Inches(12.3), Inches(height), text, BODY_PT, bold_first=True)
        top += height + 0.1
    _text(slide, Inches(0.5), Inches(top), Inches(12.3), Inches(text_height(RAISE_NOTE, 12.3, BODY_PT)),
          RAISE_NOTE, BODY_PT, colour=theme.PALETTE["dark_grey"])
    slide.notes_slide.notes_text_frame.text = "\n".join(f"{h}: {a}" for h, a in meeting.target_met_groups())
    _footer(slide, meeting, len(meeting.screens) + 2)


def _news_lines(news: MeetingNews, is_county: bool) -> tuple[list[str], list[str]]:
    """The changed headlines and the changed indicator verdicts as slide lines ('name\n◆ Blandat → ▲ Går åt fel
    håll')."""
    def mark(m: str | None) -> str:
        return f"{theme.mark_style(m).symbol} {mark_word(m)}" if m else "fanns inte"

    heads = [f"{h.name}\n{mark(h.old_mark)} → {mark(h.new_mark)}" for h in news.headlines]
    verdicts = []
    for row in news.verdicts.iter_rows(named=True) if news.verdicts.height else []:
        area = f" ({row['area_name']})" if is_county else ""
        before = (f"{theme.mark_style(row['old_mark']).symbol} {row['old_label']}" if row["old_mark"]
                  else "ingen bedömning")
        after = (f"{theme.mark_style(row['new_mark']).symbol} {row['new_label']}" if row["new_mark"]
                 else "ingen bedömning")
        verdicts.append(f"{row['short_name']}{area}\n{before} → {after}")
    return heads, verdicts


NEWS_COL_IN = 6.0


def _fitting(items: list[str], top: float, bottom: float) -> tuple[list[str], int]:
    """The items that fit between `top` and `bottom` in a news column (a last line kept for '… och N till')."""
    shown: list[str] = []
    for i, item in enumerate(items):
        height = headed_height(item, NEWS_COL_IN)
        reserve = text_height("… och 99 till", NEWS_COL_IN, BODY_PT) if i + 1 < len(items) else 0.0
        if top + height + reserve > bottom:
            break
        shown.append(item)
        top += height
    return shown, len(items) - len(shown)


def _news_column(slide, left: float, top: float, bottom: float, heading: str, items: list[str], empty: str) -> None:
    _text(slide, Inches(left), Inches(top), Inches(NEWS_COL_IN), Inches(0.45), heading, BODY_PT, bold=True)
    top += 0.5
    shown, rest = _fitting(items, top, bottom)
    if not items:
        _text(slide, Inches(left), Inches(top), Inches(NEWS_COL_IN), Inches(0.45), empty, BODY_PT)
    for item in shown:
        height = headed_height(item, NEWS_COL_IN)
        box = _text(slide, Inches(left), Inches(top), Inches(NEWS_COL_IN), Inches(height), item, BODY_PT,
                    bold_first=True)
        box.name = NEWS_ITEM
        top += height
    if rest:
        _text(slide, Inches(left), Inches(top), Inches(NEWS_COL_IN), Inches(0.45),
              f"… och {rest} till (i anteckningarna).", BODY_PT, colour=theme.PALETTE["dark_grey"])


def _news_slide(prs: Presentation, meeting: Meeting, news: MeetingNews | None, number: int) -> None:
    """The last slide: what changed for the area since the previous saved meeting, the goals and life stages whose
    headline changed colour first."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    basis = f"Jämfört med {news.basis}" if news else "Inget sparat möte att jämföra med"
    _text(slide, Inches(0.5), Inches(0.2), Inches(9.8), Inches(0.42), f"{basis} · {meeting.area_name}", BODY_PT,
          colour=theme.PALETTE["dark_grey"])
    _text(slide, Inches(0.5), Inches(0.62), Inches(12.3), Inches(0.7), NEWS_TITLE, TITLE_PT, bold=True)
    if meeting.is_demo:
        _demo_banner(slide)
    bottom = content_bottom(meeting, None)
    if news is None:
        _text(slide, Inches(0.5), Inches(1.5), Inches(12.3), Inches(1.2), NO_BASELINE, BODY_PT)
        slide.notes_slide.notes_text_frame.text = NO_BASELINE
    else:
        summary = news.summary() + "."
        height = text_height(summary, 12.3, BODY_PT)
        box = _text(slide, Inches(0.5), Inches(1.4), Inches(12.3), Inches(height), summary, BODY_PT)
        box.name = NEWS_SUMMARY
        top = 1.4 + height + 0.1
        heads, verdicts = _news_lines(news, meeting.is_county)
        where = "alla områden" if meeting.is_county else meeting.area_name
        _news_column(slide, 0.5, top, bottom, "Mål och livsskeden som har bytt färg", heads,
                     "Inga rubriker har bytt färg.")
        _news_column(slide, 6.8, top, bottom, f"Indikatorer med ny bedömning ({where})", verdicts,
                     "Ingen indikator har fått ny bedömning.")
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [summary, "", "Mål och livsskeden som har bytt färg:", *(h.replace("\n", ": ") for h in heads), "",
             f"Indikatorer med ny bedömning ({where}):", *(v.replace("\n", ": ") for v in verdicts)])
    _footer(slide, meeting, number)


def build_deck(meeting: Meeting, meeting_name: str, scope_words: str, browser: ExportBrowser,
               news: MeetingNews | None = None, with_news: bool = True) -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, meeting, meeting_name, scope_words)
    for screen in meeting.screens:
        if screen.kind == "overview":
            _overview_slide(prs, meeting, screen)
            continue
        (spine_size, trend_size), spine = chart_sizes(meeting, screen), slide_spine(meeting, screen)
        trend = screen_chart(meeting, screen, title_chars=28) if trend_size is not None else None
        if trend is not None:
            trend.update_layout(legend_font_size=14)
        spine_png = None if spine is None else browser.png(spine, *spine_size, scale=2)
        trend_png = None if trend is None or trend_size is None else browser.png(trend, *trend_size, scale=2)
        _screen_slide(prs, meeting, screen, spine_png, trend_png)
    if meeting.target_met:
        _target_met_slide(prs, meeting)
    if with_news:
        _news_slide(prs, meeting, news, len(prs.slides._sldIdLst) + 1)
    return prs


def read_news(db_path: Path, baseline: Path | None, meeting: Meeting) -> MeetingNews | None:
    """What changed for the meeting's area between the saved meeting `baseline` and `db_path` (None without one)."""
    if baseline is None:
        return None
    with reader(Path(baseline)) as run:
        before = load_meeting(run, meeting.area_id)
    return meeting_news(before, meeting, diff_databases(Path(baseline), Path(db_path)), GENDER,
                        load_catalogue().county_area)


def export_slides(db_path: Path, out: Path, scope: str = "meeting", area_id: str = "0017",
                  meeting_name: str | None = None, browser: ExportBrowser | None = None,
                  baseline: Path | None = None) -> Path:
    """Write the meeting deck for `scope` ('meeting' | 'life_stage:<id>' | 'area:<id>') to `out`; return it.

    A whole meeting's deck ends with "Nytt sedan förra mötet" against the saved meeting `baseline` (a snapshot's
    database file; without one the slide says there is nothing to compare with).
    Pass an open `browser` to share it with other exports in the same run; otherwise one is started here."""
    area, life_stage = parse_scope(scope, area_id)
    with reader(Path(db_path)) as run:
        meeting = load_meeting(run, area, life_stage)
    news = read_news(db_path, baseline, meeting) if life_stage is None else None
    name = meeting_name or meeting.snapshot_name or f"Nya Perspektiv – möte {date.today().isoformat()}"
    scope_words = "alla livsskeden och mål" if life_stage is None else meeting.screens[0].life_stage_name
    if browser is None:
        with ExportBrowser() as own:
            prs = build_deck(meeting, name, scope_words, own, news, with_news=life_stage is None)
    else:
        prs = build_deck(meeting, name, scope_words, browser, news, with_news=life_stage is None)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:  # created exclusively beside `out`; removed if saving fails
        prs.save(str(tmp))
    return out


