"""A web site on 127.0.0.1 for crawler tests: fixture files over real HTTP.

Each page gets an ETag and a Last-Modified and is answered by a 304 to a conditional
request that matches; faults can be switched on per path (status codes, slow answers,
redirects, oversized bodies, gzip bombs, Retry-After). Every request is logged.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FILES = Path(__file__).resolve().parent / "files"
MODIFIED = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # send ETag / Last-Modified and answer 304s
    delay: float = 0.0  # seconds before answering (timeouts)
    size: int | None = None  # stream this many bytes of filler instead of `body`
    gzip_bomb: int | None = None  # a gzip body inflating to this many bytes
    fail_first: int = 0  # answer `status` this many times, then 200 with `body`
    modified: datetime = MODIFIED


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int


Route = Page | Callable[["Logged"], Page]


class LoopbackSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self.routes["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- set-up ---------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, page: Route) -> None:
        self.routes[path] = page

    def add_file(self, path: str, name: str, content_type: str | None = None, **kw: object) -> Page:
        suffix = Path(name).suffix
        default = {
            ".xml": "application/rss+xml; charset=utf-8",
            ".json": "application/json",
            ".html": "text/html; charset=utf-8",
        }.get(suffix, "application/octet-stream")
        page = Page((FILES / name).read_bytes(), content_type or default, **kw)  # type: ignore[arg-type]
        self.routes[path] = page
        return page

    def replace_text(self, path: str, old: str, new: str, *, when: datetime | None = None) -> None:
        """Edit a page (a moved deadline): new body, new ETag, later Last-Modified."""
        page = self.routes[path]
        assert isinstance(page, Page)
        assert old.encode() in page.body, old
        page.body = page.body.replace(old.encode(), new.encode())
        page.modified = when or datetime(2026, 11, 18, 8, 0, tzinfo=UTC)

    def requests(self, path: str | None = None) -> list[Logged]:
        with self.lock:
            return [r for r in self.log if path is None or urlsplit(r.path).path == path]

    def start(self) -> LoopbackSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- serving --------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                site._serve(self, "GET")

            def do_POST(self) -> None:
                site._serve(self, "POST")

            def do_HEAD(self) -> None:
                site._serve(self, "HEAD")

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        entry = Logged(method, handler.path, dict(handler.headers.items()), body, time.time(), 0)
        route = self.routes.get(urlsplit(handler.path).path)
        page = route(entry) if callable(route) else route
        with self.lock:
            self.log.append(entry)
            earlier = sum(1 for r in self.log if r.path == handler.path) - 1
        if page is None:
            entry.status = 404
            self._send(handler, 404, b"not found", {"Content-Type": "text/plain"}, method)
            return
        if page.delay:
            time.sleep(page.delay)
        if page.fail_first and earlier < page.fail_first:
            entry.status = page.status
            self._send(
                handler,
                page.status,
                b"busy",
                {"Content-Type": "text/plain", **page.headers},
                method,
            )
            return
        status = 200 if page.fail_first else page.status
        headers = {"Content-Type": page.content_type, **({} if page.fail_first else page.headers)}
        if page.validators and status == 200:
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = format_datetime(page.modified, usegmt=True)
            if self._not_modified(handler, etag, page.modified):
                entry.status = 304
                self._send(handler, 304, b"", {"ETag": etag}, method)
                return
        entry.status = status
        if page.gzip_bomb:
            headers["Content-Encoding"] = "gzip"
            self._send(handler, status, _bomb(page.gzip_bomb), headers, method)
        elif page.size:
            self._stream(handler, status, page.size, headers)
        else:
            self._send(handler, status, page.body, headers, method)

    @staticmethod
    def _not_modified(handler: BaseHTTPRequestHandler, etag: str, modified: datetime) -> bool:
        match = handler.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")]
        since = handler.headers.get("If-Modified-Since")
        if since:
            try:
                return modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
        method: str,
    ) -> None:
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if method != "HEAD" and status != 304:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _stream(
        handler: BaseHTTPRequestHandler, status: int, size: int, headers: dict[str, str]
    ) -> None:
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            chunk = b"<p>filler</p>\n" * 4096
            sent = 0
            while sent < size:
                part = chunk[: size - sent]
                handler.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass


_BOMBS: dict[int, bytes] = {}


def _bomb(size: int) -> bytes:
    if size not in _BOMBS:
        _BOMBS[size] = gzip.compress(b"<p>" + b" " * size + b"</p>", compresslevel=9)
    return _BOMBS[size]


def query(entry: Logged) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(entry.path).query).items()}
