"""A digest as an email: the template context of a `DigestPlan`, its headers and Message-ID."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from matcher.matching import Reason, describe_reason, expand_countries
from matcher.taxonomy import country_name, load_taxonomy
from models.participant import Contact, Participant
from models.settings import Settings
from notifier import tokens
from notifier.emails import Email, make_message, make_message_id
from notifier.i18n import Translator, format_amount, format_day
from notifier.periods import period_label
from notifier.plan import DigestPlan, PlannedItem
from notifier.sections import ExtraSection

# Up to this many countries are named one by one; more are summed up.
MAX_NAMED_COUNTRIES = 5


def call_page_url(base_url: str, public_id: str) -> str:
    """The call's page on fundwatch: {base_url}/calls/{public_id}."""
    return f"{base_url.rstrip('/')}/calls/{quote(public_id, safe=':')}"


@cache
def _country(code: str, language: str) -> str:
    return country_name(code, language)


@cache
def _group_of(countries: frozenset[str]) -> str | None:
    """The taxonomy group whose members are exactly `countries`, if any."""
    for group in load_taxonomy().country_groups.values():
        if frozenset(group.members) == countries:
            return group.id
    return None


def where_text(countries: Sequence[str], *, home: str, _: Translator) -> str:
    """The call's countries in words: a group's name, a few names, or "Romania and 26 other
    countries" (the participant's own country first)."""
    if not countries:
        return _("value.not-stated")
    language = _.language
    wanted = expand_countries(countries)
    group = _group_of(wanted)
    if group is not None:
        return load_taxonomy().label("country_group", group, language)
    ordered = sorted(wanted, key=lambda code: (code != home, _country(code, language)))
    if len(ordered) <= MAX_NAMED_COUNTRIES:
        return ", ".join(_country(code, language) for code in ordered)
    first = _country(ordered[0], language)
    return _("value.others", first=first, count=len(ordered) - 1)


def who_text(applicant_types: Sequence[str], *, _: Translator) -> str:
    if not applicant_types:
        return _("value.not-stated")
    taxonomy = load_taxonomy()
    ids = [t for t in taxonomy.applicant_type_ids if t in set(applicant_types)]
    return ", ".join(taxonomy.label("applicant_type", t, _.language) for t in ids)


def deadline_text(item: PlannedItem, *, _: Translator) -> str:
    days = item.match.days_left
    if days is None:
        return _("value.rolling")
    when = format_day(item.match.next_deadline, _.language)
    left = _("value.today") if days == 0 else _("days", count=days)
    return f"{when} ({left})"


@dataclass(frozen=True, slots=True)
class CallView:
    """What a digest shows of one call, as strings (attributes: fast in templates)."""

    title: str
    funder: str
    deadline: str
    opens: str | None
    amount: str
    who: str
    where: str
    url: str | None
    page_url: str
    why: tuple[str, ...] = ()
    changed: str = ""
    offers: str = ""


@lru_cache(maxsize=65536)
def _why(reasons: tuple[Reason, ...], language: str) -> tuple[str, ...]:
    # Many contacts share the same reasons (same kind of body, country and themes).
    return tuple(describe_reason(reason, language) for reason in reasons)


@dataclass(frozen=True, slots=True)
class SectionView:
    key: str
    title: str
    note: str | None
    items: list[CallView]


class CallViews:
    """What a digest shows of each call, as strings in a language.

    A call recurs in many digests of one build; its words (funder, deadline, amount, who,
    where) are the same in all of them for one language and home country, so they are
    made once. Only "why it matched" and "changed" are the contact's own.
    """

    def __init__(self, base_url: str, *, offer_counts: dict[int, int] | None = None) -> None:
        self.base_url = base_url
        # How many open partnership offers name each call (issue 6), counted once per build.
        self.offer_counts = offer_counts or {}
        self._static: dict[tuple[int, str, str, Any], CallView] = {}

    def view(self, item: PlannedItem, *, participant: Participant, _: Translator) -> CallView:
        key = (item.call.id, _.language, participant.country, item.match.next_deadline)
        static = self._static.get(key)
        if static is None:
            static = self._static[key] = self._describe_call(item, participant, _)
        changed = ", ".join(_(f"change.{kind}") for kind in item.changed)
        return CallView(
            static.title,
            static.funder,
            static.deadline,
            static.opens,
            static.amount,
            static.who,
            static.where,
            static.url,
            static.page_url,
            _why(item.match.reasons, _.language),
            changed,
            self._offers(item.call.id, _.language),
        )

    def _offers(self, call_id: int, language: str) -> str:
        count = self.offer_counts.get(call_id, 0)
        if not count:
            return ""
        from notifier.offer_words import OfferWords

        return OfferWords(language)("count.offers", count=count)

    def _describe_call(
        self, item: PlannedItem, participant: Participant, _: Translator
    ) -> CallView:
        call, language = item.call, _.language
        opens = None
        if call.status == "forthcoming" and call.opening_date is not None:
            opens = _("value.opens", date=format_day(call.opening_date, language))
        return CallView(
            title=call.title,
            funder=call.funder or _("value.not-stated"),
            deadline=deadline_text(item, _=_),
            opens=opens,
            amount=format_amount(call.max_amount_eur, language) or _("value.not-stated"),
            who=who_text(call.applicant_types or [], _=_),
            where=where_text(call.countries or [], home=participant.country, _=_),
            url=call.url,
            page_url=call_page_url(self.base_url, call.public_id),
        )


@cache
def labels(language: str) -> SimpleNamespace:
    """The fixed words of a digest in `language`, made once (templates read attributes)."""
    _ = Translator(language)
    return SimpleNamespace(
        funder=_.label("label.funder"),
        deadline=_.label("label.deadline"),
        amount=_.label("label.amount"),
        who=_.label("label.who"),
        where=_.label("label.where"),
        why=_.label("label.why"),
        changed=_.label("label.changed"),
        link_funder=_("link.funder"),
        link_funder_label=_.label("link.funder"),
        link_fundwatch=_("link.fundwatch"),
        link_fundwatch_label=_.label("link.fundwatch"),
        intro_first=_("intro.first"),
        intro_later=_("intro.later"),
        unsubscribe=_("footer.unsubscribe"),
        unsubscribe_label=_.label("footer.unsubscribe"),
        preferences=_("footer.preferences"),
        preferences_label=_.label("footer.preferences"),
    )


def digest_message_id(contact: Contact, period: str, *, domain: str) -> str:
    return make_message_id("digest", period, contact.id, domain=domain, salt=contact.email)


def digest_context(
    *,
    contact: Contact,
    participant: Participant,
    plan: DigestPlan,
    period: str,
    settings: Settings,
    extra: Sequence[ExtraSection] = (),
    views: CallViews | None = None,
) -> dict[str, Any]:
    """What a digest shows, in the contact's language: the templates' context.

    The mail templates render it; the web app's preview of the next digest renders the same
    context with the site's own templates.
    """
    _ = Translator(contact.language)
    views = views or CallViews(settings.base_url)
    links = tokens.list_links(contact, settings)
    sections = [
        SectionView(
            key=key,
            title=_(f"section.{key}"),
            note=_(f"note.{key}") if key in ("check-eligibility", "closing-soon") else None,
            items=[views.view(item, participant=participant, _=_) for item in items],
        )
        for key, items in plan.sections.items()
    ]
    frequency = _(f"frequency.{period.partition(':')[0]}")
    return {
        "_": _,
        "t": labels(_.language),
        "name": participant.name,
        "heading": _("heading", name=participant.name),
        # The subject counts funding calls only; a digest of offers alone says so instead.
        "count": len(plan.items),
        "period_label": period_label(period, _.language),
        "first": plan.first,
        "sections": sections,
        "extra_sections": list(extra),
        "footer_why": _("footer.why", frequency=frequency, name=participant.name),
        "links": links,
        "unsubscribe_url": links.unsubscribe_url,
        "preferences_url": links.preferences_url,
        "base_url": settings.base_url,
    }


def digest_message(
    *,
    contact: Contact,
    context: dict[str, Any],
    period: str,
    settings: Settings,
    now: datetime | None = None,
) -> Email:
    """The digest email of `context` (from `digest_context`), with its unsubscribe headers."""
    headers = context["links"].headers(f"fundwatch digests <digests.{settings.mail_domain}>")
    return make_message(
        "digest",
        contact.email,
        context,
        sender=settings.mail_from,
        message_id=digest_message_id(contact, period, domain=settings.mail_domain),
        language=context["_"].language,
        headers=headers,
        date=now,
    )
