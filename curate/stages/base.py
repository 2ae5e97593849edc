"""The stage protocol and the registry recipes use to name stages.

A stage looks at one document at a time: it may change it (decode, extract, tag) and it
returns None to pass it on or a short drop reason to stop it. The runner does the counting,
timing and error isolation, so stage code stays a few lines of decision.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from typing import Any, ClassVar

import pyarrow as pa

from curate.document import Document

_REGISTRY: dict[str, type[Stage]] = {}


class Stage(ABC):
    """Base class: subclasses set `name`, may declare `columns`, and implement `process`."""

    name: ClassVar[str] = "stage"
    # Output columns this stage adds, filled from `doc.signals[column]`.
    columns: ClassVar[dict[str, pa.DataType]] = {}

    def __init__(self, **params: Any) -> None:
        if params:
            raise TypeError(f"stage {self.name!r} got unknown parameters: {sorted(params)}")
        self.counts: Counter = Counter()  # extra tallies, collected by the runner

    def setup(self) -> None:
        """Load models and lexicons; called once per worker process, before any document."""

    @abstractmethod
    def process(self, doc: Document) -> str | None:
        """Work on `doc` in place; return None to keep it or a drop reason."""

    def thresholds(self) -> list[tuple]:
        """The drop rules this stage applies, for reports and the dataset card:
        (reason, signal column or None, "min" | "max", value[, note[, inclusive]]) tuples."""
        return []

    # A stage that decides on the raw HTTP body alone may also define
    #     def check_raw(self, raw: bytes) -> str | None
    # When it is the first stage, the reader calls it before building a Document, so the ~95% of
    # a Common Crawl file that is not Chinese costs little more than reading it.

    def __repr__(self) -> str:
        return f"<stage {self.name}>"


def register(cls: type[Stage]) -> type[Stage]:
    """Class decorator: make a stage available to recipes under its `name`."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"two stages are named {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def stage_class(name: str) -> type[Stage]:
    """The stage class a recipe names, with the known names in the error if there is none."""
    from curate import stages  # noqa: F401  (importing registers the built-in stages)

    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; known stages: {', '.join(sorted(_REGISTRY))}") from None
