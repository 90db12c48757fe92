"""WCAG 2.1 AA in the real browser: axe-core (bundled by axe-playwright-python) on every page and on presentation
mode. The test fails on any serious or critical violation and names the rule and the elements."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.ready import wait_ready as _ready

pytestmark = [pytest.mark.browser, pytest.mark.duration(45)]
TIMEOUT = 60_000
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = ["", "barnalivet", "ungdomslivet", "vuxenlivet", "aldrelivet", "indikator", "kommunprofil",
         "data-och-metod", "nytt-sedan", "presentation?presentation=1&skarm=1",
         "presentation?presentation=1&skarm=3", "presentation?presentation=1&skarm=2",
         "presentation?presentation=1&skarm=99",  # the last screen: "Nytt sedan förra mötet"
         "finns-inte-alls",  # the Swedish page for an unknown address
         "indikator?kommun=1762", "kommunprofil?kommun=1762",  # a small municipality: funnel, similar ones
         "?kommun=0017",  # the county's overview: the sidebar scrolls at 1600×900 (scrollable-region-focusable)
         "oversyn", "indikator?ind=barn_i_forskola", "kommunprofil?kommun=1780",
         "presentation?presentation=1&skarm=31"]  # the register's target texts and "Målet nått"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(app_url, page, axe, path):
    area = "" if "kommun=" in path else f"{'&' if '?' in path else '?'}kommun=1780"
    page.goto(f"{app_url}/{path}{area}")
    _ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "sv", timeout=TIMEOUT)
    if "presentation" not in path:
        expect(page.get_by_test_id("np-app-name")).to_be_visible()
    if page.locator(".js-plotly-plot").count():
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    bad = [(v["impact"], v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"/{path}: {bad}"
    assert not page.errors, page.errors


def test_the_sidebar_scroll_region_is_reachable_by_keyboard(app_url, page):
    page.set_viewport_size({"width": 1280, "height": 600})  # short enough that the sidebar scrolls
    page.goto(f"{app_url}/?kommun=0017")
    _ready(page)
    sidebar = page.get_by_test_id("stSidebarContent")
    expect(sidebar).to_have_attribute("tabindex", "0", timeout=TIMEOUT)
    expect(sidebar).to_have_attribute("aria-label", "Filter och sidmeny")
    assert sidebar.evaluate("e => e.scrollHeight > e.clientHeight")  # it does scroll, and can be focused
    sidebar.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-testid')") == "stSidebarContent"


def test_every_chart_has_a_text_alternative(app_url, page, demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:  # a ranked indicator: trend, ranking and map (an unranked one has no ranking or map)
        ind = con.execute("SELECT indicator_id FROM indicator WHERE indicator_id IN (SELECT indicator_id FROM status "
                          "WHERE rank_in_county IS NOT NULL) ORDER BY sort_order LIMIT 1").fetchone()[0]
    finally:
        con.close()
    page.goto(f"{app_url}/indikator?kommun=1780&ind={ind}")
    _ready(page)
    charts = page.get_by_test_id("stPlotlyChart")
    # trend, ranking, map (and women/men where the indicator is split): wait for the third, not just the first
    expect(charts.nth(2)).to_be_attached(timeout=TIMEOUT)
    _ready(page)
    assert charts.count() >= 3
    for i in range(charts.count()):
        described = charts.nth(i).evaluate(
            "el => [el, ...el.querySelectorAll('*')].map(e => e.getAttribute('aria-label') || '').join(' ')")
        assert "Karlstad" in described or "kommunernas" in described or "Kvinnor" in described, described


def test_the_oversikt_address_opens_the_overview_without_a_dialog(app_url, page):
    page.goto(f"{app_url}/oversikt?kommun=1780")
    _ready(page)
    expect(page.locator("h1").filter(has_text="Översikt")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "kommun=1780" in page.url


def test_keyboard_reaches_the_filters_and_the_menu(app_url, page):
    page.goto(f"{app_url}/?kommun=1780")
    _ready(page)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label') || "
                                     "document.activeElement.innerText || ''"))
    text = " | ".join(reached)
    assert "Kommun" in text or "Karlstad" in text, text
    assert "Barnalivet" in text and "Kommunprofil" in text, text
