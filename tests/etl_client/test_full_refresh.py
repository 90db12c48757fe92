"""The scheduled full refresh: `refresh` fetches a source in full when its last full fetch is
NP_FULL_REFRESH_DAYS old (default 7), so revisions a stale change stamp hides are found; `status` says when."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from core.settings import FULL_REFRESH_DAYS, load_settings
from etl.full_refresh import full_refresh_due, last_full
from etl.raw_runs import list_runs
from nyaperspektiv.cli import main


def _age_runs(raw_dir, days: int) -> None:
    """Every run of the folder as if made `days` earlier (their history stays consistent)."""
    def back(text: str | None, fmt: str) -> str | None:
        if not text:
            return text
        when = datetime.fromisoformat(text.replace("Z", "+00:00")) - timedelta(days=days)
        return when.strftime(fmt)
    for run in raw_dir.iterdir():
        path = run / "manifest.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["started_at"] = back(data["started_at"], "%Y-%m-%dT%H:%M:%SZ")
        data["finished_at"] = back(data["finished_at"], "%Y-%m-%dT%H:%M:%SZ")
        data["from_date"] = back(data["from_date"] and data["from_date"] + "T00:00:00+00:00", "%Y-%m-%d")
        path.write_text(json.dumps(data), encoding="utf-8")


def test_the_rule(settings, catalogue, server, monkeypatch) -> None:
    assert load_settings().full_refresh_days == FULL_REFRESH_DAYS == 7
    monkeypatch.setenv("NP_FULL_REFRESH_DAYS", "x")
    with pytest.raises(ValueError, match="NP_FULL_REFRESH_DAYS='x' är inte ett heltal"):
        load_settings()
    assert full_refresh_due([], 7) is None and last_full([]) is None


def test_refresh_turns_full_after_a_week_and_status_says_when(settings, catalogue, server, monkeypatch,
                                                              capsys) -> None:
    monkeypatch.setenv("NP_DATA_DIR", str(settings.data_dir))
    args = ["--base-url", server.base_url]
    assert main([*args, "refresh"]) == 0
    assert main([*args, "refresh"]) == 0
    raw = settings.raw_dir("kolada")
    assert [m.mode for m in list_runs(raw)] == ["full", "incremental"]
    for sid in ("kolada", "fohm"):
        _age_runs(settings.raw_dir(sid), 8)
    capsys.readouterr()
    assert main([*args, "refresh"]) == 0
    out = capsys.readouterr().out
    assert "dagar sedan (minst var 7:e dag, NP_FULL_REFRESH_DAYS): hämtar allt" in out
    assert [m.mode for m in list_runs(raw)] == ["full", "incremental", "full"]
    monkeypatch.setenv("NP_FULL_REFRESH_DAYS", "0")  # only refresh --full
    for sid in ("kolada", "fohm"):
        _age_runs(settings.raw_dir(sid), 30)
    assert main([*args, "refresh"]) == 0
    assert list_runs(raw)[-1].mode == "incremental"
    capsys.readouterr()
    main([*args, "status"])
    out = capsys.readouterr().out
    assert "Senaste fullständiga hämtning (kolada):" in out and "bara med refresh --full" in out
