"""Build time and peak memory at national scale: `build_database` on one full raw run, each build in its own process.

    .venv/bin/python benchmarks/build_scale.py --areas 312 --kpis 200 [--runs 3] [--cache /tmp/np-bench]
                                              [--compare /work/main]

The first call fetches a full run from the local fake Kolada (tests/kolada_server.py) into --cache and keeps it, so
later calls measure the build alone. Each build runs in a fresh `python` process that prints its wall time and its
peak RSS (resource.getrusage ru_maxrss). "scratch" builds remove data/checkpoints first; "checkpoint" builds (when
the code writes checkpoints) start from the one the previous build left. Medians are printed; the machine is shared,
so compare figures taken in one run. `--compare DIR` also times the build of the checkout at DIR (e.g. main before
this change) on the same raw run, in the same run of the script, from scratch.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import ROOT, for_code, national_catalogue, national_dataset, use_catalogue  # noqa: E402

from core.settings import load_settings  # noqa: E402
from etl.fetch import fetch_run  # noqa: E402
from etl.http import HttpPolicy  # noqa: E402
from tests.kolada_server import KoladaTestServer  # noqa: E402

CHILD = """
import json, resource, sys, time
from core.settings import load_settings
from etl.build import build_database
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0, c0 = time.perf_counter(), cpu()
result = build_database(load_settings(base_url="http://127.0.0.1:1/v3", data_dir=sys.argv[1]))
seconds, cpu_seconds = time.perf_counter() - t0, cpu() - c0
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "rows": result.rows,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def prepared(cache: Path, areas: int, kpis: int) -> tuple[Path, Path]:
    """(catalogue dir, data dir) with one full raw run for areas × kpis, fetched once and kept in `cache`."""
    base = cache / f"{areas}x{kpis}"
    cat_dir, data_dir = base / "catalogue", base / "data"
    if not (cat_dir / "areas.yaml").is_file():
        national_catalogue(cat_dir, areas=areas, kpis=kpis)
    catalogue = use_catalogue(cat_dir)
    settings = load_settings(base_url="http://127.0.0.1:1/v3", data_dir=data_dir)
    raw_dir = settings.raw_dir("kolada")
    if not raw_dir.is_dir() or not any(raw_dir.glob("*/manifest.json")):
        shutil.rmtree(data_dir, ignore_errors=True)
        t0 = time.perf_counter()
        dataset = national_dataset(catalogue)
        print(f"dataset generated in {time.perf_counter() - t0:.1f} s", flush=True)
        with KoladaTestServer(dataset) as srv:
            fetch_settings = load_settings(base_url=srv.base_url, data_dir=data_dir)
            t0 = time.perf_counter()
            result = fetch_run(fetch_settings, catalogue, policy=HttpPolicy.fast(timeout=300.0))
            print(f"full fetch: {result.requests} requests, {result.rows} data objects, "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
    return cat_dir, data_dir


def timed_build(data_dir: Path, code: Path = ROOT, catalogue_dir: Path | None = None) -> dict:
    """One build in a fresh process of the checkout at `code` (its own catalogue reader: `catalogue_dir`)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    if catalogue_dir is not None:
        env["NP_CATALOGUE_DIR"] = str(catalogue_dir)
    out = subprocess.run([sys.executable, "-c", CHILD, str(data_dir)], cwd=code, capture_output=True, text=True,
                         env=env)
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=312)
    parser.add_argument("--kpis", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("NP_BENCH_CACHE", "/tmp/np-bench")))
    parser.add_argument("--compare", type=Path, help="another checkout to time on the same raw run (from scratch)")
    args = parser.parse_args()
    cat_dir, data_dir = prepared(args.cache, args.areas, args.kpis)
    checkpoints = data_dir / "checkpoints"
    results: dict[str, list[dict]] = {"scratch": [], "checkpoint": []}
    if args.compare:
        results = {f"{args.compare.name} (scratch)": [], **results}
    for _ in range(args.runs):
        if args.compare:
            shutil.rmtree(checkpoints, ignore_errors=True)
            results[f"{args.compare.name} (scratch)"].append(
                timed_build(data_dir, args.compare.resolve(), for_code(cat_dir, args.compare.resolve())))
        shutil.rmtree(checkpoints, ignore_errors=True)
        results["scratch"].append(timed_build(data_dir))
        if checkpoints.is_dir():
            results["checkpoint"].append(timed_build(data_dir))
    rows = results["scratch"][0]["rows"]
    print(f"build {args.areas} areas × {args.kpis} KPIs, {rows:,} observation rows, {args.runs} runs each")
    print(f"{'start':<20}{'median s':>10}{'min s':>10}{'max s':>10}{'CPU s':>10}{'peak RSS MB':>14}")
    for name, runs in results.items():
        if runs:
            secs = [r["seconds"] for r in runs]
            cpu = statistics.median(r.get("cpu", float("nan")) for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            print(f"{name:<20}{statistics.median(secs):>10.2f}{min(secs):>10.2f}{max(secs):>10.2f}{cpu:>10.2f}"
                  f"{rss:>14.0f}")
    print("CPU s = user + system time of the build process (all threads): steadier than wall time on a busy "
          "machine")


if __name__ == "__main__":
    main()
