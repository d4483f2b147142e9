"""Find the HLS FIFOs inside a design, and compute their fill from the signals the watchdog read.

Vivado/Vitis HLS name FIFO modules ``[<prefix>_]fifo_w<W>_d<D>_A``; the shift-register style has
a pointer ``mOutPtr`` and the RAM style ``usedw``/``full_n``/``dout_valid``
(shared/reference/hls_rtl_conventions.md). Instances are found by walking the module hierarchy
from the top, reading module bodies and instantiations with regular expressions (exported RTL
is machine-written and regular).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hwverify.sim.spec import FifoFill, FifoProbe, StalledHandshake, StallReport

__all__ = ["fifo_fill", "find_fifos", "stall_report"]

_MODULE = re.compile(r"^\s*module\s+(\w+)(.*?)^\s*endmodule", re.S | re.M)
_INSTANCE = re.compile(r"^\s*(\w+)\s*(?:#\s*\((?:[^()]|\([^()]*\))*\))?\s*(\w+)\s*\(", re.M)
_FIFO_NAME = re.compile(r"fifo_w\d+_d(\d+)_[AS]$|start_for_\w+$")
_DEPTH_PARAMETER = re.compile(r"parameter\s+(?:integer\s+)?DEPTH\s*=\s*(?:\d+'d)?(\d+)")
_HANDSHAKE_PORTS = ("if_write", "if_full_n", "if_read", "if_empty_n")


def find_fifos(top: str, sources: Sequence[Path]) -> tuple[FifoProbe, ...]:
    """Every FIFO instance under ``top``, with its hierarchical path (instance names below the top)."""
    bodies: dict[str, str] = {}
    for source in sources:
        for match in _MODULE.finditer(_strip_comments(Path(source).read_text(errors="replace"))):
            bodies[match[1]] = match[2]
    probes: list[FifoProbe] = []
    _walk(top, (), bodies, probes, depth=0)
    return tuple(probes)


def _walk(module: str, path: tuple[str, ...], bodies: dict[str, str], out: list[FifoProbe], depth: int) -> None:
    if depth > 32 or module not in bodies:
        return
    for match in _INSTANCE.finditer(bodies[module]):
        child, instance = match[1], match[2]
        if child not in bodies:
            continue
        fifo = _FIFO_NAME.search(child)
        if fifo:
            body = bodies[child]
            depth = int(fifo[1]) if fifo[1] else _depth_parameter(body)
            handshake = all(re.search(rf"\b{name}\b", body) for name in _HANDSHAKE_PORTS)
            out.append(FifoProbe(path=path + (instance,), module=child, depth=depth, style=_fifo_style(body),
                                 handshake=handshake))
        else:
            _walk(child, path + (instance,), bodies, out, depth + 1)


def _depth_parameter(body: str) -> int:
    match = _DEPTH_PARAMETER.search(body)
    return int(match[1]) if match else 0


def _fifo_style(body: str) -> str:
    if "mOutPtr" in body:
        return "shiftreg"
    if all(re.search(rf"\b{name}\b", body) for name in ("usedw", "full_n", "dout_valid")):
        return "ram"
    return "unknown"  # the watchdog reports it as unreadable


def _strip_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def fifo_fill(state: dict[str, Any]) -> int:
    """Words held by a FIFO, from the raw signals the watchdog read.

    Shift-register style: ``mOutPtr`` is reset to all ones (empty) and counts up per word, so the
    fill is ``(mOutPtr + 1) mod 2**bits``. RAM style: ``usedw`` wraps to 0 when a power-of-two FIFO is
    full, hence ``(full_n ? usedw : DEPTH)``, plus the show-ahead output register ``dout_valid``.
    """
    if state["style"] == "direct":  # computed in HDL by the bulk path's top
        return int(state["fill"])
    if state["style"] == "shiftreg":
        return (int(state["mOutPtr"]) + 1) % (1 << int(state["ptr_bits"]))
    held = int(state["usedw"]) if int(state["full_n"]) else int(state["depth"])
    return held + int(state["dout_valid"])


def stall_report(raw: dict[str, Any]) -> StallReport:
    """The typed report from the watchdog's raw observations."""
    handshakes = tuple(StalledHandshake(**h) for h in raw["handshakes"])
    fifos = tuple(
        FifoFill(path=f["path"], depth=int(f["depth"]), fill=None if "error" in f else fifo_fill(f))
        for f in raw.get("fifos", ())
    )
    return StallReport(cycle=int(raw["cycle"]), idle_cycles=int(raw["idle_cycles"]), handshakes=handshakes,
                       fifos=fifos)
