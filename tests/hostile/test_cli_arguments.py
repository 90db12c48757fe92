"""Bad command-line arguments and environment variables exit 2 with a Swedish message that names them, before
anything is fetched, built or written (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import SettingsError, alert_after_failures, check_environment, fetch_deadline_seconds
from nyaperspektiv.cli import main


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    assert info.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(("argv", "words"), [
    (["ensure", "--probe-timeout", "abc"], "--probe-timeout: 'abc' är inget antal sekunder"),
    (["ensure", "--probe-timeout", "-1"], "--probe-timeout: '-1' sekunder: ange ett tal större än 0"),
    (["ensure", "--probe-timeout", "nan"], "--probe-timeout: 'nan' sekunder"),
    (["fetch", "--from-date", "2026-13-01"], "--from-date: '2026-13-01' är inget giltigt datum (ÅÅÅÅ-MM-DD"),
    (["fetch", "--from-date", "30/11/2026"], "--from-date: '30/11/2026' är inget giltigt datum"),
    (["runs", "exclude", "20260101T000000Z"], 'runs exclude behöver --reason "'),
    (["runs", "exclude", "20260101T000000Z", "--reason", " \x07\t\x1b "], "--reason: skälet får inte vara tomt"),
    (["runs", "exclude"], "runs exclude behöver ett RUN_ID"),
    (["runs", "include"], "runs include behöver ett RUN_ID"),
    (["prune", "--keep", "0"], "--keep: '0' är inget heltal större än 0"),
    (["prune", "--keep", "١"], "--keep: '١' är inget heltal"),  # an Arabic-Indic one is not an ASCII digit
    (["export", "pdf"], "ogiltigt val: 'pdf'"),
    (["refresh", "--fulll"], "okända argument: --fulll"),
])
def test_bad_arguments_exit_2_in_swedish_and_touch_nothing(capsys, tmp_path: Path, argv, words):
    data = tmp_path / "data"
    err = _refused(capsys, "--data-dir", str(data), *argv)
    assert words in err and "fel i argumenten" in err
    assert not data.exists()  # no lock file, no demo database: nothing ran


@pytest.mark.parametrize(("name", "value", "words"), [
    ("NP_FETCH_DEADLINE_SECONDS", "abc", "NP_FETCH_DEADLINE_SECONDS='abc' är inte ett antal sekunder"),
    ("NP_FETCH_DEADLINE_SECONDS", "0", "NP_FETCH_DEADLINE_SECONDS='0': värdet måste vara minst 1"),
    ("NP_ALERT_AFTER_FAILURES", "två", "NP_ALERT_AFTER_FAILURES='två' är inte ett heltal"),
    ("NP_BUILD_HOLD_SECONDS", "inf", "NP_BUILD_HOLD_SECONDS='inf'"),
    ("NP_CATALOGUE_DIR", "/nonexistent/catalogue", "NP_CATALOGUE_DIR='/nonexistent/catalogue' är ingen mapp"),
    ("KOLADA_BASE_URL", "api.kolada.se/v3", "KOLADA_BASE_URL='api.kolada.se/v3' är ingen adress"),
])
def test_a_bad_environment_variable_is_named_and_exits_2(capsys, monkeypatch, tmp_path: Path, name, value, words):
    monkeypatch.setenv(name, value)
    err = _refused(capsys, "--data-dir", str(tmp_path / "data"), "status")
    assert words in err
    assert not (tmp_path / "data").exists()


def test_settings_read_every_variable_and_name_it(monkeypatch):
    monkeypatch.setenv("NP_FETCH_DEADLINE_SECONDS", "120")
    monkeypatch.setenv("NP_ALERT_AFTER_FAILURES", "3")
    assert fetch_deadline_seconds() == 120.0 and alert_after_failures() == 3
    assert check_environment(("KOLADA_BASE_URL",)) == []
    monkeypatch.setenv("NP_FETCH_DEADLINE_SECONDS", "abc")
    with pytest.raises(SettingsError, match="NP_FETCH_DEADLINE_SECONDS"):
        fetch_deadline_seconds()
    assert len(check_environment()) == 1


def test_only_core_settings_reads_the_environment():
    """core/settings.py is the one settings module: no other module of the app reads os.environ or getenv."""
    import ast

    root = Path(__file__).resolve().parents[2]
    readers = []
    for package in ("core", "etl", "views", "exports", "dashboard", "nyaperspektiv", "indicators"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                        and isinstance(node.value, ast.Name) and node.value.id == "os":
                    readers.append(str(path.relative_to(root)))
    assert sorted(set(readers)) == ["core/settings.py"]
