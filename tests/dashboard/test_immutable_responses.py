"""dashboard/immutable_responses.py in front of a real ASGI app: Starlette's StaticFiles over real files, called
through the ASGI interface. What the app marks immutable is answered again without the app, byte for byte; anything
else (other cache rules, errors, cookies, ranges, conditions, query strings, HEAD, oversized bodies) reaches the app
every time."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from dashboard.immutable_responses import ImmutableResponseCache, is_immutable

IMMUTABLE = b"public, immutable, max-age=31536000"


class Counted:
    """StaticFiles over `folder` whose answers carry `cache_control` (and any extra headers); counts its calls."""

    def __init__(self, folder: Path, cache_control: bytes = IMMUTABLE, extra: list | None = None,
                 chunk_size: int | None = None):
        # inside a Starlette app, as in Streamlit: a missing file is the app's 404 answer
        self.files = Starlette(routes=[Mount("/", app=StaticFiles(directory=folder))])
        self.cache_control, self.extra, self.calls = cache_control, extra or [], 0
        self.chunk_size = chunk_size

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.calls += 1

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", self.cache_control), *self.extra]}
            await send(message)

        if self.chunk_size:  # answer in several body messages
            from starlette.responses import FileResponse
            old = FileResponse.chunk_size
            FileResponse.chunk_size = self.chunk_size
            try:
                await self.files(scope, receive, with_headers)
            finally:
                FileResponse.chunk_size = old
        else:
            await self.files(scope, receive, with_headers)


def call(app: Any, path: str, *, method: str = "GET", headers: tuple = (), query: bytes = b"") -> dict:
    """One HTTP request through the ASGI interface: status, headers and the whole body the client got."""
    messages: list[dict] = []
    requested = False

    async def receive() -> dict:
        """The request once; then, like a client that stays connected, nothing until the app stops listening."""
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": query,
             "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return {"status": start["status"], "headers": dict(start["headers"]), "body": body}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "index.abc123.js").write_bytes(b"console.log('a');" * 1000)
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 40)
    return tmp_path


def test_an_immutable_answer_is_replayed_byte_for_byte_without_the_app(folder: Path) -> None:
    app = Counted(folder)
    cache = ImmutableResponseCache(app)
    first = call(cache, "/index.abc123.js")
    again = [call(cache, "/index.abc123.js") for _ in range(3)]
    assert first["status"] == 200 and first["body"] == (folder / "index.abc123.js").read_bytes()
    assert all(a == first for a in again)           # status, every header, every byte
    assert app.calls == 1
    assert call(cache, "/font.woff2")["body"] == (folder / "font.woff2").read_bytes()
    assert app.calls == 2                             # another path is its own entry
    assert cache.stored_bytes == len(first["body"]) + (folder / "font.woff2").stat().st_size


def test_a_body_sent_in_chunks_is_kept_whole(folder: Path) -> None:
    app = Counted(folder, chunk_size=1000)
    cache = ImmutableResponseCache(app)
    first = call(cache, "/index.abc123.js")
    assert call(cache, "/index.abc123.js") == first
    assert first["body"] == (folder / "index.abc123.js").read_bytes() and app.calls == 1


def test_the_file_changing_on_disk_is_not_seen_once_kept(folder: Path) -> None:
    """The contract of `immutable`: the address's bytes never change. A hashed asset name keeps it; the test shows
    the replay really does not touch the file (and why only immutable answers are kept)."""
    cache = ImmutableResponseCache(Counted(folder))
    before = call(cache, "/index.abc123.js")["body"]
    (folder / "index.abc123.js").write_bytes(b"changed")
    assert call(cache, "/index.abc123.js")["body"] == before


@pytest.mark.parametrize("cache_control", [b"no-cache", b"public, max-age=60", b"private, immutable",
                                           b"no-store, immutable", b"immutable, no-cache"])
def test_answers_not_marked_immutable_reach_the_app_every_time(folder: Path, cache_control: bytes) -> None:
    app = Counted(folder, cache_control=cache_control)
    cache = ImmutableResponseCache(app)
    for _ in range(3):
        assert call(cache, "/index.abc123.js")["status"] == 200
    assert app.calls == 3 and not cache.stored


@pytest.mark.parametrize("extra", [[(b"set-cookie", b"session=1")], [(b"vary", b"Accept-Encoding")],
                                   [(b"content-encoding", b"gzip")]])
def test_answers_that_depend_on_the_client_are_not_kept(folder: Path, extra: list) -> None:
    app = Counted(folder, extra=extra)
    cache = ImmutableResponseCache(app)
    call(cache, "/index.abc123.js")
    call(cache, "/index.abc123.js")
    assert app.calls == 2 and not cache.stored


def test_errors_are_not_kept_even_when_marked_immutable(folder: Path) -> None:
    app = Counted(folder)
    cache = ImmutableResponseCache(app)
    assert call(cache, "/missing.js")["status"] == 404
    assert call(cache, "/missing.js")["status"] == 404
    assert app.calls == 2 and not cache.stored


@pytest.mark.parametrize(("method", "headers", "query"), [
    ("HEAD", (), b""),
    ("GET", ((b"range", b"bytes=0-9"),), b""),
    ("GET", ((b"if-none-match", b'"x"'),), b""),
    ("GET", ((b"if-modified-since", b"Sat, 05 Dec 2026 08:06:38 GMT"),), b""),
    ("GET", ((b"If-Range", b'"x"'),), b""),
    ("GET", (), b"v=2"),
])
def test_ranges_conditions_queries_and_head_go_to_the_app_even_after_a_kept_answer(
        folder: Path, method: str, headers: tuple, query: bytes) -> None:
    app = Counted(folder)
    cache = ImmutableResponseCache(app)
    whole = call(cache, "/index.abc123.js")
    answer = call(cache, "/index.abc123.js", method=method, headers=headers, query=query)
    assert app.calls == 2
    if headers and headers[0][0] == b"range":
        assert answer["status"] == 206 and answer["body"] == whole["body"][:10]  # the app's own partial answer
    if method == "HEAD":
        assert answer["body"] == b""


def test_size_limits_keep_the_store_bounded(folder: Path) -> None:
    size = (folder / "index.abc123.js").stat().st_size
    app = Counted(folder)
    too_big_entry = ImmutableResponseCache(app, max_entry_bytes=size - 1)
    call(too_big_entry, "/index.abc123.js")
    assert call(too_big_entry, "/index.abc123.js")["body"] == (folder / "index.abc123.js").read_bytes()
    assert app.calls == 2 and not too_big_entry.stored
    app = Counted(folder)
    full = ImmutableResponseCache(app, max_bytes=size + 100)   # room for the script, not also for the font
    call(full, "/index.abc123.js")
    call(full, "/font.woff2")
    call(full, "/font.woff2")
    assert list(full.stored) == [("", "/index.abc123.js")] and full.stored_bytes == size
    assert app.calls == 3


def test_websockets_and_lifespan_pass_through(folder: Path) -> None:
    seen: list[str] = []

    async def app(scope: dict, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    cache = ImmutableResponseCache(app)
    asyncio.run(cache({"type": "websocket", "path": "/_stcore/stream"}, None, None))
    asyncio.run(cache({"type": "lifespan"}, None, None))
    assert seen == ["websocket", "lifespan"]


def test_is_immutable_reads_the_directives_not_substrings() -> None:
    assert is_immutable([(b"Cache-Control", b"public, IMMUTABLE, max-age=31536000")])
    assert not is_immutable([(b"cache-control", b"max-age=60, x-not-immutable")])
    assert not is_immutable([(b"content-type", b"text/immutable")])
    assert not is_immutable([])
