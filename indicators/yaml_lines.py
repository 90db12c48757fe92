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


def _dotted(path: Path_) -> str:
    """('indicators', 3) -> 'indicators[3]'; the top level is 'file'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "file"


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise CatalogueError([f"{file}:{key_node.start_mark.line + 1}: {_dotted(path)}: "
                                      f"field '{key}' appears twice in the same entry"])
            out[key] = _convert(value_node, (*path, key), lines, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), lines, file) for i, child in enumerate(node.value)]
    # Scalars: let PyYAML's safe constructor resolve the type (int, float, bool, null, str).
    return yaml.SafeLoader(yaml.dump(None)).construct_object(node, deep=True)


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> str:
    """`file:line: YAML syntax error: what`, plus where the enclosing construct began when that is elsewhere."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = f"{path}:{line}: YAML syntax error: {exc.problem or exc.context}"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return problem


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            [f"{path}:{line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"]
        ) from exc


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse `path`; return (data, lines). Syntax errors become a CatalogueError with file and line.

    A missing file raises FileNotFoundError (the caller words that message); other unreadable files,
    non-UTF-8 text, YAML syntax errors, unknown tags and duplicate keys raise CatalogueError.
    """
    try:
        text = _read_text(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise CatalogueError([f"{path}:1: cannot read the file: {exc.strerror or exc}"]) from exc
    lines: dict[Path_, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise CatalogueError([f"{path}:1: the file is empty"])
        data = _convert(node, (), lines, str(path))
    except yaml.MarkedYAMLError as exc:  # syntax errors, and unknown tags such as !!python/object
        raise CatalogueError([_syntax_problem(path, exc)]) from exc
    return data, lines


def line_for(lines: dict[Path_, int], loc: tuple[str | int, ...]) -> int:
    """The line of the deepest known prefix of `loc` (pydantic locations may go deeper than the YAML)."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 1
