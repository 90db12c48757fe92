"""Raw fetch runs: `raw/<source_id>/<run-id>/` with one file per response body and a manifest.json.

The format is the contract between fetch and build (docs/architecture.md); it knows no source's response format.
For build:

    for manifest in runs_to_replay(settings.raw_dir(source_id), from_first_full=True):  # ok runs from the first full
        for entry, body in iter_bodies(manifest, "data"): ...    # bodies as received, checked against the manifest

`RawRunWriter` is what fetch hands a source to store bodies. Every reader checks what it reads and names the file
when something is wrong (RunError).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from core import files
from core.files import now_iso as utc_now_iso  # one 'now as ISO' for manifests and logs
from core.redact import redact_text, redact_url

MANIFEST = "manifest.json"
RUN_ID = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")
DATA_KIND = "data"  # files of this kind hold values; their rows add up to the run's rows
DATA_KINDS = (DATA_KIND, "file")  # "file": an own-figures file (etl/sources/local), stored as it was


class RunError(Exception):
    """A raw fetch run is missing, malformed or does not match its manifest; the message names the file."""


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # the source's own word for the file ("data", ...)
    url: str
    fetched_at: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rows: int = Field(ge=0)
    status: int


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run_id: str = Field(pattern=RUN_ID.pattern)
    source_id: str = ""  # written by fetch; runs written before sources had ids take it from their folder
    mode: Literal["full", "incremental"]
    from_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    base_url: str
    started_at: str
    finished_at: str | None = None
    outcome: Literal["ok", "failed"]
    message: str = ""
    requests: int = Field(default=0, ge=0)
    # The source's own series ids asked for (manifests written before sources were plug-ins say `kpi_ids`).
    series_ids: list[str] = Field(validation_alias=AliasChoices("series_ids", "kpi_ids"))
    area_ids: list[str]
    files: list[FileEntry] = []
    # Series asked for that the source said nothing about.
    missing_series_ids: list[str] = Field(default=[],
                                          validation_alias=AliasChoices("missing_series_ids", "missing_kpi_ids"))
    # Series refused in this run (the source's own id → why: implausible values, a table that does not fit its
    # definition); build leaves them out of this run, so their last good data stays in use.
    refused_series: dict[str, str] = {}
    # Set aside by an analyst (`python -m etl runs exclude RUN_ID --reason ...`): build never replays it.
    excluded_reason: str | None = None
    excluded_at: str | None = None
    _dir: Path | None = PrivateAttr(default=None)

    @property
    def dir(self) -> Path:
        """The run directory this manifest was read from (or written to)."""
        if self._dir is None:
            raise RunError(f"manifest of run {self.run_id} is not attached to a directory")
        return self._dir

    @property
    def rows(self) -> int:
        """Data rows (as the source counts them) in the run's files that hold values (DATA_KINDS)."""
        return sum(f.rows for f in self.files if f.kind in DATA_KINDS)


def run_sort_key(run_id: str) -> tuple[str, int]:
    """Run ids sort by timestamp, then by the numeric suffix (`-2` before `-10`)."""
    m = RUN_ID.match(run_id)
    if not m:
        raise RunError(f"'{run_id}' is not a run id (expected YYYYMMDDTHHMMSSZ with an optional -N)")
    return m.group(1), int(m.group(2) or 1)


def new_run_dir(raw_dir: Path, now: datetime | None = None) -> tuple[str, Path]:
    """Create and return a fresh run directory named by the UTC time; `-2`, `-3`… if the second is taken, here or
    by another source's run (raw/<source_id>/ are siblings): run ids are unique across sources, as etl_run needs."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    siblings = [d for d in raw_dir.parent.iterdir() if d.is_dir() and d != raw_dir]
    n = 1
    while True:
        run_id = stamp if n == 1 else f"{stamp}-{n}"
        path = raw_dir / run_id
        if any((other / run_id).exists() for other in siblings):
            n += 1
            continue
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
    write_bytes_atomic(target, (manifest.model_dump_json(indent=2) + "\n").encode("utf-8"))
    manifest._dir = run_dir
    return target


def read_manifest(path: Path) -> Manifest:
    """Read and validate a manifest; `path` is the run directory or its manifest.json."""
    path = Path(path)
    file = path / MANIFEST if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunError(f"{file}: manifest not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunError(f"{file}: not valid JSON: {exc}") from exc
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'manifest'}: {e['msg']}"
                             for e in exc.errors())
        raise RunError(f"{file}: invalid manifest: {problems}") from exc
    if manifest.run_id != file.parent.name:
        raise RunError(f"{file}: run_id '{manifest.run_id}' does not match its directory "
                            f"'{file.parent.name}'")
    manifest._dir = file.parent
    if not manifest.source_id:
        manifest.source_id = file.parent.parent.name
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
            raise RunError(
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

    Raises RunError if there is no ok full run, or if an incremental run asked for changes from a date
    later than the previous replayed run started (values changed in between would be missing).
    """
    runs = [m for m in list_runs(raw_dir) if replayable(m)]
    if upto_run_id is not None:
        limit = run_sort_key(upto_run_id)
        runs = [m for m in runs if run_sort_key(m.run_id) <= limit]
    full = [i for i, m in enumerate(runs) if m.mode == "full"]
    if not full:
        where = f" up to run {upto_run_id}" if upto_run_id else ""
        raise RunError(f"{raw_dir}: no successful full fetch{where}; run a full fetch first")
    if from_first_full:
        chosen = runs[full[0]:]
    else:
        chosen = [runs[full[-1]]] + [m for m in runs[full[-1] + 1:] if m.mode == "incremental"]
    for prev, cur in zip(chosen, chosen[1:], strict=False):
        if cur.mode == "full":
            continue
        if cur.from_date is None or cur.from_date > prev.started_at[:10]:
            raise RunError(
                f"{cur.dir / MANIFEST}: incremental run asks for changes from {cur.from_date}, but the run "
                f"before it ({prev.run_id}) started {prev.started_at}: changes in between would be missing; "
                f"run a full fetch")
    return chosen


def write_bytes_atomic(target: Path, body: bytes) -> None:
    """core.files.write_bytes_atomic, its failure as a RunError naming the path (a full disk leaves nothing)."""
    try:
        files.write_bytes_atomic(target, body)
    except OSError as exc:
        raise RunError(str(exc.strerror or exc)) from exc


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def read_body(run_dir: Path, entry: FileEntry) -> bytes:
    """A raw response body, checked against the manifest's sha256."""
    file = run_dir / entry.file
    try:
        body = file.read_bytes()
    except FileNotFoundError:
        raise RunError(f"{file}: listed in {run_dir / MANIFEST} but missing") from None
    digest = sha256_of(body)
    if digest != entry.sha256:
        raise RunError(f"{file}: sha256 {digest} does not match the manifest ({entry.sha256}); "
                            f"the file was changed after the fetch")
    return body


def iter_bodies(manifest: Manifest, kind: str) -> Iterator[tuple[FileEntry, bytes]]:
    """Every stored body of `kind` in manifest order, each checked against the manifest's sha256."""
    for entry in manifest.files:
        if entry.kind == kind:
            yield entry, read_body(manifest.dir, entry)


class RawRunWriter:
    """Stores response bodies in a run directory as `<kind>-NNN.<suffix>` and lists them (etl.sources.RunWriter).

    Each body goes through a temp file (a full disk leaves no half-written or 0-byte file; the error names the
    path); URLs are listed with credentials redacted."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.files: list[FileEntry] = []
        self._counters: dict[str, int] = {}

    def write(self, kind: str, body: bytes, *, url: str, rows: int, status: int,
              fetched_at: str | None = None, suffix: str = "json") -> FileEntry:
        self._counters[kind] = self._counters.get(kind, 0) + 1
        name = f"{kind}-{self._counters[kind]:03d}.{suffix}"
        write_bytes_atomic(self.run_dir / name, body)
        entry = FileEntry(file=name, kind=kind, url=redact_url(url), fetched_at=fetched_at or utc_now_iso(),
                          sha256=sha256_of(body), rows=rows, status=status)
        self.files.append(entry)
        return entry


