"""Where a build's time goes at national scale: replaying the raw run (parse + replay), computing status, writing
DuckDB — timed in one process on the cached full run of build_scale.py (checkpoints ignored).

    .venv/bin/python benchmarks/build_phases.py --areas 312 --kpis 200 [--profile 25]

`--profile N` also prints the N functions with the most cumulative time inside the status computation (cProfile).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_scale import prepared  # noqa: E402

from core.settings import load_settings  # noqa: E402
from etl import raw_runs  # noqa: E402
from etl.build import State, apply_run  # noqa: E402
from etl.load import publish  # noqa: E402
from etl.sources.registry import get_source  # noqa: E402
from indicators.catalogue import load_catalogue  # noqa: E402
from indicators.compute import compute_status_tables  # noqa: E402
from indicators.method import load_method  # noqa: E402


def mark() -> tuple[float, float, float]:
    """(wall s, CPU s of this process, peak RSS MB so far)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=312)
    parser.add_argument("--kpis", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("NP_BENCH_CACHE", "/tmp/np-bench")))
    parser.add_argument("--profile", type=int, default=0, help="profile the status computation: top N functions")
    args = parser.parse_args()
    cat_dir, data_dir = prepared(args.cache, args.areas, args.kpis)
    catalogue = load_catalogue(cat_dir)
    settings = load_settings(base_url="http://127.0.0.1:1/v3", data_dir=data_dir)
    source = get_source("kolada")
    runs = raw_runs.runs_to_replay(settings.raw_dir("kolada"), from_first_full=True)
    marks = [mark()]
    state = State()
    for m in runs:
        state = apply_run(state, source, m, catalogue)
    marks.append(mark())
    method = load_method()
    status = compute_status_tables(state.observation, state.series, catalogue, method, state.area)
    marks.append(mark())
    with tempfile.TemporaryDirectory() as tmp:
        frames = {"observation": state.observation, "series": state.series, "area": state.area, **status}
        publish(Path(tmp) / "x.duckdb", frames, state.observation.get_column("value").null_count())
    marks.append(mark())
    total = marks[-1][0] - marks[0][0]
    print(f"{args.areas} areas × {args.kpis} KPIs, {state.observation.height:,} rows (machine shared, "
          f"load average {os.getloadavg()[0]:.1f})")
    print(f"  {'phase':<28}{'wall s':>8}{'share':>7}{'CPU s':>8}{'peak RSS MB':>13}")
    names = ("parse + replay", "status", "write DuckDB (obs + status)")
    for name, before, after in zip(names, marks[:-1], marks[1:], strict=True):
        secs = after[0] - before[0]
        print(f"  {name:<28}{secs:>8.2f}{100 * secs / total:>6.0f}%{after[1] - before[1]:>8.2f}{after[2]:>13.0f}")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        compute_status_tables(state.observation, state.series, catalogue, method, state.area)
        profiler.disable()
        print(f"status computation, top {args.profile} by cumulative time:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
