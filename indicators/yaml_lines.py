"""Load YAML while remembering the line of every mapping key and sequence item.

Validation messages must name the file, the line and the field. PyYAML's composer keeps node marks; this module
turns a node tree into plain Python data plus a map from a path (tuple of keys/indices) to a 1-based line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class CatalogueError(Exception):
    """One or more problems in the catalogue files; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise CatalogueError(
                    [f"{file}:{key_node.start_mark.line + 1}: field '{key}' appears twice in the same entry"]
                )
            out[key] = _convert(value_node, (*path, key), lines, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), lines, file) for i, child in enumerate(node.value)]
    # Scalars: let PyYAML's safe constructor resolve the type (int, float, bool, null, str).
    return yaml.SafeLoader(yaml.dump(None)).construct_object(node, deep=True)


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse `path`; return (data, lines). Syntax errors become a CatalogueError with file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else "?"
        raise CatalogueError([f"{path}:{line}: YAML syntax error: {exc.problem}"]) from exc
    if node is None:
        raise CatalogueError([f"{path}:1: the file is empty"])
    lines: dict[Path_, int] = {}
    data = _convert(node, (), lines, str(path))
    return data, lines


def line_for(lines: dict[Path_, int], loc: tuple[str | int, ...]) -> int:
    """The line of the deepest known prefix of `loc` (pydantic locations may go deeper than the YAML)."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 1
