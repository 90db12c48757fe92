"""Slides and handouts from the demo database, opened and rendered the way a person would see them."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from exports.handouts import export_handouts
from exports.slides import BODY_PT, FOOTER, WATCH_BOX, export_slides
from views.db import reader
from views.meeting.agenda import ScopeError

DEMO_LINE = "Källa: demodata (påhittade siffror)"
DEMO_OWN = "Status: egen bearbetning av demodata"


@pytest.fixture(scope="module")
def agenda(demo_db):
    with reader(demo_db) as run:
        return run("meeting_agenda", []).to_dicts()


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_full_deck_has_a_slide_per_life_stage_and_goal_in_agenda_order(demo_db, agenda, browser, tmp_path):
    out = export_slides(demo_db, tmp_path / "deck.pptx", meeting_name="Decembermötet", browser=browser)
    prs = Presentation(str(out))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=0.01)
    slides = list(prs.slides)
    assert len(slides) == 2 + len(agenda)  # the title slide, all life stages at a glance, then the agenda
    title = " ".join(_texts(slides[0]))
    for words in ("Decembermötet", "Hela Värmland", "Demodata byggd", "DEMODATA"):
        assert words in title
    stage_names = {r["item_id"]: r["name"] for r in agenda if r["kind"] == "life_stage"}
    overview = " ".join(_texts(slides[1]))
    assert all(name in overview for name in stage_names.values())
    for slide, item in zip(slides[2:], agenda, strict=True):
        texts = _texts(slide)
        assert any(t == item["name"] or t.endswith(": " + item["name"]) for t in texts), (item, texts)
        assert stage_names[item["life_stage_id"]] in texts[0]
        footer = next(s.text_frame for s in slide.shapes if s.has_text_frame and s.name == FOOTER)
        lines = [p.text for p in footer.paragraphs]
        assert lines[0] == DEMO_LINE  # each source its own line, never joined with another
        assert lines[1].startswith(DEMO_OWN + ". Demodata byggd")
        assert not any("Källa: Kolada" in t or "Data hämtade" in t for t in texts)  # demo data were never fetched
        assert "DEMODATA" in texts
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        # one chart; a slide whose watch indicators need the right column has none (they come first)
        assert len(pictures) == 1 or (not pictures and any(s.name == WATCH_BOX for s in slide.shapes))
        assert all(p.image.content_type == "image/png" for p in pictures)
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    for slide in slides:  # nothing spills off the 16:9 page, and a room can read every text but the source line
        for shape in slide.shapes:
            if shape.has_text_frame and shape.name != FOOTER:
                sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.text.strip()]
                assert all(size >= BODY_PT for size in sizes), (shape.text_frame.text, sizes)
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
    # the mark is in words and a symbol, never colour alone
    first = _texts(slides[2])
    assert any(t[:1] in "●◆▲○" and len(t) > 2 for t in first)


def test_speaker_notes_carry_the_analysts_comments(demo_db, browser, tmp_path):
    prs = Presentation(str(export_slides(demo_db, tmp_path / "d.pptx", scope="life_stage:barn", browser=browser)))
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert "Psykisk ohälsa bland barn och unga: Avser 0–19 år." in notes
    assert prs.slides[1].shapes[1].text_frame.text == "Barnalivet"


def test_scope_life_stage_and_area(demo_db, agenda, browser, tmp_path):
    prs = Presentation(str(export_slides(demo_db, tmp_path / "u.pptx", scope="life_stage:unga", browser=browser)))
    expected = [r["name"] for r in agenda if r["life_stage_id"] == "unga"]
    titles = [_texts(s)[1] for s in list(prs.slides)[1:]]
    assert len(titles) == len(expected)
    assert all(t == name or t.endswith(": " + name) for t, name in zip(titles, expected, strict=True)), titles
    prs = Presentation(str(export_slides(demo_db, tmp_path / "k.pptx", scope="area:1780", browser=browser)))
    assert "Karlstad" in " ".join(_texts(prs.slides[0]))
    assert "Karlstad" in _texts(prs.slides[1])[0]


def test_bad_scope_and_area_are_named(demo_db, browser, tmp_path):
    with pytest.raises(ScopeError, match="scope 'kommun:1780'"):
        export_slides(demo_db, tmp_path / "x.pptx", scope="kommun:1780", browser=browser)
    with pytest.raises(ScopeError, match="area '9999' is not in the database"):
        export_slides(demo_db, tmp_path / "x.pptx", scope="area:9999", browser=browser)
    with pytest.raises(ScopeError, match="life stage 'tonar'"):
        export_slides(demo_db, tmp_path / "x.pptx", scope="life_stage:tonar", browser=browser)
    assert not (tmp_path / "x.pptx").exists()


def _pdf_pages(pdf: Path, out_dir: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(out_dir / pdf.stem)], check=True)
    return sorted(out_dir.glob(pdf.stem + "-*.png"))


def test_handouts_one_pdf_per_area_a_page_per_life_stage(demo_db, agenda, browser, tmp_path):
    from PIL import Image

    paths = export_handouts(demo_db, tmp_path / "ut", ["1780", "0017"], browser=browser)
    assert [p.name for p in paths] == ["lagesbild-1780-karlstad.pdf", "lagesbild-0017-hela-varmland.pdf"]
    stages = [r["name"] for r in agenda if r["kind"] == "life_stage"]
    for pdf in paths:
        pages = _pdf_pages(pdf, tmp_path)
        # every life stage starts a page; one with many indicators and its goal list may run onto a second
        assert len(stages) <= len(pages) <= 2 * len(stages), pdf
        for png in pages:
            image = Image.open(png).convert("L")
            lo, hi = image.getextrema()
            assert hi - lo > 150, f"{png} looks blank"  # a page holding only a chart is lighter
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for name in stages:
            assert name in text
        assert text.count(DEMO_LINE) >= 2 * len(stages)
        assert text.count(DEMO_OWN) >= 2 * len(stages)
        assert "påhittade siffror);" not in text  # the source line stands alone
        assert "Källa: Kolada" not in text and "Data hämtade" not in text
        assert "DEMODATA" in text
        assert f"Sida 1 av {len(pages)}" in text
    assert "läget i Karlstad" in subprocess.run(["pdftotext", str(paths[0]), "-"], capture_output=True,
                                                text=True, check=True).stdout


def test_all_handouts_by_default(demo_db, browser, tmp_path):
    paths = export_handouts(demo_db, tmp_path, browser=browser)
    assert len(paths) == 17
    assert len({p.name for p in paths}) == 17
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_slides_list_watch_indicators_apart_and_say_ingen_sakerstalld_skillnad(demo_db, browser, tmp_path):
    """Issue 8 on the slides: watch indicators under their own heading with the catalogue's reason (never among the
    judged), and comparisons without a secured difference in the status table's words."""
    from views.meeting.agenda import WATCH_HEADING, load_meeting

    with reader(demo_db) as run:
        meeting = load_meeting(run, "1780")
    prs = Presentation(str(export_slides(demo_db, tmp_path / "w.pptx", scope="area:1780", browser=browser)))
    slides = list(prs.slides)
    watched_screens = [s for s in meeting.screens if s.watched]
    assert watched_screens, "the demo catalogue has watch indicators"
    undecided = 0
    for screen in meeting.screens[1:]:
        slide = slides[screen.number]  # the title slide first, then the screens in order
        boxes = {s.name: s for s in slide.shapes if s.has_text_frame}
        judged = " ".join(s.text_frame.text for s in slide.shapes
                          if s.has_text_frame and s.name not in (WATCH_BOX, FOOTER))
        notes = slide.notes_slide.notes_text_frame.text
        shown = [line for line in screen.top if line.short_name in judged]
        assert shown or not screen.top  # at least the first card fits
        for line in screen.top:  # a card the slide had no room for is counted on it and named in the notes
            assert line.role == "outcome"
            if line not in shown:
                assert "Också bedömda:" in judged and line.short_name in notes, (line.short_name, notes)
        if screen.watched:
            box = boxes[WATCH_BOX]
            paragraphs = [p.text for p in box.text_frame.paragraphs]
            assert paragraphs[0] == WATCH_HEADING
            assert box.text_frame.paragraphs[0].runs[0].font.bold
            for line, text in zip(screen.watched, paragraphs[1:], strict=True):
                assert text.startswith(f"{line.short_name}: ") and text.endswith(f" – {line.role_reason}")
                assert line.role_reason and line.short_name not in judged  # no colour, not among the judged
            assert box.top + box.height <= Inches(7.0)
            for picture in (s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE):
                assert box.top >= picture.top + picture.height  # below the chart, not over it
        else:
            assert WATCH_BOX not in boxes
        texts = judged + " ".join(p.text for p in boxes[WATCH_BOX].text_frame.paragraphs) if screen.watched else judged
        said = [*(ln.vs_riket_label for ln in shown), *(ln.comparison_text for ln in screen.watched)]
        for words in filter(None, said):  # a judged line: its comparison with Riket; a watch line: both
            assert words in texts or words[:1].lower() + words[1:] in texts, (words, texts)
            undecided += "nivå med" in words
        # the indicator boxes follow each other without overlapping, above the footer
        left = sorted((s for s in slide.shapes if s.has_text_frame and s.left == Inches(1.05)), key=lambda s: s.top)
        for upper, lower in itertools.pairwise(left):
            assert upper.top + upper.height <= lower.top
        assert all(s.top + s.height <= Inches(7.0) for s in left)
        # the left column top to bottom (kicker, title, badge, counts, cards' marks, the "Också bedömda" line)
        # is a stack: a two-line title or a wrapped headline pushes the rest down instead of covering it
        column = sorted((s for s in slide.shapes if s.left == Inches(0.5) and s.name != FOOTER), key=lambda s: s.top)
        for upper, lower in itertools.pairwise(column):
            assert upper.top + upper.height <= lower.top + Inches(0.01), (upper.text_frame.text, lower.text_frame.text)
    assert undecided > 0  # the demo has comparisons without a secured difference, and the slides say so
