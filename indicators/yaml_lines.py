"""Load YAML while remembering the line of every mapping key and sequence item.

Validation messages must name the file, the line and the field. PyYAML's composer keeps node marks; this module
turns a node tree into plain Python data plus a map from a path (tuple of keys/indices) to a 1-based line.

Hostile files fail fast with `file:line`: at most MAX_BYTES per file, MAX_ALIASES alias uses (a "billion laughs"
file expands aliases of aliases), MAX_DEPTH levels of nesting and MAX_NODES values in all; only the plain YAML
tags (map, seq, str, int, float, bool, null, timestamp) are accepted, on scalars, lists and mappings alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_BYTES = 1_000_000
MAX_ALIASES = 50
MAX_DEPTH = 30
MAX_NODES = 200_000
_YAML_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_YAML_TAG + t for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


class _Budget:
    """What one file may still use: nodes converted, alias uses; and the file's name for messages."""

    def __init__(self, file: str):
        self.file = file
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.loader = yaml.SafeLoader("")  # one constructor for every scalar of the file

    def problem(self, node: yaml.Node, text: str) -> CatalogueError:
        return CatalogueError([f"{self.file}:{node.start_mark.line + 1}: {text}"])

    def enter(self, node: yaml.Node, depth: int) -> None:
        if node.tag not in ALLOWED_TAGS:
            raise self.problem(node, f"the tag {node.tag!r} is not allowed (only plain YAML values: text, numbers, "
                                     f"true/false, dates, lists and mappings)")
        if depth > MAX_DEPTH:
            raise self.problem(node, f"nested more than {MAX_DEPTH} levels deep; refused")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.problem(node, f"more than {MAX_NODES} values; refused")
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.seen:  # the composer shares one node for an anchor and all its aliases
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise self.problem(node, f"more than {MAX_ALIASES} uses of YAML aliases (*name); refused "
                                             f"(a file that expands aliases of aliases can grow without limit)")
            self.seen.add(id(node))


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


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], budget: _Budget) -> Any:
    budget.enter(node, len(path))
    lines[path] = node.start_mark.line + 1
    file = budget.file
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise budget.problem(key_node, f"{_dotted(path)}: a key must be plain text")
            budget.enter(key_node, len(path) + 1)
            key = key_node.value
            if key in out:
                raise CatalogueError([f"{file}:{key_node.start_mark.line + 1}: {_dotted(path)}: "
                                      f"field '{key}' appears twice in the same entry"])
            out[key] = _convert(value_node, (*path, key), lines, budget)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), lines, budget) for i, child in enumerate(node.value)]
    # Scalars: PyYAML's safe constructor resolves the type (int, float, bool, null, str, date).
    try:
        return budget.loader.construct_object(node, deep=True)
    except ValueError as exc:  # a date-shaped value that is no date: 2025-13-45
        raise budget.problem(node, f"{_dotted(path)}: '{node.value}' is not a valid date (YYYY-MM-DD): {exc}") from exc


_FLOW = re.compile(r"[\[\]{}\n\"'#]")


def _flow_depth_problem(path: Path, text: str) -> str | None:
    """PyYAML's scanner looks far ahead inside nested [ { (quadratic time): refuse deep nesting before parsing.
    Quoted text and comments are skipped roughly; a false alarm needs 30 brackets open at once."""
    depth, line, quote = 0, 1, ""
    comment = False
    for m in _FLOW.finditer(text):
        ch = m.group(0)
        if ch == "\n":
            line += 1
            comment = False
            continue
        if comment:
            continue
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "#" and (m.start() == 0 or text[m.start() - 1] in " \t\n"):
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return f"{path}:{line}: nested more than {MAX_DEPTH} levels deep; refused"
        elif ch in "]}":
            depth = max(0, depth - 1)
    return None


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> str:
    """`file:line: YAML syntax error: what`, plus where the enclosing construct began when that is elsewhere."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = f"{path}:{line}: YAML syntax error: {exc.problem or exc.context}"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    return problem


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CatalogueError([f"{path}:1: the file is {size} bytes, more than the {MAX_BYTES} a catalogue file may "
                              f"be; refused"])
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
    deep = _flow_depth_problem(path, text)
    if deep:
        raise CatalogueError([deep])
    lines: dict[Path_, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise CatalogueError([f"{path}:1: the file is empty"])
        data = _convert(node, (), lines, _Budget(str(path)))
    except RecursionError as exc:  # a recursive alias deeper than the depth check could see
        raise CatalogueError([f"{path}:1: nested too deeply; refused"]) from exc
    except yaml.MarkedYAMLError as exc:  # syntax errors
        raise CatalogueError([_syntax_problem(path, exc)]) from exc
    return data, lines


def line_for(lines: dict[Path_, int], loc: tuple[str | int, ...]) -> int:
    """The line of the deepest known prefix of `loc` (pydantic locations may go deeper than the YAML)."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 1
