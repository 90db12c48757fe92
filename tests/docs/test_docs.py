"""The docs say what the code does (issue 23; in the spirit of sqlite-utils' test_docs.py): every command and option
of the command line is in the README's command table, every file path the docs and the code's docstrings and
comments name exists, and the output adding-an-indicator.md shows is what `check` prints today."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from nyaperspektiv.cli import main, parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = ("core", "etl", "views", "exports", "dashboard", "nyaperspektiv", "indicators", "scripts", "benchmarks")
# a path into the project: a top folder, then folders and a file with a suffix
PATH = re.compile(r"(?<![\w./$<{-])((?:core|etl|views|exports|dashboard|nyaperspektiv|indicators|tests|scripts|"
                  r"benchmarks|docs)/[\w./-]*\w\.(?:py|sql|yaml|md|sh|csv|json|toml))\b")


def _commands() -> dict[str, list[str]]:
    """command -> its options (--long names and positional choices)."""
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    out = {}
    for name, p in sub.choices.items():
        opts = [o for a in p._actions for o in a.option_strings if o.startswith("--") and o != "--help"]  # noqa: SLF001
        out[name] = opts
    return out


def _command_table() -> list[str]:
    start = README.index("## Commands")
    rows = [line for line in README[start:].splitlines() if line.startswith("| `")]
    return rows


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_in_the_readme_table(command):
    rows = [r for r in _command_table() if re.search(rf"`{re.escape(command)}\b", r.split("|")[1])]
    assert rows, f"README's command table has no row for `{command}`"
    text = " ".join(rows)
    missing = [o for o in _commands()[command] if o not in text]
    assert missing == [], f"README's row for `{command}` does not name {missing}"


def _named_paths() -> list[tuple[str, str]]:
    """(where, path) for every project path in the docs, the README and the code (docstrings and comments)."""
    found = []
    texts = [(p, p.read_text(encoding="utf-8")) for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]]
    texts += [(p, p.read_text(encoding="utf-8")) for folder in CODE for p in sorted((ROOT / folder).rglob("*"))
              if p.suffix in (".py", ".sql", ".sh", ".yaml") and "__pycache__" not in p.parts]
    for path, text in texts:
        for n, line in enumerate(text.splitlines(), 1):
            for m in PATH.finditer(line):
                found.append((f"{path.relative_to(ROOT)}:{n}", m.group(1)))
    return found


def test_every_path_the_docs_and_docstrings_name_exists():
    names = _named_paths()
    assert len(names) > 100
    missing = [(where, p) for where, p in names if not (ROOT / p).exists() and "*" not in p and "<" not in p]
    assert missing == []


DOTTED = re.compile(r"(?<![\w./-])((?:core|etl|views|exports|dashboard|nyaperspektiv|indicators)(?:\.[A-Za-z_]\w*)+)")
NOT_MODULES = (".duckdb", ".log", ".py", ".sql", ".md", ".yaml", ".json")


def _defines(source: Path, name: str) -> bool:
    text = source.read_text(encoding="utf-8")
    return re.search(rf"^\s*(?:def|class)\s+{name}\b|^\s*{name}\s*[:=]|^\s*(?:from|import)\s.*\b{name}\b", text,
                     re.M) is not None


def _resolves(dotted: str) -> bool:
    """'etl.raw_runs.iter_bodies': the longest prefix is a module of ours and the next name is defined in it."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:i])
        source = base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"
        if source.exists():
            return i == len(parts) or _defines(source, parts[i])
    return False


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of a file's prose: a Markdown file whole, a Python file's strings and comments only."""
    import io
    import tokenize

    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return list(enumerate(text.splitlines(), 1))
    return [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type in (tokenize.STRING, tokenize.COMMENT)]


def test_every_module_the_docs_and_docstrings_name_exists():
    """`etl.raw_runs`, `views.charts`, `dashboard.data.varmland_geojson`: a moved module is not named any more."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    files += [p for folder in CODE for p in sorted((ROOT / folder).rglob("*.py"))]
    named, missing = 0, []
    for path in files:
        for n, text in _prose(path):
            for m in DOTTED.finditer(text):
                dotted = m.group(1)
                if dotted.endswith(NOT_MODULES) or any(f"{dotted}{s}" in text for s in NOT_MODULES):
                    continue
                named += 1
                if not _resolves(dotted):
                    missing.append(f"{path.relative_to(ROOT)}:{n}: {dotted}")
    assert named > 20
    assert missing == []


def test_the_check_output_in_adding_an_indicator_is_what_check_prints(capsys, tmp_path):
    doc = (ROOT / "docs" / "adding-an-indicator.md").read_text(encoding="utf-8")
    shown = [line for line in doc.splitlines() if line.startswith("Katalogen är giltig:")]
    assert shown, "adding-an-indicator.md shows the line `check` ends with"
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    said = re.search(r"Katalogen är giltig: [^.]*\.", printed).group(0)
    assert all(line == said for line in shown), (shown, said)
