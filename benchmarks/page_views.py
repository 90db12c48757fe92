"""What a page view costs the Streamlit server, and twenty people opening the link at once; old and new in one run.

    /work/venv/bin/python benchmarks/page_views.py [--old main] [--views 5] [--sessions 20] [--only new]

For each code (the revision `--old`, unpacked with `git archive` into a temporary folder, and this checkout) the
script builds a demo database with that code (`python -m etl demo`), starts `streamlit run dashboard/serve.py` on it
(`dashboard/app.py` for a revision without it; the flags of tests/browser/conftest.py) and drives Debian's Chromium
with Playwright:

1. **CPU per page view in a new session**: for each page (Översikt, a life stage, Kommunprofil, Indikator) one
   warm-up view, then `--views` views, each in a new browser context (a new Streamlit session). The server's CPU
   time (user + system of the process and all its threads, from /proc/<pid>/stat) is read before the page is
   opened and after it is drawn and the server has gone quiet; the median and the range are printed.
2. **`--sessions` concurrent first views**: that many contexts of one Chromium open Översikt at the same moment
   (after a fresh server start, so nothing is cached yet); each one's time until drawn is printed as the median,
   the fastest, the slowest, and the largest distance from the median.

The load average is printed: the machine is shared, so compare old and new from the same run.

Each code runs with its own packages: a package this checkout's pyproject.toml adds to the old revision's (such as
uvloop and httptools, which Streamlit's server picks up when installed) is hidden from the old server (its import
fails, through a sitecustomize.py on the old server's path), so "old" is the old code on the old package set. A
package the old revision's requirements.lock installed anyway (starlette, under Streamlit) is not hidden.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROME_ARGS, CHROMIUM, VIEWPORT, Server  # noqa: E402

PAGES = {"Översikt": "/", "Livsskede (Barnalivet)": "/barnalivet", "Kommunprofil": "/kommunprofil",
         "Indikator": "/indikator"}
# drawn: a page heading, no placeholder skeleton, and Streamlit's "running" widget gone
DRAWN = ("!!document.querySelector('[data-testid=stMain] h1') && "
         "!document.querySelector('[data-testid=stSkeleton]') && "
         "!document.querySelector('[data-testid=stStatusWidget]') && "
         "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (all threads)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def quiet(pid: int, settle: float = 0.3, limit: float = 10.0) -> None:
    """Wait until the server used no CPU for `settle` seconds (its work for the view is done)."""
    end = time.monotonic() + limit
    last = cpu_seconds(pid)
    while time.monotonic() < end:
        time.sleep(settle)
        now = cpu_seconds(pid)
        if now == last:
            return
        last = now


def code_dir(rev: str, work: Path) -> Path:
    target = work / f"code-{rev.replace('/', '_')}"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def declared(pyproject: Path) -> set[str]:
    """The names of the packages a pyproject.toml depends on (normalised: lower case, '_')."""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return {dep.split("==")[0].split(">")[0].split("<")[0].strip().lower().replace("-", "_") for dep in deps}


def locked(lock: Path) -> set[str]:
    """The names of every package a requirements.lock installs (normalised as in `declared`)."""
    if not lock.exists():
        return set()
    return {line.split("==")[0].strip().lower().replace("-", "_") for line in lock.read_text(encoding="utf-8")
            .splitlines() if "==" in line and not line.startswith((" ", "#"))}


def hide_new_packages(code: Path, work: Path) -> tuple[Path, list[str]]:
    """A folder with a sitecustomize.py that makes the packages this checkout added since `code` unimportable
    (only those `code`'s own lock did not install anyway: a dependency of Streamlit declared later stays)."""
    added = sorted(declared(ROOT / "pyproject.toml") - declared(code / "pyproject.toml")
                   - locked(code / "requirements.lock"))
    folder = work / f"hide-{code.name}"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(
        "import sys\n" + "".join(f"sys.modules[{name!r}] = None  # added after this revision\n" for name in added))
    return folder, added


def demo_dir(code: Path, work: Path) -> Path:
    data = work / f"data-{code.name}"
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-m", "etl", "--data-dir", str(data), "demo"], cwd=code, env=env, check=True,
                   capture_output=True)
    return data


class CodeServer(Server):
    """tests/browser/conftest.py's server, run from another checkout."""

    def __init__(self, code: Path, data_dir: Path, log: Path, extra_path: Path | None = None):
        old_cwd, old_path = os.getcwd(), os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = str(code) + (f"{os.pathsep}{extra_path}" if extra_path else "")
        import conftest
        saved_root = conftest.ROOT
        conftest.ROOT = code
        try:
            # the served entry (dashboard/serve.py) where that code has one, else its script
            entry = "dashboard/serve.py" if (code / "dashboard" / "serve.py").exists() else "dashboard/app.py"
            super().__init__(data_dir, log, app=entry)
        finally:
            conftest.ROOT = saved_root
            os.chdir(old_cwd)
            if old_path is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = old_path


def cpu_per_view(server: Server, views: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        try:
            for name, path in PAGES.items():
                samples = []
                for i in range(views + 1):
                    ctx = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
                    page = ctx.new_page()
                    quiet(server.proc.pid)
                    before = cpu_seconds(server.proc.pid)
                    page.goto(server.url + path)
                    page.wait_for_function(DRAWN, polling=100, timeout=120_000)
                    quiet(server.proc.pid)
                    if i:  # the first view warms the process (imports, the file's query cache)
                        samples.append(cpu_seconds(server.proc.pid) - before)
                    ctx.close()
                out[name] = samples
        finally:
            browser.close()
    return out


async def concurrent_views(url: str, sessions: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        try:
            pages = []
            for _ in range(sessions):
                ctx = await browser.new_context(viewport=VIEWPORT, locale="sv-SE")
                pages.append(await ctx.new_page())
            start = time.monotonic()

            async def one(page) -> float:
                await page.goto(url + "/", timeout=300_000)
                await page.wait_for_function(DRAWN, polling=100, timeout=300_000)
                return time.monotonic() - start

            return list(await asyncio.gather(*(one(pg) for pg in pages)))
        finally:
            await browser.close()


def measure(label: str, code: Path, work: Path, views: int, sessions: int) -> dict:
    data = demo_dir(code, work)
    hidden, added = hide_new_packages(code, work) if code != ROOT else (None, [])
    result: dict = {"label": label, "hidden": added}
    server = CodeServer(code, data, work / f"{label}-views.log", hidden)
    try:
        load0 = os.getloadavg()[0]
        result["cpu"] = cpu_per_view(server, views)
        result["rss"] = rss_mb(server.proc.pid)
        result["load_views"] = (load0, os.getloadavg()[0])
    finally:
        server.stop()
    server = CodeServer(code, data, work / f"{label}-concurrent.log", hidden)
    try:
        load0 = os.getloadavg()[0]
        result["times"] = asyncio.run(concurrent_views(server.url, sessions))
        result["load_concurrent"] = (load0, os.getloadavg()[0])
        quiet(server.proc.pid)
        result["rss_after"] = rss_mb(server.proc.pid)
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main", help="the revision to compare with (default: main)")
    parser.add_argument("--views", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--only", choices=["old", "new"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="np-page-views-"))
    try:
        codes = []
        if args.only in (None, "old"):
            codes.append((f"old ({args.old})", code_dir(args.old, work)))
        if args.only in (None, "new"):
            codes.append(("new (this checkout)", ROOT))
        results = []
        for label, code in codes:
            results.append(measure(label, code, work, args.views, args.sessions))
            print(f"measured {label}: {results[-1]}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Server CPU per page view in a new session (s; median [min–max] of {args.views} views after one warm-up)")
    print(f"{'page':<26}" + "".join(f"{r['label']:>30}" for r in results))
    for name in PAGES:
        cells = []
        for r in results:
            s = r["cpu"][name]
            cells.append(f"{statistics.median(s):.3f} [{min(s):.2f}–{max(s):.2f}]")
        print(f"{name:<26}" + "".join(f"{c:>30}" for c in cells))
    for r in results:
        hidden = f"; packages hidden (added since): {', '.join(r['hidden'])}" if r["hidden"] else ""
        print(f"{r['label']}: server RSS after the views {r['rss']:.0f} MB; load {r['load_views'][0]:.1f}–"
              f"{r['load_views'][1]:.1f}{hidden}")
    print(f"\n{args.sessions} sessions opening Översikt at once on a fresh server (s until drawn)")
    print(f"{'':<26}{'median':>9}{'fastest':>9}{'slowest':>9}{'max |t − median|':>18}{'RSS MB':>8}{'load':>12}")
    for r in results:
        t = r["times"]
        med = statistics.median(t)
        spread = max(abs(x - med) for x in t)
        load = f"{r['load_concurrent'][0]:.1f}–{r['load_concurrent'][1]:.1f}"
        print(f"{r['label']:<26}{med:>9.2f}{min(t):>9.2f}{max(t):>9.2f}{spread:>18.2f}{r['rss_after']:>8.0f}"
              f"{load:>12}")


if __name__ == "__main__":
    main()
