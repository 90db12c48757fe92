"""A writable copy of the real catalogue (goals.yaml, indicators.yaml, areas.yaml, targets.yaml) with targeted
text edits.

Kept out of conftest.py so the test modules can import it (`from catalogue_copy import ...`)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from indicators.catalogue import CATALOGUE_DIR, load_catalogue
from indicators.yaml_lines import CatalogueError

FILES = ("goals", "indicators", "areas", "targets")


@dataclass(frozen=True)
class CatalogueCopy:
    dir: Path

    def path(self, name: str) -> Path:
        return self.dir / f"{name}.yaml"

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str, *, entry: str | None = None) -> None:
        """Replace the one occurrence of `old` in the file, or inside the list entry whose `- id:` is `entry`."""
        text = self.text(name)
        start, end = self._entry_span(text, entry) if entry else (0, len(text))
        block = text[start:end]
        assert block.count(old) == 1, f"{old!r} occurs {block.count(old)} times in {name}.yaml entry {entry}"
        self.path(name).write_text(text[:start] + block.replace(old, new) + text[end:], encoding="utf-8")

    def line_of(self, name: str, needle: str, *, entry: str | None = None) -> int:
        """1-based line of the one line containing `needle` (inside `entry` when given)."""
        lines = self.text(name).splitlines()
        first, last = 0, len(lines)
        if entry:
            text = self.text(name)
            start, end = self._entry_span(text, entry)
            first, last = text[:start].count("\n"), text[:end].count("\n") + 1
        hits = [n for n in range(first, last) if needle in lines[n]]
        assert len(hits) == 1, f"{needle!r} is on lines {[h + 1 for h in hits]} of {name}.yaml"
        return hits[0] + 1

    def load_problems(self) -> list[str]:
        with pytest.raises(CatalogueError) as info:
            load_catalogue(self.dir)
        assert info.value.problems, "CatalogueError without problems"
        return info.value.problems

    @staticmethod
    def _entry_span(text: str, entry: str) -> tuple[int, int]:
        """Character span of the block-style list entry `  - id: <entry>` up to the next entry or section."""
        head = re.search(rf"^( *)- id: {re.escape(entry)}\n", text, flags=re.MULTILINE)
        assert head, f"no entry '- id: {entry}'"
        indent = len(head.group(1))
        nxt = re.compile(rf"^(?: {{0,{indent}}}- |\S)", flags=re.MULTILINE)
        stop = nxt.search(text, head.end())
        return head.start(), stop.start() if stop else len(text)


def make_copy(directory: Path) -> CatalogueCopy:
    for name in FILES:
        shutil.copy(CATALOGUE_DIR / f"{name}.yaml", directory / f"{name}.yaml")
    return CatalogueCopy(directory)


def assert_one_problem(problems: list[str], file: Path, line: int, *fragments: str) -> str:
    """Exactly one problem, at `file:line:`, containing every fragment (the field and what is wrong)."""
    assert len(problems) == 1, "\n".join(problems)
    problem = problems[0]
    assert problem.startswith(f"{file}:{line}: "), f"expected {file.name}:{line}, got: {problem}"
    for fragment in fragments:
        assert fragment in problem, f"{fragment!r} not in: {problem}"
    return problem
