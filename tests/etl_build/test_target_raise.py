"""A target raised in the register changes the verdict from the year it applies; a saved meeting snapshot still
shows the old target and verdict (issue 21). Real CLI, local Kolada server, a copy of the catalogue."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from indicators.catalogue import CATALOGUE_DIR

REPO = Path(__file__).resolve().parents[2]
DECIDED = """targets:
  - id: mpr_10
    indicator: mpr_vaccination
    area: all
    level: 10
    due: 2030
    status: beslutat
    body: Politiska styrgruppen
    date: 2020-03-01
    document: Politiskt inriktningsdokument 2019–2021
"""
RAISE = """
  - id: mpr_99
    indicator: mpr_vaccination
    area: all
    level: 99.5
    due: 2030
    status: beslutat
    body: Politiska styrgruppen
    date: 2024-05-14
    document: Politiskt inriktningsdokument 2023–2025
    raises: mpr_10
    applies_from: {year}
"""


def etl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env={**os.environ, **env},
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def verdicts(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT s.area_id, s.latest_year, s.target_id, t.level, s.target_status, s.mark_label "
                           "FROM status s LEFT JOIN target t USING (target_id) "
                           "WHERE s.indicator_id = 'mpr_vaccination' AND s.gender = 'T' AND s.latest_year IS NOT NULL"
                           ).fetchall()
        return {r[0]: r[1:] for r in rows}
    finally:
        con.close()


def registered(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT target_id, raised_by FROM target ORDER BY sort_order").fetchall()
    finally:
        con.close()


def test_a_raised_target_applies_from_its_year_and_the_snapshot_keeps_the_old_one(server, tmp_path: Path) -> None:
    cat = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, cat, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    register = cat / "targets.yaml"
    register.write_text(DECIDED, encoding="utf-8")
    data = tmp_path / "data"
    env = {"KOLADA_BASE_URL": server.base_url, "NP_DATA_DIR": str(data), "NP_CATALOGUE_DIR": str(cat)}
    etl("refresh", env=env)
    db = data / "nyaperspektiv.duckdb"
    before = verdicts(db)
    assert before and 2024 in {v[0] for v in before.values()}
    assert {v[1:4] for v in before.values()} == {("mpr_10", 10.0, "met")}
    etl("snapshot", "--name", "Styrgruppen våren", env=env)
    snapshot = next((data / "snapshots").glob("*.duckdb"))

    # A raise decided in 2024 that applies from 2025's values: the 2024 verdicts stay as they were.
    register.write_text(DECIDED + RAISE.format(year=2025), encoding="utf-8")
    etl("build", env=env)
    assert verdicts(db) == before

    # The same raise applying from 2024: every 2024 verdict is now judged against 99,5 % and none is 'met' any
    # more; an area whose latest value is from 2023 is still judged against the target in force in 2023.
    register.write_text(DECIDED + RAISE.format(year=2024), encoding="utf-8")
    etl("build", env=env)
    after = verdicts(db)
    assert after.keys() == before.keys()
    latest = {a for a, v in after.items() if v[0] == 2024}
    assert latest and {after[a][1:3] for a in latest} == {("mpr_99", 99.5)}
    assert "met" not in {after[a][3] for a in latest}
    assert all(after[a] == before[a] for a in after.keys() - latest)
    # History kept: the raised target is still in the register, pointing at what raised it.
    assert registered(db) == [("mpr_10", "mpr_99"), ("mpr_99", None)]

    # The meeting snapshot still reads as it did at the meeting: the old target, the old verdicts.
    assert verdicts(snapshot) == before
    assert registered(snapshot) == [("mpr_10", None)]
