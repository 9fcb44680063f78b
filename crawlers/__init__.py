"""Scrapy spiders (one per source kind), the sources file, schedules and crawl pipelines."""
