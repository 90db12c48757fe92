"""The test suite's wall time: the revision before (`--old`, serial, as its scripts/test.sh ran it) against this
checkout serial and on two workers (scripts/test.sh's `-n 2 --dist loadfile`), in one run of this script.

    /work/venv/bin/python benchmarks/ci_time.py [--old main] [--workers 2] [--workers-only] [TEST PATHS ...]
    /work/venv/bin/python benchmarks/ci_time.py --ci [--old main] [--new HEAD]

With no paths, the whole suite (what `bash .ci/run` runs after the install). Each run is a fresh
`python -m pytest -q` process (the old revision unpacked with `git archive` into a temporary folder); the wall time,
the pass/fail line and the load average before and after are printed. `--workers-only`: the old revision and this
checkout both on the workers only (what scripts/test.sh runs on both sides since the suite runs on two workers).
`--ci`: what CI does, for the old revision and then the new one: a fresh `git clone` of each, and in it
`CI=true bash .ci/run` (its own .venv installed from the lock, then scripts/test.sh), in this shell's environment.
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


def fresh_clone_ci(revision: str, work: Path) -> tuple[float, str, str]:
    """`CI=true bash .ci/run` in a fresh clone of `revision`: (wall seconds, pytest's summary line, load)."""
    clone = work / f"clone-{revision.replace('/', '_')}"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", revision], check=True)
    load0 = os.getloadavg()[0]
    t0 = time.monotonic()
    done = subprocess.run(["bash", ".ci/run"], cwd=clone, env={**os.environ, "CI": "true"}, capture_output=True,
                          text=True)
    seconds = time.monotonic() - t0
    summary = next((line for line in reversed(done.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)),
                   (done.stdout + done.stderr)[-300:])
    return seconds, f"rc {done.returncode}: {summary.strip('= ')}", f"{load0:.1f}–{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--workers-only", action="store_true")
    parser.add_argument("--ci", action="store_true", help="a fresh clone of each revision runs .ci/run")
    parser.add_argument("--new", default="HEAD", help="with --ci: the new revision")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="np-ci-time-"))
    if args.ci:
        try:
            new = subprocess.run(["git", "-C", str(ROOT), "rev-parse", args.new], check=True, capture_output=True,
                                 text=True).stdout.strip()
            print(f"{'fresh clone, CI=true bash .ci/run':<34}{'wall s':>9}  {'load':<12}result")
            for label, revision in ((f"old ({args.old})", args.old), (f"new ({args.new} {new[:7]})", new)):
                seconds, summary, load = fresh_clone_ci(revision, work)
                print(f"{label:<34}{seconds:>9.1f}  {load:<12}{summary}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
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
