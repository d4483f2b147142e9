"""The generic cocotb entry module: read the spec, pick the adapter for the style, run, write the result.

The host (:mod:`hwverify.sim.simulate`) passes the spec's path in ``HWVERIFY_SPEC``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.handle import HierarchyObject
from cocotb.simtime import convert
from cocotb.triggers import Timer

from hwverify.protocols import IoStyle
from hwverify.sim.spec import RawResult, SimSpec, StallReport, ints_to_words, read_input_beats, read_spec, words_to_ints
from rtl_sim.tb.accelerator import AcceleratorAdapter
from rtl_sim.tb.adapter import Adapter
from rtl_sim.tb.ap_ctrl_parallel import ApCtrlParallelAdapter
from rtl_sim.tb.ap_fifo import ApFifoAdapter
from rtl_sim.tb.axis_packed import AxisPackedAdapter
from rtl_sim.tb.axis_per_element import AxisPerElementAdapter
from rtl_sim.tb.channel import Progress
from rtl_sim.tb.watchdog import Watchdog

ADAPTERS: dict[IoStyle, type[Adapter]] = {
    IoStyle.IO_PARALLEL: ApCtrlParallelAdapter,
    IoStyle.AXIS_PER_ELEMENT: AxisPerElementAdapter,
    IoStyle.AXIS_PACKED: AxisPackedAdapter,
    IoStyle.ACCELERATOR: AcceleratorAdapter,
    IoStyle.AP_FIFO: ApFifoAdapter,
}


@cocotb.test()
async def run_spec(dut: HierarchyObject) -> None:
    """Simulate the samples described by the spec in ``$HWVERIFY_SPEC`` and write the result files."""
    spec = read_spec(Path(os.environ["HWVERIFY_SPEC"]))
    if spec.path == "bulk":
        from rtl_sim.tb.bulk import run_bulk  # noqa: PLC0415

        await run_bulk(dut, spec)
        return
    await run_cocotb(dut, spec)


async def run_cocotb(dut: HierarchyObject, spec: SimSpec) -> None:
    """The per-cycle Python path: adapters drive and record every handshake."""
    started = time.perf_counter()
    period_steps = _period_steps(spec)
    progress = Progress(period_steps)
    adapter = ADAPTERS[spec.style](dut, spec, progress)
    Clock(adapter.clock, period_steps, "step", impl="gpi").start()
    await adapter.reset()
    beats, lasts = read_input_beats(Path(spec.input_file), len(spec.inputs))
    adapter.send([words_to_ints(b) for b in beats], [list(x) for x in lasts])
    adapter.start()
    stall = await Watchdog(adapter, spec.watchdog_cycles, spec.fifos).wait()
    if stall is None:
        await Timer(spec.drain_cycles * period_steps, "step")  # extra beats after the last sample show here
    _result(adapter, stall, time.perf_counter() - started).write(Path(spec.result_file), Path(spec.report_file))


def _period_steps(spec: SimSpec) -> int:
    return int(convert(spec.clock_period_ns, "ns", to="step"))


def _result(adapter: Adapter, stall: StallReport | None, seconds: float) -> RawResult:
    def cycles(values: list[int]) -> np.ndarray:
        return np.asarray(values, dtype=np.int64)

    return RawResult(
        status="ok" if stall is None else "stalled",
        cycles=adapter.progress.cycle(),
        sim_wall_seconds=seconds,
        input_cycles=tuple(cycles(s.cycles) for s in adapter.sources),
        output_cycles=tuple(cycles(s.cycles) for s in adapter.sinks),
        output_beats=tuple(ints_to_words(s.beats, c.width) for s, c in zip(adapter.sinks, adapter.spec.outputs)),
        output_last=tuple(np.asarray(s.lasts, dtype=np.uint8) for s in adapter.sinks),
        start_cycles=cycles(adapter.start_cycles),
        done_cycles=cycles(adapter.done_cycles),
        x_beats=sum(s.x_beats for s in adapter.sinks),
        stall=stall,
    )
