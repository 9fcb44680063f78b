"""What one crawl did: HTTP counts, items found and stored, problems met.

Filled by the middlewares, spiders and pipelines of a crawl process, written to its
`CrawlRun`, and printed by the crawl process as one JSON line for the parent (`crawl` CLI).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_WARNINGS = 200  # a run over a broken site must not write megabytes of warnings
SUMMARY_PREFIX = "FUNDWATCH-RUN "
DRY_RUN_PREFIX = "FUNDWATCH-ITEM "


@dataclass
class RunReport:
    source_key: str
    run_id: int | None = None
    status: str = "running"
    http_200: int = 0
    http_304: int = 0
    http_errors: int = 0
    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_failed: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)
    warnings_dropped: int = 0
    error: str | None = None
    peak_rss_mb: float | None = None  # the crawl process's peak memory
    # Whether scikit-learn was imported in the crawl process (it never should be: the
    # classifier runs in a process of its own).
    sklearn_imported: bool | None = None
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    # Listing pages whose followed detail pages failed: their validators are not kept.
    failed_parents: set[str] = field(default_factory=set)

    def warn(self, reason: str, *, url: str | None = None, **extra: Any) -> None:
        """Log one problem of the run (a bad item, a failed page); the run goes on."""
        if len(self.warnings) >= MAX_WARNINGS:
            self.warnings_dropped += 1
            return
        entry: dict[str, Any] = {"reason": reason[:500]}
        if url:
            entry["url"] = url
        entry.update(extra)
        self.warnings.append(entry)

    @property
    def fetched(self) -> int:
        return self.http_200 + self.http_304

    def finish(self, *, fatal: str | None = None) -> None:
        """Decide the run's status: failed when nothing could be fetched at all."""
        self.seconds = round(time.monotonic() - self.started, 3)
        self.items_seen = self.items_new + self.items_updated + self.items_unchanged
        if fatal:
            self.status, self.error = "failed", fatal
        elif self.fetched == 0:
            self.status = "failed"
            first = self.warnings[0]["reason"] if self.warnings else "nothing could be fetched"
            self.error = f"no page could be fetched: {first}"
        else:
            self.status = "ok"

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("failed_parents")
        data.pop("started")
        return json.dumps(data, default=str, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RunReport:
        data = json.loads(text)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def summary_line(self) -> str:
        """One line per source for the `crawl` command."""
        parts = [
            f"{self.source_key}: {self.status}",
            f"{self.items_seen} seen, {self.items_new} new, {self.items_updated} updated, "
            f"{self.items_unchanged} unchanged",
            f"http 200x{self.http_200} 304x{self.http_304} errors x{self.http_errors}",
        ]
        problems = len(self.warnings) + self.warnings_dropped
        if problems:
            parts.append(f"{problems} warning{'s' if problems != 1 else ''}")
        if self.error:
            parts.append(self.error.splitlines()[0][:120])
        parts.append(f"{self.seconds:.1f}s")
        return " | ".join(parts)
