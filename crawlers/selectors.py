"""Selectors of `html` sources: Scrapy CSS (with `::text` / `::attr()`), or XPath after `xpath:`.

A selector ending in `::text` or `::attr(...)` (or an XPath selecting text or attributes)
gives text; one that selects elements gives their HTML, which the pipelines turn into
sanitised HTML (descriptions) or plain text (every other field).
"""

from __future__ import annotations

from typing import Any

from parsel import Selector, SelectorList

XPATH_PREFIX = "xpath:"


def select(node: Any, spec: str) -> SelectorList[Selector]:
    """Elements, texts or attributes matched by `spec` under `node` (a Selector or Response)."""
    spec = spec.strip()
    if spec.startswith(XPATH_PREFIX):
        return node.xpath(spec[len(XPATH_PREFIX) :].strip())
    return node.css(spec)


def first(node: Any, spec: str | None) -> str | None:
    """The first match, stripped; None when nothing (or only blanks) matched."""
    if not spec:
        return None
    for value in select(node, spec).getall():
        if value and value.strip():
            return value.strip()
    return None


def joined(node: Any, spec: str | None, *, separator: str = " ") -> str | None:
    """Every match joined (a field spread over several text nodes); None when nothing matched."""
    if not spec:
        return None
    values = [v.strip() for v in select(node, spec).getall() if v and v.strip()]
    return separator.join(values) if values else None


def check(spec: str) -> str | None:
    """Why `spec` is not a valid selector, or None when it is."""
    try:
        select(Selector(text="<html></html>"), spec)
    except Exception as exc:  # parsel raises cssselect/lxml errors of several types
        return f"{spec!r}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    return None
