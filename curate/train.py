"""`curate train-quality`: train a fastText quality model on positive and negative documents.

Inputs are curate output directories (their `data/*.parquet`), Parquet files with a `text` column,
JSONL files with a `text` field, or text files with one document per line; local paths, globs and
fsspec URLs. Exact duplicates are removed within each class, a text given as both positive and
negative is left out of both, and a stratified share of each class is held out (the split and
fastText's training are fixed by the seed; one thread, so the model's bytes are the same on every
run). The held-out figures are computed by scoring with the same code the `quality_model` stage
runs, on the model file as written.

Training needs a fastText build that trains: `pip install 'curate[train]'` (fasttext-numpy2).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from curate import __version__
from curate.quality_model import (
    CARD_VERSION,
    DEFAULT_LABEL,
    DEFAULT_MAX_CHARS,
    FEATURES,
    NEGATIVE_LABEL,
    QualityModel,
    card_path,
    file_sha256,
    model_input,
)

TEXT_SUFFIXES = (".parquet", ".jsonl", ".jsonl.gz", ".json", ".txt", ".txt.gz")
TARGET_PRECISIONS = (0.8, 0.9, 0.95, 0.99)


@dataclass
class TrainParams:
    """fastText hyperparameters and the features; defaults measured in benchmarks/bench_quality_model.py."""

    features: str = "chars"
    max_chars: int = DEFAULT_MAX_CHARS
    dim: int = 16
    epoch: int = 10
    lr: float = 0.5
    word_ngrams: int = 2
    min_count: int = 1
    bucket: int = 200_000
    threads: int = 1  # one thread: the same model bytes for the same seed; more are faster, not reproducible
    seed: int = 0
    holdout: float = 0.1
    quantize: bool = False
    cutoff: int = 10_000  # features kept by --quantize (by norm), with qnorm


# ----------------------------------------------------------------------------- reading inputs

def _is_url(spec: str) -> bool:
    return "://" in spec and not spec.startswith("file://")


def expand_paths(specs: list[str]) -> list[str]:
    """Files named by `specs`: a curate output directory gives its `data/*.parquet`, another
    directory its files with a known suffix; globs and fsspec URLs are expanded."""
    out: list[str] = []
    for spec in specs:
        if _is_url(spec):
            import fsspec

            fs, path = fsspec.core.url_to_fs(spec)
            protocol = spec.split("://", 1)[0]
            names = fs.glob(path) if any(c in path for c in "*?[") else (
                fs.glob(path.rstrip("/") + "/data/*.parquet") or fs.find(path) if fs.isdir(path) else [path])
            out += [f"{protocol}://{p}" for p in sorted(names) if str(p).endswith(TEXT_SUFFIXES) or not fs.isdir(p)]
        elif os.path.isdir(spec):
            data = sorted(glob.glob(os.path.join(spec, "data", "*.parquet")))
            out += data or sorted(p for p in glob.glob(os.path.join(spec, "**", "*"), recursive=True)
                                  if p.endswith(TEXT_SUFFIXES) and os.path.isfile(p))
        elif any(c in spec for c in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise FileNotFoundError(f"{spec}: the pattern matches no file")
            for m in matches:
                out += expand_paths([m]) if os.path.isdir(m) else [m]
        elif os.path.isfile(spec):
            out.append(spec)
        else:
            raise FileNotFoundError(f"{spec}: no such file or directory")
    return out


def _open(path: str, mode: str = "rb") -> Any:
    if _is_url(path):
        import fsspec

        return fsspec.open(path, mode).open()
    return open(path, mode)


def read_texts(path: str, counts: Counter) -> Iterator[str]:
    """The documents of one input file; what cannot be read as a document is counted in `counts`."""
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        with _open(path) as f:
            pf = pq.ParquetFile(f)
            if "text" not in pf.schema_arrow.names:
                raise ValueError(f"{path}: no `text` column (columns: {', '.join(pf.schema_arrow.names)})")
            for batch in pf.iter_batches(batch_size=4096, columns=["text"]):
                for text in batch.column(0).to_pylist():
                    counts["read"] += 1
                    yield text or ""
        return
    with _open(path) as raw:
        stream = gzip.open(raw) if path.endswith(".gz") else raw  # noqa: SIM115  (closed with `raw`)
        lines = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
        is_json = path.endswith((".jsonl", ".jsonl.gz", ".json"))
        for line in lines:
            if not line.strip():
                continue
            counts["read"] += 1
            if not is_json:
                yield line.rstrip("\n")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                counts["bad_json"] += 1
                continue
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str):
                counts["no_text_field"] += 1
                continue
            yield text


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def read_class(specs: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Distinct non-empty documents of one class, and what happened to every one read."""
    files = expand_paths(specs)
    if not files:
        raise FileNotFoundError(f"no input files in {' '.join(specs)}")
    counts: Counter = Counter()
    seen: set[bytes] = set()
    texts: list[str] = []
    for path in files:
        for text in read_texts(path, counts):
            if not text.strip():
                counts["empty"] += 1
                continue
            key = text_key(text)
            if key in seen:
                counts["duplicate"] += 1
                continue
            seen.add(key)
            texts.append(text)
    return texts, {"specs": specs, "files": len(files), **{k: counts[k] for k in sorted(counts)}}


# ----------------------------------------------------------------------------- evaluation

def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann-Whitney U with tied scores sharing their mean rank)."""
    pos, neg = int(labels.sum()), int((~labels).sum())
    if not pos or not neg:
        return None
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    i = 0
    while i < len(scores):  # average ranks over ties
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float | None, float | None]:
    kept = scores >= threshold
    tp = int((kept & labels).sum())
    precision = tp / int(kept.sum()) if kept.any() else None
    recall = tp / int(labels.sum()) if labels.any() else None
    return precision, recall


def thresholds_for_precision(scores: np.ndarray, labels: np.ndarray,
                             targets: tuple[float, ...] = TARGET_PRECISIONS) -> list[dict[str, Any]]:
    """For each target precision, the lowest score threshold whose held-out precision reaches it
    (so the highest recall at that precision), with the recall and the share of documents kept."""
    order = np.argsort(-scores, kind="mergesort")
    s, lab = scores[order], labels[order]
    tp, fp = np.cumsum(lab), np.cumsum(~lab)
    last = np.r_[s[1:] != s[:-1], True]  # keep only the last index of each tied score
    precision = tp / (tp + fp)
    out = []
    for target in targets:
        ok = np.nonzero(last & (precision >= target))[0]
        if not len(ok) or not lab.any():
            out.append({"precision_target": target, "threshold": None})
            continue
        i = ok[-1]
        out.append({"precision_target": target, "threshold": round(float(s[i]), 6),
                    "precision": round(float(precision[i]), 4), "recall": round(float(tp[i] / lab.sum()), 4),
                    "share_kept": round(float((i + 1) / len(s)), 4)})
    return out


def evaluate(model: QualityModel, positives: list[str], negatives: list[str]) -> dict[str, Any]:
    """Held-out figures of `model`, scored as the stage scores."""
    texts = positives + negatives
    labels = np.array([True] * len(positives) + [False] * len(negatives))
    t = time.perf_counter()
    scores = np.array([model.score(x) for x in texts], dtype=np.float64)
    seconds = time.perf_counter() - t
    precision, recall = precision_recall(scores, labels, 0.5)
    auc = roc_auc(scores, labels)
    return {
        "positives": len(positives), "negatives": len(negatives),
        "roc_auc": None if auc is None else round(auc, 4),
        "at_0.5": {"precision": None if precision is None else round(precision, 4),
                   "recall": None if recall is None else round(recall, 4)},
        "thresholds": thresholds_for_precision(scores, labels),
        "docs_per_second": round(len(texts) / seconds) if seconds > 0 else None,
    }


# ----------------------------------------------------------------------------- training

def _trainer():
    import fasttext

    if not hasattr(fasttext, "train_supervised"):
        raise RuntimeError(
            "training needs a fastText build that trains: pip install 'curate[train]' (fasttext-numpy2). "
            "The `fasttext` module installed now is predict-only (fasttext-predict); if curate[train] is "
            "installed, fasttext-predict was reinstalled over it: pip install --force-reinstall --no-deps fasttext-numpy2")
    return fasttext


def split(texts: list[str], share: float, rng: random.Random) -> tuple[list[str], list[str]]:
    """(train, held out): `share` of `texts` held out, at least one when there are two or more."""
    idx = list(range(len(texts)))
    rng.shuffle(idx)
    n_out = min(max(round(len(texts) * share), 1 if share > 0 and len(texts) >= 2 else 0), len(texts) - 1)
    n_out = max(n_out, 0)
    return [texts[i] for i in idx[n_out:]], [texts[i] for i in idx[:n_out]]


@dataclass
class TrainResult:
    model_path: str
    card_path: str
    card: dict[str, Any] = field(default_factory=dict)


def train(positive: list[str], negative: list[str], output: str, params: TrainParams | None = None,
          log: Any = None) -> TrainResult:
    """Train on the documents of `positive` and `negative` (input specs), write the model to
    `output` (`.ftz` with quantize) and its card beside it (JSON and Markdown)."""
    p = params or TrainParams()
    if p.features not in FEATURES:
        raise ValueError(f"features {p.features!r}: one of {', '.join(FEATURES)}")
    if not 0 <= p.holdout < 1:
        raise ValueError(f"holdout {p.holdout}: a share in [0, 1)")
    fasttext = _trainer()
    say = log or (lambda msg: None)
    t0 = time.perf_counter()
    pos, pos_info = read_class(positive)
    neg, neg_info = read_class(negative)
    both = {text_key(x) for x in pos} & {text_key(x) for x in neg}
    if both:  # a text with both labels teaches nothing and would leak into the held-out set
        pos = [x for x in pos if text_key(x) not in both]
        neg = [x for x in neg if text_key(x) not in both]
    pos_info["in_both_classes"] = neg_info["in_both_classes"] = len(both)
    if not pos or not neg:
        raise ValueError(f"need documents of both classes (positive {len(pos)}, negative {len(neg)} distinct)")
    rng = random.Random(p.seed)
    pos_train, pos_test = split(pos, p.holdout, rng)
    neg_train, neg_test = split(neg, p.holdout, rng)
    pos_info.update(used=len(pos), train=len(pos_train), held_out=len(pos_test))
    neg_info.update(used=len(neg), train=len(neg_train), held_out=len(neg_test))
    say(f"documents: positive {len(pos):,} ({len(pos_train):,} train, {len(pos_test):,} held out), "
        f"negative {len(neg):,} ({len(neg_train):,} train, {len(neg_test):,} held out)")
    t_read = time.perf_counter() - t0

    t = time.perf_counter()
    rows = [f"__label__{DEFAULT_LABEL} {model_input(x, p.features, p.max_chars)}\n" for x in pos_train]
    rows += [f"__label__{NEGATIVE_LABEL} {model_input(x, p.features, p.max_chars)}\n" for x in neg_train]
    rng.shuffle(rows)
    t_prep = time.perf_counter() - t
    quantized = p.quantize
    if quantized and output.endswith(".bin"):
        output = output[:-4] + ".ftz"
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="curate-train-") as tmp:
        train_file = os.path.join(tmp, "train.txt")
        with open(train_file, "w", encoding="utf-8") as f:
            f.writelines(rows)
        model = fasttext.train_supervised(
            input=train_file, dim=p.dim, epoch=p.epoch, lr=p.lr, wordNgrams=p.word_ngrams, minCount=p.min_count,
            bucket=p.bucket, minn=0, maxn=0, loss="softmax", thread=p.threads, seed=p.seed, verbose=0)
        t_train = time.perf_counter() - t
        t = time.perf_counter()
        if quantized:
            model.quantize(input=train_file, qnorm=True, cutoff=p.cutoff, retrain=False, verbose=0)
        t_quant = time.perf_counter() - t
        tmp_model = output + f".tmp{os.getpid()}"
        model.save_model(tmp_model)
        os.replace(tmp_model, output)
    del model
    say(f"model: {output} ({os.path.getsize(output):,} bytes), trained in {t_train:.1f}s")

    held_out = evaluate(QualityModel(output, p.features, p.max_chars).load(), pos_test, neg_test) \
        if pos_test and neg_test else None
    card = {
        "card_version": CARD_VERSION,
        "model": {"file": os.path.basename(output), "bytes": os.path.getsize(output), "sha256": file_sha256(output),
                  "quantized": quantized, "fasttext": "supervised, softmax"},
        "labels": {"positive": DEFAULT_LABEL, "negative": NEGATIVE_LABEL,
                   "score": f"probability of __label__{DEFAULT_LABEL}"},
        "preprocessing": {"features": p.features, "max_chars": p.max_chars,
                          "steps": "first max_chars characters, OpenCC t2s, lower case, "
                                   + ("each character a token" if p.features == "chars"
                                      else "jieba words") + f", line breaks as {model_input(chr(10))!r}"},
        "hyperparameters": {k: v for k, v in asdict(p).items() if k not in ("features", "max_chars")},
        "inputs": {"positive": pos_info, "negative": neg_info},
        "held_out": held_out,
        "seconds": {"read": round(t_read, 2), "features": round(t_prep, 2), "train": round(t_train, 2),
                    "quantize": round(t_quant, 2)},
        "curate_version": __version__,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    path = write_card(output, card)
    return TrainResult(output, path, card)


def write_card(model_path: str, card: dict[str, Any]) -> str:
    """`MODEL.card.json` (read by the stage) and `MODEL.card.md` (for people) beside the model."""
    path = card_path(model_path)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(card, f, ensure_ascii=False, indent=1)
    with open(path[:-len(".json")] + ".md", "w", encoding="utf-8") as f:
        f.write(card_markdown(card))
    return path


def held_out_lines(held: dict[str, Any] | None) -> list[str]:
    """The held-out figures as text (the command prints them; the Markdown card shows them)."""
    if not held:
        return ["no held-out set (--holdout 0, or a class with a single document)"]
    at = held["at_0.5"]
    lines = [f"held out: {held['positives']:,} positive, {held['negatives']:,} negative; ROC AUC {held['roc_auc']}; "
             + f"at score >= 0.5: precision {at['precision']}, recall {at['recall']}"]
    for t in held["thresholds"]:
        if t["threshold"] is None:
            lines.append(f"  precision >= {t['precision_target']}: not reached")
        else:
            lines.append(f"  precision >= {t['precision_target']}: min_score {t['threshold']:.4f} "
                         f"(precision {t['precision']}, recall {t['recall']}, keeps {t['share_kept']:.1%})")
    return lines


def card_markdown(card: dict[str, Any]) -> str:
    m, prep, hp = card["model"], card["preprocessing"], card["hyperparameters"]
    lines = [f"# Quality model `{m['file']}`", "",
             (f"fastText supervised classifier trained by `curate train-quality` (curate {card['curate_version']}, "
              f"{card['trained_at']}). Score: {card['labels']['score']}."), "",
             f"- file: {m['bytes']:,} bytes, sha256 `{m['sha256']}`" + (", quantized" if m["quantized"] else ""),
             f"- features: {prep['features']}; {prep['steps']}",
             "- hyperparameters: " + ", ".join(f"{k} {v}" for k, v in hp.items()), "", "## Inputs", ""]
    for cls in ("positive", "negative"):
        info = card["inputs"][cls]
        lines.append(f"- {cls}: {', '.join(f'`{s}`' for s in info['specs'])}: {info['files']} file(s), "
                     f"{info.get('read', 0):,} read, {info.get('empty', 0):,} empty, {info.get('duplicate', 0):,} "
                     f"duplicates, {info['in_both_classes']:,} in both classes, {info['used']:,} used "
                     f"({info['train']:,} train, {info['held_out']:,} held out)")
    lines += ["", "## Held-out evaluation", ""] + [f"    {x}" for x in held_out_lines(card["held_out"])] + [""]
    return "\n".join(lines)
