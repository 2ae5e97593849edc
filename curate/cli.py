"""The `curate` command line."""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import sys
from typing import Any

from curate import __version__
from curate.io.readers import CC_BASE_URL


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def _top(counter: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in list(counter.items())[:n])


def summary_table(stats: dict[str, Any]) -> str:
    """A compact, human summary of a run's stats.json."""
    t = stats["totals"]
    info = stats.get("run", {})
    wall = info.get("wall_seconds") or t["seconds"] or 1e-9
    this = info.get("this_run", {"files": t["files"], "read": t["read"], "input_bytes": t["input_bytes"]})
    if not this["files"]:
        head = f"curate: {t['files']} input file(s), {t['read']:,} records, all read by an earlier run"
    else:
        resumed = t["files"] - this["files"]
        head = (f"curate: {t['files']} input file(s), {t['read']:,} records"
                + (f" ({this['read']:,} read now; {resumed} file(s) done before)" if resumed else "")
                + f" in {wall:.1f}s ({this['read'] / wall:,.0f} records/s, "
                f"{this['input_bytes'] / wall / 1e6:,.1f} MB/s)")
    w = max([14, *(len(name) + 2 for name in stats["stages"])])
    lines = [
        head,
        "",
        f"{'stage':<{w}}{'seen':>10}{'kept':>10}{'dropped':>10}{'failed':>8}{'time':>8}  top drop reasons",
    ]
    for name, s in stats["stages"].items():
        dropped, failed = sum(s["dropped"].values()), sum(s["failed"].values())
        lines.append(f"{name:<{w}}{_fmt(s['seen']):>10}{_fmt(s['kept']):>10}{_fmt(dropped):>10}"
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


def _size_arg(value: str) -> int:
    from curate.engine.recipe import RecipeError, check_size

    try:
        return check_size("size", value)
    except RecipeError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("size: ")) from None


def _workers_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not 1 <= n <= 4096:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1..4096)")
    return n


def _limit_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of records (1 or more)")
    return n


def _recipe_among_inputs(args: argparse.Namespace) -> None:
    """`curate run --input a.warc.gz zh-extract`: argparse gives the recipe name to --input. A
    value that is no path, glob or URL but names a shipped recipe is taken as the recipe."""
    from curate.engine.recipe import find_recipe

    if args.recipe or not args.input:
        return
    for value in list(args.input):
        if os.path.exists(value) or "://" in value or any(c in value for c in "*?[") or "/" in value:
            continue
        try:
            find_recipe(value)
        except FileNotFoundError:
            continue
        args.input.remove(value)
        args.recipe = value
        print(f"curate: taking {value!r} as the recipe (it is not an input file)", file=sys.stderr)
        return


def _cmd_list(args: argparse.Namespace) -> int:
    """The shipped recipes and the registered stages with their parameters."""
    import inspect as pyinspect

    from curate.resources import resource_dir
    from curate.engine.recipe import read_yaml
    from curate.stages.base import registered_stages

    lines = ["recipes (curate run NAME, or a path to your own YAML):"]
    for path in sorted(resource_dir("pipelines").glob("*.yaml")):
        data = read_yaml(str(path)) or {}
        desc = " ".join(str(data.get("description") or "").split())
        lines.append(f"  {path.stem:<14}{desc[:100]}")
    lines += ["", "stages (in a recipe: `- NAME: {PARAM: VALUE}`, or `- module:Class` of your own):"]
    for name, cls in registered_stages().items():
        params = []
        for pname, par in pyinspect.signature(cls.__init__).parameters.items():
            if pname == "self" or par.kind in (par.VAR_KEYWORD, par.VAR_POSITIONAL):
                continue
            params.append(pname if par.default is par.empty else f"{pname}={par.default!r}")
        doc = (cls.__doc__ or "").strip().split("\n")[0]
        lines.append(f"  {name:<14}{doc}")
        if params:
            lines.append(f"  {'':<14}params: {', '.join(params)}")
    from dataclasses import asdict

    from curate.engine.limits import DEFAULT_LIMITS

    lines += ["", "limits (a recipe's `limits:` mapping; a record past one is skipped with its reason):",
              "  " + ", ".join(f"{k}={v!r}" for k, v in asdict(DEFAULT_LIMITS).items())]
    _emit("\n".join(lines))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from curate.engine.recipe import load_recipe
    from curate.resources import default_inputs
    from curate.engine.runner import OutputError, RunOptions, run
    if args.ray_address and args.executor != "ray":
        print("curate: error: --ray-address needs --executor ray", file=sys.stderr)
        return 2
    if args.executor == "ray" and importlib.util.find_spec("ray") is None:
        print("curate: error: --executor ray needs Ray: pip install 'curate[ray]'", file=sys.stderr)
        return 2
    try:
        storage_options = _json_arg(args.storage_options, "--storage-options") or {}
        output_storage_options = _json_arg(args.output_storage_options, "--output-storage-options")
    except ValueError as e:
        print(f"curate: error: {e}", file=sys.stderr)
        return 2
    _recipe_among_inputs(args)
    recipe = load_recipe(args.recipe)
    if args.dedup_against:
        if not recipe.dedup:
            print(f"curate: error: --dedup-against: recipe {recipe.name} has no dedup block", file=sys.stderr)
            return 2
        from curate.dedup import check_params
        from curate.dedup.index import Index

        from curate.engine.output import local_index_run

        for run_dir in args.dedup_against:  # refused before any work, not after it
            Index(local_index_run(run_dir, storage_options), check_params(recipe.dedup))
    inputs = args.input or default_inputs()
    options = RunOptions(
        output=args.output,
        # ray: 0 = one actor per CPU of the cluster, which only Ray knows
        workers=args.workers or (0 if args.executor == "ray" else os.cpu_count() or 1),
        executor=args.executor,
        ray_address=args.ray_address,
        storage_options=storage_options,
        output_storage_options=output_storage_options,
        work_dir=args.work_dir,
        base_url=args.base_url,
        keep_rejected=args.keep_rejected,
        max_shard_bytes=args.max_shard_size,
        progress=not args.quiet,
        limit=args.limit,
        keep_work=args.keep_work,
        dedup_against=args.dedup_against or [],
    )
    print(f"curate: recipe {recipe.name} ({recipe.path}) on {len(inputs)} input spec(s) -> {args.output}",
          file=sys.stderr)
    try:
        stats = run(recipe, inputs, options)
    except OutputError as e:
        print(f"curate: error: {e}", file=sys.stderr)
        return 1
    print(summary_table(stats))
    kept_shards = len({s for f in stats["files"] for s in f["shards"]})  # after dedup, files share shards
    out = options.output_fs()
    print(f"output:  {stats['totals']['kept']:,} documents in {kept_shards} shard(s) under "
          f"{out.display(out.join('data'))}; stats in {out.display(out.join('stats.json'))}")
    from curate.inspect.card import card_path

    card = card_path(out)
    if out.exists(card):
        print(f"card:    {out.display(card)}")
    failed_tasks = stats.get("dedup", {}).get("failed_tasks", [])
    if failed_tasks:
        first = failed_tasks[0]
        print(f"dedup:   {len(failed_tasks)} task(s) failed, {stats['dedup']['docs_failed']:,} document(s) left out "
              f"(e.g. {first['task']} {first['item']}: {first['error']}); rerun the same command to redo them",
              file=sys.stderr)
    totals = stats["totals"]
    return 1 if totals["files_unreadable"] or totals.get("files_failed") or failed_tasks else 0


def _json_arg(text: str | None, name: str) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{name}: not JSON: {e}") from None


def _emit(text: str, stream: Any = None) -> None:
    """Print `text`, quietly stopping if the reader went away (`curate stats | head`)."""
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # no second error at exit


def _cmd_stats(args: argparse.Namespace) -> int:
    from curate.inspect.report import load_run, render_stats, stats_report

    run = load_run(args.run_dir, _json_arg(args.storage_options, "--storage-options"))
    report = stats_report(run, tokens=not args.no_tokens)
    _emit(json.dumps(report, ensure_ascii=False, indent=1) if args.json else render_stats(report))
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from curate.inspect.examples import inspect_text, use_color
    from curate.inspect.report import load_run

    run = load_run(args.run_dir, _json_arg(args.storage_options, "--storage-options"))
    text, rc = inspect_text(run, reason=args.reason, stage=args.stage, kept=args.kept,
                            n=args.n, seed=args.seed, color=use_color(args.color), max_chars=args.chars)
    _emit(text, sys.stdout if rc == 0 else sys.stderr)
    return rc


def _cmd_card(args: argparse.Namespace) -> int:
    from curate.inspect.card import write_card

    path = write_card(args.run_dir, tokens=not args.no_tokens, pretty_name=args.name, path=args.output,
                      storage_options=_json_arg(args.storage_options, "--storage-options"))
    print(f"card: {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from curate.inspect.html import write_report

    path = write_report(args.run_dir, path=args.output, tokens=not args.no_tokens, n_examples=args.n,
                        seed=args.seed, storage_options=_json_arg(args.storage_options, "--storage-options"))
    from curate.engine.output import OutputFS

    local = OutputFS(args.run_dir).local
    print(f"report: {path} (plots in {os.path.join(args.run_dir, 'plots') if local else path.with_name(path.stem + '-plots')})")
    return 0


def _cmd_train_quality(args: argparse.Namespace) -> int:
    from curate.train import TrainParams, held_out_lines, train

    params = TrainParams(features=args.features, max_chars=args.max_chars, dim=args.dim, epoch=args.epoch, lr=args.lr,
                         word_ngrams=args.word_ngrams, bucket=args.bucket, threads=args.threads, seed=args.seed,
                         holdout=args.holdout, quantize=args.quantize, cutoff=args.cutoff)
    try:
        result = train(args.positive, args.negative, args.output, params,
                       log=lambda msg: print(f"curate: {msg}", file=sys.stderr))
    except RuntimeError as e:
        print(f"curate: error: {e}", file=sys.stderr)
        return 2
    _emit("\n".join(held_out_lines(result.card["held_out"])
                    + [f"model: {result.model_path}", f"card:  {result.card_path} (and .md)",
                       f"use:   - quality_model: {{model: {result.model_path}, min_score: 0.5}}"]))
    return 0


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
    p.add_argument("--output", "-o", default="out",
                   help="output directory or fsspec URL, e.g. s3://bucket/prefix (default: ./out)")
    p.add_argument("--workers", "-w", type=_workers_arg, default=None,
                   help="worker processes, or Ray actors with --executor ray (default: all cores; of the "
                        "Ray cluster with --executor ray)")
    p.add_argument("--executor", choices=["local", "ray"], default="local",
                   help="where the per-file tasks run: local processes (default) or a Ray cluster "
                        "(needs curate[ray], and --output on an object store or a filesystem every node sees)")
    p.add_argument("--ray-address", metavar="ADDRESS",
                   help="Ray cluster to join with --executor ray, e.g. auto or ray://head:10001 "
                        "(default: RAY_ADDRESS, else start a local Ray)")
    p.add_argument("--max-shard-size", type=_size_arg,
                   help="size bound of a Parquet shard, e.g. 256MB (1KiB..1TiB; default: from recipe)")
    p.add_argument("--keep-rejected", action="store_true",
                   help="also write dropped documents, with their stage and reason, under OUTPUT/rejected")
    p.add_argument("--limit", type=_limit_arg, metavar="N",
                   help="read only the first N records of each input (a quick look at a dump)")
    p.add_argument("--keep-work", action="store_true",
                   help="keep the pre-dedup shards and dedup's work files in OUTPUT/.curate after a successful "
                        "run (removed by default; with them a rerun that adds inputs redoes only the new files)")
    p.add_argument("--dedup-against", nargs="+", metavar="RUN",
                   help="output folders of earlier runs: documents that duplicate one they kept are dropped "
                        "(dup_earlier_run), read from their dedup index, not their text; same dedup parameters")
    p.add_argument("--storage-options", help="JSON of fsspec options for URL inputs and output, e.g. "
                                             "'{\"anon\": true}' or an endpoint_url for S3-compatible stores")
    p.add_argument("--output-storage-options", metavar="JSON",
                   help="fsspec options of the output when they differ from the inputs' (e.g. anonymous "
                        "reads from s3://commoncrawl, writes with credentials to your bucket)")
    p.add_argument("--work-dir", metavar="DIR",
                   help="local folder for dedup's phase files (~700 bytes a document; default: "
                        "OUTPUT/.curate/dedup, or ~/.cache/curate for an output on an object store)")
    p.add_argument("--base-url", default=CC_BASE_URL,
                   help=f"prefix for the paths in a *.paths.gz listing (default: {CC_BASE_URL}; "
                        "use s3://commoncrawl/ from AWS)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("list", help="the shipped recipes and the stages with their parameters")
    p.set_defaults(func=_cmd_list)

    no_tokens = {"action": "store_true", "help": "do not count tokens (faster on a large run)"}
    p = sub.add_parser("stats", help="the funnel and each filter's drops of a finished run",
                       description="The funnel of a run (records, HTML pages, then the documents after each stage) "
                                   "in documents, characters, UTF-8 bytes and tokens, and each stage's drops with "
                                   "their share, reasons and rules.")
    p.add_argument("run_dir", metavar="RUN_DIR", help="output directory of `curate run`")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.add_argument("--no-tokens", **no_tokens)
    p.add_argument("--storage-options", metavar="JSON", help="fsspec options when RUN_DIR is a URL (s3://...)")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("inspect", help="examples of dropped (or kept) documents, with signals and marks",
                       description="Without --reason: the drop reasons of the run. With --reason NAME: examples of "
                                   "documents dropped with it (from OUTPUT/rejected, written by --keep-rejected), "
                                   "their signals and rule, spam terms and boilerplate marked. --kept: kept "
                                   "documents instead (with --reason, the ones nearest its threshold).")
    p.add_argument("run_dir", metavar="RUN_DIR", help="output directory of `curate run`")
    p.add_argument("--reason", "-r", help="drop reason, e.g. too_little_han, lang_en, few_punct_lines")
    p.add_argument("--stage", help="only the drops of this stage key (when two stages share a reason)")
    p.add_argument("--kept", action="store_true", help="show kept documents")
    p.add_argument("-n", type=int, default=5, help="number of examples (default 5)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random choice of examples (default 0)")
    p.add_argument("--chars", type=int, default=800, help="characters of text to show, 0 for all (default 800)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="ANSI colours: auto (only on a terminal), always, never")
    p.add_argument("--storage-options", metavar="JSON", help="fsspec options when RUN_DIR is a URL (s3://...)")
    p.set_defaults(func=_cmd_inspect)

    p = sub.add_parser("card", help="write the Hugging Face dataset card (README.md) of a run",
                       description="Write RUN_DIR/README.md: YAML front matter for the Hub, then the summary, "
                                   "sources, recipe, funnel, filters, dedup, size (characters, bytes, Qwen tokens), "
                                   "schema and limitations. `curate run` writes it too.")
    p.add_argument("run_dir", metavar="RUN_DIR", help="output directory of `curate run`")
    p.add_argument("--name", help="pretty_name of the dataset (default: from the crawl ids)")
    p.add_argument("--output", "-o", help="where to write the card (default: RUN_DIR/README.md)")
    p.add_argument("--no-tokens", **no_tokens)
    p.add_argument("--storage-options", metavar="JSON", help="fsspec options when RUN_DIR is a URL (s3://...)")
    p.set_defaults(func=_cmd_card)

    p = sub.add_parser("report", help="write a single-file HTML report with the funnel, plots and samples",
                       description="Write RUN_DIR/report.html (one file: inline CSS, images embedded, works "
                                   "offline) and the PNG plots under RUN_DIR/plots/.")
    p.add_argument("run_dir", metavar="RUN_DIR", help="output directory of `curate run`")
    p.add_argument("--output", "-o", help="where to write the HTML (default: RUN_DIR/report.html; needed for a "
                   "RUN_DIR on an object store, which is read where it is: the plots go beside it, NAME-plots/)")
    p.add_argument("-n", type=int, default=3, help="examples per drop reason (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random choice of examples (default 0)")
    p.add_argument("--no-tokens", **no_tokens)
    p.add_argument("--storage-options", metavar="JSON", help="fsspec options when RUN_DIR is a URL (s3://...)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("train-quality", help="train a fastText quality model (needs curate[train])",
                       description="Train a fastText classifier of positive against negative documents, print its "
                                   "figures on a held-out share, and write MODEL and its card (MODEL.card.json, "
                                   ".md) for the quality_model stage. PATH: a curate output directory, Parquet "
                                   "with a `text` column, JSONL with a `text` field, or text with one document "
                                   "a line; globs and fsspec URLs.")
    p.add_argument("--positive", "-p", nargs="+", required=True, metavar="PATH", help="documents to score high")
    p.add_argument("--negative", "-n", nargs="+", required=True, metavar="PATH", help="documents to score low")
    p.add_argument("--output", "-o", required=True, metavar="MODEL", help="model file to write (.bin; .ftz with --quantize)")
    p.add_argument("--quantize", action="store_true", help="write a small quantized .ftz (~0.2-0.3 MB)")
    p.add_argument("--seed", type=int, default=0, help="seed of the held-out split and of training (default 0)")
    p.add_argument("--holdout", type=float, default=0.1, help="share of each class held out (default 0.1)")
    p.add_argument("--features", choices=["chars", "words"], default="chars",
                   help="tokens: characters (default; fast) or jieba words (needs jieba, ~30x slower to score)")
    p.add_argument("--max-chars", type=int, default=2000, help="characters of each document used (default 2000)")
    p.add_argument("--dim", type=int, default=16, help="vector size (default 16)")
    p.add_argument("--epoch", type=int, default=10, help="passes over the data (default 10)")
    p.add_argument("--lr", type=float, default=0.5, help="learning rate (default 0.5)")
    p.add_argument("--word-ngrams", type=int, default=2, help="token n-grams (default 2: character bigrams)")
    p.add_argument("--bucket", type=int, default=200_000, help="hash buckets of the n-grams (default 200000)")
    p.add_argument("--cutoff", type=int, default=10_000, help="features kept by --quantize (default 10000)")
    p.add_argument("--threads", type=int, default=1,
                   help="training threads (default 1: the same model for the same seed; more are not reproducible)")
    p.set_defaults(func=_cmd_train_quality)
    return parser


def main(argv: list[str] | None = None) -> int:
    from curate.engine.pool import WorkerStartError

    logging.basicConfig(level=logging.WARNING, format="curate: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, ChildProcessError) as e:  # ChildProcessError: a dedup worker died
        print(f"curate: error: {e}", file=sys.stderr)
        return 2
    except WorkerStartError as e:
        print(f"curate: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ncurate: interrupted; finished input files are kept, and the same command resumes "
              "from them", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
