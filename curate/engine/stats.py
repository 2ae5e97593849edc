"""Counting what happened to every record, per stage and per input file, and merging it.

Invariant, per input file: read = kept + dropped + skipped + failed.
`skipped` means the record was never a candidate (a request record, an image, a redirect);
`dropped` means a stage decided against a candidate, with a reason; `failed` means an error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StageCounts:
    """What one stage saw and decided, summed over the documents of one or more files."""

    seen: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)  # stage-specific tallies (charset sources...)
    seconds: float = 0.0

    def merge(self, other: StageCounts) -> None:
        self.seen += other.seen
        self.kept += other.kept
        self.dropped.update(other.dropped)
        self.failed.update(other.failed)
        self.counts.update(other.counts)
        self.seconds += other.seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "kept": self.kept,
            "dropped": dict(self.dropped.most_common()),
            "failed": dict(self.failed.most_common()),
            "counts": dict(sorted(self.counts.items())),
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StageCounts:
        return cls(d["seen"], d["kept"], Counter(d["dropped"]), Counter(d["failed"]),
                   Counter(d.get("counts", {})), d.get("seconds", 0.0))


@dataclass
class FileStats:
    """The fate of every record of one input file."""

    source: str
    # ok | partial (stopped early on a damaged tail) | unreadable | failed (a task error, or its worker died)
    status: str = "ok"
    error: str | None = None
    read: int = 0
    kept: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)  # record-level errors while reading
    counts: Counter = field(default_factory=Counter)  # reader tallies that are not fates
    stages: dict[str, StageCounts] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0
    shards: list[str] = field(default_factory=list)

    @property
    def dropped_total(self) -> int:
        return sum(sum(s.dropped.values()) for s in self.stages.values())

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values()) + sum(sum(s.failed.values()) for s in self.stages.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def balanced(self) -> bool:
        """True when every record read is accounted for."""
        return self.read == self.kept + self.dropped_total + self.skipped_total + self.failed_total

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "read": self.read,
            "kept": self.kept,
            "dropped": self.dropped_total,
            "skipped": dict(self.skipped.most_common()),
            "failed": dict(self.failed.most_common()),
            "counts": dict(sorted(self.counts.items())),
            "stages": {name: s.to_dict() for name, s in self.stages.items()},
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "shards": self.shards,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileStats:
        return cls(
            source=d["source"], status=d["status"], error=d["error"], read=d["read"],
            kept=d["kept"], skipped=Counter(d["skipped"]), failed=Counter(d["failed"]),
            counts=Counter(d.get("counts", {})),
            stages={k: StageCounts.from_dict(v) for k, v in d["stages"].items()},
            bytes=d.get("bytes", 0), seconds=d.get("seconds", 0.0), shards=d.get("shards", []),
        )


def merge_run(files: list[FileStats], stage_order: list[str]) -> dict[str, Any]:
    """One stats document for a whole run: totals, per-stage funnel, per-file accounting."""
    stages = {name: StageCounts() for name in stage_order}
    skipped: Counter = Counter()
    read_failed: Counter = Counter()
    for f in files:
        skipped.update(f.skipped)
        read_failed.update(f.failed)
        for name, counts in f.stages.items():
            stages.setdefault(name, StageCounts()).merge(counts)
    failed = read_failed.copy()
    for s in stages.values():
        failed.update({f"{k}": v for k, v in s.failed.items()})
    totals = {
        "files": len(files),
        "files_unreadable": sum(f.status == "unreadable" for f in files),
        "files_partial": sum(f.status == "partial" for f in files),
        "files_failed": sum(f.status == "failed" for f in files),
        "read": sum(f.read for f in files),
        "kept": sum(f.kept for f in files),
        "dropped": sum(f.dropped_total for f in files),
        "skipped": sum(f.skipped_total for f in files),
        "failed": sum(f.failed_total for f in files),
        "input_bytes": sum(f.bytes for f in files),
        "seconds": round(sum(f.seconds for f in files), 3),
    }
    return {
        "totals": totals,
        "skipped": dict(skipped.most_common()),
        "failed": dict(failed.most_common()),
        "read_failed": dict(read_failed.most_common()),
        "stages": {name: s.to_dict() for name, s in stages.items()},
        "unreadable": [{"source": f.source, "error": f.error} for f in files if f.status == "unreadable"],
        "files": [f.to_dict() for f in files],
    }
