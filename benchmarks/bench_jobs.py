"""Samples per second of one simulation split across N simulator processes (``--jobs N``) against one process.

The design is built once (timed apart). Then the same samples run through ``hwverify.sim.simulate`` with random
backpressure, with ``jobs=1`` and ``jobs=N`` alternately, ``--repeat`` times each, in one run of this script.
The figure is what a user waits for: the wall time of each ``simulate`` call (writing the inputs, starting the
simulator processes, simulating, reading and merging the results), never the build. The outputs of both must
be identical; the script exits 1 otherwise.

    .venv/bin/python benchmarks/bench_jobs.py PROJECT_DIR [--samples 20000] [--jobs 2] [--repeat 2]
    .venv/bin/python benchmarks/bench_jobs.py [--design stream_vitis]   (a test design, no project needed)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from hwverify.sim.simulate import SimOptions, SimResult, build_design, simulate  # noqa: E402
from hwverify.sources.design import RtlDesign  # noqa: E402
from hwverify.sources.project import HlsProject, project_design  # noqa: E402
from hwverify.sources.stimulus import make_stimulus  # noqa: E402
from tests.rtl.designs import DESIGNS  # noqa: E402


def timed(design: RtlDesign, codes: np.ndarray, options: SimOptions) -> tuple[float, SimResult]:
    """One simulate() call and its wall time."""
    started = time.perf_counter()
    result = simulate(design, codes, options)
    return time.perf_counter() - started, result


def main() -> int:
    """Measure and print samples/s for one process and for N, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, nargs="?", help="an hls4ml project directory with exported RTL")
    parser.add_argument("--design", choices=sorted(DESIGNS),
                        help="a test design instead of a project (default without a project: stream_vitis)")
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.project is not None and args.design is not None:
        parser.error("give a project directory or --design, not both")
    if args.project is None and args.design is None:
        args.design = "stream_vitis"
    design = DESIGNS[args.design].rtl() if args.design else project_design(HlsProject.open(args.project))
    codes = make_stimulus(design.inputs, tuple(None for _ in design.inputs), None, None, args.samples, 11).codes
    base = SimOptions(input_backpressure=0.2, output_backpressure=0.3, seed=4, watchdog_cycles=100_000)
    started = time.perf_counter()
    build_design(design, base)
    print(f"{design.top} from {args.project or args.design}: {args.samples} samples on Verilator, "
          f"build {time.perf_counter() - started:.1f} s (apart; cached when unchanged)")
    seconds: dict[int, list[float]] = {1: [], args.jobs: []}
    results: dict[int, SimResult] = {}
    for _ in range(args.repeat):
        for jobs in seconds:
            wall, results[jobs] = timed(design, codes, SimOptions(**{**base.__dict__, "jobs": jobs}))
            seconds[jobs].append(wall)
    rates = {jobs: args.samples / statistics.median(walls) for jobs, walls in seconds.items()}
    for jobs, walls in seconds.items():
        print(f"  jobs {jobs}: {', '.join(f'{w:.2f}' for w in walls)} s -> {rates[jobs]:,.0f} samples/s (median); "
              f"{results[jobs].cycles:,} cycles simulated")
    same = np.array_equal(results[1].output_codes, results[args.jobs].output_codes)
    print(f"  jobs {args.jobs} / jobs 1 = {rates[args.jobs] / rates[1]:.2f}x samples/s; "
          f"outputs {'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
