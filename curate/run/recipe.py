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
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from curate.resources import resource_dir
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

    def fingerprint(self) -> str:
        """A short hash of the per-file work, so a resumed run can tell if it changed.
        Dedup is left out: it reruns from the per-file shards whatever its parameters."""
        body = json.dumps({"stages": self.stages, "output": self.output}, sort_keys=True, default=str)
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
    if os.path.isfile(ref):
        return ref
    shipped = resource_dir("pipelines")
    for candidate in (shipped / ref, shipped / f"{ref}.yaml", shipped / f"{ref}.yml"):
        if candidate.is_file():
            return str(candidate)
    known = ", ".join(sorted(p.stem for p in shipped.glob("*.y*ml")))
    raise FileNotFoundError(f"no recipe {ref!r}: not a file, and not one of the shipped recipes ({known})")


def load_recipe(ref: str | None = None) -> Recipe:
    """Read and validate a recipe; unknown stages or parameters fail here, before any work."""
    path = find_recipe(ref)
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    if not isinstance(data.get("stages"), list) or not data["stages"]:
        raise ValueError(f"recipe {path}: 'stages' must be a non-empty list")
    stages: list[tuple[str, dict[str, Any]]] = []
    for entry in data["stages"]:
        if isinstance(entry, str):
            stages.append((entry, {}))
        elif isinstance(entry, dict) and len(entry) == 1:
            name, params = next(iter(entry.items()))
            stages.append((name, dict(params or {})))
        else:
            raise ValueError(f"recipe {path}: a stage is a name or a one-key mapping, not {entry!r}")
    recipe = Recipe(name=data.get("name") or os.path.splitext(os.path.basename(path))[0], stages=stages,
                    output=dict(data.get("output") or {}), dedup=dict(data.get("dedup") or {}),
                    description=data.get("description", ""), path=path)
    recipe.build()  # validate names and parameters now
    return recipe
