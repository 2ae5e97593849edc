"""Reading WARC files and a paths listing from S3, against moto's server on 127.0.0.1."""

import gzip
import socket

import boto3
import pyarrow.parquet as pq
import pytest
from test_run import make_warc

from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(monkeypatch):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="commoncrawl")
    yield client, endpoint
    server.stop()


def test_run_reads_s3_urls_globs_and_a_paths_listing(s3, tmp_path):
    client, endpoint = s3
    keys = [f"crawl-data/CC-MAIN-2024-10/segments/1/warc/part-{k}.warc.gz" for k in range(2)]
    for k, key in enumerate(keys):
        client.put_object(Bucket="commoncrawl", Key=key,
                          Body=make_warc(tmp_path / f"p{k}.warc.gz", n_zh=3 + k, seed=k).read_bytes())
    client.put_object(Bucket="commoncrawl", Key="crawl-data/CC-MAIN-2024-10/warc.paths.gz",
                      Body=gzip.compress("\n".join(keys).encode()))
    options = {"endpoint_url": endpoint}

    out = tmp_path / "from-url"
    stats = run(load_recipe("zh-extract"), [f"s3://commoncrawl/{keys[0]}"],
                RunOptions(output=str(out), storage_options=options, progress=False))
    assert stats["totals"]["kept"] == 3 and stats["totals"]["input_bytes"] > 0

    out = tmp_path / "from-glob"
    stats = run(load_recipe("zh-extract"), ["s3://commoncrawl/crawl-data/*/segments/*/warc/*.warc.gz"],
                RunOptions(output=str(out), storage_options=options, progress=False, workers=2))
    assert stats["totals"]["kept"] == 7

    out = tmp_path / "from-listing"
    stats = run(load_recipe("zh-extract"), ["s3://commoncrawl/crawl-data/CC-MAIN-2024-10/warc.paths.gz"],
                RunOptions(output=str(out), storage_options=options, base_url="s3://commoncrawl/",
                           progress=False))
    assert [f["source"] for f in stats["files"]] == [f"s3://commoncrawl/{k}" for k in keys]
    assert pq.read_table(sorted((out / "data").glob("*.parquet"))).num_rows == 7

    stats = run(load_recipe("zh-extract"), ["s3://commoncrawl/crawl-data/missing.warc.gz"],
                RunOptions(output=str(tmp_path / "missing"), storage_options=options, progress=False))
    assert stats["totals"]["files_unreadable"] == 1


@pytest.fixture
def http_dir(tmp_path):
    """A directory served over HTTP on 127.0.0.1, like data.commoncrawl.org."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_run_reads_https_style_urls_and_a_listing_against_a_base_url(http_dir, tmp_path_factory):
    root, base = http_dir
    (root / "crawl-data").mkdir()
    make_warc(root / "crawl-data" / "a.warc.gz", n_zh=2, seed=5)
    (root / "warc.paths.gz").write_bytes(gzip.compress(b"crawl-data/a.warc.gz\n"))
    out = tmp_path_factory.mktemp("http-out")
    stats = run(load_recipe("zh-extract"), [f"{base}/warc.paths.gz"], RunOptions(output=str(out), base_url=base + "/",
                                                                     progress=False))
    assert stats["files"][0]["source"] == f"{base}/crawl-data/a.warc.gz"
    assert stats["totals"]["kept"] == 2 and stats["files"][0]["status"] == "ok"
