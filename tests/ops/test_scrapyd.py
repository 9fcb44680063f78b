"""CRAWL_BACKEND=scrapyd for real: a Scrapyd from PyPI on loopback, fundwatch deployed to it,
and the scheduler's crawl job landing a fixture site's calls in the database through it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

import scheduler
from crawlers.dispatch import deploy_to_scrapyd
from models.call import Call
from models.db import read_session
from models.source import CrawlRun
from tests.conftest import Database, require_service
from tests.crawlers.conftest import TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite
from tests.ops.support import add_source, child, free_port, fundwatch_env, wait_for


def status(url: str) -> dict | None:
    try:
        return httpx.get(f"{url}/daemonstatus.json", timeout=1).json()
    except httpx.HTTPError:
        return None


@pytest.fixture
def scrapyd_url(ops_db: Database, tmp_path: Path) -> Iterator[str]:
    """A Scrapyd node on 127.0.0.1 whose jobs see the test database (FUNDWATCH_* variables)."""
    if find_spec("scrapyd") is None:
        require_service("scrapyd is not installed (pip install scrapyd)")
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {home}/eggs\nlogs_dir = {home}/logs\n"
        f"dbs_dir = {home}/dbs\nitems_dir =\nmax_proc = 2\npoll_interval = 0.5\n"
    )
    env = fundwatch_env(ops_db.url, tmp_path)
    with child([sys.executable, "-m", "scrapyd"], env=env, cwd=home) as node:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: status(url) or node.poll() is not None, timeout=60, interval=0.1)
        assert node.poll() is None, node.stderr.read() if node.stderr else ""
        yield url
        node.terminate()
        try:
            node.wait(timeout=15)
        except subprocess.TimeoutExpired:
            node.kill()


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    server = LoopbackSite().start()
    server.add_file("/feed.xml", "feed.xml")
    yield server
    server.stop()


def test_the_scheduler_crawls_through_scrapyd(
    ops_db: Database, tmp_path: Path, scrapyd_url: str, site: LoopbackSite, monkeypatch
) -> None:
    assert deploy_to_scrapyd(scrapyd_url) == [f"{scrapyd_url}: fundwatch 0.1.0, 4 spiders"]
    spiders = httpx.get(
        f"{scrapyd_url}/listspiders.json", params={"project": "fundwatch"}, timeout=60
    )  # Scrapyd runs `scrapy list` to answer
    assert spiders.json()["spiders"] == ["feed", "ft-portal", "html", "json"]

    add_source(ops_db.engine, "desk-feed", enabled=True, url=site.url("/feed.xml"))
    # Sent to Scrapyd as per-job settings: no politeness delays, no classifier.
    monkeypatch.setenv("FUNDWATCH_SCRAPY_SETTINGS", json.dumps(TEST_SCRAPY_SETTINGS))
    settings = ops_db.settings(tmp_path, crawl_backend="scrapyd", scrapyd_url=scrapyd_url)
    scheduler.crawl_source(scheduler.Runtime(settings=settings, engine=ops_db.engine), "desk-feed")

    def finished_run() -> CrawlRun | None:
        with read_session(ops_db.engine) as session:
            return session.scalar(select(CrawlRun).where(CrawlRun.finished_at.is_not(None)))

    try:
        run = wait_for(finished_run, timeout=90, interval=0.3)
    except AssertionError:  # say why: the tail of each job's Scrapy log
        logs = sorted((tmp_path / "scrapyd" / "logs").rglob("*.log"))
        tails = ["\n".join(p.read_text(errors="replace").splitlines()[-15:]) for p in logs]
        raise AssertionError(
            "no finished crawl run; Scrapyd job logs:\n" + "\n".join(tails)
        ) from None
    with read_session(ops_db.engine) as session:
        titles = set(session.scalars(select(Call.title)))
    assert run.status == "ok" and run.items_new >= 3
    assert "Small grants for municipal Roma mediators, 2027 round" in titles

    def finished_jobs() -> list[str]:
        answer = httpx.get(f"{scrapyd_url}/listjobs.json", params={"project": "fundwatch"})
        return [job["id"] for job in answer.json()["finished"]]

    [job_id] = wait_for(finished_jobs, timeout=60, interval=0.2)
    assert job_id.startswith("desk-feed--")  # the job Scrapyd ran was the scheduler's
