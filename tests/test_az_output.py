"""Output to Azure Blob Storage (`--output az://container/prefix`, through adlfs), against
Azurite, Microsoft's storage emulator, on 127.0.0.1: a second kind of object store besides S3,
so that "any fsspec URL" is checked on more than one. The same rows, totals and dedup as a local
run; stats, inspect and the card read there; a rerun has nothing to do; resume after a kill;
a later run dedup'ed against this one on the store."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest
from test_s3_output import (ROOT, free_port, inputs, kill_after_the_first_marker_and_rerun,  # noqa: F401  (fixtures)
                            local_rows, local_zh_web, rows)

from curate.engine.output import OutputFS
from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run

# Azurite's documented development account (a public, well-known key: not a secret)
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@pytest.fixture(scope="module")
def az():
    """Azurite's blob service on 127.0.0.1 for this module, with a container `out`; yields the
    storage options. Skipped, saying why, without adlfs or Azurite (`.ci/run` installs both)."""
    pytest.importorskip("adlfs", reason="adlfs (a test dependency) is not installed")
    binary = shutil.which("azurite-blob")
    if binary is None:
        pytest.skip("Azurite is not installed (npm install -g azurite, as .ci/run does): az:// output not checked")
    port = free_port()
    data = tempfile.mkdtemp(prefix="azurite-")
    proc = subprocess.Popen([binary, "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location", data,
                             "--silent", "--skipApiVersionCheck", "--loose"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    options = {"connection_string": f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
                                    f"BlobEndpoint=http://127.0.0.1:{port}/{ACCOUNT};"}
    try:
        fs = OutputFS("az://out", options).fs
        deadline = time.time() + 60
        while True:
            try:
                fs.mkdir("out")
                break
            except Exception as e:  # noqa: BLE001  (not listening yet)
                if proc.poll() is not None or time.time() > deadline:
                    pytest.skip(f"Azurite did not start: {type(e).__name__}: {e} {proc.stderr.read()[-500:]}")
                time.sleep(0.2)
        yield options
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # it waits for idle keep-alive connections to close
            proc.kill()
            proc.wait()
        shutil.rmtree(data, ignore_errors=True)


def az_rows(url: str, options) -> list[tuple]:
    import pyarrow.parquet as pq

    fs = OutputFS(url, options)
    return rows(pq.ParquetDataset(fs.glob(fs.join("data", "*.parquet")), filesystem=fs.fs).read())


def _cli(url: str, inputs: list[str], options) -> list[str]:  # noqa: F811
    return [sys.executable, "-m", "curate", "run", "zh-web", "-i", *inputs, "-o", url, "-w", "2", "-q",
            "--output-storage-options", json.dumps(options)]


def test_zh_web_to_azure_blob_gives_the_rows_of_a_local_run(az, inputs, local_zh_web, tmp_path, capsys):  # noqa: F811
    from curate.cli import main

    local_out, local_stats = local_zh_web
    url = "az://out/zh-web"
    options = RunOptions(output=url, output_storage_options=az, workers=2, keep_rejected=True, progress=False,
                         work_dir=str(tmp_path / "work"))
    stats = run(load_recipe("zh-web"), inputs, options)
    assert stats["dedup"]["docs_in"] > stats["dedup"]["docs_out"]
    assert {k: v for k, v in stats["totals"].items() if k != "seconds"} == \
        {k: v for k, v in local_stats["totals"].items() if k != "seconds"}
    assert az_rows(url, az) == local_rows(local_out)
    fs = OutputFS(url, az)
    files = [fs.rel(p) for p in fs.fs.find(fs.root)]
    assert "stats.json" in files and "README.md" in files and ".curate/lock" not in files
    assert not any(f.startswith(".curate/pre-dedup/") for f in files)  # work files go after success
    assert {f for f in files if f.startswith("data/")} == {s for f in stats["files"] for s in f["shards"]}
    assert any(f.startswith(".curate/dedup-index/") for f in files)

    again = run(load_recipe("zh-web"), inputs, options)
    assert again["run"]["this_run"]["files"] == 0 and again["totals"]["kept"] == stats["totals"]["kept"]

    opts = json.dumps(az)
    assert main(["stats", url, "--storage-options", opts, "--json", "--no-tokens"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["kept"] == stats["totals"]["kept"]
    assert main(["inspect", url, "--storage-options", opts, "--reason", "near_dup", "-n", "1", "--color", "never"]) == 0
    assert "kept: http" in capsys.readouterr().out  # the survivor, found in the output on the store

    # a later run against this one, both on the store: what it already kept goes as dup_earlier_run
    later = run(load_recipe("zh-web"), inputs[:1], RunOptions(output="az://out/next", output_storage_options=az,
                                                              storage_options=az, workers=1, dedup_against=[url],
                                                              progress=False, work_dir=str(tmp_path / "work2")))
    assert later["dedup"]["earlier_removed"] > 0 and later["totals"]["kept"] == 0


def test_resume_after_a_kill_on_azure_blob_gives_the_output_of_an_uninterrupted_run(az, inputs, local_zh_web,  # noqa: F811
                                                                                     tmp_path):
    local_out, _ = local_zh_web
    fs = OutputFS("az://out/killed", az)
    env = {**os.environ, "PYTHONPATH": ROOT, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    kill_after_the_first_marker_and_rerun(fs, _cli(fs.url, inputs, az), env, len(inputs))
    assert az_rows(fs.url, az) == local_rows(local_out)
