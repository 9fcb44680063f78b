"""Response headers, cookie names, CSRF tokens and the Origin check.

- Every response (pages, JSON, feeds, errors, even a 500) carries the security headers: the
  middleware wraps the whole app, outside Starlette's error handler.
- The CSP allows scripts only with the per-request nonce, so an injected <script> or
  onerror= handler never runs even if escaping were to fail somewhere.
- State-changing forms carry a CSRF token and must come from our own origin (Origin header,
  else Referer). A logged-in visitor's token is its session's; an anonymous visitor's is an
  HMAC of a random cookie (double submit), so the login form is covered too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.settings import Settings

NONCE_KEY = "csp_nonce"
CSRF_FIELD = "csrf_token"
HSTS = "max-age=63072000; includeSubDomains"


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'nonce-{nonce}' 'strict-dynamic'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response; puts the CSP nonce in scope state."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})[NONCE_KEY] = nonce

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                # A page holding a secret in its URL sets the stricter "no-referrer" itself.
                headers.setdefault("Referrer-Policy", "same-origin")
                if self.https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csp_nonce(request: Request) -> str:
    return str(request.scope.get("state", {}).get(NONCE_KEY, ""))


# -- cookies ------------------------------------------------------------------------------------


def cookie_name(settings: Settings, name: str) -> str:
    """`__Host-<name>` on https (no Domain, Path=/, Secure); the bare name on http.

    Browsers refuse a __Host- cookie that is not Secure, and a Secure cookie is never sent
    over plain http, so development and tests over http drop both (conventions §1).
    """
    return f"__Host-{name}" if settings.is_https else name


SESSION_COOKIE = "fundwatch_session"
ANON_CSRF_COOKIE = "fundwatch_csrf"
LANG_COOKIE = "fundwatch_lang"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


# -- CSRF ---------------------------------------------------------------------------------------


def anonymous_csrf_token(secret_key: str, cookie_value: str) -> str:
    """The form token of a visitor without a session: bound to its random CSRF cookie."""
    return hmac.new(
        secret_key.encode(), f"csrf:{cookie_value}".encode(), hashlib.sha256
    ).hexdigest()


def tokens_match(given: object, expected: str | None) -> bool:
    return (
        isinstance(given, str)
        and bool(given)
        and expected is not None
        and hmac.compare_digest(given.encode(), expected.encode())
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: Request, settings: Settings) -> bool:
    """The request came from a page of ours: Origin, else Referer, equals BASE_URL's origin.

    A request with neither header is refused: every browser sends Origin on a form POST.
    """
    expected = origin_of(settings.base_url)
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() == expected
    referer = request.headers.get("referer")
    if referer:
        return origin_of(referer) == expected
    return False
