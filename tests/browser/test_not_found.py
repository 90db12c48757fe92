"""An address that is no page gets a Swedish page saying so, never Streamlit's English "Page not found"
(issue 23)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.ready import TIMEOUT, wait_ready

pytestmark = pytest.mark.browser


def test_an_unknown_address_shows_a_swedish_page(app_url, page, shoot):
    page.goto(app_url + "/finns-inte-alls")
    wait_ready(page)
    expect(page.get_by_test_id("stMain").locator("h1")).to_have_text("Sidan finns inte", timeout=TIMEOUT)
    expect(page.get_by_test_id("stMain")).to_contain_text("Adressen /finns-inte-alls finns inte")
    assert "Page not found" not in page.content()
    shoot(page, "sidan-finns-inte")
    page.get_by_test_id("stMain").get_by_test_id("stPageLink").filter(has_text="Till översikten").click()
    expect(page.get_by_test_id("np-stage")).to_have_count(4, timeout=TIMEOUT)
    assert not page.errors


def test_the_overview_answers_at_its_own_address(app_url, page):
    """/start is the default page's own address (beside the root): the overview, not an error about two pages."""
    page.goto(app_url + "/start")
    wait_ready(page)
    expect(page.get_by_test_id("np-stage")).to_have_count(4, timeout=TIMEOUT)
    expect(page.get_by_test_id("stMain").locator("h1")).to_have_text("Översikt", timeout=TIMEOUT)
    assert "StreamlitAPIException" not in page.content()
    assert not page.errors
