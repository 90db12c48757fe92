"""Reads for the meeting pages (presentation mode, "nytt sedan förra mötet"), cached per database file version.

Which file to read comes from dashboard.data (the live database or the session's snapshot); the reading itself is
views.meeting (the same code the slides and handouts use, so screen and deck always agree). No DuckDB here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from dashboard import data
from indicators.catalogue import load_catalogue
from views.db import generation as _version
from views.db import reader
from views.meeting.agenda import Meeting, load_meeting
from views.meeting.changes import Changes, changes_since, diff_databases
from views.meeting.news import MeetingNews, meeting_news


@st.cache_data(max_entries=64, show_spinner=False)
def _meeting(path: str, version: tuple[int, int], area_id: str, gender: str) -> Meeting:
    with reader(Path(path)) as run:
        return load_meeting(run, area_id, gender=gender)


def read_meeting(area_id: str, gender: str = "T", dataset: str | None = None) -> Meeting:
    """The agenda screens for one area, from the session's dataset (live or a meeting snapshot)."""
    path = data.db_path(dataset)
    return _meeting(str(path), _version(path), area_id, gender)


@st.cache_data(max_entries=16, show_spinner=False)
def _diff(old: str, old_version: tuple[int, int], new: str, new_version: tuple[int, int]) -> Changes:
    return diff_databases(Path(old), Path(new))


def read_changes_since_snapshot(slug: str) -> Changes:
    """Today's live database against the meeting snapshot `slug`."""
    old, new = data.db_path(slug), data.db_path(data.LIVE)
    return _diff(str(old), _version(old), str(new), _version(new))


def baseline_snapshot(day: date, snapshots: list[dict]) -> dict | None:
    """The newest snapshot created on or before `day` (for comparing verdicts), or None."""
    earlier = [s for s in snapshots if str(s.get("created_at", ""))[:10] <= day.isoformat()]
    return max(earlier, key=lambda s: str(s.get("created_at", "")), default=None)


@st.cache_data(max_entries=16, show_spinner=False)
def _since(path: str, version: tuple[int, int], day: date, baseline: str | None) -> Changes:
    return changes_since(Path(path), day, Path(baseline) if baseline else None)


def read_changes_since_date(day: date) -> Changes:
    """What the refreshes finished on or after `day` changed in the live database."""
    path = data.db_path(data.LIVE)
    base = baseline_snapshot(day, data.list_snapshots())
    return _since(str(path), _version(path), day, base["path"] if base else None)


def _news(old: Path, new: Path, changes: Changes, area_id: str, gender: str) -> MeetingNews:
    county = load_catalogue().county_area
    before = _meeting(str(old), _version(old), area_id, gender)
    now = _meeting(str(new), _version(new), area_id, gender)
    return meeting_news(before, now, changes, gender, county)


def read_news_since_snapshot(slug: str, area_id: str, gender: str = "T", changes: Changes | None = None
                             ) -> MeetingNews:
    """The live database against the meeting snapshot `slug`, for one area (views.meeting.news); `changes`: the
    lists to count (default: the two files' differences)."""
    old, new = data.db_path(slug), data.db_path(data.LIVE)
    return _news(old, new, changes or read_changes_since_snapshot(slug), area_id, gender)


def previous_meeting(snapshots: list[dict], shown: str | None) -> dict | None:
    """The meeting to compare the shown data with: the newest saved meeting when the live database is shown, the
    newest one saved before it when a saved meeting (`shown`, its slug) is shown; None when there is none."""
    if not shown:
        return snapshots[0] if snapshots else None
    current = next((s for s in snapshots if s["slug"] == shown), None)
    if current is None:
        return None
    earlier = [s for s in snapshots if s["slug"] != shown
               and str(s.get("created_at", "")) <= str(current.get("created_at", ""))]
    return max(earlier, key=lambda s: str(s.get("created_at", "")), default=None)


def read_news(area_id: str, gender: str = "T") -> MeetingNews | None:
    """What changed for one area since the previous saved meeting (presentation mode's last screen); None when
    there is no earlier meeting to compare with."""
    shown = data.active_dataset()
    base = previous_meeting(data.list_snapshots(), shown)
    if base is None:
        return None
    old, new = Path(base["path"]), data.db_path(shown or data.LIVE)
    return _news(old, new, _diff(str(old), _version(old), str(new), _version(new)), area_id, gender)
