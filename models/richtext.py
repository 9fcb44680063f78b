"""Descriptions as sanitised HTML and plain text.

Crawled HTML is untrusted: nh3 (the Rust ammonia sanitiser) keeps structure a reader needs
(headings, lists, links, tables) and drops scripts, styles, event handlers and iframes.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_BLOCK = re.compile(
    r"<\s*(/\s*(p|div|h[1-6]|tr|table|ul|ol|dl|dd|dt|blockquote|pre)|br\s*/?|hr\s*/?)\s*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def sanitise_html(fragment: str) -> str:
    """Safe HTML: no scripts, styles, event handlers, iframes; links get rel=noopener."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements become line breaks, entities decoded."""
    marked = _BLOCK.sub("\n", fragment)
    marked = re.sub(r"<\s*li[^>]*>", "\n- ", marked, flags=re.IGNORECASE)
    stripped = nh3.clean(marked, tags=set(), strip_comments=True)
    text = html.unescape(stripped)
    return normalise_text(text)


def normalise_text(text: str) -> str:
    """Spaces collapsed within lines, at most one blank line between paragraphs."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def text_to_html(text: str) -> str:
    """Paragraphs of escaped plain text, for pages and mail."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def description_parts(description: str) -> tuple[str | None, str]:
    """(sanitised HTML or None for plain text, plain text) of a description as given."""
    if looks_like_html(description):
        safe = sanitise_html(description)
        return safe, html_to_text(safe)
    return None, normalise_text(description)
