"""`tokens`: the column `n_tokens`, each document's length in Qwen BPE tokens (the `tokens` extra:
`pip install 'curate[tokens]'`). Not in `zh-web` by default: tiktoken encodes ~1M Chinese
characters/s per core, which on a Chinese-rich crawl costs as much as the rest of the stages;
the card and `curate stats` count tokens anyway (exactly up to a budget, then estimated)."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa

from curate.document import Document
from curate.stages.base import Stage, register


@register
class Tokens(Stage):
    """n_tokens: tokens of the text under Qwen's BPE (needs curate[tokens])"""

    name = "tokens"
    columns: ClassVar[dict[str, pa.DataType]] = {"n_tokens": pa.int32()}

    def __init__(self) -> None:
        super().__init__()
        from curate.tokens import TokenizerUnavailable, qwen_encoding

        try:
            qwen_encoding()  # fail when the recipe is checked, not in a worker
        except TokenizerUnavailable as e:
            raise ValueError(f"the tokens stage needs Qwen's vocabulary: {e}; pip install 'curate[tokens]'") from None

    def process(self, doc: Document) -> str | None:
        from curate.tokens import encode_length

        doc.signals["n_tokens"] = encode_length(doc.text)
        return None
