"""Imports and declared dependencies stay in step (issue 23): every third-party module the code or the tests
import comes from a package pyproject.toml pins (so `pip install` of the declared dependencies alone runs the
whole suite), and every pinned package is used (imported, or a tool the README names)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = {"core", "etl", "views", "exports", "dashboard", "nyaperspektiv", "indicators", "tests", "benchmarks",
        "scripts"}
FOLDERS = ("core", "etl", "views", "exports", "dashboard", "nyaperspektiv", "indicators", "tests", "benchmarks",
           "scripts")
# Pinned but not imported: command-line tools (ruff lints, uv locks and installs), a pytest plug-in loaded by
# `-n` (pytest-xdist) and what polars/duckdb need at run time to hand frames to Streamlit and back (pyarrow).
NOT_IMPORTED = {"ruff", "uv", "pyarrow", "pytest-xdist"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for extra in project["optional-dependencies"].values() for s in extra]
    return {_norm(re.split(r"[=<>!~\[; ]", s, maxsplit=1)[0]) for s in specs}


def _local_modules() -> set[str]:
    """Helper modules the tests and benchmarks import by their bare name (tests/demo/demo_helpers.py, …)."""
    return {p.stem for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")}


def imported_modules() -> dict[str, list[str]]:
    """Top-level module -> files importing it (absolute imports, third party only)."""
    local = _local_modules()
    found: dict[str, list[str]] = {}
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in OURS | local and top not in sys.stdlib_module_names and top != "__future__":
                        found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_declared() -> None:
    dists = metadata.packages_distributions()
    pinned = declared()
    undeclared = {}
    for module, files in imported_modules().items():
        owners = {_norm(d) for d in dists.get(module, [module])}
        if not owners & pinned:
            undeclared[module] = (sorted(owners), sorted(set(files))[:3])
    assert undeclared == {}, f"imported but not in pyproject.toml: {undeclared}"


def test_every_declared_package_is_used() -> None:
    dists = metadata.packages_distributions()
    used = {_norm(d) for module in imported_modules() for d in dists.get(module, [module])}
    unused = declared() - used - NOT_IMPORTED
    assert unused == set(), f"pinned in pyproject.toml but never imported: {sorted(unused)}"


def test_the_lock_holds_no_package_nothing_needs() -> None:
    """kaleido and what came with it are gone from the lock once nothing declares them."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert not re.search(r"^kaleido==", lock, re.M)
    assert re.search(r"^numpy==", lock, re.M)


def test_the_dashboard_server_runs_on_uvloop_and_httptools() -> None:
    """Streamlit runs its server loop on uvloop and uvicorn parses HTTP with httptools when they are installed: the
    pins make a page view cheaper for the server (static files, websockets). Nothing else imports them."""
    import httptools
    import uvloop
    from streamlit.web import bootstrap

    assert bootstrap._get_uvloop_loop_factory() is uvloop.new_event_loop
    assert httptools.HttpRequestParser is not None
