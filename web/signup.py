"""Sign-up through the web: a new participant and contact, confirmed by email first
(conventions §4: imported participants are confirmed, web sign-ups confirm their address).

- The answer is the same whatever the address: a new one gets a confirmation link; one
  already signed up but unconfirmed gets a new link (its stored answers are not touched, so
  nobody can rewrite another's sign-up); a confirmed member or an admin gets a login link
  instead; an erased (suppressed) address gets nothing. Every attempt adds a LoginToken row,
  so the login rate limit counts sign-ups exactly like logins and its 429 tells nothing.
- A confirmation token lives in the LoginToken table under the hash of "signup:" + token, so
  it never opens /login/<token> and a login token never confirms a sign-up.
- Confirming sets confirmed, confirmed_at and consent_at (the consent the form asked for,
  proven by the click) and logs the member in.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher.taxonomy import load_taxonomy
from models.account import LoginToken, secret_hash
from models.digest import OutboxMessage
from models.offer import PartnerOffer
from models.participant import CONTACT_LANGUAGES, FREQUENCIES, Contact, Participant
from models.settings import Settings
from web import auth, queries
from web.filters import known_countries
from web.i18n import translate
from web.privacy import is_suppressed

SIGNUP_TOKEN_LIFETIME = timedelta(hours=48)
# An unconfirmed sign-up is kept this long (its link lives 48 hours; it may ask again).
UNCONFIRMED_KEPT = timedelta(days=7)
MAX_NAME = 300
_SLUG = re.compile(r"[^a-z0-9]+")


class SignupForm(BaseModel):
    name: str = ""
    country: str = ""
    applicant_type: str = ""
    themes: list[str] = []
    email: str = ""
    language: str = ""
    frequency: str = "weekly"
    consent: str | None = None


@dataclass(frozen=True)
class Signup:
    name: str
    country: str
    applicant_type: str
    themes: list[str]
    email: str
    language: str
    frequency: str


def check_signup(form: SignupForm) -> tuple[Signup | None, dict[str, str]]:
    """The checked sign-up, or the English message key of each bad field."""
    taxonomy = load_taxonomy()
    errors: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        errors["name"] = "Give the name of your organisation."
    country = form.country.strip().upper()
    if country not in known_countries():
        errors["country"] = "unknown country"
    if form.applicant_type not in taxonomy.applicant_type_ids:
        errors["applicant_type"] = "unknown applicant type"
    themes = sorted(set(form.themes))
    if not themes or any(t not in taxonomy.theme_ids for t in themes):
        errors["themes"] = "Choose at least one theme."
    email = auth.normalise_email(form.email)
    if email is None:
        errors["email"] = "Please enter a valid email address."
    if form.language not in CONTACT_LANGUAGES:
        errors["language"] = "language"
    if form.frequency not in FREQUENCIES:
        errors["frequency"] = "frequency"
    if form.consent is None:
        errors["consent"] = "Tick the box to agree."
    if errors or email is None:
        return None, errors
    signup = Signup(
        name, country, form.applicant_type, themes, email, form.language, form.frequency
    )
    return signup, {}


def request_signup(
    *, session: Session, settings: Settings, signup: Signup, client: str | None, now: datetime
) -> auth.LinkRequest:
    """Record the attempt and queue the mail the address should get (see the module doc)."""
    email = signup.email
    if auth.is_rate_limited(session=session, email=email, client=client, now=now):
        return auth.LinkRequest(rate_limited=True)
    token = secrets.token_urlsafe(32)
    contact = queries.contact_by_email(session=session, email=email)
    admin = queries.admin_by_email(session=session, email=email)
    if is_suppressed(session, email):
        _token_row(session, email, client, now, token_hash=secret_hash(token), dead=True)
    elif (contact is not None and contact.confirmed) or admin is not None:
        _token_row(session, email, client, now, token_hash=secret_hash(token))
        session.add(
            auth.login_message(
                settings=settings,
                recipient=email,
                token=token,
                language=contact.language if contact is not None else signup.language,
                contact_id=contact.id if contact is not None else None,
                now=now,
            )
        )
    else:
        if contact is None:
            contact = _new_member(session, signup, now=now)
        _token_row(
            session,
            email,
            client,
            now,
            token_hash=signup_token_hash(token),
            lifetime=SIGNUP_TOKEN_LIFETIME,
        )
        session.add(confirmation_message(settings=settings, contact=contact, token=token, now=now))
    return auth.LinkRequest(rate_limited=False)


def signup_token_hash(token: str) -> str:
    return secret_hash(f"signup:{token}")


def _token_row(
    session: Session,
    email: str,
    client: str | None,
    now: datetime,
    *,
    token_hash: str,
    dead: bool = False,
    lifetime: timedelta = auth.LOGIN_TOKEN_LIFETIME,
) -> None:
    session.add(
        LoginToken(
            token_hash=token_hash,
            email=email,
            client=client[:100] if client else None,
            created_at=now,
            expires_at=now + lifetime,
            used_at=now if dead else None,
        )
    )


def _new_member(session: Session, signup: Signup, *, now: datetime) -> Contact:
    participant = Participant(
        public_id=_free_public_id(session, signup.name),
        name=signup.name,
        country=signup.country,
        applicant_type=signup.applicant_type,
        languages=[signup.language],
        themes=signup.themes,
        keywords=[],
        created_at=now,
    )
    contact = Contact(
        email=signup.email,
        language=signup.language,
        frequency=signup.frequency,
        confirmed=False,
        created_at=now,
    )
    participant.contacts.append(contact)
    session.add(participant)
    session.flush()
    return contact


def _free_public_id(session: Session, name: str) -> str:
    """A slug of the name with a random suffix ("marseille-3f9a1c"), unused so far."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = _SLUG.sub("-", ascii_name.lower()).strip("-")[:60] or "member"
    for _attempt in range(10):  # bounded: a collision of 24 random bits is rare already
        candidate = f"{base}-{secrets.token_hex(3)}"
        taken = session.scalar(select(Participant.id).where(Participant.public_id == candidate))
        if taken is None:
            return candidate
    return f"{base}-{secrets.token_hex(8)}"


def confirmation_message(
    *, settings: Settings, contact: Contact, token: str, now: datetime
) -> OutboxMessage:
    language = contact.language
    link = f"{settings.base_url}/signup/confirm/{token}"
    return auth.link_message(
        settings=settings,
        kind="signup",
        recipient=contact.email,
        subject=translate("Confirm your address for fundwatch", language),
        paragraphs=(
            translate("Hello,", language),
            translate(
                "open this link to confirm your address and start receiving the digests "
                "(it works once, for 48 hours):",
                language,
            )
            + f"\n{link}",
            translate(
                "If you did not sign up, ignore this message: nothing will be sent.", language
            ),
        ),
        contact_id=contact.id,
        now=now,
    )


def usable_signup_token(*, session: Session, token: str, now: datetime) -> bool:
    return (
        queries.usable_login_token(session=session, token_hash=signup_token_hash(token), now=now)
        is not None
    )


def confirm_signup(*, session: Session, token: str, now: datetime) -> Contact | None:
    """Spend the confirmation link; the contact, now confirmed, or None for a dead link."""
    email = queries.spend_login_token(session=session, token_hash=signup_token_hash(token), now=now)
    if email is None:
        return None
    contact = queries.contact_by_email(session=session, email=email)
    if contact is None:  # erased in the meantime
        return None
    if not contact.confirmed:
        contact.confirmed = True
        contact.confirmed_at = now
        contact.consent_at = now
    return contact


def purge_unconfirmed_signups(
    session: Session, *, now: datetime, kept: timedelta = UNCONFIRMED_KEPT
) -> int:
    """Delete sign-ups never confirmed within `kept`, and their participants when nothing
    else hangs on them (no other contact, no offer); returns how many contacts went.

    For the scheduler's daily housekeeping: an address typed by someone else must not stay.
    """
    stale = list(
        session.scalars(
            select(Contact).where(Contact.confirmed.is_(False), Contact.created_at < now - kept)
        )
    )
    owners = {contact.participant_id for contact in stale}
    for contact in stale:
        session.delete(contact)
    session.flush()
    if owners:
        has_contact = select(Contact.participant_id).where(Contact.participant_id.in_(owners))
        has_offer = select(PartnerOffer.participant_id).where(
            PartnerOffer.participant_id.in_(owners)
        )
        session.execute(
            delete(Participant).where(
                Participant.id.in_(owners),
                Participant.id.not_in(has_contact),
                Participant.id.not_in(has_offer),
            )
        )
    return len(stale)
