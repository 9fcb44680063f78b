"""A fixture web site on 127.0.0.1 for "test before saving": serves tests/web/files over
real HTTP (with a robots.txt that allows everything), in a thread of the test process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FILES = Path(__file__).resolve().parent / "files"
TYPES = {".xml": "application/rss+xml; charset=utf-8", ".txt": "text/plain"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            file = FILES / path.lstrip("/")
            if not path.startswith("/") or ".." in path or not file.is_file():
                self.send_error(404)
                return
            body, kind = file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # keep the test output quiet
        return


@contextmanager
def feed_site() -> Iterator[str]:
    """The base URL of a server for the fixture files, stopped on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def unix_sockets() -> Iterator[None]:
    """Dry runs crawl in a process forked from a fork server reached through a Unix socket:
    allow those (they never leave the machine); every other connection stays loopback-only
    (pytest-socket)."""
    import socket

    guarded = socket.socket.connect

    def connect(sock: socket.socket, *args: Any) -> Any:
        if sock.family == getattr(socket, "AF_UNIX", None):
            from pytest_socket import _true_connect

            return _true_connect(sock, *args)
        return guarded(sock, *args)

    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = guarded  # type: ignore[method-assign]
