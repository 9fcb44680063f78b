"""Crawls store calls pending; one classifier process of its own tags them (never the crawl
process, which must not even import scikit-learn). End to end on loopback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawlers.classify import ClassifyOutcome
from crawlers.context import SourceConfig
from crawlers.run_one import SCRAPY_SETTINGS_ENV
from crawlers.runner import run_crawl, run_crawls
from models.call import Call
from models.db import read_session
from models.source import Source
from models.tagging import count_pending
from tests.conftest import Database
from tests.crawlers.conftest import EPOCH, TEST_SCRAPY_SETTINGS
from tests.crawlers.loopback import LoopbackSite

CLASSIFYING = {**TEST_SCRAPY_SETTINGS, "FUNDWATCH_CLASSIFY": True}
MEDIATORS = "Small grants for municipal Roma mediators, 2027 round"


@pytest.fixture
def desk(site: LoopbackSite, add_source: Any) -> Any:
    site.add_file("/feed.xml", "feed.xml")

    def add(db: Database) -> None:
        add_source(db, key="desk", kind="feed", url=site.url("/feed.xml"))

    return add


def test_crawled_calls_are_classified_by_a_process_of_their_own(
    db: Database, desk: Any, tmp_path: Path
) -> None:
    desk(db)
    classified: list[ClassifyOutcome] = []
    [outcome] = run_crawls(
        db.settings(tmp_path),
        ["desk"],
        as_of=EPOCH.isoformat(),
        scrapy_overrides=CLASSIFYING,
        on_classified=classified.append,
    )
    assert (outcome.report.status, outcome.report.items_new) == ("ok", 3)
    assert outcome.report.sklearn_imported is False  # the crawl process never loaded it
    [run] = classified
    assert (run.classified, run.remaining, run.error, run.returncode) == (3, 0, None, 0)
    assert run.peak_rss_mb is not None and run.peak_rss_mb > 0
    with read_session(db.engine) as session:
        calls = {c.title: c for c in session.scalars(select(Call))}
    assert all(c.classifier_version for c in calls.values())
    mediators = calls[MEDIATORS]
    # Read from the description by the classifier (the feed gives no structured amount).
    assert mediators.max_amount_eur == 25000 and mediators.tags_origin["max_amount_eur"] == "auto"
    assert mediators.evidence["max_amount_eur"]
    assert (tmp_path / "logs" / "classify.log").exists()
    # The feed unchanged: nothing stored, nothing pending, no classifier process started.
    run_crawls(
        db.settings(tmp_path),
        ["desk"],
        as_of=EPOCH.isoformat(),
        scrapy_overrides=CLASSIFYING,
        on_classified=classified.append,
    )
    assert (classified[1].started, classified[1].summary_line()) == (
        False,
        "classified: 0 calls (none pending)",
    )


def test_crawl_command_prints_the_classifier_line_and_a_failure_is_retried_next_time(
    cli: Any,
    sqlite_db: Database,
    desk: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk(sqlite_db)
    # FUNDWATCH_CLASSIFY false: stored pending, nothing classified by the command.
    first = cli("crawl", "desk")
    assert first.exit_code == 0 and "classified:" not in first.output
    assert count_pending(sqlite_db.engine) == 3
    # Classification on, but the model in DATA_DIR/model is from another version: the
    # calls stay pending and the line says why; the command still exits 0.
    monkeypatch.setenv(SCRAPY_SETTINGS_ENV, json.dumps(CLASSIFYING))
    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text(json.dumps({"sklearn_version": "0.1", "labels": []}))
    (model / "model.skops").write_bytes(b"not a model")
    second = cli("crawl", "desk")
    [line] = [x for x in second.output.splitlines() if x.startswith("classified:")]
    assert second.exit_code == 0
    assert line.startswith("classified: 0 calls in ")
    assert "3 still pending | error: cannot load the classifier: ModelVersionError" in line
    assert count_pending(sqlite_db.engine) == 3
    # The model fixed: the next crawl (the feed unchanged, a 304) classifies them.
    shutil.rmtree(model)
    third = cli("crawl", "desk")
    [line] = [x for x in third.output.splitlines() if x.startswith("classified:")]
    assert line.startswith("classified: 3 calls in "), line
    assert third.output.splitlines()[-1] == "1 source crawled: 1 ok, 0 failed"
    assert count_pending(sqlite_db.engine) == 0


def test_a_dry_run_line_carries_the_description_as_plain_text(
    sqlite_db: Database, desk: Any, tmp_path: Path
) -> None:
    desk(sqlite_db)
    with read_session(sqlite_db.engine) as session:
        row = session.scalars(select(Source)).one()
        source = {**SourceConfig.from_row(row).__dict__, "id": None}
    outcome = run_crawl(
        sqlite_db.settings(tmp_path),
        "desk",
        source=source,
        dry_run=True,
        scrapy_overrides=TEST_SCRAPY_SETTINGS,
    )
    descriptions = {item["title"]: item["description"] for item in outcome.items}
    assert descriptions[MEDIATORS].startswith("Municipalities of the Alliance may apply")
    assert all("<" not in text for text in descriptions.values())
