"""Plotly figures to images with ONE reused headless Chromium (kaleido's sync server, MathJax off).

One-shot kaleido starts a browser per image (~2 s each); the sync server keeps one for the whole export.
`browser_starts()` counts how many this process started, so the benchmark can print it.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Iterator

import kaleido
import plotly.graph_objects as go

_lock = threading.Lock()
_depth = 0
_starts = 0


def browser_starts() -> int:
    """How many times this process started the kaleido browser."""
    return _starts


@contextlib.contextmanager
def chart_browser() -> Iterator[None]:
    """Keep one kaleido browser running inside the block; nested blocks reuse the outer one."""
    global _depth, _starts
    with _lock:
        if _depth == 0:
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _starts += 1
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                kaleido.stop_sync_server(silence_warnings=True)


def figure_png(fig: go.Figure, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG bytes of a figure. Call inside `chart_browser()` (otherwise kaleido would start a browser per call)."""
    if _depth == 0:
        raise RuntimeError("figure_png called outside chart_browser(): that would start a browser per image")
    return fig.to_image(format="png", width=width, height=height, scale=scale)


def figure_svg(fig: go.Figure, width: int, height: int) -> str:
    """SVG text of a figure (vector, for the PDF handouts). Call inside `chart_browser()`."""
    if _depth == 0:
        raise RuntimeError("figure_svg called outside chart_browser(): that would start a browser per image")
    return fig.to_image(format="svg", width=width, height=height).decode("utf-8")
