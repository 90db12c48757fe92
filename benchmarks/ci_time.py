"""The test suite's wall time: the revision before (`--old`, serial, as its scripts/test.sh ran it) against this
checkout serial and on two workers (scripts/test.sh's `-n 2 --dist loadfile`), in one run of this script.

    /work/venv/bin/python benchmarks/ci_time.py [--old main] [--workers 2] [--workers-only] [TEST PATHS ...]

With no paths, the whole suite (what `bash .ci/run` runs after the install). Each run is a fresh
`python -m pytest -q` process (the old revision unpacked with `git archive` into a temporary folder); the wall time,
the pass/fail line and the load average before and after are printed. `--workers-only`: the old revision and this
checkout both on the workers only (what scripts/test.sh runs on both sides since the suite runs on two workers).
The machine is shared: compare the figures of one run, and time the full `.ci/run` from a fresh clone for the
absolute figure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(code: Path, paths: list[str], extra: list[str]) -> tuple[float, str, str]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    load0 = os.getloadavg()[0]
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra, *paths],
                          cwd=code, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    summary = next((line for line in reversed(done.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)),
                   done.stdout[-300:])
    return seconds, summary.strip("= "), f"{load0:.1f}–{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--workers-only", action="store_true")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="np-ci-time-"))
    try:
        old = work / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.old], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        xdist = ["-n", args.workers, "--dist", "loadfile"]
        runs = [(f"old ({args.old}), serial", old, []),
                ("new, serial", ROOT, []),
                (f"new, -n {args.workers} --dist loadfile", ROOT, xdist)]
        if args.workers_only:
            runs = [(f"old ({args.old}), -n {args.workers} --dist loadfile", old, xdist), runs[2]]
        print(f"tests: {' '.join(args.paths) or 'the whole suite'}")
        print(f"{'':<34}{'wall s':>9}  {'load':<12}result")
        for label, code, extra in runs:
            seconds, summary, load = run(code, args.paths, extra)
            print(f"{label:<34}{seconds:>9.1f}  {load:<12}{summary}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
