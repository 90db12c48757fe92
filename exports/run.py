"""What `python -m etl export slides|handouts` runs (nyaperspektiv/cli.py parses the arguments and prints the paths)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from core.meeting_snapshots import list_available, slugify
from core.settings import Settings
from exports.handouts import export_handouts
from exports.slides import export_slides
from indicators.catalogue import load_catalogue
from views.meeting.agenda import parse_scope


class ExportPathError(Exception):
    """`--out` names something the export cannot write to; the message names it."""


def _check_out(what: str, out: Path | None) -> None:
    """Slides go to a file, handouts into a folder: refuse the other kind before anything is rendered."""
    if out is None:
        return
    if what == "slides" and out.is_dir():
        raise ExportPathError(f"--out {out} är en mapp; ange en fil för bildspelet, t.ex. {out / 'mote.pptx'}")
    if what == "handouts" and out.exists() and not out.is_dir():
        raise ExportPathError(f"--out {out} är en fil; ange en mapp för utskrifterna")


def default_slides_path(settings: Settings, scope: str, area_id: str, today: date | None = None) -> Path:
    """$NP_DATA_DIR/exports/mote-<date>-<area>[-<life stage>].pptx"""
    area, life_stage = parse_scope(scope, area_id)
    parts = ["mote", (today or date.today()).isoformat(), area] + ([life_stage] if life_stage else [])
    return settings.data_dir / "exports" / (slugify("-".join(parts)) + ".pptx")


def run_export(settings: Settings, what: str, scope: str = "meeting", area_id: str | None = None,
               out: Path | None = None) -> list[Path]:
    """Export 'slides' (one .pptx; `out` is the file) or 'handouts' (PDFs; `out` is the folder).

    Handouts: every area (the county and the 16) unless `area_id` names one."""
    _check_out(what, out)
    county = load_catalogue().county_area
    if what == "slides":
        area = area_id or county
        path = out or default_slides_path(settings, scope, area)
        saved = list_available(settings.snapshots_dir)  # newest first: "Nytt sedan förra mötet" compares with it
        return [export_slides(settings.db_path, path, scope=scope, area_id=area,
                              baseline=saved[0].path if saved else None)]
    if what == "handouts":
        folder = out or settings.data_dir / "exports" / "handouts"
        return export_handouts(settings.db_path, folder, [area_id] if area_id else None)
    raise ValueError(f"export '{what}': expected slides or handouts")
