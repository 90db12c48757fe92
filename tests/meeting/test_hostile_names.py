"""Meeting names as people type (or paste) them: a 300-character name is saved under a safe, short file name and
shown in full; control characters never reach the index, the terminal or "Nytt sedan" (issue 23)."""

from __future__ import annotations

import json

import pytest

from core.meeting_snapshots import MAX_SLUG, clean_name, read_index, slugify
from etl.meeting_snapshot import create_snapshot
from nyaperspektiv.cli import main


def test_a_300_character_name_gets_a_short_file_and_keeps_its_full_name(settings):
    name = "Styrgruppen för Nya Perspektiv, Region Värmland och de sexton kommunerna " * 5
    name = name.strip()[:300]
    assert len(name) == 300
    info = create_snapshot(settings, name)
    assert len(info.slug) <= MAX_SLUG and info.path.exists()
    assert len(info.path.name.encode()) < 255
    assert read_index(settings.snapshots_dir)[0].name == clean_name(name)  # the full name, for display
    other = create_snapshot(settings, name[:-1] + "X")  # alike for 80 characters: still its own file
    assert other.slug != info.slug


def test_control_characters_are_removed_from_the_name(settings, capsys):
    hostile = "Möte\x1b[31m röd\x07 \u202egnirts\u202c\r\nrad två\t slut"
    code = main(["--data-dir", str(settings.data_dir), "snapshot", "--name", hostile])
    assert code == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    entry = json.loads((settings.snapshots_dir / "index.json").read_text(encoding="utf-8"))[0]
    assert entry["name"] == "Möte[31m röd gnirts rad två slut"
    assert all(c.isprintable() for c in entry["name"])


@pytest.mark.parametrize(("name", "slug"), [("Möte 2026-12-01 (Äldrelivet)", "mote-2026-12-01-aldrelivet"),
                                           ("Data och metod", "data-och-metod"), ("\x00\x1b", "")])
def test_slugify_is_the_one_slug(name, slug):
    assert slugify(name) == slug


def test_a_name_with_control_characters_from_an_older_index_is_read_clean(settings):
    info = create_snapshot(settings, "Novembermötet")
    index = settings.snapshots_dir / "index.json"
    entries = json.loads(index.read_text(encoding="utf-8"))
    entries[0]["name"] = "Nov\x1b[2Jembermötet\u202e"
    index.write_text(json.dumps(entries), encoding="utf-8")
    assert [i.name for i in read_index(settings.snapshots_dir)] == ["Nov[2Jembermötet"]
    assert info.path.exists()
