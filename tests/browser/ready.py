"""One definition of "the page is ready" for every browser test: wait on the app's own state, never a sleep.

Ready means: the page title (an h1; every page has one) or an exception block is drawn, Streamlit says no script
run is in progress, and no element of an earlier run is still on screen (stale elements are what a test reads by
mistake while a rerun redraws the menu or the cards).

The idle state is one JavaScript condition that Chromium evaluates on every animation frame: all four parts hold
at the same moment (not one after the other), and the wait ends on the frame they do rather than on Playwright's
next retry of an `expect` (100, 250, 500, 1000 ms apart)."""

from __future__ import annotations

from playwright.sync_api import Page

TIMEOUT = 60_000
# the run is over (Streamlit's own state), its status widget is gone, no placeholder skeleton is left, and no
# element of an earlier run is still drawn
IDLE_JS = """() => document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']") !== null
  && document.querySelector("[data-testid='stStatusWidget'], [data-testid='stSkeleton'], [data-stale='true']")
     === null"""


def wait_idle(page: Page, timeout: int = TIMEOUT) -> None:
    """The script run has finished and everything it drew is mounted."""
    page.wait_for_function(IDLE_JS, timeout=timeout)


def wait_ready(page: Page, timeout: int = TIMEOUT) -> None:
    """The page's title (or an exception) is drawn, the run is over, and it raised nothing."""
    page.locator("[data-testid='stMain'] h1:visible, [data-testid='stException']").first.wait_for(timeout=timeout)
    wait_idle(page, timeout)
    exc = page.get_by_test_id("stException")
    assert exc.count() == 0, exc.first.inner_text()
