"""The Ray executor: the same rows, stats and dedup as the local one, resume across executors, the
progress counter, and a clear error without Ray. Runs on a local Ray (127.0.0.1, 2 CPUs, no
dashboard); skips, saying why, where Ray is not installed or cannot start."""

import os
import shutil
import sys
import time
from collections import Counter

import pyarrow.parquet as pq
import pytest
from test_run import make_warc

from curate.cli import main
from curate.engine.recipe import load_recipe
from curate.resources import default_inputs
from curate.engine.executors import RayExecutor
from curate.engine.runner import RunOptions, run

# Keep a local Ray on the loopback address (read when ray is imported, so before that).
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'curate[ray]')")
    if ray.is_initialized():
        ray.shutdown()
    # the workers Ray starts import the tests' own stages (hostile_stages) as the driver does
    tests = os.path.dirname(os.path.abspath(__file__))
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH")) if p)
    try:
        ray.init(address="local", num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024,
                 _node_ip_address="127.0.0.1", logging_level="WARNING", log_to_driver=False)
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"a local Ray could not start here: {type(e).__name__}: {e}")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    return [str(make_warc(d / f"part-{k}.warc.gz", n_zh=4 + k, seed=k)) for k in range(3)]


@pytest.fixture(scope="module")
def samples(tmp_path_factory, warcs):
    """The bundled sample (pages zh-web keeps, near and exact duplicates among them), a copy of it
    (duplicates across files) and one generated WARC."""
    sample = default_inputs()[0]
    copy = tmp_path_factory.mktemp("copy") / "copy.warc.gz"
    shutil.copy(sample, copy)
    return [sample, str(copy), warcs[0]]


def ids(out):
    return sorted(pq.read_table(sorted((out / "data").rglob("*.parquet"))).column("id").to_pylist())


def rows(out):
    table = pq.read_table(sorted((out / "data").rglob("*.parquet")))
    cols = [c for c in ("id", "text", "dup_cluster", "dup_count") if c in table.column_names]
    return sorted(tuple(r.values()) for r in table.select(cols).to_pylist())


def without_seconds(d):
    if isinstance(d, dict):
        return {k: without_seconds(v) for k, v in d.items() if k != "seconds"}
    if isinstance(d, list):
        return [without_seconds(v) for v in d]
    return d


@pytest.mark.parametrize("recipe", ["zh-extract", "zh-web"])
def test_ray_gives_the_same_rows_and_stats_as_local(local_ray, warcs, samples, tmp_path, recipe, monkeypatch):
    inputs = warcs if recipe == "zh-extract" else samples
    on_ray = Counter()
    real_map_tasks = RayExecutor.map_tasks

    def counting(fn, shared, jobs):
        on_ray[fn.__name__] += len(jobs)
        return real_map_tasks(fn, shared, jobs)

    monkeypatch.setattr(RayExecutor, "map_tasks", staticmethod(counting))
    stats = {}
    for executor in ("local", "ray"):
        options = RunOptions(output=str(tmp_path / executor), workers=2, progress=False, executor=executor)
        stats[executor] = run(load_recipe(recipe), inputs, options)
    local, ray_ = stats["local"], stats["ray"]
    assert ids(tmp_path / "ray") == ids(tmp_path / "local")
    assert rows(tmp_path / "ray") == rows(tmp_path / "local")  # same text, same dup_cluster
    assert len(ids(tmp_path / "ray")) == ray_["totals"]["kept"] > 0
    assert without_seconds(ray_["totals"]) == without_seconds(local["totals"])
    assert without_seconds(ray_["stages"]) == without_seconds(local["stages"])
    assert ray_["run"]["executor"] == "ray" and ray_["run"]["workers"] == 2
    if recipe == "zh-web":
        dedup = without_seconds(ray_["dedup"])
        assert dedup == without_seconds(local["dedup"])
        # dedup's phases ran as Ray tasks: signing and filtering one per shard, pairing one per
        # band and hash range, the output one per output shard (the sort, pair merge and
        # components run on the driver)
        assert on_ray["_sign_shard"] == on_ray["_filter_shard"] >= 2
        assert on_ray["_band_pairs"] >= ray_["dedup"]["params"]["bands"]
        assert on_ray["_write_output"] >= 1
        assert on_ray["_verify"] >= (1 if ray_["dedup"]["candidate_pairs"] else 0)
        dropped = ray_["stages"]["dedup"]["dropped"]
        assert dropped["exact_dup"] >= ray_["stages"]["dedup"]["seen"] // 2  # the copy, whole


def test_ray_resumes_from_files_a_local_run_finished(local_ray, warcs, tmp_path, capsys):
    out = tmp_path / "out"
    first = run(load_recipe("zh-extract"), warcs[:1], RunOptions(output=str(out), progress=False))
    both = run(load_recipe("zh-extract"), warcs, RunOptions(output=str(out), progress=False, executor="ray"))
    assert "1 of 3 input files already done" in capsys.readouterr().err
    assert both["files"][0] == first["files"][0]  # from its marker, not redone
    ref = run(load_recipe("zh-extract"), warcs, RunOptions(output=str(tmp_path / "ref"), progress=False))
    assert ids(out) == ids(tmp_path / "ref")
    assert without_seconds(both["totals"]) == without_seconds(ref["totals"])


def test_ray_progress_counter_counts_every_record(local_ray, warcs, tmp_path):
    options = RunOptions(output=str(tmp_path / "out"), workers=1, executor="ray")
    executor = RayExecutor(options, len(warcs))
    try:
        read = sum(d["read"] for d in executor.map(load_recipe("zh-extract"), options, warcs))
        deadline = time.monotonic() + 10  # the workers' adds are sent without waiting
        while executor.counter.value != read and time.monotonic() < deadline:
            time.sleep(0.05)
        assert executor.counter.value == read > 0
    finally:
        executor.close()
    assert local_ray.is_initialized()  # a Ray the executor did not start is left running


def test_ray_executor_without_ray_says_how_to_install(tmp_path, monkeypatch, capsys, warcs):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    assert main(["run", "zh-extract", "--executor", "ray", "-i", warcs[0], "-o", str(tmp_path / "o")]) == 2
    assert "pip install 'curate[ray]'" in capsys.readouterr().err
    with pytest.raises(ImportError, match=r"curate\[ray\]"):
        run(load_recipe("zh-extract"), warcs[:1], RunOptions(output=str(tmp_path / "o"), executor="ray"))


def test_a_file_that_kills_its_actor_every_time_is_counted_failed_and_the_run_goes_on(local_ray, tmp_path):
    from warcs import html_page, response, write_warc

    paras = ["今年的情况和往年相比有了很大的变化，很多人都注意到了这一点。" * 3] * 4
    inputs = []
    for k in range(3):
        pages = [response(html_page(f"第{k}-{i}篇", paras), url=f"http://a.cn/{k}/{i}") for i in range(2)]
        if k == 1:
            pages.append(response(html_page("KILL-ME", paras), url="http://a.cn/kill"))
        inputs.append(str(write_warc(tmp_path / f"in-{k}.warc.gz", pages)))
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: t\nstages: [decode, extract, 'hostile_stages:KillWorker']\n", encoding="utf-8")
    stats = run(load_recipe(str(recipe)), inputs, RunOptions(output=str(tmp_path / "out"), workers=2,
                                                             progress=False, executor="ray"))
    by_source = {f["source"]: f for f in stats["files"]}
    assert by_source[inputs[1]]["status"] == "failed" and "worker died" in by_source[inputs[1]]["error"]
    assert by_source[inputs[0]]["kept"] == by_source[inputs[2]]["kept"] == 2
    assert stats["totals"]["files_failed"] == 1


def test_a_ray_worker_that_cannot_start_fails_the_run_once(local_ray, tmp_path, warcs):
    from curate.engine.pool import WorkerStartError

    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: t\nstages: [decode, extract, 'hostile_stages:MissingLexicon']\n", encoding="utf-8")
    with pytest.raises((WorkerStartError, FileNotFoundError, ValueError)):
        run(load_recipe(str(recipe)), warcs, RunOptions(output=str(tmp_path / "out"), workers=2, progress=False,
                                                         executor="ray"))


def test_a_dedup_task_whose_worker_is_killed_is_redone_and_the_output_is_the_same(local_ray, samples, tmp_path,
                                                                                   monkeypatch):
    """Fault injection: the worker process of the first pairing task and of the first filter task
    SIGKILLs itself (what the OOM killer does); Ray retries the task and the run's output is the
    uninterrupted run's."""
    real_map_tasks = RayExecutor.map_tasks
    flags = tmp_path / "flags"
    flags.mkdir()

    def dying(fn, shared, jobs):
        if fn.__name__ not in ("_band_pairs", "_filter_shard"):
            return real_map_tasks(fn, shared, jobs)
        flag = str(flags / fn.__name__)

        def die_once(shared, job):
            if job == jobs[0] and not os.path.exists(flag):
                open(flag, "w").close()
                os.kill(os.getpid(), 9)
            return fn(shared, job)
        die_once.__name__ = fn.__name__
        return real_map_tasks(die_once, shared, jobs)

    options = RunOptions(output=str(tmp_path / "clean"), workers=2, progress=False, executor="ray")
    clean = run(load_recipe("zh-web"), samples, options)
    monkeypatch.setattr(RayExecutor, "map_tasks", staticmethod(dying))
    options = RunOptions(output=str(tmp_path / "killed"), workers=2, progress=False, executor="ray")
    killed = run(load_recipe("zh-web"), samples, options)
    assert sorted(p.name for p in flags.iterdir()) == ["_band_pairs", "_filter_shard"]  # both died once
    assert rows(tmp_path / "killed") == rows(tmp_path / "clean")
    assert without_seconds(killed["dedup"]) == without_seconds(clean["dedup"])
    assert killed["totals"]["kept"] == clean["totals"]["kept"] > 0


def test_a_dedup_task_that_fails_on_every_try_is_reported_and_the_run_goes_on(local_ray, samples, tmp_path,
                                                                              monkeypatch):
    """Three copies of the sample, a, b and c (a's documents survive, as the earliest source): the
    worker signing b's shard is killed on every try (past Ray's retries) and the filter task of
    c's shard raises every time: the run finishes, names both tasks with their errors, counts
    those files' documents failed (every record still accounted for) and keeps them out of the
    output; rerunning the same command redoes them and gives the output of a run without faults."""
    from curate.engine.stats import FileStats

    real_map_tasks = RayExecutor.map_tasks
    inputs = [str(tmp_path / f"{name}.warc.gz") for name in "abc"]
    for path in inputs:
        shutil.copy(samples[0], path)
    first, signed_never, filtered_never = inputs

    def source_of(shard):
        return pq.read_table(shard, columns=["source"])["source"][0].as_py()

    def failing(fn, shared, jobs):
        def task(shared, job):
            if fn.__name__ == "_sign_shard" and source_of(job) == signed_never:
                os.kill(os.getpid(), 9)
            if fn.__name__ == "_filter_shard" and source_of(shared["shards"][job]) == filtered_never:
                raise ValueError("a shard this task cannot filter")
            return fn(shared, job)
        task.__name__ = fn.__name__
        return real_map_tasks(task, shared, jobs)

    clean = run(load_recipe("zh-web"), inputs, RunOptions(output=str(tmp_path / "clean"), workers=2,
                                                           progress=False, executor="ray"))
    options = RunOptions(output=str(tmp_path / "out"), workers=2, progress=False, executor="ray")
    with monkeypatch.context() as m:
        m.setattr(RayExecutor, "map_tasks", staticmethod(failing))
        stats = run(load_recipe("zh-web"), inputs, options)
    failed = stats["dedup"]["failed_tasks"]
    assert [f["task"] for f in failed] == ["signing shard", "filtering shard"]
    assert "ValueError: a shard this task cannot filter" in failed[1]["error"] and failed[0]["error"]
    by_source = {f["source"]: f for f in stats["files"]}
    for source in (signed_never, filtered_never):
        f = by_source[source]
        assert f["stages"]["dedup"]["failed"] == {"task_failed": f["stages"]["dedup"]["seen"]} and f["kept"] == 0
        assert f["stages"]["dedup"]["seen"] > 0 and "dedup" in f["error"]
    assert by_source[first]["kept"] > 0
    assert all(FileStats.from_dict(f).balanced() for f in stats["files"])
    assert stats["dedup"]["docs_failed"] == sum(by_source[s]["stages"]["dedup"]["seen"] for s in (signed_never, filtered_never))
    table = pq.read_table(sorted((tmp_path / "out" / "data").rglob("*.parquet")))
    assert set(table.column("source").to_pylist()) == {first}
    again = run(load_recipe("zh-web"), inputs, options)  # the faults gone: the same command redoes them
    assert not again["dedup"]["failed_tasks"]
    assert rows(tmp_path / "out") == rows(tmp_path / "clean")
    assert without_seconds(again["dedup"]) == without_seconds(clean["dedup"])
