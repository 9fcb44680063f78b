"""The bench's baseline: a bare Scrapy spider that fetches a list of URLs and does nothing else.

    main([URLS_FILE, SETTINGS_JSON]) -> 0

Started by bench/crawl.py through the same launcher as fundwatch's crawl processes (forked
from the same warm server), so both sides pay the same start-up. It obeys robots.txt and
uses the same concurrency and timeout as the fundwatch side; it has no pipelines, no
middlewares of fundwatch, no parsing, no database. Prints `BARE {json}` with its page
count and peak memory.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.pages = 0

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Any) -> None:
        self.pages += 1


def main(argv: list[str]) -> int:
    import resource

    urls = Path(argv[0]).read_text().split()
    settings = json.loads(argv[1]) if len(argv) > 1 else {}
    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
            "COOKIES_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            **settings,
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    spider = crawler.spider
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BARE " + json.dumps({"pages": getattr(spider, "pages", 0), "peak_rss_mb": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
