"""Slides and handouts from the demo database, opened and rendered the way a person would see them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from etl.demo import DEMO_SOURCE
from exports.browser import ExportBrowser
from exports.handouts import export_handouts
from exports.slides import export_slides
from views.meeting.agenda import ScopeError, file_runner
from views.sources import attribution


@pytest.fixture(scope="module")
def browser():
    with ExportBrowser() as b:
        yield b


@pytest.fixture(scope="module")
def agenda(demo_db):
    with file_runner(demo_db) as run:
        return run("meeting_agenda", []).to_dicts()


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_full_deck_has_a_slide_per_life_stage_and_goal_in_agenda_order(demo_db, agenda, browser, tmp_path):
    out = export_slides(demo_db, tmp_path / "deck.pptx", meeting_name="Decembermötet", browser=browser)
    prs = Presentation(str(out))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=0.01)
    slides = list(prs.slides)
    assert len(slides) == 1 + len(agenda)
    title = " ".join(_texts(slides[0]))
    for words in ("Decembermötet", "Hela Värmland", "Data hämtade", "DEMODATA"):
        assert words in title
    stage_names = {r["item_id"]: r["name"] for r in agenda if r["kind"] == "life_stage"}
    for slide, item in zip(slides[1:], agenda, strict=True):
        texts = _texts(slide)
        assert item["name"] in texts, (item, texts)
        assert stage_names[item["life_stage_id"]] in texts[0]
        assert any(t.startswith(attribution(demo_db).status) and "Data hämtade" in t for t in texts)
        assert DEMO_SOURCE.attribution in attribution(demo_db).status and "Källa: Kolada" not in " ".join(texts)
        assert "DEMODATA" in texts
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    for slide in slides:  # nothing spills off the 16:9 page
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
    # the mark is in words and a symbol, never colour alone
    first = _texts(slides[1])
    assert any(t[:1] in "●◆▲○" and len(t) > 2 for t in first)


def test_speaker_notes_carry_the_analysts_comments(demo_db, browser, tmp_path):
    prs = Presentation(str(export_slides(demo_db, tmp_path / "d.pptx", scope="life_stage:barn", browser=browser)))
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert "Psykisk ohälsa bland barn och unga: Avser 0–19 år." in notes
    assert prs.slides[1].shapes[1].text_frame.text == "Barnalivet"


def test_scope_life_stage_and_area(demo_db, agenda, browser, tmp_path):
    prs = Presentation(str(export_slides(demo_db, tmp_path / "u.pptx", scope="life_stage:unga", browser=browser)))
    expected = [r["name"] for r in agenda if r["life_stage_id"] == "unga"]
    assert [_texts(s)[1] for s in list(prs.slides)[1:]] == expected
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
        assert len(pages) == len(stages), pdf
        for png in pages:
            image = Image.open(png).convert("L")
            lo, hi = image.getextrema()
            assert hi - lo > 200, f"{png} looks blank"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for name in stages:
            assert name in text
        one_line = " ".join(attribution(demo_db).status.split())
        assert " ".join(text.split()).count(one_line) >= 2 * len(stages)
        assert "Källa: Kolada" not in text  # demo figures never carry a real source's name
        assert "DEMODATA" in text
        assert "Sida 1 av 4" in text
    assert "läget i Karlstad" in subprocess.run(["pdftotext", str(paths[0]), "-"], capture_output=True,
                                                text=True, check=True).stdout


def test_all_handouts_by_default(demo_db, browser, tmp_path):
    paths = export_handouts(demo_db, tmp_path, browser=browser)
    assert len(paths) == 17
    assert len({p.name for p in paths}) == 17
    assert all(p.stat().st_size > 10_000 for p in paths)
