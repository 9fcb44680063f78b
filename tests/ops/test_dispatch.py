"""Crawl dispatch: the child's settings, the local run's report, and Scrapyd's schedule.json
(against a stand-in Scrapyd on loopback that records what it is sent)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.context import SourceConfig
from crawlers.dispatch import dispatch_crawl, run_report, schedule_on_scrapyd
from models.processes import child_environment
from models.settings import Settings


class FakeScrapyd:
    """Answers daemonstatus.json, listjobs.json and schedule.json like Scrapyd 1.x."""

    def __init__(self, *, running: list[dict[str, Any]] | None = None, load: int = 0) -> None:
        self.scheduled: list[dict[str, list[str]]] = []
        self.running = running or []
        self.load = load
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/daemonstatus.json":
                    self._json({"status": "ok", "pending": outer.load, "running": 0})
                elif path == "/listjobs.json":
                    self._json({"status": "ok", "pending": [], "running": outer.running})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = parse_qs(self.rfile.read(length).decode())
                outer.scheduled.append(form)
                self._json({"status": "ok", "jobid": form["jobid"][0]})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeScrapyd:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scrapyd() -> Iterator[FakeScrapyd]:
    with FakeScrapyd() as server:
        yield server


def test_scrapyd_gets_the_project_spider_source_and_politeness(
    scrapyd: FakeScrapyd, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, crawl_backend="scrapyd", scrapyd_url=scrapyd.url,
                        base_url="https://fundwatch.example.org", secret_key="s" * 40)  # fmt: skip
    source = SourceConfig(key="eu-portal", name="EU portal", kind="ft-portal",
                          url="https://example.eu/search", politeness={"delay_s": 2.5})  # fmt: skip
    outcome = dispatch_crawl(settings, source, stop=threading.Event())
    assert outcome.ok and outcome.detail.startswith("job eu-portal--")
    [form] = scrapyd.scheduled
    assert (form["project"], form["spider"], form["source"]) == (
        ["fundwatch"],
        ["ft-portal"],
        ["eu-portal"],
    )
    job_settings = dict(item.split("=", 1) for item in form["setting"])
    assert job_settings["DOWNLOAD_DELAY"] == "2.5"
    assert job_settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == "1"
    assert "https://fundwatch.example.org" in job_settings["USER_AGENT"]


def test_a_job_id_starts_with_the_source_key(scrapyd: FakeScrapyd) -> None:
    outcome = schedule_on_scrapyd(scrapyd.url, key="eu-portal", kind="ft-portal", now=1000)
    assert outcome.detail == f"job eu-portal--1000 on {scrapyd.url}"
    assert scrapyd.scheduled[0]["jobid"] == ["eu-portal--1000"]


def test_a_source_already_crawling_on_scrapyd_is_not_queued_again() -> None:
    with FakeScrapyd(running=[{"id": "slow-site--900", "spider": "html"}]) as busy:
        outcome = schedule_on_scrapyd(busy.url, key="slow-site", kind="html")
        assert outcome.ok and "already in flight as slow-site--900" in outcome.detail
        assert busy.scheduled == []


def test_the_least_busy_node_gets_the_crawl_and_a_dead_node_is_skipped() -> None:
    dead = "http://127.0.0.1:9"
    with FakeScrapyd(load=5) as busy, FakeScrapyd(load=1) as quiet:
        outcome = schedule_on_scrapyd(f"{dead},{busy.url},{quiet.url}", key="feed-a", kind="feed")
        assert outcome.ok and quiet.url in outcome.detail
        assert len(quiet.scheduled) == 1 and busy.scheduled == []


def test_no_node_answering_is_a_failed_dispatch() -> None:
    from crawlers.dispatch import ScrapydError

    with pytest.raises(ScrapydError):
        schedule_on_scrapyd("http://127.0.0.1:9", key="feed-a", kind="feed")


def test_a_child_process_gets_exactly_the_parents_settings(tmp_path: Path) -> None:
    parent = Settings(
        data_dir=tmp_path, database_url="sqlite:///x.db", taskforce_emails=["a@x.org", "b@x.org"],
        crawl_backend="scrapyd", scrapyd_url="http://127.0.0.1:6800", secret_key="s" * 40,
        timezone="Europe/Bucharest", port=8123,
    )  # fmt: skip
    env = child_environment(parent, base={"FUNDWATCH_MAIL_URL_FILE": "/run/secret", "PATH": "/bin"})
    assert "FUNDWATCH_MAIL_URL_FILE" not in env and env["PATH"] == "/bin"
    assert_same_settings(env, parent)


def test_a_secret_read_from_a_file_stays_in_its_file(tmp_path: Path, monkeypatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("f" * 40 + "\n")
    monkeypatch.setenv("FUNDWATCH_SECRET_KEY_FILE", str(secret))
    parent = Settings(data_dir=tmp_path)
    assert parent.secret_key == "f" * 40
    env = child_environment(parent)
    assert "FUNDWATCH_SECRET_KEY" not in env and env["FUNDWATCH_SECRET_KEY_FILE"] == str(secret)
    # An override on the command line wins over the file: then the value itself is passed.
    overridden = Settings(data_dir=tmp_path, secret_key="o" * 40)
    env = child_environment(overridden)
    assert env["FUNDWATCH_SECRET_KEY"] == "o" * 40 and "FUNDWATCH_SECRET_KEY_FILE" not in env


def assert_same_settings(env: dict[str, str], parent: Settings) -> None:
    child_settings = Settings(**{
        name: env[f"FUNDWATCH_{name.upper()}"] for name in Settings.model_fields
        if f"FUNDWATCH_{name.upper()}" in env
    })  # fmt: skip
    assert child_settings == parent


def test_the_run_report_is_the_last_summary_line() -> None:
    output = 'log line\nFUNDWATCH-RUN {"source_key": "eu", "status": "ok", "items_seen": 3}\n'
    report = run_report(output)
    assert report is not None and (report.source_key, report.items_seen) == ("eu", 3)
    assert run_report("Traceback ...\n") is None
