"""ASGI middleware: a response the app itself marks `immutable` is kept and replayed, so a new browser's ~100 requests
for Streamlit's own hashed static files (its JavaScript chunks, fonts, CSS) cost the server one send each.

Why: a new session's page view fetches about 100 files (7.6 MB for the Kommunprofil, plotly's bundle included).
Starlette's StaticFiles answers each with four hand-offs to worker threads (stat, open, read, close) behind
Streamlit's middleware stack: ~0.9 ms of server CPU a file, 0.08–0.09 s a view, more than the page's own script
(benchmarks/page_views.py; docs/performance.md, issue 24).

What is kept, strictly: the answer to a GET without a query string and without Range or conditional headers
(If-None-Match, If-Modified-Since, If-Range, If-Match, If-Unmodified-Since), whose status is 200, whose
Cache-Control carries the `immutable` directive, that sets no cookie, varies by nothing and is not re-encoded (no
Content-Encoding), sent as ordinary body messages, at most `max_entry_bytes` long while the store stays under
`max_bytes`. Everything else goes to the app every time, and the app (Streamlit's own static handler, with its path
checks) decides what exists: this layer never reads a file, and a path is only ever answered with what the app
answered for exactly that path. "immutable" is the server's promise that the bytes at that address never change
(Streamlit names its assets by their content hash); the store lives as long as the process.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# request headers that ask for something other than the whole, current representation
PASS_THROUGH_REQUEST_HEADERS = frozenset({b"range", b"if-none-match", b"if-modified-since", b"if-range", b"if-match",
                                          b"if-unmodified-since"})
# response headers that make an answer depend on the request or the client
NOT_STORED_RESPONSE_HEADERS = frozenset({b"set-cookie", b"vary", b"content-encoding"})
MAX_BYTES = 64 * 2**20        # Streamlit's whole static folder is ~20 MB; a page view uses 3–8 MB of it
MAX_ENTRY_BYTES = 16 * 2**20  # plotly's bundle is 4.7 MB


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def is_immutable(headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...]) -> bool:
    """Cache-Control names the `immutable` directive (RFC 8246) and no header makes the answer client-specific."""
    immutable = False
    for name, value in headers:
        lower = name.lower()
        if lower in NOT_STORED_RESPONSE_HEADERS:
            return False
        if lower == b"cache-control":
            directives = {d.strip().split(b"=", 1)[0].lower() for d in value.split(b",")}
            if b"no-store" in directives or b"private" in directives or b"no-cache" in directives:
                return False
            immutable = immutable or b"immutable" in directives
    return immutable


def replayable_request(scope: Scope) -> bool:
    """A plain GET of a path: no query string, no range, no condition."""
    if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("query_string"):
        return False
    return not any(name.lower() in PASS_THROUGH_REQUEST_HEADERS for name, _ in scope.get("headers", ()))


class ImmutableResponseCache:
    """Keeps the app's immutable answers by request path and replays them (see the module's docstring)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.stored: dict[tuple[str, str], StoredResponse] = {}
        self.stored_bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not replayable_request(scope):
            await self.app(scope, receive, send)
            return
        key = (scope.get("root_path", ""), scope["path"])
        hit = self.stored.get(key)
        if hit is not None:
            await send({"type": "http.response.start", "status": hit.status, "headers": list(hit.headers)})
            await send({"type": "http.response.body", "body": hit.body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _recorder(self, key: tuple[str, str], send: Send) -> Send:
        """A send that passes every message on and keeps the whole answer when it may be replayed."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def record(message: Message) -> None:
            nonlocal size, keep
            kind = message["type"]
            if kind == "http.response.start":
                start.update(status=message["status"], headers=tuple(message.get("headers", ())))
                keep = message["status"] == 200 and is_immutable(start["headers"]) and not message.get("trailers")
            elif kind == "http.response.body" and keep:
                body = bytes(message.get("body", b""))
                size += len(body)
                keep = size <= self.max_entry_bytes
                chunks.append(body)
                if keep and not message.get("more_body", False):
                    self._store(key, StoredResponse(start["status"], start["headers"], b"".join(chunks)))
            else:  # a path send, trailers, anything not a plain body
                keep = False
            await send(message)

        return record

    def _store(self, key: tuple[str, str], response: StoredResponse) -> None:
        if key in self.stored or self.stored_bytes + len(response.body) > self.max_bytes:
            return
        self.stored[key] = response
        self.stored_bytes += len(response.body)
