""" "Test before saving" for the source form: a dry run of the source as typed, showing the
calls it would extract, their tags and which participants they would reach.

- Extraction is the crawler's own dry run (`crawlers.runner.run_crawl(..., dry_run=True)`,
  what `fundwatch sources test` runs): a crawl in a child process that stores nothing.
- Tags come from the classifier (`models.tagging.load_classifier`) when it is installed,
  fed as the store would feed it: the source's structured fields (deadlines, language)
  are given, the rest is the classifier's. The source's default themes stand in for the
  themes when there is no classifier.
- Reach is `matcher.matching.match_call`, the digests' rules, against every participant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.runner import run_crawl
from matcher.matching import CallFacts, Profile, expand_countries, match_call, normalise_words
from models.call import CALL_STATUSES
from models.participant import Participant
from models.settings import Settings
from models.tagging import load_classifier

# The page waits for the crawl: a source that takes longer is tested with the CLI.
DRY_RUN_TIMEOUT_S = 120
MAX_SHOWN = 25
NAMES_SHOWN = 8


@dataclass
class DryRunCall:
    title: str
    url: str | None
    public_id: str
    deadlines: list[str]
    language: str | None
    amount: float | None
    currency: str | None
    tags: dict[str, Any] | None
    reached: list[str] = field(default_factory=list)  # participant names, a few
    reach: int = 0


@dataclass
class DryRun:
    status: str
    error: str | None
    calls: list[DryRunCall]
    found: int
    warnings: list[str]
    classified: bool
    log_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def dry_run_source(
    session: Session,
    *,
    settings: Settings,
    values: dict[str, Any],
    today: date,
    timeout: float = DRY_RUN_TIMEOUT_S,
) -> DryRun:
    """Crawl the source described by `values` (a checked sources-file entry), store nothing."""
    outcome = run_crawl(
        settings,
        values["key"],
        source={**values, "id": None},
        dry_run=True,
        as_of=today.isoformat(),
        timeout=timeout,
    )
    items = outcome.items[:MAX_SHOWN]
    report = outcome.report
    outputs = _classify(settings, items, values, today)
    calls = [_call_of(item, output) for item, output in zip(items, outputs, strict=True)]
    _reach(session, calls, items, outputs, default_themes=values.get("tags") or [], today=today)
    warnings = [
        str(w.get("reason", "")) + (f" ({w['url']})" if w.get("url") else "")
        for w in report.warnings[:20]
    ]
    return DryRun(
        status=report.status,
        error=report.error,
        calls=calls,
        found=len(outcome.items),
        warnings=warnings,
        classified=any(output is not None for output in outputs),
        log_tail="" if report.status == "ok" else outcome.log_tail[-2000:],
    )


def _classifier_record(item: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": item.get("id"),
        "title": item.get("title") or "",
        # The dry-run line's description: plain text, cut at 5,000 characters.
        "description": item.get("description") or "",
        "url": item.get("url"),
        "funder": values.get("funder"),
        "published": item.get("published"),
    }
    if item.get("language"):
        record["language"] = item["language"]
    if item.get("deadlines"):
        record["deadline"] = list(item["deadlines"])
    return record


def _classify(
    settings: Settings, items: Sequence[dict[str, Any]], values: dict[str, Any], today: date
) -> list[dict[str, Any] | None]:
    if not items:
        return []
    classifier = load_classifier(settings.resolved_model_dir)
    if classifier is None:
        return [None] * len(items)
    records = [_classifier_record(item, values) for item in items]
    return list(classifier.classify_many(records, as_of=today))


def _deadlines(item: dict[str, Any], output: dict[str, Any] | None) -> list[str]:
    """The source's deadlines, else the one the classifier read in the text."""
    given = list(item.get("deadlines") or [])
    found = (output or {}).get("deadline")
    return given or ([str(found)] if found else [])


def _call_of(item: dict[str, Any], output: dict[str, Any] | None) -> DryRunCall:
    return DryRunCall(
        title=str(item.get("title") or ""),
        url=item.get("url"),
        public_id=str(item.get("id") or ""),
        deadlines=_deadlines(item, output),
        language=item.get("language"),
        amount=item.get("amount"),
        currency=item.get("currency"),
        tags=output,
    )


def _facts(
    key: int, item: dict[str, Any], output: dict[str, Any] | None, default_themes: list[str]
) -> CallFacts:
    tags = output or {}
    deadlines = _deadlines(item, output)
    status = item.get("status") if item.get("status") in CALL_STATUSES else "open"
    return CallFacts(
        key=key,
        status=status,
        deadlines=tuple(sorted(date.fromisoformat(d) for d in deadlines)),
        countries=expand_countries(tags.get("countries") or []),
        applicant_types=frozenset(tags.get("applicant_types") or []),
        themes=frozenset(tags.get("themes") or default_themes),
        funding_type=tags.get("funding_type"),
        words=normalise_words(f"{item.get('title') or ''}\n{item.get('description') or ''}"),
    )


def _reach(
    session: Session,
    calls: list[DryRunCall],
    items: Sequence[dict[str, Any]],
    outputs: Sequence[dict[str, Any] | None],
    *,
    default_themes: list[str],
    today: date,
) -> None:
    if not calls:
        return
    participants = list(session.scalars(select(Participant).order_by(Participant.name)))
    profiles = [(p.name, Profile.of(p)) for p in participants]
    for n, (call, item, output) in enumerate(zip(calls, items, outputs, strict=True)):
        facts = _facts(n, item, output, default_themes)
        names = [name for name, profile in profiles if match_call(profile, facts, today=today)]
        call.reach = len(names)
        call.reached = names[:NAMES_SHOWN]
