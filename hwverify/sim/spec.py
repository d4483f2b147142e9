"""The files that pass between the host and the simulator: one spec in, one result out.

The host writes a :class:`SimSpec` as JSON plus the input beats as ``.npz``; the cocotb entry
module (``rtl_sim/tb/entry.py``) reads them, drives the design and writes a :class:`RawResult`
as JSON plus the recorded beats and handshake cycles as ``.npz``. Everything here is plain
Python and numpy, so a run can be replayed and the files tested without a simulator.

Wide ports (a 256-bit io_parallel input) do not fit an int64, so beats are stored as
``(n_beats, n_words)`` arrays of uint64 words, least significant word first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.protocols import ClockReset, Control, IoStyle

__all__ = [
    "ChannelSpec",
    "FifoFill",
    "FifoProbe",
    "FifoStyle",
    "RawResult",
    "SimPath",
    "SimSpec",
    "StallReport",
    "StalledHandshake",
    "ints_to_words",
    "read_spec",
    "words_to_ints",
    "read_input_beats",
    "write_input_beats",
]


@dataclass(frozen=True)
class ChannelSpec:
    """One channel as the simulator drives it: signal names and how many beats it carries.

    ``valid`` lists every producer strobe (io_parallel drives ``ap_start`` and ``<x>_ap_vld`` together);
    ``ready`` is the consumer's signal (for io_parallel inputs, ``ap_ready``), or None when there is none.
    ``parts`` (when not empty) splits a beat over several ports, ``(port, width)`` least significant first:
    io_parallel input arrays, which ap_start takes together, travel as one channel.
    """

    name: str
    data: str
    valid: tuple[str, ...]
    ready: str | None
    last: str | None
    width: int
    beats: int
    sideband: tuple[str, ...] = ()
    parts: tuple[tuple[str, int], ...] = ()


class SimPath(StrEnum):
    """How the simulator is driven."""

    BULK = "bulk"  # HDL stimulus player and recorder: the simulator's own speed
    COCOTB = "cocotb"  # Python coroutines per cycle: for what needs Python in the loop


class FifoStyle(StrEnum):
    """How a FIFO module stores words, which decides its fill formula (see :mod:`hwverify.sim.fifos`)."""

    SHIFTREG = "shiftreg"  # mOutPtr reset to all ones (empty), one less than the words held
    RAM = "ram"  # usedw/full_n plus a show-ahead output register dout_valid
    VITIS = "vitis"  # if_num_data_valid counts the words held, output register included
    COUNT = "count"  # mOutPtr counts the words held
    BY_DEPTH = "by_depth"  # both SHIFTREG and RAM logic, shiftreg_style (DEPTH up to 16) picking: the open flow's
    CUSTOM = "custom"  # a user-supplied occupancy expression (readable in HDL only)


_INSTANCE_SIGNAL = re.compile(r"\{inst\}\.(\w+)")


@dataclass(frozen=True)
class FifoProbe:
    """A FIFO instance inside the design as a simulator watches it (made by ``FifoInstance.probe``).

    ``fill_expression`` is Verilog for the words held, with ``{inst}`` standing for the instance's hierarchical
    name (empty when the module has no known counter); ``handshake`` says the module has the
    ``if_write``/``if_full_n``/``if_read``/``if_empty_n`` ports whose handshakes count as internal progress.
    """

    path: tuple[str, ...]
    module: str
    depth: int
    style: FifoStyle
    fill_expression: str = ""
    handshake: bool = False

    @property
    def name(self) -> str:
        """The dotted instance path below the top."""
        return ".".join(self.path)

    @property
    def signals(self) -> tuple[str, ...]:
        """The instance's signals that the fill is computed from."""
        return tuple(dict.fromkeys(_INSTANCE_SIGNAL.findall(self.fill_expression)))

    def fill_verilog(self, instance: str) -> str | None:
        """The fill as a Verilog expression on ``instance`` (None when not readable)."""
        return self.fill_expression.replace("{inst}", instance) if self.fill_expression else None

    def fill_of(self, values: Mapping[str, tuple[int, int]]) -> int | None:
        """The fill from the :attr:`signals` read one by one (``name -> (value, width)``): the same formula as
        :attr:`fill_expression`, for a testbench that reads signals from Python. None for a custom expression."""
        value = {name: number for name, (number, _) in values.items()}
        if self.style is FifoStyle.BY_DEPTH:
            style = FifoStyle.SHIFTREG if value["shiftreg_style"] else FifoStyle.RAM
            return FifoProbe(self.path, self.module, self.depth, style).fill_of(values)
        if self.style is FifoStyle.SHIFTREG:
            return (value["mOutPtr"] + 1) % (1 << values["mOutPtr"][1])
        if self.style is FifoStyle.RAM:
            return (value["usedw"] if value["full_n"] else self.depth) + value["dout_valid"]
        if self.style is FifoStyle.VITIS:
            return value["if_num_data_valid"]
        if self.style is FifoStyle.COUNT:
            return value["mOutPtr"]
        return None


@dataclass(frozen=True)
class SimSpec:
    """Everything the generic cocotb entry module needs to run one simulation."""

    top: str
    inputs: tuple[ChannelSpec, ...]
    outputs: tuple[ChannelSpec, ...]
    style: IoStyle
    control: Control
    clock_reset: ClockReset
    n_samples: int
    input_file: str
    result_file: str
    report_file: str
    input_backpressure: float = 0.0
    output_backpressure: float = 0.0
    seed: int = 0
    watchdog_cycles: int = 2000
    drain_cycles: int = 32
    clock_period_ns: int = 10
    path: SimPath = SimPath.COCOTB
    fifos: tuple[FifoProbe, ...] = ()

    def write(self, path: Path) -> None:
        """Write this spec as JSON."""
        path.write_text(json.dumps(asdict(self), indent=1))


def read_spec(path: Path) -> SimSpec:
    """Read a spec written by :meth:`SimSpec.write`."""
    raw = json.loads(Path(path).read_text())
    raw["inputs"] = tuple(_channel(c) for c in raw["inputs"])
    raw["outputs"] = tuple(_channel(c) for c in raw["outputs"])
    raw["style"], raw["control"] = IoStyle(raw["style"]), Control(raw["control"])
    raw["clock_reset"] = ClockReset(**raw["clock_reset"])
    raw["path"] = SimPath(raw["path"])
    raw["fifos"] = tuple(FifoProbe(**{**f, "path": tuple(f["path"]), "style": FifoStyle(f["style"])})
                         for f in raw["fifos"])
    return SimSpec(**raw)


def _channel(raw: dict) -> ChannelSpec:
    return ChannelSpec(**{**raw, "valid": tuple(raw["valid"]), "sideband": tuple(raw["sideband"]),
                          "parts": tuple((str(p), int(w)) for p, w in raw.get("parts", ()))})


@dataclass(frozen=True)
class StalledHandshake:
    """The state of one channel's handshake when the watchdog fired."""

    channel: str
    direction: str  # "input" or "output"
    valid: bool | None  # None where the channel has no such signal
    ready: bool | None
    beats_done: int
    beats_expected: int

    def describe(self) -> str:
        """One line: channel, valid/ready levels, and progress."""
        def level(value: bool | None) -> str:
            return "-" if value is None else str(int(value))

        waiting = ""
        if self.valid and self.ready is False:
            waiting = " (valid high, ready low: stalled by the consumer)"
        elif self.valid is False and self.beats_done < self.beats_expected:
            waiting = " (valid low: the producer has nothing to send)"
        return (f"{self.direction} {self.channel}: valid={level(self.valid)} ready={level(self.ready)}, "
                f"{self.beats_done}/{self.beats_expected} beats{waiting}")


@dataclass(frozen=True)
class FifoFill:
    """How full one FIFO was when the watchdog fired."""

    path: str
    depth: int
    fill: int | None  # None when the simulator could not read the FIFO's occupancy signals

    @property
    def full(self) -> bool:
        """True when the FIFO holds at least its depth."""
        return self.fill is not None and self.fill >= self.depth

    def describe(self) -> str:
        """``path: fill/depth``, flagged when full or unreadable."""
        if self.fill is None:
            return f"{self.path}: occupancy not readable (depth {self.depth})"
        return f"{self.path}: {self.fill}/{self.depth}{' FULL' if self.full else ''}"


@dataclass(frozen=True)
class StallReport:
    """Why a run stopped without finishing: no handshake on any channel for ``idle_cycles`` cycles."""

    cycle: int
    idle_cycles: int
    handshakes: tuple[StalledHandshake, ...]
    fifos: tuple[FifoFill, ...] = ()

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StallReport:
        """The report from its JSON form (``dataclasses.asdict``)."""
        return cls(cycle=int(raw["cycle"]), idle_cycles=int(raw["idle_cycles"]),
                   handshakes=tuple(StalledHandshake(**h) for h in raw["handshakes"]),
                   fifos=tuple(FifoFill(**f) for f in raw["fifos"]))

    def message(self) -> str:
        """A readable multi-line account of the stall."""
        lines = [f"no handshake on any channel for {self.idle_cycles} cycles (stopped at cycle {self.cycle})"]
        lines += ["  " + h.describe() for h in self.handshakes]
        if self.fifos:
            lines.append("  FIFO fill:")
            lines += ["    " + f.describe() for f in self.fifos]
        return "\n".join(lines)


@dataclass(frozen=True)
class RawResult:
    """What the simulator recorded, before the host turns beats back into codes.

    ``input_cycles[i]`` / ``output_cycles[i]`` are the clock cycles (rising edges counted from the end
    of reset) of every handshake on channel i; ``output_beats[i]`` the data words; ``output_last[i]`` the
    TLAST bit of each beat; ``start_cycles``/``done_cycles`` where a sample began (ap_start high after the previous ap_ready) and ap_done was high.
    """

    status: str  # "ok" | "stalled"
    cycles: int
    sim_wall_seconds: float
    input_cycles: tuple[np.ndarray, ...]
    output_cycles: tuple[np.ndarray, ...]
    output_beats: tuple[np.ndarray, ...]
    output_last: tuple[np.ndarray, ...]
    start_cycles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    done_cycles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    x_beats: int = 0  # output beats that carried X/Z bits (read as 0)
    stall: StallReport | None = None  # what the watchdog saw when it stopped the run
    waves: str | None = None

    def write(self, npz_path: Path, json_path: Path) -> None:
        """Write the arrays to ``npz_path`` and the scalars to ``json_path``."""
        arrays: dict[str, np.ndarray] = {"start_cycles": self.start_cycles, "done_cycles": self.done_cycles}
        for i, cycles in enumerate(self.input_cycles):
            arrays[f"in{i}_cycles"] = cycles
        for i, (cycles, beats, last) in enumerate(zip(self.output_cycles, self.output_beats, self.output_last)):
            arrays[f"out{i}_cycles"], arrays[f"out{i}_beats"], arrays[f"out{i}_last"] = cycles, beats, last
        np.savez(npz_path, **arrays)
        scalars = {"status": self.status, "cycles": self.cycles, "sim_wall_seconds": self.sim_wall_seconds,
                   "n_inputs": len(self.input_cycles), "n_outputs": len(self.output_cycles),
                   "x_beats": self.x_beats, "stall": None if self.stall is None else asdict(self.stall),
                   "waves": self.waves}
        json_path.write_text(json.dumps(scalars, indent=1))

    @classmethod
    def read(cls, npz_path: Path, json_path: Path) -> RawResult:
        """Read a result written by :meth:`write`."""
        scalars = json.loads(Path(json_path).read_text())
        with np.load(npz_path) as arrays:
            return cls(
                status=scalars["status"],
                cycles=int(scalars["cycles"]),
                sim_wall_seconds=float(scalars["sim_wall_seconds"]),
                input_cycles=tuple(arrays[f"in{i}_cycles"] for i in range(scalars["n_inputs"])),
                output_cycles=tuple(arrays[f"out{i}_cycles"] for i in range(scalars["n_outputs"])),
                output_beats=tuple(arrays[f"out{i}_beats"] for i in range(scalars["n_outputs"])),
                output_last=tuple(arrays[f"out{i}_last"] for i in range(scalars["n_outputs"])),
                start_cycles=arrays["start_cycles"],
                done_cycles=arrays["done_cycles"],
                x_beats=int(scalars["x_beats"]),
                stall=None if scalars["stall"] is None else StallReport.from_json(scalars["stall"]),
                waves=scalars["waves"],
            )


def ints_to_words(values: list[int], width: int) -> np.ndarray:
    """Python ints of ``width`` bits as an ``(n, ceil(width / 64))`` uint64 array, low word first."""
    n_words = max(1, -(-width // 64))
    out = np.zeros((len(values), n_words), dtype=np.uint64)
    mask = (1 << 64) - 1
    for row, value in enumerate(values):
        for word in range(n_words):
            out[row, word] = (value >> (64 * word)) & mask
    return out


def words_to_ints(words: np.ndarray) -> list[int]:
    """The inverse of :func:`ints_to_words`."""
    words = np.asarray(words, dtype=np.uint64).reshape(len(words), -1)
    if words.shape[1] == 1:
        return words[:, 0].tolist()
    rows = words.tolist()  # Python ints: iterating numpy rows costs an exception per row
    return [sum(w << (64 * i) for i, w in enumerate(row)) for row in rows]


def write_input_beats(path: Path, beats: list[np.ndarray], last: list[np.ndarray]) -> None:
    """Write each input channel's beats (uint64 words) and TLAST bits to one ``.npz``."""
    arrays = {f"in{i}_beats": b for i, b in enumerate(beats)}
    arrays.update({f"in{i}_last": lst.astype(np.uint8) for i, lst in enumerate(last)})
    np.savez(path, **arrays)


def read_input_beats(path: Path, n_channels: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Read what :func:`write_input_beats` wrote: ``(beats, last)`` per channel."""
    with np.load(path) as arrays:
        beats = [arrays[f"in{i}_beats"] for i in range(n_channels)]
        last = [arrays[f"in{i}_last"] for i in range(n_channels)]
    return beats, last
