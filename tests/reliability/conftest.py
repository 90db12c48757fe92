"""Fault-matrix fixtures: a good data directory built once, copied per test; the CLI in-process and as a
subprocess; a tiny real tmpfs for full-disk cases (simulated when mounting is not allowed)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.settings import Settings, load_settings
from indicators.catalogue import Catalogue
from nyaperspektiv.cli import main as cli_main
from tests.kolada_server import KoladaDataset, KoladaTestServer, make_dataset

REPO = Path(__file__).resolve().parents[2]
DB_NAME = "nyaperspektiv.duckdb"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture(scope="session")
def kolada_only_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fault matrix is about one source's faults and the database it leaves: a copy of the catalogue with
    only the Kolada indicators (NP_CATALOGUE_DIR of the good template and the in-process CLI). With a second
    source, a Kolada fault no longer leaves the file byte for byte the same: the other source's fetch is built
    (tests/local covers that)."""
    import yaml

    from indicators.catalogue import CATALOGUE_DIR

    target = tmp_path_factory.mktemp("kolada-only") / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "sources"))
    data = yaml.safe_load((target / "indicators.yaml").read_text(encoding="utf-8"))
    data["indicators"] = [i for i in data["indicators"] if "kpi" in i]
    (target / "indicators.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def good_template(kolada_only_catalogue: Path, catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory after one good full refresh (built once per session; tests copy it)."""
    data_dir = tmp_path_factory.mktemp("good-template")
    ds = make_dataset(catalogue, years=range(2018, 2025), seed=1)
    with KoladaTestServer(ds) as srv:
        env = {**os.environ, "KOLADA_BASE_URL": srv.base_url, "NP_DATA_DIR": str(data_dir),
               "NP_CATALOGUE_DIR": str(kolada_only_catalogue)}
        done = subprocess.run([sys.executable, "-m", "etl", "refresh"], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture
def dataset(catalogue: Catalogue) -> KoladaDataset:
    return make_dataset(catalogue, years=range(2018, 2025), seed=1)


@pytest.fixture
def good_dir(good_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(good_template, target)
    (target / "attempts.jsonl").unlink(missing_ok=True)
    return target


@pytest.fixture
def good_settings(server: KoladaTestServer, good_dir: Path) -> Settings:
    return load_settings(base_url=server.base_url, data_dir=good_dir)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, kolada_only_catalogue: Path
        ) -> Callable[..., Result]:
    """cli(settings, "refresh", ...) -> Result: the real CLI in this process, exit code and output.

    Fetches use HttpPolicy.fast() (no rate limit, no backoff waits) so retry cases take no wall time."""
    import etl.fetch
    from etl.http import HttpPolicy, HttpSession

    monkeypatch.setattr(etl.fetch, "HttpSession", lambda policy=None: HttpSession(HttpPolicy.fast(timeout=2.0)))
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(kolada_only_catalogue))

    def run(settings: Settings, *args: str) -> Result:
        capsys.readouterr()
        code = cli_main(["--base-url", settings.base_urls["kolada"], "--data-dir", str(settings.data_dir), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def etl_process(settings: Settings, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=REPO,
                            env={**os.environ, "KOLADA_BASE_URL": settings.base_urls["kolada"],
                                 "NP_DATA_DIR": str(settings.data_dir), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@contextlib.contextmanager
def tiny_disk(path: Path, size_kb: int) -> Iterator[bool]:
    """A real tmpfs of `size_kb` mounted at `path` (True), or nothing (False) where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                          capture_output=True, text=True)
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            subprocess.run(["umount", "-l", str(path)], check=False)
