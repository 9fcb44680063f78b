"""The web app, built by `create_app(settings)` (no settings are read at import time).

Pages are server-rendered (they work without JavaScript); the JSON API lives under
/api/v1 with its OpenAPI schema at /api/v1/openapi.json. No Swagger UI is served: it
would load scripts from a CDN, which our CSP forbids.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from models.db import make_engine
from models.settings import Settings
from web import clock
from web.deps import LoginRequired
from web.i18n import choose_language, translate
from web.page import Page
from web.render import make_environment, render
from web.routes import (
    account,
    account_data,
    api_bookmarks,
    api_calls,
    bookmarks,
    calendar,
    calls,
    login,
    offers,
    preferences,
    signup,
    sources,
    taskforce_calls,
    taskforce_people,
    taskforce_stats,
    unsubscribe,
)
from web.security import ANON_CSRF_COOKIE, LANG_COOKIE, SecurityHeadersMiddleware, cookie_name

STATIC_DIR = Path(__file__).resolve().parent / "static"
API_PREFIX = "/api/v1"
ERROR_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    410: "Page not found",
}
FORBIDDEN_TEXT = (
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)


class FundwatchApp(FastAPI):
    """FastAPI with the security headers outside every other layer, errors included."""

    https: bool = False

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeadersMiddleware(super().build_middleware_stack(), https=self.https)


# Sync handlers run in worker threads. A page's work is CPU-bound Python (SQLite releases the
# GIL only inside its C code), so beyond a few threads more only fight for the GIL: under
# load, 8 serve more requests at a tighter latency than anyio's default of 40. A handler that
# waits long (a source's dry run fetching its site) holds one of them meanwhile.
WORKER_THREADS = 8


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    app = FundwatchApp(
        title="fundwatch",
        version="1",
        summary="Funding calls for Roma inclusion: public read API.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.https = settings.is_https
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url)
    app.state.secret_key = settings.get_secret_key()
    app.state.templates = make_environment()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Routes are matched in order: the busiest (the calls list, the API) first.
    routers = (calls, api_calls, login, signup, account, account_data, bookmarks, offers)
    routers += (calendar, unsubscribe, preferences, sources, taskforce_calls, taskforce_people)
    routers += (taskforce_stats, api_bookmarks)
    for module in routers:
        app.include_router(module.router)
    _include_operations(app)
    _add_error_handlers(app)
    return app


def _include_operations(app: FastAPI) -> None:
    """/healthz and /metrics (web/ops.py, written with the operations part), when present."""
    try:
        from web import ops
    except ModuleNotFoundError as exc:
        if exc.name not in ("web.ops", "models.ops"):
            raise
        return
    app.include_router(ops.router)


def app_from_environment() -> FastAPI:
    """The app of one `fundwatch serve --workers N` worker: settings from the environment."""
    from models.settings import load_settings

    return create_app(load_settings())


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error_page(request: Request, status_code: int, message: str | None = None) -> Response:
    """An error page without touching the database (it may be what failed)."""
    settings: Settings = request.app.state.settings
    lang = choose_language(
        query=request.query_params.get("lang"),
        cookie=request.cookies.get(LANG_COOKIE),
        contact=None,
        accept_language=request.headers.get("accept-language"),
    )
    page = Page(
        request=request,
        settings=settings,
        visitor=None,
        lang=lang,
        today=clock.today(settings),
        secret_key=request.app.state.secret_key,
        anon_csrf_cookie=cookie_name(settings, ANON_CSRF_COOKIE),
        anon_csrf_value=request.cookies.get(cookie_name(settings, ANON_CSRF_COOKIE)),
    )
    title = translate(ERROR_TITLES.get(status_code, "Something went wrong"), lang)
    text = translate(message, lang) if message else None
    return render(page, "error.html", status_code=status_code, title=title, message=text)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        message = FORBIDDEN_TEXT if exc.status_code == 403 else None
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": _jsonable(exc.errors())}, status_code=422)
        return _error_page(request, 400)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)


def _jsonable(errors: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors)
