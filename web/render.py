"""The one way pages are rendered: a Jinja2 environment with autoescape on for every
template, filters registered by name, and `render(page, name, **context)`.

Crawled HTML reaches a page only through the `rich` filter, which sanitises it again at
render time (defence in depth: it was already cleaned by nh3 when stored).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.responses import HTMLResponse

from matcher.taxonomy import country_name, load_taxonomy
from models.richtext import sanitise_html
from web.callview import tag_rows
from web.filters import known_countries
from web.i18n import LANGUAGES, translate
from web.page import Page
from web.security import LANG_COOKIE, csp_nonce

SAFE_SCHEMES = ("http", "https")


def rich(fragment: str | None) -> Markup:
    """Stored description HTML, sanitised once more now, marked safe only after that."""
    return Markup(sanitise_html(fragment or ""))


def safe_url(url: str | None) -> str | None:
    """A crawled URL fit for an href (http or https only; javascript: and data: refused)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def _lang(context: Context) -> str:
    lang = context.resolve_or_missing("lang")  # Context.get costs two more calls, per filter
    return lang if isinstance(lang, str) else "en"


@pass_context
def theme_label(context: Context, theme_id: str) -> str:
    try:
        return load_taxonomy().label("theme", theme_id, _lang(context))
    except KeyError:
        return theme_id


@pass_context
def applicant_type_label(context: Context, type_id: str) -> str:
    try:
        return load_taxonomy().label("applicant_type", type_id, _lang(context))
    except KeyError:
        return type_id


@pass_context
def funding_type_label(context: Context, type_id: str) -> str:
    try:
        return load_taxonomy().label("funding_type", type_id, _lang(context))
    except KeyError:
        return type_id


@pass_context
def country_label(context: Context, code: str) -> str:
    return country_name(code, _lang(context))


# Babel's formatting costs ~50 µs a call and a list page makes dozens; the same few hundred
# dates and amounts recur, so the pure formatting functions keep their answers.
@lru_cache(maxsize=8192)
def _long_date(value: date, lang: str) -> str:
    return format_date(value, format="long", locale=lang)


@lru_cache(maxsize=8192)
def _euros(value: int, lang: str) -> str:
    number = format_decimal(value, locale=lang)
    return f"€{number}" if lang == "en" else f"{number}\u00a0€"


@pass_context
def format_day(context: Context, value: date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return _long_date(value, _lang(context))


@pass_context
def format_moment(context: Context, value: datetime | None) -> str:
    if value is None:
        return ""
    zone = context.get("zone")
    return format_datetime(value, format="medium", tzinfo=zone, locale=_lang(context))


@pass_context
def format_amount(context: Context, value: float | None) -> str:
    """Whole euros: "€250,000" in English, "250 000 €" in French."""
    if value is None:
        return ""
    return _euros(round(value), _lang(context))


@pass_context
def format_rate(context: Context, value: float | None) -> str:
    if value is None:
        return ""
    ratio = value / 100 if value > 1 else value
    return format_percent(ratio, locale=_lang(context))


@pass_context
def days_left(context: Context, value: date | None) -> str:
    if value is None:
        return ""
    days = (value - context["today"]).days
    lang = _lang(context)
    if days < 0:
        return translate("passed", lang)
    if days == 0:
        return translate("today", lang)
    return translate("in {days} days", lang, days=days)


def json_text(value: Any) -> str:
    """A change-history value as short readable text."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


@cache
def country_options(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country a filter or profile offers, sorted by name in `lang`."""
    return tuple(sorted(((c, country_name(c, lang)) for c in known_countries()), key=_by_name))


def _by_name(option: tuple[str, str]) -> str:
    return option[1].casefold()


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and never change under a running server: without
        # this, every render (and every row's include) stats the template files.
        auto_reload=False,
    )
    env.filters.update(
        rich=rich,
        safe_url=safe_url,
        theme=theme_label,
        applicant_type=applicant_type_label,
        funding_type=funding_type_label,
        country=country_label,
        day=format_day,
        moment=format_moment,
        amount=format_amount,
        rate=format_rate,
        days_left=days_left,
        json_text=json_text,
    )
    env.globals.update(
        taxonomy=load_taxonomy(),
        languages=LANGUAGES,
        country_options=country_options,
        tag_rows=tag_rows,
    )
    return env


def language_links(page: Page) -> dict[str, str]:
    """The current URL in each language (the switch keeps filters and page)."""
    request = page.request
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {lang: f"{request.url.path}?{urlencode([*kept, ('lang', lang)])}" for lang in LANGUAGES}


def render(page: Page, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = page.request.app.state.templates
    lang = page.lang

    def gettext(text: str, **values: object) -> str:
        return translate(text, lang, **values)

    values = {
        "request": page.request,
        "page": page,
        "visitor": page.visitor,
        "lang": lang,
        "_": gettext,
        "csp_nonce": csp_nonce(page.request),
        "today": page.today,
        "zone": page.settings.zone,
        "language_links": language_links(page),
        **context,
    }
    html = env.get_template(name).render(values)
    response = HTMLResponse(html, status_code=status_code)
    finish(page, response)
    return response


def finish(page: Page, response: Any) -> None:
    """Cookies and caching a page response needs: language choice, anonymous CSRF cookie."""
    secure = page.settings.is_https
    if page.remember_language:
        response.set_cookie(
            LANG_COOKIE,
            page.lang,
            max_age=365 * 86400,
            secure=secure,
            httponly=True,
            samesite="lax",
        )
    if page.new_anon_csrf is not None:
        response.set_cookie(
            page.anon_csrf_cookie,
            page.new_anon_csrf,
            secure=secure,
            httponly=True,
            samesite="lax",
            path="/",
        )
    if page.visitor is not None or page.new_anon_csrf is not None:
        # Pages with a person's data or a form token must not sit in shared caches.
        response.headers["Cache-Control"] = "private, no-store"
    response.headers.setdefault("Vary", "Cookie, Accept-Language")
