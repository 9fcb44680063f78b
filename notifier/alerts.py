"""Source health mail to the Taskforce: one email per change of state, and a weekly summary.

A source that turns failing, empty or stale earns one email to each TASKFORCE_EMAILS
address, and one more when it recovers (back to ok): never one per run. `last_alerted_state`
on the source remembers what the Taskforce was last told; claiming an alert is a
conditional UPDATE of it, in the same transaction as the outbox rows, so two schedulers
(or a crash between the two) can never mail a change twice or lose it. Delivery is the
outbox's: `fundwatch digest send` sends these rows with the digests.
"""

from __future__ import annotations

import html
import logging
import threading
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from models.db import write_session
from models.digest import OutboxMessage
from models.settings import Settings
from models.source import Source
from notifier.emails import Email, make_message_id

log = logging.getLogger("fundwatch.alerts")

BAD_STATES = ("failing", "empty", "stale")
RECOVERED = "ok"
MAX_ALERTS_PER_RUN = 500

_WHY = {
    "failing": "its last 3 runs failed",
    "empty": "its last run found no calls, where earlier runs found some (a selector may no "
    "longer match the page)",
    "stale": "it has had no successful run for 3 of its intervals",
    RECOVERED: "its last run succeeded again",
}


def alert_due(source: Source) -> str | None:
    """The state the Taskforce must now be told about, or None.

    - an enabled source in a bad state the Taskforce was not told about: that state;
    - an enabled source back to ok after an alert: "ok" (the recovery mail);
    - otherwise (never alerted and fine, already told, disabled): nothing.
    """
    if not source.enabled:
        return None
    if source.state in BAD_STATES and source.last_alerted_state != source.state:
        return source.state
    if source.state == RECOVERED and source.last_alerted_state in BAD_STATES:
        return RECOVERED
    return None


_CANDIDATES = select(Source).where(
    Source.enabled.is_(True),
    or_(
        Source.state.in_(BAD_STATES)
        & (Source.last_alerted_state.is_(None) | (Source.last_alerted_state != Source.state)),
        (Source.state == RECOVERED) & Source.last_alerted_state.in_(BAD_STATES),
    ),
)


def alert_one_source(session: Session, *, settings: Settings, now: datetime) -> bool:
    """Find one source whose state change is untold, claim it, queue its mail. True if any."""
    source = session.scalars(_CANDIDATES.order_by(Source.id).limit(1)).first()
    if source is None:
        return False
    state = alert_due(source)
    if state is None:  # pragma: no cover - the query and alert_due say the same
        return False
    claimed = session.execute(
        update(Source)
        .where(
            Source.id == source.id,
            Source.state == source.state,
            Source.last_alerted_state.is_not_distinct_from(source.last_alerted_state),
        )
        # updated_at records Taskforce edits; an alert is not one.
        .values(last_alerted_state=state, updated_at=Source.updated_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return True  # another scheduler told it first: there was work, and it is done
    recipients = settings.taskforce_emails
    if not recipients:
        log.warning(
            "health alert not mailed: TASKFORCE_EMAILS is empty",
            extra={"source": source.key, "state": state},
        )
    for recipient in recipients:
        session.add(_alert_row(source, state, recipient, settings=settings, now=now))
    log.info(
        "health alert queued",
        extra={"source": source.key, "state": state, "recipients": len(recipients)},
    )
    return True


def send_health_alerts(
    engine: Engine, *, settings: Settings, now: datetime, stop: threading.Event | None = None
) -> int:
    """Queue every untold state change, one source per transaction; returns how many."""
    done = 0
    for _ in range(MAX_ALERTS_PER_RUN):
        if stop is not None and stop.is_set():
            break
        with write_session(engine) as session:
            if not alert_one_source(session, settings=settings, now=now):
                break
        done += 1
    return done


def _alert_row(
    source: Source, state: str, recipient: str, *, settings: Settings, now: datetime
) -> OutboxMessage:
    if state == RECOVERED:
        subject = f"[fundwatch] {source.name}: recovered"
    else:
        subject = f"[fundwatch] {source.name}: {state}"
    zone = settings.zone
    lines = [
        f"The source {source.name} ({source.key}) is now {state}: {_WHY[state]}.",
        "",
        f"Kind:          {source.kind}",
        f"URL:           {source.url}",
        f"Last success:  {_when(source.last_success_at, zone)}",
        f"Last error:    {_when(source.last_error_at, zone)}",
    ]
    if source.last_error and state != RECOVERED:
        lines += ["", "Error:", *source.last_error.strip().splitlines()[:20]]
    lines += ["", "`fundwatch sources list` shows every source's state."]
    message_id = make_message_id(
        "alert", source.key, state, int(now.timestamp()), recipient, domain=settings.mail_domain
    )
    return _outbox_row("alert", recipient, subject, "\n".join(lines), message_id, settings, now)


def queue_health_summary(session: Session, *, settings: Settings, now: datetime) -> int:
    """Queue the weekly summary to each Taskforce address (once per ISO week and address)."""
    sources = list(session.scalars(select(Source).order_by(Source.key)))
    year, week, _ = now.astimezone(settings.zone).isocalendar()
    counts = Counter(s.state if s.enabled else "disabled" for s in sources)
    subject = f"[fundwatch] Source health, week {week} of {year}: " + ", ".join(
        f"{n} {state}" for state, n in sorted(counts.items())
    )
    body = _summary_text(sources, settings.zone)
    queued = 0
    for recipient in settings.taskforce_emails:
        message_id = make_message_id(
            "health", f"{year}-W{week:02d}", recipient, domain=settings.mail_domain
        )
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)):
            continue  # already queued this week (the job ran twice)
        session.add(_outbox_row("health", recipient, subject, body, message_id, settings, now))
        queued += 1
    return queued


def _summary_text(sources: Sequence[Source], zone: ZoneInfo) -> str:
    if not sources:
        return "No sources are watched (fundwatch sources import --default loads the catalogue)."
    bad = [s for s in sources if s.enabled and s.state in BAD_STATES]
    lines = [f"{len(sources)} sources, {len(bad)} needing attention.", ""]
    for source in sorted(sources, key=lambda s: (s.state not in BAD_STATES, s.key)):
        state = source.state if source.enabled else "disabled"
        lines.append(
            f"{state:<9} {source.key:<32} last success {_when(source.last_success_at, zone)}"
        )
        if source.enabled and source.state in BAD_STATES and source.last_error:
            lines.append(f"{'':<9} {source.last_error.strip().splitlines()[0][:120]}")
    return "\n".join(lines)


def _outbox_row(
    kind: str,
    recipient: str,
    subject: str,
    text: str,
    message_id: str,
    settings: Settings,
    now: datetime,
) -> OutboxMessage:
    page = f'<pre style="font-family:monospace;white-space:pre-wrap">{html.escape(text)}</pre>'
    email = Email(
        sender=settings.mail_from,
        to=recipient,
        subject=subject,
        text=text + "\n",
        html=f"<!doctype html><html><body>{page}</body></html>",
        message_id=message_id,
        # RFC 3834: machine-made mail; vacation responders must not answer it.
        headers={"Auto-Submitted": "auto-generated"},
        date=now,
    )
    return OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=subject,
        message_id=message_id,
        content=email.as_bytes(),
        status="queued",
        next_attempt_at=now,
        created_at=now,
    )


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "never"
