"""The `curate` command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any

from . import __version__
from .readers import CC_BASE_URL


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _top(counter: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in list(counter.items())[:n])


def summary_table(stats: dict[str, Any]) -> str:
    """A compact, human summary of a run's stats.json."""
    t = stats["totals"]
    wall = stats.get("run", {}).get("wall_seconds") or t["seconds"] or 1e-9
    lines = [
        f"curate: {t['files']} input file(s), {t['read']:,} records in {wall:.1f}s "
        f"({t['read'] / wall:,.0f} records/s, {t['input_bytes'] / wall / 1e6:,.1f} MB/s)",
        "",
        f"{'stage':<14}{'seen':>10}{'kept':>10}{'dropped':>10}{'failed':>8}{'time':>8}  top drop reasons",
    ]
    for name, s in stats["stages"].items():
        dropped, failed = sum(s["dropped"].values()), sum(s["failed"].values())
        lines.append(f"{name:<14}{_fmt(s['seen']):>10}{_fmt(s['kept']):>10}{_fmt(dropped):>10}"
                     f"{_fmt(failed):>8}{s['seconds']:>7.1f}s  {_top(s['dropped'])}")
    lines += [
        "",
        f"records: read {t['read']:,} = kept {t['kept']:,} + dropped {t['dropped']:,} "
        f"+ skipped {t['skipped']:,} + failed {t['failed']:,}",
    ]
    if stats["skipped"]:
        lines.append(f"skipped: {_top(stats['skipped'], 8)}")
    if stats["failed"]:
        lines.append(f"failed:  {_top(stats['failed'], 8)}")
    for f in stats["files"]:
        if f["status"] != "ok":
            lines.append(f"{f['status']} input: {f['source']}: {f['error']}")
    return "\n".join(lines)


def _cmd_run(args: argparse.Namespace) -> int:
    from .recipe import load_recipe
    from .resources import default_inputs
    from .runner import RunOptions, run
    from .writer import parse_size

    recipe = load_recipe(args.recipe)
    inputs = args.input or default_inputs()
    options = RunOptions(
        output=args.output,
        workers=args.workers or os.cpu_count() or 1,
        storage_options=json.loads(args.storage_options) if args.storage_options else {},
        base_url=args.base_url,
        keep_rejected=args.keep_rejected,
        max_shard_bytes=parse_size(args.max_shard_size) if args.max_shard_size else None,
        progress=not args.quiet,
    )
    print(f"curate: recipe {recipe.name} ({recipe.path}) on {len(inputs)} input spec(s) -> {args.output}",
          file=sys.stderr)
    stats = run(recipe, inputs, options)
    print(summary_table(stats))
    kept_shards = sum(len(f["shards"]) for f in stats["files"])
    print(f"output:  {stats['totals']['kept']:,} documents in {kept_shards} shard(s) under "
          f"{os.path.join(args.output, 'data')}; stats in {os.path.join(args.output, 'stats.json')}")
    return 1 if stats["totals"]["files_unreadable"] else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="curate", description="Chinese-first curation of Common Crawl.")
    parser.add_argument("--version", action="version", version=f"curate {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run a recipe over WARC/WET files and write Parquet shards",
                       description="Run RECIPE (a file, or the name of a shipped recipe; default zh-web) "
                                   "over the inputs (default: the bundled samples).")
    p.add_argument("recipe", nargs="?", help="recipe file or shipped recipe name (default: zh-web)")
    p.add_argument("--input", "-i", nargs="+", metavar="PATH",
                   help="files, directories, globs, fsspec URLs (s3://, https://) or a Common Crawl "
                        "*.paths.gz listing")
    p.add_argument("--output", "-o", default="out", help="output directory (default: ./out)")
    p.add_argument("--workers", "-w", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--max-shard-size", help="size bound of a Parquet shard, e.g. 256MB (default: from recipe)")
    p.add_argument("--keep-rejected", action="store_true",
                   help="also write dropped documents, with their stage and reason, under OUTPUT/rejected")
    p.add_argument("--storage-options", help="JSON of fsspec options for URL inputs, e.g. "
                                             "'{\"anon\": true}' or an endpoint_url for S3-compatible stores")
    p.add_argument("--base-url", default=CC_BASE_URL,
                   help=f"prefix for the paths in a *.paths.gz listing (default: {CC_BASE_URL}; "
                        "use s3://commoncrawl/ from AWS)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    p.set_defaults(func=_cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="curate: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as e:
        print(f"curate: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
