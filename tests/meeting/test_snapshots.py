from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pytest

from core.meeting_snapshots import SnapshotIndexError, find_snapshot, read_index, slugify
from etl.meeting_snapshot import SnapshotError, create_snapshot


def list_snapshots(settings):
    return read_index(settings.snapshots_dir)


def _dataset(path, key):
    con = duckdb.connect()
    con.execute("ATTACH ? AS d (READ_ONLY)", [str(path)])
    row = con.execute("SELECT value FROM d.dataset WHERE key = ?", [key]).fetchone()
    con.close()
    return None if row is None else row[0]


def test_slugify_swedish_names():
    assert slugify("Möte 2026-12-01 (Äldrelivet)") == "mote-2026-12-01-aldrelivet"
    assert slugify("  Å ä Ö  ") == "a-a-o"


def test_create_snapshot_copies_stamps_and_indexes(settings):
    info = create_snapshot(settings, "Decembermötet 2026", now=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    assert info.slug == "decembermotet-2026"
    assert info.path == settings.snapshots_dir / "decembermotet-2026.duckdb"
    assert info.path.exists()
    assert _dataset(info.path, "snapshot_name") == "Decembermötet 2026"
    assert _dataset(info.path, "snapshot_created_at") == "2026-12-01T09:30:00Z"
    # the live file is untouched
    assert _dataset(settings.db_path, "snapshot_name") is None
    index = json.loads((settings.snapshots_dir / "index.json").read_text(encoding="utf-8"))
    assert index == [{"slug": "decembermotet-2026", "name": "Decembermötet 2026",
                      "created_at": "2026-12-01T09:30:00Z", "file": "decembermotet-2026.duckdb"}]
    assert not list(settings.snapshots_dir.glob("*.tmp"))
    # same observations as the live file
    con = duckdb.connect()
    con.execute("ATTACH ? AS a (READ_ONLY)", [str(settings.db_path)])
    con.execute("ATTACH ? AS b (READ_ONLY)", [str(info.path)])
    assert con.execute("SELECT count(*) FROM (SELECT * FROM a.observation EXCEPT SELECT * FROM b.observation)"
                       ).fetchone()[0] == 0
    con.close()


def test_list_snapshots_in_order_and_find(settings):
    create_snapshot(settings, "Andra", now=datetime(2026, 12, 2, tzinfo=UTC))
    create_snapshot(settings, "Första", now=datetime(2026, 11, 1, tzinfo=UTC))
    assert [s.name for s in list_snapshots(settings)] == ["Första", "Andra"]
    assert find_snapshot(settings.snapshots_dir, "andra").name == "Andra"
    with pytest.raises(SnapshotIndexError, match="inget sparat möte heter 'Tredje'"):
        find_snapshot(settings.snapshots_dir, "Tredje")


def test_same_name_twice_is_a_clear_error(settings):
    create_snapshot(settings, "Möte 1")
    with pytest.raises(SnapshotError, match="redan ett sparat möte som heter 'Möte 1'"):
        create_snapshot(settings, "Möte 1")
    with pytest.raises(SnapshotError, match="finns redan"):
        create_snapshot(settings, "möte-1")  # a different spelling of the same file name
    assert len(list_snapshots(settings)) == 1


def test_missing_live_db_and_empty_name(settings):
    with pytest.raises(SnapshotError, match="inga bokstäver eller siffror"):
        create_snapshot(settings, " -- ")
    settings.db_path.unlink()
    with pytest.raises(SnapshotError, match="ingen databas att spara på"):
        create_snapshot(settings, "Möte")


def test_broken_index_names_the_file(settings):
    settings.snapshots_dir.mkdir()
    (settings.snapshots_dir / "index.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SnapshotIndexError, match="index.json: not valid JSON"):
        list_snapshots(settings)
    with pytest.raises(SnapshotError, match="index.json: not valid JSON"):
        create_snapshot(settings, "Möte")


@pytest.mark.parametrize("content", ["[1, 2]", '[{"slug": 1, "name": "a", "created_at": "x", "file": "a"}]',
                                     '[{"slug": "a", "name": "a", "created_at": "x", "file": "../../etc/passwd"}]'])
def test_index_with_wrong_shapes_is_a_clear_error_not_a_typeerror(settings, content):
    settings.snapshots_dir.mkdir()
    (settings.snapshots_dir / "index.json").write_text(content, encoding="utf-8")
    with pytest.raises(SnapshotIndexError, match="index.json: entry 0"):
        list_snapshots(settings)
