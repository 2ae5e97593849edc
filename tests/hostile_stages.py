"""Stages that misbehave on purpose, for tests of the watchdog and of worker death (a recipe names
them as `hostile_stages:Name`; tests/ is on the path of the test run and of its subprocesses)."""

import os
import re
import signal

from curate.stages.base import Stage


class Backtrack(Stage):
    """A regex that backtracks for hours on the page whose text holds `marker`."""

    name = "backtrack"

    def __init__(self, marker: str = "第2篇", **params) -> None:
        super().__init__(**params)
        self.marker = marker

    def process(self, doc) -> str | None:
        if self.marker in doc.text:
            re.match(r"(a+)+$", "a" * 60 + "b")
        return None


class KillWorker(Stage):
    """SIGKILLs its own process on a page whose text holds `marker`, as the kernel's OOM killer would."""

    name = "kill_worker"

    def __init__(self, marker: str = "KILL-ME", **params) -> None:
        super().__init__(**params)
        self.marker = marker

    def process(self, doc) -> str | None:
        if self.marker in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return None


class MissingLexicon(Stage):
    """A stage whose setup fails in every worker, as one whose lexicon file was removed would."""

    name = "missing_lexicon"

    def setup(self) -> None:
        raise FileNotFoundError("lexicon /nonexistent/words.txt not found")

    def process(self, doc) -> str | None:
        return None
