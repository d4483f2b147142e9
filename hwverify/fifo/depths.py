"""FIFO depths in the forms hls4ml users already have: ``fifo_depths.json`` and the stream pragmas.

hls4ml 1.3's FIFO depth optimizers (``backends/vivado|vitis/passes/fifo_depth_optimization.py``) set no
configuration key: they overwrite each output variable's ``pragma`` with ``('stream', depth)``. The Vitis
pass also writes ``fifo_depths.json`` as ``{variable: {"initial": d0, "optimized": d1}}``; the Vivado pass
uses max + 1. :func:`write_fifo_depths` writes that file; :func:`apply_to_hls_model` makes the same
pragma change on a converted hls4ml ``ModelGraph`` (before ``write()``/``build()``), and
:func:`hls4ml_snippet` prints the code that does it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwverify.errors import ConfigError
from hwverify.sim.fifos import FifoInstance

__all__ = [
    "VariableDepth",
    "apply_to_hls_model",
    "bram18k_estimate",
    "fifo_depths_for",
    "hls4ml_snippet",
    "read_fifo_depths",
    "variable_depths",
    "write_fifo_depths",
]

#: Below this many bits a FIFO is assumed to be built from shift registers / LUTRAM, not block RAM.
BRAM_THRESHOLD_BITS = 1024
#: (width, depth) aspect ratios of one RAMB18.
_BRAM18_SHAPES = ((1, 16384), (2, 8192), (4, 4096), (9, 2048), (18, 1024), (36, 512))


@dataclass(frozen=True)
class VariableDepth:
    """One hls4ml stream variable: its depth before and after calibration, and its storage."""

    variable: str
    initial: int
    optimized: int
    width_bits: int  # of one FIFO (one array element)
    n_fifos: int  # FIFOs carrying it (array elements for Vivado, 1 for Vitis)

    @property
    def initial_bits(self) -> int:
        """Storage bits at the initial depth, over all its FIFOs."""
        return self.initial * self.width_bits * self.n_fifos

    @property
    def optimized_bits(self) -> int:
        """Storage bits at the optimized depth, over all its FIFOs."""
        return self.optimized * self.width_bits * self.n_fifos


def variable_depths(fifos: Iterable[FifoInstance], proposed: Mapping[str, int]) -> tuple[VariableDepth, ...]:
    """Per hls4ml variable (all its per-element FIFOs share one stream depth): the largest proposed depth.

    Start-token FIFOs are left out: hls4ml has no setting for them.
    """
    grouped: dict[str, list[FifoInstance]] = {}
    for fifo in fifos:
        if not fifo.start_token:
            grouped.setdefault(fifo.variable, []).append(fifo)
    missing = [f.name for group in grouped.values() for f in group if f.name not in proposed]
    if missing:
        raise ConfigError(f"no proposed depth for FIFO(s): {', '.join(missing)}")
    return tuple(
        VariableDepth(variable=name, initial=max(f.depth for f in group),
                      optimized=max(proposed[f.name] for f in group), width_bits=max(f.width for f in group),
                      n_fifos=len(group))
        for name, group in grouped.items()
    )


def write_fifo_depths(path: Path, depths: Iterable[VariableDepth]) -> Path:
    """Write ``fifo_depths.json`` as hls4ml's Vitis flow does: ``{variable: {initial, optimized}}``."""
    data = {d.variable: {"initial": d.initial, "optimized": d.optimized} for d in depths}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, indent=4) + "\n")
    return Path(path)


def read_fifo_depths(path: Path) -> dict[str, int]:
    """The optimized depth per variable from a ``fifo_depths.json``; ConfigError naming a malformed entry."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(f"cannot read FIFO depths from {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected an object {{variable: {{initial, optimized}}}}")
    out: dict[str, int] = {}
    for name, entry in data.items():
        value = entry.get("optimized") if isinstance(entry, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{path}: entry '{name}' needs a positive integer 'optimized' depth, got {entry!r}")
        out[name] = value
    return out


def fifo_depths_for(fifos: Iterable[FifoInstance], by_variable: Mapping[str, int]) -> dict[str, int]:
    """Per FIFO instance name, the depth of its variable (what hls4ml would generate from the pragmas)."""
    return {f.name: by_variable[f.variable] for f in fifos if f.variable in by_variable}


def apply_to_hls_model(hls_model: Any, by_variable: Mapping[str, int]) -> list[str]:
    """Set ``('stream', depth)`` pragmas on a converted hls4ml ModelGraph, as hls4ml's optimizer does.

    Returns the variables of ``by_variable`` the model does not have (nothing is changed for them).
    """
    # keyed by the C++ variable name (layer4_out), which names the RTL FIFOs, not by the layer name
    variables = {getattr(v, "name", key): v for key, v in hls_model.output_vars.items()}
    missing = []
    for name, depth in by_variable.items():
        variable = variables.get(name)
        if variable is None or not getattr(variable, "pragma", None):
            missing.append(name)
            continue
        variable.pragma = (variable.pragma[0], int(depth))
    return missing


def hls4ml_snippet(by_variable: Mapping[str, int]) -> str:
    """Python that applies the depths to an hls4ml model before ``write()``/``build()``."""
    depths = json.dumps(dict(by_variable), indent=4)
    return (
        "# hls4ml 1.3 keeps FIFO depths in each stream variable's pragma (as its FIFO depth optimizer does)\n"
        f"fifo_depths = {depths}\n"
        "for var in hls_model.output_vars.values():\n"
        "    if var.name in fifo_depths and var.pragma:\n"
        "        var.pragma = (var.pragma[0], fifo_depths[var.name])\n"
        "hls_model.write()\n"
    )


def bram18k_estimate(width_bits: int, depth: int) -> int:
    """RAMB18 blocks for one FIFO of ``width_bits`` x ``depth``: 0 below BRAM_THRESHOLD_BITS (shift
    registers / LUTRAM), else the cheapest tiling over RAMB18's aspect ratios. An estimate, not a report."""
    if width_bits * depth <= BRAM_THRESHOLD_BITS:
        return 0
    return min(math.ceil(width_bits / w) * math.ceil(depth / d) for w, d in _BRAM18_SHAPES)
