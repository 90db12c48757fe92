"""Exports write through a temp file created exclusively beside the target: a symlink planted at a predictable
`X.tmp` is never followed, a failed write leaves nothing behind, and --out of the wrong kind is refused (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.files import atomic_path, write_bytes_atomic
from exports.run import ExportPathError, run_export
from exports.slides import export_slides
from nyaperspektiv.cli import main

pytestmark = pytest.mark.duration(8)


def test_a_symlink_at_the_old_temp_name_is_not_followed(demo_db, browser, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("must stay", encoding="utf-8")
    out = tmp_path / "deck.pptx"
    (tmp_path / "deck.pptx.tmp").symlink_to(victim)
    export_slides(demo_db, out, browser=browser)
    assert victim.read_text(encoding="utf-8") == "must stay"
    assert out.stat().st_size > 10_000 and not out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx", "deck.pptx.tmp", "victim.txt"]


def test_a_failed_write_leaves_no_temp_file_and_the_old_file_stands(tmp_path: Path):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old deck")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"x" * 1_800_000)  # 1.8 MB written, then the writer fails
        raise RuntimeError("rendering failed")
    assert target.read_bytes() == b"old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]
    write_bytes_atomic(target, b"new deck")
    assert target.read_bytes() == b"new deck" and sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_slides_refuse_a_folder_and_handouts_refuse_a_file(settings, tmp_path: Path, capsys):
    folder = tmp_path / "ut"
    folder.mkdir()
    with pytest.raises(ExportPathError, match="är en mapp"):
        run_export(settings, "slides", out=folder)
    code = main(["--data-dir", str(settings.data_dir), "export", "slides", "--out", str(folder)])
    assert code == 2 and f"--out {folder} är en mapp" in capsys.readouterr().err
    afile = tmp_path / "fil.pdf"
    afile.write_bytes(b"")
    code = main(["--data-dir", str(settings.data_dir), "export", "handouts", "--out", str(afile)])
    assert code == 2 and "är en fil; ange en mapp" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
