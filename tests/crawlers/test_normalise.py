"""Normalising dates (many languages), amounts, statuses, URLs and text."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.normalise import (
    absolute_url,
    call_status,
    clean_text,
    find_dates,
    language_code,
    parse_amount,
    to_date,
)
from crawlers.pipelines import TOPIC_ID


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2027-03-31", None, date(2027, 3, 31)),
        ("2026-10-01T00:00:00.000+0000", None, date(2026, 10, 1)),
        ("Deadline: 18.09.2025", "en", date(2025, 9, 18)),
        ("31/03/2026 at 17:00 CET/CEST", "en", date(2026, 3, 31)),
        ("14-Oct-25 10:56 AM (New York time)", "en", date(2025, 10, 14)),
        ("Full Proposal Target Date: August 4, 2026", "en", date(2026, 8, 4)),
        ("Sept. 3, 2026", "en", date(2026, 9, 3)),
        ("31 March 2027, 17:00 CET", "en", date(2027, 3, 31)),
        ("avant le 30 avril 2027", "fr", date(2027, 4, 30)),
        ("1er mars 2026", "fr", date(2026, 3, 1)),
        ("12. März 2026", "de", date(2026, 3, 12)),
        ("3 de marzo de 2026", "es", date(2026, 3, 3)),
        ("2027. január 31.", "hu", date(2027, 1, 31)),
        ("31 октомври 2025", "mk", date(2025, 10, 31)),
        ("5 listopadu 2026", "cs", date(2026, 11, 5)),
        ("15 decembrie 2026", "ro", date(2026, 12, 15)),
        ("20. novembar 2026.", "sr", date(2026, 11, 20)),
    ],
)
def test_dates_in_the_pages_language(text: str, language: str | None, expected: date) -> None:
    assert find_dates(text, language) == [expected]


def test_every_date_of_a_text_in_order() -> None:
    assert find_dates("Opens 1 March 2026, closes 15 May 2026", "en") == [
        date(2026, 3, 1),
        date(2026, 5, 15),
    ]


def test_a_number_before_a_word_is_not_a_date() -> None:
    assert find_dates("15 projects 2026", "en") == []


def test_an_epoch_in_milliseconds_is_a_date() -> None:
    assert to_date("1790812800000") == date(2026, 10, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EUR 50 000", (50_000, "EUR")),
        ("up to 150.000 EUR", (150_000, "EUR")),
        ("2,700,000.00 €", (2_700_000, "EUR")),
        ("€ 1.234,56", (1_234.56, "EUR")),
        ("€2.7 million", (2_700_000, "EUR")),
        ("between €10,000 and €60,000", (60_000, "EUR")),
        ("USD 30,000", (30_000, "USD")),
        ("HUF 10 millió", (10_000_000, "HUF")),
        ("1 500 000", (1_500_000, None)),
    ],
)
def test_amounts(text: str, expected: tuple[float, str | None]) -> None:
    assert parse_amount(text) == expected


def test_a_bare_number_takes_the_default_currency() -> None:
    assert parse_amount(75000, default_currency="EUR") == (75_000, "EUR")


@pytest.mark.parametrize(
    ("text", "status"),
    [("Open", "open"), ("Forthcoming", "forthcoming"), ("31094503", "closed"), ("Maybe", None)],
)
def test_statuses(text: str, status: str | None) -> None:
    assert call_status(text) == status


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/calls/1", "https://funder.example/calls/1"),
        ("https://other.example/x", "https://other.example/x"),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("mailto:calls@funder.example", None),
    ],
)
def test_absolute_http_urls_only(href: str, expected: str | None) -> None:
    assert absolute_url("https://funder.example/list", href) == expected


def test_text_is_one_line_without_tags() -> None:
    assert clean_text("  <b>Roma</b>\n\n inclusion &amp; housing ") == "Roma inclusion & housing"


@pytest.mark.parametrize(
    ("value", "code"), [("en-GB", "en"), ("FR", "fr"), ("sr_Latn", "sr"), ("x", None)]
)
def test_language_codes(value: str, code: str | None) -> None:
    assert language_code(value) == code


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("CERV-2026-EQUAL: new call", ["CERV-2026-EQUAL"]),
        ("Topic HORIZON-CL2-2027-01-DEMOCRACY-06 opens", ["HORIZON-CL2-2027-01-DEMOCRACY-06"]),
        ("ERASMUS-EDU-2022-ECHE-CERT-FP", ["ERASMUS-EDU-2022-ECHE-CERT-FP"]),
        ("UNDP-MLI-00439 Achat de matériel", []),
        ("Call 2027 for cities", []),
    ],
)
def test_eu_topic_ids_in_titles(title: str, found: list[str]) -> None:
    assert TOPIC_ID.findall(title) == found
