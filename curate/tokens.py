"""Token counts under Qwen's BPE vocabulary, read offline from the `dashscope` package (the
`tokens` extra) with `tiktoken`: for the card, `curate stats` and the `tokens` stage's column."""

from __future__ import annotations

import base64
import importlib.util
import os
import unicodedata
from functools import lru_cache
from typing import Any

_CHUNK = 50_000  # tiktoken recurses per piece; a long run of Han letters is one piece


class TokenizerUnavailable(RuntimeError):
    pass


# Qwen's pre-tokenizer pattern and special tokens, as dashscope's tokenizers/qwen_tokenizer.py
# builds its tiktoken Encoding (the same as Qwen's own tokenization_qwen.py).
QWEN_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN_SPECIAL_START = 151643


def qwen_vocab_path() -> str:
    """The qwen.tiktoken file inside the installed `dashscope` package, found without importing
    dashscope (which would pull in its HTTP client stack)."""
    spec = importlib.util.find_spec("dashscope")
    if spec is None or not spec.submodule_search_locations:
        raise TokenizerUnavailable("the `dashscope` package (which ships Qwen's qwen.tiktoken) is not installed")
    for root in spec.submodule_search_locations:
        path = os.path.join(root, "resources", "qwen.tiktoken")
        if os.path.isfile(path):
            return path
    raise TokenizerUnavailable("dashscope is installed but has no resources/qwen.tiktoken")


@lru_cache(maxsize=1)
def qwen_encoding() -> Any:
    """Qwen's BPE (151,643 merges + 208 special tokens) as a tiktoken Encoding, loaded offline."""
    try:
        import tiktoken
    except ImportError:
        raise TokenizerUnavailable("the `tiktoken` package is not installed") from None
    path = qwen_vocab_path()
    with open(path, "rb") as f:
        ranks = {base64.b64decode(tok): int(rank) for tok, rank in (line.split() for line in f.read().splitlines()
                                                                    if line)}
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] + [f"<|extra_{i}|>" for i in range(205)]
    special_tokens = {tok: QWEN_SPECIAL_START + i for i, tok in enumerate(specials)}
    return tiktoken.Encoding("qwen", pat_str=QWEN_PATTERN, mergeable_ranks=ranks, special_tokens=special_tokens)


def tokenizer_info() -> dict[str, Any]:
    """Which tokenizer counts tokens, or why none can."""
    try:
        enc = qwen_encoding()
    except TokenizerUnavailable as e:
        return {"available": False, "name": None, "reason": str(e)}
    import tiktoken

    return {"available": True, "name": "Qwen BPE (qwen.tiktoken)", "vocab_size": enc.n_vocab,
            "source": f"dashscope package, {qwen_vocab_path()}", "tiktoken": tiktoken.__version__, "reason": None}


def count_tokens(texts: list[str], threads: int | None = None) -> int:
    """Tokens of `texts` under Qwen's BPE (NFC first, as Qwen's tokenizer does)."""
    enc = qwen_encoding()
    pieces: list[str] = []
    for t in texts:
        if not t:
            continue
        if not unicodedata.is_normalized("NFC", t):
            t = unicodedata.normalize("NFC", t)
        if len(t) <= _CHUNK:
            pieces.append(t)
        else:  # split at line breaks (tokens never cross them in Qwen's pattern), then hard
            for line in t.splitlines(keepends=True):
                pieces += [line[i:i + _CHUNK] for i in range(0, len(line), _CHUNK)]
    if not pieces:
        return 0
    threads = threads or min(8, os.cpu_count() or 1)
    return sum(map(len, enc.encode_ordinary_batch(pieces, num_threads=threads)))


def encode_length(text: str) -> int:
    """Tokens of one text (one thread: for a worker process)."""
    return count_tokens([text], threads=1) if text else 0
