"""The EU Funding & Tenders Portal on loopback: the search API (POST, paged) and topicDetails.

Serves files/ft_portal_search.json page by page, as the real API does for `pageSize` and
`pageNumber`, and files/ft_portal_topic_<identifier in lower case>.json.
"""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.crawlers.loopback import FILES, Logged, LoopbackSite, Page, query

SEARCH_PATH = "/search-api/prod/rest/search"
DETAIL_PATH = "/topicDetails/{identifier_lower}.json"
TOPICS = ("cerv-2027-equal-roma", "horizon-cl2-2027-01-transformations-05")


def search_page(entry: Logged) -> Page:
    data = json.loads((FILES / "ft_portal_search.json").read_text(encoding="utf-8"))
    params = query(entry)
    size = int(params.get("pageSize", 50))
    number = int(params.get("pageNumber", 1))
    results = data["results"]
    data.update(
        pageSize=size,
        pageNumber=number,
        totalResults=len(results),
        results=results[(number - 1) * size : number * size],
    )
    return Page(json.dumps(data).encode(), "application/json", validators=False)


def serve_portal(site: LoopbackSite) -> dict[str, Any]:
    """Routes for the search API and the topics; returns the source settings pointing at them."""
    site.add(SEARCH_PATH, search_page)
    for topic in TOPICS:
        site.add_file(f"/topicDetails/{topic}.json", f"ft_portal_topic_{topic}.json")
    return {
        "search_url": site.url(SEARCH_PATH) + "?apiKey=SEDIA&text=***",
        "detail_url": site.url(DETAIL_PATH),
    }


def multipart_parts(entry: Logged) -> dict[str, tuple[str, Any]]:
    """{part name: (content type, decoded JSON)} of a logged multipart POST."""
    head = f"Content-Type: {entry.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + entry.body)
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[str(name)] = (part.get_content_type(), json.loads(part.get_payload(decode=True)))
    return parts
