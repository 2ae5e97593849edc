"""What reads a finished run: the stats report, drop examples, plots, the dataset card, the HTML
report. Reads `stats.json` and the shards; builds stages only through the registry."""
