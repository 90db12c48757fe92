"""What a person sees: the dashboard in Chromium against a real `streamlit run`."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.moves import COUNTY_NAME, choose_area, open_page, shown
from tests.browser.ready import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.duration(56)]
TIMEOUT = 30_000


def db_value(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def stage_mark_words(pg: Page) -> dict[str, str]:
    cards = pg.get_by_test_id("np-stage")
    return {cards.nth(i).get_attribute("data-stage"): cards.nth(i).locator(".np-mark-lg .np-words").inner_text()
            for i in range(cards.count())}


def choose_municipality(pg: Page, name: str) -> None:
    pg.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    pg.get_by_role("option", name=name, exact=True).click()
    pg.keyboard.press("Escape")


def test_overview_renders_all_life_stages_with_marks(app_url, page, shoot, demo_db):
    page.goto(app_url)
    wait_ready(page)
    expect(page.get_by_test_id("np-stage")).to_have_count(4, timeout=TIMEOUT)
    expected = dict(db_value(demo_db, "select life_stage_id, mark_label from life_stage_status "
                                      "where area_id = '0017' and gender = 'T'"))
    assert stage_mark_words(page) == expected
    for name in [r[0] for r in db_value(demo_db, "select name from life_stage order by sort_order")]:
        expect(page.get_by_test_id("stMain").get_by_test_id("stPageLink").filter(has_text=name)).to_be_visible()
    expect(page.get_by_test_id("np-demo-banner")).to_have_text("DEMODATA – påhittade siffror, inte verkliga")
    shoot(page, "oversikt")
    assert not page.errors


def test_changing_municipality_updates_marks_and_url(app_url, page, demo_db, shoot):
    page.goto(app_url)
    wait_ready(page)
    choose_municipality(page, "Arvika")
    page.wait_for_url(re.compile(r"kommun=1784"), timeout=TIMEOUT)
    expect(page.get_by_test_id("np-context")).to_contain_text("Visar Arvika", timeout=TIMEOUT)
    wait_ready(page)
    expected = dict(db_value(demo_db, "select life_stage_id, mark_label from life_stage_status "
                                      "where area_id = '1784' and gender = 'T'"))
    assert stage_mark_words(page) == expected
    shoot(page, "oversikt-arvika")


def test_a_link_with_kommun_opens_that_municipality(app_url, page):
    page.goto(app_url + "/?kommun=1784")
    wait_ready(page)
    expect(page.get_by_test_id("np-context")).to_contain_text("Visar Arvika")
    expect(page.get_by_role("combobox", name="Kommun")).to_have_value("Arvika")
    expect(page.get_by_test_id("stAlert")).to_have_count(0)


def test_a_hostile_kommun_value_falls_back_with_a_notice(app_url, page, shoot):
    page.goto(app_url + "/?kommun=1784%27%20OR%20%271%27%3D%271&kon=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    wait_ready(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="okänt värde för kommun")).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="okänt värde för kön")).to_be_visible()
    expect(page.get_by_test_id("np-context")).to_contain_text("Visar Hela Värmland · Totalt")
    page.wait_for_url(re.compile(r"kommun=0017"), timeout=TIMEOUT)
    shoot(page, "hostile")
    assert not page.errors


def test_indicator_page_draws_the_map_with_16_municipalities(app_url, page, demo_db, shoot):
    ind = db_value(demo_db, "select indicator_id from indicator where indicator_id in (select indicator_id from "
                            "status where rank_in_county is not null) order by sort_order limit 1")[0][0]  # ranked
    page.goto(f"{app_url}/indikator?ind={ind}")
    wait_ready(page)
    expect(page.locator(".choroplethlocation")).to_have_count(16, timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot .gtitle", has_text="De 16 kommunerna")).to_be_visible()
    expect(page.get_by_text("Nästa publicering")).to_be_visible()
    shoot(page, "indikator")
    # a chosen municipality is outlined by one more shape on top of the 16
    choose_municipality(page, "Arvika")
    expect(page.locator(".choroplethlocation")).to_have_count(17, timeout=TIMEOUT)
    assert f"ind={ind}" in page.url and "kommun=1784" in page.url


def test_every_page_renders_and_keeps_the_filters(app_url, page, shoot):
    page.goto(app_url + "/?kommun=1780&kon=K")
    wait_ready(page)
    nav = page.locator(".st-key-np_nav")
    links = nav.get_by_role("link")
    # the menu is drawn element by element (and redrawn when the URL gains the year): wait for its last entry
    for name in ("Översikt", "Indikator", "Data och metod"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "href", re.compile(r"kommun=1780"), timeout=TIMEOUT)
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert {"Översikt", "Barnalivet", "Indikator", "Kommunprofil", "Data och metod"} <= set(names)
    mine = {"Översikt", "Barnalivet", "Ungdomslivet", "Vuxenlivet", "Äldrelivet", "Kommunprofil", "Indikator"}
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # the meeting pages (presentation mode may hide the sidebar) are visited last, by URL
    order = sorted(range(len(names)), key=lambda i: names[i] not in mine | {"Data och metod"})
    for i in order:
        name = names[i]
        if name in mine or name == "Data och metod":
            nav.get_by_role("link", name=name, exact=True).click()
        else:
            page.goto(f"{app_url}/{hrefs[i].split('?', 1)[0].rsplit('/', 1)[-1]}?kommun=1780&kon=K")
        path = hrefs[i].split("?", 1)[0].rsplit("/", 1)[-1]
        page.wait_for_url(re.compile("/" + re.escape(path) + r"\?"), timeout=TIMEOUT)
        wait_ready(page)
        if name in mine:
            expect(page.get_by_test_id("np-context")).to_contain_text("Visar Karlstad · Kvinnor")
        assert "kommun=1780" in page.url and "kon=K" in page.url
        shoot(page, re.sub(r"\W+", "-", name.lower()))
    assert not page.errors


def test_a_stage_card_leads_to_its_page(app_url, page):
    page.goto(app_url + "/?kommun=1784")
    wait_ready(page)
    page.get_by_test_id("stMain").get_by_test_id("stPageLink").filter(has_text="Vuxenlivet").click()
    page.wait_for_url(re.compile(r"/vuxenlivet\?.*kommun=1784"), timeout=TIMEOUT)
    wait_ready(page)
    expect(page.locator("h1").filter(has_text="Vuxenlivet")).to_be_visible()
    expect(page.get_by_test_id("np-indicator-table").first).to_be_visible()


def test_demo_banner_and_a_database_swapped_in_during_the_session(own_server, page, tmp_path, shoot):
    live = own_server.data_dir / "nyaperspektiv.duckdb"
    page.goto(own_server.url)
    wait_ready(page)
    expect(page.get_by_test_id("np-demo-banner")).to_be_visible()
    new = tmp_path / "next.duckdb"
    shutil.copyfile(live, new)
    con = duckdb.connect(str(new))
    con.execute("UPDATE dataset SET value = 'false' WHERE key = 'is_demo'")
    con.execute("UPDATE life_stage SET name = 'Barnalivet (ny)' WHERE sort_order = "
                "(SELECT min(sort_order) FROM life_stage)")
    con.execute("CHECKPOINT")
    con.close()
    os.replace(new, live)
    # the next rerun (any widget change) reads the new file; no restart, no reload
    page.get_by_test_id("stSidebar").get_by_text("Kvinnor", exact=True).click()
    card_link = page.get_by_test_id("stMain").get_by_test_id("stPageLink").filter(has_text="Barnalivet (ny)")
    expect(card_link).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("np-demo-banner")).to_have_count(0)
    shoot(page, "real-data")


OVERFLOW_JS = """() => { const out = [];
  for (const td of document.querySelectorAll('[data-testid=stMain] table td, [data-testid=stMain] table th')) {
    const c = td.getBoundingClientRect();
    for (const el of td.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > c.right + 1 || r.left < c.left - 1)) {
        out.push(td.innerText.slice(0, 60).replace(/\\n/g, ' / ')); break; }
    }
  } return out; }"""


WIDER_JS = """() => [...document.querySelectorAll('[data-testid=stMain] .np-scroll > table:not(.np-matrix)')]
  .filter(t => t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1)
  .map(t => t.getAttribute('data-testid') || t.parentElement.getAttribute('aria-label'))"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_table_cells_hold_their_content_on_a_projector(app_url, page, demo_db, width):
    """Nothing in a table cell reaches into the next column (a status badge covered the value beside it at 1280
    px), and no table is wider than the screen: the life-stage tables and Kommunprofil, for the county and two
    municipalities, and "Nytt sedan förra mötet"."""
    page.set_viewport_size({"width": width, "height": 720})
    names = dict(db_value(demo_db, "select area_id, name from area where area_id in ('1780', '1785')"))
    paths = ["barnalivet", "ungdomslivet", "vuxenlivet", "aldrelivet", "kommunprofil"]
    checked = 0
    # one session, moved the way a person moves (tests/browser/moves.py): each area chosen in the sidebar on the
    # page it is on, the pages taken from the menu, there and back
    for i, (area, name) in enumerate([("0017", COUNTY_NAME), ("1780", names["1780"]), ("1785", names["1785"])]):
        for j, path in enumerate(paths):
            if i == j == 0:
                page.goto(f"{app_url}/{path}?kommun={area}")
                shown(page, path, area, name)
            elif j == 0:
                choose_area(page, path, area, name)
            else:
                open_page(page, path, area, name)
            expect(page.locator("[data-testid=stMain] table").first).to_be_visible(timeout=TIMEOUT)
            assert page.evaluate(OVERFLOW_JS) == [], (path, area, width)
            assert page.evaluate(WIDER_JS) == [], (path, area, width)
            checked += page.locator("[data-testid=stMain] table td").count()
        paths.reverse()
    assert checked > 300
    # "Nytt sedan förra mötet" is shown at meetings: its tables fit the screen too (no sideways scroll)
    page.goto(f"{app_url}/nytt-sedan?kommun=1780")
    wait_ready(page)
    expect(page.locator("[data-testid=stMain] table").first).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate(WIDER_JS) == [] and page.evaluate(OVERFLOW_JS) == []
