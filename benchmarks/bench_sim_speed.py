"""Simulated cycles per second: cocotb path, bulk path, and a raw Verilator C++ harness, in one run.

All three run the same design on Verilator with the same inputs and no backpressure:
  cocotb  - Python adapters wake up every cycle (hwverify.sim.simulate, path="cocotb")
  bulk    - HDL stimulus player + recorder, cocotb waits for `done` (path="bulk", the default)
  raw     - the design's own ports driven from C++ with every beat in memory, no cocotb, no VPI, no file I/O
            per beat (benchmarks/raw_harness.py): the practical limit
Rates use the time inside each run's simulation loop (build and start-up excluded). Prints bulk / raw and
checks that the raw harness and the bulk path produced the same output beats.

    .venv/bin/python benchmarks/bench_sim_speed.py [--design stream_vitis] [--samples 100000] [--cocotb-samples 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.raw_harness import build_raw_harness, run_raw_harness  # noqa: E402
from hwverify.fixed import FixedType  # noqa: E402
from hwverify.sim.simulate import SimOptions, SimResult, plan_simulation, simulate  # noqa: E402
from hwverify.sources.design import RtlDesign  # noqa: E402
from hwverify.sources.stimulus import make_stimulus  # noqa: E402
from tests.rtl.designs import DESIGNS  # noqa: E402


@dataclass(frozen=True)
class Measurement:
    """One driving method's speed."""

    method: str
    cycles: int
    seconds: float

    @property
    def cycles_per_second(self) -> float:
        """Simulated cycles per wall-clock second."""
        return self.cycles / self.seconds


FIXTURE = "axis_pair"  # tests/rtl/data/axis_pair: a small packed AXI-Stream design with one FIFO


def rtl_design(name: str) -> RtlDesign:
    """A registry test design (or the axis_pair fixture) as an RtlDesign."""
    if name == FIXTURE:
        return RtlDesign.single(top="axis_pair", sources=(REPO / "tests/rtl/data/axis_pair/axis_pair.v",),
                                input_type=FixedType(8, 3), output_type=FixedType(9, 4), n_inputs=4, n_outputs=4)
    return DESIGNS[name].rtl()


def measure_path(design: RtlDesign, x: np.ndarray, path: str, work_dir: Path) -> tuple[Measurement, SimResult]:
    """Run one hwverify path on Verilator and time it."""
    result = simulate(design, x, SimOptions(simulator="verilator", path=path, work_dir=work_dir))
    return Measurement(path, result.cycles, result.sim_wall_seconds), result


def main() -> None:
    """Measure and print the three rates and the bulk / raw ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--design", default="stream_vitis", choices=sorted(DESIGNS) + [FIXTURE])
    parser.add_argument("--samples", type=int, default=100_000, help="samples for the bulk path and raw harness")
    parser.add_argument("--cocotb-samples", type=int, default=2_000, help="samples for the cocotb path")
    args = parser.parse_args()
    design = rtl_design(args.design)
    plan = plan_simulation(design)
    grids = tuple(None for _ in design.inputs)
    x_small = make_stimulus(design.inputs, grids, None, None, args.cocotb_samples, 0).codes
    x_large = make_stimulus(design.inputs, grids, None, None, args.samples, 1).codes
    with tempfile.TemporaryDirectory(prefix="hwverify-bench-") as tmp:
        cocotb_run, _ = measure_path(design, x_small, "cocotb", Path(tmp) / "cocotb")
        bulk_run, bulk_result = measure_path(design, x_large, "bulk", Path(tmp) / "bulk")
        raw_dir = Path(tmp) / "raw"
        raw_dir.mkdir()
        raw = run_raw_harness(build_raw_harness(plan), plan, x_large, raw_dir)
    raw_codes = design.output_bits_to_codes(plan.outputs.unpack(raw.beats, len(x_large)))
    same = np.array_equal(raw_codes, bulk_result.output_codes)
    print(f"design {args.design} on Verilator; {args.cocotb_samples} samples (cocotb), {args.samples} (bulk, raw)")
    for m in (cocotb_run, bulk_run, Measurement("raw", raw.cycles, raw.seconds)):
        print(f"  {m.method:7s} {m.cycles:>10,d} cycles in {m.seconds:8.3f} s = {m.cycles_per_second:>12,.0f} cycles/s")
    print(f"  bulk / raw = {bulk_run.cycles_per_second / raw.cycles_per_second:.1%}; bulk / cocotb = "
          f"{bulk_run.cycles_per_second / cocotb_run.cycles_per_second:.0f}x; raw and bulk outputs "
          f"{'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
