"""Where the recipes, rule sets and samples that ship with curate live, installed or not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(kind: str) -> Path:
    """The folder of shipped `pipelines`, `filters` or `samples`.

    A wheel installs them inside the package (see pyproject's package-dir); in a checkout or
    an editable install they are the repository's top-level folders that users edit.
    """
    installed = _PACKAGE / kind
    return installed if installed.is_dir() else _PACKAGE.parent / kind


def display_path(path: str) -> str:
    """A path as a card may show it: URLs as they are, local paths relative (to the shipped
    resources, else to the working directory), never the absolute path of this machine."""
    if "://" in path or not os.path.isabs(path):
        return path
    for kind in ("samples", "pipelines", "filters"):
        base = resource_dir(kind)
        if Path(path).is_relative_to(base):
            return f"{kind}/{Path(path).relative_to(base).as_posix()} (shipped with curate)"
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else f".../{os.path.basename(path)}"


def default_inputs() -> list[str]:
    """The sample WARC files the default run reads."""
    return [str(p) for p in sorted(resource_dir("samples").glob("*.warc.gz"))]


def find_file(ref: str, kind: str, exts: tuple[str, ...]) -> str | None:
    """`ref` as a path, else as a name (with or without one of `exts`) among the shipped `kind`
    (`pipelines`, `filters`, `models`); None if neither."""
    if os.path.isfile(ref):
        return ref
    base = resource_dir(kind)
    for candidate in (base / ref, *(base / f"{ref}{ext}" for ext in exts)):
        if candidate.is_file():
            return str(candidate)
    return None


def filter_file(ref: str, ext: str) -> str:
    """Path of a rule file or lexicon named `ref`: a path as given, or a name in shipped `filters/`."""
    path = find_file(ref, "filters", (ext,))
    if path is None:
        raise FileNotFoundError(f"no filter file {ref!r} (looked for it as a path and in {resource_dir('filters')})")
    return path


def read_rules(ref: str) -> dict[str, Any]:
    """A YAML rule set from `filters/` (or a path)."""
    with open(filter_file(ref, ".yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def read_lexicon(ref: str) -> list[str]:
    """Phrases of a lexicon file: one per line, `#` comments and blank lines skipped."""
    with open(filter_file(ref, ".txt"), encoding="utf-8") as f:
        lines = (line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else "" for line in f)
        return [line for line in lines if line]
