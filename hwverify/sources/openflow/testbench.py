"""Stream samples through a design in hwverify's AXI-Stream shell with the plain-Verilog testbench in Icarus.

The testbench (``rtl_sim/shell/hwv_axis_shell_tb.v``) needs no cocotb, so it runs at Icarus's native
speed; it pauses TVALID and TREADY at random with a seed, and logs every handshake with its cycle.
Output codes, TLAST flags, per-sample latency and the input initiation interval are read back from
that log. Builds are cached under ``Cache("openflow_icarus")``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError, ShapeMismatch, ToolFailed
from hwverify.sources.openflow.pipeline import GeneratedRtl
from hwverify.sources.openflow.shell import SHELL_SOURCE
from hwverify.sources.openflow.trace import ArrayPort
from hwverify.sim.runner import path_safe_directory
from hwverify.tools import ensure_verilator_on_path, package_versions, require_icarus, require_tool, tool_version

TESTBENCH_SOURCE = SHELL_SOURCE.with_name("hwv_axis_shell_tb.v")
TESTBENCH_TOP = "hwv_axis_shell_tb"
SIMULATORS = ("icarus", "verilator")
#: The bench's sample memory (its MAX_SAMPLES parameter).
MAX_SAMPLES = 1 << 15
#: Verilator's make rules call `python` and need the PCH include flag (shared/reference/stack.md). The
#: generated netlists are large and flat: unoptimised C++ halves the build and still streams ~10^5 samples/s.
_VERILATOR_MAKEFLAGS = "PYTHON3=python3 CFG_CXXFLAGS_PCH_I=-include OPT_FAST=-O0 OPT_SLOW=-O0"
#: Defines that select the shell's fault-injected variants (each must be caught by the checks).
SHELL_FAULTS = (
    "HWV_SHELL_FAULT_IGNORE_READY",
    "HWV_SHELL_FAULT_NO_CREDIT",
    "HWV_SHELL_FAULT_DROP_LAST",
    "HWV_SHELL_FAULT_EARLY_VALID",
)


@dataclass(frozen=True)
class StreamOptions:
    """How the testbench drives the design: pause chances in percent, the seed, TLAST pattern, watchdog."""

    input_pause_percent: int = 0
    output_pause_percent: int = 0
    seed: int = 1
    last_probability: float = 0.25
    watchdog_cycles: int = 1_000
    defines: Mapping[str, str] = field(default_factory=dict)
    simulator: str = "icarus"  # "icarus" (no build wait) | "verilator" (builds slowly, runs fast)

    def __post_init__(self) -> None:
        if self.simulator not in SIMULATORS:
            raise ConfigError(f"unknown simulator {self.simulator!r}; expected one of {SIMULATORS}")
        for name in ("input_pause_percent", "output_pause_percent"):
            value = getattr(self, name)
            if not 0 <= value < 100:
                raise ConfigError(f"{name} must be in [0, 100), got {value}")
        unknown = [d for d in self.defines if d.startswith("HWV_SHELL_FAULT") and d not in SHELL_FAULTS]
        if unknown:
            raise ConfigError(f"unknown shell fault define(s) {unknown}; expected one of {SHELL_FAULTS}")


@dataclass(frozen=True)
class StreamResult:
    """What came out of the design, per output stream, with the timing the testbench saw (``ap_clk`` cycles)."""

    output_codes: tuple[np.ndarray, ...]  # per stream (n_received, elements) int64, at most n samples
    output_last: tuple[np.ndarray, ...]  # per stream (n_received,) bool
    output_cycles: tuple[np.ndarray, ...]  # per stream (n_received,) cycle of each output handshake
    expected_last: np.ndarray  # (n,) bool, the TLAST sent with each input sample
    input_cycles: np.ndarray  # (n_sent,) cycle of each input handshake
    extra_outputs: int  # output beats after the n-th on any stream (duplicates)
    cycles: int
    timed_out: bool
    wall_seconds: float
    build_seconds: float

    @property
    def n_complete(self) -> int:
        """Samples that came out on every output stream."""
        return min(len(cycles) for cycles in self.output_cycles)

    @property
    def latency_cycles(self) -> np.ndarray:
        """Cycles from each input handshake to the last of its output handshakes (complete samples)."""
        n = min(self.n_complete, len(self.input_cycles))
        done = np.max(np.stack([cycles[:n] for cycles in self.output_cycles]), axis=0)
        return done - self.input_cycles[:n]

    @property
    def ii_cycles(self) -> np.ndarray:
        """Cycles between successive input handshakes."""
        return np.diff(self.input_cycles)

    @property
    def samples_per_second(self) -> float:
        """Simulated samples per second of wall time."""
        return self.n_complete / self.wall_seconds if self.wall_seconds > 0 else float("inf")


def simulate_stream(rtl: GeneratedRtl, input_codes: np.ndarray, options: StreamOptions = StreamOptions()) -> StreamResult:
    """Stream ``input_codes`` (n, n_inputs) through ``rtl`` in Icarus; raises ToolNotFound without iverilog."""
    codes = np.asarray(input_codes, dtype=np.int64)
    if codes.ndim != 2 or codes.shape[1] != rtl.input.n_elements:
        raise ShapeMismatch(f"input codes of shape {codes.shape} do not fit {rtl.top}: expected (n, {rtl.input.n_elements})")
    if len(codes) > MAX_SAMPLES:
        raise ConfigError(f"the streaming testbench holds at most {MAX_SAMPLES} samples per run, got {len(codes)}; split the inputs")
    started = time.perf_counter()
    build = _build_verilator if options.simulator == "verilator" else _build_icarus
    executable = build(rtl, dict(options.defines))
    build_seconds = time.perf_counter() - started
    last = np.random.default_rng(options.seed).random(len(codes)) < options.last_probability
    with tempfile.TemporaryDirectory(prefix="hwverify-openflow-") as work:
        work_dir = Path(work)
        _write_inputs(work_dir / "in.hex", codes, last, rtl)
        started = time.perf_counter()
        _run(executable, work_dir, len(codes), options)
        wall = time.perf_counter() - started
        return _read_log(work_dir / "out.log", rtl, last, wall, build_seconds)


def _build_icarus(rtl: GeneratedRtl, defines: dict[str, str]) -> Path:
    require_icarus()
    sources = list(rtl.sources) + [TESTBENCH_SOURCE]
    key = content_hash(
        "openflow-icarus/2",
        tool_version("iverilog", "-V"),
        [(p.name, file_sha256(p)) for p in sources + [rtl.testbench_binding]],
        rtl.top,
        defines,
        _bench_parameters(rtl),
    )

    def compile_bench(directory: Path) -> dict[str, str]:
        with path_safe_directory(directory) as work:  # vvp cannot read back a source path with a '"' in it
            copies = _copy_sources([*sources, rtl.testbench_binding], work / "src")
            args = ["iverilog", "-g2012", "-o", str(work / "sim.vvp"), "-s", TESTBENCH_TOP, "-I", str(work / "src")]
            args += [f"-D{name}={value}" if value else f"-D{name}" for name, value in sorted(defines.items())]
            args += [f"-P{TESTBENCH_TOP}.{name}={value}" for name, value in _bench_parameters(rtl)]
            _check(subprocess.run(args + [str(p) for p in copies[:-1]], capture_output=True, text=True), "iverilog")
            shutil.rmtree(work / "src")
        return {"top": rtl.top}

    entry, _ = Cache("openflow_icarus").get_or_build(key, compile_bench)
    return entry.path / "sim.vvp"


def _bench_parameters(rtl: GeneratedRtl) -> tuple[tuple[str, int], ...]:
    in_bits = rtl.input.n_elements * rtl.input.fixed_type.width
    out_bits = sum(port.n_elements * port.fixed_type.width for port in rtl.outputs)
    return (("IN_BITS", in_bits), ("OUT_BITS", out_bits), ("N_STREAMS", len(rtl.outputs)))


def _build_verilator(rtl: GeneratedRtl, defines: dict[str, str]) -> Path:
    """A Verilator binary of the bench (``--binary --timing``), cached like the Icarus build."""
    verilator = ensure_verilator_on_path()
    sources = list(rtl.sources) + [TESTBENCH_SOURCE]
    key = content_hash(
        "openflow-verilator/2",
        package_versions(("verilator",)),
        [(p.name, file_sha256(p)) for p in sources + [rtl.testbench_binding]],
        rtl.top,
        defines,
        _bench_parameters(rtl),
    )

    def compile_bench(directory: Path) -> dict[str, str]:
        with path_safe_directory(directory) as work:  # GNU make cannot build under a path with a space
            copies = _copy_sources([*sources, rtl.testbench_binding], work / "src")
            args = [verilator, "--binary", "--timing", "-j", "2", "--top-module", TESTBENCH_TOP,
                    "-Mdir", str(work / "obj"), "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-STMTDLY",
                    "-CFLAGS", "-std=c++20", "-I" + str(work / "src")]
            args += [f"+define+{name}={value}" if value else f"+define+{name}" for name, value in sorted(defines.items())]
            args += [f"-G{name}={value}" for name, value in _bench_parameters(rtl)]
            env = dict(os.environ, MAKEFLAGS=f"{os.environ.get('MAKEFLAGS', '')} {_VERILATOR_MAKEFLAGS}".strip())
            result = subprocess.run(args + [str(p) for p in copies[:-1]], capture_output=True, text=True, env=env)
            _check(result, "verilator")
            os.replace(work / "obj" / f"V{TESTBENCH_TOP}", work / "bench")
            shutil.rmtree(work / "obj")  # the objects are large and never reused
            shutil.rmtree(work / "src")
        return {"top": rtl.top}

    entry, _ = Cache("openflow_verilator").get_or_build(key, compile_bench)
    return entry.path / "bench"


def _copy_sources(sources: list[Path], target: Path) -> list[Path]:
    """Copies of ``sources`` (names kept: the bench includes the binding by name) in ``target``."""
    target.mkdir()
    for source in sources:
        shutil.copy2(source, target / source.name)
    return [target / source.name for source in sources]


def _write_inputs(path: Path, codes: np.ndarray, last: np.ndarray, rtl: GeneratedRtl) -> None:
    width = rtl.input.fixed_type.width
    bits = rtl.input.fixed_type.codes_to_bits(codes)
    digits = (rtl.n_inputs * width + 1 + 3) // 4
    lines = []
    for row, flag in zip(bits, last):
        word = int(flag) << (rtl.n_inputs * width)
        for index, value in enumerate(row):
            word |= int(value) << (index * width)
        lines.append(f"{word:0{digits}x}")
    path.write_text("\n".join(lines) + "\n")


def _run(executable: Path, work_dir: Path, n: int, options: StreamOptions) -> None:
    if executable.suffix == ".vvp":
        require_tool("vvp", "running Icarus Verilog simulations", "Install it with: apt-get install iverilog")
        command = ["vvp", "-n", str(executable)]
    else:
        command = [str(executable)]
    args = [
        *command,
        f"+in={work_dir / 'in.hex'}",
        f"+out={work_dir / 'out.log'}",
        f"+n={n}",
        f"+seed={options.seed}",
        f"+in_pause={options.input_pause_percent}",
        f"+out_pause={options.output_pause_percent}",
        f"+watchdog={options.watchdog_cycles}",
    ]
    _check(subprocess.run(args, capture_output=True, text=True, cwd=work_dir), command[0])


def _check(result: subprocess.CompletedProcess[str], tool: str) -> None:
    if result.returncode != 0 or "FATAL" in result.stdout + result.stderr:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise ToolFailed(tool, result.returncode, tail)


def _read_log(path: Path, rtl: GeneratedRtl, last: np.ndarray, wall: float, build_seconds: float) -> StreamResult:
    inputs: list[int] = []
    beats: list[list[tuple[int, int, int]]] = [[] for _ in rtl.outputs]
    done: Sequence[str] = ()
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields[0] == "i":
            inputs.append(int(fields[2]))
        elif fields[0] == "o":
            beats[int(fields[1])].append((int(fields[3]), int(fields[4]), int(fields[5], 16)))
        elif fields[0] == "done":
            done = fields
    if not done:
        raise ToolFailed("vvp", 0, f"the testbench log {path} has no 'done' line")
    offsets = np.cumsum([0] + [port.n_elements * port.fixed_type.width for port in rtl.outputs])
    return StreamResult(
        output_codes=tuple(_stream_codes(b, port, int(o)) for b, port, o in zip(beats, rtl.outputs, offsets)),
        output_last=tuple(np.array([flag for _, flag, _ in b], dtype=bool) for b in beats),
        output_cycles=tuple(np.array([cycle for cycle, _, _ in b], dtype=np.int64) for b in beats),
        expected_last=last,
        input_cycles=np.array(inputs, dtype=np.int64),
        extra_outputs=int(done[2]),
        cycles=int(done[1]),
        timed_out=bool(int(done[3])),
        wall_seconds=wall,
        build_seconds=build_seconds,
    )


def _stream_codes(beats: list[tuple[int, int, int]], port: ArrayPort, offset: int) -> np.ndarray:
    """Element codes of one stream, from the bench's whole output bus (this stream at ``offset``)."""
    width = port.fixed_type.width
    mask = (1 << width) - 1
    rows = [[(word >> (offset + e * width)) & mask for e in range(port.n_elements)] for _, _, word in beats]
    bits = np.array(rows, dtype=np.int64).reshape(-1, port.n_elements)
    return port.fixed_type.bits_to_codes(bits)
