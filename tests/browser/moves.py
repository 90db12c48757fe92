"""Moving inside the app the way a person does: the area from the sidebar's "Kommun" list, the page from the
sidebar's menu. Each move is a rerun in the same Streamlit session, not a full page load: a walk over many areas
or pages costs Chromium about half the CPU it costs to load every page anew (the page's scripts are not parsed,
its styles and fonts not set up again).

Each move returns once the app shows where it went: the URL carries the page and the area, the run is over and
nothing of the previous run is left (tests/browser/ready.py), the page's title is the page's and it says
"Visar <area>"."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.ready import TIMEOUT, wait_ready

COUNTY_NAME = "Hela Värmland"  # the county as the sidebar lists it (the demo's areas.yaml)
# url path -> the page's title, which is also its link in the menu ("" is Översikt: the root or its own "start")
TITLES = {"": "Översikt", "barnalivet": "Barnalivet", "ungdomslivet": "Ungdomslivet", "vuxenlivet": "Vuxenlivet",
          "aldrelivet": "Äldrelivet", "kommunprofil": "Kommunprofil"}


def shown(page: Page, path: str, area: str, name: str) -> None:
    """The page at `path` is drawn for the area `area` (called `name` in the sidebar)."""
    url_path = path or "(start)?"
    page.wait_for_url(re.compile(rf"/{url_path}\?(.*&)?kommun={area}(&|$)"), timeout=TIMEOUT)
    wait_ready(page)
    expect(page.locator("[data-testid=stMain] h1").first).to_have_text(TITLES[path], timeout=TIMEOUT)
    expect(page.get_by_test_id("np-context")).to_contain_text(f"Visar {name}", timeout=TIMEOUT)


def choose_area(page: Page, path: str, area: str, name: str) -> None:
    """Choose the area in the sidebar's list, on the page at `path` (where the page already is)."""
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    shown(page, path, area, name)


def open_page(page: Page, path: str, area: str, name: str) -> None:
    """Open the page at `path` from the sidebar's menu (its link carries the area chosen, `area`)."""
    page.locator(".st-key-np_nav").get_by_role("link", name=TITLES[path], exact=True).click()
    shown(page, path, area, name)
