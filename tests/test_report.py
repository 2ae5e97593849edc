"""Issue 5: `curate stats`, `curate inspect`, `curate card`, plots and the HTML report, on a real
run over the bundled samples; the output loads with Hugging Face `datasets` and DuckDB; the
report renders in headless Chromium (skipped, with a warning, where Chromium is not installed)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from curate.inspect import report as R
from curate.inspect.card import read_front_matter
from curate.cli import main
from curate.inspect.examples import find_marks, load_lexicons, render_marked
from curate.resources import resource_dir

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """One `curate run --keep-rejected` over the bundled samples (it also writes the card)."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", "-o", str(out), "--keep-rejected", "-w", "1", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory) -> Path:
    """The same run without --keep-rejected."""
    out = tmp_path_factory.mktemp("plain") / "out"
    assert main(["run", "-o", str(out), "-w", "1", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def stats_json(run_dir) -> dict:
    return R.stats_report(R.load_run(run_dir))


def output_table(run_dir: Path):
    return pq.read_table(sorted((run_dir / "data").glob("*.parquet")))


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# ----------------------------------------------------------------------------- stats

def test_stats_json_funnel_follows_the_stages(run_dir, capsys):
    rc, out, _ = cli(capsys, "stats", str(run_dir), "--json")
    assert rc == 0
    rep = json.loads(out)
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    steps = rep["funnel"]
    keys = list(stats["stages"])
    assert [s["step"] for s in steps] == ["read", "html"] + keys
    assert steps[0]["docs"] == stats["totals"]["read"]
    assert steps[1]["docs"] == stats["stages"][keys[0]]["seen"]
    for s in steps[2:]:
        assert s["docs"] == stats["stages"][s["step"]]["kept"]
    docs = [s["docs"] for s in steps]
    assert docs == sorted(docs, reverse=True) and docs[1] < docs[0]
    assert "language" in keys and next(s for s in steps if s["step"] == "language")["label"] == "Chinese"
    # the output in documents, characters, UTF-8 bytes
    table = output_table(run_dir)
    last = steps[-1]
    assert last["docs"] == table.num_rows == stats["totals"]["kept"] > 0
    assert last["chars"] == pc.sum(table.column("n_chars")).as_py()
    assert last["bytes"] == pc.sum(pc.binary_length(table.column("text"))).as_py() > last["chars"]
    # with rejected shards every step from extraction on has text measures, growing backwards
    measured = [s for s in steps if s["chars"] is not None]
    assert measured[0]["step"] == "extract" and measured[-1] is last
    assert all(a["chars"] >= b["chars"] and a["tokens"] >= b["tokens"] for a, b in itertools.pairwise(measured))
    assert all(s["measure_note"] for s in steps if s["chars"] is None)


def test_stats_filters_have_shares_reasons_and_rules(stats_json):
    filters = {f["stage"]: f for f in stats_json["filters"]}
    stats = R.load_run(stats_json["run_dir"]).stats
    assert list(filters) == list(stats["stages"])
    for key, f in filters.items():
        s = stats["stages"][key]
        assert f["dropped"] == sum(s["dropped"].values())
        assert f["share"] == pytest.approx(f["dropped"] / s["seen"]) if s["seen"] else True
        assert [r["reason"] for r in f["reasons"]] == sorted(s["dropped"], key=lambda r: -s["dropped"][r])
        assert sum(r["docs"] for r in f["reasons"]) == f["dropped"]
    # rules come from the recipe as run: the language threshold and the prefilter's
    rules = {(t["stage"], t["reason"]): t for t in stats_json["thresholds"]}
    assert rules[("language", "low_lang_score")]["value"] == 0.5
    assert rules[("language", "low_lang_score")]["signal"] == "lang_score"
    assert rules[("prefilter", "too_little_han")]["value"] == 50
    pre = filters["prefilter"]["reasons"][0]
    assert pre["reason"] == "too_little_han" and "< 50" in pre["rule"]
    # every drop reason that a signal rule decides names its rule
    for f in stats_json["filters"]:
        for r in f["reasons"]:
            if (f["stage"], r["reason"]) in rules:
                assert r["rule"] == R.Threshold(**rules[(f["stage"], r["reason"])]).describe()


def test_stats_text(run_dir, capsys):
    rc, out, _ = cli(capsys, "stats", str(run_dir))
    assert rc == 0
    assert "records read" in out and "HTML pages" in out
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    for key, s in stats["stages"].items():
        assert f"{key} (" in out
        for reason in s["dropped"]:
            assert reason in out
    assert "Qwen" in out


def test_tokens_are_qwens(run_dir, stats_json):
    """Our tiktoken Encoding counts what dashscope's own Qwen tokenizer counts."""
    qwen = pytest.importorskip("dashscope.tokenizers.qwen_tokenizer")
    tok = qwen.QwenTokenizer(R.qwen_vocab_path())
    texts = output_table(run_dir).column("text").to_pylist()
    expected = sum(len(tok.encode(t)) for t in texts)
    assert stats_json["output"]["tokens"] == expected
    assert 1.0 < stats_json["output"]["chars"] / expected < 2.5  # Qwen: ~1.5 Chinese characters a token
    assert stats_json["tokenizer"]["vocab_size"] == 151_851


def test_token_budget_estimates_past_it(run_dir, stats_json):
    exact = stats_json["output"]
    m = R.measure_run(R.load_run(run_dir), token_budget=1, use_cache=False)
    assert m.output.tokens == exact["tokens"] and not m.output.estimated  # first shard: exact
    later = [v for v in m.rejected.values() if v.chars]
    assert later and all(v.estimated and v.tokens > 0 for v in later)


def test_stats_without_rejected_shards(plain_run):
    rep = R.stats_report(R.load_run(plain_run), tokens=False)
    steps = rep["funnel"]
    assert steps[-1]["chars"] == pc.sum(output_table(plain_run).column("n_chars")).as_py()
    assert steps[-1]["tokens"] is None and rep["tokenizer"]["available"] is False
    assert any("--keep-rejected" in (s["measure_note"] or "") for s in steps)
    assert "--keep-rejected" in R.render_stats(rep)


def test_funnel_characters_from_the_runs_counters_match_the_rejected_shards(plain_run, run_dir):
    """Without rejected shards the runner's per-stage character counts fill the funnel; they agree
    with the counts measured from the shards of a --keep-rejected run, where no stage edits text
    after the step (clean's removed characters are added back to earlier steps there)."""
    plain = {s["step"]: s["chars"] for s in R.stats_report(R.load_run(plain_run), tokens=False)["funnel"]}
    full = {s["step"]: s["chars"] for s in R.stats_report(R.load_run(run_dir), tokens=False)["funnel"]}
    for step in ("clean", "spam", "quality", "dedup"):
        assert plain[step] == full[step] and plain[step] > 0
    assert plain["extract"] >= plain["language"] >= plain["clean"]


def test_stats_error_on_a_directory_without_a_run(tmp_path, capsys):
    rc, _, err = cli(capsys, "stats", str(tmp_path))
    assert rc == 2 and "no stats.json" in err


def test_helpers():
    assert R.crawl_ids(["s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz",
                        "crawl-data/CC-MAIN-2023-50/a", "CC-MAIN-2024-10/b"]) == ["CC-MAIN-2024-10", "CC-MAIN-2023-50"]
    assert [R.size_category(n) for n in (0, 999, 1000, 54_321, 2_000_000)] == \
        ["n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "1M<n<10M"]
    low = R.Threshold("s", "r", "x", "min", 0.5)
    high = R.Threshold("s", "r", "x", "max", 0.04, inclusive=True)
    assert low.violated(0.49) and not low.violated(0.5) and not low.violated(None)
    assert high.violated(0.04) and not high.violated(0.039)
    assert low.describe() == "drop if x < 0.5" and high.condition() == ">="


# ----------------------------------------------------------------------------- inspect

def test_inspect_lists_the_reasons(run_dir, capsys):
    rc, out, _ = cli(capsys, "inspect", str(run_dir))
    assert rc == 0
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    for key, s in stats["stages"].items():
        for reason, n in s["dropped"].items():
            assert re.search(rf"{re.escape(key)}\s+{re.escape(reason)}\s+{n}\b", out)


def _a_rule_reason(stats_json) -> tuple[str, str, dict]:
    """A reason decided by a threshold on a signal column, with documents in the rejected shards."""
    rules = {(t["stage"], t["reason"]): t for t in stats_json["thresholds"] if t["signal"]}
    for f in stats_json["filters"]:
        for r in f["reasons"]:
            if (f["stage"], r["reason"]) in rules:
                return f["stage"], r["reason"], rules[(f["stage"], r["reason"])]
    pytest.skip("no drop of this run is decided by a signal threshold")


def test_inspect_reason_shows_signal_rule_and_text(run_dir, stats_json, capsys):
    stage, reason, rule = _a_rule_reason(stats_json)
    rc, out, _ = cli(capsys, "inspect", str(run_dir), "--reason", reason, "-n", "2")
    assert rc == 0
    assert f"{stage} / {reason}:" in out
    assert R.Threshold(**rule).describe() in out
    assert f"rule: {rule['signal']}=" in out and f"breaks {reason}" in out
    assert "\x1b[" not in out  # captured stdout is not a terminal: no colours
    rejected = pq.read_table(run_dir / "rejected")
    rows = rejected.filter(pc.equal(rejected.column("drop_reason"), reason)).to_pylist()
    assert sum(1 for r in rows if r["url"] in out) == min(2, len(rows))
    rc, out, _ = cli(capsys, "inspect", str(run_dir), "--reason", reason, "-n", "1", "--color", "always")
    assert "\x1b[31m" in out


def test_inspect_near_dup_shows_both_texts_side_by_side(run_dir, capsys):
    rc, out, _ = cli(capsys, "inspect", str(run_dir), "--reason", "near_dup", "-n", "1", "--chars", "0")
    assert rc == 0
    removed_id = re.search(r"id (<urn:[^>]+>)", out).group(1)
    survivor_id, similarity = re.search(r"duplicate of (<urn:[^>]+>) \(MinHash similarity ([\d.]+)\)", out).groups()
    assert 0.6 <= float(similarity) <= 1.0
    kept = {r["id"]: r for r in output_table(run_dir).to_pylist()}
    removed = {r["id"]: r for p in (run_dir / "rejected").glob("dedup-*.parquet") for r in pq.read_table(p).to_pylist()}
    assert removed[removed_id]["dup_of"] == survivor_id
    columns = [re.match(r"^  (.*?)\s*\|(?: (.*))?$", line) for line in out.split(" | " + "-" * 10, 1)[1].split("\n")[1:] if line]
    left, right = ("".join("".join((m.group(i) or "").split()) for m in columns) for i in (1, 2))
    assert left == "".join(removed[removed_id]["text"].split())
    assert right == "".join(kept[survivor_id]["text"].split())


def test_inspect_marks_spam_terms(run_dir, capsys):
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    spam = [r for r in stats["stages"].get("spam", {}).get("dropped", {}) if r.startswith("spam_")]
    if not spam:
        pytest.skip("this recipe's spam stage dropped nothing on the samples")
    rc, out, _ = cli(capsys, "inspect", str(run_dir), "--reason", spam[0], "-n", "1", "--chars", "0")
    assert rc == 0 and re.search(r"\[\[[^\]]+\]\]", out)  # plain-text marks around spam terms


def test_inspect_kept_nearest_a_threshold(run_dir, stats_json, capsys):
    _, reason, rule = _a_rule_reason(stats_json)
    rc, out, _ = cli(capsys, "inspect", str(run_dir), "--kept", "--reason", reason, "-n", "3")
    assert rc == 0 and "kept documents nearest the rule" in out
    values = [float(v) for v in re.findall(rf"rule: {re.escape(rule['signal'])}=([-\d.e]+)", out)]
    assert values, out
    dist = [abs(v - rule["value"]) for v in values]
    assert dist == sorted(dist)
    assert all(not R.Threshold(**rule).violated(v) for v in values)


def test_inspect_unknown_reason_and_no_rejected(run_dir, plain_run, capsys):
    rc, _, err = cli(capsys, "inspect", str(run_dir), "--reason", "no_such_reason")
    assert rc == 1 and "too_little_han" in err
    rc, _, err = cli(capsys, "inspect", str(plain_run), "--reason", "too_little_han")
    assert rc == 1 and "--keep-rejected" in err


def _lexicon_entry(name: str, kind: str) -> str:
    for line in (resource_dir("filters") / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and (line[0] == kind if kind else line[0] not in "=^>!"):
            return line.lstrip("=^>!").strip()
    pytest.skip(f"no {kind or 'plain'} entry in {name}")


def test_find_marks_spam_and_boilerplate_lines():
    lex = load_lexicons()
    term = _lexicon_entry(next(p.name for p in sorted(resource_dir("filters").glob("spam*.txt"))), "")
    whole = _lexicon_entry("boilerplate_zh.txt", "=")
    text = f"今天天气很好，我们去公园散步。\n{term}开户就送，{term}！\n{whole}"
    marks = find_marks(text, lex)
    kinds = {(text[s:e], k) for s, e, k in marks}
    assert (term, "spam") in kinds
    assert (whole, "boilerplate") in kinds
    assert all(s >= len("今天天气很好，我们去公园散步。") for s, _, _ in marks)  # the prose line is untouched
    html = render_marked("<b>" + text, [(s + 3, e + 3, k) for s, e, k in marks], False, html=True)
    assert html.startswith("&lt;b&gt;") and f'<mark class="spam">{term}</mark>' in html


# ----------------------------------------------------------------------------- card

def test_card_written_by_run_has_front_matter_and_sections(run_dir):
    text = (run_dir / "README.md").read_text(encoding="utf-8")
    meta = read_front_matter(text)
    assert yaml.safe_load(text.split("---\n")[1]) == meta
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    assert meta["language"] == ["zh"]
    assert meta["license"] == "other" and "commoncrawl.org/terms-of-use" in meta["license_link"]
    assert meta["task_categories"] == ["text-generation"]
    assert meta["size_categories"] == [R.size_category(stats["totals"]["kept"])] == ["n<1K"]
    assert meta["configs"] == [{"config_name": "default",
                                "data_files": [{"split": "train", "path": "data/*.parquet"}]},
                               {"config_name": "rejected",  # the fixture run kept its rejects
                                "data_files": [{"split": "train", "path": "rejected/*.parquet"}]}]
    assert isinstance(meta["pretty_name"], str) and meta["pretty_name"]
    for section in ("## Summary", "## Sources", "## Recipe as run", "## Funnel", "## Filters", "## Deduplication",
                    "## Size", "## Schema", "## Known limitations", "Terms of Use"):
        assert section in text
    for key in stats["stages"]:
        assert f"`{key}`" in text
    table = output_table(run_dir)
    assert f"{table.num_rows:,} Chinese web documents" in text
    assert f"| characters | {pc.sum(table.column('n_chars')).as_py():,} |" in text
    rep = R.stats_report(R.load_run(run_dir))
    assert f"| tokens | {rep['output']['tokens']:,} |" in text
    for name in table.schema.names:
        assert f"| `{name}` |" in text
    assert "`samples/cc-sample.warc.gz (shipped with curate)`" in text
    assert str(resource_dir("samples")) not in text  # no absolute path of the machine that ran it


def test_card_without_a_tokenizer_says_so(run_dir, tmp_path, monkeypatch, capsys):
    def unavailable():
        raise R.TokenizerUnavailable("the `dashscope` package is not installed")

    import curate.tokens

    monkeypatch.setattr(curate.tokens, "qwen_encoding", unavailable)
    target = tmp_path / "card.md"
    rc, out, _ = cli(capsys, "card", str(run_dir), "-o", str(target), "--name", "Test set")
    assert rc == 0 and str(target) in out
    text = target.read_text(encoding="utf-8")
    assert read_front_matter(text)["pretty_name"] == "Test set"
    assert "Tokens were not counted: the `dashscope` package is not installed" in text
    assert "| tokens | - |" in text


def test_run_survives_a_card_failure(run_dir, tmp_path, monkeypatch, capsys):
    import curate.inspect.card

    def broken(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(curate.inspect.card, "write_card", broken)
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / "stats.json").unlink()  # else the rerun finds the run complete and does nothing
    rc, _, err = cli(capsys, "run", "-o", str(copy), "--keep-rejected", "-w", "1", "-q")
    assert rc == 0 and "dataset card not written: RuntimeError: disk on fire" in err


# ----------------------------------------------------------------------------- loading the output

def test_output_loads_with_datasets_and_duckdb(run_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    duckdb = pytest.importorskip("duckdb")
    table = output_table(run_dir)
    ds = datasets.load_dataset("parquet", data_files=str(run_dir / "data" / "*.parquet"), split="train",
                               cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows == table.num_rows and ds.column_names == table.schema.names
    assert sorted(ds["id"]) == sorted(table.column("id").to_pylist())
    # the card's `configs` are what the Hub (and load_dataset on the folder) read
    by_card = datasets.load_dataset(str(run_dir), split="train", cache_dir=str(tmp_path / "hf2"))
    assert by_card.num_rows == table.num_rows
    n, chars = duckdb.sql(f"select count(*), sum(n_chars) from read_parquet('{run_dir}/data/*.parquet')").fetchall()[0]
    assert (n, chars) == (table.num_rows, pc.sum(table.column("n_chars")).as_py())


# ----------------------------------------------------------------------------- plots and the HTML report

@pytest.fixture(scope="module")
def report_html(run_dir) -> Path:
    assert main(["report", str(run_dir)]) == 0
    return run_dir / "report.html"


def test_plots_written(run_dir, report_html):
    plots = run_dir / "plots"
    names = {p.name for p in plots.glob("*.png")}
    assert {"funnel.png", "drops.png", "signal-n_chars.png", "signal-han_ratio.png",
            "signal-lang_score.png"} <= names
    schema = pq.read_schema(sorted((run_dir / "data").glob("*.parquet"))[0])
    if "spam_score" in schema.names:
        assert "signal-spam_score.png" in names
    for p in plots.glob("*.png"):
        assert p.read_bytes()[:8] == PNG and p.stat().st_size > 2000


def test_report_is_one_offline_file(run_dir, report_html):
    html = report_html.read_text(encoding="utf-8")
    stats = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert 'id="funnel-table"' in html and 'id="filters-table"' in html
    for key in stats["stages"]:
        assert f'data-step="{key}"' in html
    # a sample browser entry per drop reason, with examples where the reason has rejected rows
    reasons = [(k, r) for k, s in stats["stages"].items() for r in s["dropped"]]
    assert html.count('<details class="reason"') == len(reasons)
    assert html.count("<div class=doc>") >= len(reasons)
    # images embedded, nothing fetched: no external src, stylesheet, script or font
    n_png = len(list((run_dir / "plots").glob("*.png")))
    assert html.count('src="data:image/png;base64,') == n_png
    assert not re.search(r"""\bsrc=(?!["']?data:)""", html)
    assert not re.search(r"<link|<script|@import|url\(", html, re.IGNORECASE)


def test_report_renders_in_headless_chromium(run_dir, report_html, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        msg = ("chromium is not installed, so the HTML report was not checked in a browser: "
               "apt-get install -y chromium (as .ci/run does)")
        warnings.warn(msg)
        pytest.skip(msg)
    # a copy with a probe that records, after load, what the browser laid out and decoded
    probe = ("<script>window.addEventListener('load', () => { const t = document.getElementById('funnel-table');"
             "const imgs = [...document.images]; document.body.setAttribute('data-probe', JSON.stringify({"
             "rows: t.rows.length, height: t.getBoundingClientRect().height, images: imgs.length,"
             "decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,"
             "funnel: document.querySelector('#funnel img').naturalWidth, lang: document.documentElement.lang,"
             # Chinese in the page's own font: two Han characters drawn alike means both are the
             # missing-glyph box
             "cjk: (() => { const c = document.createElement('canvas'); c.width = 64; c.height = 40;"
             "const x = c.getContext('2d'); x.font = '32px ' + getComputedStyle(document.body).fontFamily;"
             "const px = s => { x.clearRect(0, 0, 64, 40); x.fillText(s, 0, 32);"
             "return Array.from(x.getImageData(0, 0, 64, 40).data).join(); };"
             "return px('中') !== px('文') && px('文') !== px('\\uE000'); })()}));});</script>")
    page = tmp_path / "report.html"
    page.write_text(report_html.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False).stdout
    m = re.search(r'data-probe="([^"]+)"', dom)
    assert m, dom[:500]
    probe_data = json.loads(m.group(1).replace("&quot;", '"'))
    steps = R.funnel(R.load_run(run_dir))
    assert probe_data["rows"] == len(steps) + 1  # header row
    assert probe_data["height"] > 100 and probe_data["funnel"] > 300
    assert probe_data["images"] == probe_data["decoded"] > 3
    assert probe_data["lang"] == "zh"
    if not probe_data["cjk"]:
        has_font = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip() \
            if shutil.which("fc-list") else ""
        assert not has_font, f"Chinese renders as missing-glyph boxes although a CJK font is installed: {has_font[:200]}"
        msg = ("no CJK font is installed, so Chinese in the report renders as boxes in this browser: "
               "apt-get install -y fonts-wqy-microhei (as .ci/run does)")
        warnings.warn(msg)
        pytest.skip(msg)
    shot = tmp_path / "shot.png"
    subprocess.run([browser, *flags, "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, cwd=tmp_path, check=False)
    assert shot.read_bytes()[:8] == PNG and shot.stat().st_size > 20_000
    if os.environ.get("CURATE_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["CURATE_KEEP_SCREENSHOT"])
