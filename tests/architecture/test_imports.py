"""The house rules, read from the source with `ast` (no imports run): who may import whom, where DuckDB is opened,
and which Python may name the default source (docs/architecture.md, "Import rules")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "etl", "views", "exports", "dashboard", "nyaperspektiv", "indicators")


def _python_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    """Top-level package names the module imports (absolute imports; relative ones stay inside the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _violations(packages: tuple[str, ...], forbidden: set[str]) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {name}"
            for package in packages for path in _python_files(package)
            for name in sorted(_imports(path) & forbidden)]


def test_the_write_side_imports_nothing_of_the_read_side_or_the_front_ends() -> None:
    assert _violations(("etl",), {"views", "exports", "dashboard", "nyaperspektiv", "streamlit"}) == []


def test_the_read_side_imports_neither_the_write_side_nor_streamlit() -> None:
    assert _violations(("views",), {"etl", "dashboard", "exports", "nyaperspektiv", "streamlit"}) == []


def test_core_and_the_method_import_only_each_other() -> None:
    assert _violations(("core", "indicators"), {"etl", "views", "exports", "dashboard", "nyaperspektiv",
                                                "streamlit"}) == []


def test_exports_read_through_the_read_side_only() -> None:
    assert _violations(("exports",), {"etl", "dashboard", "nyaperspektiv", "streamlit"}) == []


def test_nothing_outside_the_dashboard_imports_it() -> None:
    others = tuple(p for p in PACKAGES if p != "dashboard")
    assert _violations(others, {"dashboard"}) == []


def _connect_calls(package: str) -> list[str]:
    hits = []
    for path in _python_files(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "duckdb"):
                hits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return hits


@pytest.mark.parametrize(("package", "door"), [("views", "views/db.py"), ("etl", "etl/load.py")])
def test_one_duckdb_connect_per_side(package: str, door: str) -> None:
    calls = _connect_calls(package)
    assert len(calls) == 1 and calls[0].startswith(door + ":"), calls


def test_no_other_package_opens_duckdb() -> None:
    others = [c for p in PACKAGES if p not in ("views", "etl") for c in _connect_calls(p)]
    assert others == []


def test_only_the_source_package_and_the_catalogue_defaults_name_the_default_source() -> None:
    """'Kolada' in Python only in etl/sources/kolada/ and the catalogue (whose bare `kpi:` means Kolada);
    every "Källa: …" the pages show comes from the database's source table."""
    allowed = ("etl/sources/kolada/", "indicators/catalogue.py")
    hits = [f"{path.relative_to(ROOT)}:{n}" for package in PACKAGES for path in _python_files(package)
            if not str(path.relative_to(ROOT)).startswith(allowed)
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"Kolada", line)]
    assert hits == []
