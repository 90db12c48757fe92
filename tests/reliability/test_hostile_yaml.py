"""Hostile catalogue YAML fails fast with file:line (speed is measured in benchmarks/, not asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators import yaml_lines
from indicators.yaml_lines import CatalogueError, load_yaml_with_lines


def _problem(path: Path) -> str:
    with pytest.raises(CatalogueError) as caught:
        load_yaml_with_lines(path)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{n}: &{n} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = n
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_file_is_refused_naming_file_and_line(tmp_path):
    path = tmp_path / "areas.yaml"
    path.write_text(billion_laughs())
    problem = _problem(path)
    assert problem.startswith(f"{path}:") and "aliases" in problem


@pytest.mark.parametrize("field", ["links: !!python/object/apply:os.system ['echo hi']",
                                   "links: !!set {a: null}", "name: !!binary aGk=", "goals: !custom [a]"])
def test_an_unknown_tag_anywhere_is_an_error(tmp_path, field):
    path = tmp_path / "indicators.yaml"
    path.write_text(f"indicators:\n  - id: x\n    {field}\n")
    problem = _problem(path)
    assert problem.startswith(f"{path}:3: the tag") and "is not allowed" in problem


def test_deep_nesting_and_huge_files_are_refused(tmp_path, monkeypatch):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nested more than" in _problem(deep)
    monkeypatch.setattr(yaml_lines, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    assert _problem(big).startswith(f"{big}:1: the file is 2004 bytes")


def test_a_few_aliases_are_still_fine(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("base: &b {unit: percent}\none: *b\ntwo: *b\n")
    data, _ = load_yaml_with_lines(path)
    assert data["two"] == {"unit": "percent"}
