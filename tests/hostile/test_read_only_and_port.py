"""start.sh on a read-only data folder and right after a stop (issue 23): `ensure` serves a valid database
read-only and says so once; the port probe binds as the server does (SO_REUSEADDR), so TIME-WAIT is not "taken"."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[list[str]]:
    """`folder` made read-only for real: a read-only bind mount (as root), else run as an unprivileged user with
    the folder's write bits removed. Yields the command prefix that runs a process against it."""
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if done.returncode == 0:
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
            yield []
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    if os.geteuid() != 0 and not os.access(folder, os.W_OK):
        yield []
        return
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        if os.geteuid() == 0 and shutil.which("setpriv"):
            yield ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]
        elif os.geteuid() != 0:
            yield []
        else:
            pytest.skip("cannot make a folder read-only here (no mount, no setpriv)")
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


def test_ensure_on_a_read_only_folder_with_a_valid_database_serves_it(demo_db: Path, tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(demo_db, data / demo_db.name)
    before = sorted(p.name for p in data.iterdir())
    with read_only(data) as prefix:
        done = subprocess.run([*prefix, sys.executable, "-m", "etl", "--data-dir", str(data), "ensure"], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                              timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("skrivskyddad") == 1 and "skrivskyddat läge" in done.stdout
    assert sorted(p.name for p in data.iterdir()) == before  # no lock file, no demo build


def test_ensure_on_a_read_only_folder_without_a_database_fails_naming_it(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    with read_only(data) as prefix:
        done = subprocess.run([*prefix, sys.executable, "-m", "etl", "--data-dir", str(data), "ensure"], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                              timeout=300)
    assert done.returncode == 1
    assert f"datamappen {data} är skrivskyddad" in done.stderr


def _port_free():
    spec = importlib.util.spec_from_file_location("port_free", REPO / "scripts" / "port_free.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.port_free


def test_the_port_probe_ignores_time_wait_but_sees_a_listener():
    port_free = _port_free()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    assert not port_free("127.0.0.1", port)  # a running dashboard: taken
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    conn.close()  # the server closes first: its side of the connection stays in TIME-WAIT
    client.close()
    server.close()
    assert port_free("127.0.0.1", port)  # a stopped dashboard whose browser tab was open: free, as for the server
    without = socket.socket()  # what the old probe did: no SO_REUSEADDR
    with pytest.raises(OSError), without:
        without.bind(("127.0.0.1", port))
