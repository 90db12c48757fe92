"""The refresh lock is an fcntl.flock (issue 23): of two processes that race for a lock left by a killed one,
exactly one gets it; the kernel releases it when its holder dies; a half-written lock file means nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from etl.lock import LOCK_NAME, LockError, data_dir_lock, read_lock

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from etl.lock import LockError, data_dir_lock
try:
    with data_dir_lock(Path(sys.argv[1]), "refresh", notify=lambda m: print("notice", flush=True)):
        print("got", flush=True)
        sys.stdin.read()          # hold until the test closes stdin (or kills us)
except LockError as exc:
    print("busy", str(exc), flush=True)
"""


def _holder(data: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def _first_word(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline()
    while line.startswith("notice"):
        line = proc.stdout.readline()
    return line.split(" ", 1)[0].strip()


@pytest.mark.parametrize("leftover", ["dead", "half-written"])
def test_two_processes_racing_for_a_stale_lock_exactly_one_wins(tmp_path: Path, leftover):
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    body = json.dumps({"pid": int(dead.stdout), "host": os.uname().nodename, "command": "refresh",
                       "started_at": "2026-12-01T06:00:00Z"})
    for _ in range(5):  # five races
        (data / LOCK_NAME).write_text(body if leftover == "dead" else body[:9], encoding="utf-8")
        a, b = _holder(data), _holder(data)
        try:
            words = sorted([_first_word(a), _first_word(b)])
        finally:
            for p in (a, b):
                p.stdin.close()
                p.wait(timeout=30)
        assert words == ["busy", "got"]


def test_the_kernel_releases_the_lock_when_its_holder_is_killed(tmp_path: Path):
    data = tmp_path / "data"
    proc = _holder(data)
    assert _first_word(proc) == "got"
    assert read_lock(data / LOCK_NAME)["pid"] == proc.pid
    with pytest.raises(LockError, match=f"pid {proc.pid}"), data_dir_lock(data, "build"):
        pass
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    notices: list[str] = []
    with data_dir_lock(data, "build", notify=notices.append):
        assert read_lock(data / LOCK_NAME)["command"] == "build"
    assert len(notices) == 1 and f"pid {proc.pid}" in notices[0]
    assert read_lock(data / LOCK_NAME) == {}  # emptied on a clean exit


def test_a_symlinked_lock_file_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (data / LOCK_NAME).symlink_to(victim)
    with pytest.raises(OSError), data_dir_lock(data, "refresh"):
        pass
    assert victim.read_text(encoding="utf-8") == "keep"
