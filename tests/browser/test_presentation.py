"""Presentation mode in a real browser: the keys a presenter (or a clicker) uses, every screen fits the projector,
and leaving returns to the page and filters it was started from.

Every wait is on the app's own state – the URL, a rendered element, Streamlit's script-run state – never a sleep.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.ready import wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.duration(19)]
TIMEOUT = 60_000


def _idle(page: Page) -> None:
    wait_idle(page)


def _wait_ready(page: Page, screen: int | None = None) -> None:
    page.locator("[data-testid='np-pres-title'], [data-testid='stException']").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id("stException").inner_text()
    if screen is not None:
        expect(page.get_by_test_id("np-pres-count")).to_have_text(re.compile(rf"^{screen} / \d+$"), timeout=TIMEOUT)
    _idle(page)


def _total(page: Page) -> int:
    return int(page.get_by_test_id("np-pres-count").inner_text().split("/")[1])


def _press(page: Page, key: str, screen: int) -> None:
    """Press a key once the app is idle with the document focused, then wait for the screen it leads to."""
    _idle(page)
    page.locator("[data-testid='np-pres-title']").click()  # focus the page (not a button), as a presenter would
    page.keyboard.press(key)
    expect(page).to_have_url(re.compile(rf"[?&]skarm={screen}(&|$)"), timeout=TIMEOUT)
    _wait_ready(page, screen)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text(f"Skärm {screen} av")


def test_arrow_keys_and_page_keys_step_through_the_screens(app_url, page, shoot):
    page.goto(f"{app_url}/presentation?presentation=1&skarm=1")
    _wait_ready(page, 1)
    expect(page.get_by_test_id("np-pres-title")).to_have_text("Läget i alla livsskeden")
    expect(page.get_by_test_id("np-pres-stage")).to_have_count(4)  # all four life stages at a glance
    expect(page.get_by_test_id("np-demo-banner")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("np-app-name")).to_be_visible()
    assert _total(page) > 5
    _press(page, "ArrowRight", 2)
    expect(page.get_by_test_id("np-pres-title")).to_have_text("Barnalivet")
    _press(page, "PageDown", 3)  # presentation clickers send PageDown/PageUp
    _press(page, "ArrowRight", 4)
    _press(page, "PageUp", 3)
    _press(page, "ArrowLeft", 2)
    assert "presentation=1" in page.url
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    shoot(page, "presentation-screen-2")
    assert not page.errors, page.errors


def test_a_link_opens_the_same_screen(app_url, page):
    page.goto(f"{app_url}/presentation?presentation=1&skarm=4&kommun=1780")
    _wait_ready(page, 4)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text("Karlstad")
    page.get_by_role("button", name="Nästa →").click()
    expect(page).to_have_url(re.compile(r"[?&]skarm=5(&|$)"), timeout=TIMEOUT)
    _wait_ready(page, 5)
    assert not page.errors, page.errors


def test_presentation_parameter_on_the_start_page_opens_presentation_mode(app_url, page):
    page.goto(f"{app_url}/?presentation=1&skarm=3")
    _wait_ready(page, 3)
    assert "/presentation" in page.url
    assert not page.errors, page.errors


@pytest.mark.parametrize(("how", "start", "heading", "context"), [
    ("button", "kommunprofil?kommun=1780&kon=K", "Kommunprofil", "Visar Karlstad · Kvinnor"),
    ("Escape", "kommunprofil?kommun=1780&kon=K", "Kommunprofil", "Visar Karlstad · Kvinnor"),
    ("button", "ungdomslivet?kommun=1766&kon=M", "Ungdomslivet", "Visar Sunne · Män"),
])
def test_leaving_returns_to_the_page_and_filters_it_started_from(app_url, page, how, start, heading, context):
    """The exit (button or Escape) goes back to the page the presentation was started from – a life stage's page
    too – with the same municipality and gender, after stepping through screens."""
    path, _, query = start.partition("?")
    page.goto(f"{app_url}/{start}")
    page.locator("h1").filter(has_text=heading).wait_for(timeout=TIMEOUT)
    _idle(page)
    link = page.locator(".st-key-np_nav").get_by_role("link", name="Presentationsläge")
    expect(link).to_have_attribute("href", re.compile(query.replace("&", ".*")), timeout=TIMEOUT)  # menu drawn
    link.click()
    expect(page).to_have_url(re.compile(r"/presentation\?"), timeout=TIMEOUT)
    _wait_ready(page, 1)
    area = context.split(" · ")[0].removeprefix("Visar ")
    expect(page.get_by_test_id("np-pres-where")).to_contain_text(area)
    _press(page, "ArrowRight", 2)
    _press(page, "PageDown", 3)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text(area)
    if how == "button":
        page.get_by_role("button", name="Avsluta presentationen").click()
    else:
        page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/{path}\?"), timeout=TIMEOUT)
    expect(page.locator("h1").filter(has_text=heading)).to_be_visible(timeout=TIMEOUT)
    _idle(page)
    for pair in query.split("&"):
        assert pair in page.url, (pair, page.url)
    assert "presentation" not in page.url and "skarm" not in page.url
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_test_id("np-context")).to_contain_text(context)
    assert not page.errors, page.errors
