"""Output to S3 (`--output s3://bucket/prefix`), against moto's server on 127.0.0.1: shards,
markers, dedup, stats and card written there; the same rows as a local run; resume after a kill;
the advisory lock."""

import json
import re
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from test_run import make_warc

from curate.engine.output import OutputError, OutputFS, OutputLock
from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run
from curate.resources import default_inputs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    """moto's S3 server on 127.0.0.1 for this module, with a bucket `out`; yields the storage options."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] (a test dependency) is not installed")
    import boto3

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in AWS_ENV.items():
            mp.setenv(key, value)
        endpoint = f"http://127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="out")
        yield {"endpoint_url": endpoint}
    server.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The bundled samples and three generated WARC files (several tasks, with near-duplicates
    across files for dedup to find)."""
    d = tmp_path_factory.mktemp("warcs")
    return default_inputs() + [str(make_warc(d / f"gen-{k}.warc.gz", n_zh=6, seed=k % 2)) for k in range(3)]


@pytest.fixture(scope="module")
def local_zh_web(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    stats = run(load_recipe("zh-web"), inputs, RunOptions(output=str(out), workers=2, progress=False))
    return out, stats


def rows(table) -> list[tuple]:
    return sorted(zip(*(table.column(c).to_pylist() for c in ("id", "text", "dup_cluster"))))


def local_rows(out) -> list[tuple]:
    return rows(pq.read_table(sorted((out / "data").glob("*.parquet"))))


def s3_rows(url: str, storage_options) -> list[tuple]:
    fs = OutputFS(url, storage_options)
    shards = fs.glob(fs.join("data", "*.parquet"))
    return rows(pq.ParquetDataset(shards, filesystem=fs.fs).read())


def s3_files(url: str, storage_options) -> list[str]:
    fs = OutputFS(url, storage_options)
    fs.fs.invalidate_cache()
    return sorted(fs.rel(p) for p in fs.fs.find(fs.root))


def test_per_file_phase_stats_and_card_to_s3(s3, inputs, tmp_path):
    url = "s3://out/extract"
    stats = run(load_recipe("zh-extract"), inputs, RunOptions(output=url, storage_options=s3, workers=2,
                                                              keep_rejected=True, progress=False))
    local = run(load_recipe("zh-extract"), inputs, RunOptions(output=str(tmp_path / "local"), workers=2,
                                                              keep_rejected=True, progress=False))
    assert stats["totals"]["kept"] == local["totals"]["kept"] > 0
    files = s3_files(url, s3)
    assert "stats.json" in files and "README.md" in files and ".curate/lock" not in files
    assert sum(f.startswith(".curate/tasks/") for f in files) == len(inputs)
    assert any(f.startswith("rejected/") for f in files)
    assert {f for f in files if f.startswith("data/")} == {s for f in stats["files"] for s in f["shards"]}
    fs = OutputFS(url, s3)
    table = pq.ParquetDataset(fs.glob(fs.join("data", "*.parquet")), filesystem=fs.fs).read()
    ref = pq.read_table(sorted((tmp_path / "local" / "data").glob("*.parquet")))
    assert sorted(zip(table.column("id").to_pylist(), table.column("text").to_pylist())) == \
        sorted(zip(ref.column("id").to_pylist(), ref.column("text").to_pylist()))
    assert json.loads(fs.read_bytes(fs.join("stats.json")))["totals"] == stats["totals"]
    card = fs.read_bytes(fs.join("README.md")).decode()
    assert card.startswith("---\n") and f"{stats['totals']['kept']:,}" in card

    # a rerun of the same command has nothing to do
    again = run(load_recipe("zh-extract"), inputs, RunOptions(output=url, storage_options=s3, workers=2,
                                                              keep_rejected=True, progress=False))
    assert again["run"]["this_run"]["files"] == 0 and again["totals"]["kept"] == stats["totals"]["kept"]


def test_zh_web_to_s3_gives_the_rows_of_a_local_run(s3, inputs, local_zh_web, tmp_path, capsys):
    from curate.cli import main

    local_out, local_stats = local_zh_web
    url = "s3://out/zh-web"
    stats = run(load_recipe("zh-web"), inputs, RunOptions(output=url, storage_options=s3, workers=2, keep_rejected=True,
                                                          work_dir=str(tmp_path / "work"), progress=False))
    assert stats["dedup"]["docs_in"] > stats["dedup"]["docs_out"]  # dedup removed something
    assert {k: v for k, v in stats["totals"].items() if k != "seconds"} == \
        {k: v for k, v in local_stats["totals"].items() if k != "seconds"}
    assert s3_rows(url, s3) == local_rows(local_out)
    files = s3_files(url, s3)
    assert not any(f.startswith(".curate/pre-dedup/") for f in files)  # work files go after success
    assert not os.listdir(tmp_path / "work") if (tmp_path / "work").exists() else True
    assert "README.md" in files and "stats.json" in files

    opts = json.dumps(s3)
    assert main(["stats", url, "--storage-options", opts, "--json", "--no-tokens"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["run_dir"] == url and report["totals"]["kept"] == stats["totals"]["kept"]
    assert main(["card", url, "--storage-options", opts, "--no-tokens"]) == 0
    assert f"card: {url}/README.md" in capsys.readouterr().out
    # inspect and report read the run where it is (the report is written here, plots beside it)
    assert main(["inspect", url, "--storage-options", opts]) == 0
    out = capsys.readouterr().out
    assert f"drop reasons of {url}" in out and re.search(r"dedup +exact_dup", out)
    assert main(["inspect", url, "--storage-options", opts, "--reason", "exact_dup", "-n", "2", "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "exact_dup" in shown and "removed (this document)" in shown and "kept: http" in shown  # its survivor, read on S3
    assert main(["inspect", url, "--storage-options", opts, "--kept", "-n", "1", "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "kept documents, 1 of" in shown and any(f"id {r[0]}" in shown for r in s3_rows(url, s3))
    assert main(["report", url, "--storage-options", opts, "--no-tokens"]) == 2
    assert "give --output" in capsys.readouterr().err
    html = tmp_path / "r" / "report.html"
    html.parent.mkdir()
    assert main(["report", url, "--storage-options", opts, "--no-tokens", "-o", str(html)]) == 0
    assert f"plots in {tmp_path / 'r' / 'report-plots'}" in capsys.readouterr().out
    text = html.read_text(encoding="utf-8")
    assert url in text and "exact_dup" in text and "data:image/png;base64" in text
    assert (tmp_path / "r" / "report-plots" / "funnel.png").is_file()
    assert main(["stats", "s3://out/nothing-here", "--storage-options", opts]) == 2
    assert "no stats.json in s3://out/nothing-here" in capsys.readouterr().err


def _cli(url: str, inputs: list[str], storage_options) -> list[str]:
    return [sys.executable, "-m", "curate", "run", "zh-web", "-i", *inputs, "-o", url, "-w", "2", "-q",
            "--storage-options", json.dumps(storage_options)]


def _subprocess_env(tmp_path) -> dict[str, str]:
    return {**os.environ, **AWS_ENV, "PYTHONPATH": ROOT, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def kill_after_the_first_marker_and_rerun(fs: OutputFS, cli: list[str], env: dict[str, str], n_inputs: int) -> None:
    """Run `cli` (a run to `fs`), SIGKILL it once the first task's marker is on the store, check
    that it died midway, then rerun it and check that the rerun resumed from the markers."""
    def finished() -> int:  # tasks a rerun counts done (the sample, partial for its truncated record, is redone)
        markers = [fs.read_json(m) for m in fs.glob(fs.join(".curate", "tasks", "*.json"))]
        return sum(1 for m in markers if m and m["stats"]["status"] == "ok")

    proc = subprocess.Popen(cli, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not finished() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = finished()
    assert done and not fs.exists(fs.join("stats.json")), "the run was not killed midway"
    assert fs.exists(fs.join(".curate", "lock"))  # the killed run's lock is left: its pid is dead, so it is taken over
    rerun = subprocess.run(cli, env=env, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"resuming, {done} of {n_inputs} input files already done" in rerun.stderr


def test_resume_after_a_kill_gives_the_output_of_an_uninterrupted_run(s3, inputs, local_zh_web, tmp_path):
    local_out, _ = local_zh_web
    fs = OutputFS("s3://out/killed", s3)
    env = _subprocess_env(tmp_path)
    kill_after_the_first_marker_and_rerun(fs, _cli(fs.url, inputs, s3), env, len(inputs))
    assert s3_rows(fs.url, s3) == local_rows(local_out)

    # killed at a random moment of a run (printed, to replay a failure)
    fs = OutputFS("s3://out/killed-random", s3)
    seed = random.randrange(1 << 30)
    delay = random.Random(seed).uniform(0.5, 8.0)
    print(f"killing after {delay:.2f}s (seed {seed})")
    proc = subprocess.Popen(_cli(fs.url, inputs, s3), env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run(_cli(fs.url, inputs, s3), env=env, cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert s3_rows(fs.url, s3) == local_rows(local_out), f"seed {seed}"
    files = s3_files(fs.url, s3)
    assert {f for f in files if f.startswith("data/")} == \
        {s for f in json.loads(fs.read_bytes(fs.join("stats.json")))["files"] for s in f["shards"]}


def test_the_lock_refuses_a_second_run_and_a_stale_one_is_taken_over(s3, inputs):
    url = "s3://out/locked"
    fs = OutputFS(url, s3)
    options = RunOptions(output=url, storage_options=s3, progress=False)
    with OutputLock(fs):
        with pytest.raises(OutputError, match="another curate run .* is writing to s3://out/locked"):
            run(load_recipe("zh-extract"), inputs[:1], options)
        assert not fs.exists(fs.join("stats.json"))
    assert not fs.exists(fs.join(".curate", "lock"))  # removed by its holder
    assert run(load_recipe("zh-extract"), inputs[:1], options)["totals"]["kept"]

    # a lock whose heartbeat stopped long ago (its run's machine died) is taken over
    fs.write_json(fs.join(".curate", "lock"), {"pid": 1, "host": "gone-host", "time": time.time() - 3600, "token": "x"})
    assert run(load_recipe("zh-extract"), inputs[:1], options)["totals"]["kept"]
    # a fresh lock of a live process on another host is not
    fs.write_json(fs.join(".curate", "lock"), {"pid": 1, "host": "other-host", "time": time.time(), "token": "x"})
    with pytest.raises(OutputError, match="pid 1 on other-host"):
        run(load_recipe("zh-extract"), inputs[:1], options)


def test_an_unwritable_s3_output_fails_before_any_work(s3, inputs):
    with pytest.raises(OutputError, match="s3://no-such-bucket/x is not writable"):
        run(load_recipe("zh-extract"), inputs[:1],
            RunOptions(output="s3://no-such-bucket/x", storage_options=s3, progress=False))


def test_ray_on_machines_that_share_no_disk_writes_and_dedups_through_the_store(s3, inputs, tmp_path, monkeypatch):
    """The case object storage is for: Ray workers that share no disk with the driver. The workers
    get their own cache folder (their "machine's disk"), so every file a phase passes to another
    one must go through the store: shards, markers, and dedup's phase files (OUT/.curate/dedup on
    the store). Same rows as a local run; then a run deduped against it on the same cluster."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'curate[ray]')")
    from curate.dedup.workdir import Store

    copy = tmp_path / "copy.warc.gz"  # duplicates across shards, on different workers
    shutil.copy(inputs[0], copy)
    inputs = [*inputs, str(copy)]
    local = run(load_recipe("zh-web"), inputs, RunOptions(output=str(tmp_path / "local"), workers=2, progress=False))
    driver_cache, worker_cache = tmp_path / "driver-cache", tmp_path / "worker-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(driver_cache))
    if ray.is_initialized():
        ray.shutdown()
    try:
        ray.init(address="local", num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024,
                 _node_ip_address="127.0.0.1", logging_level="WARNING", log_to_driver=False,
                 runtime_env={"env_vars": {**AWS_ENV, "XDG_CACHE_HOME": str(worker_cache)}})
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"a local Ray could not start here: {type(e).__name__}: {e}")
    url, work = "s3://out/ray", "s3://out/ray/.curate/dedup"
    try:
        stats = run(load_recipe("zh-web"), inputs, RunOptions(output=url, storage_options=s3, executor="ray",
                                                              workers=2, keep_work=True, progress=False))
        phase_files = [f for f in s3_files(url, s3) if f.startswith(".curate/dedup/")]
        again = run(load_recipe("zh-web"), inputs[:1], RunOptions(output="s3://out/ray-next", storage_options=s3,
                                                                  executor="ray", workers=2, dedup_against=[url],
                                                                  progress=False))
    finally:
        ray.shutdown()
    assert stats["run"]["executor"] == "ray" and stats["totals"]["files_failed"] == 0
    assert s3_rows(url, s3) == local_rows(tmp_path / "local")
    assert without_seconds(stats["dedup"]) == without_seconds(local["dedup"]) and stats["dedup"]["docs_in"] > \
        stats["dedup"]["docs_out"] > 0
    # the phase files are on the store, signatures (meta.json last) and the run's global arrays
    assert any(f.endswith("/minhash.npy") for f in phase_files) and any(f.endswith("/rank.npy") for f in phase_files)
    assert sum(f.endswith("/meta.json") and "/sig-" in f and "/run-" not in f for f in phase_files) == 2  # two shards
    # ...and the workers read them from their own mirror, never from the driver's folders
    worker_mirror = worker_cache / "curate" / os.path.basename(Store(work, s3).mirror)
    assert list(worker_mirror.rglob("minhash.npy")) and list(worker_mirror.rglob("rank.npy"))
    assert not (driver_cache / "curate" / os.path.basename(Store(work, s3).mirror)).exists() or \
        not list((driver_cache / "curate").rglob("bucket_hash.npy"))  # the driver never reads a bucket file
    assert not list((driver_cache / "curate").glob("work-*/phases"))  # no local phase folder any more
    # an earlier run on the store, matched by the workers against their own copy of its index
    assert again["dedup"]["earlier_removed"] > 0 and again["totals"]["kept"] == 0
    assert list((worker_cache / "curate").glob("index-*/.curate/dedup-index/meta.json"))
    # a finished run (without --keep-work) leaves no phase files on the store
    assert not [f for f in s3_files("s3://out/ray-next", s3) if f.startswith(".curate/dedup/")]


def without_seconds(d):
    if isinstance(d, dict):
        return {k: without_seconds(v) for k, v in d.items() if k != "seconds"}
    return [without_seconds(v) for v in d] if isinstance(d, list) else d


def test_a_write_error_on_s3_publishes_nothing_of_the_task_and_a_rerun_resumes(s3, inputs, monkeypatch):
    from curate.io import parquet

    url = "s3://out/write-error"
    fs = OutputFS(url, s3)
    real = parquet.pq.ParquetWriter.write_table
    calls = {"n": 0}

    def fails_once(self, table, *a, **k):
        calls["n"] += 1
        if calls["n"] == 5:  # the third file's kept shard (each file writes kept, then rejected)
            raise OSError(28, "No space left on device")
        return real(self, table, *a, **k)

    monkeypatch.setattr(parquet.pq.ParquetWriter, "write_table", fails_once)
    options = RunOptions(output=url, storage_options=s3, workers=1, keep_rejected=True, progress=False)
    with pytest.raises(OutputError, match="No space left on device"):
        run(load_recipe("zh-extract"), inputs, options)
    markers = fs.glob(fs.join(".curate", "tasks", "*.json"))
    assert len(markers) == 2
    listed = {s for m in markers for s in json.loads(fs.read_bytes(m))["stats"]["shards"]}
    assert {f for f in s3_files(url, s3) if f.startswith("data/")} == listed  # the failed task's upload was dropped
    assert not fs.exists(fs.join(".curate", "lock"))
    monkeypatch.setattr(parquet.pq.ParquetWriter, "write_table", real)
    stats = run(load_recipe("zh-extract"), inputs, options)
    # a file finished whole is not read again (the sample, partial for its truncated record, is)
    resumed = [m for m in markers if json.loads(fs.read_bytes(m))["stats"]["status"] == "ok"]
    assert resumed and stats["run"]["this_run"]["files"] == len(inputs) - len(resumed)
    assert stats["totals"]["files_failed"] == 0


def test_dedup_index_on_s3_and_dedup_against_an_s3_run(s3, inputs, local_zh_web, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    earlier = "s3://out/zh-web"  # written by the test above when it ran; else written here
    fs = OutputFS(earlier, s3)
    if not fs.exists(fs.join(".curate", "dedup-index", "meta.json")):
        run(load_recipe("zh-web"), inputs, RunOptions(output=earlier, storage_options=s3, workers=2, progress=False))
    assert fs.exists(fs.join(".curate", "dedup-index", "meta.json"))  # uploaded, meta.json last
    new = inputs[:1]  # the sample, which the earlier run had: every document it keeps is already there
    stats = run(load_recipe("zh-web"), new, RunOptions(output="s3://out/next", storage_options=s3, workers=1,
                                                       keep_rejected=True, dedup_against=[earlier], progress=False))
    assert stats["dedup"]["against"] == [earlier] and stats["dedup"]["earlier_removed"] > 0
    assert stats["dedup"]["earlier_removed_by_run"] == {earlier: stats["dedup"]["earlier_removed"]}
    assert stats["totals"]["kept"] == 0
    # inspect shows each such document beside the earlier run's copy, read from that run on S3
    from curate.cli import main

    assert main(["inspect", "s3://out/next", "--storage-options", json.dumps(s3), "--reason", "dup_earlier_run",
                 "-n", "1", "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "removed (this document)" in shown and "kept: http" in shown


def test_dedup_work_files_on_the_store_read_back_as_written_and_ranged_reads_match(s3, tmp_path, monkeypatch):
    """curate.dedup.workdir: arrays saved on the store read back equal (through this machine's
    mirror, fetched again when the object changes); a signature folder's band slices read with its
    fence and ranged reads are exactly what hash_range cuts from the whole file, for every range."""
    import numpy as np

    from curate.dedup import phases as P
    from curate.dedup import workdir
    from curate.dedup.minhash import hash_range, hash_range_bounds

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    store = workdir.Store("s3://out/work-test", s3)
    path = "s3://out/work-test/a/x.npy"
    workdir.save(path, np.arange(10))
    assert workdir.exists(path) and not workdir.exists("s3://out/work-test/a/y.npy")
    assert workdir.load(path).tolist() == list(range(10))
    assert workdir.pull(path).startswith(store.mirror)
    workdir.save(path, np.arange(3))  # rewritten by another process: the mirror's copy is stale
    assert workdir.load(path, mmap=True).tolist() == [0, 1, 2]

    rng = np.random.default_rng(7)
    bands, sig_dirs, local_dirs, counts = 3, [], [], []
    for s, n in enumerate([5000, 0, 2500, 1]):  # an empty shard and a one-document one
        h = rng.integers(0, 1 << 64, size=(bands, n), dtype=np.uint64)
        order = np.argsort(h, axis=1, kind="stable").astype(np.uint32)
        local = tmp_path / f"shard{s}"
        tmp = workdir.staging(f"s3://out/work-test/sig/shard{s}")
        for d in (str(local), tmp):
            os.makedirs(d, exist_ok=True)
            np.save(os.path.join(d, "bucket_hash.npy"), np.take_along_axis(h, order.astype(np.int64), axis=1))
            np.save(os.path.join(d, "bucket_row.npy"), order)
            np.save(os.path.join(d, "bucket_fence.npy"),
                    np.take_along_axis(h, order[:, ::P._FENCE].astype(np.int64), axis=1))
        with open(os.path.join(tmp, "meta.json"), "w") as f:
            json.dump({"n": n}, f)
        workdir.publish(tmp, f"s3://out/work-test/sig/shard{s}")
        sig_dirs.append(f"s3://out/work-test/sig/shard{s}")
        local_dirs.append(str(local))
        counts.append(n)
    counts = np.array(counts)
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]])
    assert sorted(workdir.listdir("s3://out/work-test/sig/shard0")) == \
        ["bucket_fence.npy", "bucket_hash.npy", "bucket_row.npy", "meta.json"]
    for band in range(bands):
        whole = [(np.load(os.path.join(d, "bucket_hash.npy"))[band], np.load(os.path.join(d, "bucket_row.npy"))[band])
                 for d in local_dirs]
        for lo, hi in hash_range_bounds(int(counts.sum()), 700):  # 12 ranges
            want = hash_range(whole, bases, lo, hi)
            got = hash_range(P._fenced_runs(sig_dirs, counts, "bucket", band, lo, hi), bases, lo, hi)
            assert (want is None) == (got is None)
            if want is not None:
                assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])
    workdir.remove("s3://out/work-test")
    assert not workdir.exists("s3://out/work-test/sig/shard0/meta.json") and not os.path.exists(store.local(path))


def test_rows_of_stored_arrays_by_ranged_reads_are_the_rows_of_the_arrays(s3, tmp_path, monkeypatch):
    import numpy as np

    from curate.dedup import workdir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    workdir.Store("s3://out/rows-test", s3)
    rng = np.random.default_rng(3)
    arrays = {"m.npy": rng.integers(0, 1 << 32, size=(3000, 16), dtype=np.uint32), "v.npy": rng.random(500),
              "e.npy": np.zeros((0, 4), np.uint32)}
    for name, a in arrays.items():
        workdir.save(f"s3://out/rows-test/{name}", a)
    asks = [("m.npy", rng.integers(0, 3000, 400)),  # repeats, any order, near and far apart
            ("m.npy", np.array([2999, 0, 1500])), ("v.npy", np.arange(500)[::-7]), ("m.npy", np.array([], int)),
            ("e.npy", np.array([], int))]
    for round_bytes in (workdir._ROUND_BYTES, 4096):  # one round of ranged reads, and many small ones
        monkeypatch.setattr(workdir, "_ROUND_BYTES", round_bytes)
        got = workdir.read_rows([(f"s3://out/rows-test/{name}", rows) for name, rows in asks])
        for (name, rows), g in zip(asks, got):
            assert g.dtype == arrays[name].dtype and np.array_equal(g, arrays[name][rows])
    workdir.remove("s3://out/rows-test")


def lose_node_once(flags, fn, names=("_band_pairs", "_filter_shard")):
    """`fn`, whose first job, on its first try, says which node it runs on and waits to be lost with it."""
    def task(shared, job):
        import ray

        if fn.__name__ in names and not flags.joinpath(f"{fn.__name__}.started").exists():
            flags.joinpath(f"{fn.__name__}.started").write_text(ray.get_runtime_context().get_node_id())
            time.sleep(60)  # the node goes meanwhile
        return fn(shared, job)
    task.__name__ = fn.__name__
    return task


def test_a_node_lost_mid_phase_has_only_its_tasks_redone_on_another_node(s3, inputs, tmp_path, monkeypatch):
    """Three Ray nodes of one CPU each (`ray.cluster_utils.Cluster` on 127.0.0.1), each with its own
    cache folder, the work folder on the store. While the first pairing task and later the first
    filter task run, the node running it is removed: Ray runs the lost task again on a node left,
    and the output and dedup stats are those of a run on one machine."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'curate[ray]')")
    from ray.cluster_utils import Cluster

    from curate.engine.executors import RayExecutor

    copy = tmp_path / "copy.warc.gz"
    shutil.copy(inputs[0], copy)
    inputs = [*inputs, str(copy)]
    local = run(load_recipe("zh-web"), inputs, RunOptions(output=str(tmp_path / "local"), workers=2, progress=False))
    flags = tmp_path / "flags"
    flags.mkdir()
    if ray.is_initialized():
        ray.shutdown()
    tests = os.path.dirname(os.path.abspath(__file__))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH")) if p))
    # every node on the loopback address (else Ray's nodes look for each other on the machine's own IP)
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    monkeypatch.setattr(ray._private.ray_constants, "ENABLE_RAY_CLUSTER", False)
    try:
        cluster = Cluster(initialize_head=True, head_node_args={
            "num_cpus": 0, "include_dashboard": False, "node_ip_address": "127.0.0.1",
            "object_store_memory": 80 << 20, "env_vars": AWS_ENV})
        nodes = [cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1", object_store_memory=80 << 20,
                                  env_vars={**AWS_ENV, "XDG_CACHE_HOME": str(tmp_path / f"node{i}")})
                 for i in range(3)]
        ray.init(address=cluster.address, logging_level="WARNING", log_to_driver=False)
        cluster.wait_for_nodes()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"a local two-node Ray could not start here: {type(e).__name__}: {e}")
    real_map_tasks = RayExecutor.map_tasks
    lost = []

    def map_losing_a_node(fn, shared, jobs):
        def remove_the_node_of_the_first_task():
            started = flags / f"{fn.__name__}.started"
            while not started.exists():
                time.sleep(0.05)
            node = next(n for n in nodes if n.node_id == started.read_text() and n not in lost)
            cluster.remove_node(node)
            lost.append(node)
        if fn.__name__ in ("_band_pairs", "_filter_shard"):
            import threading

            threading.Thread(target=remove_the_node_of_the_first_task, daemon=True).start()
        return real_map_tasks(lose_node_once(flags, fn), shared, jobs)

    monkeypatch.setattr(RayExecutor, "map_tasks", staticmethod(map_losing_a_node))
    url = "s3://out/node-loss"
    try:
        stats = run(load_recipe("zh-web"), inputs, RunOptions(output=url, storage_options=s3, executor="ray",
                                                              workers=2, progress=False))
    finally:
        ray.shutdown()
        cluster.shutdown()
    assert len(lost) == 2  # a node lost in each of the two phases
    assert stats["totals"]["files_failed"] == 0
    assert s3_rows(url, s3) == local_rows(tmp_path / "local")
    assert without_seconds(stats["dedup"]) == without_seconds(local["dedup"])


def test_a_run_aborts_the_unfinished_uploads_a_killed_run_left_under_its_output(s3, inputs):
    """A process killed mid-upload leaves a multipart upload that the store keeps (and bills) but
    never shows; the next run into that output aborts it, and leaves other prefixes' uploads alone."""
    import boto3

    client = boto3.client("s3", endpoint_url=s3["endpoint_url"], region_name="us-east-1")
    for key in ("uploads/data/train-00000.parquet", "uploads-other/data/x.parquet"):
        up = client.create_multipart_upload(Bucket="out", Key=key)
        client.upload_part(Bucket="out", Key=key, UploadId=up["UploadId"], PartNumber=1, Body=b"x" * (5 << 20))
    run(load_recipe("zh-web"), inputs, RunOptions(output="s3://out/uploads", storage_options=s3, progress=False))
    left = [u["Key"] for u in client.list_multipart_uploads(Bucket="out").get("Uploads", [])]
    assert left == ["uploads-other/data/x.parquet"]
