"""ONE headless Chromium for a whole export run: plotly charts to PNG/SVG, and HTML pages to PDF.

Why not kaleido here: kaleido's reused browser reloads plotly.js in its tab after every image (~0.4–0.7 s per
chart on this 2-core machine), and it cannot print HTML to PDF, so the handouts would need a second browser.
This page loads the plotly.js that ships with plotly.py (the same file kaleido uses) once, and renders each
figure with Plotly.toImage — the same call kaleido makes — so the pictures are identical, about 3× faster, and
the same browser prints the PDFs. `launches()` counts the browsers this process started (the benchmark prints it).
"""

from __future__ import annotations

import base64
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote

import plotly
import plotly.graph_objects as go
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from core.files import atomic_path
from core.settings import chromium_path
from views.safe_text import defang_figure

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
CHROMIUM = chromium_path()
# shared/docs/TOOLING.md §3: no sandbox as root, and no background traffic (zero DNS look-ups but loopback).
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
_TO_IMAGE = """async ([spec, format, width, height, scale]) => {
    const fig = JSON.parse(spec);
    return await Plotly.toImage({data: fig.data, layout: fig.layout},
                                {format: format, width: width, height: height, scale: scale});
}"""

_launches = 0


def launches() -> int:
    """How many browsers this process has started for exports."""
    return _launches


class ExportBrowserError(RuntimeError):
    """Chromium could not be started or could not render; the message names the executable or the figure."""


class ExportBrowser:
    """`with ExportBrowser() as browser:` then `browser.png(fig, w, h)`, `browser.svg(...)`, `browser.pdf(...)`."""

    def __init__(self, executable: str = CHROMIUM) -> None:
        self.executable = executable
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._chart_page: Page | None = None
        self._print_page: Page | None = None

    def __enter__(self) -> ExportBrowser:
        global _launches
        if not Path(self.executable).exists():
            raise ExportBrowserError(f"Chromium not found at {self.executable} (set CHROMIUM to its path)")
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=self.executable, headless=True,
                                                             args=CHROME_ARGS)
        except Exception as exc:
            self._playwright.stop()
            raise ExportBrowserError(f"could not start {self.executable}: {exc}") from exc
        _launches += 1
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = self._chart_page = self._print_page = None

    def _charts(self) -> Page:
        if self._browser is None:
            raise ExportBrowserError("ExportBrowser used outside its `with` block")
        if self._chart_page is None:
            page = self._browser.new_page()
            page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            page.add_script_tag(path=str(PLOTLY_JS))
            self._chart_page = page
        return self._chart_page

    def _image(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> str:
        try:
            return self._charts().evaluate(_TO_IMAGE, [defang_figure(fig).to_json(), fmt, width, height, scale])
        except Exception as exc:
            title = fig.layout.title.text if fig.layout.title else ""
            raise ExportBrowserError(f"plotly could not draw the chart '{title}': {exc}") from exc

    def png(self, fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
        data_url = self._image(fig, "png", width, height, scale)
        return base64.b64decode(data_url.split(",", 1)[1])

    def svg(self, fig: go.Figure, width: int, height: int) -> str:
        """The chart as an <svg> element (vector; text stays text in a PDF)."""
        data_url = self._image(fig, "svg", width, height, 1.0)
        header, _, body = data_url.partition(",")
        if ";base64" in header:
            return base64.b64decode(body).decode("utf-8")
        return unquote(body)

    def pdf(self, html: str, out: Path, footer: str = "") -> Path:
        """Print an HTML document (A4, backgrounds on) to `out`; `footer` is Chromium footer HTML (may use
        the classes pageNumber and totalPages)."""
        if self._browser is None:
            raise ExportBrowserError("ExportBrowser used outside its `with` block")
        if self._print_page is None:
            self._print_page = self._browser.new_page()
        page = self._print_page
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(out) as tmp:  # created exclusively beside `out`; removed if printing fails
            page.pdf(path=str(tmp), format="A4", print_background=True, prefer_css_page_size=True,
                     display_header_footer=bool(footer), header_template="<span></span>",
                     footer_template=footer or "<span></span>")
        return out
