"""Full-text search of calls (the `q` filter): FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Every test on both databases (the `db` fixture), through the pages, the API and the feeds,
which share one filter code.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import delete, select, update

from models.call import Call
from models.db import write_session
from tests.web.factories import days, make_call
from web import queries
from web.filters import SearchTerm, search_terms


def _ids(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/calls/([^"]+)">', html)


def _search(client, q: str, **filters: str) -> list[str]:
    response = client.get("/calls", params={"q": q, **filters})
    assert response.status_code == 200, response.text[:300]
    return _ids(response.text)


# public id, days to the deadline (None: rolling), language, title, description, theme
CORPUS = [
    ("EGALITE", 10, "fr", "Égalité des chances à l'école",
     "Projets pour l'égalité femmes-hommes et la lutte contre la ségrégation.", "education"),
    ("CROSS", 20, "en", "Cross-border cooperation for Roma inclusion",
     "Municipalities work with partners across the border on housing.", "housing"),
    ("SCHOOLS", 30, "en", "School desegregation in small towns",
     "Schools and teachers; border areas welcome. Inclusion of Roma pupils.", "education"),
    ("RO", 40, "ro", "Apel pentru incluziunea romilor",
     "Finanțare pentru locuințe și educație în România.", "housing"),
    ("ROLLING", None, "en", "Rolling grants: EDUCATION for all",
     "Educational mediators; CERV-2026-EQUAL topic.", "education"),
]  # fmt: skip


@pytest.fixture
def corpus(db):
    """Calls in English, French and Romanian, one deadline apart so the order is known; one
    in Hungary; and a hidden call."""
    with write_session(db.engine) as s:
        for public_id, due, language, title, text, theme in CORPUS:
            make_call(
                s,
                public_id=public_id,
                deadlines=[] if due is None else [days(due)],
                language=language,
                title=title,
                description_text=text,
                themes=[theme],
                countries=["HU"] if public_id == "SCHOOLS" else ["FR", "RO"],
            )
        make_call(s, public_id="HIDDEN", hidden=True, deadlines=[days(5)], title="Égalité hidden")


def test_accents_and_case_are_ignored_both_ways(client, corpus) -> None:
    assert _search(client, "egalite") == ["EGALITE"]
    assert _search(client, "ÉGALITÉ") == ["EGALITE"]
    assert _search(client, "segregation") == ["EGALITE"]
    assert _search(client, "finantare locuinte") == ["RO"]  # ț, ț and ș folded
    assert _search(client, "România") == ["RO"]
    assert _search(client, "education") == ["ROLLING"]


def test_words_are_all_required_in_title_or_description(client, corpus) -> None:
    assert _search(client, "roma inclusion") == ["CROSS", "SCHOOLS"]
    assert _search(client, "roma housing") == ["CROSS"]  # title + description
    assert _search(client, "roma housing pupils") == []


def test_quoted_phrases_need_the_words_in_a_row(client, corpus) -> None:
    assert _search(client, "border") == ["CROSS", "SCHOOLS"]
    assert _search(client, '"border areas"') == ["SCHOOLS"]
    assert _search(client, '"areas border"') == []
    assert _search(client, "cross-border") == ["CROSS"]  # held as two words in a row
    assert _search(client, "CERV-2026-EQUAL") == ["ROLLING"]


def test_a_trailing_star_matches_words_starting_so(client, corpus) -> None:
    assert _search(client, "educat") == []
    assert _search(client, "educat*") == ["RO", "ROLLING"]  # educație, EDUCATION
    assert _search(client, "school") == ["SCHOOLS"]
    assert _search(client, "schools") == ["SCHOOLS"]
    assert _search(client, "schoo*") == ["SCHOOLS"]
    assert _search(client, "desegreg*") == ["SCHOOLS"]
    assert _search(client, '"small tow"*') == ["SCHOOLS"]


def test_results_keep_the_list_order_and_combine_with_filters(client, corpus) -> None:
    assert _search(client, "rom*") == ["CROSS", "SCHOOLS", "RO"]  # by deadline
    assert _search(client, "rom*", theme="housing") == ["CROSS", "RO"]
    assert _search(client, "roma", country="HU") == ["SCHOOLS"]
    assert _search(client, "rom*", language="ro") == ["RO"]
    assert _search(client, "grants") == ["ROLLING"]  # rolling calls too
    assert _search(client, "hidden") == []  # hidden calls never
    page = client.get("/calls", params={"q": "rom*", "theme": "housing"}).text
    for feed in ("atom", "ics", "csv"):  # the subscribe links keep the search
        assert f"/calls.{feed}?theme=housing&amp;q=rom%2A" in page


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '""',
        "*",
        "**",
        "NEAR(",
        "NEAR(a b)",
        "a OR",
        "OR",
        "AND NOT",
        "-",
        "-roma",
        "^roma",
        "title:roma",
        "roma:",
        "(",
        ")",
        "{a b}",
        "a + b",
        "'",
        "\\",
        "%",
        "_",
        "a & b | !c",
        "x:*",
        "<->",
        "égalité\u0301",
        "e\u0301galite\u0301",
        "日本語 テスト",
        "😀",
        "\u200b",
        "a" * 200,
    ],
)
def test_no_input_is_a_query_error(client, corpus, hostile) -> None:
    for path in ("/calls", "/calls.atom", "/calls.ics", "/calls.csv", "/api/v1/calls"):
        response = client.get(path, params={"q": hostile})
        assert response.status_code == 200, (path, hostile, response.text[:300])


def test_hostile_text_still_searches_its_words(client, corpus) -> None:
    assert _search(client, "(roma)") == ["CROSS", "SCHOOLS"]
    assert _search(client, "NEAR(roma") == []  # the words "near roma" in a row
    assert _search(client, "roma OR") == []  # "or" is a word to find, not an operator
    assert _search(client, "-roma* AND") == ["SCHOOLS"]  # no NOT: words "roma…" and "and"
    assert _search(client, "title:égalité") == []  # no column syntax: the word "title"
    assert _search(client, "e\u0301galite\u0301") == ["EGALITE"]  # decomposed accents


def test_text_without_a_word_finds_nothing(client, corpus) -> None:
    assert _search(client, "%") == []
    assert _search(client, "* - ()") == []


def test_feeds_exports_and_the_api_share_the_search(client, corpus) -> None:
    atom = ET.fromstring(client.get("/calls.atom", params={"q": "roma inclusion"}).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(atom.findall("a:entry", ns)) == 2
    ics = client.get("/calls.ics", params={"q": "egalite"}).text
    assert ics.count("BEGIN:VEVENT") == 1
    rows = list(csv.DictReader(io.StringIO(client.get("/calls.csv", params={"q": "rom*"}).text)))
    assert [row["id"] for row in rows] == ["CROSS", "SCHOOLS", "RO"]
    body = client.get("/api/v1/calls", params={"q": "ROM*", "theme": "housing"}).json()
    assert [item["id"] for item in body["items"]] == ["CROSS", "RO"]
    assert body["total"] == 2


def test_the_index_follows_changes_and_deletions(client, db, corpus) -> None:
    with write_session(db.engine) as s:
        s.execute(
            update(Call)
            .where(Call.public_id == "RO")
            .values(description_text="Sprijin pentru mediatori școlari.")
        )
    assert _search(client, "locuinte") == []
    assert _search(client, "mediatori scolari") == ["RO"]
    with write_session(db.engine) as s:
        call = s.scalar(select(Call).where(Call.public_id == "CROSS"))
        call.title = "Renamed call"
    assert _search(client, "cooperation") == []
    assert _search(client, "renamed") == ["CROSS"]
    with write_session(db.engine) as s:
        s.execute(delete(Call).where(Call.public_id == "SCHOOLS"))
    assert _search(client, "desegregation") == []
    with write_session(db.engine) as s:
        make_call(s, public_id="NEW", title="Brand new desegregation call")
    assert _search(client, "desegregation") == ["NEW"]


def test_many_hits_and_few_hits_give_the_same_answers(client, db, monkeypatch) -> None:
    # SQLite answers a search from its hits when they are few, else from the listing index.
    with write_session(db.engine) as s:
        for n in range(12):
            make_call(
                s,
                public_id=f"M{n:02d}",
                deadlines=[days(n + 1)],
                title=f"Mediators call {n}",
                themes=["health" if n % 2 else "education"],
            )
    expected = [f"M{n:02d}" for n in range(1, 12, 2)]
    assert _search(client, "mediators", theme="health") == expected
    monkeypatch.setattr(queries, "FEW_HITS", 3)
    assert _search(client, "mediators", theme="health") == expected
    body = client.get("/api/v1/calls", params={"q": "mediators", "per_page": 5}).json()
    assert (body["total"], body["pages"], len(body["items"])) == (12, 3, 5)


# -- the parser (no database) -------------------------------------------------------------------


def test_search_terms_parse_words_phrases_and_prefixes() -> None:
    assert search_terms('roma "border areas" educat* cross-border a*') == (
        SearchTerm(("roma",)),
        SearchTerm(("border", "areas")),
        SearchTerm(("educat",), prefix=True),
        SearchTerm(("cross", "border")),
        SearchTerm(("a",)),  # a one-letter prefix would expand too far: the word itself
    )
    assert search_terms('"unclosed phrase') == (SearchTerm(("unclosed", "phrase")),)
    assert search_terms('"ab"* x x') == (SearchTerm(("ab",), prefix=True), SearchTerm(("x",)))
    assert search_terms("e\u0301te\u0301") == (SearchTerm(("été",)),)  # NFC first
    assert search_terms(" * - \" ' ") == ()
    assert len(search_terms(" ".join(f"w{n}" for n in range(40)))) == 16
