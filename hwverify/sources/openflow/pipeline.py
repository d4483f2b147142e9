"""Pipelined Verilog from a traced model: da4ml's core plus hwverify's AXI-Stream shell, cached by content.

The entry under ``Cache("openflow")`` holds ``src/`` (the generated top, da4ml's pipeline, stage and
wrapper modules, its static helper modules and a copy of the shell), ``model/pipeline.json`` (da4ml's
pipeline) and ``metadata.json``.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError
from hwverify.sources.design import DataArray, RtlDesign
from hwverify.sources.openflow.shell import (
    SHELL_FAULTS,
    SHELL_SOURCE,
    FieldLayout,
    ShellTop,
    StreamPort,
    shell_top_verilog,
)
from hwverify.sources.openflow.trace import ArrayPort, TracedModel
from hwverify.tools import package_versions

CACHE_NAMESPACE = "openflow"
#: Default da4ml latency cutoff (in da4ml's delay units) between pipeline registers.
DEFAULT_LATENCY_CUTOFF = 5.0


@dataclass(frozen=True)
class GeneratedRtl:
    """A generated, pipelined design inside the AXI-Stream shell.

    ``core_latency_cycles`` is the da4ml pipeline's depth in clock edges (its stages plus its output
    register); ``shell_latency_cycles`` is what a testbench sees from an input handshake to the
    output becoming valid (one more, for the shell's output FIFO). ``da4ml_cost_luts`` is da4ml's own
    estimate of the core's LUTs and ``register_bits`` its pipeline register bits.
    """

    directory: Path
    top: str
    sources: tuple[Path, ...]
    data_files: tuple[Path, ...]
    input: ArrayPort
    outputs: tuple[ArrayPort, ...]
    pipeline_stages: int
    core_latency_cycles: int
    shell_latency_cycles: int
    fifo_depth: int
    latency_cutoff: float
    da4ml_cost_luts: float
    register_bits: int
    verilog_lines: int
    rebuilt: bool
    seconds: float

    @property
    def n_inputs(self) -> int:
        """Input elements per sample."""
        return self.input.n_elements

    @property
    def pipeline_json(self) -> Path:
        """da4ml's pipeline as da4ml serialises it (kept beside the Verilog it was generated from)."""
        return self.directory / "model" / "pipeline.json"

    @property
    def core_name(self) -> str:
        """The module name prefix of the da4ml core."""
        return f"{self.top}_core"

    def to_rtl_design(self, defines: dict[str, str] | None = None) -> RtlDesign:
        """The design for the shared simulation (one array per stream); ``defines`` may select one of the shell's
        fault-injected variants (:data:`hwverify.sources.openflow.shell.SHELL_FAULTS`), for the checks' own tests."""
        unknown = [d for d in defines or {} if d.startswith("HWV_SHELL_FAULT") and d not in SHELL_FAULTS]
        if unknown:
            raise ConfigError(f"unknown shell fault define(s) {unknown}; expected one of {SHELL_FAULTS}")
        return RtlDesign(
            top=self.top,
            sources=self.sources,
            data_files=self.data_files,
            inputs=(DataArray(self.input.fixed_type, self.input.n_elements),),
            outputs=tuple(DataArray(o.fixed_type, o.n_elements) for o in self.outputs),
            defines=dict(defines or {}),
        )


def generate_rtl(
    traced: TracedModel,
    top: str = "myproject",
    latency_cutoff: float = DEFAULT_LATENCY_CUTOFF,
) -> GeneratedRtl:
    """Pipelined Verilog for ``traced`` in the AXI-Stream shell, from the cache when it was built before."""
    from da4ml.cmvm.types import JSONEncoder

    if latency_cutoff <= 0:
        raise ConfigError(f"latency_cutoff must be positive (da4ml delay units), got {latency_cutoff}")
    if not top.isidentifier():
        raise ConfigError(f"top module name {top!r} is not a Verilog identifier")
    key = content_hash(
        "openflow-rtl/2",
        json.dumps(traced.comb, cls=JSONEncoder),
        top,
        repr(traced.input),
        repr(traced.outputs),
        latency_cutoff,
        file_sha256(SHELL_SOURCE),
        package_versions(("da4ml",)),
    )
    started = time.perf_counter()
    entry, rebuilt = Cache(CACHE_NAMESPACE).get_or_build(key, lambda d: _write_project(traced, top, latency_cutoff, d))
    return _load(entry.path, entry.metadata, traced, rebuilt, time.perf_counter() - started)


def _write_project(traced: TracedModel, top: str, latency_cutoff: float, directory: Path) -> dict[str, Any]:
    from da4ml.codegen import VerilogModel
    from da4ml.trace import to_pipeline

    pipeline = to_pipeline(traced.comb, latency_cutoff, verbose=False)
    core = f"{top}_core"
    VerilogModel(pipeline, core, directory, latency_cutoff=latency_cutoff).write()
    stages = len(pipeline.solutions)
    core_latency = stages + 1  # one register in front of each stage, plus the output register
    spec = ShellTop(
        top=top,
        core_wrapper=f"{core}_wrapper",
        input=_stream(traced.input),
        outputs=tuple(_stream(port) for port in traced.outputs),
        core_input=_uniform_layout(pipeline.inp_qint),
        core_output=_uniform_layout(pipeline.out_qint),
        core_latency_cycles=core_latency,
        fifo_depth=core_latency + 2,
    )
    (directory / "src" / f"{top}.v").write_text(shell_top_verilog(spec))
    shutil.copy2(SHELL_SOURCE, directory / "src" / SHELL_SOURCE.name)
    lines = sum(len(p.read_text().splitlines()) for p in (directory / "src").rglob("*.v"))
    return {
        "top": top,
        "pipeline_stages": stages,
        "core_latency_cycles": core_latency,
        "shell_latency_cycles": core_latency + 1,
        "fifo_depth": spec.fifo_depth,
        "latency_cutoff": latency_cutoff,
        "da4ml_cost_luts": float(pipeline.cost),
        "register_bits": int(pipeline.reg_bits),
        "verilog_lines": lines,
    }


def _stream(port: ArrayPort) -> StreamPort:
    return StreamPort(port.name, port.n_elements, port.fixed_type)


def _uniform_layout(qints: list[Any]) -> FieldLayout:
    """da4ml's wrapper pads every element to the widest one, LSBs aligned to the finest fraction."""
    from da4ml.cmvm.types import _minimal_kif

    kifs = [_minimal_kif(q) for q in qints]
    signed = max(int(k) for k, _, _ in kifs)
    integer = max(int(i) for _, i, _ in kifs)
    fractional = max(int(f) for _, _, f in kifs)
    return FieldLayout(width=signed + integer + fractional, fractional=fractional, signed=bool(signed))


def _load(directory: Path, meta: dict[str, Any], traced: TracedModel, rebuilt: bool, seconds: float) -> GeneratedRtl:
    src = directory / "src"
    top = str(meta["top"])
    sources = tuple(sorted(src.glob("*.v")) + sorted((src / "static").glob("*.v")))
    data_files = tuple(sorted((src / "memfiles").glob("*")))
    return GeneratedRtl(
        directory=directory,
        top=top,
        sources=sources,
        data_files=data_files,
        input=traced.input,
        outputs=traced.outputs,
        pipeline_stages=int(meta["pipeline_stages"]),
        core_latency_cycles=int(meta["core_latency_cycles"]),
        shell_latency_cycles=int(meta["shell_latency_cycles"]),
        fifo_depth=int(meta["fifo_depth"]),
        latency_cutoff=float(meta["latency_cutoff"]),
        da4ml_cost_luts=float(meta["da4ml_cost_luts"]),
        register_bits=int(meta["register_bits"]),
        verilog_lines=int(meta["verilog_lines"]),
        rebuilt=rebuilt,
        seconds=seconds,
    )
