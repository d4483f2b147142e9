"""Resource estimates for open-flow designs: da4ml's own, and a LUT/FF count from open synthesis (yosys).

da4ml's figures estimate the arithmetic core alone: LUTs from its cost model of the adders, and
the pipeline's register bits. yosys's figures are a technology mapping of the whole top (core and
AXI-Stream shell) with ``synth_xilinx`` onto Xilinx 7-series primitives (LUT1-6, flip-flops, CARRY4),
without timing-driven optimisation, so Vivado would typically report fewer LUTs. Neither is a
post-implementation figure. The yosys run is cached by the content of the Verilog.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ToolFailed, ToolNotFound
from hwverify.sources.openflow.pipeline import GeneratedRtl
from hwverify.tools import log_tail, require_tool, tool_version

YOSYS_WHAT = "yosys synth_xilinx (7-series LUT6 mapping, no timing optimisation) of core + shell"
DA4ML_WHAT = "da4ml cost model of the core (LUTs) and its pipeline register bits"
_FLIP_FLOPS = ("FDRE", "FDSE", "FDCE", "FDPE")
_LUTS = tuple(f"LUT{n}" for n in range(1, 7))


@dataclass(frozen=True)
class SynthesisCount:
    """Cells after open synthesis of the top module."""

    luts: int
    flip_flops: int
    carry_cells: int
    lutram_cells: int
    cells_by_type: tuple[tuple[str, int], ...]
    seconds: float


@dataclass(frozen=True)
class ResourceEstimate:
    """da4ml's estimate of the core and, when it ran, yosys's count for the whole design."""

    da4ml_luts: float
    da4ml_register_bits: int
    synthesis: SynthesisCount | None
    synthesis_note: str  # why synthesis is absent, or what it counts

    @property
    def what(self) -> str:
        """What the figures estimate."""
        return f"{DA4ML_WHAT}; {YOSYS_WHAT}"


def estimate_resources(rtl: GeneratedRtl, synthesize: bool = True, timeout_seconds: float = 600.0) -> ResourceEstimate:
    """da4ml's estimate plus yosys's count (cached); synthesis is skipped with a note when yosys is
    missing or takes longer than ``timeout_seconds``."""
    synthesis, note = None, "not run"
    if synthesize:
        try:
            synthesis, note = synthesize_counts(rtl, timeout_seconds), YOSYS_WHAT
        except subprocess.TimeoutExpired:
            note = f"yosys did not finish within {timeout_seconds:.0f} s"
        except ToolNotFound as error:
            note = str(error)
    return ResourceEstimate(rtl.da4ml_cost_luts, rtl.register_bits, synthesis, note)


def synthesize_counts(rtl: GeneratedRtl, timeout_seconds: float = 600.0) -> SynthesisCount:
    """yosys ``synth_xilinx -flatten`` of ``rtl``'s top; raises ToolNotFound, TimeoutExpired or ToolFailed."""
    require_tool("yosys", "open synthesis resource estimates", "Install it with: apt-get install yosys")
    key = content_hash("openflow-yosys/1", tool_version("yosys", "-V"), rtl.top, [(p.name, file_sha256(p)) for p in rtl.sources])
    entry, _ = Cache("openflow_yosys").get_or_build(key, lambda d: _run_yosys(rtl, d, timeout_seconds))
    stats = json.loads((entry.path / "stat.json").read_text())
    cells = stats["design"]["num_cells_by_type"]
    return SynthesisCount(
        luts=sum(int(cells.get(name, 0)) for name in _LUTS),
        flip_flops=sum(int(cells.get(name, 0)) for name in _FLIP_FLOPS),
        carry_cells=int(cells.get("CARRY4", 0)),
        lutram_cells=sum(int(n) for name, n in cells.items() if name.startswith("RAM")),
        cells_by_type=tuple(sorted((str(k), int(v)) for k, v in cells.items())),
        seconds=float(entry.metadata["seconds"]),
    )


def _run_yosys(rtl: GeneratedRtl, directory: Path, timeout_seconds: float) -> dict[str, float]:
    """Synthesise ``rtl`` with a script that names no path of the user's: the sources are copied into the entry
    under generated names and yosys runs there, so no directory name can be read as yosys commands (yosys
    quoting has no escape for a ``"`` followed by a space, and expands ``*?[`` in file names)."""
    names = _copy_sources(rtl.sources, directory / "src")
    # -defer: da4ml's unused helper modules (e.g. its lookup table with a placeholder file) are never elaborated.
    script = [f"read_verilog -defer {' '.join(names)}", f"synth_xilinx -flatten -top {rtl.top}",
              "tee -q -o stat.json stat -json"]
    (directory / "synth.ys").write_text("\n".join(script) + "\n")
    started = time.perf_counter()
    result = subprocess.run(["yosys", "-q", "-s", "synth.ys"], cwd=directory, capture_output=True, text=True,
                            timeout=timeout_seconds, check=False)
    if result.returncode != 0:
        raise ToolFailed("yosys", result.returncode, log_tail(result.stdout + result.stderr))
    return {"seconds": time.perf_counter() - started}


def _copy_sources(sources: tuple[Path, ...], target: Path) -> list[str]:
    """Copy ``sources`` to ``target`` as ``src/000.v``, ``src/001.v``, ...; their names relative to its parent."""
    target.mkdir()
    names = []
    for index, source in enumerate(sources):
        name = f"{index:03d}.v"
        shutil.copyfile(source, target / name)
        names.append(f"{target.name}/{name}")
    return names
