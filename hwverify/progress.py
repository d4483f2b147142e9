"""Timed steps for long work, printed one line each (no carriage returns, so CI logs stay clean)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

_verbose = False


def set_verbose(on: bool) -> None:
    """Show the tools' command lines (``hwverify -v``, ``pytest -v``); quiet by default."""
    global _verbose
    _verbose = on


def is_verbose() -> bool:
    """Whether the tools' command lines are shown."""
    return _verbose


@dataclass
class StepLog:
    """Records and prints how long each named step took."""

    stream: TextIO = field(default_factory=lambda: sys.stdout)
    timings: list[tuple[str, float, str]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        """Time a step; the body may append a short note (e.g. "cached") to the yielded list."""
        print(f"-> {name} ...", file=self.stream, flush=True)
        notes: list[str] = []
        started = time.perf_counter()
        try:
            yield notes
        finally:
            seconds = time.perf_counter() - started
            note = f" ({', '.join(notes)})" if notes else ""
            self.timings.append((name, seconds, ", ".join(notes)))
            print(f"   {name}: {seconds:.1f} s{note}", file=self.stream, flush=True)
