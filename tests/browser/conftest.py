"""Browser tests: a real `streamlit run dashboard/serve.py` (as scripts/start.sh serves it) on a free port, driven
by Debian's Chromium.

The server reads NP_DATA_DIR from a temporary folder holding a demo database built by etl.demo. No test reaches
a host other than 127.0.0.1 (Chromium resolves nothing else).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1600, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, log_path: Path, app: str = "dashboard/serve.py"):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w+")  # noqa: SIM115 - closed in stop(); a file, not a PIPE: an unread PIPE can fill and block the server
        env = {**os.environ, "NP_DATA_DIR": str(data_dir)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", app, "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={self.port}", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none", "--client.showErrorDetails=full"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, text=True)
        # generous: two test workers start servers and Chromium at once on a 2-core machine; a healthy start
        # ends the wait at once, so only a broken one pays
        deadline = time.monotonic() + float(os.environ.get("NP_TEST_SERVER_START_SECONDS", "120"))
        while True:
            try:
                if requests.get(self.url + "/_stcore/health", timeout=1).text == "ok":
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.log.flush()
                output = Path(self.log.name).read_text(encoding="utf-8", errors="replace")
                self.stop()
                raise RuntimeError("streamlit did not start:\n" + output)
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def app_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on a copy of the demo database that no test changes."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    shutil.copyfile(demo_db, data_dir / demo_db.name)
    server = Server(data_dir, data_dir / "streamlit.log")
    yield server.url
    server.stop()


@pytest.fixture
def own_server(demo_db: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of this test's own, on a copy of the demo database the test may replace."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(demo_db, data_dir / demo_db.name)
    server = Server(data_dir, tmp_path / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # module scope: Playwright's sync API must be stopped before other tests (e.g. the exports) start their own
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One browser context and tab for a module's tests (see `page`)."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def page(tab: Page) -> Iterator[Page]:
    """The module's tab, as a fresh one for this test: the test opens its page with `goto` (a full load and a new
    Streamlit session); the page errors are this test's own; afterwards the tab is left on about:blank (the
    Streamlit session ends) with no cookie, no local or session storage and the default viewport. A new context
    per test would start a cold renderer: about 2 s more of Chromium's CPU per test on this machine, for the
    same page. A test that adds its own listener to the page removes it."""
    errors: list[str] = []

    def note(error: Exception) -> None:
        errors.append(str(error))

    tab.on("pageerror", note)
    tab.errors = errors  # type: ignore[attr-defined]
    yield tab
    tab.remove_listener("pageerror", note)
    if tab.url.startswith("http"):
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.goto("about:blank")
    tab.context.clear_cookies()
    tab.set_viewport_size(VIEWPORT)


@pytest.fixture
def shoot(tmp_path: Path) -> Callable[[Page, str], Path]:
    """shoot(page, name): a full-page screenshot under the test's tmp dir (the main column scrolls, so the
    viewport is stretched to the content first)."""

    def _shoot(pg: Page, name: str) -> Path:
        height = pg.evaluate(
            "Math.max(...['stMain','stAppViewContainer','stMainBlockContainer']"
            ".map(t => { const e = document.querySelector(`[data-testid=${t}]`); return e ? e.scrollHeight : 0 }))")
        pg.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, 16000)})
        pg.mouse.move(0, 0)
        # widgets mount a moment after the script run ends: wait until no placeholder skeleton is left
        pg.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=10_000)
        pg.wait_for_timeout(300)
        path = tmp_path / f"{name}.png"
        pg.screenshot(path=path, full_page=True)
        pg.set_viewport_size(VIEWPORT)
        return path

    return _shoot
