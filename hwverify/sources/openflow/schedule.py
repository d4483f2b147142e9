"""How fast each process of the open io_stream design reads its input: the schedule of hls4ml's stream code.

Every process of the open dataflow design (:mod:`hwverify.sources.openflow.dataflow`) reads one pixel per
handshake. How often it may read is its *timing*: ``read_interval`` cycles from one read to the next, and
``fire_cycles`` more after a read that completes a window (``rtl_sim/dataflow/hwv_df_window.v`` counts
them). Three schedules give the timings:

- ``Schedule.ONE_PIXEL_PER_CLOCK``: every process reads a pixel per clock (the fastest design; every FIFO
  calibrates to its minimum, which says nothing about the design HLS builds).
- ``Schedule.HLS4ML``: the pragmas of hls4ml's ``nnet_*_stream.h`` code, per layer, from its strategy and
  reuse factor R (see :func:`template_timing`). HLS may miss the pragma's target: Vitis HLS 2024.1 schedules
  the Latency-strategy Conv1D pixel loop of a real export at II 3 for a target of 1, so this is a prediction.
- timings read from Vivado/Vitis HLS synthesis reports (:func:`timing_from_report`): the schedule the tool
  achieved for each process's pixel loop (for a project synthesized but never co-simulated).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from hwverify.errors import ConfigError
from hwverify.sources.csynth import ModuleSchedule
from hwverify.sources.openflow.stages import StagePlan, StreamStage

__all__ = ["Schedule", "StageTiming", "interval_cycles", "schedule_timings", "template_timing", "timing_from_report"]


class Schedule(str, Enum):
    """Where the processes' timings come from."""

    ONE_PIXEL_PER_CLOCK = "one-pixel-per-clock"
    HLS4ML = "hls4ml"


@dataclass(frozen=True)
class StageTiming:
    """How often one process reads: ``read_interval`` cycles between reads, ``fire_cycles`` more after a read
    that fires a window, ``frame_cycles`` more after the last pixel of a frame (an HLS process restarts for each
    frame); ``why`` says where the figures come from."""

    read_interval: int = 1
    fire_cycles: int = 0
    frame_cycles: int = 0
    why: str = "one pixel per clock"

    def __post_init__(self) -> None:
        if self.read_interval < 1 or self.fire_cycles < 0 or self.frame_cycles < 0:
            raise ConfigError(f"a process's read interval must be >= 1 and its fire and frame cycles >= 0, got "
                              f"{self.read_interval}, {self.fire_cycles} and {self.frame_cycles} ({self.why})")

    @property
    def is_one_pixel_per_clock(self) -> bool:
        """True when the process reads a pixel per clock and never waits."""
        return (self.read_interval, self.fire_cycles, self.frame_cycles) == (1, 0, 0)

    def busy_cycles(self, stage: StreamStage) -> int:
        """Cycles the process needs per sample when its input never runs dry and its output never stalls."""
        return (stage.input_frame.pixels * self.read_interval + fired_windows(stage) * self.fire_cycles
                + self.frame_cycles)


def fired_windows(stage: StreamStage) -> int:
    """Windows a stage fires per sample (its output pixels; none for zero padding, which has no logic)."""
    return 0 if stage.is_padding else stage.output_frame.pixels


def template_timing(layer: Any, stage: StreamStage) -> StageTiming:
    """The timing hls4ml's stream templates ask HLS for, for one layer (an hls4ml layer object):

    - Conv1D/Conv2D (and the depthwise and pointwise halves of a separable one), Latency strategy: the pixel
      loop is pipelined at II = R (``PIPELINE II=reuse_factor``);
    - the same, Resource strategy: the pixel loop is not pipelined; a fired window runs
      ``dense_resource``, whose reuse loop takes R cycles at II 1 plus one to drain. The line-buffer loops of
      an unpipelined pixel are left out (their cycles depend on the tool version: 6 to 34 per pixel on
      Vivado HLS 2020.1), so this is a lower bound on the process's time;
    - Dense: its input pixels are gathered at II 1, then the product takes R - 1 more cycles (Latency, one
      pipeline at II R) or R + 1 (Resource);
    - pooling, activations, batch normalization, zero padding: pipelined at II 1.
    """
    if stage.is_padding or not (stage.kind == "Dense" or "Conv" in stage.kind):
        return StageTiming(1, 0, why=f"{stage.kind}: pipelined at II 1")
    reuse = max(1, int(layer.get_attr("reuse_factor", 1) or 1))
    strategy = str(layer.get_attr("strategy", "latency") or "latency").lower()
    resource = strategy.startswith("resource")
    if stage.kind == "Dense":
        extra = reuse + 1 if resource else reuse - 1
        return StageTiming(1, extra, why=f"Dense, {strategy} R={reuse}: inputs at II 1, then {extra} cycles")
    if resource:
        return StageTiming(1, reuse + 1, why=f"{stage.kind}, resource R={reuse}: +{reuse + 1} cycles per window")
    return StageTiming(reuse, 0, why=f"{stage.kind}, latency R={reuse}: pixel loop at II {reuse}")


def schedule_timings(model: Any, plan: StagePlan, schedule: Schedule | str) -> dict[str, StageTiming]:
    """Per stage (by layer name) the timing of ``schedule`` for the hls4ml ``model`` (a ``ModelGraph``)."""
    if schedule not in {s.value for s in Schedule}:
        raise ConfigError(f"schedule {schedule!r} is not one of {', '.join(s.value for s in Schedule)}")
    if Schedule(schedule) is Schedule.ONE_PIXEL_PER_CLOCK:
        return {stage.layer: StageTiming() for stage in plan.stages}
    return {stage.layer: template_timing(model.graph[stage.layer], stage) for stage in plan.stages}


def timing_from_report(stage: StreamStage, modules: Sequence[ModuleSchedule]) -> StageTiming | None:
    """The timing Vivado/Vitis HLS achieved for ``stage``'s process, from the synthesis reports of its modules (the
    process and the modules it calls), or None when none has a loop over the stage's input pixels.

    A pipelined pixel loop reads at its II, and the rest of its module's worst latency is spent after each frame
    (the pipeline's fill and drain; a Dense's product). An unpipelined loop reads at its shortest iteration and
    fires in its longest. The zero-padding process is built at a pixel per clock whatever the report says (None)."""
    if stage.is_padding:
        return None
    found = [(module, loop) for module in modules for loop in module.loops
             if loop.trip_count == stage.input_frame.pixels]
    if not found:
        return None
    module, loop = found[0]
    if loop.pipeline_ii is None:
        shortest, longest = loop.iteration_cycles
        return StageTiming(shortest, longest - shortest, why=f"{module.module}: {loop.name} unpipelined, "
                                                              f"iterations of {shortest}-{longest} cycles")
    why = f"{module.module}: {loop.name} pipelined at II {loop.pipeline_ii}"
    rest = 0 if module.latency_cycles is None else max(0, module.latency_cycles[1] - loop.trip_count * loop.pipeline_ii)
    return StageTiming(loop.pipeline_ii, 0, rest, why=f"{why}, {rest} more cycles per frame")


def interval_cycles(plan: StagePlan, timings: Mapping[str, StageTiming]) -> int:
    """Cycles per sample in steady state with deep FIFOs and no backpressure: the busiest process's time (a
    process also writes at most one pixel per clock)."""
    return max(max(timings[s.layer].busy_cycles(s), s.output_frame.pixels) for s in plan.stages)
