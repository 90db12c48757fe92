"""What a steering group sees first on a projector (issue 20): at 1280×720 and 1920×1080 Översikt shows every life
stage's headline and the goal × life-stage matrix inside the first screen (for the county and all 16 municipalities),
a life-stage page shows its spine chart there, the legend is one line, and no word breaks inside itself and no badge
leaves its cell at 1280 px."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from tests.browser.moves import COUNTY_NAME, choose_area, open_page, shown
from tests.browser.ready import TIMEOUT, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.duration(47)]
SIZES = [(1280, 720), (1920, 1080)]
AREAS = ("0017", "1780", "1762")   # the county, the largest and the smallest municipality

# Översikt's first screen in one evaluation: the bottoms of the life stages' headlines and of the matrix, the legend's
# height, and the viewport the page was laid out at
FIRST_SCREEN_JS = """() => {
  const bottoms = sel => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect().bottom);
  const legend = document.querySelector('[data-testid=np-legend] summary');
  return {headlines: bottoms('[data-testid=np-stage-headline]'), matrix: bottoms('[data-testid=np-matrix]'),
          legend: legend ? legend.getBoundingClientRect().height : null,
          width: window.innerWidth, height: window.innerHeight}; }"""

# A word (letters and digits between spaces, hyphens, dashes and slashes) drawn on more than one line: a break
# inside the word. Hidden text (a closed <details>, display:none) has no boxes and is skipped.
BROKEN_WORDS_JS = """() => { const out = []; const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector('[data-testid=stMain]'), NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (n.parentElement.closest('svg')) continue;
    const re = /[^\\s\\-–—\\/]{4,}/g; let m;
    while ((m = re.exec(n.textContent))) {
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  } return out; }"""

# A badge (np-mark) wider than its table cell, or reaching out of it.
BADGE_OVERFLOW_JS = """() => [...document.querySelectorAll('[data-testid=stMain] td .np-mark')].filter(b => {
    const c = b.closest('td').getBoundingClientRect(), r = b.getBoundingClientRect();
    return r.right > c.right + 1 || r.left < c.left - 1; }).map(b => b.innerText.replace(/\\n/g, ' '))"""


def _areas(db: Path) -> list[tuple[str, str]]:
    """(area id, the name the sidebar's "Kommun" lists it by): the county, then the 16 municipalities."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        munis = con.execute("SELECT area_id, name FROM area WHERE kind = 'kommun' AND area_id LIKE '17%' "
                            "ORDER BY area_id").fetchall()
    finally:
        con.close()
    return [("0017", COUNTY_NAME), *munis]


def _first_screen_problems(m: dict) -> list[str]:
    found = []
    if len(m["headlines"]) != 4 or max(m["headlines"]) > m["height"]:
        found.append(f"life-stage headlines {m['headlines']}")
    if not m["matrix"] or m["matrix"][0] > m["height"]:
        found.append(f"matrix bottom {m['matrix']}")
    if m["legend"] is None or m["legend"] >= 34:
        found.append(f"legend not one line ({m['legend']} px high)")
    return found


def test_overview_first_screen_holds_every_headline_and_the_goal_matrix(app_url, page, demo_db):
    """Issue 20: for the county and all 16 municipalities, at 1280×720 and 1920×1080. One page: the first area is
    opened by its URL, each next one chosen in the sidebar (tests/browser/moves.py); each is measured at the size
    it was drawn at, then at the other (the viewport is resized, not reloaded; the sizes alternate, so half the
    areas are drawn at each), one JavaScript evaluation per measurement."""
    areas = _areas(demo_db)
    assert len(areas) == 17
    failures: list[str] = []
    measured = 0
    size = SIZES[0]
    for i, (area, name) in enumerate(areas):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        if i == 0:
            page.goto(f"{app_url}/?kommun={area}")
            shown(page, "", area, name)
        else:
            choose_area(page, "", area, name)
        expect(page.get_by_test_id("np-matrix")).to_be_visible(timeout=TIMEOUT)
        for turn in range(2):  # the size it was drawn at, then the other
            if turn:
                size = SIZES[1] if size == SIZES[0] else SIZES[0]
                page.set_viewport_size({"width": size[0], "height": size[1]})
            m = page.evaluate(FIRST_SCREEN_JS)
            assert (m["width"], m["height"]) == size, (area, m)
            failures += [f"{area} at {size[0]}×{size[1]}: {p}" for p in _first_screen_problems(m)]
            measured += 1
    assert not failures, "\n".join(failures)
    assert measured == 17 * 2


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_life_stage_page_shows_its_spine_on_the_first_screen(app_url, page, demo_db, width, height):
    """Two life stages for three areas: each page opened by its URL for the first area, the others chosen in the
    sidebar (tests/browser/moves.py)."""
    names = dict(_areas(demo_db))
    page.set_viewport_size({"width": width, "height": height})
    for path in ("barnalivet", "vuxenlivet"):
        for i, area in enumerate(AREAS):
            if i == 0:
                page.goto(f"{app_url}/{path}?kommun={area}")
                shown(page, path, area, names[area])
            else:
                choose_area(page, path, area, names[area])
            chart = page.locator("[class*='st-key-np_spine'] .js-plotly-plot").first
            expect(chart).to_be_visible(timeout=TIMEOUT)
            box = chart.bounding_box()
            # the chart's title, legend and first rows are on the first screen
            assert box and box["y"] + 260 <= height, (path, area, width, box)


def test_no_word_breaks_inside_itself_and_no_badge_leaves_its_cell_at_1280(app_url, page, demo_db):
    """Kommunprofil and Vuxenlivet (the life stage with the most indicators) for the county and all 16
    municipalities; the other life-stage pages and Översikt for the county, Karlstad and Munkfors; at 1280×720.
    (Every page for all 17 areas takes five minutes here: these 46 pages hold every indicator and every badge.)

    One Streamlit session, moved the way a person moves (tests/browser/moves.py): the area chosen in the sidebar,
    the page from the menu; each page is checked once it shows that page and area."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/kommunprofil?kommun=0017")
    here = "kommunprofil"
    checked = 0
    for area, name in _areas(demo_db):
        # the page it is on first, the other of the two last: the next area is chosen on one of them
        other = "vuxenlivet" if here == "kommunprofil" else "kommunprofil"
        paths = [here, *(("barnalivet", "ungdomslivet", "aldrelivet", "") if area in AREAS else ()), other]
        for path in paths:
            if path != here:
                open_page(page, path, area, name)
            elif checked:
                choose_area(page, path, area, name)
            else:  # the first page, opened with its area
                shown(page, path, area, name)
            expect(page.locator("[data-testid=stMain] table").first).to_be_visible(timeout=TIMEOUT)
            assert page.evaluate(BROKEN_WORDS_JS) == [], (path, area)
            assert page.evaluate(BADGE_OVERFLOW_JS) == [], (path, area)
            checked += 1
        here = other
    assert checked == 17 * 2 + 3 * 4
    assert not page.errors, page.errors


def test_no_rank_beside_a_row_that_cannot_be_compared(app_url, page, demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        found = con.execute(
            "SELECT s.area_id, i.short_name, ls.name FROM status s JOIN indicator i USING (indicator_id) "
            "JOIN life_stage ls ON ls.life_stage_id = i.life_stage_id WHERE s.gender = 'T' AND s.role = 'outcome' "
            "AND s.vs_riket IN ('not_compared', 'not_comparable') AND s.rank_in_county IS NOT NULL "
            "AND s.area_id LIKE '17%' ORDER BY s.area_id LIMIT 1").fetchone()
    finally:
        con.close()
    assert found, "the demo has a ranked row that cannot be compared with Riket"
    area, name, stage = found
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/{stage.lower().translate(str.maketrans('åäö', 'aao'))}?kommun={area}")
    wait_ready(page)
    row = page.locator("[data-testid=np-indicator-table] tr", has_text=name).first
    expect(row).to_be_visible(timeout=TIMEOUT)
    text = row.inner_text()
    assert " av " not in text, text   # "Rang 12 av 16" never beside "Kan inte jämföras"
