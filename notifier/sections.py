"""Digest sections other than calls: the extension point for partnership offers (issue 6).

A provider is asked, for each contact whose digest is being built, for its section; the
section is rendered after the call sections with the templates
`emails/sections/{key}-html.html` and `emails/sections/{key}-text.txt` (context: `section`,
`_`, `language`, `base_url`) and counts toward the subject's total, so a digest with only an
offers section is still sent. After the digest row is written, in the same transaction,
`record()` lets the provider remember what it announced (e.g. offers notified), so a rebuild
or a crash never announces it twice.

Issue 6 adds its provider to `EXTRA_SECTIONS` (or callers pass `sections=` to
`notifier.build.build_digests`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from models.participant import Contact


@dataclass
class ExtraSection:
    """A rendered-later section: its key names its templates; `items` is what it lists."""

    key: str
    title: str
    items: list[Any] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def item_count(self) -> int:
        return len(self.items)


class SectionProvider(Protocol):
    def collect(
        self, *, session: Session, contact: Contact, as_of: date, period: str, first: bool
    ) -> ExtraSection | None:
        """The section for this contact's digest, or None when it has nothing to show."""
        ...

    def record(self, *, session: Session, contact: Contact, digest_id: int, section: Any) -> None:
        """Remember what was announced, in the digest's own transaction."""
        ...


# Providers every `digest build` asks (issue 6 appends the partnership offers provider).
EXTRA_SECTIONS: list[SectionProvider] = []


def default_providers() -> list[SectionProvider]:
    """The extra sections of every digest: partnership offers (issue 6), then any registered."""
    # Imported here: notifier.offer_digest itself imports this module.
    from notifier.offer_digest import OffersSectionProvider

    return [OffersSectionProvider(), *EXTRA_SECTIONS]
