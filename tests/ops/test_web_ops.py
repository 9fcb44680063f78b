"""/healthz and /metrics, on an app that includes web/ops.py's router."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import insert, select

from models.db import make_engine, write_session
from models.digest import OutboxMessage
from models.ops import beat, ensure_ops_tables
from models.source import CrawlRun, Source
from tests.conftest import Database
from tests.ops.support import add_source
from web.ops import router


@pytest.fixture
def client(ops_db: Database, tmp_path: Path) -> Iterator[TestClient]:
    app = FastAPI()
    app.state.settings = ops_db.settings(tmp_path)
    app.state.engine = ops_db.engine
    app.include_router(router)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_healthz_is_503_until_a_scheduler_beats(ops_db: Database, client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["database"] == "ok"
    assert answer.json()["scheduler"]["status"] == "missing"

    ensure_ops_tables(ops_db.engine)
    now = datetime.now(UTC)
    beat(ops_db.engine, holder="box:42", started_at=now, now=now - timedelta(seconds=30))
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["scheduler"]["holder"] == "box:42"


def test_healthz_reports_a_stale_heartbeat(ops_db: Database, client: TestClient) -> None:
    ensure_ops_tables(ops_db.engine)
    old = datetime.now(UTC) - timedelta(minutes=10)
    beat(ops_db.engine, holder="box:42", started_at=old, now=old)
    body = client.get("/healthz").json()
    assert body["status"] == "fail" and body["scheduler"]["status"] == "stale"
    assert body["scheduler"]["age_s"] >= 600


def test_the_load_balancer_probe_checks_only_the_database(client: TestClient) -> None:
    answer = client.get("/healthz", params={"check": "database"})
    assert answer.status_code == 200 and answer.json() == {"database": "ok", "status": "ok"}


def test_healthz_is_503_when_the_database_is_down(tmp_path: Path, ops_db: Database) -> None:
    app = FastAPI()
    app.state.settings = ops_db.settings(tmp_path)
    app.state.engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    app.include_router(router)
    with TestClient(app) as test_client:
        answer = test_client.get("/healthz", params={"check": "database"})
    assert answer.status_code == 503
    assert answer.json()["database"].startswith("error: ")


def metric_values(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return values


def test_metrics_report_crawls_outbox_sources_and_model(
    ops_db: Database, client: TestClient, tmp_path: Path
) -> None:
    model_dir = tmp_path / "model"  # as `fundwatch train` leaves it in DATA_DIR
    model_dir.mkdir()
    (model_dir / "meta.json").write_text(
        json.dumps({"trained_on": "2026-11-24", "sklearn_version": "1.9.0", "records": 596})
    )
    add_source(ops_db.engine, "eu-feed", enabled=True, state="failing")
    add_source(ops_db.engine, "off-feed", enabled=False)
    with write_session(ops_db.engine) as session:
        source_id = session.scalar(select(Source.id).where(Source.key == "eu-feed"))
        session.add_all([
            CrawlRun(source_id=source_id, status="ok", items_seen=10, items_new=4, http_200=3,
                     http_304=2),
            CrawlRun(source_id=source_id, status="failed", http_errors=5),
        ])  # fmt: skip
        now = datetime.now(UTC)
        session.execute(insert(OutboxMessage), [
            {"kind": "digest", "recipient": f"m{i}@example.org", "message_id": f"<{i}@t>",
             "content": b"x", "status": status, "next_attempt_at": now, "created_at": now}
            for i, status in enumerate(["queued", "sent", "sent", "deferred", "failed"])
        ])  # fmt: skip
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    values = metric_values(answer.text)
    assert values[("fundwatch_crawl_runs", (("source", "eu-feed"), ("status", "ok")))] == 1
    assert values[("fundwatch_crawl_runs", (("source", "eu-feed"), ("status", "failed")))] == 1
    assert values[("fundwatch_crawl_items", (("outcome", "new"), ("source", "eu-feed")))] == 4
    http = "fundwatch_crawl_http_responses"
    assert values[(http, (("source", "eu-feed"), ("status", "304")))] == 2
    assert values[(http, (("source", "eu-feed"), ("status", "error")))] == 5
    outbox = "fundwatch_outbox_messages"
    assert values[(outbox, (("kind", "digest"), ("status", "sent")))] == 2
    for status in ("queued", "deferred", "failed"):
        assert values[(outbox, (("kind", "digest"), ("status", status)))] == 1
    assert values[("fundwatch_sources", (("state", "failing"),))] == 1
    assert values[("fundwatch_sources", (("state", "disabled"),))] == 1
    assert values[("fundwatch_scheduler_heartbeat_timestamp_seconds", ())] == 0
    model = [dict(labels) for name, labels in values if name == "fundwatch_classifier_model_info"]
    assert model == [{"origin": "trained", "trained_on": "2026-11-24", "sklearn_version": "1.9.0",
                      "records": "596"}]  # fmt: skip
