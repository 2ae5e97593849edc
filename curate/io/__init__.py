"""Inputs and outputs: readers of WARC/WET files from any fsspec URL, the Parquet shard writer.
Knows no stage: the reader takes an optional raw-bytes check as a plain callable."""
