"""What `etl ensure` is doing, told to a dashboard that starts before the first database exists.

    write_status(data_dir, "building")            # ensure starts (inside the data directory's lock)
    write_status(data_dir, "failed", message)     # ensure failed: the message says what and where
    clear_status(data_dir)                        # ensure is done: the database file is the news
    read_status(data_dir) -> BuildStatus | None   # the dashboard's "Databasen byggs …" page

The status is `<data_dir>/build_status.json`, written whole through a temp file and a rename (core.files), so a
reader never sees half of it. It names the writing process (pid and host): a "building" status whose process has
gone (killed, the machine restarted) is not believed, so the page never says "building" for a build that stopped.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from core.files import now_iso, write_text_atomic

STATUS_NAME = "build_status.json"
BUILDING, FAILED = "building", "failed"


@dataclass(frozen=True)
class BuildStatus:
    state: str          # BUILDING or FAILED
    started_at: str     # UTC, '2026-12-05T08:15:00Z'
    pid: int
    host: str
    message: str = ""   # FAILED: what went wrong (Swedish, from the command line's own message)
    finished_at: str = ""

    def running(self) -> bool:
        """Whether the writing process is still alive (a status from another host is believed)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # alive, another user's
            return True
        return True


def status_path(data_dir: Path) -> Path:
    return Path(data_dir) / STATUS_NAME


def write_status(data_dir: Path, state: str, message: str = "", started_at: str | None = None) -> BuildStatus:
    if state not in (BUILDING, FAILED):
        raise ValueError(f"unknown build state {state!r}")
    status = BuildStatus(state=state, started_at=started_at or now_iso(), pid=os.getpid(), host=socket.gethostname(),
                         message=message, finished_at=now_iso() if state == FAILED else "")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    write_text_atomic(status_path(data_dir), json.dumps(status.__dict__, ensure_ascii=False))
    return status


def clear_status(data_dir: Path) -> None:
    status_path(data_dir).unlink(missing_ok=True)


def read_status(data_dir: Path) -> BuildStatus | None:
    """The status ensure left, or None (none, or not a status this version wrote)."""
    try:
        raw = json.loads(status_path(data_dir).read_text(encoding="utf-8"))
        status = BuildStatus(state=str(raw["state"]), started_at=str(raw["started_at"]), pid=int(raw["pid"]),
                             host=str(raw["host"]), message=str(raw.get("message", "")),
                             finished_at=str(raw.get("finished_at", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return status if status.state in (BUILDING, FAILED) else None
