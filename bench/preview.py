"""Preview bench: one member's next digest (the account page's preview) with 20,000 live calls.

    .venv/bin/python bench/preview.py [--calls 20000] [--contacts 200] [--previews 8]

1. Generates the calls and participants of bench/digest.py into a fresh SQLite database and
   builds the weekly contacts' digests of the week of 23 November 2026, so the previews of
   weekly contacts have a history (what is new since), the others are first digests (every
   match). The build's time divided by its contacts is printed as the batch's share of one
   contact.
2. For `--previews` contacts, in this one process (imports and templates loaded first, for
   both sides):
   - the build's way for one contact, as the preview did it before: every live call loaded,
     its facts and the text model of all of them made, then the contact matched;
   - `contact_matches`, the preview's way now, with an empty cache of call words (a new
     engine: the first preview after start-up) and with it filled (any later one);
   - the whole preview (`next_digest`, what GET /account/digest computes), cache filled.
   The two ways must find the same matches (same calls, scores and similarities): checked.
Target: the whole preview under 500 ms with 20,000 live calls on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from digest import AS_OF, generate  # noqa: E402  (bench/digest.py: the same data)

# Tuesday 24 November 2026, noon: the weekly and monthly contacts' next builds are ahead.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class Times:
    """Wall and CPU seconds of repeated calls. CPU time is what the wall time would be on an
    idle machine: the work is one thread's, the database a file in the page cache."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - started)
        return result

    def __str__(self) -> str:
        wall, cpu = statistics.median(self.wall) * 1000, statistics.median(self.cpu) * 1000
        return (
            f"median {wall:.0f} ms (min {min(self.wall) * 1000:.0f}, "
            f"max {max(self.wall) * 1000:.0f}), CPU median {cpu:.0f} ms"
        )


def the_build_s_way(session: Any, contact: Any, as_of: Any) -> Any:
    """One contact's matches as the preview found them before: every live call loaded, the
    facts and text model of all of them made (the build's MatchSource)."""
    from notifier import queries
    from notifier.build import MatchSource

    source = MatchSource(queries.live_calls(session=session, as_of=as_of), as_of=as_of)
    return source.matches_for([contact]).get(contact.participant_id, [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000, help="open calls to generate")
    parser.add_argument("--contacts", type=int, default=200, help="contacts to generate")
    parser.add_argument("--previews", type=int, default=8, help="contacts to preview")
    parser.add_argument("--keep", type=Path, help="use this folder and keep it")
    args = parser.parse_args()

    from sqlalchemy import select

    from models.db import make_engine, read_session
    from models.participant import Contact
    from models.settings import Settings
    from notifier import queries
    from notifier.build import build_digests, contact_matches, next_build_at, next_digest

    folder = args.keep or Path(tempfile.mkdtemp(prefix="fw-preview-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'bench.db'}"
    if (folder / "bench.db").exists():
        parser.error(f"{folder / 'bench.db'} exists: remove it first")
    generate(url, contacts=args.contacts, calls=args.calls)
    settings = Settings(
        data_dir=folder,
        database_url=url,
        base_url="https://fundwatch.example.org",
        secret_key="bench-secret-" + "x" * 40,
    )
    engine = make_engine(url)
    started = time.perf_counter()
    report = build_digests(engine, settings, as_of=AS_OF, frequency="weekly")
    seconds = time.perf_counter() - started
    print(
        f"{args.calls} calls, {args.contacts} contacts; batch build of week 48 (weekly "
        f"contacts): {report.built} digests in {seconds:.1f} s, "
        f"{seconds / max(report.due, 1) * 1000:.0f} ms a contact; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )

    with read_session(engine) as session:
        ids = session.scalars(select(Contact.id).order_by(Contact.id).limit(args.previews)).all()
    old, cold, warm, whole = Times(), Times(), Times(), Times()
    items = []
    for contact_id in ids:
        with read_session(engine) as session:
            contact = queries.contact_by_id(session=session, contact_id=contact_id)
            assert contact is not None
            due = next_build_at(contact.frequency, after=NOW, settings=settings)
            as_of = due.astimezone(settings.zone).date()
            expected = [(c.id, m) for c, m in old(the_build_s_way, session, contact, as_of)]
        fresh = make_engine(url)  # an empty cache of call words
        with read_session(fresh) as session:
            contact = queries.contact_by_id(session=session, contact_id=contact_id)
            assert contact is not None
            found = cold(contact_matches, session, contact, as_of=as_of)
            again = warm(contact_matches, session, contact, as_of=as_of)
        fresh.dispose()
        assert sorted(expected) == [(c.id, m) for c, m in found], contact_id
        assert [(c.id, m) for c, m in again] == [(c.id, m) for c, m in found], contact_id
        with read_session(engine) as session:
            next_digest(session, settings, contact_id=contact_id, now=NOW)  # fills the cache
            upcoming = whole(next_digest, session, settings, contact_id=contact_id, now=NOW)
        assert upcoming is not None and upcoming.preview is not None
        items.append(len(upcoming.preview.decision.plan.items))
    print(
        f"one contact's matches, {len(ids)} contacts ({statistics.mean(items):.1f} calls a "
        f"preview), the same matches both ways:\n"
        f"  the build's way (all live calls, as the preview did before): {old}\n"
        f"  contact_matches, empty cache (first preview of a process):   {cold}\n"
        f"  contact_matches, cache filled:                               {warm}\n"
        f"the whole preview (next_digest), cache filled: {whole} (target < 500 ms); "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    engine.dispose()


if __name__ == "__main__":
    main()
