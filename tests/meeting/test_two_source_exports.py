"""Slides and handouts from a database built from Kolada and Folkhälsodata (fake servers, tests/conftest.py
`two_source_dir`): a county-grain FoHM indicator appears with its pooled window, its published interval and its
own "Källa: …" line; no line ever joins two sources."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from exports.handouts import export_handouts
from exports.slides import FOOTER, SPINE_PICTURE, export_slides
from views.db import reader
from views.meeting.agenda import load_meeting

pytestmark = pytest.mark.duration(10)

KOLADA = "Källa: Kolada"
FOHM = "Källa: Folkhälsomyndigheten, Folkhälsodata"


@pytest.fixture(scope="module")
def db(two_source_dir: Path) -> Path:
    return two_source_dir / "nyaperspektiv.duckdb"


def _footer(slide) -> list[str]:
    """The source lines of a slide (the left footer box; the right one is the slide number)."""
    box = min((s for s in slide.shapes if s.has_text_frame and s.name == FOOTER), key=lambda s: s.left)
    return [p.text for p in box.text_frame.paragraphs]


def _joined(line: str) -> bool:
    """A line that credits more than one source (what the standard forbids)."""
    return line.count("Källa:") > 1 or (KOLADA in line and "Folkhälsomyndigheten" in line)


def test_slides_show_the_fohm_indicator_with_window_interval_and_its_own_source_line(db, browser, tmp_path):
    with reader(db) as run:
        meeting = load_meeting(run, "0017")
    screen, line = next((s, ln) for s in meeting.screens for ln in s.top if ln.series_id.startswith("fohm:"))
    assert "–" in line.period and line.interval_text
    prs = Presentation(str(export_slides(db, tmp_path / "d.pptx", area_id="0017", browser=browser)))
    slides = list(prs.slides)
    slide = slides[screen.number]  # the title slide first, then the screens in order
    spine = next(s for s in slide.shapes if s.name == SPINE_PICTURE)  # every judged indicator is on the spine
    body = spine._element.nvPicPr.cNvPr.get("descr")  # its text alternative names each row, value and period
    assert line.short_name in body
    assert f"({line.period}; {line.interval_short})" in body
    footer = _footer(slide)
    assert FOHM in footer  # its own line, exactly the source's line
    assert footer[-1].startswith("Status: egen bearbetning av data från Folkhälsomyndigheten")
    kolada_only = next(s for s in meeting.screens[1:]
                       if not any(ln.series_id.startswith("fohm:") for ln in s.all_indicators))
    other = _footer(slides[kolada_only.number])
    assert KOLADA in other and not any("Folkhälsomyndigheten" in t for t in other)  # only its own sources
    for each in slides:
        for shape in each.shapes:
            if shape.has_text_frame:
                assert not any(_joined(p.text) for p in shape.text_frame.paragraphs), shape.text_frame.text
        bottom = max(s.top + s.height for s in each.shapes if s.name != FOOTER)
        top = min(s.top for s in each.shapes if s.name == FOOTER)
        assert bottom <= top or each == slides[0]  # the content stays above the (growing) footer


def test_handout_shows_the_fohm_indicators_with_window_interval_and_one_line_per_source(db, browser, tmp_path):
    with reader(db) as run:
        meeting = load_meeting(run, "0017")
    fohm = [ln for s in meeting.stage_screens() for ln in s.all_indicators if ln.series_id.startswith("fohm:")]
    assert fohm
    (pdf,) = export_handouts(db, tmp_path, ["0017"], browser=browser)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(plain.replace("\xa0", " ").split())
    for line in fohm:
        assert line.short_name.split(" (")[0] in flat
        assert " ".join(line.interval_text.replace("\xa0", " ").split()) in flat
    assert f"åren {fohm[0].period}" in flat
    lines = [ln.strip() for ln in text.splitlines()]
    assert any(ln.startswith(FOHM) for ln in lines) and any(ln.startswith(KOLADA) for ln in lines)
    assert not any(_joined(ln) for ln in lines)
    assert "Status: egen bearbetning av data från" in flat
