"""Named meeting snapshots: frozen copies of the live database under $NP_DATA_DIR/snapshots/.

The live file is only ever replaced atomically (build writes a new file and renames it), so a plain copy is
consistent. The copy is opened, stamped with `snapshot_name` / `snapshot_created_at` in `dataset`, checked
read-only, and only then renamed into place and listed in `index.json` (also written atomically).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.config import Settings

INDEX_NAME = "index.json"


class SnapshotError(Exception):
    """A snapshot could not be made or read; the message says which name, file or key."""


@dataclass(frozen=True)
class SnapshotInfo:
    slug: str
    name: str
    created_at: str  # ISO-8601 UTC, e.g. 2026-11-23T18:30:00Z
    file: str  # file name inside the snapshots directory
    path: Path

    def to_json(self) -> dict[str, str]:
        return {"slug": self.slug, "name": self.name, "created_at": self.created_at, "file": self.file}


def slugify(name: str) -> str:
    """'Möte 2026-12-01 (Barnalivet)' -> 'mote-2026-12-01-barnalivet'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def list_snapshots(settings: Settings) -> list[SnapshotInfo]:
    """Every snapshot in index.json, oldest first."""
    index = settings.snapshots_dir / INDEX_NAME
    if not index.exists():
        return []
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{index}: not valid JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise SnapshotError(f"{index}: expected a JSON list of snapshots")
    infos = []
    for i, entry in enumerate(entries):
        missing = [k for k in ("slug", "name", "created_at", "file") if k not in entry]
        if missing:
            raise SnapshotError(f"{index}: entry {i}: missing {', '.join(missing)}")
        infos.append(SnapshotInfo(entry["slug"], entry["name"], entry["created_at"], entry["file"],
                                  settings.snapshots_dir / entry["file"]))
    return sorted(infos, key=lambda s: s.created_at)


def find_snapshot(settings: Settings, name_or_slug: str) -> SnapshotInfo:
    for info in list_snapshots(settings):
        if name_or_slug in (info.name, info.slug):
            return info
    known = ", ".join(s.name for s in list_snapshots(settings)) or "inga"
    raise SnapshotError(f"no meeting snapshot named '{name_or_slug}' in {settings.snapshots_dir} (known: {known})")


def create_snapshot(settings: Settings, name: str, now: datetime | None = None) -> SnapshotInfo:
    """Copy the live database to snapshots/<slug>.duckdb, stamp it with the name, and list it in index.json."""
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise SnapshotError(f"snapshot name '{name}' has no letters or digits to make a file name from")
    live = settings.db_path
    if not live.exists():
        raise SnapshotError(f"no database to snapshot at {live}: run `python -m etl refresh` or `demo` first")
    existing = list_snapshots(settings)
    for info in existing:
        if info.name == name or info.slug == slug:
            raise SnapshotError(f"a meeting snapshot named '{info.name}' already exists ({info.path}); "
                                f"choose another name")
    target = settings.snapshots_dir / f"{slug}.duckdb"
    if target.exists():
        raise SnapshotError(f"{target} already exists but is not in {INDEX_NAME}; move it away or choose "
                            f"another name")
    created_at = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    settings.snapshots_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".duckdb.tmp")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(live, tmp)
    try:
        _stamp(tmp, name, created_at)
        _verify(tmp, name)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    info = SnapshotInfo(slug, name, created_at, target.name, target)
    _write_index(settings.snapshots_dir, [*existing, info])
    return info


def _stamp(path: Path, name: str, created_at: str) -> None:
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise SnapshotError(f"the copy {path} of the live database does not open: {exc}") from exc
    try:
        for key, value in (("snapshot_name", name), ("snapshot_created_at", created_at)):
            con.execute("DELETE FROM dataset WHERE key = ?", [key])
            con.execute("INSERT INTO dataset (key, value) VALUES (?, ?)", [key, value])
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise SnapshotError(f"could not stamp {path} with the snapshot name: {exc}") from exc
    finally:
        con.close()


def _verify(path: Path, name: str) -> None:
    """Open the finished copy read-only (in-memory + ATTACH, avoiding DuckDB's per-path instance cache)."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS snap (READ_ONLY)", [str(path)])
        rows = con.execute("SELECT value FROM snap.dataset WHERE key = 'snapshot_name'").fetchall()
        con.execute("SELECT count(*) FROM snap.observation").fetchall()
    except duckdb.Error as exc:
        raise SnapshotError(f"the snapshot {path} failed its read-only check: {exc}") from exc
    finally:
        con.close()
    if not rows or rows[0][0] != name:
        raise SnapshotError(f"the snapshot {path} does not carry its name '{name}' after stamping")


def _write_index(directory: Path, infos: list[SnapshotInfo]) -> None:
    index = directory / INDEX_NAME
    tmp = directory / (INDEX_NAME + ".tmp")
    tmp.write_text(json.dumps([i.to_json() for i in infos], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, index)
