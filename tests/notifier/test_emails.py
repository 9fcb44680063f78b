"""The digest email: MIME structure, headers, links and both languages, text and HTML together."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from sqlalchemy import select

from models.db import read_session, write_session
from models.digest import OutboxMessage
from notifier import tokens
from notifier.build import build_digests
from notifier.emails import Email, as_7bit
from tests.notifier.conftest import EPOCH, EPOCH_TIME, make_call
from tests.notifier.mail import (
    assert_email_contains,
    assert_email_lacks,
    parse,
    parts,
    visible_text,
)


def digests(db, settings) -> dict:
    build_digests(db.engine, settings, as_of=EPOCH, now=EPOCH_TIME)
    with read_session(db.engine) as session:
        rows = session.scalars(select(OutboxMessage)).all()
    return {row.recipient: (row, parse(row.content)) for row in rows}


def housing_call(session, **overrides):
    values = {
        "public_id": "CERV-2027-EQUAL-LOCAL",
        "title": "Local alliances for housing <desegregation> & schools",
        "funder": "European Commission",
        "url": "https://funding.example.eu/cerv?lang=en&ref=fw",
        "countries": ["FR", "RO"],
        "applicant_types": ["local-authority", "ngo"],
        "themes": ["housing", "education"],
        "max_amount_eur": 250000.0,
        "deadlines": [EPOCH + timedelta(days=23)],
    }
    values.update(overrides)
    return make_call(session, **values)


def test_a_digest_is_multipart_alternative_text_then_html(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session)
    row, message = digests(db, settings)["alice@cluj.example.ro"]
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    assert row.subject == message["Subject"] == "1 funding call for Cluj-Napoca – week 48, 2026"
    _, html = parts(message)
    assert html.lstrip().startswith("<!DOCTYPE html>") and 'lang="en"' in html
    assert "max-width:600px" in html and 'name="viewport"' in html  # readable on a phone


def test_each_call_shows_what_a_member_needs(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session)
    _, message = digests(db, settings)["alice@cluj.example.ro"]
    assert_email_contains(
        message,
        "Local alliances for housing <desegregation> & schools",
        "European Commission",
        "16 December 2026 (23 days left)",
        "€250,000",
        "Municipality or other local authority, NGO or civil-society organisation",
        "Romania, France",
        "open to municipality or other local authority in Romania",
        "themes: education, housing and living conditions",
        "deadline in 23 days",
        "https://funding.example.eu/cerv?lang=en&ref=fw",
        "https://fundwatch.example.org/calls/CERV-2027-EQUAL-LOCAL",
    )
    _, html = parts(message)
    assert "<desegregation>" not in html  # autoescaped in HTML
    assert 'href="https://funding.example.eu/cerv?lang=en&amp;ref=fw"' in html
    # URLs stay whole in the raw message (no quoted-printable soft breaks).
    raw = message.as_bytes()
    assert b"https://funding.example.eu/cerv?lang=en&ref=fw" in raw


def test_french_digest_uses_french_labels_dates_and_amounts(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session, countries=["eu"], themes=["housing", "social-inclusion"])
    _, message = digests(db, settings)["bruno@strasbourg.example.fr"]
    assert message["Subject"] == (
        "1 appel à financement pour Eurométropole de Strasbourg – novembre 2026"
    )
    assert message["Content-Language"] == "fr"
    assert_email_contains(
        message,
        "Appels à financement pour Eurométropole de Strasbourg",
        "Nouveaux appels",
        "Bailleur\u00a0: European Commission",
        "16 décembre 2026 (23 jours restants)",
        "250\u202f000\u00a0€",
        "Commune ou autre collectivité locale",
        "États membres de l'UE",
        "thèmes\u00a0: logement et conditions de vie, inclusion sociale et pauvreté",
        "Se désabonner",
        "Gérer vos préférences",
        "Vous recevez ce résumé mensuel en tant que contact de Eurométropole de Strasbourg.",
    )
    assert_email_lacks(message, "Funder", "days left", "Unsubscribe")


def test_headers_unsubscribe_and_preferences_links(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session)
    row, message = digests(db, settings)["alice@cluj.example.ro"]
    contact_id = row.contact_id
    secret = settings.get_secret_key()
    unsubscribe = tokens.make_token(
        contact_id=contact_id,
        email="alice@cluj.example.ro",
        purpose="unsubscribe",
        secret_key=secret,
    )
    preferences = tokens.make_token(
        contact_id=contact_id,
        email="alice@cluj.example.ro",
        purpose="preferences",
        secret_key=secret,
    )
    assert message["To"] == "alice@cluj.example.ro"
    assert parseaddr(message["From"])[1] == "fundwatch@localhost"
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith("<digest.weekly-2026-W48.") and row.message_id.endswith(
        "@fundwatch.example.org>"
    )
    assert "alice" not in row.message_id  # the address stays out of the id
    assert message["List-Id"] == "fundwatch digests <digests.fundwatch.example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(message["List-Unsubscribe"]) == (
        f"<https://fundwatch.example.org/unsubscribe/{unsubscribe}>, "
        f"<mailto:fundwatch@localhost?subject=unsubscribe%20{unsubscribe}>"
    )
    assert_email_contains(
        message,
        f"https://fundwatch.example.org/unsubscribe/{unsubscribe}",
        f"https://fundwatch.example.org/preferences/{preferences}",
        "Unsubscribe",
        "Manage preferences",
    )
    # Every header line is short enough and untouched by RFC 2047 where it holds URIs.
    head = row.content.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))
    assert b"=?utf-8?" not in next(line for line in head.split(b"\r\n") if b"mailto" in line)


def test_message_id_is_stable_for_a_contact_and_period(db, settings, personas) -> None:
    from notifier.content import digest_message_id

    with read_session(db.engine) as session:
        from models.participant import Contact

        contact = session.scalars(select(Contact).order_by(Contact.id)).first()
    one = digest_message_id(contact, "weekly:2026-W48", domain="fw.example.org")
    assert one == digest_message_id(contact, "weekly:2026-W48", domain="fw.example.org")
    assert one != digest_message_id(contact, "weekly:2026-W49", domain="fw.example.org")


def test_sections_are_titled_and_check_eligibility_is_explained(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session, public_id="A")
        housing_call(session, public_id="B", title="Unclear call", countries=[], applicant_types=[])
    _, message = digests(db, settings)["alice@cluj.example.ro"]
    assert message["Subject"].startswith("2 funding calls for Cluj-Napoca")
    assert_email_contains(
        message,
        "New calls (1)",
        "Check eligibility (1)",
        "we could not tell from them who may apply or where",
        "eligibility not stated (countries, who may apply): check the call",
    )
    text, html = parts(message)
    assert text.index("New calls") < text.index("Check eligibility") < text.index("Unclear call")
    seen = visible_text(html)
    assert seen.index("New calls") < seen.index("Check eligibility") < seen.index("Unclear call")


def test_a_line_too_long_for_smtp_falls_back_to_quoted_printable() -> None:
    email = Email(
        sender="fundwatch <fw@example.org>",
        to="x@example.org",
        subject="Résumé",
        text="a" * 1200,
        html="<p>é</p>",
        message_id="<m.1@example.org>",
    )
    raw = email.as_bytes()
    assert b"Content-Transfer-Encoding: quoted-printable" in raw
    assert b"Content-Transfer-Encoding: 8bit" in raw  # the HTML part
    text, html = parts(parse(raw))
    assert text.strip() == "a" * 1200 and "é" in html
    assert parse(raw)["Subject"] == "Résumé"


def test_as_7bit_reencodes_8bit_parts_and_keeps_headers(db, settings, personas) -> None:
    with write_session(db.engine) as session:
        housing_call(session)
    row, message = digests(db, settings)["bruno@strasbourg.example.fr"]
    seven = as_7bit(row.content)
    assert seven.isascii()
    again = parse(seven)

    def lines(message):
        return [part.replace("\r\n", "\n").strip() for part in parts(message)]

    assert lines(again) == lines(message)
    for name in ("Subject", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert str(again[name]) == str(message[name])
