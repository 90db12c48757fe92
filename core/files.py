"""Writing files so that a reader never sees half of one, and nothing is left behind on failure.

    write_bytes_atomic(target, body)                  # bytes → target
    with atomic_path(target) as tmp: prs.save(tmp)    # a library that wants a path writes to `tmp`

The temporary file is created exclusively (`tempfile.mkstemp`, O_EXCL with a random name) in the target's own
folder, so a symlink planted at a predictable `X.tmp` is never followed and the final rename stays on one file
system. Any failure (a full disk, an exception in the writer, Ctrl-C) removes it; `target` is then untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


class AtomicWriteError(OSError):
    """A file could not be written; the message names it."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A fresh, exclusively created temp file beside `target`; renamed onto `target` when the block ends without
    an exception, removed otherwise."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, body: bytes) -> Path:
    """Write `body` to `target` through a temp file (flushed to disk before the rename). An OSError is raised as
    AtomicWriteError naming `target`."""
    target = Path(target)
    try:
        with atomic_path(target) as tmp, open(tmp, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise AtomicWriteError(exc.errno, f"{target}: could not write {len(body)} bytes: {exc.strerror or exc}"
                               ) from exc
    return target


def write_text_atomic(target: Path, text: str) -> Path:
    return write_bytes_atomic(target, text.encode("utf-8"))


def now_iso(now: datetime | None = None) -> str:
    """'2026-12-05T08:15:00Z': a UTC time to the second, as every manifest, log and index stores it."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
