"""When `refresh` fetches a source in full although an incremental fetch would do: its last full fetch is
`settings.full_refresh_days` days old or more (NP_FULL_REFRESH_DAYS, default 7). An incremental refresh asks what
changed since a date; a revision whose listing stamp (PxWeb `updated`) or change date is stale is never in that
answer, only a full fetch finds it. `status` says when each source was last fetched in full.

    due = full_refresh_due(manifests, days=7)         # a reason in Swedish, or None
    last_full(manifests)                              # the newest successful full run's start, or None
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from etl.raw_runs import Manifest, replayable


def _started(m: Manifest) -> datetime:
    return datetime.fromisoformat(m.started_at.replace("Z", "+00:00")).astimezone(UTC)


def last_full(manifests: Iterable[Manifest]) -> datetime | None:
    """When the newest successful (not excluded) full run started, UTC; None when there is none."""
    starts = [_started(m) for m in manifests if replayable(m) and m.mode == "full"]
    return max(starts) if starts else None


def full_refresh_due(manifests: Iterable[Manifest], days: int, now: datetime | None = None) -> str | None:
    """Why this refresh should be full (in Swedish), or None: no full run yet is not this module's business
    (refresh fetches in full then anyway); `days` 0 turns the rule off."""
    last = last_full(manifests)
    if days <= 0 or last is None:
        return None
    age = (now or datetime.now(UTC)) - last
    if age < timedelta(days=days):
        return None
    return (f"senaste fullständiga hämtning var {last:%Y-%m-%d %H:%M} UTC, {age.days} dagar sedan (minst var "
            f"{days}:e dag, NP_FULL_REFRESH_DAYS): hämtar allt, så att revideringar som ändringslistorna missar "
            "kommer med")
