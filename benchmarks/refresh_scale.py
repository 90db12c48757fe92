"""A refresh over time at national scale: build time after 1, 5 and 10 later runs, and a refresh that brings nothing.

    .venv/bin/python benchmarks/refresh_scale.py history --areas 312 --kpis 35 [--later 10] [--repeat 5] [--full]
    .venv/bin/python benchmarks/refresh_scale.py nochange --areas 18 --kpis 35

history: one full fetch + build, then `--later` rounds of (revise 200 values in the fake Kolada, fetch an
incremental run — or a full one with --full — and build in a fresh process). Prints the build time after each
round (after rounds 1, 5 and the last, the median of --repeat builds of the same state: checkpoints and database
put back before each); the goal is that the build after 10 rounds is within 10 % of the build after one.

nochange: `python -m etl refresh` twice against an unchanged fake Kolada (each a fresh process, as a user runs it;
default HTTP policy, so the polite rate limit is included). Prints the second refresh's requests, wall seconds,
data objects fetched and whether the database file was rewritten. Goal: < 5 s at 18 × 35, < 15 s at 312 × 35,
no value rows moved.

`--compare DIR` runs the same with the checkout at DIR (e.g. main before this change) in the same run of the
script: history times DIR's build beside this one's after every round (same raw runs); nochange repeats the two
refreshes with DIR's CLI in a second data directory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_scale import timed_build  # noqa: E402
from national import ROOT, for_code, national_catalogue, national_dataset, use_catalogue  # noqa: E402

from core.settings import load_settings  # noqa: E402
from etl.fetch import fetch_run  # noqa: E402
from etl.http import HttpPolicy  # noqa: E402
from etl.raw_runs import list_runs  # noqa: E402
from tests.kolada_server import KoladaTestServer  # noqa: E402


def revise(dataset, rng: random.Random, n: int, today: date) -> None:  # noqa: ANN001 (KoladaDataset)
    keys = [(k, a, y, g) for k, a, y, g, obs in dataset.iter_values() if obs.value is not None and not obs.deleted]
    for kpi, area, year, gender in rng.sample(keys, n):
        old = dataset.get(kpi, area, year, gender)
        dataset.set_value(kpi, area, year, gender, round(old.value * 1.01 + 0.1, 1), changed=today)


def history(args: argparse.Namespace, work: Path) -> None:
    cat_dir = national_catalogue(work / "catalogue", areas=args.areas, kpis=args.kpis)
    catalogue = use_catalogue(cat_dir)
    other = (args.compare.resolve(), for_code(cat_dir, args.compare.resolve())) if args.compare else None
    other_times: dict[int, float] = {}
    dataset = national_dataset(catalogue)
    rng = random.Random(7)
    with KoladaTestServer(dataset) as srv:
        settings = load_settings(base_url=srv.base_url, data_dir=work / "data")
        policy = HttpPolicy.fast(timeout=300.0)
        fetch_run(settings, catalogue, policy=policy)
        if other:
            other_times[0] = timed_build(settings.data_dir, *other)["seconds"]
        first = timed_build(settings.data_dir)
        print(f"after the full run: build {first['seconds']:.2f} s, {first['rows']:,} rows, "
              f"peak RSS {first['rss_mb']:.0f} MB", flush=True)
        times, cpu_times = {}, {}
        for n in range(1, args.later + 1):
            revise(dataset, rng, 200, date.today())
            if args.full:
                fetch_run(settings, catalogue, policy=policy)
            else:
                fetch_run(settings, catalogue, mode="incremental", policy=policy)
            if other:
                other_times[n] = timed_build(settings.data_dir, *other)["seconds"]
                print(f"   {args.compare.name}: build {other_times[n]:.2f} s", flush=True)
            repeat = args.repeat if n in (1, 5, args.later) else 1
            results = repeated_builds(settings.data_dir, repeat)
            times[n] = statistics.median(r["seconds"] for r in results)
            cpu_times[n] = statistics.median(r.get("cpu", float("nan")) for r in results)
            print(f"after {n:>2} later {'full' if args.full else 'incremental'} run(s): build "
                  f"{times[n]:.2f} s, CPU {cpu_times[n]:.2f} s"
                  + (f" (median of {repeat})" if repeat > 1 else "")
                  + f", peak RSS {max(r['rss_mb'] for r in results):.0f} MB", flush=True)
    last = times[args.later]
    print(f"build after {args.later} vs after 1 (medians of {args.repeat}): wall {last / times[1]:.2f}×, "
          f"CPU {cpu_times[args.later] / cpu_times[1]:.2f}× (goal ≤ 1.10); after 5: wall {times[5] / times[1]:.2f}×, "
          f"CPU {cpu_times[5] / cpu_times[1]:.2f}×" if args.later >= 5 else "")
    if other:
        print(f"{args.compare.name}: build after {args.later} vs after 1: wall "
              f"{other_times[args.later] / other_times[1]:.2f}×; after {args.later}: {other_times[args.later]:.2f} s "
              f"against {last:.2f} s here")


def repeated_builds(data_dir: Path, repeat: int) -> list[dict]:
    """The same build `repeat` times: before each repeat, the checkpoints and the database are put back as they
    were, so every build starts from the previous round's checkpoint and replays this round's run."""
    keep = data_dir.parent / "before-build"
    shutil.rmtree(keep, ignore_errors=True)
    keep.mkdir()
    db, checkpoints = data_dir / "nyaperspektiv.duckdb", data_dir / "checkpoints"
    if checkpoints.is_dir():
        shutil.copytree(checkpoints, keep / "checkpoints")
    if db.exists():
        shutil.copy2(db, keep / db.name)
    results = []
    for i in range(repeat):
        if i:
            shutil.rmtree(checkpoints, ignore_errors=True)
            if (keep / "checkpoints").is_dir():
                shutil.copytree(keep / "checkpoints", checkpoints)
            db.unlink(missing_ok=True)
            if (keep / db.name).exists():
                shutil.copy2(keep / db.name, db)
        results.append(timed_build(data_dir))
    shutil.rmtree(keep, ignore_errors=True)
    return results


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(data_dir: Path, base_url: str, *argv: str, code: Path = ROOT,
        catalogue_dir: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child process) for one `python -m nyaperspektiv` command of `code`."""
    env = {**os.environ, "PYTHONPATH": str(code), "NP_DATA_DIR": str(data_dir), "KOLADA_BASE_URL": base_url}
    if catalogue_dir is not None:
        env["NP_CATALOGUE_DIR"] = str(catalogue_dir)
    t0, c0 = time.perf_counter(), children_cpu()
    out = subprocess.run([sys.executable, "-m", "nyaperspektiv", *argv], cwd=code, env=env, capture_output=True,
                         text=True)
    seconds, cpu = time.perf_counter() - t0, children_cpu() - c0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    print("   " + out.stdout.strip().replace("\n", "\n   "))
    return seconds, cpu


def nochange(args: argparse.Namespace, work: Path) -> None:
    cat_dir = national_catalogue(work / "catalogue", areas=args.areas, kpis=args.kpis)
    catalogue = use_catalogue(cat_dir)
    dataset = national_dataset(catalogue)
    codes = [("this checkout", ROOT, None, work / "data")]
    if args.compare:
        code = args.compare.resolve()
        codes.append((args.compare.name, code, for_code(cat_dir, code), work / "data-compare"))
    with KoladaTestServer(dataset) as srv, fohm_server(cat_dir):
        for name, code, code_catalogue, data_dir in codes:
            _nochange_once(args, catalogue, srv, name, code, code_catalogue, data_dir)


@contextmanager
def fohm_server(cat_dir: Path) -> Iterator[None]:
    """A local fake Folkhälsodata for the catalogue's FoHM tables (synthetic figures): FOHM_BASE_URL points at it
    for the refreshes, so the benchmark never reaches the real host."""
    from etl.sources.pxweb.definitions import load_definitions
    from tests.pxweb_server import PxWebTestServer, fohm_tables_for

    path = cat_dir / "sources" / "fohm.yaml"
    if not path.exists():
        yield
        return
    before = os.environ.get("FOHM_BASE_URL")
    counties = sorted({a[2:] for a in use_catalogue(cat_dir).area_ids if len(a) == 4 and a.startswith("00")}
                      | {"00"})
    regions = [(c, "Riket" if c == "00" else f"{c} län") for c in counties]
    with PxWebTestServer(v1_tables=fohm_tables_for(load_definitions(path), regions=regions)) as srv:
        os.environ["FOHM_BASE_URL"] = srv.v1_base
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("FOHM_BASE_URL", None)
            else:
                os.environ["FOHM_BASE_URL"] = before


def _nochange_once(args: argparse.Namespace, catalogue, srv, name: str, code: Path,  # noqa: ANN001
                   catalogue_dir: Path | None, data_dir: Path) -> None:
    settings = load_settings(base_url="http://127.0.0.1:1/v3", data_dir=data_dir)
    first, _ = cli(data_dir, srv.base_url, "refresh", code=code, catalogue_dir=catalogue_dir)
    before = settings.db_path.stat()
    srv.clear_requests()
    second, cpu = cli(data_dir, srv.base_url, "refresh", code=code, catalogue_dir=catalogue_dir)
    after = settings.db_path.stat()
    rewritten = (before.st_ino, before.st_mtime_ns) != (after.st_ino, after.st_mtime_ns)
    lasts = {sid: list_runs(settings.raw_dir(sid))[-1] for sid in catalogue.source_ids
             if list_runs(settings.raw_dir(sid))}
    per_source = ", ".join(f"{sid} {m.requests} requests / {m.rows} data objects" for sid, m in lasts.items())
    print(f"[{name}] no-change refresh at {args.areas} areas × {len(catalogue.series_ids)} series "
          f"(first refresh {first:.1f} s)")
    print(f"  wall {second:.2f} s (incl. process start and the polite rate limit), CPU {cpu:.2f} s; "
          f"{per_source}; database rewritten: {'yes' if rewritten else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["history", "nochange"])
    parser.add_argument("--areas", type=int, default=312)
    parser.add_argument("--kpis", type=int, default=35)
    parser.add_argument("--later", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="history: builds timed after rounds 1, 5 and the last")
    parser.add_argument("--full", action="store_true", help="history: later runs are full fetches")
    parser.add_argument("--compare", type=Path, help="another checkout to run beside this one (e.g. /work/main)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="np-refresh-") as tmp:
        (history if args.what == "history" else nochange)(args, Path(tmp))


if __name__ == "__main__":
    main()
