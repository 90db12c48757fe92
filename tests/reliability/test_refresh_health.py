"""The refresh health reads attempts.jsonl per stream (each source's fetches, the build): a source that fails every
time must warn even when another source and the build succeed in between."""
from pathlib import Path

from core.attempts import record_attempt, refresh_health


def test_one_source_failing_warns_although_another_source_and_the_build_succeed(tmp_path: Path):
    for _ in range(3):
        record_attempt(tmp_path, "fetch", "failed", message="HTTP 500", source_id="kolada")
        record_attempt(tmp_path, "fetch", "ok", source_id="fohm")
        record_attempt(tmp_path, "build", "ok")
    health = refresh_health(tmp_path)
    assert health.failing and health.failures_in_a_row == 3
    assert health.last_failure["source_id"] == "kolada" and health.last_ok_at is None


def test_a_success_of_the_failing_source_ends_the_warning(tmp_path: Path):
    record_attempt(tmp_path, "fetch", "failed", message="HTTP 500", source_id="kolada")
    record_attempt(tmp_path, "fetch", "ok", source_id="fohm")
    record_attempt(tmp_path, "fetch", "ok", source_id="kolada")
    record_attempt(tmp_path, "build", "ok")
    assert not refresh_health(tmp_path).failing


def test_a_failing_build_is_its_own_stream(tmp_path: Path):
    record_attempt(tmp_path, "fetch", "ok", source_id="kolada")
    record_attempt(tmp_path, "build", "failed", message="disk full")
    record_attempt(tmp_path, "fetch", "ok", source_id="kolada")
    health = refresh_health(tmp_path)
    assert health.failing and health.last_failure["action"] == "build"
