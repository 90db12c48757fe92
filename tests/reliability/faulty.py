"""Small misbehaving HTTP servers on 127.0.0.1: one that trickles its body, one that redirects elsewhere."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextlib.contextmanager
def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v3"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def trickle_server(byte_every: float, size: int = 10_000) -> Iterator[str]:
    """Answers 200 with a `size`-byte body, one byte every `byte_every` seconds (never stalls a single read)."""
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                for _ in range(size):
                    if stop.wait(byte_every):
                        return
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                return

        def log_message(self, *args: object) -> None:
            pass

    with _serve(Handler) as url:
        try:
            yield url
        finally:
            stop.set()
            time.sleep(0.01)


@contextlib.contextmanager
def redirect_server(location: str) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    with _serve(Handler) as url:
        yield url
