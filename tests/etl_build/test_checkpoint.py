"""Build checkpoints, the no-change build and prune, against a local Kolada v3 server and real DuckDB files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import checkpoint
from etl.build import build_database
from etl.fetch import fetch_run
from etl.raw_runs import list_runs, read_manifest, sha256_of, write_manifest
from etl.sources.registry import get_source
from nyaperspektiv.cli import main

pytestmark = pytest.mark.duration(20)
TABLES = ("observation", "observation_change", "series_change", "etl_run", "series", "area")
SOURCE = "kolada"


def table_bytes(db: Path, table: str, tmp: Path) -> bytes:
    """The table as DuckDB writes it to CSV, in its stored row order."""
    out = tmp / f"{table}.csv"
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"COPY (SELECT * EXCLUDE (fetched_at) FROM {table}) TO '{out}' (HEADER)"
                    if table == "series" else f"COPY {table} TO '{out}' (HEADER)")
    finally:
        con.close()
    return out.read_bytes()


def base_url(settings) -> str:  # noqa: ANN001 (Settings)
    return settings.base_url(get_source(SOURCE))


def revise_one(dataset, catalogue, n: int) -> None:
    kpi, area = catalogue.indicators[n].kpi, catalogue.municipality_ids[n]
    assert kpi is not None
    dataset.set_value(kpi, area, 2021, "T", 10.0 + n, changed=date.today())


def corrupt(run_dir: Path) -> tuple[Path, bytes]:
    """Change one byte of the run's first data file (its manifest keeps the old sha256); return the original."""
    manifest = read_manifest(run_dir)
    path = run_dir / next(f.file for f in manifest.files if f.kind == "data")
    body = path.read_bytes()
    path.write_bytes(body.replace(b'"gender": "K"', b'"gender": "X"', 1))
    return path, body


def test_a_build_from_a_checkpoint_replays_only_later_runs_and_matches_a_scratch_build_byte_for_byte(
        settings, catalogue, dataset, fast, tmp_path):
    fetch_run(settings, catalogue, mode="full", policy=fast)
    build_database(settings, catalogue)
    first = list_runs(settings.raw_dir(SOURCE))[0]
    assert [cp.run_id for cp in checkpoint.list_checkpoints(settings.data_dir, SOURCE)] == [first.run_id]
    for n in range(3):
        revise_one(dataset, catalogue, n)
        fetch_run(settings, catalogue, mode="incremental", policy=fast)
        # The full run's files are broken (its manifest is not): a build that read them would fail.
        path, body = corrupt(first.dir)
        result = build_database(settings, catalogue)
        path.write_bytes(body)
        assert not result.unchanged and result.changes == n + 1
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from_checkpoints = {t: table_bytes(settings.db_path, t, tmp_path / "a") for t in TABLES}
    checkpoint.checkpoints_dir(settings.data_dir, SOURCE).rename(tmp_path / "moved-away")
    build_database(settings, catalogue)
    from_scratch = {t: table_bytes(settings.db_path, t, tmp_path / "b") for t in TABLES}
    assert from_checkpoints == from_scratch
    assert from_scratch["observation"].count(b"\n") > 1000


def test_a_changed_manifest_invalidates_the_checkpoint(settings, catalogue, fast):
    run = fetch_run(settings, catalogue, mode="full", policy=fast)
    build_database(settings, catalogue)
    path, _ = corrupt(run.run_dir)
    manifest = read_manifest(run.run_dir)
    for entry in manifest.files:
        if entry.file == path.name:
            entry.sha256 = sha256_of(path.read_bytes())
    write_manifest(run.run_dir, manifest)
    with pytest.raises(Exception, match="gender 'X' is not one of T, K, M"):
        build_database(settings, catalogue)   # replayed from the raw runs, so the bad value is found


def test_a_refresh_that_brings_nothing_new_does_not_rebuild_and_moves_no_values(
        settings, catalogue, dataset, fast, capsys):
    args = ["--base-url", base_url(settings), "--data-dir", str(settings.data_dir)]
    assert main([*args, "refresh", "--full"]) == 0  # every source of the catalogue, once
    capsys.readouterr()
    before = settings.db_path.stat()
    assert main([*args, "refresh"]) == 0
    out = capsys.readouterr().out
    assert "byggs inte om" in out and "Inga nya, ändrade eller borttagna värden" in out
    after = settings.db_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    runs = list_runs(settings.raw_dir(SOURCE))
    assert [m.mode for m in runs] == ["full", "incremental"] and runs[-1].rows == 0
    newest, older = checkpoint.list_checkpoints(settings.data_dir, SOURCE)[:2]
    assert newest.run_id == runs[-1].run_id and newest.published_run_id == runs[0].run_id
    # The observation table was not written again: the new checkpoint links the old file.
    assert (newest.dir / "observation.parquet").stat().st_ino == (older.dir / "observation.parquet").stat().st_ino
    # A value changes: the next refresh rebuilds, and the database lists every run, the quiet one included.
    revise_one(dataset, catalogue, 0)
    assert main([*args, "refresh"]) == 0
    assert "Databas byggd" in capsys.readouterr().out
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM etl_run WHERE source_id = ?", [SOURCE]).fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM observation_change").fetchone()[0] == 1
    finally:
        con.close()


def test_a_catalogue_edit_rebuilds_even_when_the_source_brought_nothing(settings, catalogue, dataset, fast):
    fetch_run(settings, catalogue, mode="full", policy=fast)
    build_database(settings, catalogue)
    fetch_run(settings, catalogue, mode="incremental", policy=fast)
    renamed = catalogue.model_copy(update={"indicators": [
        catalogue.indicators[0].model_copy(update={"short_name": "Nytt kort namn"}), *catalogue.indicators[1:]]})
    result = build_database(settings, renamed)
    assert not result.unchanged
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        names = [n for (n,) in con.execute("SELECT short_name FROM indicator").fetchall()]
    finally:
        con.close()
    assert "Nytt kort namn" in names


def test_prune_deletes_old_raw_runs_only_when_asked_and_builds_still_work(
        settings, catalogue, dataset, fast, capsys):
    args = ["--base-url", base_url(settings), "--data-dir", str(settings.data_dir)]
    fetch_run(settings, catalogue, mode="full", policy=fast)
    build_database(settings, catalogue)
    for n in range(2):
        revise_one(dataset, catalogue, n)
        fetch_run(settings, catalogue, mode="incremental", policy=fast)
        build_database(settings, catalogue)
    runs = [m.run_id for m in list_runs(settings.raw_dir(SOURCE))]
    assert main([*args, "prune", "--dry-run"]) == 0
    assert "Skulle ta bort 2 råkörning(ar)" in " ".join(capsys.readouterr().out.split())  # rich wraps lines
    assert [m.run_id for m in list_runs(settings.raw_dir(SOURCE))] == runs
    assert main([*args, "prune", "--keep", "2"]) == 0
    assert [m.run_id for m in list_runs(settings.raw_dir(SOURCE))] == runs[1:]
    assert main([*args, "prune"]) == 0
    assert [m.run_id for m in list_runs(settings.raw_dir(SOURCE))] == runs[2:]
    pruned = json.loads((checkpoint.checkpoints_dir(settings.data_dir, SOURCE) / checkpoint.PRUNED).read_text())
    assert sorted(pruned) == runs[:2]
    # Later refreshes build on the kept checkpoint; the database still lists every run.
    revise_one(dataset, catalogue, 2)
    fetch_run(settings, catalogue, mode="incremental", policy=fast)
    result = build_database(settings, catalogue)
    assert result.changes == 3
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM etl_run").fetchone()[0] == 4
    finally:
        con.close()


def test_a_checkpoint_table_with_empty_columns_reads_back_equal(tmp_path: Path):
    """checkpoint.read_frame keeps a column without any value as one constant (memory), and the frame is still
    exactly what polars reads from the file: values, dtypes and column order; an empty table too."""
    import polars as pl

    from etl.frames import OBSERVATION_SCHEMA

    frame = pl.DataFrame({"series_id": ["kolada:N1", "kolada:N1", "kolada:N2"], "area_id": ["1780", "0000", "1780"],
                          "year": [2023, 2023, 2024], "gender": ["T", "K", "T"], "value": [1.5, None, 2.0],
                          "flag": [None, None, None], "count": [1, 1, 1], "run_id": ["r1", "r1", "r2"],
                          "ci_low": [None, None, None], "ci_high": [None, None, None], "n": [None, 40, None],
                          "period": [None, None, None]}, schema=OBSERVATION_SCHEMA)
    for name, table in (("some", frame), ("none", frame.clear())):
        path = tmp_path / f"{name}.parquet"
        table.write_parquet(path, compression="zstd", statistics=False)
        read = checkpoint.read_frame(path)
        assert read.equals(pl.read_parquet(path)) and read.schema == pl.read_parquet(path).schema
        assert list(read.columns) == list(OBSERVATION_SCHEMA)
        assert read.filter(pl.col("n").is_not_null()).height == (1 if name == "some" else 0)
