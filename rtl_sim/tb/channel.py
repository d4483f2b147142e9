"""Beat-level drivers for one handshaked channel, shaped like cocotbext-axi's source and sink roles.

:class:`BeatSource` drives ``data``/``valid`` (+ TLAST) and waits for ``ready``; :class:`BeatSink`
drives ``ready`` and records ``data`` whenever ``valid`` is high. Both record the clock cycle of every
handshake, which is what latency, II and the watchdog need. One class serves AXI-Stream
(TVALID/TREADY), ap_fifo (_empty_n/_read, _write/_full_n) and ap_vld ports (no ready), because all
three are the same valid/ready handshake with different names.

Why not cocotbext-axi's AxiStreamSource/Sink: HLS streams have widths such as 9 or 36 bits that its
byte-lane model rejects, its source does not expose the cycle at which each beat was accepted, and it
knows nothing of ap_fifo or ap_vld. The interface (``send``/``recv``/``set_pause_generator``) is kept
the same so a reader who knows cocotbext-axi knows these.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

import cocotb
from cocotb.handle import LogicObject
from cocotb.simtime import get_sim_time
from cocotb.triggers import Event, RisingEdge


class Progress:
    """Cycle numbering and the last cycle at which any channel made a handshake (for the watchdog)."""

    def __init__(self, period_steps: int) -> None:
        self.period_steps = period_steps
        self.origin_steps = 0
        self.last_handshake = 0

    def start_counting(self) -> None:
        """Make the current rising edge cycle 0."""
        self.origin_steps = get_sim_time()
        self.last_handshake = 0

    def cycle(self) -> int:
        """The number of the current (or just passed) rising edge."""
        return (get_sim_time() - self.origin_steps) // self.period_steps

    def mark(self, cycle: int) -> None:
        """Record forward progress at ``cycle``."""
        self.last_handshake = cycle


def pause_generator(probability: float, seed: int) -> Iterator[bool]:
    """An endless, seeded sequence of pause decisions, True with ``probability``."""
    if probability <= 0.0:
        return itertools.repeat(False)
    rng = random.Random(seed)
    return (rng.random() < probability for _ in itertools.count())


def is_high(signal: LogicObject) -> bool:
    """True when a 1-bit signal is 1 (X and Z count as low)."""
    return signal.value == 1


def read_word(signal: LogicObject) -> tuple[int, bool]:
    """A data port's value as an unsigned int, and whether it carried X/Z bits (read as 0)."""
    value = signal.value
    try:
        return int(value), False
    except ValueError:
        bits = str(value).lower().replace("x", "0").replace("z", "0")
        return int(bits, 2), True


class BeatSource:
    """Drives beats onto one channel; a beat is accepted on a rising edge where valid and ready are high."""

    def __init__(self, clock: LogicObject, data: Sequence[tuple[LogicObject, int]], valid: Sequence[LogicObject],
                 ready: LogicObject | None, last: LogicObject | None, progress: Progress) -> None:
        """``data``: the ports a beat is spread over, ``(port, width)`` least significant first."""
        self.clock, self.data, self.valid, self.ready, self.last = clock, tuple(data), tuple(valid), ready, last
        self.progress = progress
        self.beats: list[int] = []
        self.lasts: list[int] = []
        self.cycles: list[int] = []
        self.pause: Iterator[bool] = itertools.repeat(False)
        self.idle = Event()
        self._task: cocotb.task.Task | None = None
        self._set_valid(0)

    def set_pause_generator(self, generator: Iterator[bool]) -> None:
        """Insert valid gaps: before each new beat, skip a cycle while the generator yields True."""
        self.pause = generator

    def send(self, beats: Sequence[int], lasts: Sequence[int]) -> None:
        """Queue beats (with their TLAST bits) for transmission."""
        self.beats.extend(beats)
        self.lasts.extend(lasts)
        self.idle.clear()

    def start(self) -> None:
        """Start driving."""
        self._task = cocotb.start_soon(self._run())

    @property
    def accepted(self) -> int:
        """Beats accepted so far."""
        return len(self.cycles)

    def _drive(self, beat: int) -> None:
        for port, width in self.data:
            port.value = beat & ((1 << width) - 1)
            beat >>= width

    def _set_valid(self, level: int) -> None:
        self._valid_level = level
        for signal in self.valid:
            signal.value = level

    async def _run(self) -> None:
        edge = RisingEdge(self.clock)
        driving = False
        while True:
            await edge
            if driving and (self.ready is None or self.ready.value == 1):
                cycle = self.progress.cycle()
                self.cycles.append(cycle)
                self.progress.mark(cycle)
                driving = False
            if not driving:
                index = len(self.cycles)
                if index < len(self.beats) and not next(self.pause):
                    self._drive(self.beats[index])
                    if self.last is not None:
                        self.last.value = self.lasts[index]
                    self._set_valid(1)
                    driving = True
                elif self._valid_level:
                    self._set_valid(0)
                if index >= len(self.beats) and not driving:
                    self.idle.set()


class BeatSink:
    """Accepts beats from one channel, with optional ready pauses, recording data, TLAST and cycle."""

    def __init__(self, clock: LogicObject, data: LogicObject, valid: LogicObject,
                 ready: LogicObject | None, last: LogicObject | None, progress: Progress, expected: int) -> None:
        self.clock, self.data, self.valid, self.ready, self.last = clock, data, valid, ready, last
        self.progress = progress
        self.expected = expected
        self.beats: list[int] = []
        self.lasts: list[int] = []
        self.cycles: list[int] = []
        self.x_beats = 0
        self._returned = 0
        self.pause: Iterator[bool] = itertools.repeat(False)
        self.complete = Event()
        self._task: cocotb.task.Task | None = None
        if self.ready is not None:
            self.ready.value = 0
        if expected == 0:
            self.complete.set()

    def set_pause_generator(self, generator: Iterator[bool]) -> None:
        """Insert ready pauses: ready is low in cycles where the generator yields True."""
        self.pause = generator

    def start(self) -> None:
        """Start accepting."""
        self._task = cocotb.start_soon(self._run())

    async def recv(self) -> int:
        """The next beat's data not yet returned by ``recv`` (waits for it)."""
        while len(self.beats) <= self._returned:
            await RisingEdge(self.clock)
        self._returned += 1
        return self.beats[self._returned - 1]

    async def _run(self) -> None:
        edge = RisingEdge(self.clock)
        ready = self.ready is None
        while True:
            await edge
            if ready and self.valid.value == 1:
                self._record()
            if self.ready is not None:
                level = not next(self.pause)
                if level != ready:
                    self.ready.value = int(level)
                    ready = level

    def _record(self) -> None:
        cycle = self.progress.cycle()
        word, had_x = read_word(self.data)
        self.beats.append(word)
        self.lasts.append(int(self.last.value == 1) if self.last is not None else 0)
        self.cycles.append(cycle)
        self.x_beats += int(had_x)
        self.progress.mark(cycle)
        if len(self.beats) == self.expected:
            self.complete.set()
