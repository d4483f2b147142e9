"""The forward-progress watchdog: stop when no channel has made a handshake for N cycles.

It wakes once every N cycles (a timer, not a per-cycle coroutine), so it costs nothing while the
design makes progress. When it fires it records every channel's valid/ready levels and the
fill of every FIFO the host found in the sources, as a :class:`hwverify.sim.spec.StallReport`.
"""

from __future__ import annotations

from typing import Any

from cocotb.handle import HierarchyObject
from cocotb.triggers import First, Timer

from hwverify.sim.spec import FifoFill, FifoProbe, StalledHandshake, StallReport
from rtl_sim.tb.adapter import Adapter
from rtl_sim.tb.channel import is_high, read_word


class Watchdog:
    """Waits for an adapter to receive every expected beat, or for progress to stop."""

    def __init__(self, adapter: Adapter, limit_cycles: int, fifos: tuple[FifoProbe, ...]) -> None:
        self.adapter, self.limit_cycles, self.fifos = adapter, limit_cycles, fifos

    async def wait(self) -> StallReport | None:
        """None when every output beat arrived; otherwise the stall observations.

        A FIFO inside the design whose occupancy changed since the last look counts as progress: a large
        dataflow design computes for long stretches without a top-level handshake."""
        progress, period = self.adapter.progress, self.adapter.progress.period_steps
        seen = self._fifo_snapshot()
        while self.adapter.pending():
            await First(self.adapter.all_received.wait(), Timer(self.limit_cycles * period, "step"))
            idle = progress.cycle() - progress.last_handshake
            if self.adapter.pending() and idle >= self.limit_cycles:
                now = self._fifo_snapshot()
                if now == seen:
                    return self.observe(idle)
                seen = now
                progress.mark(progress.cycle())
        return None

    def _fifo_snapshot(self) -> list[FifoFill]:
        return [fifo_fill(self.adapter.dut, probe) for probe in self.fifos]

    def observe(self, idle: int) -> StallReport:
        """Handshake levels of every channel and the fill of every FIFO, right now."""
        adapter = self.adapter
        handshakes = []
        for channel, source in zip(adapter.spec.inputs, adapter.sources):
            handshakes.append(_levels(channel.name, "input", source.valid[-1], source.ready,
                                      source.accepted, len(source.beats)))
        for channel, sink in zip(adapter.spec.outputs, adapter.sinks):
            handshakes.append(_levels(channel.name, "output", sink.valid, sink.ready, len(sink.beats), sink.expected))
        return StallReport(cycle=adapter.progress.cycle(), idle_cycles=idle, handshakes=tuple(handshakes),
                           fifos=tuple(self._fifo_snapshot()))


def _levels(name: str, direction: str, valid: Any, ready: Any, done: int, expected: int) -> StalledHandshake:
    return StalledHandshake(channel=name, direction=direction, valid=None if valid is None else is_high(valid),
                            ready=None if ready is None else is_high(ready), beats_done=done,
                            beats_expected=expected)


def fifo_fill(dut: HierarchyObject, probe: FifoProbe) -> FifoFill:
    """One FIFO's fill, from its occupancy signals read one by one (None where they cannot be read)."""
    try:
        handle = dut
        for name in probe.path:
            handle = getattr(handle, name)
        values = {name: (read_word(getattr(handle, name))[0], len(getattr(handle, name))) for name in probe.signals}
    except AttributeError:
        values = {}
    fill = probe.fill_of(values) if values else None
    return FifoFill(path=probe.name, depth=probe.depth, fill=fill)
