"""The output directory is the dataset: loaders read exactly the kept rows; one run at a time;
a write error stops the run and leaves it resumable; whatever is killed, a rerun gives the
output of an uninterrupted run."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from test_run import chinese_page
from warcs import html_page, response, write_warc

from curate.io import parquet
from curate.resources import default_inputs
from curate.engine.output import OutputError, OutputLock
from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run


def kept_rows(out):
    table = pq.read_table(sorted((out / "data").glob("*.parquet")))
    cols = [c for c in ("id", "text", "dup_cluster", "dup_count") if c in table.column_names]
    return sorted(tuple(r[c] for c in cols) for r in table.select(cols).to_pylist())


@pytest.fixture
def sample_run(tmp_path):
    out = tmp_path / "out"
    stats = run(load_recipe("zh-web"), default_inputs(), RunOptions(output=str(out), progress=False))
    return out, stats


def test_only_the_dataset_is_left_for_loaders(sample_run, tmp_path):
    out, stats = sample_run
    kept = stats["totals"]["kept"]
    assert kept > 0
    visible = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and ".curate" not in p.parts)
    assert visible == ["README.md", *[f"data/{p.name}" for p in sorted((out / "data").glob("*.parquet"))], "stats.json"]
    assert all(p.name.startswith("train-") for p in (out / "data").iterdir())
    assert not list((out / ".curate").rglob("*.parquet")) and not (out / ".curate" / "dedup").exists()

    duckdb = pytest.importorskip("duckdb")
    polars = pytest.importorskip("polars")
    pandas = pytest.importorskip("pandas")
    datasets = pytest.importorskip("datasets")
    assert duckdb.sql(f"select count(*) from '{out}/**/*.parquet'").fetchall()[0][0] == kept
    first = duckdb.sql(f"select source, warc_offset from '{out}/data/*.parquet' order by warc_offset limit 1").fetchall()
    assert first and first[0][1] >= 0  # `offset` was an SQL keyword: `order by offset` failed
    assert polars.scan_parquet(f"{out}/**/*.parquet").select(polars.len()).collect().item() == kept
    assert len(pandas.read_parquet(out / "data")) == kept
    cache = str(tmp_path / "hf")
    assert datasets.load_dataset("parquet", data_dir=str(out), cache_dir=cache)["train"].num_rows == kept
    assert datasets.load_dataset(str(out), cache_dir=cache)["train"].num_rows == kept


def test_rejected_rows_are_a_separate_config(tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "out"
    stats = run(load_recipe("zh-web"), default_inputs(),
                RunOptions(output=str(out), progress=False, keep_rejected=True))
    t = stats["totals"]
    cache = str(tmp_path / "hf")
    assert datasets.load_dataset(str(out), cache_dir=cache)["train"].num_rows == t["kept"]
    assert datasets.load_dataset("parquet", data_dir=str(out), cache_dir=cache)["train"].num_rows == t["kept"]
    rejected = datasets.load_dataset(str(out), "rejected", cache_dir=cache)["train"]
    kept_cols = pq.read_schema(next((out / "data").glob("*.parquet"))).names
    assert set(rejected.column_names) == {*kept_cols, "drop_stage", "drop_reason", "dup_of", "dup_similarity"} - \
        {"dup_cluster", "dup_count"}
    dups = rejected.filter(lambda r: r["drop_stage"] == "dedup")
    assert len(dups) and all(r["dup_of"] and 0 < r["dup_similarity"] <= 1 for r in dups)
    assert rejected.num_rows == t["dropped"]  # every drop is written, nothing else


def test_the_card_leaves_a_readme_it_did_not_write(tmp_path, warcs):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("# my notes\n", encoding="utf-8")
    run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))
    assert (out / "README.md").read_text(encoding="utf-8") == "# my notes\n"
    assert "Chinese web documents" in (out / "CARD.md").read_text(encoding="utf-8")


def test_an_output_that_is_a_file_or_not_writable_fails_before_any_work(tmp_path, warcs):
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(afile), progress=False))
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        with pytest.raises(OutputError, match="not writable"):
            run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(ro / "out"), progress=False))


def test_a_second_run_into_the_same_output_is_refused(tmp_path, warcs):
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        with pytest.raises(OutputError, match="another curate run"):
            run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))
    # the lock went with its holder: the run goes ahead
    assert run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))["totals"]["kept"]


def test_a_write_error_stops_the_run_and_a_rerun_resumes(tmp_path, warcs, monkeypatch, capsys):
    from curate.cli import main

    out = tmp_path / "out"
    real = parquet.pq.ParquetWriter.write_table
    calls = {"n": 0}

    def disk_full(self, table, *a, **k):
        calls["n"] += 1
        if calls["n"] == 2:  # the second file's first row group
            raise OSError(28, "No space left on device")
        return real(self, table, *a, **k)

    monkeypatch.setattr(parquet.pq.ParquetWriter, "write_table", disk_full)
    args = ["run", "zh-extract", "-i", *map(str, warcs), "-o", str(out), "-w", "1", "-q"]
    assert main(args) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("curate: error")]
    assert len(lines) == 1 and "No space left on device" in lines[0] and str(out) in lines[0]
    assert not (out / "stats.json").exists() and not list((out / "data").glob(".*tmp*"))
    monkeypatch.setattr(parquet.pq.ParquetWriter, "write_table", real)  # the disk has room again
    assert main(args) == 0
    assert "1 of 3 input files already done" in capsys.readouterr().err
    stats = json.loads((out / "stats.json").read_text())
    assert stats["totals"]["kept"] == sum(pq.read_metadata(p).num_rows for p in (out / "data").glob("*.parquet"))


def test_a_failed_task_counts_its_documents_failed_not_kept(tmp_path, warcs, monkeypatch):
    from curate.engine import worker

    def broken_verify(*args):
        raise RuntimeError("bug after the shards were written")

    monkeypatch.setattr(worker, "_verify_shards", broken_verify)
    out = tmp_path / "out"
    stats = run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))
    f = stats["files"][0]
    assert f["status"] == "failed" and f["kept"] == 0 and f["failed"]["task_failed:RuntimeError"] == 4
    assert stats["totals"]["files_failed"] == 1 and not list((out / "data").glob("*.parquet"))
    assert stats["totals"]["read"] == (stats["totals"]["kept"] + stats["totals"]["dropped"]
                                       + stats["totals"]["skipped"] + stats["totals"]["failed"])
    assert not list((out / ".curate" / "tasks").glob("*.json"))  # the next run retries it


# ----------------------------------------------------------------------------- kill -9, rerun


@pytest.fixture(scope="module")
def kill_inputs(tmp_path_factory):
    """Six files of Chinese pages, with exact and near reposts across files (dedup has work)."""
    d = tmp_path_factory.mktemp("kill-in")
    rng = random.Random(7)
    paths = []
    for k in range(6):
        recs = []
        for i in range(60):
            src = rng.randrange(40)  # page numbers repeat across files: reposts
            page = chinese_page(src)
            if rng.random() < 0.3:
                page = page.replace("</body>", "<p>转载请注明出处。</p></body>")
            recs.append(response(page, url=f"http://news.example.cn/{k}/{i}.html"))
        recs.append(response(html_page("Weather", ["Rain is expected in the afternoon."] * 6, lang="en"),
                             url=f"http://example.com/{k}"))
        paths.append(write_warc(d / f"part-{k}.warc.gz", recs))
    return paths


def _cli(inputs, out, *extra):
    return [sys.executable, "-m", "curate", "run", "-i", *map(str, inputs), "-o", str(out), "-w", "2", "-q", *extra]


@pytest.fixture(scope="module")
def uninterrupted(kill_inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    t = time.perf_counter()
    subprocess.run(_cli(kill_inputs, out), check=True, capture_output=True)
    return kept_rows(out), json.loads((out / "stats.json").read_text())["totals"], time.perf_counter() - t


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="finds worker processes through /proc")
def test_a_worker_killed_at_random_moments_costs_nothing(kill_inputs, uninterrupted, tmp_path):
    rows, totals, seconds = uninterrupted
    rng = random.Random("worker")
    out = tmp_path / "out"
    proc = subprocess.Popen(_cli(kill_inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    killed = 0
    for _ in range(2):  # a random moment while workers are at work (a fast machine has them for ~0.4 s)
        workers = []
        while not workers and proc.poll() is None:
            time.sleep(0.02)
            workers = _children(proc.pid)
        time.sleep(rng.uniform(0, 0.15))
        if workers and proc.poll() is None:
            os.kill(rng.choice(workers), signal.SIGKILL)  # the file it held is retried in a fresh worker
            killed += 1
    err = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0, err
    assert killed and kept_rows(out) == rows
    assert {**json.loads((out / "stats.json").read_text())["totals"], "seconds": 0} == {**totals, "seconds": 0}


@pytest.mark.parametrize("victim", ["main", "all"])
def test_killed_at_random_moments_a_rerun_gives_the_uninterrupted_output(victim, kill_inputs, uninterrupted, tmp_path):
    rows, totals, seconds = uninterrupted
    rng = random.Random(victim)
    out = tmp_path / "out"
    for attempt in range(3):  # each kill lands on top of the wreck of the one before
        proc = subprocess.Popen(_cli(kill_inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.5, max(seconds, 1.0)))
        if victim == "main":
            proc.send_signal(signal.SIGKILL)  # its workers die with it (PR_SET_PDEATHSIG)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run(_cli(kill_inputs, out), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert kept_rows(out) == rows
    got = json.loads((out / "stats.json").read_text())["totals"]
    assert {**got, "seconds": 0} == {**totals, "seconds": 0}
    assert not [p for p in (out / "data").iterdir() if not p.name.endswith(".parquet")]


# ----------------------------------------------------------------------------- progress, API, --limit


def test_progress_line_has_rate_bytes_files_and_eta(monkeypatch):
    from curate.engine import progress as P

    class Counter:
        value, bytes = 5_000, 250_000_000

    p = P.Progress(Counter(), 10, 1_000_000_000, 0, done_files=lambda: 2, enabled=False)
    monkeypatch.setattr(P.time, "perf_counter", lambda: p.t0 + 100)
    line = p.line()
    assert "5,000 records" in line and "50/s" in line and "250.0 MB of 1.0 GB (25%)" in line
    assert "2/10 files" in line and "ETA 5m00s" in line and line.endswith("1m40s")
    p.phase("dedup of 12 documents: candidate pairs")
    assert p.line().startswith("curate: dedup of 12 documents: candidate pairs, 0s")


def test_a_warning_on_a_terminal_erases_the_progress_line_first():
    import io
    import logging

    from curate.engine.progress import CLEAR, LineSafeHandler

    h = LineSafeHandler(tty=True)
    h.stream = io.StringIO()
    h.emit(logging.LogRecord("curate", logging.WARNING, __file__, 1, "bad record", None, None))
    assert h.stream.getvalue() == CLEAR + "curate: WARNING: bad record\n"


def test_without_a_terminal_progress_is_a_log_line(tmp_path, warcs, monkeypatch, capsys):
    from curate.engine import progress

    monkeypatch.setattr(progress, "LOG_EVERY", 0.05)
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: False, raising=False)
    run(load_recipe("zh-web"), [str(w) for w in warcs], RunOptions(output=str(tmp_path / "o"), workers=1))
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("curate: ") and "files" in ln]
    assert lines and "\r" not in "".join(lines)


def test_dedup_reports_each_phase_to_the_progress_line(tmp_path, warcs, monkeypatch):
    from curate.engine import progress

    seen = []
    monkeypatch.setattr(progress.Progress, "phase", lambda self, name: seen.append(name))
    run(load_recipe("zh-web"), [str(w) for w in warcs], RunOptions(output=str(tmp_path / "o"), progress=False))
    phases = [n.split(": ", 1)[1] for n in seen if n and n.startswith("dedup of")]
    assert phases[:5] == ["signatures", "order", "pairs", "verifying pairs", "components"] and "filter and write" in phases


def test_limit_and_dedup_time(tmp_path, warcs):
    stats = run(load_recipe("zh-web"), [str(w) for w in warcs], RunOptions(output=str(tmp_path / "o"), limit=5))
    assert [f["read"] for f in stats["files"]] == [5, 5, 5]
    full = run(load_recipe("zh-web"), [str(w) for w in warcs], RunOptions(output=str(tmp_path / "o2")))
    assert full["stages"]["dedup"]["seconds"] > 0  # a run-level phase, timed as one


def test_a_write_error_in_a_worker_process_stops_the_run_too(tmp_path, warcs, monkeypatch, capsys):
    from curate.cli import main

    def unwritable(self, *a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(parquet.pq.ParquetWriter, "write_table", unwritable)  # the forked workers inherit it
    out = tmp_path / "out"
    assert main(["run", "zh-extract", "-i", *map(str, warcs), "-o", str(out), "-w", "2", "-q"]) == 1
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("curate: error")]
    assert len(lines) == 1 and "Permission denied" in lines[0]
    assert not list((out / ".curate" / "tasks").glob("*.json")) and not (out / "stats.json").exists()


def test_python_api_runs_a_recipe_by_name_or_mapping(tmp_path, warcs):
    import curate
    import curate.engine.runner  # noqa: F401  (importing the engine must not shadow curate.run)

    stats = curate.run({"stages": ["prefilter", "decode", "extract", "language"]}, [str(w) for w in warcs],
                       tmp_path / "o", workers=1, limit=5)
    assert [f["read"] for f in stats["files"]] == [5, 5, 5]
    by_name = curate.run("zh-extract", str(warcs[0]), tmp_path / "o2", workers=2)
    assert by_name["totals"]["kept"] == 4 and (tmp_path / "o2" / "README.md").exists()
    assert curate.Stage.__name__ == "Stage"
    with pytest.raises(ValueError, match="unknown key"):
        curate.run({"stages": ["extract"], "dedupe": {}}, [str(warcs[0])], tmp_path / "o3")


def test_the_tokens_stage_adds_n_tokens_or_says_what_to_install(tmp_path, warcs, monkeypatch):
    import curate
    from curate import tokens

    pytest.importorskip("tiktoken")
    try:
        tokens.qwen_encoding()
    except tokens.TokenizerUnavailable as e:
        pytest.skip(str(e))
    curate.run({"stages": ["prefilter", "decode", "extract", "language", "tokens"]}, [str(warcs[0])],
               tmp_path / "o", workers=1)
    table = pq.read_table(sorted((tmp_path / "o" / "data").glob("*.parquet")))
    assert table.column("n_tokens").to_pylist() == [tokens.count_tokens([t]) for t in table.column("text").to_pylist()]
    assert all(0 < n < c for n, c in zip(table.column("n_tokens").to_pylist(), table.column("n_chars").to_pylist()))

    def unavailable():
        raise tokens.TokenizerUnavailable("the `dashscope` package is not installed")

    monkeypatch.setattr(tokens, "qwen_encoding", unavailable)
    with pytest.raises(ValueError, match=r"curate\[tokens\]"):
        curate.run({"stages": ["prefilter", "decode", "extract", "tokens"]}, [str(warcs[0])], tmp_path / "o2")
