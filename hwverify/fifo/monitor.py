"""Occupancy monitoring in HDL: a wrapper top that watches every FIFO at no per-cycle Python cost.

:func:`instrument` makes a simulation copy of a design (in the cache, never beside the sources):
FIFO instantiations rewritten with new ``DEPTH``/``ADDR_WIDTH`` where asked, plus a generated top
``<top>_hwv_monitor`` with exactly the DUT's ports (so interface recognition and the adapters still
apply) that instantiates the DUT and, per FIFO, computes the fill from hierarchical references with
the convention formulas (:mod:`hwverify.sim.fifos`), keeps the maximum and, in a ``final``
block, writes maxima and the end state (fill, full, empty) to ``hwv_fifo_monitor.txt`` in the
simulator's working directory. Optionally it also writes every FIFO's fill every N cycles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError
from hwverify.fifo.runtime_depth import ID_PARAMETER, depth_plusargs, runtime_fill_expression, runtime_module
from hwverify.sim.fifos import FifoInstance, FifoStyle
from hwverify.sources.design import RtlDesign
from hwverify.sources.interface import recognise_interface
from hwverify.sources.verilog import Port, read_ports

__all__ = [
    "MONITOR_FILE",
    "FifoEndState",
    "Instrumented",
    "MonitorRecord",
    "instrument",
    "monitor_verilog",
    "read_monitor",
    "resize_fifos",
]

MONITOR_FILE = "hwv_fifo_monitor.txt"
_DUT = "hwv_dut"


@dataclass(frozen=True)
class Instrumented:
    """A monitored simulation copy of a design, and the FIFOs (with their simulated depths) it watches."""

    design: RtlDesign
    fifos: tuple[FifoInstance, ...]  # depth/depth_parameter/addr_width as simulated


@dataclass(frozen=True)
class FifoEndState:
    """A FIFO's state when the simulation ended."""

    fill: int
    full: bool | None  # None where the FIFO has no if_full_n port (custom FIFOs)
    empty: bool | None


@dataclass(frozen=True)
class MonitorRecord:
    """What the HDL monitor wrote: per FIFO name, the maximum fill and the end state; the fill series."""

    cycles: int
    max_fill: Mapping[str, int]
    end: Mapping[str, FifoEndState]
    series_cycles: np.ndarray  # (t,) cycles at which the series was sampled
    series: np.ndarray  # (t, n_fifos) fills, FIFOs in the order of Instrumented.fifos


def instrument(
    design: RtlDesign,
    fifos: Sequence[FifoInstance],
    depths: Mapping[str, int] | None = None,
    series_every_cycles: int = 0,
    storage: int = 0,
) -> Instrumented:
    """A cached simulation copy of ``design`` with the FIFOs in ``depths`` (name -> stream depth) resized
    and an occupancy monitor on top; ``series_every_cycles`` > 0 also records fills every N cycles (a plusarg:
    the same build either way).

    With ``storage`` > 0 the copy is a run-time-depth one (:mod:`hwverify.fifo.runtime_depth`): every FIFO holds
    ``storage`` words and takes its depth from the returned design's plusargs, so every ``depths`` up to
    ``storage`` shares one copy and one build (unless a FIFO is a custom module: then as without ``storage``)."""
    if design.parameters:
        raise ConfigError(f"design '{design.top}': top-level parameters cannot be passed through the FIFO monitor "
                          "wrapper; set them as module defaults in a copy of the sources")
    depths = dict(depths or {})
    _require_known(design, fifos, depths)
    if storage and all(f.style is not FifoStyle.CUSTOM for f in fifos):  # a custom FIFO's logic is unknown
        return _runtime_copy(design, fifos, depths, series_every_cycles, storage)
    resized = tuple(_resized(f, depths[f.name]) if f.name in depths else f for f in fifos)
    entry = _monitor_copy(design, resized, [f for f in resized if f.name in depths], {})
    return Instrumented(design=_monitored(design, entry, _series_plusargs(series_every_cycles)), fifos=resized)


def _runtime_copy(design: RtlDesign, fifos: Sequence[FifoInstance], depths: Mapping[str, int], series_every: int,
                  storage: int) -> Instrumented:
    too_deep = sorted(name for name, depth in depths.items() if depth > storage)
    if too_deep:
        raise ConfigError(f"FIFO depths above the run-time copy's storage of {storage} words: {', '.join(too_deep)}")
    stored = tuple(replace(_resized(f, storage), fill_expression=runtime_fill_expression(f.fill_expression))
                   for f in fifos)
    ids = {f.name: index for index, f in enumerate(fifos)}
    entry = _monitor_copy(design, stored, stored, ids)
    simulated = tuple(replace(_resized(f, depths.get(f.name, f.depth)), fill_expression=s.fill_expression)
                      for f, s in zip(fifos, stored))
    plusargs = depth_plusargs(fifos, depths) + _series_plusargs(series_every)
    return Instrumented(design=_monitored(design, entry, plusargs), fifos=simulated)


def _monitor_copy(design: RtlDesign, fifos: Sequence[FifoInstance], resized: Sequence[FifoInstance],
                  ids: Mapping[str, int]) -> Any:
    """The cache entry holding the sources (``resized`` FIFOs given new parameters, FIFO modules of ``ids``
    taking their depth at run time) and the monitor wrapper watching ``fifos``."""
    ports = read_ports(design.top, design.sources)
    clock = recognise_interface(design.top, design.sources).clock_reset.clock
    key = content_hash("fifo_monitor/2", design.top, [(p.name, file_sha256(p)) for p in design.sources],
                       [_identity(f) for f in fifos], [_identity(f) for f in resized], sorted(ids.items()),
                       file_sha256(Path(__file__)), file_sha256(Path(runtime_module.__code__.co_filename)))

    def write(directory: Path) -> dict[str, object]:
        modules = {f.module for f in fifos if f.name in ids}
        _write_resized_sources(directory, design, resized, ids, modules)
        (directory / _wrapper_file(design.top)).write_text(monitor_verilog(design.top, ports, clock, fifos))
        return {"fifos": [f.name for f in fifos]}

    entry, _ = Cache("fifo_monitor").get_or_build(key, write)
    return entry


def _monitored(design: RtlDesign, entry: Any, plusargs: tuple[str, ...]) -> RtlDesign:
    sources = tuple(entry.path / p.name for p in design.sources) + (entry.path / _wrapper_file(design.top),)
    return replace(design, top=_wrapper_name(design.top), sources=sources, plusargs=design.plusargs + plusargs)


def _series_plusargs(every: int) -> tuple[str, ...]:
    return (f"+hwv_series_every={every}",) if every > 0 else ()


def resize_fifos(design: RtlDesign, fifos: Sequence[FifoInstance], depths: Mapping[str, int]) -> RtlDesign:
    """A cached copy of ``design`` whose FIFOs in ``depths`` (name -> stream depth) are resized, with no
    monitor: the design as HLS would generate it with those depths."""
    _require_known(design, fifos, depths)
    resized = [_resized(f, depths[f.name]) for f in fifos if f.name in depths]
    key = content_hash("fifo_resize/1", design.top, [(p.name, file_sha256(p)) for p in design.sources],
                       [_identity(f) for f in resized], file_sha256(Path(__file__)))

    def write(directory: Path) -> dict[str, object]:
        _write_resized_sources(directory, design, resized)
        return {"depths": dict(depths)}

    entry, _ = Cache("fifo_monitor").get_or_build(key, write)
    return replace(design, sources=tuple(entry.path / p.name for p in design.sources))


def _require_known(design: RtlDesign, fifos: Sequence[FifoInstance], depths: Mapping[str, int]) -> None:
    unknown = sorted(set(depths) - {f.name for f in fifos})
    if unknown:
        raise ConfigError(f"depths given for FIFOs that {design.top} does not have: {', '.join(unknown)}; "
                          f"known: {', '.join(f.name for f in fifos)}")


def _identity(fifo: FifoInstance) -> tuple[str, str, int, int, str]:
    """What of a FIFO goes into the generated Verilog (for the cache key)."""
    return fifo.name, fifo.module, fifo.depth_parameter, fifo.addr_width, fifo.fill_expression


def _resized(fifo: FifoInstance, depth: int) -> FifoInstance:
    parameter, addr_width = fifo.parameters_for_depth(depth)
    return replace(fifo, depth=depth, depth_parameter=parameter, addr_width=addr_width)


def _wrapper_name(top: str) -> str:
    return f"{top}_hwv_monitor"


def _wrapper_file(top: str) -> str:
    return f"{_wrapper_name(top)}.v"


def _write_resized_sources(directory: Path, design: RtlDesign, resized: Sequence[FifoInstance],
                           ids: Mapping[str, int] | None = None, runtime_modules: set[str] | None = None) -> None:
    """Copies of the sources with the ``resized`` instances' parameters (and run-time-depth ``ids``) overridden
    and the ``runtime_modules`` taking their depth at run time."""
    defined = set()
    for source in design.sources:
        text = source.read_text(errors="replace")
        for fifo in resized:
            text = _override_instance(text, fifo, (ids or {}).get(fifo.name))
        for module in sorted(runtime_modules or ()):
            if re.search(rf"\bmodule\s+{re.escape(module)}\b", text):
                text = runtime_module(text, module)
                defined.add(module)
        (directory / source.name).write_text(text)
    missing = sorted(set(runtime_modules or ()) - defined)
    if missing:
        raise ConfigError(f"FIFO module(s) {', '.join(missing)} are not defined in the design's sources")


def _override_instance(text: str, fifo: FifoInstance, fifo_id: int | None = None) -> str:
    """Give one instantiation of ``fifo.module`` named ``fifo.path[-1]`` new DEPTH/ADDR_WIDTH parameters (and its
    run-time-depth ID)."""
    pattern = re.compile(
        rf"\b{re.escape(fifo.module)}\s*(?P<params>#\s*\((?:[^()]|\([^()]*\))*\))?\s*{re.escape(fifo.path[-1])}\s*\(")
    match = pattern.search(text)
    if match is None:
        return text  # instantiated in another file
    kept = []
    if match["params"]:
        kept = [m.group(0) for m in re.finditer(r"\.\s*(\w+)\s*\((?:[^()]|\([^()]*\))*\)", match["params"])
                if m.group(1) not in ("DEPTH", "ADDR_WIDTH", ID_PARAMETER)]
    kept += [f".DEPTH({fifo.depth_parameter})", f".ADDR_WIDTH({fifo.addr_width})"]
    kept += [f".{ID_PARAMETER}({fifo_id})"] if fifo_id is not None else []
    replacement = f"{fifo.module} #({', '.join(kept)}) {fifo.path[-1]} ("
    return text[:match.start()] + replacement + text[match.end():]


def monitor_verilog(top: str, ports: Sequence[Port], clock: str, fifos: Sequence[FifoInstance]) -> str:
    """The Verilog of the monitor wrapper around ``top`` (+hwv_series_every=N: every FIFO's fill every N cycles)."""
    declarations = ",\n".join(f"    {p.direction} wire {_range(p.width)}{p.name}" for p in ports)
    connections = ",\n".join(f"    .{p.name}({p.name})" for p in ports)
    lines = [
        "// Generated by hwverify.fifo.monitor: the DUT with an HDL FIFO occupancy monitor.",
        "`timescale 1 ns / 1 ps",
        f"module {_wrapper_name(top)} (\n{declarations}\n);",
        f"{top} {_DUT} (\n{connections}\n);",
        "reg [63:0] hwv_cycle = 0;",
        f"always @(posedge {clock}) hwv_cycle <= hwv_cycle + 1;",
        "integer hwv_fd;",
        f'initial hwv_fd = $fopen("{MONITOR_FILE}", "w");',
    ]
    for index, fifo in enumerate(fifos):
        lines += _fifo_monitor(index, fifo, clock)
    if fifos:
        fills = ", ".join(f"hwv_fill_{i}" for i in range(len(fifos)))
        formats = " ".join(["%0d"] * (len(fifos) + 1))
        lines += ["integer hwv_series_every, hwv_series_left = 0;",
                  'initial if (!$value$plusargs("hwv_series_every=%d", hwv_series_every)) hwv_series_every = 0;',
                  f"always @(posedge {clock}) if (hwv_series_every > 0) begin",
                  "    if (hwv_series_left == 0)",
                  f'        $fwrite(hwv_fd, "t {formats}\\n", hwv_cycle, {fills});',
                  "    hwv_series_left = (hwv_series_left == 0 ? hwv_series_every : hwv_series_left) - 1;",
                  "end"]
    lines.append("final begin")
    lines.append('    $fwrite(hwv_fd, "cycles %0d\\n", hwv_cycle);')
    for index, fifo in enumerate(fifos):
        full, empty = _flags(fifo)
        lines.append(f'    $fwrite(hwv_fd, "fifo {fifo.name} %0d %0d %0d %0d\\n", hwv_max_{index}, hwv_fill_{index}, '
                     f"{full}, {empty});")
    lines += ["    $fclose(hwv_fd);", "end", "endmodule", ""]
    return "\n".join(lines)


def _fifo_monitor(index: int, fifo: FifoInstance, clock: str) -> list[str]:
    return [
        f"wire [31:0] hwv_fill_{index} = {fifo.fill_verilog('.'.join((_DUT,) + fifo.path))};",
        f"reg [31:0] hwv_max_{index} = 0;",
        f"always @(posedge {clock}) if (hwv_fill_{index} > hwv_max_{index}) hwv_max_{index} <= hwv_fill_{index};",
    ]


def _flags(fifo: FifoInstance) -> tuple[str, str]:
    if fifo.style is FifoStyle.CUSTOM:
        return "2", "2"  # unknown
    inst = ".".join((_DUT,) + fifo.path)
    return f"!{inst}.if_full_n", f"!{inst}.if_empty_n"


def _range(width: int) -> str:
    return f"[{width - 1}:0] " if width > 1 else ""


def read_monitor(path: Path, fifos: Sequence[FifoInstance]) -> MonitorRecord:
    """Parse the monitor's file; raises ConfigError when the simulation ended before writing it."""
    if not Path(path).is_file():
        raise ConfigError(f"the FIFO monitor wrote no file at {path}: the simulation did not reach its end")
    cycles, max_fill, end, times, rows = -1, {}, {}, [], []
    for line in Path(path).read_text().splitlines():
        fields = line.split()
        if fields[:1] == ["cycles"]:
            cycles = int(fields[1])
        elif fields[:1] == ["fifo"]:
            name, peak, fill, full, empty = fields[1], *map(int, fields[2:6])
            max_fill[name] = peak
            end[name] = FifoEndState(fill=fill, full=None if full > 1 else bool(full),
                                     empty=None if empty > 1 else bool(empty))
        elif fields[:1] == ["t"]:
            times.append(int(fields[1]))
            rows.append([int(v) for v in fields[2:]])
    if cycles < 0:
        raise ConfigError(f"the FIFO monitor file {path} has no summary: the simulation did not end normally")
    series = np.array(rows, dtype=np.int64).reshape(len(rows), len(fifos))
    return MonitorRecord(cycles=cycles, max_fill=max_fill, end=end, series_cycles=np.array(times, dtype=np.int64),
                         series=series)
