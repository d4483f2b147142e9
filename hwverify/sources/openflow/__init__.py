"""The open RTL flow: verified Verilog for an hls4ml model without an HLS tool or licence.

Each layer of the converted hls4ml ``ModelGraph`` is rebuilt with da4ml's traced fixed-point arrays,
using hls4ml's own types (result, accumulator, weight and bias) and their rounding and overflow
modes, including an exact emulation of ``RND_CONV`` that da4ml lacks, so the generated Verilog is
bit-exact with hls4ml's C simulation. da4ml pipelines it (``latency_cutoff``) and hwverify wraps it in
an AXI-Stream shell (``rtl_sim/shell/hwv_axis_shell.v``) with the Vitis packed io_stream ports:
``ap_clk``, ``ap_rst_n``, ``<input var>_TDATA/_TVALID/_TREADY/_TLAST`` and one such stream per output
array, element 0 in the least significant bits.

**Softmax and sigmoid outputs are not built: the RTL outputs the logits** (the result of the layer
before them), and every comparison is made there. Supported layers: Dense, Conv1D/Conv2D
(im2col), ReLU and quantized ReLU, linear activations, BatchNormalization, MaxPooling,
Flatten/Reshape, ZeroPadding, Add/Subtract, Concatenate (Latency or Resource strategy). Anything else raises
:class:`hwverify.errors.UnsupportedLayer` pointing to the HLS export flow.

    >>> from hwverify.sources.openflow import load_or_trace, generate_rtl
    >>> traced, _ = load_or_trace(hls_model)
    >>> rtl = generate_rtl(traced)            # hwverify.flows.open_flow simulates and checks it

Importing this package points numba's cache at ``<hwverify cache>/numba`` (unless
``NUMBA_CACHE_DIR`` is set) before da4ml is imported: da4ml's first solve compiles numba code for
minutes, once per machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from hwverify.cache import default_cache_root


def _point_numba_cache_at_hwverify_root() -> None:
    os.environ.setdefault("NUMBA_CACHE_DIR", str(default_cache_root() / "numba"))


#: How long numba took to compile da4ml's solver on a cold cache (measured on the 2-core machine, see the note).
DA4ML_FIRST_COMPILE = "2.5 min on 2 cores"


def da4ml_compile_note() -> str:
    """`` (first run on this machine: ...)`` while numba's cache holds nothing compiled for da4ml, else ``""``: a
    step about to solve with da4ml says so before minutes without output."""
    cache = Path(os.environ.get("NUMBA_CACHE_DIR", default_cache_root() / "numba"))
    if cache.is_dir() and any(cache.rglob("*.nbi")):
        return ""
    return f" (first run on this machine: numba compiles da4ml's solver, about {DA4ML_FIRST_COMPILE}, once)"


_point_numba_cache_at_hwverify_root()

from hwverify.sources.openflow.pipeline import GeneratedRtl, generate_rtl  # noqa: E402  (after the numba cache location is set)
from hwverify.sources.openflow.trace import TracedModel, load_or_trace, trace_model  # noqa: E402

__all__ = ["GeneratedRtl", "TracedModel", "da4ml_compile_note", "generate_rtl", "load_or_trace", "trace_model"]
