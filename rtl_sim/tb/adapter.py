"""The adapter protocol shared by every interface style: ``reset()``, ``send(sample)``, ``recv()``.

An adapter is built from the spec's channel names: one :class:`BeatSource` per input channel and one
:class:`BeatSink` per output channel. Subclasses (one module per HLS interface style) say how the
block-level control signals are driven and how a channel's handshake is formed.
"""

from __future__ import annotations

from collections.abc import Sequence

import cocotb
from cocotb.handle import HierarchyObject, LogicObject
from cocotb.triggers import Event, RisingEdge

from hwverify.protocols import Control
from hwverify.sim.spec import ChannelSpec, SimSpec
from rtl_sim.tb.channel import BeatSink, BeatSource, Progress, pause_generator


class Adapter:
    """Drives one design through its channels; subclasses adapt the control protocol."""

    def __init__(self, dut: HierarchyObject, spec: SimSpec, progress: Progress) -> None:
        self.dut, self.spec, self.progress = dut, spec, progress
        self.clock = self.signal(spec.clock_reset.clock)
        self.reset_signal = self.signal(spec.clock_reset.reset)
        self.sources = [self.make_source(c) for c in spec.inputs]
        self.sinks = [self.make_sink(c) for c in spec.outputs]
        for i, source in enumerate(self.sources):
            source.set_pause_generator(pause_generator(spec.input_backpressure, spec.seed * 7919 + i))
        for i, sink in enumerate(self.sinks):
            sink.set_pause_generator(pause_generator(spec.output_backpressure, spec.seed * 7919 + 4099 + i))
        self.start_cycles: list[int] = []
        self.done_cycles: list[int] = []
        self.all_received = Event()
        for channel in spec.inputs:
            for name in channel.sideband:  # TKEEP/TSTRB: every byte valid
                self.signal(name).value = (1 << len(self.signal(name))) - 1
        self.drive_control(active=False)

    def signal(self, name: str) -> LogicObject:
        """The DUT's top-level signal ``name``."""
        return getattr(self.dut, name)

    def make_source(self, channel: ChannelSpec) -> BeatSource:
        """A source for one input channel (subclasses may add control strobes)."""
        return BeatSource(
            self.clock, self.data_ports(channel), [self.signal(v) for v in channel.valid],
            self.optional(channel.ready), self.optional(channel.last), self.progress,
        )

    def data_ports(self, channel: ChannelSpec) -> list[tuple[LogicObject, int]]:
        """The ports one beat of ``channel`` is spread over, least significant first."""
        parts = channel.parts or ((channel.data, channel.width),)
        return [(self.signal(port), width) for port, width in parts]

    def make_sink(self, channel: ChannelSpec) -> BeatSink:
        """A sink for one output channel."""
        return BeatSink(
            self.clock, self.signal(channel.data), self.signal(channel.valid[0]),
            self.optional(channel.ready), self.optional(channel.last), self.progress, channel.beats,
        )

    def optional(self, name: str | None) -> LogicObject | None:
        """The signal ``name``, or None."""
        return None if name is None else self.signal(name)

    def drive_control(self, active: bool) -> None:
        """Drive the block-level control inputs (ap_start, ap_continue); style-specific."""

    async def reset(self) -> None:
        """Toggle reset: inactive, active, inactive (an inverted ap_rst_n must see a real change)."""
        inactive = 1 if self.spec.clock_reset.active_low else 0
        for level, cycles in ((inactive, 2), (1 - inactive, 5), (inactive, 1)):
            self.reset_signal.value = level
            for _ in range(cycles):
                await RisingEdge(self.clock)
        self.progress.start_counting()

    def send(self, sample: Sequence[Sequence[int]], lasts: Sequence[Sequence[int]]) -> None:
        """Queue one sample (or several): the beats of each input channel and their TLAST bits."""
        for source, beats, last in zip(self.sources, sample, lasts):
            source.send([int(b) for b in beats], [int(x) for x in last])

    async def recv(self) -> list[int]:
        """The next output beat of every output channel."""
        return [await sink.recv() for sink in self.sinks]

    def start(self) -> None:
        """Start the control protocol, the sources, the sinks and the completion watcher."""
        self.drive_control(active=True)
        for driver in [*self.sources, *self.sinks]:
            driver.start()
        if self.spec.control is not Control.NONE:
            cocotb.start_soon(self._monitor_control())
        cocotb.start_soon(self._watch_completion())

    async def _watch_completion(self) -> None:
        for sink in self.sinks:
            await sink.complete.wait()
        self.all_received.set()

    async def _monitor_control(self) -> None:
        start, ready, done = self.signal("ap_start"), self.signal("ap_ready"), self.signal("ap_done")
        edge = RisingEdge(self.clock)
        armed = True  # a sample begins at the first edge with ap_start high after the previous ap_ready
        while True:
            await edge
            starting, readying = start.value == 1, ready.value == 1
            if starting and armed:
                self.start_cycles.append(self.progress.cycle())
            armed = True if starting and readying else (False if starting else armed)
            if done.value == 1:
                self.done_cycles.append(self.progress.cycle())

    def pending(self) -> bool:
        """True while some output beats are still expected."""
        return not self.all_received.is_set()


class StreamingAdapter(Adapter):
    """Styles whose control (if any) is held active: ap_start = 1 until the block has taken one start per
    sample (then 0, as after a C testbench's last call), and ap_continue = 1 under ap_ctrl_chain."""

    def drive_control(self, active: bool) -> None:
        """Hold ap_start (and ap_continue) high once running; a dataflow region restarts per frame."""
        if self.spec.control is Control.NONE:
            return
        self.signal("ap_start").value = int(active)
        if self.spec.control is Control.CHAIN:
            self.signal("ap_continue").value = 1
        if active:
            cocotb.start_soon(self._stop_after_last_sample())

    async def _stop_after_last_sample(self) -> None:
        start, ready = self.signal("ap_start"), self.signal("ap_ready")
        taken = 0
        while taken < self.spec.n_samples:
            await RisingEdge(self.clock)
            taken += int(start.value == 1 and ready.value == 1)
        start.value = 0
