"""The last body of each listing page, kept beside its validators.

A listing answered by 304 still has to be read: its next-page link leads to the other
listing pages, and its items are the calls the crawl must count as seen and unchanged
(never as vanished). Only listings are kept (detail pages and feeds need no body once they
are known to be unchanged), gzip-compressed, one file per URL under
`DATA_DIR/crawl-cache/<source key>/`. Each file records the validators it was stored
with; a 304 answered for other validators is not trusted (the page is fetched again).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path


def validator_key(etag: str | None, last_modified: str | None) -> str:
    return json.dumps([etag or "", last_modified or ""])


class PageCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, url: str) -> Path:
        return self.folder / f"{hashlib.sha1(url.encode()).hexdigest()}.gz"

    def _header(self, handle: gzip.GzipFile) -> dict[str, str]:
        return json.loads(handle.readline().decode())

    def get(
        self, url: str, *, etag: str | None, last_modified: str | None
    ) -> tuple[bytes, str | None] | None:
        """(body, content type) stored for `url` under exactly these validators, else None."""
        try:
            with gzip.open(self._path(url), "rb") as handle:
                header = self._header(handle)
                if header.get("validators") != validator_key(etag, last_modified):
                    return None
                return handle.read(), header.get("content_type")
        except (OSError, EOFError, ValueError):
            return None

    def peek(self, url: str) -> bytes | None:
        """The body kept for `url`, whatever its validators (to find the links it holds)."""
        try:
            with gzip.open(self._path(url), "rb") as handle:
                handle.readline()
                return handle.read()
        except (OSError, EOFError):
            return None

    def has(self, url: str, *, etag: str | None, last_modified: str | None) -> bool:
        try:
            with gzip.open(self._path(url), "rb") as handle:
                header = self._header(handle)
        except (OSError, EOFError, ValueError):
            return False
        return header.get("validators") == validator_key(etag, last_modified)

    def put(
        self,
        url: str,
        body: bytes,
        *,
        etag: str | None,
        last_modified: str | None,
        content_type: str | None,
    ) -> None:
        """Store atomically (a temporary file renamed), so a killed crawl leaves no torn file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(url)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        header = {"validators": validator_key(etag, last_modified), "content_type": content_type}
        with gzip.open(tmp, "wb", compresslevel=1) as handle:
            handle.write(json.dumps(header).encode() + b"\n")
            handle.write(body)
        tmp.replace(path)
