"""Security headers on every response: pages, JSON, feeds, static files, errors."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import make_client
from web.app import create_app

PATHS = [
    "/calls",
    "/calls/none",
    "/api/v1/calls",
    "/api/v1/openapi.json",
    "/calls.ics",
    "/calls.atom",
    "/calls.csv",
    "/static/style.css",
    "/login",
    "/account",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_security_headers(client, path) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'nonce-[A-Za-z0-9_-]{16,}'", csp)
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in ("same-origin", "no-referrer")
    assert response.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in response.headers  # http base URL


def test_the_csp_nonce_changes_with_every_request(client) -> None:
    first = client.get("/calls").headers["content-security-policy"]
    second = client.get("/calls").headers["content-security-policy"]
    assert first != second


def test_hsts_only_on_https(db, tmp_path) -> None:
    settings = db.settings(tmp_path, base_url="https://fundwatch.example.org")
    with make_client(create_app(settings, engine=db.engine), settings) as client:
        for path in ("/calls", "/api/v1/calls", "/nowhere"):
            hsts = client.get(path).headers["strict-transport-security"]
            assert "max-age=" in hsts


def test_even_a_server_error_has_the_headers(app, web_settings) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with make_client(app, web_settings) as client:
        client._transport.raise_server_exceptions = False  # type: ignore[attr-defined]
        response = client.get("/boom")
    assert response.status_code == 500
    assert "object-src 'none'" in response.headers["content-security-policy"]


def test_no_swagger_ui_from_a_cdn(client) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_the_operations_probe_is_served_with_the_headers(client) -> None:
    response = client.get("/healthz", params={"check": "database"})
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert "object-src 'none'" in response.headers["content-security-policy"]
