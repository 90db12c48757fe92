"""The target register (indicators/targets.yaml) is reviewed data: five corrupted registers are refused with file
and line by the loader, by `python -m etl check` and by the build, and the database is left untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from catalogue_copy import CatalogueCopy

REPO = Path(__file__).resolve().parents[2]
WHO = "mpr_vaccination_who"


def _unknown_indicator(cat: CatalogueCopy) -> tuple[str, str]:
    cat.replace("targets", "indicator: mpr_vaccination\n", "indicator: mpr_vaccin\n", entry=WHO)
    return "indicator: mpr_vaccin", "indicator: unknown indicator 'mpr_vaccin'"


def _unknown_area(cat: CatalogueCopy) -> tuple[str, str]:
    cat.replace("targets", "area: all\n", "area: \"1799\"\n", entry=WHO)
    return "area: \"1799\"", "area: unknown area '1799'"


def _bad_date(cat: CatalogueCopy) -> tuple[str, str]:
    cat.replace("targets", "status: förslag\n", "status: förslag\n    date: 2025-13-45\n", entry=WHO)
    return "date: 2025-13-45", "'2025-13-45' is not a valid date"


def _decided_without_decision(cat: CatalogueCopy) -> tuple[str, str]:
    cat.replace("targets", "status: förslag\n", "status: beslutat\n", entry=WHO)
    return "    status: beslutat", "missing body, date"


def _raise_pointing_nowhere(cat: CatalogueCopy) -> tuple[str, str]:
    cat.replace("targets", "status: förslag\n", "status: förslag\n    raises: mpr_vaccination_2019\n", entry=WHO)
    return "raises: mpr_vaccination_2019", "raises: 'mpr_vaccination_2019' is no other target in the register"


CORRUPTIONS: dict[str, Callable[[CatalogueCopy], tuple[str, str]]] = {
    "unknown indicator": _unknown_indicator, "unknown area": _unknown_area, "bad date": _bad_date,
    "beslutat without a decision": _decided_without_decision, "raise that points nowhere": _raise_pointing_nowhere,
}


def etl(*args: str, catalogue_dir: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NP_CATALOGUE_DIR"}
    env.update(NP_CATALOGUE_DIR=str(catalogue_dir), NP_DATA_DIR=str(data_dir), COLUMNS="250",
               KOLADA_BASE_URL="http://127.0.0.1:9/v3", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=180, check=False)


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_corrupted_register_is_refused_with_file_and_line(cat: CatalogueCopy, corruption: str) -> None:
    needle, what = CORRUPTIONS[corruption](cat)
    problems = cat.load_problems()
    assert len(problems) == 1, problems
    line = cat.line_of("targets", needle)
    assert problems[0].startswith(f"{cat.path('targets')}:{line}: "), problems[0]
    assert what in problems[0]


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_check_and_build_refuse_it_and_leave_the_database_untouched(cat: CatalogueCopy, corruption: str,
                                                                      demo_db: Path, tmp_path: Path) -> None:
    needle, what = CORRUPTIONS[corruption](cat)
    where = f"{cat.path('targets')}:{cat.line_of('targets', needle)}: "
    data = tmp_path / "data"
    data.mkdir()
    db = data / demo_db.name
    shutil.copyfile(demo_db, db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    for command in ("check", "build"):
        result = etl(command, catalogue_dir=cat.dir, data_dir=data)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        text = " ".join(result.stderr.split())
        assert where in text and what in text, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_decided_target_with_its_decision_and_a_raise_are_valid(cat: CatalogueCopy) -> None:
    from indicators.catalogue import load_catalogue

    cat.replace("targets", "status: förslag\n", "status: beslutat\n    body: Politiska styrgruppen\n"
                "    date: 2025-05-14\n", entry=WHO)
    text = cat.text("targets") + (
        "\n  - id: mpr_vaccination_97\n    indicator: mpr_vaccination\n    area: \"1780\"\n    level: 97\n"
        "    due: 2030\n    status: beslutat\n    body: Kommunstyrelsen\n    date: 2026-02-01\n"
        "    document: Folkhälsoprogram\n    raises: mpr_vaccination_who\n")
    cat.path("targets").write_text(text, encoding="utf-8")
    catalogue = load_catalogue(cat.dir)
    assert [t.id for t in catalogue.targets] == [WHO, "daglig_rokning_endgame", "mpr_vaccination_97"]
    assert catalogue.target_in_force("mpr_vaccination", "1780", 2026).id == "mpr_vaccination_97"
    assert catalogue.target_in_force("mpr_vaccination", "1780", 2025).id == WHO  # the raise applies from 2026
    assert catalogue.target_in_force("mpr_vaccination", "1715", 2026).id == WHO  # Karlstad's own level only
