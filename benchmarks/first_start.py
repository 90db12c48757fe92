"""A new user's first start: from a fresh clone to a dashboard that answers and shows its demo page.

    /work/venv/bin/python benchmarks/first_start.py [--old main] [--new HEAD] [--repo .] [--keep]

For each revision (old, then new) the script clones the repository into a new folder under /tmp (`git clone`,
then checks the revision out), with no package cache (UV_NO_CACHE=1, PIP_NO_CACHE_DIR=1, both caches pointed at
empty folders), and runs the README's first command `bash scripts/start.sh` on a free port with no database. It
prints the seconds until
- the packages are installed (setup.sh's stamp file appears in the clone's .venv),
- the dashboard answers `/_stcore/health`,
- a real browser (Playwright driving /usr/bin/chromium) shows a page of the app (its name above the title): on a
  first start since issue 24 that is "Databasen byggs …" while ensure builds the database,
- the browser shows the overview page with its DEMODATA banner (`np-demo-banner`; the same browser tab, which the
  building page turns into the overview by itself, reloaded only if it shows nothing).
The sources are not reachable from the benchmark (KOLADA_BASE_URL and FOHM_BASE_URL point at a closed local
port), so `etl ensure` builds the demo database at once, as it does for a new user without network. Run the
revisions in one run of the script: the machine is shared, so the ratio is the steadier figure. The load average
(`os.getloadavg`) is printed beside each figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEAD = "http://127.0.0.1:9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clone(repo: Path, rev: str, target: Path) -> str:
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(repo), str(target)], check=True)
    sha = subprocess.run(["git", "-C", str(repo), "rev-parse", rev], check=True, capture_output=True,
                         text=True).stdout.strip()
    subprocess.run(["git", "-C", str(target), "checkout", "-q", sha], check=True)
    return sha[:10]


def page_shows_demo(url: str, deadline: float, t0: float, out: dict) -> None:
    """Sets out["first_page"] when the app draws any page of its own, out["page"] when the overview's DEMODATA
    banner is there (seconds since t0)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--headless"])
        try:
            page = browser.new_page()
            page.goto(url)
            while time.monotonic() < deadline:
                try:
                    if out["first_page"] is None:
                        page.get_by_test_id("np-app-name").first.wait_for(timeout=15_000)
                        out["first_page"] = time.monotonic() - t0
                    page.get_by_test_id("np-demo-banner").first.wait_for(timeout=15_000)
                    out["page"] = time.monotonic() - t0
                    return
                except Exception:  # noqa: BLE001 - not drawn yet: keep waiting, reloading now and then
                    if out["first_page"] is None:
                        page.goto(url)
        finally:
            browser.close()


def first_start(repo: Path, rev: str, label: str, keep: bool, timeout: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"fresh-{label}-", dir="/tmp"))
    sha = clone(repo, rev, work / "repo")
    clone_dir = work / "repo"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "NP_DATA_DIR")}
    env.update(PORT=str(port), UV_NO_CACHE="1", PIP_NO_CACHE_DIR="1", UV_CACHE_DIR=str(work / "uv-cache"),
               PIP_CACHE_DIR=str(work / "pip-cache"), KOLADA_BASE_URL=DEAD,
               FOHM_BASE_URL=DEAD + "/Folkhalsodata/api/v1/sv")
    log = open(work / "start.log", "w")  # noqa: SIM115 - closed below
    t0 = time.monotonic()
    load0 = os.getloadavg()[0]
    proc = subprocess.Popen(["bash", "scripts/start.sh"], cwd=clone_dir, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    out: dict = {"label": label, "rev": sha, "installed": None, "health": None, "first_page": None, "page": None}
    url = f"http://127.0.0.1:{port}"
    deadline = t0 + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if out["installed"] is None and any((clone_dir / ".venv").glob(".installed-*")):
                out["installed"] = time.monotonic() - t0
            try:
                if requests.get(url + "/_stcore/health", timeout=1).text == "ok":
                    out["health"] = time.monotonic() - t0
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        if out["health"] is not None:
            page_shows_demo(url, deadline, t0, out)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        out["load"] = f"{load0:.1f}–{os.getloadavg()[0]:.1f}"
        if out["page"] is None:
            print((work / "start.log").read_text()[-3000:], file=sys.stderr)
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            out["dir"] = str(work)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--old", default="main", help="the revision before (default: main)")
    parser.add_argument("--new", default="HEAD", help="the revision after (default: HEAD)")
    parser.add_argument("--only", choices=["old", "new"], help="time one of them")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--keep", action="store_true", help="keep the clones (their start.log, .venv)")
    args = parser.parse_args()
    runs = [("old", args.old), ("new", args.new)]
    results = [first_start(args.repo, rev, label, args.keep, args.timeout)
               for label, rev in runs if args.only in (None, label)]
    fmt = "{:<6}{:<12}{:>14}{:>14}{:>14}{:>14}{:>12}"
    print(fmt.format("", "revision", "installed s", "health s", "first page s", "page s", "load"))
    for r in results:
        cells = [f"{r[k]:.1f}" if r[k] is not None else "–" for k in ("installed", "health", "first_page", "page")]
        print(fmt.format(r["label"], r["rev"], *cells, r["load"]))
    print("first page s = until Chromium shows a page of the app (\"Databasen byggs …\" on a first start); page s = "
          "until it shows the overview with its DEMODATA banner (the demo database built, no package cache)")


if __name__ == "__main__":
    main()
