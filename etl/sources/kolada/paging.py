"""Paged listings from Kolada v3: follow `next_url` until it is null.

A page may hold fewer rows than `per_page` and still have a `next_url` (and an empty page may too), so the row
count never ends the paging: only a null `next_url` does. A `next_url` seen before (a loop) or more than
`max_pages` pages is an error naming the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from etl.http import HttpError, HttpSession
from etl.raw_runs import utc_now_iso
from etl.sources.kolada.envelope import parse_envelope

MAX_PAGES = 10_000


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    body: bytes  # as received
    rows: int  # len(values)
    next_url: str | None
    fetched_at: str  # ISO-8601 UTC, seconds


def iter_pages(session: HttpSession, first_url: str, max_pages: int = MAX_PAGES) -> Iterator[Page]:
    """Every page of one listing, in order. Relative `next_url`s are resolved against the current page."""
    seen = {first_url}
    url: str | None = first_url
    count = 0
    while url is not None:
        response = session.get(url)
        payload = parse_envelope(url, response.body)
        count += 1
        raw_next = payload.get("next_url")
        next_url = urljoin(url, raw_next) if raw_next else None
        yield Page(url=url, status=response.status, body=response.body,
                   rows=len(payload["values"]), next_url=next_url, fetched_at=utc_now_iso())
        if next_url is not None:
            if next_url in seen:
                raise HttpError(f"paging loop: {url} gives next_url {next_url}, which was already fetched "
                                  f"(listing started at {first_url})")
            if count >= max_pages:
                raise HttpError(f"more than {max_pages} pages for {first_url}; stopped at {next_url}")
            seen.add(next_url)
        url = next_url
