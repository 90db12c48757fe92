"""How fast the dashboard draws, against Streamlit's own floor, measured in one run.

    .venv/bin/python benchmarks/dashboard.py [--runs 7]

Starts two `streamlit run` servers with the same flags: the dashboard on a fresh demo database (built by
etl.demo in a temporary NP_DATA_DIR) and a near-empty Streamlit page. Drives /usr/bin/chromium with Playwright and
prints medians and ratios:
  - Översikt fully drawn (all four life-stage cards and their links) vs. the empty page drawn (fresh session each);
  - a municipality change redrawn (the new marks on screen) vs. a trivial rerun of the empty page.
Goal: both ratios ≤ 1.5. Timings are wall-clock in the browser (performance.now() around the action, DOM checked
on every animation frame).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROME_ARGS, CHROMIUM, VIEWPORT, Server  # noqa: E402

from core.settings import load_settings  # noqa: E402
from etl.demo import build_demo  # noqa: E402

EMPTY_APP = '''import streamlit as st
st.title("Tom sida")
choice = st.selectbox("Val", ["Karlstad", "Arvika", "Kil"], key="val")
st.markdown(f"Vald: {choice}")
'''
OVERVIEW_DRAWN = ("document.querySelectorAll('[data-testid=np-stage]').length === 4 && "
                  "document.querySelectorAll('[data-testid=stPageLink] a').length >= 4 && "
                  "!document.querySelector('[data-testid=stSkeleton]')")
EMPTY_DRAWN = ("[...document.querySelectorAll('h1')].some(h => h.textContent.includes('Tom sida')) && "
               "!!document.querySelector('[data-testid=stSelectbox] input')")


def select_option(pg: Page, option: str) -> float:
    """Open the first selectbox, click `option`; return performance.now() just before the click."""
    pg.get_by_test_id("stSelectbox").first.click()
    target = pg.get_by_role("option", name=option, exact=True)
    target.wait_for()
    t0 = pg.evaluate("performance.now()")
    target.click()
    return t0


def timed_load(pg: Page, url: str, drawn: str) -> float:
    t0 = time.perf_counter()
    pg.goto(url)
    pg.wait_for_function(drawn, polling="raf", timeout=60_000)
    return (time.perf_counter() - t0) * 1000


def timed_change(pg: Page, option: str, changed: str) -> float:
    t0 = select_option(pg, option)
    pg.wait_for_function(changed, polling="raf", timeout=60_000)
    t1 = pg.evaluate("performance.now()")
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(200)
    return t1 - t0


def context_says(name: str) -> str:
    return (f"(() => {{ const c = document.querySelector('[data-testid=np-context]'); "
            f"return !!c && c.textContent.includes('Visar {name}') && "
            f"!document.querySelector('[data-testid=stSkeleton]'); }})()")


def markdown_says(text: str) -> str:
    return f"[...document.querySelectorAll('p')].some(p => p.textContent === 'Vald: {text}')"


def measure(runs: int) -> dict[str, list[float]]:
    tmp = Path(tempfile.mkdtemp(prefix="np-bench-"))
    settings = load_settings(data_dir=tmp / "data")
    build_demo(settings)
    empty_dir = tmp / "empty"
    empty_dir.mkdir()
    (empty_dir / "app.py").write_text(EMPTY_APP, encoding="utf-8")
    dash = Server(settings.data_dir, tmp / "dashboard.log")
    empty = Server(settings.data_dir, tmp / "empty.log", app=str(empty_dir / "app.py"))
    results: dict[str, list[float]] = {"overview": [], "empty": [], "change": [], "rerun": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            for i in range(runs + 1):   # the first round warms up both servers and is not counted
                for key, url, drawn in (("overview", dash.url, OVERVIEW_DRAWN), ("empty", empty.url, EMPTY_DRAWN)):
                    ctx = browser.new_context(viewport=VIEWPORT)
                    ms = timed_load(ctx.new_page(), url, drawn)
                    ctx.close()
                    if i:
                        results[key].append(ms)
            for key, url, drawn, options, check in (
                ("change", dash.url, OVERVIEW_DRAWN, ["Arvika", "Karlstad"], context_says),
                ("rerun", empty.url, EMPTY_DRAWN, ["Arvika", "Karlstad"], markdown_says),
            ):
                ctx = browser.new_context(viewport=VIEWPORT)
                pg = ctx.new_page()
                timed_load(pg, url, drawn)
                for i in range(runs + 1):
                    option = options[i % 2]
                    ms = timed_change(pg, option, check(option))
                    if i:
                        results[key].append(ms)
                ctx.close()
            browser.close()
    finally:
        dash.stop()
        empty.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = measure(args.runs)
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"{'measure':<34}{'median ms':>10}   runs (ms)")
    labels = {"overview": "Översikt fully drawn", "empty": "empty Streamlit page drawn",
              "change": "municipality change redrawn", "rerun": "trivial rerun redrawn"}
    for key, label in labels.items():
        print(f"{label:<34}{med[key]:>10.0f}   {', '.join(f'{v:.0f}' for v in results[key])}")
    first = med["overview"] / med["empty"]
    second = med["change"] / med["rerun"]
    print(f"\nÖversikt / empty page        = {first:.3f}  (goal ≤ 1.5: {'met' if first <= 1.5 else 'missed'})")
    print(f"municipality change / rerun  = {second:.3f}  (goal ≤ 1.5: {'met' if second <= 1.5 else 'missed'})")


if __name__ == "__main__":
    main()
