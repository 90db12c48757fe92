"""`python -m etl check` as an analyst runs it: no network, exit 0 on a valid catalogue, else the messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from catalogue_copy import CatalogueCopy

REPO = Path(__file__).resolve().parents[2]


def run_check(tmp_path: Path, catalogue_dir: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NP_CATALOGUE_DIR"}
    # A base URL nothing listens on and an empty data dir: `check` must use neither.
    env.update(KOLADA_BASE_URL="http://127.0.0.1:9/v3", NP_DATA_DIR=str(tmp_path / "data"), COLUMNS="200")
    if catalogue_dir is not None:
        env["NP_CATALOGUE_DIR"] = str(catalogue_dir)
    return subprocess.run([sys.executable, "-m", "etl", "check"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_passes_on_the_real_catalogue(tmp_path: Path) -> None:
    result = run_check(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert "Katalogen är giltig: 4 livsfaser, 13 mål, 46 indikatorer, 18 områden" in result.stdout
    # Barnalivet's only indicator of goal 6 is a watch indicator: the cell is reported, not coloured.
    assert "Barnalivet × målet 'vald_nara_relationer'" in result.stdout
    assert "ingen bedömd indikator" in result.stdout
    assert not (tmp_path / "data").exists()


def test_check_reports_a_goal_left_without_a_judged_indicator(cat: CatalogueCopy, tmp_path: Path) -> None:
    cat.replace("indicators", "role: outcome", "role: watch\n    role_reason: Test.", entry="utsatt_for_vald")
    result = run_check(tmp_path, cat.dir)
    assert result.returncode == 0, result.stderr
    assert "målet 'vald_nara_relationer' (Upptäcka och motverka våld i nära relationer) har ingen bedömd " \
        "indikator" in " ".join(result.stdout.split())


def test_check_fails_on_a_broken_copy_and_prints_file_and_line(cat: CatalogueCopy, tmp_path: Path) -> None:
    cat.replace("indicators", "direction: lower_is_better", "direction: lower", entry="fetma")
    cat.replace("goals", "links: [sfh, god_nara_vard]", "links: [sfh, nara_vard]", entry="fallolyckor")
    result = run_check(tmp_path, cat.dir)
    assert result.returncode != 0
    assert "the catalogue has problems:" in result.stderr
    direction_line = cat.line_of("indicators", "direction: lower", entry="fetma")
    links_line = cat.line_of("goals", "sfh, nara_vard")
    assert f"{cat.path('indicators')}:{direction_line}: indicators[" in result.stderr
    assert "(id=fetma).direction: Input should be 'higher_is_better' or 'lower_is_better' (got 'lower')" \
        in result.stderr
    assert f"{cat.path('goals')}:{links_line}: goals[7] (id=fallolyckor).links: unknown document 'nara_vard'" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_check_fails_when_the_directory_has_no_catalogue(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_check(tmp_path, empty)
    assert result.returncode != 0
    for name in ("goals", "indicators", "areas"):
        assert f"{empty / name}.yaml:1: file not found" in result.stderr
