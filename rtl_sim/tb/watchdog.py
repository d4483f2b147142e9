"""The forward-progress watchdog: stop when no channel has made a handshake for N cycles.

It wakes once every N cycles (a timer, not a per-cycle coroutine), so it costs nothing while the
design makes progress. When it fires it records every channel's valid/ready levels and the raw
occupancy signals of every FIFO the host found in the sources; the host turns them into a
:class:`hwverify.sim.spec.StallReport`.
"""

from __future__ import annotations

from typing import Any

from cocotb.handle import HierarchyObject
from cocotb.triggers import First, Timer

from hwverify.sim.spec import FifoProbe
from rtl_sim.tb.adapter import Adapter
from rtl_sim.tb.channel import is_high, read_word


class Watchdog:
    """Waits for an adapter to receive every expected beat, or for progress to stop."""

    def __init__(self, adapter: Adapter, limit_cycles: int, fifos: tuple[FifoProbe, ...]) -> None:
        self.adapter, self.limit_cycles, self.fifos = adapter, limit_cycles, fifos

    async def wait(self) -> dict[str, Any] | None:
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

    def _fifo_snapshot(self) -> list[dict[str, Any]]:
        return [fifo_state(self.adapter.dut, probe) for probe in self.fifos]

    def observe(self, idle: int) -> dict[str, Any]:
        """Handshake levels of every channel and raw FIFO occupancy signals, right now."""
        adapter = self.adapter
        handshakes = []
        for channel, source in zip(adapter.spec.inputs, adapter.sources):
            handshakes.append(_levels(channel.name, "input", source.valid[-1], source.ready,
                                      source.accepted, len(source.beats)))
        for channel, sink in zip(adapter.spec.outputs, adapter.sinks):
            handshakes.append(_levels(channel.name, "output", sink.valid, sink.ready, len(sink.beats), sink.expected))
        return {
            "cycle": adapter.progress.cycle(),
            "idle_cycles": idle,
            "handshakes": handshakes,
            "fifos": [fifo_state(adapter.dut, probe) for probe in self.fifos],
        }


def _levels(name: str, direction: str, valid: Any, ready: Any, done: int, expected: int) -> dict[str, Any]:
    return {
        "channel": name, "direction": direction,
        "valid": None if valid is None else is_high(valid),
        "ready": None if ready is None else is_high(ready),
        "beats_done": done, "beats_expected": expected,
    }


def fifo_state(dut: HierarchyObject, probe: FifoProbe) -> dict[str, Any]:
    """Raw occupancy signals of one FIFO (the host computes the fill from them)."""
    state: dict[str, Any] = {"path": ".".join(probe.path), "depth": probe.depth, "style": probe.style}
    try:
        handle = dut
        for name in probe.path:
            handle = getattr(handle, name)
        if probe.style == "shiftreg":
            state["mOutPtr"] = read_word(handle.mOutPtr)[0]
            state["ptr_bits"] = len(handle.mOutPtr)
        elif probe.style == "ram":
            state["usedw"] = read_word(handle.usedw)[0]
            state["full_n"] = read_word(handle.full_n)[0]
            state["dout_valid"] = read_word(handle.dout_valid)[0]
        else:
            state["error"] = f"module {probe.module} has neither mOutPtr nor usedw/full_n/dout_valid"
    except AttributeError as error:
        state["error"] = f"not readable: {error}"
    return state
