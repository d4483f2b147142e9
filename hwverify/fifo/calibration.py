"""FIFO depth calibration: measure occupancy with deep FIFOs, propose depths, prove them by re-simulation.

The steps, each a function: :func:`measure_fifo_occupancy` (one monitored run),
:func:`calibrate_fifos` (deep FIFOs, no backpressure and seeded random output backpressure, then
:func:`propose_fifo_depths`: max + 1 as hls4ml does, with an optional margin), :func:`prove_fifo_depths`
(re-simulate at the proposed depths: identical outputs, every output stream framed correctly, no deadlock,
throughput within a fraction of the deep run) and :func:`shrink_fifo_depths` (search for smaller depths that still pass).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from hwverify.checks.framing import FramingViolation, check_framing
from hwverify.errors import ConfigError, SimulationStalled
from hwverify.fifo.depths import VariableDepth, bram18k_estimate, variable_depths
from hwverify.fifo.diagnosis import Diagnosis, FifoDeadlock, diagnose_deadlock
from hwverify.fifo.monitor import MONITOR_FILE, MonitorRecord, instrument, read_monitor
from hwverify.sim.fifos import FifoInstance, find_fifo_instances
from hwverify.sim.simulate import SimOptions, SimPath, SimResult, Simulator, simulate
from hwverify.sources.design import RtlDesign

__all__ = [
    "Calibration",
    "CalibrationRun",
    "CalibrationSettings",
    "DepthProof",
    "ModelEquivalence",
    "Occupancy",
    "ProofRun",
    "RatePoint",
    "Stimulus",
    "StorageSaving",
    "calibrate_fifos",
    "compare_with_real_modules",
    "depth_vs_interval",
    "measure_fifo_occupancy",
    "paced",
    "propose_fifo_depths",
    "prove_fifo_depths",
    "shrink_fifo_depths",
    "storage_saving",
    "sustained_interval",
]


@dataclass(frozen=True)
class Stimulus:
    """One way of running the calibration data: output backpressure probability and its seed, and the input
    rate (a sample every ``input_interval`` cycles; 0: as fast as the design takes them)."""

    output_backpressure: float
    seed: int
    input_interval: int = 0

    @property
    def label(self) -> str:
        """``backpressure 0.5, seed 1`` (``, a sample every 400 cycles`` when paced)."""
        paced = f", a sample every {self.input_interval} cycles" if self.input_interval else ""
        return f"backpressure {self.output_backpressure}, seed {self.seed}{paced}"


@dataclass(frozen=True)
class CalibrationSettings:
    """How to calibrate. hls4ml profiles at depth 100,000; a shift-register FIFO that deep makes every
    write shift 100,000 words in simulation, so the default is smaller and a FIFO that fills it is an error."""

    deep_depth: int = 1024
    stimuli: tuple[Stimulus, ...] = (Stimulus(0.0, 0), Stimulus(0.5, 1))
    margin_words: int = 0
    margin_fraction: float = 0.0
    throughput_fraction_min: float = 0.9  # FINN's gate
    simulator: Simulator = Simulator.VERILATOR
    path: SimPath = SimPath.BULK  # HDL stimulus player and recorder; SimPath.COCOTB: Python per cycle
    watchdog_cycles: int = 2000
    custom_fifos: tuple[tuple[str, str], ...] = ()  # (module, occupancy expression with {inst})

    def __post_init__(self) -> None:
        if self.deep_depth < 2:
            raise ConfigError(f"deep_depth must be at least 2, got {self.deep_depth}")
        if not self.stimuli:
            raise ConfigError("calibration needs at least one stimulus (backpressure, seed)")
        if self.margin_words < 0 or self.margin_fraction < 0:
            raise ConfigError("FIFO depth margins cannot be negative")
        if not 0.0 < self.throughput_fraction_min <= 1.0:
            raise ConfigError(f"throughput_fraction_min must be in (0, 1], got {self.throughput_fraction_min}")

    def options(self, stimulus: Stimulus) -> SimOptions:
        """Simulation options for one stimulus."""
        return SimOptions(simulator=self.simulator, path=self.path, output_backpressure=stimulus.output_backpressure,
                          seed=stimulus.seed, watchdog_cycles=self.watchdog_cycles,
                          input_interval=stimulus.input_interval)


@dataclass(frozen=True)
class Occupancy:
    """One monitored run: the FIFOs as simulated, what the monitor saw, and the simulation result."""

    fifos: tuple[FifoInstance, ...]
    record: MonitorRecord
    result: SimResult

    @property
    def max_fill(self) -> Mapping[str, int]:
        """Maximum words held, per FIFO name."""
        return self.record.max_fill


def measure_fifo_occupancy(
    design: RtlDesign,
    input_codes: np.ndarray,
    options: SimOptions = SimOptions(),
    depths: Mapping[str, int] | None = None,
    fifos: Sequence[FifoInstance] | None = None,
    series_every_cycles: int = 0,
    storage: int = 0,
) -> Occupancy:
    """Simulate ``design`` with an HDL occupancy monitor (FIFOs resized to ``depths`` where given; with ``storage``
    in a run-time-depth copy whose one build serves every depth up to ``storage``).

    Raises :class:`FifoDeadlock` (a SimulationStalled) with a diagnosis when the run stops.
    """
    fifos = tuple(fifos) if fifos is not None else find_fifo_instances(design.top, design.sources)
    instrumented = instrument(design, fifos, depths, series_every_cycles, storage)
    work_dir = Path(options.work_dir) if options.work_dir else Path(tempfile.mkdtemp(prefix="hwverify-fifo-"))
    try:
        try:
            result = simulate(instrumented.design, input_codes, replace(options, work_dir=work_dir))
        except SimulationStalled as stalled:
            try:
                record = read_monitor(work_dir / MONITOR_FILE, instrumented.fifos)
            except ConfigError:
                raise stalled from None  # the simulator ended without running final blocks
            diagnosis = diagnose_deadlock(instrumented.fifos, record.end, record.cycles)
            raise FifoDeadlock(design.top, stalled.report, diagnosis) from stalled
        record = read_monitor(work_dir / MONITOR_FILE, instrumented.fifos)
    finally:
        if options.work_dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    return Occupancy(fifos=instrumented.fifos, record=record, result=result)


def propose_fifo_depths(max_fill: Mapping[str, int], margin_words: int = 0,
                        margin_fraction: float = 0.0) -> dict[str, int]:
    """Depth per FIFO: max + 1 (as hls4ml does), times ``1 + margin_fraction``, plus ``margin_words``; at least 2."""
    return {name: max(2, math.ceil((peak + 1) * (1.0 + margin_fraction)) + margin_words)
            for name, peak in max_fill.items()}


@dataclass(frozen=True)
class CalibrationRun:
    """One deep-FIFO run of the calibration data."""

    stimulus: Stimulus
    max_fill: Mapping[str, int]
    cycles: int
    output_codes: np.ndarray
    #: The rate the run sustained, in cycles per sample (:func:`sustained_interval`; 0 when unmeasured).
    sustained_interval: int = 0


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`calibrate_fifos`."""

    top: str
    fifos: tuple[FifoInstance, ...]  # with the design's own depths
    settings: CalibrationSettings
    runs: tuple[CalibrationRun, ...]
    max_fill: Mapping[str, int]  # over all runs
    proposed: Mapping[str, int]  # per FIFO instance

    def variables(self) -> tuple[VariableDepth, ...]:
        """Per hls4ml variable: initial (the design's) and optimized (proposed) depth."""
        return variable_depths(self.fifos, self.proposed)

    def describe(self) -> str:
        """One line per FIFO: depth now, maximum seen, proposed."""
        lines = [f"{'FIFO':40} {'variable':16} {'depth':>6} {'max':>6} {'proposed':>8}"]
        lines += [f"{f.name:40} {f.variable:16} {f.depth:6d} {self.max_fill[f.name]:6d} {self.proposed[f.name]:8d}"
                  for f in self.fifos]
        return "\n".join(lines)


#: How often a calibration whose deep FIFOs filled up is repeated with them 4x deeper before it gives up.
DEEPER_RETRIES = 2


def calibrate_fifos(design: RtlDesign, input_codes: np.ndarray,
                    settings: CalibrationSettings = CalibrationSettings()) -> Calibration:
    """Run the calibration data with every FIFO deep under each stimulus, and propose depths.

    "Deep" is ``settings.deep_depth``, at least twice the design's deepest FIFO; when a FIFO still fills it
    (its true maximum unknown), the runs are repeated with every FIFO 4x deeper (:data:`DEEPER_RETRIES` times)."""
    fifos = find_fifo_instances(design.top, design.sources, dict(settings.custom_fifos))
    if not fifos:
        raise ConfigError(f"design '{design.top}' has no FIFOs to calibrate: no module below it is an HLS FIFO "
                          "(fifo_w<W>_d<D>_A/_S, start_for_*), as in io_parallel designs and in io_stream designs "
                          "whose processes pass the top's streams straight on; a FIFO module of another name "
                          "needs an occupancy expression (CalibrationSettings.custom_fifos)")
    depth = max(settings.deep_depth, 2 * max(f.depth for f in fifos))
    for attempt in range(DEEPER_RETRIES + 1):
        runs = _deep_runs(design, input_codes, settings, fifos, depth)
        full = sorted({name for run in runs for name, fill in run.max_fill.items() if fill >= depth})
        if not full:
            break
        if attempt == DEEPER_RETRIES:
            raise ConfigError(f"FIFO(s) {', '.join(full)} filled the calibration depth {depth}: their true maximum "
                              "is unknown; calibrate again with a larger deep_depth (--deep-depth)")
        depth *= 4
    max_fill = {f.name: max(run.max_fill[f.name] for run in runs) for f in fifos}
    proposed = propose_fifo_depths(max_fill, settings.margin_words, settings.margin_fraction)
    return Calibration(top=design.top, fifos=fifos, settings=replace(settings, deep_depth=depth), runs=tuple(runs),
                       max_fill=max_fill, proposed=proposed)


def _deep_runs(design: RtlDesign, input_codes: np.ndarray, settings: CalibrationSettings,
               fifos: tuple[FifoInstance, ...], depth: int) -> list[CalibrationRun]:
    deep = {f.name: depth for f in fifos}
    runs = []
    for stimulus in settings.stimuli:  # the run-time-depth copy whose build the proofs and shrinking reuse
        occupancy = measure_fifo_occupancy(design, input_codes, settings.options(stimulus), deep, fifos,
                                           storage=depth)
        runs.append(CalibrationRun(stimulus=stimulus, max_fill=dict(occupancy.max_fill),
                                   cycles=occupancy.result.cycles, output_codes=occupancy.result.output_codes,
                                   sustained_interval=sustained_interval(occupancy.result)))
    return runs


def sustained_interval(result: SimResult) -> int:
    """The rate a run sustained, in cycles per sample: the median distance between consecutive samples' last
    output handshakes, rounded up (0 when it measured none). Measured where samples leave, not where they enter:
    with deep FIFOs the input side takes a burst faster than the region can keep up."""
    done = result.times.last_output
    valid = (done[1:] >= 0) & (done[:-1] >= 0)
    measured = np.diff(done)[valid]
    return int(math.ceil(float(np.median(measured)))) if measured.size else 0


@dataclass(frozen=True)
class ProofRun:
    """One re-simulation at the proposed depths, compared with the deep run of the same stimulus."""

    stimulus: Stimulus
    identical_outputs: bool
    deadlock: Diagnosis | None
    cycles: int | None
    deep_cycles: int
    framing: tuple[FramingViolation, ...] = ()  # beat counts and TLAST of every output stream

    @property
    def throughput_ratio(self) -> float:
        """Deep-FIFO cycles over these cycles (1.0: as fast; 0 on deadlock)."""
        return self.deep_cycles / self.cycles if self.cycles else 0.0


@dataclass(frozen=True)
class DepthProof:
    """Whether a set of depths passes: identical outputs, framing, no deadlock, throughput within the fraction."""

    depths: Mapping[str, int]
    runs: tuple[ProofRun, ...]
    throughput_fraction_min: float

    @property
    def passed(self) -> bool:
        """Every run identical to the deep run and framed correctly, no deadlock, throughput ratio at least the
        minimum."""
        return all(r.identical_outputs and not r.framing and r.deadlock is None
                   and r.throughput_ratio >= self.throughput_fraction_min for r in self.runs)

    def describe(self) -> str:
        """One line per run."""
        lines = []
        for run in self.runs:
            state = "DEADLOCK" if run.deadlock else ("identical" if run.identical_outputs else "OUTPUTS DIFFER")
            state += ", FRAMING WRONG" if run.framing else ""
            lines.append(f"{run.stimulus.label}: {state}, {run.cycles} cycles vs {run.deep_cycles} deep "
                         f"(throughput {run.throughput_ratio:.3f}, minimum {self.throughput_fraction_min})")
            if run.deadlock:
                lines.append(run.deadlock.message())
            lines += [f"  {violation.describe()}" for violation in run.framing[:3]]
        return "\n".join(lines)


def prove_fifo_depths(design: RtlDesign, input_codes: np.ndarray, calibration: Calibration,
                      depths: Mapping[str, int] | None = None, real_modules: bool = False) -> DepthProof:
    """Re-simulate every calibration stimulus at ``depths`` (default: the proposal) and compare.

    By default in the calibration's run-time-depth copy (no new build while the depths fit its storage);
    ``real_modules`` builds the design with its own FIFO modules resized to ``depths`` instead."""
    depths = dict(depths if depths is not None else calibration.proposed)
    settings = calibration.settings
    fits = max(depths.values(), default=0) <= settings.deep_depth
    storage = settings.deep_depth if fits and not real_modules else 0
    runs = []
    for run in calibration.runs:
        try:
            occupancy = measure_fifo_occupancy(design, input_codes, settings.options(run.stimulus), depths,
                                               calibration.fifos, storage=storage)
        except FifoDeadlock as deadlock:
            runs.append(ProofRun(run.stimulus, False, deadlock.diagnosis, None, run.cycles))
            continue
        same = bool(np.array_equal(occupancy.result.output_codes, run.output_codes))
        framing = tuple(check_framing(occupancy.result.traces, len(input_codes)))
        runs.append(ProofRun(run.stimulus, same, None, occupancy.result.cycles, run.cycles, framing))
    return DepthProof(depths=depths, runs=tuple(runs), throughput_fraction_min=settings.throughput_fraction_min)


@dataclass(frozen=True)
class ModelEquivalence:
    """The run-time-depth copy against the design's own FIFO modules at the same depths, run by run."""

    depths: Mapping[str, int]
    differences: tuple[str, ...]  # one line per run that did not end the same way on the same cycle

    @property
    def identical(self) -> bool:
        """Every run gave the same verdict on outputs, framing and deadlock, and ended on the same cycle."""
        return not self.differences

    def describe(self) -> str:
        """One line, or the differences."""
        if self.identical:
            return ("run-time FIFO depths: identical to the design's own FIFO modules at the chosen depths (outputs, "
                    "framing, cycles in every run)")
        return "run-time FIFO depths DIFFER from the design's own FIFO modules:\n" + "\n".join(self.differences)


def compare_with_real_modules(runtime: DepthProof, real: DepthProof) -> ModelEquivalence:
    """Whether two proofs of the same depths (run-time-depth copy, real modules) ran the same way."""
    differences = []
    for a, b in zip(runtime.runs, real.runs):
        seen = [(r.identical_outputs, r.deadlock is None, len(r.framing), r.cycles) for r in (a, b)]
        if seen[0] != seen[1]:
            differences.append(f"  {a.stimulus.label}: run-time depths {_outcome(a)}; own modules {_outcome(b)}")
    return ModelEquivalence(depths=dict(real.depths), differences=tuple(differences))


def _outcome(run: ProofRun) -> str:
    if run.deadlock is not None:
        return "deadlock"
    return f"{'identical' if run.identical_outputs else 'different'} outputs, {run.cycles} cycles"


def shrink_fifo_depths(design: RtlDesign, input_codes: np.ndarray, calibration: Calibration,
                       max_trials: int = 16) -> tuple[dict[str, int], int]:
    """Smaller depths that still pass :func:`prove_fifo_depths`: a binary search per hls4ml variable
    (largest first) from 2 to its proposed depth. Returns the depths and the number of trials run."""
    depths = dict(calibration.proposed)
    trials = 0
    by_variable: dict[str, list[FifoInstance]] = {}
    for fifo in calibration.fifos:
        by_variable.setdefault(fifo.variable, []).append(fifo)
    order = sorted(by_variable, key=lambda v: -max(depths[f.name] for f in by_variable[v]))
    for variable in order:
        names = [f.name for f in by_variable[variable]]
        low, high = 2, max(depths[n] for n in names)
        while low < high and trials < max_trials:
            middle = (low + high) // 2
            trial = {**depths, **{n: min(depths[n], middle) for n in names}}
            trials += 1
            if prove_fifo_depths(design, input_codes, calibration, trial).passed:
                high = middle
                depths = trial
            else:
                low = middle + 1
    return depths, trials


@dataclass(frozen=True)
class StorageSaving:
    """FIFO storage before and after, in bits and estimated RAMB18 blocks."""

    initial_bits: int
    optimized_bits: int
    initial_bram18k: int
    optimized_bram18k: int

    def describe(self) -> str:
        """``FIFO storage 3,072 -> 1,024 bits (-66.7%); estimated BRAM_18K 4 -> 0``."""
        change = (self.optimized_bits - self.initial_bits) / self.initial_bits * 100 if self.initial_bits else 0.0
        return (f"FIFO storage {self.initial_bits:,} -> {self.optimized_bits:,} bits ({change:+.1f}%); "
                f"estimated BRAM_18K {self.initial_bram18k} -> {self.optimized_bram18k}")


def storage_saving(fifos: Sequence[FifoInstance], depths: Mapping[str, int]) -> StorageSaving:
    """Storage of the data FIFOs at their own depths and at ``depths``."""
    data = [f for f in fifos if not f.start_token]
    return StorageSaving(
        initial_bits=sum(f.depth * f.width for f in data),
        optimized_bits=sum(depths[f.name] * f.width for f in data),
        initial_bram18k=sum(bram18k_estimate(f.width, f.depth) for f in data),
        optimized_bram18k=sum(bram18k_estimate(f.width, depths[f.name]) for f in data),
    )


@dataclass(frozen=True)
class RatePoint:
    """The depths one input rate needs: a sample every ``interval`` cycles (0: as fast as the design takes them)."""

    interval: int
    proposed: Mapping[str, int]

    @property
    def label(self) -> str:
        """``as fast as possible`` or ``every 812 cycles``."""
        return f"every {self.interval} cycles" if self.interval else "as fast as possible"


def paced(settings: CalibrationSettings, interval: int) -> CalibrationSettings:
    """``settings`` with every stimulus feeding a sample every ``interval`` cycles."""
    return replace(settings, stimuli=tuple(replace(s, input_interval=interval) for s in settings.stimuli))


def depth_vs_interval(fifos: Sequence[FifoInstance], points: Sequence[RatePoint]) -> str:
    """A table: per stream (hls4ml variable, the unit its depth is set for), the depth its deepest FIFO needs at
    each input rate and the estimated BRAM_18K of all its FIFOs; then the totals."""
    streams: dict[str, list[FifoInstance]] = {}
    for fifo in fifos:
        streams.setdefault(fifo.variable, []).append(fifo)

    def cell(members: Sequence[FifoInstance], point: RatePoint) -> str:
        depth = max(point.proposed[f.name] for f in members)
        return f"{depth:,} ({sum(bram18k_estimate(f.width, point.proposed[f.name]) for f in members)})"

    totals = [f"{sum(p.proposed[f.name] * f.width for f in fifos):,} bits "
              f"({sum(bram18k_estimate(f.width, p.proposed[f.name]) for f in fifos)})" for p in points]
    header = ["stream (FIFOs)", *[p.label for p in points]]
    rows = [header, *[[f"{variable} ({len(members)})", *[cell(members, p) for p in points]]
                      for variable, members in streams.items()], ["total", *totals]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    return "\n".join(["depth (estimated BRAM_18K of the stream's FIFOs) per input rate:", *lines])
