"""HTTP requests for one full Värmland refresh: this client vs a naive one-request-per-KPI-and-area client.

Both run in the same process against the same local fake Kolada v3 server (tests/kolada_server.py) with a
full-size synthetic dataset (every catalogue KPI, 18 areas, 1998–2024, T/K/M, plus the rest of the country's 274
municipalities with the indicator KPIs' latest years and the similar-municipality groups), rate limit off so the
wall times compare the work itself; the time each would take at the polite 5 requests/s is printed beside. The
batched client's requests and stored bytes are split by file kind (area-named data vs the similar-municipality
groups and national values a full run adds).

    .venv/bin/python benchmarks/requests_per_refresh.py [--years 1998-2024]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import load_settings  # noqa: E402
from etl.fetch import fetch_run  # noqa: E402
from etl.http import HttpPolicy, HttpSession  # noqa: E402
from etl.sources.kolada.paging import iter_pages  # noqa: E402
from indicators.catalogue import Catalogue, load_catalogue  # noqa: E402
from tests.kolada_server import KoladaTestServer, make_dataset  # noqa: E402

POLITE_RPS = 5.0


def naive_refresh(base_url: str, catalogue: Catalogue) -> tuple[int, int]:
    """One call per KPI for metadata, one area list, one data call per KPI × area (pages followed).
    Returns (requests, data rows)."""
    rows = 0
    with HttpSession(HttpPolicy.fast()) as session:
        for kpi in catalogue.kpi_ids:
            session.get(f"{base_url}/kpi/{kpi}")
        session.get(f"{base_url}/municipality")
        for kpi in catalogue.kpi_ids:
            for area in catalogue.area_ids:
                rows += sum(p.rows for p in iter_pages(session, f"{base_url}/data/kpi/{kpi}/municipality/{area}"))
        return session.requests_made, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="1998-2024", help="first-last year in the synthetic dataset")
    args = parser.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    catalogue = load_catalogue()
    dataset = make_dataset(catalogue, years=range(first, last + 1), seed=1, national=True)
    with KoladaTestServer(dataset) as srv, tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(base_url=srv.base_url, data_dir=tmp)
        t0 = time.perf_counter()
        result = fetch_run(settings, catalogue, policy=HttpPolicy.fast())
        ours_s = time.perf_counter() - t0
        kinds: dict[str, list[int]] = {}  # file kind -> [requests, bytes stored]
        for entry in result.manifest.files:
            count = kinds.setdefault(entry.kind, [0, 0])
            count[0] += 1
            count[1] += (result.run_dir / entry.file).stat().st_size
        t0 = time.perf_counter()
        naive_requests, naive_rows = naive_refresh(srv.base_url, catalogue)
        naive_s = time.perf_counter() - t0
    if naive_rows != result.rows:
        raise SystemExit(f"the two clients disagree: {result.rows} rows vs naive {naive_rows}")
    print(f"Full refresh: {len(catalogue.kpi_ids)} KPIs × {len(catalogue.area_ids)} areas, years {first}–{last}, "
          f"{result.rows} data objects (same in both)")
    print(f"{'client':<10}{'requests':>10}{'wall s':>10}{'at 5 req/s':>14}")
    for name, n, secs in (("batched", result.requests, ours_s), ("naive", naive_requests, naive_s)):
        print(f"{name:<10}{n:>10}{secs:>10.2f}{n / POLITE_RPS:>12.1f} s")
    print(f"requests ratio naive/batched: {naive_requests / result.requests:.1f}×; "
          f"wall time ratio: {naive_s / ours_s:.1f}×")
    print("batched run by file kind (one file per request): " + "; ".join(
        f"{kind} {n} requests, {size / 1e6:.2f} MB" for kind, (n, size) in kinds.items()))


if __name__ == "__main__":
    main()
