"""Test helper: a real HTTP server on 127.0.0.1 (a thread), serving routes the test defines:
pages, feeds, slow or failing endpoints. Nothing here reaches beyond loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What a path answers: a body and headers, or a function of the request's headers and of
    how many times it was asked (for 500-then-200, 429-with-Retry-After, 304)."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    respond: Callable | None = None  # (request headers, call number) -> (status, headers, body)


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, int, dict]] = field(default_factory=list)  # (path, status, request headers)
    bodies: list[tuple[str, bytes]] = field(default_factory=list)  # (path, request body) of POSTs
    port: int = 0
    _handling: threading.local = field(default_factory=threading.local, repr=False)

    def request_body(self) -> bytes:
        """The body of the POST being answered, for a `respond` function: each request is
        answered on its own thread, so this is its own body even when several run at once."""
        return self._handling.body

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[int]:
        return [status for p, status, _ in self.log if p == path]


@contextmanager
def web_server(site: Site) -> Iterator[Site]:
    calls: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            site._handling.body = body
            with lock:
                site.bodies.append((self.path, body))
            self.do_GET()

        def do_GET(self):  # noqa: N802 (http.server's name)
            route = site.routes.get(self.path)
            with lock:
                calls[self.path] = calls.get(self.path, 0) + 1
                number = calls[self.path]
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif route.respond is not None:
                status, headers, body = route.respond(dict(self.headers), number)
            else:
                status, headers, body = route.status, route.headers, route.body
            if route is not None and route.delay:
                time.sleep(route.delay)
            body = body.encode() if isinstance(body, str) else body
            with lock:
                site.log.append((self.path, status, dict(self.headers)))
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
