"""``simulate``: drive integer input codes through an RTL design and read integer output codes back.

Host side only (no cocotb import): recognise the interface, pack codes into beats per channel,
build (cached), write the spec, run the cocotb entry module, read the result and turn beats back
into codes and handshake cycles into per-sample latency and II.

Two paths drive the design: ``bulk`` (the default: an HDL stimulus player and recorder per channel,
Python wakes once at the end) and ``cocotb`` (Python adapters every cycle, for tests that need Python
in the loop).
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError, ShapeMismatch, SimulationStalled
from hwverify.protocols import IoStyle
from hwverify.sim.bulk import bulk_build_request, bulk_plusargs, bulk_toplevel, write_bulk_inputs
from hwverify.sim.fifos import fifo_probes
from hwverify.sim.measure import (
    ChannelTrace,
    SampleTimes,
    Summary,
    first_output_latency_cycles,
    ii_cycles,
    join_intervals,
    join_times,
    join_traces,
    latency_cycles,
    sample_times,
    summarise,
)
from hwverify.sim.runner import (
    SIMULATORS,
    Build,
    BuildRequest,
    Simulator,
    build,
    CocotbRun,
    copy_data_files,
    run_tests,
    waves_path,
)
from hwverify.sim.spec import (
    ChannelSpec,
    FifoProbe,
    RawResult,
    SimPath,
    SimSpec,
    StallReport,
    ints_to_words,
    words_to_ints,
    write_input_beats,
)
from hwverify.sources.beats import SideLayout, lay_out, merge_words
from hwverify.sources.design import RtlDesign
from hwverify.sources.interface import Channel, InterfaceSpec

__all__ = ["SimOptions", "SimPath", "SimPlan", "SimResult", "Simulator", "build_design", "design_interface", "plan_simulation", "simulate"]

PATHS = tuple(path.value for path in SimPath)
DEFAULT_WATCHDOG_CYCLES = 2000


@dataclass(frozen=True)
class SimOptions:
    """How to simulate: simulator, driving path, seeded backpressure, waveforms, watchdog."""

    simulator: Simulator = Simulator.VERILATOR
    path: SimPath = SimPath.BULK
    input_backpressure: float = 0.0  # probability of a valid gap before each input beat
    output_backpressure: float = 0.0  # probability of ready low in each cycle
    seed: int = 0
    waves: bool = False
    #: Stop when nothing moved for this many cycles: no handshake on any top-level channel and no word
    #: written into or read from any FIFO inside the design.
    watchdog_cycles: int = DEFAULT_WATCHDOG_CYCLES
    drain_cycles: int = 32  # cycles to keep accepting after the last expected output beat
    work_dir: Path | None = None  # where the run's files go; a fresh temporary directory if None
    #: Start a sample only once the previous one has left (bulk path): each sample's latency is then that of
    #: a call running alone, which is what a csynth report's latency describes.
    one_at_a_time: bool = False
    #: Simulator processes to split the samples across (one build; consecutive slices, merged in order). Each
    #: slice's random backpressure is seeded with ``seed + index``; the interval at each join is not measured.
    jobs: int = 1
    #: A fixed input rate (bulk path): sample s is offered no earlier than cycle s x input_interval, as a sensor or
    #: a link delivers it; 0: as fast as the design takes them.
    input_interval: int = 0

    def __post_init__(self) -> None:
        if self.path not in PATHS:
            raise ConfigError(f"unknown simulation path {self.path!r}; expected one of {PATHS}")
        if self.simulator not in SIMULATORS:
            raise ConfigError(f"unknown simulator {self.simulator!r}; expected one of {SIMULATORS}")
        object.__setattr__(self, "path", SimPath(self.path))  # a string from a command line or a caller
        object.__setattr__(self, "simulator", Simulator(self.simulator))
        if self.one_at_a_time and self.path != SimPath.BULK:
            raise ConfigError("one_at_a_time runs need the bulk path (path='bulk')")
        for name in ("input_backpressure", "output_backpressure"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ConfigError(f"{name} must be a probability in [0, 1), got {getattr(self, name)}")
        if self.watchdog_cycles < 1:
            raise ConfigError(f"watchdog_cycles must be positive, got {self.watchdog_cycles}")
        if self.jobs < 1:
            raise ConfigError(f"jobs must be at least 1, got {self.jobs}")
        if self.input_interval < 0 or (self.input_interval and self.path != SimPath.BULK):
            raise ConfigError(f"input_interval must be 0 or a positive number of cycles on the bulk path, got "
                              f"{self.input_interval} on the {self.path} path")


@dataclass(frozen=True)
class SimResult:
    """Output codes and timing of one simulation."""

    output_codes: np.ndarray  # (n, n_outputs) int64
    latency_cycles: np.ndarray  # (n,) see hwverify.sim.measure for the definition per interface style
    ii_cycles: np.ndarray  # (n - 1,)
    cycles: int
    wall_seconds: float
    interface: InterfaceSpec
    notes: tuple[str, ...]
    times: SampleTimes
    traces: tuple[ChannelTrace, ...]
    simulator: Simulator
    path: SimPath
    sim_wall_seconds: float  # inside the simulator, without build and start-up
    rebuilt: bool
    waves: Path | None = None
    build_seconds: float = 0.0

    @property
    def latency(self) -> Summary | None:
        """Min/mean/max latency in cycles."""
        return summarise(self.latency_cycles)

    @property
    def first_output_latency(self) -> Summary | None:
        """Min/mean/max first input -> first output handshake, in cycles."""
        return summarise(first_output_latency_cycles(self.times))

    @property
    def ii(self) -> Summary | None:
        """Min/mean/max initiation interval in cycles."""
        return summarise(self.ii_cycles)

    @property
    def cycles_per_second(self) -> float:
        """Simulated cycles per second of wall time inside the simulator."""
        return self.cycles / self.sim_wall_seconds if self.sim_wall_seconds > 0 else 0.0


@dataclass(frozen=True)
class SimPlan:
    """How a design's arrays map onto its ports, and the channels the testbench drives."""

    design: RtlDesign
    interface: InterfaceSpec
    inputs: SideLayout
    outputs: SideLayout

    @functools.cached_property
    def fifos(self) -> tuple[FifoProbe, ...]:
        """Every FIFO the watchdogs watch: the design elaborated once per plan, for its build and each run."""
        return fifo_probes(self.design.top, self.design.sources)

    @property
    def merged_inputs(self) -> bool:
        """io_parallel: every input port is taken with ap_start, so they travel as one channel."""
        return self.interface.style is IoStyle.IO_PARALLEL

    def input_specs(self, n: int) -> tuple[ChannelSpec, ...]:
        """The input channels as the testbench drives them, for ``n`` samples."""
        specs = tuple(_channel_spec(c, n * b) for c, b in zip(self.inputs.channels, self.inputs.beats))
        if not self.merged_inputs or len(specs) == 1:
            return specs
        valid = tuple(v for s in specs for v in s.valid)
        parts = tuple((s.data, s.width) for s in specs)
        return (ChannelSpec(name="+".join(s.name for s in specs), data=specs[0].data, valid=valid, ready=None,
                            last=None, width=sum(s.width for s in specs), beats=n, parts=parts),)

    def output_specs(self, n: int) -> tuple[ChannelSpec, ...]:
        """The output channels as the testbench records them, for ``n`` samples."""
        return tuple(_channel_spec(c, n * b) for c, b in zip(self.outputs.channels, self.outputs.beats))

    def input_beats(self, codes: np.ndarray) -> tuple[list[list[int]], list[np.ndarray]]:
        """Per driven input channel, its beat values (Python ints) and TLAST bits (last beat of each sample)."""
        words, lasts = self.input_beat_words(codes)
        return [words_to_ints(w) for w in words], lasts

    def input_beat_words(self, codes: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per driven input channel, its beats as uint64 words (:meth:`SideLayout.beat_words`; io_parallel's ports
        side by side, the first in the low bits) and TLAST bits (last beat of each sample)."""
        n = codes.shape[0]
        words = self.inputs.beat_words(self.design.input_codes_to_bits(codes))
        lasts = [(np.arange(n * b) % b == b - 1).astype(np.uint8) for b in self.inputs.beats]
        if not self.merged_inputs or len(words) == 1:
            return words, lasts
        widths = [c.width for c in self.inputs.channels]
        return [merge_words(words, widths)], [np.zeros(n, dtype=np.uint8)]


def simulate(design: RtlDesign, input_codes: np.ndarray, options: SimOptions = SimOptions()) -> SimResult:
    """Simulate ``input_codes`` (n, n_inputs) through ``design``; raises SimulationStalled on a hang."""
    started = time.perf_counter()
    codes = _check_codes(design, input_codes)
    plan = plan_simulation(design)
    built = _build(plan, options)
    work_dir = Path(options.work_dir) if options.work_dir else Path(tempfile.mkdtemp(prefix="hwverify-sim-"))
    parts = _split(codes, options, work_dir)
    notes = list(design.notes) + list(plan.interface.notes) + list(built.notes)
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:  # each part's files written side by side
        prepared = list(pool.map(lambda part: _prepare(plan, part), parts))
    specs = [spec for spec, _, _ in prepared]
    copied = prepared[0][2]
    run_tests(built, "rtl_sim.tb.entry", tuple(run for _, run, _ in prepared))
    raws = [_read_result(spec, part.work_dir, options) for spec, part in zip(specs, parts)]
    waves = waves_path(built, work_dir) if options.waves else None
    if not options.waves and options.work_dir is None:  # kept on failure: the log is named in the error
        shutil.rmtree(work_dir, ignore_errors=True)
    for raw in raws:
        if raw.status == "stalled":
            report = raw.stall or StallReport(cycle=raw.cycles, idle_cycles=options.watchdog_cycles, handshakes=())
            raise SimulationStalled(design.top, report, report.message())
    results = [_assemble(plan, part.codes.shape[0], raw, part.options, built, notes + copied, waves, 0.0)
               for part, raw in zip(parts, raws)]
    result = results[0] if len(results) == 1 else _join(results)
    return replace(result, wall_seconds=time.perf_counter() - started)


def _prepare(plan: SimPlan, part: _Part) -> tuple[SimSpec, CocotbRun, list[str]]:
    """One part's working directory: its spec, input files and the design's data files."""
    part.work_dir.mkdir(parents=True, exist_ok=True)
    spec, plusargs = _write_run_files(plan, part.codes, part.options, part.work_dir)
    copied = copy_data_files(plan.design.data_files, part.work_dir)
    plusargs += plan.design.plusargs
    return spec, CocotbRun(part.work_dir, {"HWVERIFY_SPEC": str(part.work_dir / "spec.json")}, plusargs), copied


@dataclass(frozen=True)
class _Part:
    """One simulator process's share of the samples."""

    codes: np.ndarray
    options: SimOptions
    work_dir: Path


def _split(codes: np.ndarray, options: SimOptions, work_dir: Path) -> list[_Part]:
    """``options.jobs`` consecutive slices of the samples (one with waveforms: one file), each with its own seed."""
    count = 1 if options.waves else min(options.jobs, codes.shape[0])
    if count == 1:
        return [_Part(codes, options, work_dir)]
    return [_Part(chunk, replace(options, seed=options.seed + index), work_dir / f"part{index}")
            for index, chunk in enumerate(np.array_split(codes, count))]


def _join(parts: list[SimResult]) -> SimResult:
    """The results of consecutive slices of the samples, run side by side, as one run made one after another."""
    offsets = np.cumsum([0] + [part.cycles for part in parts[:-1]]).tolist()
    sizes = ", ".join(str(len(part.output_codes)) for part in parts)
    note = (f"samples split across {len(parts)} simulator processes ({sizes}); the interval where one part "
            "meets the next is not measured")
    return replace(
        parts[0],
        output_codes=np.concatenate([part.output_codes for part in parts]),
        latency_cycles=np.concatenate([part.latency_cycles for part in parts]),
        ii_cycles=join_intervals([part.ii_cycles for part in parts]),
        cycles=sum(part.cycles for part in parts),
        notes=tuple(dict.fromkeys(note for part in parts for note in part.notes)) + (note,),
        times=join_times([part.times for part in parts], offsets),
        traces=join_traces([part.traces for part in parts], offsets),
        sim_wall_seconds=max(part.sim_wall_seconds for part in parts),
    )


def _check_codes(design: RtlDesign, input_codes: np.ndarray) -> np.ndarray:
    codes = np.asarray(input_codes)
    if codes.ndim != 2 or codes.shape[1] != design.n_inputs or codes.shape[0] < 1:
        raise ShapeMismatch(
            f"input codes for '{design.top}' must have shape (n, {design.n_inputs}) with n >= 1, got {codes.shape}"
        )
    if not np.issubdtype(codes.dtype, np.integer):
        raise ConfigError(f"input codes for '{design.top}' must be integers (codes of {design.input_type}), "
                          f"got dtype {codes.dtype}; convert values with the element type's quantize_codes")
    design.check_input_codes(codes)
    return codes.astype(np.int64)


def design_interface(design: RtlDesign) -> InterfaceSpec:
    """The design's recognised interface, with channels assigned to the design's arrays."""
    return plan_simulation(design).interface


def plan_simulation(design: RtlDesign) -> SimPlan:
    """The design's layout (:func:`hwverify.sources.beats.lay_out`: ConfigError if its arrays do not fit its
    ports) and the channels the testbench drives."""
    layout = lay_out(design)
    return SimPlan(design, layout.interface, layout.inputs, layout.outputs)


def build_design(design: RtlDesign, options: SimOptions = SimOptions()) -> Build:
    """Compile ``design`` as :func:`simulate` with ``options`` will (cached), so a caller can time the build."""
    return _build(plan_simulation(design), options)


def _build(plan: SimPlan, options: SimOptions) -> Build:
    design = plan.design
    if options.path == SimPath.BULK:
        fifos = plan.fifos
        return build(bulk_build_request(design, plan.interface, plan.input_specs(1), plan.output_specs(1), fifos,
                                        options.simulator, options.waves))
    request = BuildRequest(
        simulator=options.simulator, top=design.top, sources=design.sources, include_dirs=design.include_dirs,
        defines=design.defines, parameters=design.parameters, waves=options.waves,
    )
    return build(request)


def _write_run_files(plan: SimPlan, codes: np.ndarray, options: SimOptions,
                     work_dir: Path) -> tuple[SimSpec, tuple[str, ...]]:
    n = codes.shape[0]
    inputs, outputs = plan.input_specs(n), plan.output_specs(n)
    interface = plan.interface
    spec = SimSpec(
        top=plan.design.top if options.path == SimPath.COCOTB else bulk_toplevel(options.simulator),
        style=interface.style, control=interface.control, clock_reset=interface.clock_reset,
        inputs=inputs, outputs=outputs,
        n_samples=n, input_file=str(work_dir / "inputs.npz"), result_file=str(work_dir / "result.npz"),
        report_file=str(work_dir / "result.json"), input_backpressure=options.input_backpressure,
        output_backpressure=options.output_backpressure, seed=options.seed,
        watchdog_cycles=options.watchdog_cycles, drain_cycles=options.drain_cycles, path=options.path,
        fifos=plan.fifos,
    )
    spec.write(work_dir / "spec.json")
    if options.path != SimPath.BULK:
        beats, lasts = plan.input_beats(codes)
        write_input_beats(work_dir / "inputs.npz", [ints_to_words(b, c.width) for b, c in zip(beats, inputs)], lasts)
        return spec, ()
    write_bulk_inputs(work_dir, codes, plan.input_beat_words, [c.width for c in inputs], max(plan.inputs.beats))
    plusargs = bulk_plusargs([c.beats for c in inputs], [c.beats for c in outputs], options.input_backpressure,
                             options.output_backpressure, options.seed, options.watchdog_cycles,
                             options.drain_cycles, n, options.input_interval)
    return spec, plusargs + (("+hwv_one_at_a_time",) if options.one_at_a_time else ())


def _read_result(spec: SimSpec, work_dir: Path, options: SimOptions) -> RawResult:
    return RawResult.read(Path(spec.result_file), Path(spec.report_file))


def _channel_spec(channel: Channel, beats: int) -> ChannelSpec:
    valid = (channel.valid,) if channel.valid else ()
    if not valid and channel.direction == "output":
        valid = ("ap_done",)  # an ap_none output of an ap_ctrl_hs block is valid with ap_done
    return ChannelSpec(name=channel.name, data=channel.data, valid=valid, ready=channel.ready, last=channel.last,
                       width=channel.width, beats=beats, sideband=tuple(channel.sideband))


def _assemble(plan: SimPlan, n: int, raw: RawResult, options: SimOptions, built: Build, notes: list[str],
              waves: Path | None, seconds: float) -> SimResult:
    values = [words_to_ints(b) if len(b) else [] for b in raw.output_beats]
    codes = plan.design.output_bits_to_codes(plan.outputs.unpack(values, n))
    in_beats = [c.beats // n for c in plan.input_specs(n)]
    times = sample_times(raw.input_cycles, raw.output_cycles, in_beats, list(plan.outputs.beats), n,
                         raw.start_cycles, raw.done_cycles)
    use_control = plan.interface.style is IoStyle.IO_PARALLEL and len(raw.done_cycles) >= n
    traces = tuple(
        ChannelTrace(name=c.name, beats_per_sample=b, has_last=c.last is not None, cycles=cycles, last=last)
        for c, b, cycles, last in zip(plan.interface.outputs, plan.outputs.beats, raw.output_cycles,
                                      raw.output_last)
    )
    if raw.x_beats:
        notes.append(f"{raw.x_beats} output beat(s) carried X/Z bits (read as 0)")
    return SimResult(
        output_codes=codes, latency_cycles=latency_cycles(times, use_control),
        ii_cycles=ii_cycles(times, use_control), cycles=raw.cycles, wall_seconds=seconds, interface=plan.interface,
        notes=tuple(notes), times=times, traces=traces, simulator=options.simulator,
        path=options.path, sim_wall_seconds=raw.sim_wall_seconds, rebuilt=built.rebuilt, waves=waves,
        build_seconds=built.seconds,
    )
