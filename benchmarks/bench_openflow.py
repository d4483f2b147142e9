"""Benchmark of the open RTL flow: cold and warm demo times, and RTL simulation throughput.

    .venv/bin/python benchmarks/bench_openflow.py [--model iris_mlp] [--samples 2000] [--json out.json]

1. The demo (``hwverify demo --model M``) twice in subprocesses sharing one fresh cache
   directory: cold (train, compile C-sim, trace, generate Verilog, synthesize, simulate) and warm
   (everything cached but the simulations). numba's compiled-code cache is kept (it is per machine,
   not per model: the very first da4ml solve on a machine adds 2-4 minutes).
2. Throughput on the same generated design, measured in this run: samples per second through the
   AXI-Stream shell in Icarus and in Verilator (hwverify's bulk path), next to da4ml's
   interpreter of the traced logic.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))



def time_demo(model: str, cache_dir: Path, numba_dir: str) -> float:
    """Wall seconds of one demo run in a subprocess using ``cache_dir`` as the hwverify cache."""
    env = dict(os.environ, HWVERIFY_CACHE_DIR=str(cache_dir), NUMBA_CACHE_DIR=numba_dir, TF_CPP_MIN_LOG_LEVEL="3")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "hwverify.cli", "demo", "--model", model], env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"the demo failed (exit {result.returncode})")
    print(result.stdout.strip().splitlines()[-1])
    return seconds


def throughput(model: str, n: int) -> dict[str, float]:
    """Samples per second of each way of running the same generated design on the same inputs."""
    import hwverify.sources.openflow  # noqa: F401  (numba cache location)
    from hwverify.model.config import HlsConfig
    from hwverify.model.csim import compile_csim
    from hwverify.model.zoo import load_reference_model
    from hwverify.sim.simulate import SimOptions, simulate
    from hwverify.sources.openflow.pipeline import generate_rtl
    from hwverify.sources.openflow.trace import load_or_trace

    reference = load_reference_model(model, "quantized")
    traced, _ = load_or_trace(compile_csim(reference.model, HlsConfig()).graph)
    rtl = generate_rtl(traced)
    fixed = traced.input.fixed_type
    codes = np.random.default_rng(0).integers(fixed.code_min, fixed.code_max + 1, size=(n, traced.input.n_elements))
    expected = traced.predict_codes(codes)
    rates: dict[str, float] = {}
    started = time.perf_counter()
    traced.predict_codes(codes)
    rates["da4ml interpreter (traced logic, no RTL)"] = n / (time.perf_counter() - started)
    for simulator in ("verilator", "icarus"):
        count = n if simulator == "verilator" else min(n, 500)
        result = simulate(rtl.to_rtl_design(), codes[:count], SimOptions(simulator=simulator))
        _require_equal((np.concatenate([e[:count] for e in expected], axis=1),), (result.output_codes,), simulator)
        rates[f"AXI-Stream shell + core, {simulator} bulk path"] = count / result.sim_wall_seconds
        rates[f"  ({simulator} build seconds, cached after the first run)"] = result.build_seconds
    return rates


def _require_equal(expected: tuple[np.ndarray, ...], actual: tuple[np.ndarray, ...], what: str) -> None:
    for e, a in zip(expected, actual):
        if not np.array_equal(e, a):
            raise SystemExit(f"{what} is not bit-exact with the traced logic: the benchmark is void")


def main() -> None:
    """Run the benchmark and print (and optionally save) its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="iris_mlp")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--skip-demo", action="store_true", help="only measure throughput")
    args = parser.parse_args()
    from hwverify.cache import default_cache_root

    figures: dict[str, float] = {}
    if not args.skip_demo:
        numba_dir = os.environ.get("NUMBA_CACHE_DIR", str(default_cache_root() / "numba"))
        with tempfile.TemporaryDirectory(prefix="hwverify-bench-") as cache:
            figures["demo cold seconds (empty cache, numba cache kept)"] = time_demo(args.model, Path(cache), numba_dir)
            figures["demo warm seconds"] = time_demo(args.model, Path(cache), numba_dir)
    figures.update({f"{name} samples/s" if "seconds" not in name else name: value for name, value in throughput(args.model, args.samples).items()})
    for name, value in figures.items():
        print(f"{name:<72} {value:12.1f}")
    if args.json:
        args.json.write_text(json.dumps({"model": args.model, "samples": args.samples, "figures": figures}, indent=1))


if __name__ == "__main__":
    main()
