"""da4ml's own Verilator emulation of the generated core (``VerilogModel.compile()/predict()``).

It runs the da4ml pipeline's Verilog (without hwverify's shell) in a C++ harness that feeds one
sample per cycle: a fast second RTL opinion and a throughput reference for the benchmark. The
compiled library is cached under ``Cache("openflow_emulator")``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ToolFailed
from hwverify.sources.openflow.pipeline import GeneratedRtl
from hwverify.sources.openflow.trace import split_outputs
from hwverify.tools import ensure_verilator_on_path, package_versions, require_tool

#: Verilator's make rules call `python` and need the PCH include flag (shared/reference/stack.md).
_MAKEFLAGS = "PYTHON3=python3 CFG_CXXFLAGS_PCH_I=-include"


@dataclass
class Emulator:
    """A loaded da4ml emulator of one generated core."""

    rtl: GeneratedRtl
    model: Any  # da4ml VerilogModel with its library loaded
    build_seconds: float
    rebuilt: bool

    def predict_codes(self, input_codes: np.ndarray) -> tuple[np.ndarray, ...]:
        """Output codes per output array from input codes (n, inputs), through the emulated RTL."""
        codes = np.asarray(input_codes, dtype=np.int64).reshape(-1, self.rtl.input.n_elements)
        values = self.model.predict(self.rtl.input.fixed_type.to_float(codes), n_threads=1)
        return split_outputs(np.asarray(values, dtype=np.float64), self.rtl.outputs, as_values=True)


def build_emulator(rtl: GeneratedRtl) -> Emulator:
    """Compile (or load from the cache) da4ml's Verilator emulator of ``rtl``'s core."""
    ensure_verilator_on_path()
    require_tool("g++", "compiling da4ml's Verilator emulator", "Install it with: apt-get install g++")
    key = content_hash("openflow-emulator/1", file_sha256(rtl.pipeline_json), rtl.core_name, package_versions(("da4ml", "verilator")))
    started = time.perf_counter()
    entry, rebuilt = Cache("openflow_emulator").get_or_build(key, lambda d: _compile(rtl, d))
    model = _verilog_model(rtl, entry.path)
    model._load_lib()  # da4ml's loader for a library compiled earlier (there is no public one)
    return Emulator(rtl, model, time.perf_counter() - started, rebuilt)


def _verilog_model(rtl: GeneratedRtl, directory: Path) -> Any:
    from da4ml.cmvm.types import Pipeline
    from da4ml.codegen import VerilogModel

    pipeline = Pipeline.load(str(rtl.pipeline_json))
    return VerilogModel(pipeline, rtl.core_name, directory, latency_cutoff=rtl.latency_cutoff)


def _compile(rtl: GeneratedRtl, directory: Path) -> dict[str, str]:
    model = _verilog_model(rtl, directory)
    with _make_flags():
        try:
            model.compile(openmp=False, nproc=2)
        except RuntimeError as error:
            raise ToolFailed("da4ml emulator build (verilator + g++)", 1, str(error)) from error
    return {"core": rtl.core_name}


@contextlib.contextmanager
def _make_flags() -> Iterator[None]:
    saved = os.environ.get("MAKEFLAGS")
    os.environ["MAKEFLAGS"] = f"{saved or ''} {_MAKEFLAGS}".strip()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MAKEFLAGS", None)
        else:
            os.environ["MAKEFLAGS"] = saved
