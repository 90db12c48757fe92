"""Raw snapshot directories: `<raw_dir>/<run-id>/` with one file per response page and a manifest.json.

The format is the contract between fetch and build (docs/architecture.md). For build:

    for manifest in runs_to_replay(settings.raw_dir, from_first_full=True):   # ok runs from the first full one
        for obj in iter_values(manifest.dir, "kpi"): ...                   # KPI metadata objects
        for obj in iter_values(manifest.dir, "municipality"): ...          # {id, title, type}
        for obj in iter_values(manifest.dir, "data"): ...                  # {kpi, municipality, period, values: [...]}

Every reader checks what it reads and names the file when something is wrong (SnapshotError).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from core.redact import redact_text, redact_url

MANIFEST = "manifest.json"
RUN_ID = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")

FileKind = Literal["kpi", "municipality", "data"]


class SnapshotError(Exception):
    """A raw snapshot is missing, malformed or does not match its manifest; the message names the file."""


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    kind: FileKind
    url: str
    fetched_at: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rows: int = Field(ge=0)
    status: int


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run_id: str = Field(pattern=RUN_ID.pattern)
    mode: Literal["full", "incremental"]
    from_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    base_url: str
    started_at: str
    finished_at: str | None = None
    outcome: Literal["ok", "failed"]
    message: str = ""
    requests: int = Field(default=0, ge=0)
    kpi_ids: list[str]
    area_ids: list[str]
    files: list[FileEntry] = []
    # KPIs asked for whose metadata the source did not return (an extension of the architecture.md format).
    missing_kpi_ids: list[str] = []
    # Set aside by an analyst (`python -m etl runs exclude RUN_ID --reason ...`): build never replays it.
    excluded_reason: str | None = None
    excluded_at: str | None = None
    _dir: Path | None = PrivateAttr(default=None)

    @property
    def dir(self) -> Path:
        """The run directory this manifest was read from (or written to)."""
        if self._dir is None:
            raise SnapshotError(f"manifest of run {self.run_id} is not attached to a directory")
        return self._dir

    @property
    def rows(self) -> int:
        """Data rows (kpi × area × year objects) in the run."""
        return sum(f.rows for f in self.files if f.kind == "data")


def run_sort_key(run_id: str) -> tuple[str, int]:
    """Run ids sort by timestamp, then by the numeric suffix (`-2` before `-10`)."""
    m = RUN_ID.match(run_id)
    if not m:
        raise SnapshotError(f"'{run_id}' is not a run id (expected YYYYMMDDTHHMMSSZ with an optional -N)")
    return m.group(1), int(m.group(2) or 1)


def new_run_dir(raw_dir: Path, now: datetime | None = None) -> tuple[str, Path]:
    """Create and return a fresh run directory named by the UTC time; `-2`, `-3`… if the second is taken."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    n = 1
    while True:
        run_id = stamp if n == 1 else f"{stamp}-{n}"
        path = raw_dir / run_id
        try:
            path.mkdir()
        except FileExistsError:
            n += 1
            continue
        return run_id, path


def write_manifest(run_dir: Path, manifest: Manifest) -> Path:
    """Write manifest.json atomically (temp file + rename) and attach the manifest to `run_dir`.

    URLs and the message are stored with credentials redacted (core/redact.py)."""
    manifest.base_url = redact_url(manifest.base_url)
    manifest.message = redact_text(manifest.message)
    for entry in manifest.files:
        entry.url = redact_url(entry.url)
    target = run_dir / MANIFEST
    tmp = run_dir / f".{MANIFEST}.tmp"
    write_bytes_atomic(tmp, target, (manifest.model_dump_json(indent=2) + "\n").encode("utf-8"))
    manifest._dir = run_dir
    return target


def read_manifest(path: Path) -> Manifest:
    """Read and validate a manifest; `path` is the run directory or its manifest.json."""
    path = Path(path)
    file = path / MANIFEST if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{file}: manifest not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{file}: not valid JSON: {exc}") from exc
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'manifest'}: {e['msg']}"
                             for e in exc.errors())
        raise SnapshotError(f"{file}: invalid manifest: {problems}") from exc
    if manifest.run_id != file.parent.name:
        raise SnapshotError(f"{file}: run_id '{manifest.run_id}' does not match its directory "
                            f"'{file.parent.name}'")
    manifest._dir = file.parent
    return manifest


def _data_files(run_dir: Path) -> list[Path]:
    return sorted(p for p in run_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST)


def list_runs(raw_dir: Path) -> list[Manifest]:
    """Every run with a manifest, sorted by run id; an invalid manifest raises.

    Fetch writes its manifest before the first response, so a run directory holding data files but no manifest
    has lost it (deleted by hand): that is an error naming the directory, never a silent skip that would roll the
    data back. An empty directory (a fetch killed right after creating it) is skipped.
    """
    if not raw_dir.is_dir():
        return []
    runs = []
    for d in raw_dir.iterdir():
        if not (d.is_dir() and RUN_ID.match(d.name)):
            continue
        if (d / MANIFEST).is_file():
            runs.append(read_manifest(d))
            continue
        files = _data_files(d)
        if files:
            raise SnapshotError(
                f"{d}: holds {len(files)} data file(s) ({files[0].name}, …) but no {MANIFEST}; the run cannot be "
                f"checked or replayed, and skipping it could roll data back. Restore its {MANIFEST}, or move the "
                f"directory out of {raw_dir} to drop the run on purpose")
    return sorted(runs, key=lambda m: run_sort_key(m.run_id))


def replayable(manifest: Manifest) -> bool:
    """A run build may replay: it finished ok (its data passed validation) and no analyst set it aside."""
    return manifest.outcome == "ok" and manifest.excluded_reason is None


def runs_to_replay(raw_dir: Path, upto_run_id: str | None = None, *, from_first_full: bool = False
                   ) -> list[Manifest]:
    """The last ok full run (at or before `upto_run_id`) followed by every later ok incremental run up to it.
    Runs set aside with `runs exclude` are left out.

    With `from_first_full` (what build uses, so it can record what each later full run changed): every ok run
    from the first ok full one on, later full runs included.

    Raises SnapshotError if there is no ok full run, or if an incremental run asked for changes from a date
    later than the previous replayed run started (values changed in between would be missing).
    """
    runs = [m for m in list_runs(raw_dir) if replayable(m)]
    if upto_run_id is not None:
        limit = run_sort_key(upto_run_id)
        runs = [m for m in runs if run_sort_key(m.run_id) <= limit]
    full = [i for i, m in enumerate(runs) if m.mode == "full"]
    if not full:
        where = f" up to run {upto_run_id}" if upto_run_id else ""
        raise SnapshotError(f"{raw_dir}: no successful full fetch{where}; run a full fetch first")
    if from_first_full:
        chosen = runs[full[0]:]
    else:
        chosen = [runs[full[-1]]] + [m for m in runs[full[-1] + 1:] if m.mode == "incremental"]
    for prev, cur in zip(chosen, chosen[1:], strict=False):
        if cur.mode == "full":
            continue
        if cur.from_date is None or cur.from_date > prev.started_at[:10]:
            raise SnapshotError(
                f"{cur.dir / MANIFEST}: incremental run asks for changes from {cur.from_date}, but the run "
                f"before it ({prev.run_id}) started {prev.started_at}: changes in between would be missing; "
                f"run a full fetch")
    return chosen


def write_bytes_atomic(tmp: Path, target: Path, body: bytes) -> None:
    """Write `body` to `tmp`, then rename it to `target`. On any failure (a full disk) the temp file is removed,
    `target` is untouched and the error names the path."""
    try:
        with open(tmp, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SnapshotError(f"{target}: could not write {len(body)} bytes: {exc.strerror or exc}") from exc


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def read_body(run_dir: Path, entry: FileEntry) -> bytes:
    """A raw response body, checked against the manifest's sha256."""
    file = run_dir / entry.file
    try:
        body = file.read_bytes()
    except FileNotFoundError:
        raise SnapshotError(f"{file}: listed in {run_dir / MANIFEST} but missing") from None
    digest = sha256_of(body)
    if digest != entry.sha256:
        raise SnapshotError(f"{file}: sha256 {digest} does not match the manifest ({entry.sha256}); "
                            f"the file was changed after the fetch")
    return body


def iter_entry_values(run_dir: Path, entry: FileEntry) -> Iterator[dict]:
    """The objects of one file's `values` list, checked against the manifest (sha256, row count)."""
    file = run_dir / entry.file
    body = read_body(run_dir, entry)
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{file}: not valid JSON: {exc}") from exc
    values = payload.get("values") if isinstance(payload, dict) else None
    if not isinstance(values, list):
        raise SnapshotError(f"{file}: expected a Kolada envelope with a 'values' list")
    if len(values) != entry.rows:
        raise SnapshotError(f"{file}: {len(values)} values, the manifest says {entry.rows}")
    for obj in values:
        if not isinstance(obj, dict):
            raise SnapshotError(f"{file}: a value is not a JSON object: {str(obj)[:100]!r}")
        yield obj


def iter_values(run_dir: Path, kind: FileKind) -> Iterator[dict]:
    """The objects of every `values` list in the run's files of `kind`, in manifest order."""
    manifest = read_manifest(run_dir)
    for entry in manifest.files:
        if entry.kind == kind:
            yield from iter_entry_values(run_dir, entry)
