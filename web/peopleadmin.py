"""What the Taskforce's participant pages read and change: the list with contacts and
bounce state, one participant's profile and contacts, a bounce reset, a CSV/JSONL import.

The import is the participants file's own (models/participantfile), so a file uploaded here
is read and stored exactly as by `fundwatch participants import`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from models.linefile import FileProblem
from models.participant import Contact, Participant
from models.participantfile import (
    ParticipantImportReport,
    import_participants,
    parse_participants_file,
)

PER_PAGE = 50
MAX_UPLOAD = 5 * 1024 * 1024  # 5 MB: thousands of participants; more goes through the CLI


def list_participants(
    session: Session, *, q: str | None, bouncing_only: bool, page: int
) -> list[Participant]:
    """Participants by name, with their contacts; `q` is part of a name, id or address."""
    query = select(Participant).options(selectinload(Participant.contacts))
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        by_address = select(Contact.participant_id).where(Contact.email.ilike(pattern, escape="\\"))
        query = query.where(
            or_(
                Participant.name.ilike(pattern, escape="\\"),
                Participant.public_id.ilike(pattern, escape="\\"),
                Participant.id.in_(by_address),
            )
        )
    if bouncing_only:
        query = query.where(
            Participant.id.in_(select(Contact.participant_id).where(Contact.bounce_state != "ok"))
        )
    query = query.order_by(func.lower(Participant.name), Participant.id)
    return list(session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))


def participant_by_ref(session: Session, *, ref: str) -> Participant | None:
    return session.scalar(
        select(Participant)
        .where(Participant.public_id == ref)
        .options(selectinload(Participant.contacts))
    )


def reset_bounces(contact: Contact) -> None:
    """The Taskforce checked the address: mail it again."""
    contact.bounce_state = "ok"
    contact.bounce_count = 0
    contact.last_bounce_at = None


def import_upload(session: Session, *, data: bytes, filename: str) -> ParticipantImportReport:
    """Parse and import an uploaded participants file (CSV when named .csv, else JSONL)."""
    suffix = ".csv" if filename.lower().endswith(".csv") else ".jsonl"
    with tempfile.TemporaryDirectory(prefix="fundwatch-upload-") as folder:
        path = Path(folder) / f"participants{suffix}"
        path.write_bytes(data)
        try:
            lines, report = parse_participants_file(path)
        except FileProblem as problem:
            report = ParticipantImportReport()
            report.warnings.append(str(problem).replace(str(path), filename or "the file"))
            return report
    return import_participants(session, lines, report=report)
