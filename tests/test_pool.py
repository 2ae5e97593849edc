"""Worker death: a killed worker's file is retried once in a fresh worker, then counted failed with
the cause; a worker that cannot start fails the run once; nothing ever hangs."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcs import html_page, response, write_warc

from curate.engine.pool import WorkerStartError, map_unordered

PARAS = ["长江流域今年夏天雨水偏多，沿岸各地提前做好了防汛准备，水利部门每天发布水情通报。"] * 4
TESTS = Path(__file__).parent


def _square_or_die(item):
    n, kill_marker = item
    if kill_marker is not None and not os.path.exists(kill_marker):
        if kill_marker.endswith(".once"):  # die on the first try only
            Path(kill_marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def test_a_task_whose_worker_dies_twice_is_reported_failed_and_the_rest_finish(tmp_path):
    always = str(tmp_path / "never-created")
    items = [(n, always if n == 3 else None) for n in range(8)]
    results = {item[0]: (value, death) for item, value, death in map_unordered(_square_or_die, items, 2)}
    assert results[3] == (None, "worker died: signal 9 (SIGKILL)")
    assert {n: v for n, (v, d) in results.items() if n != 3} == {n: n * n for n in range(8) if n != 3}


def test_a_task_whose_worker_dies_once_is_retried_in_a_fresh_worker(tmp_path):
    once = str(tmp_path / "died.once")
    items = [(n, once if n == 1 else None) for n in range(4)]
    results = sorted((item[0], value, death) for item, value, death in map_unordered(_square_or_die, items, 2))
    assert results == [(0, 0, None), (1, 1, None), (2, 4, None), (3, 9, None)] and os.path.exists(once)


def _failing_init(counter_dir):
    Path(counter_dir, f"started-{os.getpid()}").touch()
    raise ValueError("max_shard_bytes: 'LOTS' is not a size")


def _dying_init():
    os._exit(3)


def test_a_worker_that_cannot_start_fails_the_map_once_without_a_restart_loop(tmp_path):
    t = time.perf_counter()
    with pytest.raises(ValueError, match="is not a size"):
        list(map_unordered(abs, list(range(10)), 2, _failing_init, (str(tmp_path),)))
    assert time.perf_counter() - t < 30 and len(list(tmp_path.iterdir())) <= 2
    with pytest.raises(WorkerStartError, match="died while starting: exit status 3"):
        list(map_unordered(abs, list(range(10)), 2, _dying_init))


def _recipe(tmp_path, stage: str) -> str:
    path = tmp_path / f"{stage.split(':')[1]}.yaml"
    path.write_text(f"name: t\nstages: [decode, extract, '{stage}']\n", encoding="utf-8")
    return str(path)


def _curate(*args, timeout=180):
    """`curate` in a subprocess, so a hang fails the test instead of stopping the suite."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS)])}
    return subprocess.run([sys.executable, "-m", "curate", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)


def test_a_killed_worker_costs_its_file_only_and_the_run_exits_1(tmp_path):
    inputs = []
    for k in range(3):
        pages = [response(html_page(f"第{k}-{i}篇", PARAS), url=f"http://a.cn/{k}/{i}") for i in range(3)]
        if k == 1:
            pages.append(response(html_page("KILL-ME", PARAS), url="http://a.cn/kill"))
        inputs.append(str(write_warc(tmp_path / f"in-{k}.warc.gz", pages)))
    out = tmp_path / "out"
    proc = _curate("run", _recipe(tmp_path, "hostile_stages:KillWorker"), "-i", *inputs, "-o", str(out),
                   "-w", "2", "-q")
    assert proc.returncode == 1, proc.stderr
    assert "failed input: " + inputs[1] + ": worker died: signal 9" in proc.stdout
    assert "trying it again in a fresh worker" in proc.stderr and "Traceback" not in proc.stderr
    stats = json.loads((out / "stats.json").read_text())
    by_source = {f["source"]: f for f in stats["files"]}
    assert by_source[inputs[1]]["status"] == "failed" and stats["totals"]["files_failed"] == 1
    assert by_source[inputs[0]]["kept"] == by_source[inputs[2]]["kept"] == 3
    assert not (out / ".curate" / "tasks" / f"{Path(inputs[1]).name.split('.')[0]}.json").exists()


def test_a_stage_that_cannot_set_up_fails_the_run_once_with_its_error(tmp_path):
    inputs = [str(write_warc(tmp_path / f"in-{k}.warc.gz", [response(html_page("t", PARAS))])) for k in range(2)]
    proc = _curate("run", _recipe(tmp_path, "hostile_stages:MissingLexicon"), "-i", *inputs,
                   "-o", str(tmp_path / "out"), "-w", "2", "-q", timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "curate: error: lexicon /nonexistent/words.txt not found" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("not found") == 1


def _slow_init(flag_dir):
    Path(flag_dir, f"start-{os.getpid()}").touch()
    time.sleep(0.5)


def test_a_worker_killed_while_starting_is_replaced(tmp_path):
    import threading

    def kill_first_starter():
        while True:
            started = list(tmp_path.glob("start-*"))
            if started:
                os.kill(int(started[0].name.split("-")[1]), 9)
                return
            time.sleep(0.01)

    threading.Thread(target=kill_first_starter, daemon=True).start()
    got = sorted(r for _, r, death in map_unordered(abs, [-1, -2, -3], 2, _slow_init, (str(tmp_path),)))
    assert got == [1, 2, 3] and len(list(tmp_path.glob("start-*"))) == 3
