"""What every page needs to know about the request: who, which language, the form token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.requests import Request

from models.settings import Settings
from web.security import anonymous_csrf_token, new_secret


@dataclass(frozen=True)
class Visitor:
    """A logged-in person: a member's contact, a Taskforce admin, or both."""

    email: str
    session_hash: str
    csrf_token: str
    is_admin: bool
    contact_id: int | None
    participant_id: int | None
    contact_language: str | None

    @property
    def is_member(self) -> bool:
        return self.contact_id is not None


@dataclass
class Page:
    request: Request
    settings: Settings
    visitor: Visitor | None
    lang: str
    today: date
    secret_key: str
    anon_csrf_cookie: str
    anon_csrf_value: str | None = None
    # Set when this response must store the language choice / a new anonymous CSRF cookie.
    remember_language: bool = False
    new_anon_csrf: str | None = None

    def speak_as_contact(self, language: str) -> None:
        """Use a contact's language on a page reached by its signed link (no session), unless
        the visitor chose one (?lang= or the language cookie)."""
        from web.i18n import LANGUAGES
        from web.security import LANG_COOKIE

        request = self.request
        chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
        if chosen not in LANGUAGES and language in LANGUAGES:
            self.lang = language

    def form_token(self) -> str:
        """The CSRF token for a form on this page.

        Anonymous visitors get their random CSRF cookie only when a page holds a form, so
        the public lists stay cookie-free and cacheable.
        """
        if self.visitor is not None:
            return self.visitor.csrf_token
        if self.anon_csrf_value is None:
            self.anon_csrf_value = self.new_anon_csrf = new_secret()
        return anonymous_csrf_token(self.secret_key, self.anon_csrf_value)
