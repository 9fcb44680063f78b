"""The demo's funder site: rendered from calls.yaml with dates relative to today, served on
loopback with ETag / Last-Modified (so a second crawl is answered by 304s, as real sites do).
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date

HERE = "notifier.demo"


def _demo_calls() -> dict[str, Any]:
    text = resources.files(HERE).joinpath("calls.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _deadline(today: date, days: int | None) -> date | None:
    return None if days is None else today + timedelta(days=days)


def _dates(deadline: date | None) -> dict[str, str]:
    if deadline is None:
        return {}
    return {
        f"deadline_{lang}": format_date(deadline, format="long", locale=lang)
        for lang in ("en", "fr", "ro", "hu")
    }


def _rss_date(day: date) -> str:
    return email.utils.format_datetime(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))


def render_site(today: date, base_url: str) -> dict[str, bytes]:
    """Every file of the demo site, path -> bytes, for the given day."""
    data = _demo_calls()
    files: dict[str, bytes] = {"robots.txt": b"User-agent: *\nAllow: /\n"}

    feed = data["feed"]
    items = []
    for item in feed["items"]:
        deadline = _deadline(today, item["days"])
        body = item["body"].format(**_dates(deadline))
        link = f"{base_url}/news/{item['slug']}.html"
        published = today - timedelta(days=item["published_days_ago"])
        items.append(
            "<item>"
            f"<title>{html.escape(item['title'])}</title>"
            f"<link>{link}</link>"
            f'<guid isPermaLink="false">rpf-{item["slug"]}</guid>'
            f"<pubDate>{_rss_date(published)}</pubDate>"
            f"<description>{html.escape(body)}</description>"
            "</item>"
        )
        files[f"news/{item['slug']}.html"] = _page(item["title"], body, "en")
    files["feed.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(feed['title'])}</title><link>{base_url}/</link>"
        f"<description>{html.escape(feed['funder'])}</description>"
        + "".join(items)
        + "</channel></rss>\n"
    ).encode()

    listing = []
    for item in data["html"]["items"]:
        deadline = _deadline(today, item["days"])
        published = today - timedelta(days=item["published_days_ago"])
        when = format_date(deadline, format="long", locale="fr") if deadline else "permanent"
        listing.append(
            '<article class="appel">'
            f'<h2><a href="/appels/{item["slug"]}.html">{html.escape(item["title"])}</a></h2>'
            f'<p class="resume">{html.escape(item["summary"])}</p>'
            f'<p>Publié le <span class="publie">{format_date(published, "long", locale="fr")}'
            f'</span> — Date limite : <span class="date-limite">{when}</span></p>'
            "</article>"
        )
        detail = (
            f'<div class="description">{item["body"]}</div>'
            f'<p class="montant">{html.escape(item["amount"])}</p>'
            f'<p>Date limite : <span class="date-limite">{when}</span></p>'
        )
        files[f"appels/{item['slug']}.html"] = _page(item["title"], detail, "fr")
    files["appels/index.html"] = _page(
        data["html"]["funder"] + " — appels ouverts", "".join(listing), "fr"
    )

    api_items = []
    for item in data["json"]["items"]:
        deadline = _deadline(today, item["days"])
        api_items.append(
            {
                "id": item["id"],
                "title": item["title"],
                "text": item["text"].format(**_dates(deadline)),
                "link": f"{base_url}/programmes/{item['id'].lower()}",
                "deadline": deadline.isoformat() if deadline else None,
                "lang": item["language"],
                "funder": data["json"]["funder"],
            }
        )
    payload = {"meta": {"count": len(api_items)}, "data": {"calls": api_items}}
    files["api/calls.json"] = json.dumps(payload, ensure_ascii=False, indent=1).encode()
    return files


def _page(title: str, body: str, lang: str) -> bytes:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>"
        f"{body}</main></body></html>\n"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    modified = datetime.now(UTC)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].lstrip("/")
        if path.endswith("/") or path == "":
            path += "index.html"
        body = self.files.get(path)
        if body is None:
            self.send_error(404)
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        last_modified = email.utils.format_datetime(self.modified, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        kind = {"xml": "application/rss+xml", "json": "application/json", "txt": "text/plain"}
        ctype = kind.get(path.rsplit(".", 1)[-1], "text/html")
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the demo prints a summary
        return


@contextmanager
def serve_demo_site(today: date, *, port: int = 0) -> Iterator[str]:
    """Serve the demo site on loopback (a fixed port keeps call URLs stable from one demo run
    to the next; 0 picks a free one); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    handler = type("DemoHandler", (_Handler,), {"files": render_site(today, base_url)})
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


def demo_sources(base_url: str) -> list[dict[str, Any]]:
    """The demo's three sources (feed, French HTML listing, JSON API) pointing at the site."""
    politeness = {"delay_s": 0.0, "concurrency": 2}
    return [
        {
            "key": "demo-rpf-feed",
            "name": "Roma Inclusion Partnership Fund (demo feed)",
            "kind": "feed",
            "url": f"{base_url}/feed.xml",
            "schedule": "every 6h",
            "language": "en",
            "funder": "Roma Inclusion Partnership Fund",
            "tags": [],
            "settings": {},
            "politeness": politeness,
        },
        {
            "key": "demo-feti-appels",
            "name": "Fonds européen pour les territoires inclusifs (démo)",
            "kind": "html",
            "url": f"{base_url}/appels/",
            "schedule": "every 1d",
            "language": "fr",
            "funder": "Fonds européen pour les territoires inclusifs",
            "tags": [],
            "settings": {
                "item": "article.appel",
                "fields": {
                    "title": "h2 a::text",
                    "url": "h2 a::attr(href)",
                    "deadline": ".date-limite::text",
                    "published": ".publie::text",
                    "summary": ".resume::text",
                },
                "detail": {"description": ".description", "amount": ".montant::text"},
            },
            "politeness": politeness,
        },
        {
            "key": "demo-nrif-api",
            "name": "National Roma Inclusion Fund (demo API)",
            "kind": "json",
            "url": f"{base_url}/api/calls.json",
            "schedule": "every 1d",
            "language": None,
            "funder": "National Roma Inclusion Fund",
            "tags": [],
            "settings": {
                "items": "data.calls",
                "fields": {
                    "id": "id",
                    "title": "title",
                    "description": "text",
                    "url": "link",
                    "deadline": "deadline",
                    "language": "lang",
                    "funder": "funder",
                },
            },
            "politeness": politeness,
        },
    ]


def write_site(directory: Path, today: date, base_url: str) -> None:
    """Write the rendered site to a folder (handy for looking at it)."""
    for path, body in render_site(today, base_url).items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
