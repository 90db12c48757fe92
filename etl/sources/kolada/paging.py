"""Paged listings from Kolada v3: follow `next_url` until it is null.

A page may hold fewer rows than `per_page` and still have a `next_url` (and an empty page may too), so the row
count never ends the paging: only a null `next_url` does. A `next_url` seen before (a loop), one on another host
than the first page's, a page holding more rows than the `per_page` it asked for, or more than `max_pages` pages
is an error naming the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from core.redact import redact_url
from etl.http import HttpError, HttpSession, same_origin
from etl.raw_runs import utc_now_iso
from etl.sources.kolada.envelope import KoladaResponseError, parse_envelope
from etl.sources.kolada.urls import MAX_PER_PAGE

MAX_PAGES = 10_000


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    body: bytes  # as received
    rows: int  # len(values)
    next_url: str | None
    fetched_at: str  # ISO-8601 UTC, seconds


def page_size(url: str) -> int:
    """The `per_page` a URL asks for (Kolada's largest page when it names none or something unreadable)."""
    asked = parse_qs(urlsplit(url).query).get("per_page", [""])[-1]
    return int(asked) if asked.isdigit() and 0 < int(asked) <= MAX_PER_PAGE else MAX_PER_PAGE


def iter_pages(session: HttpSession, first_url: str, max_pages: int = MAX_PAGES) -> Iterator[Page]:
    """Every page of one listing, in order. Relative `next_url`s are resolved against the current page."""
    seen = {first_url}
    url: str | None = first_url
    count = 0
    while url is not None:
        response = session.get(url)
        payload = parse_envelope(url, response.body)
        count += 1
        rows, limit = len(payload["values"]), page_size(url)
        if rows > limit:
            raise KoladaResponseError(f"{redact_url(url)}: {rows} rows on one page, more than the {limit} asked "
                                      f"for; refused")
        raw_next = payload.get("next_url")
        next_url = urljoin(url, raw_next) if raw_next else None
        yield Page(url=url, status=response.status, body=response.body,
                   rows=rows, next_url=next_url, fetched_at=utc_now_iso())
        if next_url is not None:
            if not same_origin(first_url, next_url):
                raise HttpError(f"{redact_url(url)} gives next_url {redact_url(next_url)}, on another host than "
                                f"the configured one; not followed")
            if next_url in seen:
                raise HttpError(f"paging loop: {redact_url(url)} gives next_url {redact_url(next_url)}, which was "
                                f"already fetched (listing started at {redact_url(first_url)})")
            if count >= max_pages:
                raise HttpError(f"more than {max_pages} pages for {redact_url(first_url)}; stopped at "
                                f"{redact_url(next_url)}")
            seen.add(next_url)
        url = next_url
