"""Paged listings from Kolada v3: follow `next_url` until it is null.

A page may hold fewer rows than `per_page` and still have a `next_url` (and an empty page may too), so the row
count never ends the paging: only a null `next_url` does. A `next_url` on the first page's host but with another
scheme (`http://` behind an `https://` first page: a proxy that does not know it is behind TLS) is followed with the
configured scheme and port, never downgraded. A `next_url` seen before (a loop), one on another host than the
first page's, a page holding more rows than the `per_page` it asked for, or more than `max_pages` pages
is an error naming the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

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


DEFAULT_PORTS = {"http": 80, "https": 443}


def on_configured_origin(first_url: str, next_url: str) -> str | None:
    """`next_url` as it should be fetched: unchanged when on the first page's origin; with the first page's scheme
    and port when only the scheme differs (the same host, its default or the same port); None when it is another
    host (or port), which is not followed."""
    if same_origin(first_url, next_url):
        return next_url
    first, nxt = urlsplit(first_url), urlsplit(next_url)
    if nxt.scheme not in DEFAULT_PORTS or (nxt.hostname or "").lower() != (first.hostname or "").lower():
        return None
    if nxt.port not in (None, DEFAULT_PORTS[nxt.scheme], first.port):
        return None
    return urlunsplit((first.scheme, first.netloc, nxt.path, nxt.query, nxt.fragment))


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
        given = urljoin(url, raw_next) if raw_next else None
        next_url = on_configured_origin(first_url, given) if given else None
        yield Page(url=url, status=response.status, body=response.body,
                   rows=rows, next_url=next_url or given, fetched_at=utc_now_iso())
        if given is not None:
            if next_url is None:
                raise HttpError(f"{redact_url(url)} gives next_url {redact_url(given)}, on another host than "
                                f"the configured one; not followed")
            if next_url in seen:
                raise HttpError(f"paging loop: {redact_url(url)} gives next_url {redact_url(next_url)}, which was "
                                f"already fetched (listing started at {redact_url(first_url)})")
            if count >= max_pages:
                raise HttpError(f"more than {max_pages} pages for {redact_url(first_url)}; stopped at "
                                f"{redact_url(next_url)}")
            seen.add(next_url)
        url = next_url
