"""``simulate``: drive integer input codes through an RTL design and read integer output codes back.

Host side only (no cocotb import): recognise the interface, pack codes into beats per channel,
build (cached), write the spec, run the cocotb entry module, read the result and turn beats back
into codes and handshake cycles into per-sample latency and II.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError, ShapeMismatch, SimulationStalled
from hwverify.fixed import FixedType
from hwverify.rtl.design import RtlDesign
from hwverify.rtl.fifo_probe import find_fifos, stall_report
from hwverify.rtl.framing import ChannelTrace
from hwverify.rtl.interface import Channel, InterfaceSpec, IoStyle, recognise_interface
from hwverify.rtl.runner import Build, BuildRequest, build, copy_data_files, run_test, waves_path
from hwverify.rtl.spec import ChannelSpec, RawResult, SimSpec, ints_to_words, words_to_ints, write_input_beats
from hwverify.rtl.timing import SampleTimes, Summary, ii_cycles, latency_cycles, sample_times, summarise

__all__ = ["SimOptions", "SimResult", "design_interface", "from_port_bits", "pack_beats", "simulate", "to_port_bits", "unpack_beats"]

PATHS = ("cocotb", "bulk")


@dataclass(frozen=True)
class SimOptions:
    """How to simulate: simulator, driving path, seeded backpressure, waveforms, watchdog."""

    simulator: str = "verilator"  # "icarus" | "verilator"
    path: str = "cocotb"  # "cocotb" (Python per cycle) | "bulk" (HDL stimulus player and recorder)
    input_backpressure: float = 0.0  # probability of a valid gap before each input beat
    output_backpressure: float = 0.0  # probability of ready low in each cycle
    seed: int = 0
    waves: bool = False
    watchdog_cycles: int = 2000  # stop when no channel made a handshake for this many cycles
    drain_cycles: int = 32  # cycles to keep accepting after the last expected output beat
    work_dir: Path | None = None  # where the run's files go; a fresh temporary directory if None

    def __post_init__(self) -> None:
        if self.path not in PATHS:
            raise ConfigError(f"unknown simulation path {self.path!r}; expected one of {PATHS}")
        for name in ("input_backpressure", "output_backpressure"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ConfigError(f"{name} must be a probability in [0, 1), got {getattr(self, name)}")
        if self.watchdog_cycles < 1:
            raise ConfigError(f"watchdog_cycles must be positive, got {self.watchdog_cycles}")


@dataclass(frozen=True)
class SimResult:
    """Output codes and timing of one simulation."""

    output_codes: np.ndarray  # (n, n_outputs) int64
    latency_cycles: np.ndarray  # (n,)
    ii_cycles: np.ndarray  # (n - 1,)
    cycles: int
    wall_seconds: float
    interface: InterfaceSpec
    notes: tuple[str, ...]
    times: SampleTimes
    traces: tuple[ChannelTrace, ...]
    simulator: str
    path: str
    sim_wall_seconds: float  # inside the simulator, without build and start-up
    rebuilt: bool
    waves: Path | None = None

    @property
    def latency(self) -> Summary | None:
        """Min/mean/max latency in cycles."""
        return summarise(self.latency_cycles)

    @property
    def ii(self) -> Summary | None:
        """Min/mean/max initiation interval in cycles."""
        return summarise(self.ii_cycles)

    @property
    def cycles_per_second(self) -> float:
        """Simulated cycles per second of wall time inside the simulator."""
        return self.cycles / self.sim_wall_seconds if self.sim_wall_seconds > 0 else 0.0


def simulate(design: RtlDesign, input_codes: np.ndarray, options: SimOptions = SimOptions()) -> SimResult:
    """Simulate ``input_codes`` (n, n_inputs) through ``design``; raises SimulationStalled on a hang."""
    started = time.perf_counter()
    codes = _check_codes(design, input_codes)
    interface = design_interface(design)
    built = _build(design, interface, options)
    work_dir = Path(options.work_dir) if options.work_dir else Path(tempfile.mkdtemp(prefix="hwverify-sim-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    spec, plusargs = _write_run_files(design, interface, codes, options, work_dir)
    notes = list(interface.notes) + list(built.notes) + copy_data_files(design.data_files, work_dir)
    run_test(built, "rtl_sim.tb.entry", work_dir, {"HWVERIFY_SPEC": str(work_dir / "spec.json")}, plusargs)
    raw = RawResult.read(Path(spec.result_file), Path(spec.report_file))
    waves = waves_path(built, work_dir) if options.waves else None
    if not options.waves and options.work_dir is None:  # kept on failure: the log is named in the error
        shutil.rmtree(work_dir, ignore_errors=True)
    if raw.status == "stalled":
        report = stall_report(raw.stall or {})
        raise SimulationStalled(design.top, report, report.message())
    return _assemble(design, interface, codes.shape[0], raw, options, built, notes, waves,
                     time.perf_counter() - started)


def _check_codes(design: RtlDesign, input_codes: np.ndarray) -> np.ndarray:
    codes = np.asarray(input_codes)
    if codes.ndim != 2 or codes.shape[1] != design.n_inputs or codes.shape[0] < 1:
        raise ShapeMismatch(
            f"input codes for '{design.top}' must have shape (n, {design.n_inputs}) with n >= 1, got {codes.shape}"
        )
    if not np.issubdtype(codes.dtype, np.integer):
        raise ConfigError(f"input codes for '{design.top}' must be integers (codes of {design.input_type}), "
                          f"got dtype {codes.dtype}; convert values with FixedType.quantize_codes")
    low, high = design.input_type.code_min, design.input_type.code_max
    bad = np.argwhere((codes < low) | (codes > high))
    if bad.size:
        sample, element = bad[0]
        raise ConfigError(f"input code {codes[sample, element]} (sample {sample}, element {element}) is outside "
                          f"{design.input_type}'s range [{low}, {high}]")
    return codes.astype(np.int64)


def design_interface(design: RtlDesign) -> InterfaceSpec:
    """The design's recognised interface, checked against its element counts (ConfigError otherwise)."""
    interface = recognise_interface(design.top, design.sources, input_width=design.input_port_width,
                                    output_width=design.output_port_width)
    if interface.style is IoStyle.IO_PARALLEL and len(interface.inputs) != 1:
        raise ConfigError(
            f"design '{design.top}': io_parallel with {len(interface.inputs)} input ports is not supported "
            "(ap_start is shared, so hwverify drives exactly one reshaped input port)"
        )
    for side, channels, count in (("input", interface.inputs, design.n_inputs),
                                  ("output", interface.outputs, design.n_outputs)):
        per_beat = sum(len(c.elements) for c in channels)
        if per_beat == 0 or count % per_beat:
            raise ConfigError(
                f"design '{design.top}': {count} {side} elements do not fill whole beats of {per_beat} "
                f"elements ({interface.describe()}); check n_{side}s and the element type width"
            )
    return interface


def _build(design: RtlDesign, interface: InterfaceSpec, options: SimOptions) -> Build:
    if options.path == "bulk":
        from hwverify.rtl.bulk import bulk_build_request  # noqa: PLC0415

        return build(bulk_build_request(design, interface, options))
    request = BuildRequest(
        simulator=options.simulator, top=design.top, sources=design.sources, include_dirs=design.include_dirs,
        defines=design.defines, parameters=design.parameters, waves=options.waves,
    )
    return build(request)


def _write_run_files(design: RtlDesign, interface: InterfaceSpec, codes: np.ndarray, options: SimOptions,
                     work_dir: Path) -> tuple[SimSpec, tuple[str, ...]]:
    in_beats = pack_beats(to_port_bits(codes, design.input_type, design.float_io), interface.inputs,
                          design.input_port_width)
    beats_in = design.n_inputs // interface.input_elements_per_beat
    beats_out = design.n_outputs // interface.output_elements_per_beat
    n = codes.shape[0]
    lasts = [(np.arange(n * beats_in) % beats_in == beats_in - 1).astype(np.uint8) for _ in interface.inputs]
    write_input_beats(work_dir / "inputs.npz",
                      [ints_to_words(b, c.width) for b, c in zip(in_beats, interface.inputs)], lasts)
    spec = SimSpec(
        top=design.top if options.path == "cocotb" else "hwv_bulk_clock",  # the bulk path's generated top
        style=interface.style.value, control=interface.control,
        clock=interface.clock_reset.clock, reset=interface.clock_reset.reset,
        reset_active_low=interface.clock_reset.active_low,
        inputs=tuple(_channel_spec(c, n * beats_in) for c in interface.inputs),
        outputs=tuple(_channel_spec(c, n * beats_out) for c in interface.outputs),
        n_samples=n, input_file=str(work_dir / "inputs.npz"), result_file=str(work_dir / "result.npz"),
        report_file=str(work_dir / "result.json"), input_backpressure=options.input_backpressure,
        output_backpressure=options.output_backpressure, seed=options.seed,
        watchdog_cycles=options.watchdog_cycles, drain_cycles=options.drain_cycles, path=options.path,
        fifos=find_fifos(design.top, design.sources),
    )
    spec.write(work_dir / "spec.json")
    if options.path != "bulk":
        return spec, ()
    from hwverify.rtl.bulk import bulk_plusargs, write_bulk_inputs  # noqa: PLC0415

    write_bulk_inputs(work_dir, in_beats, lasts, [c.width for c in interface.inputs])
    return spec, bulk_plusargs(n * beats_in, n * beats_out, options)


def _channel_spec(channel: Channel, beats: int) -> ChannelSpec:
    valid = (channel.valid,) if channel.valid else ()
    if not valid and channel.direction == "output":
        valid = ("ap_done",)  # an ap_none output of an ap_ctrl_hs block is valid with ap_done
    return ChannelSpec(name=channel.name, data=channel.data, valid=valid, ready=channel.ready, last=channel.last,
                       width=channel.width, beats=beats, sideband=tuple(channel.sideband))


def to_port_bits(codes: np.ndarray, fixed: FixedType, float_io: bool) -> np.ndarray:
    """Bit patterns of codes on the ports: two's complement, or IEEE-754 single bits for float I/O."""
    if float_io:
        return fixed.to_float(codes).astype(np.float32).view(np.uint32).astype(np.uint64)
    return fixed.codes_to_bits(codes)


def pack_beats(bits: np.ndarray, channels: tuple[Channel, ...], element_width: int) -> list[list[int]]:
    """Per channel, the beat values (Python ints) carrying elements of ``bits`` (n, n_elements).

    Beat ``b`` of a sample carries elements ``b * per_beat + e`` for the channel's ``e`` in
    ``channel.elements``, lane ``j`` (the j-th of them) in bits ``[j * width, (j + 1) * width)``.
    """
    per_beat = sum(len(c.elements) for c in channels)
    n, n_elements = bits.shape
    grouped = bits.astype(object).reshape(n * (n_elements // per_beat), per_beat)
    beats = []
    for channel in channels:
        value = np.zeros(grouped.shape[0], dtype=object)
        for lane, element in enumerate(channel.elements):
            value = value + (grouped[:, element] << (lane * element_width))
        beats.append([int(v) for v in value])
    return beats


def unpack_beats(beats: list[list[int]], channels: tuple[Channel, ...], element_width: int, n: int,
                 n_elements: int) -> np.ndarray:
    """The inverse of :func:`pack_beats` for the first ``n`` samples: (n, n_elements) bit patterns."""
    per_beat = sum(len(c.elements) for c in channels)
    rows = n * (n_elements // per_beat)
    out = np.zeros((rows, per_beat), dtype=np.uint64)
    mask = (1 << element_width) - 1
    for channel, values in zip(channels, beats):
        for lane, element in enumerate(channel.elements):
            out[:, element] = [(v >> (lane * element_width)) & mask for v in values[:rows]]
    return out.reshape(n, n_elements)


def from_port_bits(bits: np.ndarray, fixed: FixedType, float_io: bool) -> tuple[np.ndarray, list[str]]:
    """Codes from port bit patterns, and notes (float outputs that are not on ``fixed``'s grid)."""
    if not float_io:
        return fixed.bits_to_codes(bits), []
    values = bits.astype(np.uint32).view(np.float32).astype(np.float64)
    codes, on_grid = fixed.exact_codes(values)
    notes = [] if on_grid.all() else [f"{int((~on_grid).sum())} float output(s) are not on {fixed}'s grid"]
    return codes, notes


def _assemble(design: RtlDesign, interface: InterfaceSpec, n: int, raw: RawResult, options: SimOptions,
              built: Build, notes: list[str], waves: Path | None, seconds: float) -> SimResult:
    beats_in = design.n_inputs // interface.input_elements_per_beat
    beats_out = design.n_outputs // interface.output_elements_per_beat
    values = [words_to_ints(b) if len(b) else [] for b in raw.output_beats]
    bits = unpack_beats(values, interface.outputs, design.output_port_width, n, design.n_outputs)
    codes, float_notes = from_port_bits(bits, design.output_type, design.float_io)
    times = sample_times(raw.input_cycles, raw.output_cycles, beats_in, beats_out, n, raw.start_cycles,
                         raw.done_cycles)
    use_control = interface.style is IoStyle.IO_PARALLEL and len(raw.done_cycles) >= n
    traces = tuple(
        ChannelTrace(name=c.name, beats_per_sample=beats_out, has_last=c.last is not None,
                     cycles=cycles, last=last)
        for c, cycles, last in zip(interface.outputs, raw.output_cycles, raw.output_last)
    )
    if raw.x_beats:
        notes.append(f"{raw.x_beats} output beat(s) carried X/Z bits (read as 0)")
    return SimResult(
        output_codes=codes, latency_cycles=latency_cycles(times, use_control),
        ii_cycles=ii_cycles(times, use_control), cycles=raw.cycles, wall_seconds=seconds, interface=interface,
        notes=tuple(notes + float_notes), times=times, traces=traces, simulator=options.simulator,
        path=options.path, sim_wall_seconds=raw.sim_wall_seconds, rebuilt=built.rebuilt, waves=waves,
    )
