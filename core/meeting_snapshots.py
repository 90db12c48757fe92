"""The index of meeting snapshots: `$NP_DATA_DIR/snapshots/index.json`. One reader and one writer for both sides.

A meeting snapshot is a frozen copy of the built database, made before a steering-group meeting
(`python -m etl snapshot --name ...`, etl/meeting_snapshot.py). The write side adds entries; the read side
(dashboard, exports) lists them. Pure file handling: no DuckDB here.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.files import write_text_atomic

INDEX_NAME = "index.json"


class SnapshotIndexError(Exception):
    """The index cannot be read or names a bad entry; the message says which file and entry."""


@dataclass(frozen=True)
class SnapshotInfo:
    slug: str
    name: str
    created_at: str  # ISO-8601 UTC, e.g. 2026-11-23T18:30:00Z
    file: str  # file name inside the snapshots directory
    path: Path

    def to_json(self) -> dict[str, str]:
        return {"slug": self.slug, "name": self.name, "created_at": self.created_at, "file": self.file}


MAX_SLUG = 80  # a file name far below any file system's 255 bytes, with room for '.duckdb'


def clean_name(name: str) -> str:
    """A name as typed, safe to show and print: control and format characters (escape sequences, bidi overrides,
    line breaks) removed, runs of white space made one space, ends trimmed."""
    kept = "".join(" " if c.isspace() else c for c in name
                   if not unicodedata.category(c).startswith(("Cc", "Cf", "Cs", "Co")) or c in "\t\n\r")
    return " ".join(kept.split())


def slugify(name: str, max_length: int = MAX_SLUG) -> str:
    """'Möte 2026-12-01 (Barnalivet)' -> 'mote-2026-12-01-barnalivet' (also a URL path: 'Äldrelivet' ->
    'aldrelivet'). A longer slug is cut at `max_length` and ends in a short hash of the whole name, so two long
    names that begin alike still get different files."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return slug[:max_length - len(digest) - 1].rstrip("-") + "-" + digest


def _entry(index: Path, i: int, entry: object, directory: Path) -> SnapshotInfo:
    if not isinstance(entry, dict):
        raise SnapshotIndexError(f"{index}: entry {i}: expected an object with slug, name, created_at and file, "
                                 f"got {str(entry)[:60]!r}")
    missing = [k for k in ("slug", "name", "created_at", "file") if k not in entry]
    if missing:
        raise SnapshotIndexError(f"{index}: entry {i}: missing {', '.join(missing)}")
    values = {k: entry[k] for k in ("slug", "name", "created_at", "file")}
    bad = [k for k, v in values.items() if not isinstance(v, str)]
    if bad:
        raise SnapshotIndexError(f"{index}: entry {i}: {', '.join(bad)} must be text")
    base = directory.resolve()
    path = (base / values["file"]).resolve()
    if base not in path.parents:
        raise SnapshotIndexError(f"{index}: entry {i}: file {values['file']!r} is outside {directory}")
    # a name written by an older version may hold control characters: never shown or printed raw
    return SnapshotInfo(values["slug"], clean_name(values["name"]), values["created_at"], values["file"], path)


def read_index(directory: Path) -> list[SnapshotInfo]:
    """Every snapshot listed in `directory/index.json`, oldest first (by created_at). Raises on a bad index."""
    index = directory / INDEX_NAME
    if not index.exists():
        return []
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotIndexError(f"{index}: not valid JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise SnapshotIndexError(f"{index}: expected a JSON list of snapshots")
    infos = [_entry(index, i, e, directory) for i, e in enumerate(entries)]
    return sorted(infos, key=lambda s: s.created_at)


def list_available(directory: Path) -> list[SnapshotInfo]:
    """Snapshots whose file exists, newest first; an unreadable index lists none (the dashboard must open)."""
    try:
        infos = read_index(directory)
    except SnapshotIndexError:
        return []
    return [s for s in reversed(infos) if s.path.is_file()]


def find_snapshot(directory: Path, name_or_slug: str) -> SnapshotInfo:
    infos = read_index(directory)
    for info in infos:
        if name_or_slug in (info.name, info.slug):
            return info
    known = ", ".join(s.name for s in infos) or "inga"
    raise SnapshotIndexError(f"inget sparat möte heter '{name_or_slug}' i {directory} (finns: {known})")


def write_index(directory: Path, infos: list[SnapshotInfo]) -> Path:
    """Write index.json atomically (temp file + rename)."""
    # a full disk leaves no partial index
    return write_text_atomic(directory / INDEX_NAME,
                             json.dumps([i.to_json() for i in infos], ensure_ascii=False, indent=2) + "\n")
