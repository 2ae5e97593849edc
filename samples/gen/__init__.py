"""The sample crawl generator in parts; samples/make_samples.py is the entry point."""
