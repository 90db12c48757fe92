"""One refresh at a time per data directory: a lock file naming its holder.

    with data_dir_lock(settings.data_dir, "refresh", notify=print):
        ...   # fetch / build / demo

The lock is `<data_dir>/.np-refresh.lock`, created with O_EXCL, holding the holder's pid, host, command and start
time. A second command gets a LockError naming them. A lock whose process is gone (same host, dead pid: a killed
refresh) is stale: it is taken over, and `notify` is told so.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".np-refresh.lock"


class LockError(Exception):
    """Another refresh holds the data directory."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(path: Path) -> dict:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _stale(holder: dict) -> bool:
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return True  # unreadable or half-written: its writer died before finishing a few bytes
    return holder.get("host") == socket.gethostname() and not _alive(pid)


def _try_create(path: Path, holder: dict) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(holder, out)
    return True


@contextlib.contextmanager
def data_dir_lock(data_dir: Path, command: str, notify: Callable[[str], None] | None = None) -> Iterator[Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
          "started_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")}
    if not _try_create(path, me):
        holder = read_lock(path)
        if not _stale(holder):
            raise LockError(
                f"{data_dir} is in use by another {holder.get('command', 'command')} (pid {holder.get('pid')} on "
                f"{holder.get('host')}, started {holder.get('started_at')}); wait for it to finish. If that process "
                f"is gone, remove {path}")
        if notify is not None:
            notify(f"Tar över ett gammalt lås: {path} (pid {holder.get('pid')}, startad "
                   f"{holder.get('started_at')}) – processen finns inte längre.")
        path.unlink(missing_ok=True)
        if not _try_create(path, me):
            raise LockError(f"{data_dir}: another command took the lock {path} at the same moment; try again")
    try:
        yield path
    finally:
        if read_lock(path).get("pid") == me["pid"]:
            path.unlink(missing_ok=True)
