"""Every fetch and build attempt, failed or not: `$NP_DATA_DIR/attempts.jsonl`, one JSON object per line, appended.

The database only changes when a build succeeds, so it cannot say that refreshes fail; this log can. The dashboard
(a banner) and `python -m etl status` (a non-zero exit) read it through `refresh_health`.

    record_attempt(data_dir, "fetch", "failed", message=str(exc), run_id=..., source_id="egna")
    health = refresh_health(data_dir)            # .failures_in_a_row, .last_ok_at, .last_failure
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from core.files import now_iso
from core.redact import redact_text

ATTEMPTS_NAME = "attempts.jsonl"
MESSAGE_LIMIT = 500
DEFAULT_ALERT_AFTER = 1  # failed attempts in a row before the dashboard warns and `status` exits non-zero


def attempts_path(data_dir: Path) -> Path:
    return data_dir / ATTEMPTS_NAME





def record_attempt(data_dir: Path, action: str, outcome: str, *, message: str = "", run_id: str | None = None,
                   mode: str | None = None, rows: int | None = None, source_id: str | None = None) -> None:
    """Append one line (credentials redacted, the message shortened). Never raises: a full disk must not hide
    the error being recorded."""
    text = " ".join(redact_text(message).split())
    entry = {"at": now_iso(), "action": action, "outcome": outcome, "source_id": source_id, "run_id": run_id,
             "mode": mode, "rows": rows, "message": text[:MESSAGE_LIMIT], "pid": os.getpid()}
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with open(attempts_path(data_dir), "a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError:
        pass


def read_attempts(data_dir: Path) -> list[dict]:
    """Every readable line, oldest first; a torn last line (a process killed mid-write) is skipped."""
    path = attempts_path(data_dir)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("outcome") in ("ok", "failed"):
            out.append(entry)
    return out


@dataclass(frozen=True)
class RefreshHealth:
    failures_in_a_row: int
    last_failure: dict | None
    last_ok_at: str | None
    alert_after: int

    @property
    def failing(self) -> bool:
        return self.failures_in_a_row >= self.alert_after


def alert_after() -> int:
    """NP_ALERT_AFTER_FAILURES (core/settings.py); the dashboard falls back to the default on a bad value (the
    command line refuses it, naming the variable)."""
    from core.settings import SettingsError, alert_after_failures

    try:
        return alert_after_failures()
    except SettingsError:
        return DEFAULT_ALERT_AFTER


def _stream(entry: dict) -> tuple[str, str | None]:
    """Attempts that can fail on their own: each source's fetches, and the build."""
    return ("build", None) if entry.get("action") == "build" else ("fetch", entry.get("source_id"))


def refresh_health(data_dir: Path) -> RefreshHealth:
    """How many attempts failed in a row since the last success, for the worst of the streams that fail on their
    own (each source's fetches, the build): one source failing every night while another succeeds still warns."""
    attempts = read_attempts(data_dir)
    worst = RefreshHealth(0, None, None, alert_after())
    for stream in dict.fromkeys(_stream(e) for e in attempts):
        failures, last_failure, last_ok = 0, None, None
        for entry in reversed([e for e in attempts if _stream(e) == stream]):
            if entry["outcome"] == "ok":
                last_ok = entry.get("at")
                break
            failures += 1
            last_failure = last_failure or entry
        if failures > worst.failures_in_a_row:
            worst = RefreshHealth(failures, last_failure, last_ok, worst.alert_after)
    return worst
