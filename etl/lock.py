"""One refresh at a time per data directory: an advisory `fcntl.flock` on a lock file.

    with data_dir_lock(settings.data_dir, "refresh", notify=print):
        ...   # fetch / build / demo, the whole command

The lock is `<data_dir>/.np-refresh.lock`, locked with `flock(LOCK_EX | LOCK_NB)` for as long as the command runs.
The kernel releases it when the process ends in any way (a crash, SIGKILL, a lost terminal), so there is no stale
lock to take over and no race between two processes taking one over: of two commands that start together exactly
one gets it. The file is never removed (removing a flock'ed file lets a third process lock a new inode); it holds
the holder's pid, host, command and start time so a second command's LockError can name them, and is emptied on a
clean exit. A file that still names a holder when the lock is taken belonged to a process that died: `notify` is
told so.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

from core.files import now_iso

LOCK_NAME = ".np-refresh.lock"


class LockError(Exception):
    """Another refresh holds the data directory."""


def read_lock(path: Path) -> dict:
    """The holder the lock file names ({} when it is empty, half-written or unreadable)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _describe(holder: dict) -> str:
    if not holder:
        return "another command"
    return (f"another {holder.get('command', 'command')} (pid {holder.get('pid')} on {holder.get('host')}, "
            f"started {holder.get('started_at')})")


@contextlib.contextmanager
def data_dir_lock(data_dir: Path, command: str, notify: Callable[[str], None] | None = None) -> Iterator[Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError(f"{data_dir} is in use by {_describe(read_lock(path))}; wait for it to finish") from None
        earlier = read_lock(path)
        if earlier and notify is not None:
            notify(f"Tar över ett gammalt lås: {path} (pid {earlier.get('pid')}, startad {earlier.get('started_at')})"
                   " – den processen avslutades utan att städa; låset släpptes när den dog.")
        me = {"pid": os.getpid(), "host": socket.gethostname(), "command": command, "started_at": now_iso()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode("utf-8"), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)  # a clean exit leaves an empty file: the next holder has nothing to report
    finally:
        os.close(fd)  # releases the flock (the kernel does the same if the process dies)
