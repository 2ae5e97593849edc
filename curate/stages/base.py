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
    # What the stage works on: "raw" (HTTP body bytes), "html" (decoded page) or "text" (main
    # text), and what it leaves for later stages; a recipe is checked against these before any work.
    reads: ClassVar[str] = "text"
    makes: ClassVar[str | None] = None
    # Allowed (low, high) of numeric parameters, checked when a recipe is loaded.
    param_ranges: ClassVar[dict[str, tuple[float, float]]] = {}

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
    """The stage class a recipe names: a registered name, or `module:Class` of the user's own code
    (a `Stage` subclass, importable where the run happens), with the known names in the error."""
    from curate import stages  # noqa: F401  (importing registers the built-in stages)

    if ":" in name:
        return _plugin_class(name)
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; known stages: {', '.join(sorted(_REGISTRY))} "
                         "(or module:Class of your own)") from None


def registered_stages() -> dict[str, type[Stage]]:
    """Every built-in (and registered plugin) stage by name."""
    from curate import stages  # noqa: F401

    return dict(sorted(_REGISTRY.items()))


def _plugin_class(ref: str) -> type[Stage]:
    import importlib

    module_name, _, attr = ref.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ValueError(f"stage {ref!r}: cannot import module {module_name!r}: {e}") from None
    cls = getattr(module, attr, None)
    if not (isinstance(cls, type) and issubclass(cls, Stage)):
        raise ValueError(f"stage {ref!r}: {module_name} has no Stage subclass named {attr!r}")
    return cls
