"""A fastText document-quality model: the text it sees, loading it with its card, scoring.

Training (`curate.train`, the `train` extra) and scoring (the `quality_model` stage) turn a
document into the model's input with the same function, `model_input`, and read its settings
(`features`, `max_chars`, the positive label) from the model card beside the model, so a model is
always fed text prepared as it was trained on.

Scoring needs only fasttext-predict, a base dependency: it loads any supervised fastText model
(.bin, or a quantized .ftz). The features are Han characters as tokens with fastText's word
n-grams over them (`chars`, character bigrams by default), or jieba words (`words`); see the README
for the measurement that chose characters.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

FEATURES = ("chars", "words")
DEFAULT_MAX_CHARS = 2000
DEFAULT_LABEL = "hq"  # positives are __label__hq, negatives __label__lq
NEGATIVE_LABEL = "lq"
LINE_BREAK = "<nl>"  # fastText reads one example a line; paragraph breaks become a token
CARD_VERSION = 1



def card_path(model_path: str) -> str:
    """The model card (JSON) beside a model: `quality.bin` -> `quality.card.json`."""
    root, ext = os.path.splitext(model_path)
    return (root if ext in (".bin", ".ftz") else model_path) + ".card.json"


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _jieba():
    try:
        import jieba
    except ImportError:
        raise RuntimeError("a model trained on words needs jieba: pip install 'curate[words]'") from None
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def model_input(text: str, features: str = "chars", max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The one-line, space-separated token string fastText trains on and scores for `text`.

    The first `max_chars` characters (the cost of scoring grows with the text, and the start of a
    page says most about it), OpenCC t2s (a model trained on Simplified text sees Traditional text
    as the same characters), lower case; then every character is a token (`chars`: fastText's word
    n-grams over them are character n-grams) or jieba's words are (`words`). Line breaks become
    the token LINE_BREAK, as fastText reads one example a line. (No NFKC: at 0.8 ms per 2,000
    characters it would cost more than everything else together.)"""
    text = _t2s().convert(text[:max_chars]).lower()
    if features == "chars":
        joined = " ".join(text)
    elif features == "words":
        joined = " ".join(_jieba().lcut(text))
    else:
        raise ValueError(f"features {features!r}: one of {', '.join(FEATURES)}")
    return joined.replace("\r", " ").replace("\n", f" {LINE_BREAK} ")


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_card(model_path: str) -> dict[str, Any]:
    """The model's card, or {} for a model trained elsewhere (defaults then apply)."""
    path = card_path(model_path)
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@dataclass
class QualityModel:
    """A loaded model and how to feed it: `score(text)` is the probability of `label`."""

    path: str
    features: str = "chars"
    max_chars: int = DEFAULT_MAX_CHARS
    label: str = DEFAULT_LABEL
    card: dict[str, Any] = field(default_factory=dict)
    _model: Any = None
    _n_labels: int = 2

    def load(self) -> QualityModel:
        import fasttext

        self._model = fasttext.load_model(self.path)
        labels = [lab.removeprefix("__label__") for lab in self._model.get_labels()]
        if self.label not in labels:
            raise ValueError(f"quality model {self.path}: no label {self.label!r} (its labels: {', '.join(labels)})")
        self._n_labels = len(labels)
        return self

    def score(self, text: str) -> float:
        """Probability of the positive label for `text`, in [0, 1]."""
        labels, probs = self._model.predict(model_input(text, self.features, self.max_chars), k=self._n_labels)
        target = f"__label__{self.label}"
        for lab, p in zip(labels, probs):
            if lab == target:
                return min(max(float(p), 0.0), 1.0)
        return 0.0


def resolve_model_path(ref: str) -> str:
    """A model given as a path, or by file name among the models curate ships (`models/`)."""
    from curate.resources import find_file, resource_dir

    path = find_file(ref, "models", (".ftz", ".bin"))
    if path is not None:
        return path
    raise FileNotFoundError(f"no quality model {ref!r} (not a file, nor a model in {resource_dir('models')}); "
                            "train one with `curate train-quality --positive ... --negative ... --output MODEL.bin`")


def open_model(ref: str, label: str | None = None) -> QualityModel:
    """The model `ref` with the settings of its card (not loaded yet: call `.load()`)."""
    path = resolve_model_path(ref)
    card = read_card(path)
    prep = card.get("preprocessing", {})
    return QualityModel(path=path, features=prep.get("features", "chars"),
                        max_chars=int(prep.get("max_chars", DEFAULT_MAX_CHARS)),
                        label=label or card.get("labels", {}).get("positive", DEFAULT_LABEL), card=card)


def describe(ref: str, label: str | None = None) -> dict[str, Any]:
    """What a run records of a model it used: file, hashes, features and held-out figures."""
    m = open_model(ref, label)
    held = m.card.get("held_out") or {}
    cpath = card_path(m.path)
    return {"model": ref, "path": os.path.abspath(m.path), "sha256": file_sha256(m.path),
            "card_sha256": file_sha256(cpath) if os.path.isfile(cpath) else None,
            "features": m.features, "label": m.label, "held_out_roc_auc": held.get("roc_auc"),
            "held_out": {k: held.get(k) for k in ("positives", "negatives")} if held else None,
            "trained_by": m.card.get("curate_version") and f"curate {m.card['curate_version']}"}
