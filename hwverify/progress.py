"""Timed steps for long work, printed one line each (no carriage returns, so CI logs stay clean)."""

from __future__ import annotations

import ctypes
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

_verbose = False
#: A step that runs longer than this without a line of output says it is still running, every this many seconds.
HEARTBEAT_SECONDS = 10.0


def set_verbose(on: bool) -> None:
    """Show the tools' command lines (``hwverify -v``, ``pytest -v``); quiet by default."""
    global _verbose
    _verbose = on


def is_verbose() -> bool:
    """Whether the tools' command lines are shown."""
    return _verbose


@dataclass
class StepLog:
    """Records and prints how long each named step took; a step silent for :data:`HEARTBEAT_SECONDS` says it is
    still running (one line each time, never a carriage return)."""

    stream: TextIO = field(default_factory=lambda: sys.stdout)
    timings: list[tuple[str, float, str]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        """Time a step; the body may append a short note (e.g. "cached") to the yielded list."""
        _say(f"-> {name} ...", self.stream)
        notes: list[str] = []
        started = time.perf_counter()
        with _Heartbeat(name, started, self.stream):
            try:
                yield notes
            finally:
                seconds = time.perf_counter() - started
                note = f" ({', '.join(notes)})" if notes else ""
                self.timings.append((name, seconds, ", ".join(notes)))
                _say(f"   {name}: {seconds:.1f} s{note}", self.stream)

    def record(self, name: str, seconds: float, note: str = "") -> None:
        """A part of the step just finished, timed on its own (one of several run side by side): printed as
        ``   - name: 1.2 s (note)`` under that step."""
        self.timings.append((name, seconds, note))
        _say(f"   - {name}: {seconds:.1f} s" + (f" ({note})" if note else ""), self.stream)


_last_line = [time.perf_counter()]  # when any step last printed (nested steps share one stream's silence)


def _say(line: str, stream: TextIO) -> None:
    print(line, file=stream, flush=True)
    _last_line[0] = time.perf_counter()


class _Heartbeat:
    """While a step runs, a daemon thread that prints ``... <step>: still running, N s`` after each
    :data:`HEARTBEAT_SECONDS` of silence (of this step and of any step inside it)."""

    def __init__(self, name: str, started: float, stream: TextIO) -> None:
        self.name, self.started, self.stream = name, started, stream
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat: {name}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        _running.append(self)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()
        _running.remove(self)

    def _beat(self) -> None:
        while not self.done.wait(min(1.0, HEARTBEAT_SECONDS)):
            now = time.perf_counter()
            if now - _last_line[0] >= HEARTBEAT_SECONDS and _innermost_is(self) and not _hidden.depth:
                _say(f"   ... {self.name}: still running, {now - self.started:.0f} s", self.stream)


_running: list[_Heartbeat] = []


def _innermost_is(beat: _Heartbeat) -> bool:
    return bool(_running) and _running[-1] is beat


@dataclass
class NativeOutput:
    """What native code (a compiled C simulation) printed to standard output while it was hidden."""

    lines: int = 0
    first_line: str = ""

    def add(self, text: str) -> None:
        """Count the lines of ``text``; keep the first line ever printed."""
        lines = text.splitlines()
        self.lines += len(lines)
        if lines and not self.first_line:
            self.first_line = lines[0].strip()[:120]

    def describe(self, what: str) -> str:
        """A note on what was hidden, or "" when nothing was printed."""
        if not self.lines:
            return ""
        return (f"{what} printed {self.lines:,} line(s) to standard output, not shown (the first: "
                f"{self.first_line!r})")


@dataclass
class _HiddenStdout:
    """The one redirection of file descriptor 1 that every :func:`native_stdout_hidden` shares."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    depth: int = 0
    saved_fd: int = -1
    file: tempfile._TemporaryFileWrapper | None = None  # type: ignore[type-arg]


_hidden = _HiddenStdout()


def _flush_native_stdio() -> None:
    sys.stdout.flush()
    ctypes.CDLL(None).fflush(None)  # C stdio (and std::cout, synced with it) of every loaded library


@contextmanager
def native_stdout_hidden(into: NativeOutput) -> Iterator[None]:
    """Run native code (a firmware's C simulation, whose debug prints would flood the terminal and CI logs) with
    file descriptor 1 sent to a temporary file; what it printed is counted into ``into``. Uses from several
    threads share one redirection: the text goes to the use that ends last. Heartbeats wait meanwhile."""
    with _hidden.lock:
        if _hidden.depth == 0:
            _flush_native_stdio()
            _hidden.file = tempfile.TemporaryFile(mode="w+b")
            _hidden.saved_fd = os.dup(1)
            os.dup2(_hidden.file.fileno(), 1)
        _hidden.depth += 1
    try:
        yield
    finally:
        with _hidden.lock:
            _hidden.depth -= 1
            if _hidden.depth == 0 and _hidden.file is not None:
                _flush_native_stdio()
                os.dup2(_hidden.saved_fd, 1)
                os.close(_hidden.saved_fd)
                _hidden.file.seek(0)
                into.add(_hidden.file.read().decode(errors="replace"))
                _hidden.file.close()
                _hidden.file = None
