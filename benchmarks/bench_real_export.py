"""Simulation speed on a real export: hwverify's default (bulk) path against a raw Verilator C++ harness.

Both run the same RTL of an hls4ml project directory on Verilator with the same samples, once without and
once with random backpressure (30% input gaps, 50% output stalls), in one run of this script. The raw
harness (benchmarks/raw_harness.py) drives the top's ports from C++ with the data in memory: the
practical limit. Figures are simulated cycles per second of each run's simulation loop (build and
start-up excluded; the build time is printed apart), and the outputs of both are compared.

    .venv/bin/python benchmarks/bench_real_export.py PROJECT_DIR [--samples 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from benchmarks.raw_harness import build_raw_harness, run_raw_harness  # noqa: E402
from hwverify.sim.simulate import SimOptions, plan_simulation, simulate  # noqa: E402
from hwverify.sources.project import HlsProject, project_design  # noqa: E402
from hwverify.sources.stimulus import make_stimulus  # noqa: E402

RUNS = (("no backpressure", 0.0, 0.0), ("random backpressure", 0.3, 0.5))


def main() -> None:
    """Measure and print both paths per run, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    design = project_design(HlsProject.open(args.project))
    plan = plan_simulation(design)
    codes = make_stimulus(design.inputs, tuple(None for _ in design.inputs), None, None, args.samples, 7).codes
    started = time.perf_counter()
    raw = build_raw_harness(plan)
    raw_build = time.perf_counter() - started
    print(f"{design.top} ({plan.interface.style.value}) from {args.project}: {args.samples} samples on Verilator")
    print(f"  raw harness build: {raw_build:.1f} s (cached when unchanged)")
    with tempfile.TemporaryDirectory(prefix="hwverify-bench-") as tmp:
        for label, pause_in, pause_out in RUNS:
            options = SimOptions(simulator="verilator", input_backpressure=pause_in, output_backpressure=pause_out,
                                 seed=3, watchdog_cycles=100_000)
            bulk = simulate(design, codes, options)
            work = Path(tmp) / label.replace(" ", "_")
            work.mkdir()
            raw_run = run_raw_harness(raw, plan, codes, work, pause_in, pause_out, seed=3)
            raw_codes = design.output_bits_to_codes(plan.outputs.unpack(raw_run.beats, len(codes)))
            same = "identical" if np.array_equal(raw_codes, bulk.output_codes) else "DIFFERENT"
            print(f"  {label}: hwverify bulk {bulk.cycles:,} cycles in {bulk.sim_wall_seconds:.3f} s = "
                  f"{bulk.cycles_per_second:,.0f} cycles/s (build {bulk.build_seconds:.1f} s); raw "
                  f"{raw_run.cycles:,} cycles in {raw_run.seconds:.3f} s = {raw_run.cycles_per_second:,.0f} cycles/s; "
                  f"bulk / raw = {bulk.cycles_per_second / raw_run.cycles_per_second:.1%}; outputs {same}")


if __name__ == "__main__":
    main()
