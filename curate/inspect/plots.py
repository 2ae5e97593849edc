"""PNG plots of a run (matplotlib, Agg backend): the funnel, the drop reasons, and a histogram
of every numeric signal column, kept and dropped documents stacked, with its thresholds drawn.

matplotlib is imported inside the functions, so `curate run` does not pay for it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from curate.inspect.report import RunDir, Threshold, column_owners, funnel, thresholds

# Plotted first, in this order, when present: the signals the issue names.
KEY_SIGNALS = ("n_chars", "han_ratio", "lang_score", "q_han_ratio", "q_dup_line_frac", "q_top_2gram_frac",
               "q_dup_5gram_frac", "spam_score")
NOT_SIGNALS = frozenset({"warc_offset", "dup_cluster"})  # numeric, but ids and positions
MAX_ROWS = 1_000_000  # per set (kept, dropped): larger runs are subsampled evenly
KEPT, DROPPED, RULE = "#3b6fb6", "#e08a3c", "#c0392b"


# CJK-capable fonts matplotlib falls back to, glyph by glyph, for Chinese in labels (if installed).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.family"] = ["DejaVu Sans", *(f for f in CJK_FONTS if f in installed)]
    return plt


def numeric_columns(schema: Any) -> list[str]:
    """Signal columns of `schema` that hold numbers."""
    import pyarrow as pa

    return [f.name for f in schema if f.name not in NOT_SIGNALS and not f.name.startswith("drop_")
            and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))]


def read_signals(shards: list[Path], columns: list[str], max_rows: int = MAX_ROWS,
                 filesystem: Any = None) -> dict[str, Any]:
    """{column: numpy array of non-null values} over `shards` (on pyarrow's `filesystem`, None
    for local; evenly subsampled past `max_rows`)."""
    import numpy as np
    import pyarrow.parquet as pq

    total = sum(pq.ParquetFile(p, filesystem=filesystem).metadata.num_rows for p in shards)
    step = max(1, math.ceil(total / max_rows)) if total else 1
    parts: dict[str, list[Any]] = {c: [] for c in columns}
    for p in shards:
        names = set(pq.read_schema(p, filesystem=filesystem).names)
        cols = [c for c in columns if c in names]
        if not cols:
            continue
        table = pq.read_table(p, columns=cols, filesystem=filesystem)
        if step > 1:
            table = table.take(list(range(0, table.num_rows, step)))
        for c in cols:
            arr = table.column(c).drop_null().to_numpy(zero_copy_only=False)
            parts[c].append(arr.astype("float64"))
    return {c: (np.concatenate(v) if v else np.zeros(0)) for c, v in parts.items()}


def _bins(values: Any, log: bool, n: int = 40) -> Any:
    import numpy as np

    lo, hi = float(values.min()), float(values.max())
    if log:
        lo = max(lo, 1e-6)
        return np.logspace(math.log10(lo), math.log10(max(hi, lo * 10)), n + 1)
    if lo == hi:
        return np.linspace(lo - 0.5, hi + 0.5, 3)
    return np.linspace(lo, hi, n + 1)


def plot_signal(col: str, kept: Any, dropped: Any, rules: list[Threshold], path: Path, owner: str | None = None) -> Path:
    """A stacked histogram of one signal, kept and dropped, with its thresholds as lines."""
    import numpy as np

    plt = _pyplot()
    both = np.concatenate([kept, dropped])
    positive = both[both > 0]
    log = len(positive) > 1 and (col == "n_chars" or (len(positive) == len(both)
                                                      and positive.max() / max(np.median(positive), 1e-9) > 50))
    hidden = 0
    if log:  # zeros (no text) have no place on a log axis: counted in the title instead
        hidden = int((kept <= 0).sum() + (dropped <= 0).sum())
        kept, dropped, both = kept[kept > 0], dropped[dropped > 0], positive
    for r in rules:
        both = np.append(both, r.value)  # keep the threshold inside the x range
    bins = _bins(both, log)
    k_counts, _ = np.histogram(kept, bins=bins)
    d_counts, _ = np.histogram(dropped, bins=bins)
    fig, ax = plt.subplots(figsize=(5.6, 3.2), dpi=100)
    # two step artists, not one patch per bin: ~10x faster to draw than ax.hist
    ax.stairs(k_counts, bins, fill=True, color=KEPT, label=f"kept ({len(kept):,})")
    ax.stairs(k_counts + d_counts, bins, baseline=k_counts, fill=True, color=DROPPED,
              label=f"dropped ({len(dropped):,})")
    if log:
        ax.set_xscale("log")
    lines: dict[tuple[str, float], list[str]] = {}  # one line per distinct condition (spam: 4 categories, 1 value)
    for r in rules:
        lines.setdefault((r.condition(), r.value), []).append(r.reason)
    for i, ((cond, value), reasons) in enumerate(lines.items()):
        names = ", ".join(reasons[:2]) + (f" +{len(reasons) - 2}" if len(reasons) > 2 else "")
        ax.axvline(value, color=RULE, linestyle="--", linewidth=1.2,
                   label=f"{names}: drop if {cond} {value:g}" if i < 4 else None)
    ax.set_title(col + (f"  ({owner})" if owner else "") + (f"  [{hidden:,} at 0 not shown]" if hidden else ""),
                 fontsize=10)
    ax.set_ylabel("documents", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.12, top=0.9)
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_funnel(steps: list[dict[str, Any]], path: Path) -> Path:
    """Horizontal bars: documents at each step, with the share of the HTML pages."""
    plt = _pyplot()
    labels = [s["label"] if s["stage"] is None else f"{s['step']}: {s['label']}" for s in steps]
    docs = [s["docs"] for s in steps]
    fig, ax = plt.subplots(figsize=(7, 0.42 * len(steps) + 1.0), dpi=100)
    y = list(range(len(steps)))[::-1]
    ax.barh(y, docs, color=[DROPPED if s["stage"] is None else KEPT for s in steps])
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    top = max(docs) if docs else 1
    for yi, s in zip(y, steps):
        share = f"  ({100 * s['share_html']:.1f}%)" if s.get("share_html") is not None else ""
        ax.text(s["docs"] + top * 0.01, yi, f"{s['docs']:,}{share}", va="center", fontsize=8)
    ax.set_xlim(0, top * 1.3 or 1)
    ax.set_xlabel("documents", fontsize=9)
    ax.set_title("funnel (share of HTML pages)", fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_drops(run: RunDir, path: Path, top: int = 20) -> Path | None:
    """Horizontal bars: the most frequent drop reasons, labelled stage/reason."""
    rows = sorted(((f"{k}/{r}", n) for k, s in run.stats.get("stages", {}).items() for r, n in s["dropped"].items()),
                  key=lambda kv: -kv[1])[:top]
    if not rows:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(rows) + 1.0), dpi=100)
    y = list(range(len(rows)))[::-1]
    ax.barh(y, [n for _, n in rows], color=DROPPED)
    ax.set_yticks(y)
    ax.set_yticklabels([name for name, _ in rows], fontsize=8)
    for yi, (_, n) in zip(y, rows):
        ax.text(n, yi, f" {n:,}", va="center", fontsize=8)
    ax.set_xlim(0, max(n for _, n in rows) * 1.2)
    ax.set_xlabel("documents dropped", fontsize=9)
    ax.set_title("drop reasons", fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def write_plots(run: RunDir, out_dir: Path | None = None, steps: list[dict[str, Any]] | None = None,
                rules: list[Threshold] | None = None, max_signals: int = 40) -> dict[str, Path]:
    """Write funnel.png, drops.png and signal-<column>.png under `out_dir` (default RUN_DIR/plots);
    returns {name: path}, names "funnel", "drops" and the signal columns, in display order."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir) if out_dir else run.path / "plots"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("signal-*.png"):  # a column gone since the last report leaves no plot behind
        old.unlink()
    rules = rules if rules is not None else thresholds(run.stats)
    steps = steps if steps is not None else funnel(run)
    written: dict[str, Path] = {"funnel": plot_funnel(steps, out_dir / "funnel.png")}
    drops = plot_drops(run, out_dir / "drops.png")
    if drops:
        written["drops"] = drops
    shards = run.data_shards + run.rejected_shards
    if not shards:
        return written
    columns: list[str] = []
    for p in shards:
        for c in numeric_columns(pq.read_schema(p, filesystem=run.arrow)):
            if c not in columns:
                columns.append(c)
    columns = [c for c in KEY_SIGNALS if c in columns] + [c for c in columns if c not in KEY_SIGNALS]
    kept = read_signals(run.data_shards, columns, filesystem=run.arrow)
    dropped = read_signals(run.rejected_shards, columns, filesystem=run.arrow)
    owners = column_owners(run.stats)
    import numpy as np

    for col in columns[:max_signals]:
        k, d = kept.get(col, np.zeros(0)), dropped.get(col, np.zeros(0))
        if not len(k) and not len(d):
            continue
        col_rules = [r for r in rules if r.signal == col]
        written[col] = plot_signal(col, k, d, col_rules, out_dir / f"signal-{_safe(col)}.png", owners.get(col))
    return written
