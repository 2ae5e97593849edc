"""Where the recipes, rule sets and samples that ship with curate live, installed or not."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(kind: str) -> Path:
    """The folder of shipped `pipelines`, `filters` or `samples`.

    A wheel installs them inside the package (see pyproject's package-dir); in a checkout or
    an editable install they are the repository's top-level folders that users edit.
    """
    installed = _PACKAGE / kind
    return installed if installed.is_dir() else _PACKAGE.parent / kind


def default_inputs() -> list[str]:
    """The sample WARC files the default run reads."""
    return [str(p) for p in sorted(resource_dir("samples").glob("*.warc.gz"))]
