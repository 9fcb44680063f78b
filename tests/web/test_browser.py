"""Real Chromium (Debian's, driven by Playwright) against the app served on loopback.

A member logs in by the magic link read from the outbox, edits its profile, bookmarks a
call, posts a partnership offer and unsubscribes; a visitor signs up and confirms; the
Taskforce adds a feed source, tests it against a fixture feed on 127.0.0.1, saves it and
corrects a tag; an XSS corpus in crawled fields never runs. Screenshots of the main pages
go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.db import read_session, write_session
from models.offer import PartnerOffer
from models.participant import Contact, Participant
from tests.conftest import require_service
from tests.web.conftest import login_links
from tests.web.factories import days, make_call, make_offer, make_participant
from web.tokens import unsubscribe_token

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
    pytest.mark.parametrize("db", ["sqlite"], indirect=True),
]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALICE = "alice@cluj.example.ro"
XSS_CORPUS = [
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<svg onload=\"window.__xss='svg'\"></svg>",
    '<a href="javascript:window.__xss=\'href\'" id="jslink">click</a>',
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
    "<details open ontoggle=\"window.__xss='toggle'\">x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
    '"><script>window.__xss="attr"</script>',
    "<object data=\"javascript:window.__xss='object'\"></object>",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        require_service("chromium not installed (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    try:
        yield tab
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def member(live_server: Any) -> int:
    with write_session(live_server.db.engine) as s:
        contact = make_participant(s, email=ALICE, name="Cluj-Napoca", country="RO")
        call = make_call(
            s,
            public_id="CERV-2027-LOCAL",
            title="Local alliances against antigypsyism",
            deadlines=[days(30), days(120)],
            themes=["anti-discrimination", "education"],
            evidence={"themes": {"education": ["training of teachers"]}},
        )
        for n in range(8):
            make_call(s, public_id=f"OTHER-{n}", deadlines=[days(10 + n * 9)])
        poster = make_participant(s, name="Košice", country="SK")
        make_offer(
            s, poster=poster.participant, call=call, title="Partners for Roma school mediators"
        )
        return contact.id


def test_member_logs_in_edits_profile_bookmarks_a_call_and_unsubscribes(
    page: Any, live_server: Any, member: int
) -> None:
    page.goto("/calls")
    assert page.locator("h1").inner_text() == "Funding calls"
    _shot(page, "calls-list")

    page.click("text=Log in")
    page.fill("#email", ALICE)
    _shot(page, "login")
    page.click("button:has-text('Send me a login link')")
    assert page.locator("h1").inner_text() == "Check your inbox"

    link = login_links(live_server.db, ALICE)[-1]
    page.goto(link)
    _shot(page, "login-confirm")
    page.click("main button:has-text('Log in')")
    page.wait_for_url("**/account")
    assert "Cluj-Napoca" in page.inner_text("main")

    page.select_option("#p-country", "HU")
    page.select_option("#p-type", "regional-authority")
    page.fill("#p-population", "310000")
    page.check("input[name=themes][value=education]")
    page.fill("#p-keywords", "mediators, desegregation")
    page.fill("#p-languages", "hu, en")
    page.click("button:has-text('Save profile')")
    page.wait_for_url("**/account?saved=1")
    assert page.locator(".notice").inner_text() == "Saved."
    _shot(page, "account")
    with read_session(live_server.db.engine) as session:
        participant = session.get(Participant, session.get(Contact, member).participant_id)
        assert (participant.country, participant.population) == ("HU", 310000)
        assert "education" in participant.themes

    # A call for the new profile (a Hungarian region, education) is in the next digest.
    with write_session(live_server.db.engine) as s:
        make_call(
            s,
            title="Roma mediators in Hungarian schools",
            themes=["education"],
            countries=["HU"],
            applicant_types=["regional-authority"],
        )
    page.click("text=Preview your next digest")
    page.wait_for_url("**/account/digest")
    preview = page.inner_text(".digest-preview")
    assert "Roma mediators in Hungarian schools" in preview and "New calls (1)" in preview
    assert "Due" in page.inner_text(".digest-when")
    _shot(page, "digest-preview")

    page.goto("/calls/CERV-2027-LOCAL")
    assert "training of teachers" in page.inner_text("main")
    assert "Partners for Roma school mediators" in page.inner_text("main")
    page.click("button:has-text('Bookmark this call')")
    page.wait_for_selector("button:has-text('Remove bookmark')")
    _shot(page, "call-page")
    page.goto("/account")
    assert "Local alliances against antigypsyism" in page.inner_text(".bookmarks")

    with read_session(live_server.db.engine) as session:
        contact = session.get(Contact, member)
        token = unsubscribe_token(contact=contact, secret_key=live_server.settings.get_secret_key())
    page.goto(f"/unsubscribe/{token}")
    _shot(page, "unsubscribe")
    page.click("button:has-text('Unsubscribe from the digests')")
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    with read_session(live_server.db.engine) as session:
        assert session.get(Contact, member).unsubscribed_at is not None

    page.goto("/calls?lang=fr")
    assert page.locator("h1").inner_text() == "Appels à financement"
    _shot(page, "calls-list-fr")
    assert page.problems == []  # no CSP violation or script error on any page


def test_an_xss_corpus_in_crawled_fields_never_executes(page: Any, live_server: Any) -> None:
    with write_session(live_server.db.engine) as s:
        for n, payload in enumerate(XSS_CORPUS):
            make_call(
                s,
                public_id=f"XSS-{n}",
                title=f"Call {n} {payload}",
                description_html=payload,
                funder=payload,
                programme=payload,
                url="javascript:window.__xss='url'",
                evidence={"themes": {"social-inclusion": [payload]}},
                source_urls=["javascript:window.__xss='source'"],
            )
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/calls")
    assert page.evaluate("window.__xss") is None
    for n in range(len(XSS_CORPUS)):
        page.goto(f"/calls/XSS-{n}")
        page.locator("a").evaluate_all(
            "links => links.forEach(a => a.id === 'jslink' && a.click())"
        )
        assert page.evaluate("window.__xss") is None, XSS_CORPUS[n]
    _shot(page, "xss-call-page")
    assert dialogs == []


def _log_in(page: Any, live_server: Any, address: str) -> None:
    page.goto("/login")
    page.fill("#email", address)
    page.click("button:has-text('Send me a login link')")
    page.wait_for_selector("h1:has-text('Check your inbox')")
    page.goto(login_links(live_server.db, address)[-1])
    page.click("main button:has-text('Log in')")
    page.wait_for_url("**/account")


def test_member_posts_an_offer_and_sees_it_listed(page: Any, live_server: Any, member: int) -> None:
    _log_in(page, live_server, ALICE)
    page.click("header >> text=Offers")
    page.wait_for_url("**/offers")
    page.click("text=Post an offer")
    page.check("input[name=kind][value=seeking-partners]")
    page.fill("#o-title", "Cross-border partners for Roma school mediators")
    page.fill("#o-description", "Cluj-Napoca leads; we look for two partner cities.")
    page.fill("#o-call", "CERV-2027-LOCAL")
    page.check("input[name=themes][value=education]")
    page.select_option("#o-countries", ["HU", "SK"])
    page.check("input[name=roles][value=partner]")
    page.check("input[name=applicant_types][value=local-authority]")
    page.fill("#o-languages", "en, ro")
    page.check("input[name=share_contact]")
    _shot(page, "offer-form")
    page.click("button:has-text('Post the offer')")
    page.wait_for_url("**/offers/*?saved=1")
    assert page.locator(".notice").inner_text() == "Saved."
    _shot(page, "offer-page")
    with read_session(live_server.db.engine) as session:
        offer = (
            session.query(PartnerOffer)
            .filter_by(title="Cross-border partners for Roma school mediators")
            .one()
        )
        assert (offer.countries, offer.expires_on) == (
            ["HU", "SK"],
            days(30),
        )  # the call's deadline
    page.goto("/offers")
    assert "Cross-border partners for Roma school mediators" in page.inner_text(".offers-mine")
    _shot(page, "offers")
    page.click("text=All open offers")
    assert "Partners for Roma school mediators" in page.inner_text(".offers-fitting")
    page.goto("/calls/CERV-2027-LOCAL")
    assert "Cross-border partners for Roma school mediators" in page.inner_text(".offers")
    page.goto("/account")
    _shot(page, "account-data")
    assert page.problems == []


def test_the_taskforce_adds_tests_and_saves_a_feed_source_then_corrects_a_tag(
    page: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from crawlers.run_one import SCRAPY_SETTINGS_ENV
    from models.call import Call, TagFeedback
    from models.source import Source
    from tests.web.factories import make_admin
    from tests.web.feedsite import feed_site, unix_sockets

    monkeypatch.setenv(SCRAPY_SETTINGS_ENV, json.dumps({"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0}))
    with write_session(live_server.db.engine) as s:
        make_admin(s, "taskforce@alliance.example.org")
        make_participant(s, email=ALICE, name="Cluj-Napoca", country="RO")
        make_call(s, public_id="TAG-ME", title="Roma housing call to correct", themes=["health"])
    _log_in(page, live_server, "taskforce@alliance.example.org")

    with unix_sockets(), feed_site() as site:
        page.click("header >> text=Taskforce")
        page.click("text=Add a source")
        page.fill("#s-key", "roma-fund-news")
        page.fill("#s-name", "Roma Fund news")
        page.select_option("#s-kind", "feed")
        page.fill("#s-url", f"{site}/roma-fund-feed.xml")
        page.fill("#s-schedule", "every 6h")
        page.fill("#s-delay", "0")
        page.check("input[name=tags][value=housing]")
        _shot(page, "taskforce-source-form")
        with page.expect_navigation(timeout=120_000):
            page.click("button:has-text('Test before saving')", no_wait_after=True)
        assert "2 calls would be stored." in page.inner_text("#dry-run")
        assert "Housing desegregation grants" in page.inner_text("#dry-run")
        _shot(page, "taskforce-source-test")
        with read_session(live_server.db.engine) as session:
            assert session.query(Source).count() == 0  # a test saves nothing
        page.click("button:has-text('Save the source')")
        page.wait_for_url("**/taskforce/sources")
    assert "Roma Fund news" in page.inner_text("main")
    _shot(page, "taskforce-sources")
    with read_session(live_server.db.engine) as session:
        source = session.query(Source).filter_by(key="roma-fund-news").one()
        assert source.enabled is True and source.tags == ["housing"]

    page.click(".taskforce-nav >> text=Calls")
    page.click("text=Roma housing call to correct")
    page.uncheck(".tag-correction input[name=themes][value=health]")
    page.check(".tag-correction input[name=themes][value=housing]")
    _shot(page, "taskforce-call-tags")
    page.click("button:has-text('Save the corrections')")
    page.wait_for_selector(".notice:has-text('Saved.')")
    with read_session(live_server.db.engine) as session:
        call = session.query(Call).filter_by(public_id="TAG-ME").one()
        assert call.themes == ["housing"] and call.origin_of("themes") == "manual"
        feedback = session.query(TagFeedback).one()
        assert (feedback.old_value, feedback.new_value) == (["health"], ["housing"])
    page.goto("/calls/TAG-ME")
    assert "corrected by the Taskforce" in page.inner_text(".tags-why")

    for path, name in (
        ("/taskforce/stats", "taskforce-stats"),
        ("/taskforce/participants", "taskforce-participants"),
        ("/taskforce/offers", "taskforce-offers"),
    ):
        page.goto(path)
        _shot(page, name)
    assert page.problems == []


def test_a_visitor_signs_up_and_confirms_by_email(page: Any, live_server: Any) -> None:
    from tests.web.conftest import mail_text, outbox

    page.goto("/calls")
    page.click("header >> text=Sign up")
    page.fill("#s-name", "Municipiul Brașov")
    page.select_option("#s-country", "RO")
    page.select_option("#s-type", "local-authority")
    page.check("input[name=themes][value=housing]")
    page.fill("#s-email", "ana@brasov.example.ro")
    page.check("input[name=consent]")
    _shot(page, "signup")
    page.click("main button:has-text('Sign up')")
    page.wait_for_selector("h1:has-text('Check your inbox')")
    row = outbox(live_server.db, kind="signup")[-1]
    link = next(w for w in mail_text(row).split() if "/signup/confirm/" in w)
    page.goto(link)
    page.click("button:has-text('Confirm my address')")
    page.wait_for_url("**/account?welcome=1")
    assert "Municipiul Brașov" in page.inner_text("main")
    assert page.problems == []
