"""Presentation mode in a real browser: arrow keys step through the screens and the URL follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _idle(page: Page) -> None:
    """The script run has finished and its elements are mounted (a key pressed mid-run can be lost)."""
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=TIMEOUT)


def _wait_ready(page: Page) -> None:
    page.locator("[data-testid='np-pres-title'], [data-testid='stException']").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id("stException").inner_text()
    _idle(page)


def _press(page: Page, key: str, screen: int) -> None:
    """Press a key once the app is idle with the document focused, then wait for the screen it leads to."""
    _idle(page)
    page.get_by_test_id("np-pres-title").click()  # focus the page (not a button), as a presenter would
    page.keyboard.press(key)
    expect(page).to_have_url(re.compile(rf"[?&]skarm={screen}(&|$)"), timeout=TIMEOUT)
    _wait_ready(page)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text(f"Skärm {screen} av", timeout=TIMEOUT)


def test_arrow_keys_step_through_the_screens(app_url, page, shoot):
    page.goto(f"{app_url}/presentation?presentation=1&skarm=1")
    _wait_ready(page)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text("Skärm 1 av")
    expect(page.get_by_test_id("np-pres-title")).to_have_text("Barnalivet")
    expect(page.get_by_test_id("np-demo-banner")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    total = int(re.search(r"av (\d+)", page.get_by_test_id("np-pres-where").inner_text()).group(1))
    assert total > 4
    _press(page, "ArrowRight", 2)
    _press(page, "ArrowRight", 3)
    assert "presentation=1" in page.url
    _press(page, "ArrowLeft", 2)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=15_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=15_000)
    shoot(page, "presentation-screen-2")
    assert not page.errors, page.errors


def test_a_link_opens_the_same_screen(app_url, page):
    page.goto(f"{app_url}/presentation?presentation=1&skarm=4&kommun=1780")
    _wait_ready(page)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text("Skärm 4 av")
    expect(page.get_by_test_id("np-pres-where")).to_contain_text("Karlstad")
    page.get_by_role("button", name="Nästa →").click()
    expect(page).to_have_url(re.compile(r"[?&]skarm=5(&|$)"), timeout=15_000)
    assert not page.errors, page.errors


def test_presentation_parameter_on_the_start_page_opens_presentation_mode(app_url, page):
    page.goto(f"{app_url}/?presentation=1&skarm=3")
    _wait_ready(page)
    expect(page.get_by_test_id("np-pres-where")).to_contain_text("Skärm 3 av")
    assert "/presentation" in page.url
    assert not page.errors, page.errors
