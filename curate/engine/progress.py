"""The progress line of a run, and log output that does not break it.

On a terminal, one line redrawn every second: records and records/s, input bytes done of the
total (local inputs; URLs count when done), files done, ETA, elapsed; during dedup, its phase.
Without a terminal (logs redirected), the same as a plain log line every `LOG_EVERY` seconds.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Any

LOG_EVERY = 30.0  # seconds between progress lines when stderr is not a terminal
CLEAR = "\r\033[K"  # back to the start of the line, erase it


def _duration(s: float) -> str:
    s = int(s)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def input_bytes(sources: list[str]) -> tuple[int, int]:
    """Bytes of the local inputs, and how many inputs are not local (their size is not asked for:
    one request per URL before any work would be slow on a listing of thousands)."""
    total = unknown = 0
    for s in sources:
        try:
            total += os.path.getsize(s)
        except OSError:
            unknown += 1
    return total, unknown


class Progress:
    """A thread that prints the progress line until `close()`; `phase(name)` switches it to a
    run-level phase (dedup) with no record counts."""

    def __init__(self, counter: Any, n_files: int, total_bytes: int, unknown_sizes: int,
                 done_files: Any, enabled: bool = True) -> None:
        self.counter, self.n_files, self.done_files = counter, n_files, done_files
        self.total_bytes = total_bytes if not unknown_sizes else 0
        self.tty = sys.stderr.isatty()
        self.t0 = time.perf_counter()
        self._phase: str | None = None
        self._phase_t0 = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.enabled = enabled
        if enabled:
            _install_line_safe_logging(self.tty)
            self._thread.start()

    def phase(self, name: str | None) -> None:
        self._phase, self._phase_t0 = name, time.perf_counter()

    def line(self) -> str:
        elapsed = time.perf_counter() - self.t0
        if self._phase:
            return f"curate: {self._phase}, {_duration(time.perf_counter() - self._phase_t0)} (run {_duration(elapsed)})"
        n = self.counter.value if self.counter is not None else 0
        done = self.done_files()
        parts = [f"{n:,} records", f"{n / max(elapsed, 1e-9):,.0f}/s"]
        share = None
        if self.total_bytes and self.counter is not None:
            b = min(self.counter.bytes, self.total_bytes)
            share = b / self.total_bytes
            parts.append(f"{_size(b)} of {_size(self.total_bytes)} ({share:.0%})")
        elif self.n_files:
            share = done / self.n_files
        parts.append(f"{done}/{self.n_files} files")
        if share and 0 < share < 1 and elapsed > 3:
            parts.append(f"ETA {_duration(elapsed * (1 - share) / share)}")
        parts.append(_duration(elapsed))
        return "curate: " + ", ".join(parts)

    def _loop(self) -> None:
        while not self._stop.wait(1.0 if self.tty else LOG_EVERY):
            if self.tty:
                sys.stderr.write(CLEAR + _fit(self.line()))
                sys.stderr.flush()
            else:
                print(self.line(), file=sys.stderr, flush=True)

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
            if self.tty:
                sys.stderr.write(CLEAR)
                sys.stderr.flush()


def _fit(line: str) -> str:
    """The line cut to the terminal's width: a wrapped line could not be erased."""
    try:
        width = os.get_terminal_size(2).columns
    except OSError:
        return line
    return line[:width - 1] if width > 20 else line


class LineSafeHandler(logging.StreamHandler):
    """Writes each record on a line of its own, erasing a progress line first (on a terminal)."""

    def __init__(self, tty: bool) -> None:
        super().__init__(sys.stderr)
        self.tty = tty
        self.setFormatter(logging.Formatter("curate: %(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if self.tty:
            self.stream.write(CLEAR)
        super().emit(record)


def _install_line_safe_logging(tty: bool) -> None:
    """Make the root logger's stderr output erase the progress line before a message; in worker
    processes too (they are forked after this and inherit it)."""
    root = logging.getLogger()
    for h in root.handlers:
        if isinstance(h, logging.StreamHandler) and not isinstance(h, LineSafeHandler) \
                and getattr(h, "stream", None) in (sys.stderr, sys.__stderr__):
            root.removeHandler(h)
            root.addHandler(LineSafeHandler(tty))
