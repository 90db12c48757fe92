"""Hostile strings from upstream, through the real fetch and build, into every page in Chromium.

The fake Kolada serves area names, KPI titles and descriptions, and a 500 error body, full of HTML and Markdown
(links, images, a script). Every page must show them as text: no injected element, no request to another host.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from indicators.catalogue import load_catalogue
from tests.browser.conftest import ROOT, Server
from tests.browser.ready import wait_ready
from tests.kolada_server import KoladaTestServer, make_dataset

pytestmark = [pytest.mark.browser, pytest.mark.duration(24)]
TIMEOUT = 30_000
EVIL_AREA = ('Karlstad<a href="http://evil.example/login" id="np-injected-a">Logga in igen</a>'
             '<img src="http://evil.example/t.png" id="np-injected-img">')
EVIL_COUNTY = 'Region Värmland <img src=x onerror="window.__pwned=1" id="np-injected-onerror">'
EVIL_TITLE = ('[Logga in](http://evil.example/kpi) <script id="np-injected-script">window.__pwned=1</script> '
              '![t](http://evil.example/k.png) **fet**')
EVIL_BODY = ('<b id="np-injected-b">x</b> [Logga in här](http://evil.example/500) '
             '![t](http://evil.example/500.png) www.evil.example <style>body{display:none}</style>')
# Elements the data would have made if it were markup (an empty list when everything stayed text).
INJECTED = """() => [
  ...document.querySelectorAll('[id^="np-injected"], [href*="evil"], [src*="evil"], [*|href*="evil"]'),
  ...[...document.querySelectorAll('style')].filter(s => s.textContent.includes('body{display:none}')),
].map(e => e.outerHTML.slice(0, 200))"""


def etl(data_dir: Path, base_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "KOLADA_BASE_URL": base_url, "NP_DATA_DIR": str(data_dir)},
                          timeout=300)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("hostile-data")
    catalogue = load_catalogue()
    ds = make_dataset(catalogue, years=range(2018, 2025), seed=3)
    for area in ds.municipalities:
        if area["id"] == "1780":
            area["title"] = EVIL_AREA
        elif area["id"] == "0017":
            area["title"] = EVIL_COUNTY
    for kpi in ds.kpis.values():
        kpi["title"] = EVIL_TITLE
        kpi["description"] = EVIL_TITLE + " Källa: [SCB](http://evil.example/scb)"
    with KoladaTestServer(ds) as srv:
        assert etl(data_dir, srv.base_url, "refresh").returncode == 0
        srv.fail(500, times=None, match="/data/", body=EVIL_BODY)
        assert etl(data_dir, srv.base_url, "refresh", "--full").returncode == 1
        srv.clear_faults()
        assert etl(data_dir, srv.base_url, "build").returncode == 0  # etl_run now lists the failed run
        srv.fail(500, times=None, match="/data/", body=EVIL_BODY)
        assert etl(data_dir, srv.base_url, "refresh", "--full").returncode == 1  # the banner's last failure
    server = Server(data_dir, data_dir / "streamlit.log")
    yield server
    server.stop()


def test_hostile_upstream_strings_are_text_on_every_page(hostile_server, page):
    foreign: list[str] = []

    def note(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            foreign.append(request.url)

    page.on("request", note)
    page.goto(hostile_server.url + "/?kommun=1780")
    wait_ready(page)
    expect(page.get_by_test_id("np-context")).to_contain_text("Logga in igen")  # the name arrived, as text
    expect(page.get_by_test_id("np-refresh-alert")).to_be_visible()
    links = page.locator(".st-key-np_nav").get_by_role("link")  # the app's own page menu
    # drawn element by element: wait for the menu's last entry before reading it
    expect(page.locator(".st-key-np_nav").get_by_role("link", name="Data och metod", exact=True)).to_have_attribute(
        "href", re.compile(r"kommun=1780"), timeout=TIMEOUT)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 8
    visited = []  # last path segment; "" is Översikt
    for href in hrefs:
        page.goto(urljoin(hostile_server.url + "/", href))  # the menu's links carry the filters (kommun=1780)
        wait_ready(page)
        assert page.evaluate(INJECTED) == [], href
        assert page.evaluate("window.__pwned") is None, href
        visited.append(urlsplit(urljoin(hostile_server.url + "/", href)).path.rsplit("/", 1)[-1])
    page.goto(hostile_server.url + "/data-och-metod?kommun=1780")
    wait_ready(page)
    page.get_by_role("tab", name="Körningar och ändringar").click()
    runs = page.get_by_test_id("np-runs")
    expect(runs).to_contain_text("Logga in här")  # the error body is there, as text, decoded as UTF-8
    assert "hÃ¤r" not in runs.inner_text()
    expect(page.get_by_test_id("np-refresh-alert-full")).to_contain_text("[Logga in här](http://evil.example")
    assert page.evaluate(INJECTED) == []
    assert page.evaluate("window.__pwned") is None
    page.remove_listener("request", note)  # the tab is the module's (tests/browser/conftest.py `page`)
    assert foreign == [], foreign
    assert {"", "indikator", "kommunprofil", "data-och-metod", "presentation", "nytt-sedan"} <= set(visited)
