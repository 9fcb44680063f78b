"""A local append-only journal of messages the server accepted, ahead of the database.

Results are written to the outbox in small batches (a commit per message would halve the
sending rate). A sender killed between the server's "250 OK" and that commit would send
those messages again; to keep duplicates to at most the few messages in flight at the kill,
each accepted message's row id is appended to this journal at once (one `write()`, which a
killed process cannot undo), and the next sender on the machine records the journal of a
dead one as sent before claiming anything, and makes the rows that dead sender still held
due again at once (no need to wait out their lease).

A live sender holds an exclusive `flock` on its journal, so a journal that can be locked
belongs to a dead sender.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".sent"


class SentJournal:
    """The journal of one sender (worker), locked for its life."""

    def __init__(self, directory: Path, worker: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{worker}{SUFFIX}"
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def append(self, row_id: int) -> None:
        os.write(self._fd, b"%d\n" % row_id)

    def close(self) -> None:
        """Remove the journal: call once every accepted message is recorded in the outbox."""
        if self._fd < 0:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = -1


def orphaned_journals(directory: Path) -> Iterator[tuple[str, list[int]]]:
    """(worker, accepted row ids) of each journal whose sender is dead.

    The journal is deleted once the caller has consumed the item (record it before asking
    for the next one); a crash in between leaves it for the next sender, and recording twice
    is harmless.
    """
    if not directory.is_dir():
        return
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its sender is alive
            with os.fdopen(os.dup(fd), "rb") as handle:
                lines = handle.read().split(b"\n")
            ids = [int(line) for line in lines if line.strip().isdigit()]
            yield path.name[: -len(SUFFIX)], ids
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        finally:
            os.close(fd)
