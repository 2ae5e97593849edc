"""End to end: `curate run` over WARC files, the accounting invariant, shards, workers, resume."""

import json
import random

import duckdb
import pyarrow.parquet as pq
from warcs import html_page, malformed_response, record, response, write_warc

from curate.cli import main
from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run

TOPICS = ["江南的梅雨季节", "高铁的新线路", "社区图书馆", "乡村的茶园", "博物馆的新展览", "冬季的运动会"]
SENTENCES = ["今年的情况和往年相比有了很大的变化，很多人都注意到了这一点。",
             "当地居民表示，这些年生活条件不断改善，大家对未来充满信心。",
             "有关部门提醒市民关注天气变化，合理安排出行时间。",
             "专家认为，这项工作需要长期坚持，不能急于求成。",
             "记者在现场看到，工作人员正在有序地进行准备。"]


def chinese_page(i: int) -> str:
    rng = random.Random(i)
    paras = ["".join(rng.choice(SENTENCES) for _ in range(4)) for _ in range(5)]
    return html_page(f"{TOPICS[i % len(TOPICS)]}（{i}）", paras)


def make_warc(path, n_zh=6, seed=0):
    recs = [record("warcinfo", b"software: test\r\n", content_type="application/warc-fields")]
    for i in range(n_zh):
        recs.append(response(chinese_page(seed * 100 + i), url=f"http://news.example.cn/{seed}/{i}.html"))
        recs.append(response(html_page("Weather", ["Rain is expected in the afternoon across the region."] * 6,
                                       lang="en"), url=f"http://example.com/{seed}/{i}"))
    recs.append(response(html_page("天気", ["今日は東京で雨が降りました。明日は晴れるでしょう。"] * 6,
                                   lang="ja"), url="http://example.jp/"))
    recs.append(response(b"", status="302 Found", content_type=""))
    recs.append(malformed_response(b"\x00garbage"))
    return write_warc(path, recs)


def shards(out):
    return sorted((out / "data").rglob("*.parquet"))


def test_run_writes_shards_and_accounts_for_every_record(tmp_path, warcs):
    out = tmp_path / "out"
    stats = run(load_recipe("zh-extract"), [str(warcs[0].parent)], RunOptions(output=str(out), progress=False))
    assert stats["totals"]["files"] == 3 and stats["totals"]["kept"] == 4 + 5 + 6
    for f in stats["files"]:
        skipped, failed = sum(f["skipped"].values()), sum(f["failed"].values())
        failed += sum(sum(s["failed"].values()) for s in f["stages"].values())
        assert f["read"] == f["kept"] + f["dropped"] + skipped + failed
    t = stats["totals"]
    assert t["read"] == t["kept"] + t["dropped"] + t["skipped"] + t["failed"]
    assert stats["stages"]["prefilter"]["dropped"] == {"too_little_han": 15}
    assert stats["stages"]["language"]["dropped"] == {"lang_ja": 3}
    assert stats["skipped"] == {"warcinfo": 3, "http_3xx": 3} and stats["failed"] == {"malformed_http": 3}
    on_disk = json.loads((out / "stats.json").read_text())
    assert on_disk["totals"] == t
    table = pq.read_table(shards(out))
    assert table.num_rows == 15
    for col in ["id", "url", "date", "title", "text", "lang", "lang_score", "script", "han_ratio", "n_chars",
                "charset", "source", "warc_offset"]:
        assert col in table.column_names
    row = table.to_pylist()[0]
    assert row["lang"] == "zh" and row["script"] == "Hans" and row["n_chars"] == len(row["text"])
    assert row["text"].splitlines()[0] == row["title"]  # title, then paragraphs, one per line
    assert pq.ParquetFile(shards(out)[0]).metadata.row_group(0).column(0).compression == "ZSTD"
    assert not list(out.rglob("*.tmp"))


def test_output_loads_in_duckdb(tmp_path, warcs):
    out = tmp_path / "out"
    run(load_recipe("zh-extract"), [str(w) for w in warcs], RunOptions(output=str(out), progress=False))
    con = duckdb.connect()
    n, langs = con.execute(f"select count(*), list(distinct lang) from read_parquet('{out}/data/*.parquet')").fetchone()
    assert n == 15 and langs == ["zh"]


def test_shards_are_size_bounded(tmp_path, warcs):
    out = tmp_path / "out"
    run(load_recipe("zh-extract"), [str(warcs[2])], RunOptions(output=str(out), progress=False, max_shard_bytes=4000))
    files = shards(out)
    assert len(files) > 1
    assert sum(pq.read_metadata(f).num_rows for f in files) == 6


def test_two_workers_give_the_same_rows_as_one(tmp_path, warcs):
    rows = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        run(load_recipe("zh-extract"), [str(w) for w in warcs], RunOptions(output=str(out), workers=workers, progress=False))
        rows.append(sorted(pq.read_table(shards(out)).column("id").to_pylist()))
    assert rows[0] == rows[1] and len(rows[0]) == 15


def test_rerun_skips_finished_files_and_redoes_a_changed_recipe(tmp_path, warcs, capsys):
    out = tmp_path / "out"
    inputs = [str(w) for w in warcs]
    first = run(load_recipe("zh-extract"), inputs, RunOptions(output=str(out), progress=False))
    again = run(load_recipe("zh-extract"), inputs, RunOptions(output=str(out), progress=False))
    assert "already holds this run" in capsys.readouterr().err
    assert again["run"].pop("this_run") == {"files": 0, "read": 0, "input_bytes": 0}
    assert again["totals"] == first["totals"] and again["run"] == {k: v for k, v in first["run"].items() if k != "this_run"}
    # an interrupted run: no stats.json, one file's marker missing
    (out / "stats.json").unlink()
    next((out / ".curate" / "tasks").glob("part-1-*.json")).unlink()
    resumed = run(load_recipe("zh-extract"), inputs, RunOptions(output=str(out), progress=False))
    assert "2 of 3 input files already done" in capsys.readouterr().err
    assert resumed["totals"] == {**first["totals"], "seconds": resumed["totals"]["seconds"]}
    assert len(shards(out)) == 3
    # an option that changes what is written is part of the resume key
    changed = run(load_recipe("zh-extract"), inputs, RunOptions(output=str(out), progress=False, keep_rejected=True))
    assert "keep_rejected changed since the last run" in capsys.readouterr().err
    assert changed["totals"]["kept"] == first["totals"]["kept"] and len(list((out / "rejected").glob("*.parquet"))) == 3


def test_keep_rejected_writes_dropped_documents_with_reason(tmp_path, warcs):
    out = tmp_path / "out"
    run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False, keep_rejected=True))
    rejected = pq.read_table(sorted((out / "rejected").glob("*.parquet"))).to_pylist()
    reasons = {(r["drop_stage"], r["drop_reason"]) for r in rejected}
    assert reasons == {("prefilter", "too_little_han"), ("language", "lang_ja")}
    assert any(r["lang"] == "ja" and "東京" in r["text"] for r in rejected)


def test_cli_exit_status_names_unreadable_inputs(tmp_path, warcs, capsys):
    out = tmp_path / "out"
    code = main(["run", "zh-extract", "-i", str(warcs[0]), str(tmp_path / "missing.warc.gz"), "-o", str(out), "-w", "1", "-q"])
    printed = capsys.readouterr().out
    assert code == 1 and "unreadable input" in printed and "missing.warc.gz" in printed
    assert "read 12 = kept 4" in printed
    assert main(["run", "zh-extract", "-i", str(warcs[0]), "-o", str(tmp_path / "o2"), "-w", "1", "-q"]) == 0
    assert main(["run", "no-such-recipe", "-i", str(warcs[0])]) == 2


def test_a_stage_error_fails_one_record_not_the_file(tmp_path, warcs, monkeypatch):
    from curate.stages import extract

    real = extract.extract_main

    def flaky(html, engine, url=""):
        if "（2）" in html:
            raise RuntimeError("parser exploded")
        return real(html, engine, url)

    monkeypatch.setattr(extract, "extract_main", flaky)
    out = tmp_path / "out"
    stats = run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))
    assert stats["stages"]["extract"]["failed"] == {"extract:RuntimeError": 1}
    assert stats["totals"]["kept"] == 3 and stats["files"][0]["status"] == "ok"


def test_a_rerun_with_other_inputs_replaces_the_earlier_output_and_names_strangers(tmp_path, warcs, caplog):
    out = tmp_path / "out"
    run(load_recipe("zh-extract"), [str(warcs[0])], RunOptions(output=str(out), progress=False))
    pq.write_table(pq.read_table(shards(out)[0]), out / "data" / "mine.parquet")  # a file curate did not write
    run(load_recipe("zh-extract"), [str(warcs[1])], RunOptions(output=str(out), progress=False))
    assert [p.name for p in shards(out) if p.name != "mine.parquet"] == [p.name for p in shards(out) if "part-1-" in p.name]
    assert "not from this run" in caplog.text and "mine.parquet" in caplog.text


def test_a_5mb_page_and_html_nested_5000_deep_go_through_the_whole_default_recipe(tmp_path):
    paras = ["".join(random.Random(k).choice(SENTENCES) for _ in range(4)) for k in range(6)]
    huge = html_page("超长页面", paras + ["表格数据一行又一行，内容重复。" * 20] * 12000)  # ~5 MB
    assert len(huge.encode()) > 5_000_000
    deep = ("<html><body>" + "<div>" * 5000 + "".join(f"<p>{p}</p>" for p in paras) + "</div>" * 5000
            + "</body></html>")
    path = write_warc(tmp_path / "big.warc.gz", [response(huge, url="http://a.cn/huge"),
                                                  response(deep, url="http://a.cn/deep")])
    stats = run(load_recipe(), [str(path)], RunOptions(output=str(tmp_path / "out"), progress=False))
    f = stats["files"][0]
    assert f["status"] == "ok" and f["read"] == 2 and stats["totals"]["failed"] == 0
    assert f["counts"] == {"page_cut_to_max_bytes": 1}
    assert stats["totals"]["kept"] + stats["totals"]["dropped"] == 2
