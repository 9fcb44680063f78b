"""English and French: every string shown has its French twin; language negotiation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from web.i18n import FR, choose_language, parse_accept_language, translate

WEB = Path(__file__).resolve().parents[2] / "web"


def _template_strings() -> set[str]:
    found = set()
    for path in (WEB / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        # A string followed by `~` is the prefix of a key built from an id (PREFIXED_IDS).
        found.update(re.findall(r'_\("((?:[^"\\]|\\.)*)"\s*[,)]', text))
    return found


def _python_strings() -> set[str]:
    """Literal first arguments of translate(...) calls and the message constants of web/."""
    found = set()
    for path in WEB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "translate"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_template_string_has_a_french_translation() -> None:
    strings = _template_strings()
    assert len(strings) > 50
    assert sorted(s for s in strings if s not in FR) == []


def test_every_translated_python_string_has_a_french_translation() -> None:
    from web.app import ERROR_TITLES, FORBIDDEN_TEXT
    from web.callview import LIST_TAGS, ORIGIN_TEXT
    from web.offerform import FIELD_MESSAGES

    strings = _python_strings() | set(ERROR_TITLES.values()) | {FORBIDDEN_TEXT}
    strings |= set(ORIGIN_TEXT.values()) | {title for _, title in LIST_TAGS}
    strings |= set(FIELD_MESSAGES.values()) | _form_error_keys()
    strings |= {
        "unknown country",
        "unknown applicant type",
        "not a whole number",
        "unknown language code {code}",
        "unknown theme",
        "too long",
    }
    assert sorted(s for s in strings if s not in FR) == []


def _form_error_keys() -> set[str]:
    """The message keys the form checkers return (string constants assigned to errors[...])."""
    found = set()
    for name in ("signup.py", "tagform.py", "profiles.py", "routes/taskforce_people.py"):
        tree = ast.parse((WEB / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Subscript)
                and getattr(node.targets[0].value, "id", None) == "errors"
                and isinstance(node.value, ast.Constant)
            ):
                found.add(node.value.value)
    return found


def test_every_form_error_of_the_checkers_is_found() -> None:
    assert {"Tick the box to agree.", "not a number", "unknown funding type"} <= _form_error_keys()


def test_every_id_shown_through_a_prefixed_key_has_both_languages() -> None:
    from models.offer import INTEREST_STATES, OFFER_KINDS, OFFER_ROLES, OFFER_STATUSES
    from models.participant import BOUNCE_STATES
    from web.i18n import EN, PREFIXED_IDS

    assert set(PREFIXED_IDS["offer-"]) == set(OFFER_STATUSES)
    assert set(PREFIXED_IDS["interest-"]) == set(INTEREST_STATES)
    assert set(PREFIXED_IDS["role-"]) == set(OFFER_ROLES)
    assert set(PREFIXED_IDS["kind-long-"]) == set(OFFER_KINDS)
    assert set(PREFIXED_IDS["bounce-"]) == set(BOUNCE_STATES)
    keys = [prefix + value for prefix, values in PREFIXED_IDS.items() for value in values]
    assert [k for k in keys if k not in EN or k not in FR] == []


def test_placeholders_survive_translation() -> None:
    for english, french in FR.items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", french)), english
    assert translate("in {days} days", "fr", days=3) == "dans 3 jours"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de,en;q=0.5,fr;q=0.4", "en"),
        ("de", None),
        ("", None),
        ("fr;q=0,en", "en"),
        ("fr;q=bad", None),
        ("*", None),
    ],
)
def test_accept_language_picks_the_preferred_supported_language(header, expected) -> None:
    assert parse_accept_language(header) == expected


def test_choose_language_order_is_query_cookie_contact_browser_english() -> None:
    assert choose_language(query="fr", cookie="en", contact="en", accept_language="en") == "fr"
    assert choose_language(query="xx", cookie="fr", contact="en", accept_language="en") == "fr"
    assert choose_language(query=None, cookie=None, contact="fr", accept_language="en") == "fr"
    assert choose_language(query=None, cookie=None, contact=None, accept_language="fr") == "fr"
    assert choose_language(query=None, cookie=None, contact=None, accept_language=None) == "en"
