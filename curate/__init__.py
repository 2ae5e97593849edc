"""curate: Chinese-first curation of Common Crawl into clean, deduplicated Parquet.

From Python:

    import curate

    stats = curate.run("zh-web", ["CC-MAIN-...warc.gz"], "out", workers=8)
    stats["totals"]   # read = kept + dropped + skipped + failed

A stage of your own subclasses `curate.Stage` (see `curate.stages.base`) and is named in a
recipe as `module:Class`, or given in a recipe mapping the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from curate.engine.recipe import Recipe
    from curate.stages.base import Stage  # noqa: F401

__all__ = ["Stage", "__version__", "run"]


def run(recipe: str | dict[str, Any] | Recipe = "zh-web", inputs: list[str] | str | None = None,
        output: str = "out", *, workers: int | None = None, keep_rejected: bool = False,
        max_shard_size: int | str | None = None, limit: int | None = None, progress: bool = False,
        **options: Any) -> dict[str, Any]:
    """Run `recipe` (a shipped name, a YAML path, a mapping or a Recipe) over `inputs` (paths,
    globs, directories, URLs, `*.paths.gz` listings; default: the bundled samples) into
    `output`, as `curate run` does, and return the run's stats (what `stats.json` holds).

    `workers` defaults to every core; `options` are the other fields of
    `curate.engine.worker.RunOptions` (`executor="ray"`, `storage_options`, `keep_work`, ...).
    Raises RecipeError for a bad recipe and OutputError when the output cannot be written."""
    import os

    from curate.io.parquet import parse_size
    from curate.resources import default_inputs
    from curate.engine.recipe import Recipe, load_recipe, recipe_from_dict
    from curate.engine.runner import RunOptions, run as run_recipe

    if isinstance(recipe, dict):
        recipe = recipe_from_dict(recipe)
    elif not isinstance(recipe, Recipe):
        recipe = load_recipe(recipe)
    if isinstance(inputs, str):
        inputs = [inputs]
    opts = RunOptions(output=str(output), workers=workers or os.cpu_count() or 1, keep_rejected=keep_rejected,
                      max_shard_bytes=parse_size(max_shard_size) if max_shard_size is not None else None,
                      limit=limit, progress=progress, **options)
    return run_recipe(recipe, list(inputs) if inputs else default_inputs(), opts)


def __getattr__(name: str) -> Any:
    if name == "Stage":  # lazily, so `import curate` stays light
        from curate.stages.base import Stage

        return Stage
    raise AttributeError(f"module 'curate' has no attribute {name!r}")
