"""Score every document with a fastText quality model (trained by `curate train-quality`).

    - quality_model: {model: my-model.ftz, min_score: 0.5}

adds the column `quality_score` (the probability of the model's positive label) and drops documents
below `min_score` with reason `low_quality_score`. `keep_top: 0.3` keeps the best-scored 30% of the
whole run instead: the stage only scores, and a run-level phase after all files (and after dedup)
drops the rest with reason `below_top_share` (curate/engine/top_share.py). Several models may run in one
recipe, each with its own `column` (e.g. `quality_score_edu`); `max_of: [quality_score_edu]` makes a
later one decide on the maximum of its score and those columns, as CCI4.0 keeps a document any of its
classifiers rates high (that maximum is its column then, the own score `<column>_own`).
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from curate.document import Document
from curate.stages.base import Stage, register

_COLUMN_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_RESERVED = {"id", "url", "date", "title", "text", "n_chars", "charset", "source", "warc_offset",
             "drop_stage", "drop_reason", "dup_cluster", "dup_count"}


@register
class QualityModelStage(Stage):
    """Score documents with a fastText quality model; drop below min_score, or keep the run's top share."""

    name = "quality_model"
    param_ranges = {"min_score": (0.0, 1.0), "keep_top": (0.0, 1.0)}

    def __init__(self, model: str, min_score: float | None = None, keep_top: float | None = None,
                 column: str = "quality_score", label: str | None = None, max_of: list[str] | None = None,
                 **params: Any) -> None:
        super().__init__(**params)
        from curate.quality_model import open_model

        if not _COLUMN_RE.match(column) or column in _RESERVED:
            raise ValueError(f"column {column!r}: a new lower-case name (letters, digits, _), e.g. quality_score_edu")
        if keep_top is not None and not 0 < keep_top <= 1:
            raise ValueError(f"keep_top {keep_top}: a share of the run in (0, 1]")
        self.model = open_model(model, label)  # resolved now, so a recipe naming a missing model fails at load
        self.model_ref, self.min_score, self.keep_top, self.column = model, min_score, keep_top, column
        self.max_of = list(max_of or [])
        self.columns = {column: pa.float32()}
        if self.max_of:
            self.columns[f"{column}_own"] = pa.float32()

    def thresholds(self) -> list[tuple]:
        if self.min_score is None:
            return []
        what = f"max of {', '.join([self.column + '_own', *self.max_of])}" if self.max_of else \
            f"model {self.model.card.get('model', {}).get('file') or self.model_ref}"
        return [("low_quality_score", self.column, "min", self.min_score, what)]

    def setup(self) -> None:
        self.model.load()

    def process(self, doc: Document) -> str | None:
        score = round(self.model.score(doc.text), 5)
        if self.max_of:
            doc.signals[f"{self.column}_own"] = score
            score = max([score, *(doc.signals.get(c) for c in self.max_of if doc.signals.get(c) is not None)])
        doc.signals[self.column] = score
        if self.min_score is not None and score < self.min_score:
            return "low_quality_score"
        return None
