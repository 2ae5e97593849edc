"""What a run did, from its output directory: the funnel, each filter's drops, the thresholds.

Everything here reads what a run left behind (`stats.json`, `data/`, `rejected/`,
`.curate/pre-dedup/`) and nothing else, so it works on any finished run and on stages it has
never heard of: stage keys, drop reasons and signal columns are iterated, not listed.

Characters, UTF-8 bytes and tokens are counted from the shards' text: exactly for the output,
and for an intermediate step of the funnel as the output plus what later stages dropped (the
rejected shards, written with `--keep-rejected`; dedup removals from the pre-dedup shards).
Counts per shard are cached in `.curate/report/measures.json`, so only new shards cost time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from curate.engine.output import PRE_DEDUP_DIR, OutputFS
from curate.tokens import (  # noqa: F401  (the tokenizer's names, as the report and its callers use them)
    QWEN_PATTERN, QWEN_SPECIAL_START, TokenizerUnavailable, count_tokens, qwen_encoding, qwen_vocab_path,
    tokenizer_info,
)

CACHE_FILE = ".curate/report/measures.json"
# What the documents are after a stage (keyed by the stage's name, `name#2` keys share it).
STEP_LABELS = {
    "prefilter": "may hold Han script",
    "decode": "decoded",
    "extract": "main text extracted",
    "language": "Chinese",
    "clean": "after cleaning",
    "quality": "after quality",
    "spam": "after spam",
    "dedup": "after dedup",
}
TEXT_STAGE = "extract"  # documents have main text from this stage on
# Exact token counts up to this many characters of text; past it, a chars/token ratio estimates.
DEFAULT_TOKEN_BUDGET = 200_000_000
REMOVED_SUFFIX = "_chars_removed"  # a signal column counting characters a stage cut from the text
_CACHE_VERSION = 2


def stage_name(key: str) -> str:
    """The stage name of a stage key (`quality#2` -> `quality`)."""
    return key.split("#", 1)[0]


def step_label(key: str) -> str:
    return STEP_LABELS.get(stage_name(key), f"after {key}")


# ----------------------------------------------------------------------------- the run directory

@dataclass
class RunDir:
    """A finished run's output directory and its stats.json. `path` is a local directory, or on
    an object store the path on `fs` (`bucket/prefix`), and so are its shards; pyarrow reads them
    with `filesystem=run.arrow` (None locally)."""

    path: Path
    stats: dict[str, Any]
    fs: OutputFS | None = None

    def __post_init__(self) -> None:
        if self.fs is None:
            self.fs = OutputFS(self.path)

    @property
    def arrow(self) -> Any:
        return self.fs.arrow

    @property
    def stage_keys(self) -> list[str]:
        return list(self.stats.get("stages", {}))

    def _shards(self, folder: str) -> list[Path]:
        if self.fs.local:
            return sorted((self.path / folder).glob("*.parquet"))
        return self.fs.glob(self.fs.join(folder, "*.parquet"))  # strings: pyarrow takes no Path with a filesystem

    @property
    def data_shards(self) -> list[Path]:
        return self._shards("data")

    @property
    def rejected_shards(self) -> list[Path]:
        return self._shards("rejected")

    @property
    def pre_dedup_shards(self) -> list[Path]:
        return self._shards(PRE_DEDUP_DIR)

    def shard_signature(self, path: Path) -> list[Any]:
        """What changes when a shard is rewritten: size and mtime (ETag on an object store)."""
        if self.fs.local:
            st = path.stat()
            return [st.st_size, st.st_mtime_ns]
        info = self.fs.fs.info(str(path))
        return [int(info["size"]), str(info.get("ETag") or info.get("LastModified"))]

    @property
    def has_rejected(self) -> bool:
        return bool(self.rejected_shards)

    @property
    def recipe(self) -> str:
        return self.stats.get("run", {}).get("recipe", "?")

    def text_before(self, stage_key: str | None) -> bool:
        """True if documents dropped by `stage_key` never had main text (it runs before extract)."""
        keys = self.stage_keys
        if stage_key not in keys:
            return False
        first_text = next((i for i, k in enumerate(keys) if stage_name(k) == TEXT_STAGE), 0)
        return keys.index(stage_key) < first_text

    def sources(self) -> list[str]:
        return [f["source"] for f in self.stats.get("files", [])]


def load_run(path: str | os.PathLike[str], storage_options: dict[str, Any] | None = None) -> RunDir:
    """The run in `path` (a directory, or an fsspec URL such as s3://bucket/prefix with its
    `storage_options`); FileNotFoundError naming what is missing if it is not a run directory."""
    fs = OutputFS(path, storage_options)
    if fs.local:
        p = Path(fs.root)
        stats_path = p / "stats.json"
        if not stats_path.is_file():
            raise FileNotFoundError(f"no stats.json in {p}: give the output directory of a `curate run`")
        with open(stats_path, encoding="utf-8") as f:
            return RunDir(p, json.load(f), fs)
    stats = fs.read_json(fs.join("stats.json"))
    if not isinstance(stats, dict):
        raise FileNotFoundError(f"no stats.json in {fs.url}: give the output of a `curate run` "
                                "(and --storage-options for its store)")
    return RunDir(PurePosixPath(fs.root), stats, fs)


def crawl_ids(names: Iterable[str]) -> list[str]:
    """Common Crawl crawl ids (CC-MAIN-2024-10) named in input paths, in order of first mention."""
    seen: dict[str, None] = {}
    for name in names:
        for m in re.finditer(r"CC-MAIN-\d{4}-\d{2}", name):
            seen.setdefault(m.group(), None)
    return list(seen)


def size_category(n: int) -> str:
    """The Hugging Face `size_categories` bucket of `n` documents."""
    names = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
             "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T"]
    for i, name in enumerate(names):
        if n < 10 ** (3 + i):
            return name
    return "n>1T"


# ----------------------------------------------------------------------------- thresholds

@dataclass(frozen=True)
class Threshold:
    """A rule of one stage: a document whose `signal` is below `value` (op `min`) or above it
    (op `max`; `inclusive`: at or above/below) is dropped with `reason`. `signal` is an output
    column, or None when the stage decides on something it does not write (the prefilter's
    raw-byte estimate); `note` says what is measured then."""

    stage: str
    reason: str
    signal: str | None
    op: str  # "min" or "max"
    value: float
    note: str = ""
    inclusive: bool = False

    def condition(self) -> str:
        if self.op == "min":
            return "<=" if self.inclusive else "<"
        return ">=" if self.inclusive else ">"

    def describe(self) -> str:
        """The drop condition, e.g. `drop if q_punct_line_frac < 0.106`."""
        what = self.signal or self.note or "signal"
        extra = f" ({self.note})" if self.signal and self.note else ""
        return f"drop if {what} {self.condition()} {_num(self.value)}{extra}"

    def violated(self, value: Any) -> bool:
        """True if `value` of the signal breaks this rule."""
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.op == "min":
            return value <= self.value if self.inclusive else value < self.value
        return value >= self.value if self.inclusive else value > self.value


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def run_stage_params(stats: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, name, params) of each stage as run, keys made unique as the recipe does."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for entry in stats.get("run", {}).get("stages", []):
        if isinstance(entry, str):
            name, params = entry, {}
        else:
            name, params = next(iter(entry.items()))
        n = sum(1 for _, other, _ in out if other == name)
        out.append((name if n == 0 else f"{name}#{n + 1}", name, dict(params or {})))
    return out


def _build_stage(name: str, params: dict[str, Any]) -> Any:
    """A stage object as the recipe built it (no setup: no models loaded), or None."""
    from curate.stages.base import stage_class

    try:
        cls = stage_class(name)
    except ValueError:  # a stage module not (yet) imported by curate.stages
        try:
            importlib.import_module(f"curate.stages.{name}")
            cls = stage_class(name)
        except Exception:  # noqa: BLE001
            return None
    try:
        return cls(**params)
    except Exception:  # noqa: BLE001  (rule file moved since the run: no thresholds, still a report)
        return None


def stage_thresholds(key: str, stage: Any) -> list[Threshold]:
    """The rules a built stage declares (`Stage.thresholds()`), as Thresholds of stage `key`."""
    declared = getattr(stage, "thresholds", None)
    if not callable(declared):
        return []
    out = []
    for rule in declared():
        reason, signal, op, value, *rest = rule
        out.append(Threshold(key, reason, signal, op, float(value), *rest))
    return out


def built_stages(stats: dict[str, Any]) -> list[tuple[str, Any]]:
    """(key, stage object or None) for each stage of the recipe as run."""
    return [(key, _build_stage(name, params)) for key, name, params in run_stage_params(stats)]


def column_owners(stats: dict[str, Any], built: list[tuple[str, Any]] | None = None) -> dict[str, str]:
    """Output column -> key of the stage that writes it (from the stages' `columns`)."""
    owners: dict[str, str] = {}
    for key, stage in built if built is not None else built_stages(stats):
        for col in getattr(stage, "columns", None) or {}:
            owners.setdefault(col, key)
    if "dedup" in stats.get("stages", {}):
        owners.setdefault("dup_cluster", "dedup")
        owners.setdefault("dup_count", "dedup")
    return owners


def thresholds(stats: dict[str, Any], built: list[tuple[str, Any]] | None = None) -> list[Threshold]:
    """Every rule of the run: as the run recorded them (stats["run"]["thresholds"], a list of
    Threshold fields) where it did, else from its recipe as run (stats["run"]["stages"], with
    the rule files as they are now; see `rules_changed`) and its dedup parameters."""
    recorded = stats.get("run", {}).get("thresholds")
    if isinstance(recorded, list):
        fields = set(Threshold.__dataclass_fields__)
        return [Threshold(**{k: v for k, v in t.items() if k in fields}) for t in recorded]
    out: list[Threshold] = []
    for key, stage in built if built is not None else built_stages(stats):
        if stage is not None:
            out += stage_thresholds(key, stage)
    dedup = stats.get("dedup") or {}
    params = dedup.get("params") or {}
    if params.get("fuzzy") and params.get("threshold") is not None:
        out.append(Threshold("dedup", "near_dup", None, "max", float(params["threshold"]),
                             f"estimated Jaccard similarity of character {params.get('ngram', '?')}-grams "
                             "to a document kept", True))
    return out


def rules_changed(stats: dict[str, Any]) -> list[str]:
    """Rule files and lexicons in the shipped `filters/` modified after the run finished: the
    thresholds shown are read from them now, so they may not be the ones the run used."""
    import calendar
    import time

    if isinstance(stats.get("run", {}).get("thresholds"), list):
        return []
    finished = stats.get("run", {}).get("finished_at")
    if not finished:
        return []
    try:
        t = calendar.timegm(time.strptime(finished, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return []
    from curate.resources import resource_dir

    base = resource_dir("filters")
    return sorted(p.name for p in base.glob("*") if p.is_file() and p.stat().st_mtime > t + 1)


# ----------------------------------------------------------------------------- tokenizer

# ----------------------------------------------------------------------------- measures

@dataclass
class Measure:
    """Documents and their text size. `tokens` is None when not counted; `estimated` when
    part of it comes from a chars/token ratio rather than tokenizing."""

    docs: int = 0
    chars: int = 0
    bytes: int = 0
    tokens: int | None = 0
    estimated: bool = False
    # sums of the `*_chars_removed` columns: characters a stage cut from these documents' text
    removed: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Measure) -> Measure:
        tokens = None if self.tokens is None or other.tokens is None else self.tokens + other.tokens
        removed = dict(self.removed)
        for k, v in other.removed.items():
            removed[k] = removed.get(k, 0) + v
        return Measure(self.docs + other.docs, self.chars + other.chars, self.bytes + other.bytes, tokens,
                       self.estimated or other.estimated, removed)

    def __sub__(self, other: Measure) -> Measure:
        tokens = None if self.tokens is None or other.tokens is None else self.tokens - other.tokens
        removed = dict(self.removed)
        for k, v in other.removed.items():
            removed[k] = removed.get(k, 0) - v
        return Measure(self.docs - other.docs, self.chars - other.chars, self.bytes - other.bytes, tokens,
                       self.estimated or other.estimated, removed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Measures:
    """Text measures of a run: the output, its drops by (stage, reason), the pre-dedup set."""

    output: Measure
    rejected: dict[tuple[str, str], Measure] = field(default_factory=dict)
    pre_dedup: Measure | None = None
    tokens_counted: bool = False
    tokenizer: dict[str, Any] = field(default_factory=dict)

    def rejected_by_stage(self) -> dict[str, Measure]:
        out: dict[str, Measure] = {}
        for (stage, _), m in self.rejected.items():
            out[stage] = out.get(stage, Measure()) + m
        return out


def _shard_groups(path: Path, group: bool, tokens: bool, filesystem: Any = None) -> dict[str, list[Any]]:
    """{group key: [docs, chars, bytes, tokens, {removed column: sum}]} of one shard; the key
    is "stage\\treason" for rejected shards, "" otherwise."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    names = pq.read_schema(path, filesystem=filesystem).names
    removed_cols = [c for c in names if c.endswith(REMOVED_SUFFIX)]
    group_cols = ["drop_stage", "drop_reason"] if group and "drop_reason" in names else []
    table = pq.read_table(path, columns=["text"] + group_cols + removed_cols, filesystem=filesystem)
    removed = {c: pc.fill_null(table.column(c), 0).to_pylist() for c in removed_cols}
    text = pc.fill_null(table.column("text"), "")
    chars = pc.utf8_length(text).to_pylist()
    nbytes = pc.binary_length(text).to_pylist()
    if group_cols:
        keys = [f"{s or ''}\t{r or ''}" for s, r in zip(table.column("drop_stage").to_pylist(),
                                                       table.column("drop_reason").to_pylist())]
    else:
        keys = [""] * table.num_rows
    texts = text.to_pylist() if tokens else None
    out: dict[str, list[Any]] = {}
    idx: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        idx.setdefault(k, []).append(i)
    for k, rows in idx.items():
        tok = count_tokens([texts[i] for i in rows]) if texts is not None else None
        out[k] = [len(rows), sum(chars[i] for i in rows), sum(nbytes[i] for i in rows), tok,
                  {c: int(sum(v[i] for i in rows)) for c, v in removed.items()}]
    return out


def _measure_shards(run: RunDir, shards: list[Path], group: bool, tokens: bool, cache: dict[str, Any],
                    budget: list[int]) -> dict[str, list[Any]]:
    """Per-group [docs, chars, bytes, tokens, chars not tokenized] over `shards`, using and filling
    the cache; `budget` holds the characters still to be tokenized exactly (a shard started
    within it is tokenized whole; later shards are estimated from the chars/token ratio)."""
    totals: dict[str, list[Any]] = {}
    for path in shards:
        rel = os.path.relpath(path, run.path)
        sig = [*run.shard_signature(path), group]
        entry = cache.get(rel)
        if not entry or entry.get("sig") != sig:
            entry = None
        need_tokens = tokens and budget[0] > 0 and (entry is None or any(g[3] is None for g in entry["groups"].values()))
        if entry is None or need_tokens:
            entry = {"sig": sig, "groups": _shard_groups(path, group, need_tokens, run.arrow)}
            if need_tokens:
                budget[0] -= sum(g[1] for g in entry["groups"].values())
        cache[rel] = entry
        for k, g in entry["groups"].items():
            acc = totals.setdefault(k, [0, 0, 0, 0, 0, {}])  # docs, chars, bytes, tokens, untokenized, removed
            acc[0] += g[0]
            acc[1] += g[1]
            acc[2] += g[2]
            for c, v in g[4].items():
                acc[5][c] = acc[5].get(c, 0) + v
            if tokens and g[3] is not None:
                acc[3] += g[3]
            else:
                acc[4] += g[1]
    return totals


def measure_run(run: RunDir, tokens: bool = True, token_budget: int = DEFAULT_TOKEN_BUDGET,
                use_cache: bool = True) -> Measures:
    """Characters, UTF-8 bytes and (when a tokenizer loads) tokens of the output, of every
    (stage, reason) in the rejected shards, and of the pre-dedup shards."""
    info = tokenizer_info() if tokens else {"available": False, "name": None, "reason": "not asked for"}
    tokens = tokens and info["available"]
    cache_path = run.fs.join(CACHE_FILE)
    cache: dict[str, Any] = {}
    pre_cached: dict[str, Any] = {}
    data = run.fs.read_json(cache_path) if use_cache else None
    if isinstance(data, dict) and data.get("version") == _CACHE_VERSION:
        cache, pre_cached = data.get("shards", {}), data.get("pre_dedup", {})
    budget = [token_budget]
    out_raw = _measure_shards(run, run.data_shards, False, tokens, cache, budget)
    rej_raw = _measure_shards(run, run.rejected_shards, True, tokens, cache, budget)
    # The pre-dedup shards are work files, removed after a successful run: their totals are kept
    # in the cache for the run that measured them (the card is written before they go).
    this_run = run.stats.get("run", {}).get("finished_at")
    if run.pre_dedup_shards:
        pre_raw = _measure_shards(run, run.pre_dedup_shards, False, tokens, cache, budget)
        pre_cached = {"run": this_run, "raw": pre_raw}
    else:
        pre_raw = pre_cached["raw"] if pre_cached.get("run") == this_run and this_run else None
    cache = {k: v for k, v in cache.items() if not k.startswith(PRE_DEDUP_DIR)}
    if use_cache:
        try:
            run.fs.write_bytes(cache_path, json.dumps({"version": _CACHE_VERSION, "shards": cache,
                                                       "pre_dedup": pre_cached}).encode("utf-8"))
        except Exception:  # noqa: BLE001  (OSError, or a store's PermissionError: read-only, measure again next time)
            pass
    # chars/token of everything tokenized, for the characters that were not
    counted = [v for raw in (out_raw, rej_raw, pre_raw or {}) for v in raw.values()]
    tok_chars = sum(v[1] - v[4] for v in counted)
    tok_total = sum(v[3] for v in counted)
    ratio = tok_total / tok_chars if tok_chars else None

    def to_measure(v: list[Any] | None) -> Measure:
        if v is None:
            return Measure()
        if not tokens:
            return Measure(v[0], v[1], v[2], None, removed=v[5])
        unknown = v[4]
        if not unknown:
            return Measure(v[0], v[1], v[2], v[3], removed=v[5])
        if ratio is None:
            return Measure(v[0], v[1], v[2], None, removed=v[5])
        return Measure(v[0], v[1], v[2], v[3] + round(unknown * ratio), True, v[5])

    rejected = {}
    for k, v in rej_raw.items():
        stage, _, reason = k.partition("\t")
        rejected[(stage, reason)] = to_measure(v)
    output = to_measure(out_raw.get("")) if out_raw else Measure(tokens=0 if tokens else None)
    pre = None
    if pre_raw is not None:
        pre = to_measure(pre_raw.get("")) if pre_raw else Measure(tokens=0 if tokens else None)
    return Measures(output, rejected, pre, tokens, info)


# ----------------------------------------------------------------------------- funnel

def funnel(run: RunDir, measures: Measures | None = None,
           owners: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The steps from records read to the output, in documents, and in characters, UTF-8 bytes
    and tokens where the shards allow (None elsewhere, with `measure_note` saying why).

    A stage that edits text (cleaning) records the characters it cut in a `*_chars_removed`
    column; the characters of the steps before it add them back. Bytes and tokens cannot be
    restored that way: for those steps they are of the edited text (`edited_by` names the stages)."""
    stats = run.stats
    stages = stats.get("stages", {})
    keys = list(stages)
    steps: list[dict[str, Any]] = [
        {"step": "read", "label": "records read", "stage": None, "docs": stats["totals"]["read"]},
    ]
    if keys:
        steps.append({"step": "html", "label": "HTML pages (candidates)", "stage": None,
                      "docs": stages[keys[0]]["seen"]})
    for key in keys:
        steps.append({"step": key, "label": step_label(key), "stage": key, "docs": stages[key]["kept"]})
    html = steps[1]["docs"] if len(steps) > 1 else steps[0]["docs"]
    prev = None
    for s in steps:
        s["share_prev"] = s["docs"] / prev if prev else None
        s["share_html"] = s["docs"] / html if html and s["step"] != "read" else None
        prev = s["docs"]
    # Text measures: after stage i = output + what stages after i dropped.
    text_from = next((i for i, k in enumerate(keys) if stage_name(k) == TEXT_STAGE), 0)
    later: list[Measure | None] = []  # what each stage removed, or None if unknown
    rej = measures.rejected_by_stage() if measures else {}
    for key in keys:
        s = stages[key]
        dropped, failed = sum(s["dropped"].values()), sum(s["failed"].values())
        if measures is None:
            later.append(None)
        elif failed:
            later.append(None)  # failed documents are written nowhere
        elif not dropped:
            later.append(Measure(tokens=0 if measures.tokens_counted else None))
        elif key in rej and rej[key].docs == dropped:
            later.append(rej[key])
        elif stage_name(key) == "dedup" and measures.pre_dedup is not None and measures.pre_dedup.docs == s["seen"]:
            later.append(measures.pre_dedup - measures.output)  # runs that wrote no rejected duplicates
        else:
            later.append(None)
    owners = owners or {}

    def owner_index(col: str) -> int | None:
        key = owners.get(col)
        if key is None:  # unknown stage: its column prefix names it (clean_chars_removed -> clean)
            key = next((k for k in keys if col.startswith(stage_name(k) + "_")), None)
        return keys.index(key) if key in keys else None

    for s in steps:
        s.update(chars=None, bytes=None, tokens=None, tokens_estimated=False, measure_note=None, edited_by=[])
        if measures is None:
            continue
        i = keys.index(s["stage"]) if s["stage"] is not None else -1
        if i < text_from:
            s["measure_note"] = f"no main text before {TEXT_STAGE}"
            continue
        total = measures.output
        for m in later[i + 1:]:
            if m is None:
                total = None
                break
            total = total + m
        if total is None:
            s["measure_note"] = ("rejected documents not written: rerun with --keep-rejected"
                                 if not run.has_rejected else "some drops or failures of later stages were not written")
            # The runner counts the characters each stage passes on; bytes and tokens need the text.
            s["chars"] = stages[s["stage"]].get("counts", {}).get("chars_out") if s["stage"] else None
            continue
        chars = total.chars
        for col, n in total.removed.items():
            j = owner_index(col)
            if j is not None and j > i and n:
                chars += n
                s["edited_by"].append(keys[j])
        s.update(chars=chars, bytes=total.bytes, tokens=total.tokens, tokens_estimated=total.estimated)
    return steps


def filter_table(run: RunDir, measures: Measures | None = None,
                 rules: list[Threshold] | None = None) -> list[dict[str, Any]]:
    """Per stage: seen, kept, dropped with share, failed, and every drop reason with its count,
    share of what the stage saw, its rule where known, and its characters where written."""
    rules = rules if rules is not None else []
    by_reason = {(t.stage, t.reason): t for t in rules}
    out = []
    for key, s in run.stats.get("stages", {}).items():
        dropped = sum(s["dropped"].values())
        failed = sum(s["failed"].values())
        reasons = []
        for reason, n in sorted(s["dropped"].items(), key=lambda kv: -kv[1]):
            t = by_reason.get((key, reason))
            m = measures.rejected.get((key, reason)) if measures else None
            reasons.append({"reason": reason, "docs": n, "share_seen": n / s["seen"] if s["seen"] else 0.0,
                            "share_dropped": n / dropped if dropped else 0.0,
                            "rule": t.describe() if t else None, "signal": t.signal if t else None,
                            "chars": m.chars if m else None, "tokens": m.tokens if m else None})
        out.append({"stage": key, "seen": s["seen"], "kept": s["kept"], "dropped": dropped,
                    "share": dropped / s["seen"] if s["seen"] else 0.0, "failed": failed,
                    "failures": dict(s["failed"]), "seconds": s.get("seconds", 0.0), "reasons": reasons})
    return out


def stats_report(run: RunDir, tokens: bool = True) -> dict[str, Any]:
    """Everything `curate stats --json` prints."""
    measures = measure_run(run, tokens=tokens)
    built = built_stages(run.stats)
    rules = thresholds(run.stats, built)
    t = run.stats["totals"]
    return {
        "run_dir": run.fs.display(run.path),
        "recipe": run.recipe,
        "run": {k: v for k, v in run.stats.get("run", {}).items() if k != "stages"},
        "totals": t,
        "funnel": funnel(run, measures, column_owners(run.stats, built)),
        "filters": filter_table(run, measures, rules),
        "thresholds": [asdict(r) for r in rules],
        "rules_changed_since_run": rules_changed(run.stats),
        "skipped": run.stats.get("skipped", {}),
        "failed": run.stats.get("failed", {}),
        "dedup": run.stats.get("dedup"),
        "output": measures.output.to_dict(),
        "tokenizer": measures.tokenizer,
        "rejected_written": run.has_rejected,
    }


# ----------------------------------------------------------------------------- text rendering

def fmt_int(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def fmt_pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def fmt_tokens(step: dict[str, Any]) -> str:
    if step.get("tokens") is None:
        return "-"
    return ("~" if step.get("tokens_estimated") else "") + f"{step['tokens']:,}"


def render_stats(report: dict[str, Any]) -> str:
    """`curate stats` for a person: the funnel, then each stage's drops and rules."""
    run = report["run"]
    t = report["totals"]
    lines = [f"run {report['run_dir']}: recipe {report['recipe']}, {t['files']} input file(s), "
             f"finished {run.get('finished_at', '?')}", ""]
    head = f"{'step':<34}{'docs':>10}{'% prev':>8}{'% html':>8}{'chars':>14}{'UTF-8 bytes':>14}{'tokens':>14}"
    lines += ["funnel", head]
    for s in report["funnel"]:
        name = s["step"] if s["stage"] is None else f"{s['step']} ({s['label']})"
        if s["stage"] is None:
            name = s["label"]
        mark = "*" if s.get("edited_by") else ""
        lines.append(f"{name[:33]:<34}{fmt_int(s['docs']):>10}{fmt_pct(s['share_prev']):>8}"
                     f"{fmt_pct(s['share_html']):>8}{fmt_int(s['chars']):>14}"
                     f"{fmt_int(s['bytes']) + mark:>14}{fmt_tokens(s) + mark:>14}")
    lines.append("")
    lines += [f"{n}" for n in measure_notes(report["funnel"])]
    tok = report["tokenizer"]
    if tok.get("available"):
        est = any(s.get("tokens_estimated") for s in report["funnel"])
        lines.append(f"tokens: {tok['name']}, vocabulary {tok['vocab_size']:,}"
                     + ("; '~' marks counts partly estimated from the chars/token ratio" if est else ""))
    else:
        lines.append(f"tokens: not counted ({tok.get('reason')})")
    lines += ["", "filters"]
    for f in report["filters"]:
        if not f["dropped"] and not f["failed"]:
            lines.append(f"  {f['stage']}: {f['seen']:,} seen, none dropped")
            continue
        lines.append(f"  {f['stage']}: {f['dropped']:,} of {f['seen']:,} dropped ({fmt_pct(f['share'])})"
                     + (f", {f['failed']:,} failed ({_top(f['failures'])})" if f["failed"] else ""))
        for r in f["reasons"][:8]:
            rule = f"   {r['rule']}" if r["rule"] else ""
            lines.append(f"    {r['reason']:<24}{r['docs']:>8,}{fmt_pct(r['share_seen']):>8} of seen"
                         f"{fmt_pct(r['share_dropped']):>8} of drops{rule}")
        if len(f["reasons"]) > 8:
            lines.append(f"    ... {len(f['reasons']) - 8} more reasons (--json lists all)")
    if report["skipped"]:
        lines.append(f"\nskipped before the stages: {_top(report['skipped'], 10)}")
    if report["failed"]:
        lines.append(f"failed: {_top(report['failed'], 10)}")
    d = report.get("dedup")
    if d:
        lines.append(f"\ndedup: {d.get('docs_in', 0):,} in, {d.get('docs_out', 0):,} out; exact removed "
                     f"{d.get('exact_removed', 0):,}, near-duplicates removed {d.get('fuzzy_removed', 0):,}, "
                     f"{d.get('clusters', 0):,} clusters (largest {d.get('largest_cluster', 0):,})")
    if report.get("rules_changed_since_run"):
        lines.append(f"\nnote: {', '.join(report['rules_changed_since_run'])} changed after this run; the rules "
                     "shown are read from them now")
    if not report["rejected_written"]:
        lines.append("\nno rejected shards: rerun with --keep-rejected for examples and the text size of drops")
    return "\n".join(lines)


def measure_notes(steps: list[dict[str, Any]]) -> list[str]:
    """Footnotes for the text columns of a funnel."""
    notes = ["chars, bytes, tokens: the main text; a dropped document's as it was when dropped"]
    missing = sorted({s["measure_note"] for s in steps if s["measure_note"]})
    if missing:
        notes.append("'-': " + "; ".join(missing))
    edited = sorted({k for s in steps for k in s.get("edited_by", [])})
    if edited:
        notes.append(f"*: bytes and tokens of the text as edited by {', '.join(edited)} (its characters are "
                     "added back to the chars column)")
    return notes


def _top(counter: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])[:n])
