"""Run-level deduplication: MinHash primitives (`minhash`) and the phases on disk (`phases`)."""

from curate.dedup.minhash import DEFAULTS, check_params
from curate.dedup.phases import deduplicate

__all__ = ["DEFAULTS", "check_params", "deduplicate"]
