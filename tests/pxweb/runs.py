"""A run directory for source tests: what fetch hands a source (RunWriter.write) and what parse reads back
(run_id, dir, files, finished_at). The real writer and manifest are etl/raw_runs.py's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.raw_runs import sha256_of


@dataclass
class Entry:
    file: str
    kind: str
    url: str
    sha256: str
    rows: int
    status: int


@dataclass
class DirRun:
    run_dir: Path
    run_id: str = "20261126T120000Z"
    files: list[Entry] = field(default_factory=list)
    finished_at: str | None = "2026-11-26T12:00:05Z"
    series_ids: list[str] | None = None  # as the manifest lists them; None: parse every definition

    @property
    def dir(self) -> Path:
        return self.run_dir

    def write(self, kind: str, body: bytes, *, url: str, rows: int, status: int, fetched_at: str | None = None,
              suffix: str = "json") -> Entry:
        n = sum(1 for e in self.files if e.kind == kind) + 1
        name = f"{kind}-{n:03d}.{suffix}"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / name).write_bytes(body)
        entry = Entry(name, kind, url, sha256_of(body), rows, status)
        self.files.append(entry)
        return entry
