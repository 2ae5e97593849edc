"""Recipes: a YAML file naming the stages of a pipeline and their parameters.

A recipe is referred to by a path or by the name of a file in `pipelines/`:

    name: zh-web
    stages:
      - prefilter: {min_han: 50}
      - decode
      - extract
      - language: {langs: [zh], min_score: 0.5}
    output:
      max_shard_bytes: 256MB
    limits:               # optional caps against hostile input (curate/engine/limits.py)
      stage_seconds: 30
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from curate.resources import find_file, resource_dir
from curate.engine.limits import DEFAULT_LIMITS, LimitError, Limits, check_limits
from curate.stages.base import Stage, stage_class

DEFAULT_RECIPE = "zh-web"


@dataclass
class Recipe:
    name: str
    stages: list[tuple[str, dict[str, Any]]]
    output: dict[str, Any] = field(default_factory=dict)
    dedup: dict[str, Any] = field(default_factory=dict)  # run-level phase after all files; empty: off
    description: str = ""
    path: str = ""
    limits: Limits = DEFAULT_LIMITS  # caps against hostile input
    limits_given: dict[str, Any] = field(default_factory=dict)  # the `limits:` mapping as written

    def fingerprint(self) -> str:
        """A short hash of the per-file work, so a resumed run can tell if it changed.
        Dedup is left out: it reruns from the per-file shards whatever its parameters.
        Limits count only where the recipe sets some, so older outputs still resume."""
        work: dict[str, Any] = {"stages": self.stages, "output": self.output}
        if self.limits_given:
            work["limits"] = self.limits_given
        body = json.dumps(work, sort_keys=True, default=str)
        return hashlib.sha1(body.encode()).hexdigest()[:12]

    def build(self) -> list[Stage]:
        """Fresh stage objects, checked against the registry and their parameters."""
        stages = []
        for name, params in self.stages:
            try:
                stages.append(stage_class(name)(**params))
            except TypeError as e:
                raise ValueError(f"recipe {self.name!r}, stage {name!r}: {e}") from None
        return stages

    def stage_keys(self) -> list[str]:
        """Unique names for the stages, in order (a stage used twice becomes name#2)."""
        keys: list[str] = []
        for name, _ in self.stages:
            n = sum(1 for k in keys if k.split("#")[0] == name)
            keys.append(name if n == 0 else f"{name}#{n + 1}")
        return keys


def find_recipe(ref: str | None) -> str:
    """The path of a recipe given as a path or as a name in the shipped `pipelines/`."""
    ref = ref or DEFAULT_RECIPE
    path = find_file(ref, "pipelines", (".yaml", ".yml"))
    if path is not None:
        return path
    known = ", ".join(sorted(p.stem for p in resource_dir("pipelines").glob("*.y*ml")))
    raise FileNotFoundError(f"no recipe {ref!r}: not a file, and not one of the shipped recipes ({known})")


class RecipeError(ValueError):
    """A recipe that cannot run: the message names the file, the key and what is allowed."""


TOP_KEYS = ("name", "description", "stages", "output", "dedup", "limits")
COMPRESSIONS = ("zstd", "snappy", "gzip", "brotli", "lz4", "none")
SHARD_BYTES_RANGE = (1 << 10, 1 << 40)  # 1 KiB .. 1 TiB
_STATES = ("raw", "html", "text")  # what a document holds, in pipeline order


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a recipe never needs them, and an alias bomb
    (a few lines that expand to gigabytes) must be refused, not expanded."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise RecipeError(f"line {mark.line + 1}, column {mark.column + 1}: YAML aliases (*name) "
                              "are not allowed in a recipe")
        return super().compose_node(parent, index)


def read_yaml(path: str) -> Any:
    """A YAML file, with a syntax error as one line naming the position."""
    with open(path, encoding="utf-8") as f:
        try:
            return yaml.load(f, Loader=_NoAliasLoader)  # noqa: S506  (a SafeLoader subclass)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            raise RecipeError(f"recipe {path}: {where}{e.problem or e}") from None
        except RecipeError as e:
            raise RecipeError(f"recipe {path}: {e}") from None


def _type_ok(value: Any, hint: Any) -> bool:
    """Whether a YAML value fits a parameter's annotation (int, float, str, bool, list, dict, unions)."""
    import types
    import typing

    if hint is Any or hint is inspect.Parameter.empty:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, h) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    base = origin or hint
    if base is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if base is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if base in (list, tuple, frozenset, set, typing.Sequence):
        return isinstance(value, list)
    if isinstance(base, type):
        return isinstance(value, base)
    return True


def _type_name(hint: Any) -> str:
    return str(hint).replace("typing.", "").replace("<class '", "").replace("'>", "")


def check_stage_params(cls: type[Stage], key: str, params: dict[str, Any]) -> None:
    """Types and ranges of a stage's parameters, from its constructor's annotations and
    `param_ranges`. Names the constructor does not take go to the stage (rule overrides)."""
    import typing

    try:
        hints = typing.get_type_hints(cls.__init__)
    except Exception:  # noqa: BLE001  (an annotation we cannot evaluate: the stage checks itself)
        hints = {}
    for name, value in params.items():
        hint = hints.get(name)
        if hint is not None and not _type_ok(value, hint):
            raise RecipeError(f"stages.{key}.{name}: {value!r} is not a {_type_name(hint)}")
        low, high = cls.param_ranges.get(name, (None, None))
        if low is not None and isinstance(value, (int, float)) and not low <= value <= high:
            raise RecipeError(f"stages.{key}.{name}: {value!r} is outside the allowed range {low}..{high}")


def check_stage_order(stages: list[tuple[str, type[Stage]]]) -> None:
    """Each stage finds what it reads: raw bytes before `decode`, HTML before `extract`, text after."""
    state = "raw"
    for key, cls in stages:
        reads = cls.reads if cls.reads in _STATES else "text"
        if _STATES.index(reads) > _STATES.index(state):
            needs = "decode" if reads == "html" else "extract"
            raise RecipeError(f"stages.{key}: {key} works on the page's {reads}, which no stage before it "
                              f"has made: put it after `{needs}`")
        if reads == "raw" and state != "raw":
            raise RecipeError(f"stages.{key}: {key} works on the raw bytes, which an earlier stage has "
                              "already decoded: put it before `decode`")
        if cls.makes in _STATES:
            state = cls.makes


def check_output(output: dict[str, Any]) -> dict[str, Any]:

    unknown = sorted(set(output) - {"max_shard_bytes", "compression"})
    if unknown:
        raise RecipeError(f"output: unknown key(s) {', '.join(unknown)}; allowed: max_shard_bytes, compression")
    if "max_shard_bytes" in output:
        check_size("output.max_shard_bytes", output["max_shard_bytes"])  # kept as written: it is in the fingerprint
    if output.get("compression", "zstd") not in COMPRESSIONS:
        raise RecipeError(f"output.compression: {output['compression']!r} is not one of {', '.join(COMPRESSIONS)}")
    return output


def check_size(what: str, value: Any) -> int:
    """A byte size (`256MB`, `1.5GiB`, an integer) within SHARD_BYTES_RANGE."""
    from curate.io.parquet import parse_size

    try:
        n = parse_size(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    except ValueError:
        n = None
    if n is None:
        raise RecipeError(f"{what}: {value!r} is not a size (e.g. 256MB, 1GiB, 500000)")
    low, high = SHARD_BYTES_RANGE
    if not low <= n <= high:
        raise RecipeError(f"{what}: {value!r} is outside the allowed range 1KiB..1TiB")
    return n


def load_recipe(ref: str | None = None) -> Recipe:
    """Read and validate a recipe completely, before any work: top-level keys, stage names,
    parameter types and ranges, stage order, output and dedup settings. Errors are RecipeError
    (a ValueError) with one line naming the file and the key."""
    from curate.dedup import check_params

    path = find_recipe(ref)
    try:
        return _load(path, check_params)
    except RecipeError as e:
        msg = str(e)
        raise RecipeError(msg if msg.startswith(f"recipe {path}") else f"recipe {path}: {msg}") from None


def recipe_from_dict(data: dict[str, Any], name: str = "given as a mapping") -> Recipe:
    """A recipe given as a Python mapping (the YAML's structure), validated as a file is."""
    from curate.dedup import check_params

    try:
        return _from_data(data, f"<{data.get('name') or 'recipe'}>" if isinstance(data, dict) else "<recipe>",
                          check_params)
    except RecipeError as e:
        raise RecipeError(f"recipe {name}: {e}") from None


def _load(path: str, check_dedup: Any) -> Recipe:
    return _from_data(read_yaml(path), path, check_dedup)


def _from_data(data: Any, path: str, check_dedup: Any) -> Recipe:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RecipeError(f"a recipe is a mapping with keys {', '.join(TOP_KEYS)}, not a {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - set(TOP_KEYS))
    if unknown:
        raise RecipeError(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(TOP_KEYS)}")
    if not isinstance(data.get("stages"), list) or not data["stages"]:
        raise RecipeError("'stages' must be a non-empty list")
    stages: list[tuple[str, dict[str, Any]]] = []
    for entry in data["stages"]:
        if isinstance(entry, str):
            name, params = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1:
            name, params = next(iter(entry.items()))
            if params is None:
                params = {}
            if not isinstance(params, dict):
                raise RecipeError(f"stages.{name}: parameters are a mapping (e.g. {{min_han: 50}}), "
                                  f"not {type(params).__name__} {params!r}")
        else:
            raise RecipeError(f"a stage is a name or a one-key mapping, not {entry!r}")
        stages.append((str(name), dict(params)))
    for key in ("output", "dedup", "limits"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise RecipeError(f"{key}: a mapping, not {data[key]!r}")
    for key in ("name", "description"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise RecipeError(f"{key}: a string, not {data[key]!r}")
    dedup = dict(data.get("dedup") or {})
    if dedup:
        try:
            check_dedup(dedup)
        except ValueError as e:
            raise RecipeError(str(e)) from None
    limits_given = dict(data.get("limits") or {})
    try:
        limits = check_limits(limits_given)
    except LimitError as e:
        raise RecipeError(str(e)) from None
    recipe = Recipe(name=data.get("name") or os.path.splitext(os.path.basename(path.strip("<>")))[0], stages=stages,
                    output=check_output(dict(data.get("output") or {})), dedup=dedup,
                    description=data.get("description") or "", path=path, limits=limits,
                    limits_given=limits_given)
    classes = []
    for key, (name, params) in zip(recipe.stage_keys(), stages):
        try:
            cls = stage_class(name)
        except ValueError as e:
            raise RecipeError(f"stages.{name}: {e}") from None
        check_stage_params(cls, key, params)
        classes.append((key, cls))
    check_stage_order(classes)
    try:
        recipe.build()  # the stages' own checks (rule files found, rule names known)
    except (ValueError, FileNotFoundError, TypeError) as e:
        raise RecipeError(str(e)) from None
    return recipe
