"""Run-level deduplication: MinHash primitives (`minhash`), the phases on disk (`phases`) and the
index a later run dedups against (`index`)."""

from curate.dedup.index import index_dir
from curate.dedup.minhash import DEFAULTS, check_params
from curate.dedup.phases import deduplicate

__all__ = ["DEFAULTS", "check_params", "deduplicate", "index_dir"]
