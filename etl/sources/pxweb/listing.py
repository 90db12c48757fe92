"""PxWeb API v1 folder listings, read for one purpose: whether a table changed since a day (pure functions).

`GET <base>/<database>/<folder>` answers a JSON list of the folder's items, e.g.

    [{"id": "halsgodyreg.px", "type": "t", "text": "Självskattat allmänt hälsotillstånd …",
      "updated": "2025-06-10T13:00:52"},
     {"id": "01.02annat", "type": "l", "text": "…"}]

Tables are items of type "t"; their `updated` stamp is when the table's figures were last changed. An incremental
fetch asks for the listing first and skips a table's metadata and cells when the stamp is from a day before the
run's `from_date` (the UTC day the last successful run of the source started). Anything less certain (no listing,
no item for the table, no stamp, a stamp we cannot read, a stamp on or after that day) means "fetch it": the check
can save requests, never lose a change.

A stamp without a zone is Swedish local time, which is ahead of UTC; its date is never earlier than the UTC date,
so comparing dates cannot call a table unchanged that changed on or after `from_date`.
"""

from __future__ import annotations

import json
from datetime import date, datetime


def folder_of(table: str) -> str:
    """The folder path of a table path as the catalogue gives it (`A_Mo8/…/halsgodyreg.px` → `A_Mo8/…`)."""
    return table.strip("/").rsplit("/", 1)[0] if "/" in table.strip("/") else ""


def table_name(table: str) -> str:
    """The item id a listing gives the table (`A_Mo8/…/halsgodyreg.px` → `halsgodyreg.px`)."""
    return table.strip("/").rsplit("/", 1)[-1]


def updated_stamps(body: bytes) -> dict[str, str]:
    """Table item id → its `updated` stamp, from a listing body; {} when the body is not a listing we can read
    (then every table in the folder is fetched)."""
    try:
        items = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    if not isinstance(items, list):
        return {}
    return {item["id"]: item["updated"] for item in items
            if isinstance(item, dict) and item.get("type") == "t" and isinstance(item.get("id"), str)
            and isinstance(item.get("updated"), str)}


def _stamp_date(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def unchanged_since(stamps: dict[str, str], table: str, from_date: date | None) -> bool:
    """Whether the listing says `table` has not changed on or after `from_date` (False whenever unsure)."""
    if from_date is None:
        return False
    stamp = stamps.get(table_name(table))
    day = _stamp_date(stamp) if stamp is not None else None
    return day is not None and day < from_date
