"""One definition of "the page is ready" for every browser test: wait on the app's own state, never a sleep.

Ready means: the page title (an h1; every page has one) or an exception block is drawn, Streamlit says no script
run is in progress, and no element of an earlier run is still on screen (stale elements are what a test reads by
mistake while a rerun redraws the menu or the cards)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

TIMEOUT = 60_000
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_idle(page: Page, timeout: int = TIMEOUT) -> None:
    """The script run has finished and everything it drew is mounted."""
    page.locator(IDLE).wait_for(timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=timeout)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=timeout)


def wait_ready(page: Page, timeout: int = TIMEOUT) -> None:
    """The page's title (or an exception) is drawn, the run is over, and it raised nothing."""
    page.locator("[data-testid='stMain'] h1:visible, [data-testid='stException']").first.wait_for(timeout=timeout)
    wait_idle(page, timeout)
    exc = page.get_by_test_id("stException")
    assert exc.count() == 0, exc.first.inner_text()
