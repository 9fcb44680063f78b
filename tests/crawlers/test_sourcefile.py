"""The sources YAML file: validation with key and reason, import/export, list, schedules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from crawlers.schedule import parse_schedule, schedule_interval
from crawlers.sourcefile import parse_sources
from models.source import Source


def test_sources_import_export_round_trip(run_cli, files: Path, db) -> None:
    result = run_cli("sources", "import", str(files / "sources.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "3 created" in result.output
    exported = yaml.safe_load(run_cli("sources", "export").stdout)
    original = yaml.safe_load((files / "sources.yaml").read_text())
    assert {e["key"]: e for e in exported} == {e["key"]: e for e in original}
    again = run_cli("sources", "import", str(files / "sources.yaml"))
    assert "0 created, 3 updated" in again.output
    with db.engine.connect() as conn:
        assert len(conn.execute(select(Source.key)).all()) == 3


def test_sources_list_shows_state(run_cli, files: Path) -> None:
    run_cli("sources", "import", str(files / "sources.yaml"))
    listing = run_cli("sources", "list").output
    assert "cerv-open" in listing and "new" in listing and "never" in listing
    assert "disabled" in listing  # eyf-news is not enabled


def test_each_bad_entry_is_reported_with_key_and_reason() -> None:
    text = """
- {key: ok, name: Fine, kind: feed, url: "https://a.example/rss"}
- {key: Bad Key, name: x, kind: feed, url: "https://a.example"}
- {key: k2, name: x, kind: carrier-pigeon, url: "https://a.example"}
- {key: k3, name: x, kind: feed, url: "file:///etc/passwd"}
- {key: k4, name: x, kind: feed, url: "https://a.example", schedule: "every now and then"}
- {key: k5, name: x, kind: html, url: "https://a.example", settings: {fields: {title: h2}}}
- {key: k6, name: x, kind: feed, url: "https://a.example", tags: [roads]}
- {key: k7, name: x, kind: json, url: "https://a.example", settings: {items: data, fields: {title: t}, colour: red}}
- {key: ok, name: dup, kind: feed, url: "https://a.example"}
"""
    entries, errors = parse_sources(text)
    assert [e.key for e in entries] == ["ok"]
    joined = "\n".join(errors)
    for expected in [
        "Bad Key: key: must be a slug",
        "k2: kind: unknown kind",
        "k3: url: must be",
        "k4: schedule: schedule 'every now and then'",
        "k5: kind html needs settings.item",
        "k6: tags: unknown theme 'roads'",
        "k7: settings for kind json: unknown key(s) colour",
        "ok: duplicate key",
    ]:
        assert expected in joined, expected


def test_invalid_yaml_is_one_clear_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- key: [unclosed\n")
    result = run_cli("sources", "import", str(path))
    assert result.exit_code == 1 and "not valid YAML" in result.stderr


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("every 30m", timedelta(minutes=30)),
        ("every 6h", timedelta(hours=6)),
        ("every 1d", timedelta(days=1)),
        ("every 2w", timedelta(weeks=2)),
        ("0 7 * * 1", timedelta(weeks=1)),
        ("*/15 * * * *", timedelta(minutes=15)),
    ],
)
def test_schedules(text: str, interval: timedelta) -> None:
    parse_schedule(text, timezone="Europe/Brussels")
    assert schedule_interval(text, timezone="Europe/Brussels") == interval


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        (
            {"item": "li", "fields": {"title": "a::text", "url": "a::attr(href)", "colour": "b"}},
            "settings.fields: unknown field(s) colour",
        ),
        (
            {"item": "li[[", "fields": {"title": "a::text", "url": "a::attr(href)"}},
            "bad selector 'li[['",
        ),
        (
            {"item": "li", "fields": {"title": "xpath:.//a[", "url": "a::attr(href)"}},
            "bad selector 'xpath:.//a['",
        ),
        (
            {"item": "li", "fields": {"title": "a::text", "url": "a::attr(href)"}, "detail": "p"},
            "settings.detail must be a mapping of field names",
        ),
        (
            {"item": "li", "fields": {"title": "a::text", "url": "a::attr(href)"}, "max_pages": 0},
            "settings.max_pages must be a whole number from 1 to 500",
        ),
    ],
)
def test_html_settings_are_checked(settings: dict, reason: str) -> None:
    entry = {
        "key": "k",
        "name": "x",
        "kind": "html",
        "url": "https://a.example",
        "settings": settings,
    }
    _, errors = parse_sources(yaml.safe_dump([entry]))
    assert reason in errors[0]


def test_feed_item_id_is_id_or_link() -> None:
    entry = {
        "key": "k",
        "name": "x",
        "kind": "feed",
        "url": "https://a.example",
        "settings": {"item_id": "guid"},
    }
    _, errors = parse_sources(yaml.safe_dump([entry]))
    assert "settings.item_id must be id or link" in errors[0]


def test_ft_portal_page_size_is_at_most_100() -> None:
    entry = {
        "key": "k",
        "name": "x",
        "kind": "ft-portal",
        "url": "https://a.example",
        "settings": {"page_size": 500},
    }
    _, errors = parse_sources(yaml.safe_dump([entry]))
    assert "settings.page_size must be a whole number from 1 to 100" in errors[0]


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("1-5", "mon-fri"),
        ("0", "sun"),
        ("7", "sun"),
        ("0-2", "sun,mon-tue"),
        ("5-7", "fri-sat,sun"),
        ("1,3,5", "mon,wed,fri"),
        ("*/2", "sun,tue,thu,sat"),
        ("*", "*"),
        ("mon-fri", "mon-fri"),
    ],
)
def test_crontab_weekdays_count_from_sunday(field: str, words: str) -> None:
    from crawlers.schedule import crontab_weekdays

    assert crontab_weekdays(field) == words


def test_a_weekday_cron_schedule_skips_the_weekend() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    brussels = ZoneInfo("Europe/Brussels")
    trigger = parse_schedule("0 6 * * 1-5", timezone="Europe/Brussels")
    friday = datetime(2026, 3, 27, 6, 0, 5, tzinfo=brussels)
    assert trigger.get_next_fire_time(None, friday) == datetime(2026, 3, 30, 6, 0, tzinfo=brussels)
