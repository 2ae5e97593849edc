"""Stages: the protocol (`base`) and one module per stage. Importing this package registers every
built-in stage under its recipe name. A stage module imports only `curate.stages.base`, the
document and the shared text helpers: stages know nothing of the runner, I/O or inspection."""

from curate.stages import (  # noqa: F401
    charset,
    clean,
    extract,
    language,
    pii,
    prefilter,
    quality,
    quality_model,
    spam,
    tokens,
)
from curate.stages.base import Stage, register, stage_class

__all__ = ["Stage", "register", "stage_class"]
