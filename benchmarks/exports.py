"""Benchmark the meeting exports in one run: the full deck for the county (every life stage and goal) and the
handouts for the 16 municipalities, sharing ONE headless Chromium.

    python benchmarks/exports.py            # builds a demo database in a temporary folder first

Prints the figures, the ratio per item, how many browsers were started, and the load average (the machine is
shared; figures move with it). Goal: the full deck in under 15 s on a 2-core machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

# Python puts this script's folder first on sys.path, where benchmarks/dashboard.py would shadow the dashboard
# package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from core.settings import load_settings  # noqa: E402
from etl.demo import build_demo  # noqa: E402
from exports import browser as export_browser  # noqa: E402
from exports.handouts import export_handouts  # noqa: E402
from exports.slides import export_slides  # noqa: E402
from indicators.catalogue import load_catalogue  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(base_url="http://127.0.0.1:9", data_dir=tmp)
        build_demo(settings)
        catalogue = load_catalogue()
        out = Path(tmp) / "exports"
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        with export_browser.ExportBrowser() as browser:
            t_browser = time.perf_counter() - t0
            t1 = time.perf_counter()
            deck = export_slides(settings.db_path, out / "deck.pptx", scope="meeting",
                                 area_id=catalogue.county_area, browser=browser)
            t_deck = time.perf_counter() - t1
            t2 = time.perf_counter()
            handouts = export_handouts(settings.db_path, out / "handouts", catalogue.municipality_ids,
                                       browser=browser)
            t_handouts = time.perf_counter() - t2
        total = time.perf_counter() - t0
        from pptx import Presentation

        slides = len(Presentation(str(deck)).slides)
        print(f"load average at start: {load_before:.2f} (2 cores)")
        print(f"browser start:          {t_browser:6.2f} s")
        print(f"full deck (county):     {t_deck:6.2f} s  {slides} slides, {t_deck / slides:.2f} s per slide "
              f"(includes loading plotly.js once), {deck.stat().st_size / 1e6:.1f} MB  goal < 15 s: "
              f"{'met' if t_deck + t_browser < 15 else 'NOT met'} (with browser start {t_deck + t_browser:.2f} s)")
        print(f"16 handouts:            {t_handouts:6.2f} s  {t_handouts / len(handouts):.2f} s per PDF, "
              f"{sum(p.stat().st_size for p in handouts) / 1e6:.1f} MB in all")
        print(f"deck + handouts:        {total:6.2f} s")
        print(f"ratio handouts/deck:    {t_handouts / t_deck:.2f}")
        print(f"browsers started:       {export_browser.launches()}")


if __name__ == "__main__":
    main()
