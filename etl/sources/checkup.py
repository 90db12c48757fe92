"""What `python -m etl doctor` reports per catalogue series (etl/doctor.py): each source that can ask its live
metadata implements `checkup(base_url, series, session, catalogue) -> list[SeriesCheck]` (no data, no build)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class SeriesCheck:
    source_id: str
    series: str  # the source's own id
    verdict: Verdict  # ok: as the catalogue expects; warn: fetchable, but look; fail: the fetch would refuse it
    title: str = ""  # the live title (metadata), "" when there is none
    latest: str = ""  # the latest period the live metadata offers ("2024", "2021-2024"), "" when unknown
    genders: str = ""  # "T", "T K M", … as the live metadata offers them
    advice: str = ""  # in Swedish: what is wrong and what to change in the catalogue (empty when ok)
