"""The FoHM indicators of the real catalogue: it loads with them, `check` finds every series defined (and names an
undefined one by file and line, in a catalogue copy), and the FoHM source fetches them into raw/fohm/ through the
generic fetch (against the session's fake Folkhälsodata, tests/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import load_settings
from etl.fetch import fetch_run
from etl.raw_runs import read_manifest, sha256_of
from etl.sources.pxweb.definitions import undefined_series
from etl.sources.registry import get_source
from indicators.catalogue import CATALOGUE_DIR, load_catalogue

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cat_dir(tmp_path: Path) -> Path:
    """A copy of the real catalogue (a test may edit it)."""
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_the_catalogue_loads_with_the_fohm_indicators(cat_dir: Path) -> None:
    catalogue = load_catalogue(cat_dir)
    fohm = [i for i in catalogue.indicators if i.series_id.startswith("fohm:")]
    assert len(fohm) >= 6
    assert {i.life_stage for i in fohm} == {"vuxna", "aldre"}
    assert all(i.comment for i in fohm)  # each says why it is there
    assert all(i.survey and not i.rank and i.years_averaged == 4 for i in fohm)  # pooled four-year windows
    assert undefined_series(cat_dir, "fohm") == []


def test_an_undefined_series_is_named_by_file_and_line(cat_dir: Path, tmp_path: Path) -> None:
    path = cat_dir / "indicators.yaml"
    text = path.read_text(encoding="utf-8").replace("series: fohm:lag_tillit", "series: fohm:lag_tilit")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "fohm:lag_tilit" in t)
    env = {**os.environ, "NP_CATALOGUE_DIR": str(cat_dir), "NP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "etl", "check"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert f"{path}:{line}: indicators[" in done.stderr and "'fohm:lag_tilit' is not defined" in done.stderr


def test_fetch_run_of_the_fohm_source_writes_a_raw_run(cat_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, fohm_server) -> None:
    monkeypatch.setenv("NP_CATALOGUE_DIR", str(cat_dir))
    catalogue = load_catalogue(cat_dir)
    settings = load_settings(data_dir=tmp_path / "data")
    assert settings.base_url(get_source("fohm")) == fohm_server.v1_base
    result = fetch_run(settings, catalogue, source_id="fohm")
    assert result.run_dir.parent == tmp_path / "data" / "raw" / "fohm"
    tables = len({get_source("fohm").series()[s].table for s in catalogue.series_for("fohm")})
    assert result.requests == 1 + 2 * tables and result.missing_series_ids == []
    manifest = read_manifest(result.run_dir)
    assert manifest.outcome == "ok" and manifest.source_id == "fohm"
    for entry in manifest.files:
        assert sha256_of((result.run_dir / entry.file).read_bytes()) == entry.sha256
    parsed = get_source("fohm").parse(manifest, catalogue)
    assert set(parsed.values["series_id"]) == {f"fohm:{s}" for s in catalogue.series_for("fohm")}
    assert parsed.values["period"].str.contains("-").all()
