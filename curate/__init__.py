"""curate: Chinese-first curation of Common Crawl into clean, deduplicated Parquet."""

__version__ = "0.1.0"
