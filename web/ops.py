"""/healthz and /metrics: what operators and their monitoring read.

- `/healthz`: the database answers, and the scheduler's heartbeat is recent. 200 when both
  are fine, else 503, with the details as JSON. `/healthz?check=database` checks only the
  database: the probe for a load balancer, which must keep routing to web workers while the
  scheduler (another process, maybe another machine) restarts.
- `/metrics`: Prometheus text, read from the database at each scrape, so every web worker
  reports the same figures (no per-process counters to add up): crawl runs, items and HTTP
  statuses per source, source states, outbox messages per kind and status (digests queued,
  sent, deferred, failed), calls per classifier version, the model in use, the heartbeat.
  Crawl figures cover the runs kept (housekeeping prunes runs older than 90 days), so they
  are gauges, not counters.

The app factory includes `router`; the routes read `app.state.engine` and `app.state.settings`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from models.call import Call
from models.digest import OutboxMessage
from models.ops import last_heartbeat
from models.source import CrawlRun, Source

router = APIRouter(tags=["operations"])

# The heartbeat job runs every minute; three missed beats mean the scheduler is not running.
HEARTBEAT_MAX_AGE_S = 180


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request, check: str | None = None) -> JSONResponse:
    engine: Engine = request.app.state.engine
    body: dict[str, Any] = {"database": _database_status(engine)}
    healthy = body["database"] == "ok"
    if check != "database":
        body["scheduler"] = scheduler_status(engine, now=datetime.now(UTC))
        healthy = healthy and body["scheduler"]["status"] == "ok"
    body["status"] = "ok" if healthy else "fail"
    return JSONResponse(body, status_code=200 if healthy else 503)


def _database_status(engine: Engine) -> str:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to answer is the finding, not a server error
        return f"error: {exc.__class__.__name__}"
    return "ok"


def scheduler_status(engine: Engine, *, now: datetime) -> dict[str, Any]:
    beat = last_heartbeat(engine)
    if beat is None:
        return {"status": "missing", "detail": "no scheduler has run on this database"}
    age = int(beat.age(now).total_seconds())
    return {
        "status": "ok" if age <= HEARTBEAT_MAX_AGE_S else "stale",
        "holder": beat.holder,
        "last_heartbeat": beat.heartbeat_at.isoformat(),
        "age_s": age,
    }


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(request.app.state.engine, request.app.state.settings))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class DatabaseCollector(Collector):
    """Every figure from a few aggregate queries, at scrape time."""

    def __init__(self, engine: Engine, settings: Any) -> None:
        self.engine = engine
        self.settings = settings

    def collect(self) -> Iterator[Any]:
        with Session(self.engine) as session:
            yield from _crawl_metrics(session)
            yield from _source_metrics(session)
            yield from _outbox_metrics(session)
            yield from _classifier_metrics(session, self.settings)
        beat = last_heartbeat(self.engine)
        heartbeat = GaugeMetricFamily(
            "fundwatch_scheduler_heartbeat_timestamp_seconds",
            "Unix time of the scheduler's last heartbeat (0: never).",
        )
        heartbeat.add_metric([], beat.heartbeat_at.timestamp() if beat else 0.0)
        yield heartbeat


def _crawl_metrics(session: Session) -> Iterator[Any]:
    runs = GaugeMetricFamily(
        "fundwatch_crawl_runs",
        "Crawl runs kept, by source and status.",
        labels=["source", "status"],
    )
    items = GaugeMetricFamily(
        "fundwatch_crawl_items",
        "Items in the crawl runs kept, by outcome.",
        labels=["source", "outcome"],
    )
    http = GaugeMetricFamily(
        "fundwatch_crawl_http_responses",
        "HTTP responses in the crawl runs kept, by status class.",
        labels=["source", "status"],
    )
    rows = session.execute(
        select(
            Source.key,
            CrawlRun.status,
            func.count(),
            func.sum(CrawlRun.items_seen),
            func.sum(CrawlRun.items_new),
            func.sum(CrawlRun.items_updated),
            func.sum(CrawlRun.items_unchanged),
            func.sum(CrawlRun.http_200),
            func.sum(CrawlRun.http_304),
            func.sum(CrawlRun.http_errors),
        )
        .join(Source, Source.id == CrawlRun.source_id)
        .group_by(Source.key, CrawlRun.status)
    ).all()
    totals: dict[tuple[str, str], float] = {}
    for key, status, count, *sums in rows:
        runs.add_metric([key, status], count)
        names = ("seen", "new", "updated", "unchanged", "200", "304", "error")
        for name, value in zip(names, sums, strict=True):
            totals[(key, name)] = totals.get((key, name), 0.0) + float(value or 0)
    for (key, name), value in sorted(totals.items()):
        (http if name in ("200", "304", "error") else items).add_metric([key, name], value)
    yield from (runs, items, http)


def _source_metrics(session: Session) -> Iterator[Any]:
    states = GaugeMetricFamily("fundwatch_sources", "Sources by health state.", labels=["state"])
    for state, count in session.execute(
        select(Source.state, func.count()).where(Source.enabled.is_(True)).group_by(Source.state)
    ):
        states.add_metric([state], count)
    disabled = session.scalar(select(func.count()).where(Source.enabled.is_(False)))
    states.add_metric(["disabled"], disabled or 0)
    success = GaugeMetricFamily(
        "fundwatch_source_last_success_timestamp_seconds",
        "Unix time of each source's last successful crawl.",
        labels=["source"],
    )
    for key, moment in session.execute(
        select(Source.key, Source.last_success_at).where(Source.last_success_at.is_not(None))
    ):
        success.add_metric([key], moment.timestamp())
    yield from (states, success)


def _outbox_metrics(session: Session) -> Iterator[Any]:
    outbox = GaugeMetricFamily(
        "fundwatch_outbox_messages",
        "Outbox messages by kind (digest, alert, ...) and status "
        "(queued, sending, sent, deferred, failed).",
        labels=["kind", "status"],
    )
    for kind, status, count in session.execute(
        select(OutboxMessage.kind, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.kind, OutboxMessage.status
        )
    ):
        outbox.add_metric([kind, status], count)
    yield outbox


def _classifier_metrics(session: Session, settings: Any) -> Iterator[Any]:
    calls = GaugeMetricFamily(
        "fundwatch_calls", "Calls by status and classifier version.", labels=["status", "version"]
    )
    for status, version, count in session.execute(
        select(Call.status, Call.classifier_version, func.count()).group_by(
            Call.status, Call.classifier_version
        )
    ):
        calls.add_metric([status, version or "none"], count)
    yield calls
    meta = model_meta(settings)
    if meta:
        info = InfoMetricFamily(
            "fundwatch_classifier_model", "The classifier model this deployment loads."
        )
        info.add_metric([], meta)
        yield info


def model_meta(settings: Any) -> dict[str, str] | None:
    """The model's meta.json (trained model first, else the shipped one), without loading it:
    a web worker that never classifies need not hold the model in memory for a scrape."""
    try:
        from matcher.classifier import META_FILE
        from matcher.service import SHIPPED_MODEL_DIR
    except ImportError:
        return None
    for origin, directory in (
        ("trained", settings.resolved_model_dir),
        ("shipped", SHIPPED_MODEL_DIR),
    ):
        path = Path(directory) / META_FILE
        if path.is_file():
            try:
                meta = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            return {
                "origin": origin,
                "trained_on": str(meta.get("trained_on", "unknown")),
                "sklearn_version": str(meta.get("sklearn_version", "unknown")),
                "records": str(meta.get("records", "")),
            }
    return None
