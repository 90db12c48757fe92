"""Named meeting snapshots: frozen copies of the live database under $NP_DATA_DIR/snapshots/.

The live file is only ever replaced atomically (build writes a new file and renames it), so a plain copy is
consistent. The copy is opened, stamped with `snapshot_name` / `snapshot_created_at` in `dataset`, checked
read-only, and only then renamed into place and listed in `index.json` (also written atomically).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from core.files import atomic_path
from core.meeting_snapshots import (
    INDEX_NAME,
    SnapshotIndexError,
    SnapshotInfo,
    clean_name,
    read_index,
    slugify,
    write_index,
)
from core.settings import Settings
from etl.load import connect_file


class SnapshotError(Exception):
    """A snapshot could not be made; the message says which name or file."""


def create_snapshot(settings: Settings, name: str, now: datetime | None = None,
                    source: Path | None = None) -> SnapshotInfo:
    """Copy the live database (or `source`, a built file beside it) to snapshots/<slug>.duckdb, stamp it with the
    name, and list it in index.json."""
    name = clean_name(name)  # control characters never reach the index, the terminal or "Nytt sedan"
    slug = slugify(name)
    if not slug:
        raise SnapshotError(f"mötesnamnet '{name}' har inga bokstäver eller siffror att göra ett filnamn av")
    live = source or settings.db_path
    if not live.exists():
        raise SnapshotError(f"det finns ingen databas att spara på {live}: kör först `python -m etl refresh` "
                            "(eller `python -m etl demo`)")
    try:
        existing = read_index(settings.snapshots_dir)
    except SnapshotIndexError as exc:
        raise SnapshotError(str(exc)) from exc
    for info in existing:
        if info.name == name or info.slug == slug:
            raise SnapshotError(f"det finns redan ett sparat möte som heter '{info.name}' ({info.path}); "
                                f"välj ett annat namn")
    target = settings.snapshots_dir / f"{slug}.duckdb"
    if target.exists():
        raise SnapshotError(f"{target} finns redan men står inte i {INDEX_NAME}; flytta filen eller välj "
                            f"ett annat namn")
    created_at = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    settings.snapshots_dir.mkdir(parents=True, exist_ok=True)
    wal = None
    try:
        with atomic_path(target) as tmp:  # created exclusively beside the target, removed on any failure
            wal = Path(str(tmp) + ".wal")
            shutil.copyfile(live, tmp)
            _stamp(tmp, name, created_at)
            _verify(tmp, name)
    except OSError as exc:  # a full disk: nothing half-written is left, and the message names the file
        raise SnapshotError(f"could not write the snapshot {target}: {exc.strerror or exc}") from exc
    finally:
        if wal is not None:
            wal.unlink(missing_ok=True)
    info = SnapshotInfo(slug, name, created_at, target.name, target)
    try:
        write_index(settings.snapshots_dir, [*existing, info])
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise SnapshotError(f"could not update {settings.snapshots_dir / INDEX_NAME}: {exc.strerror or exc}; "
                            f"the snapshot was not kept") from exc
    return info


def _stamp(path: Path, name: str, created_at: str) -> None:
    try:
        con = connect_file(path)
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
    try:
        con = connect_file(path, read_only=True)
    except duckdb.Error as exc:
        raise SnapshotError(f"the snapshot {path} failed its read-only check: {exc}") from exc
    try:
        rows = con.execute("SELECT value FROM dataset WHERE key = 'snapshot_name'").fetchall()
        con.execute("SELECT count(*) FROM observation").fetchall()
    except duckdb.Error as exc:
        raise SnapshotError(f"the snapshot {path} failed its read-only check: {exc}") from exc
    finally:
        con.close()
    if not rows or rows[0][0] != name:
        raise SnapshotError(f"the snapshot {path} does not carry its name '{name}' after stamping")
