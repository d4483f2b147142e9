"""Simulated cycles per second: cocotb path, bulk path, and a plain Verilator C++ harness, in one run.

All three run the same design on Verilator with the same inputs and no backpressure:
  cocotb  - Python adapters wake up every cycle (hwverify.rtl.simulate, path="cocotb")
  bulk    - HDL stimulus player + recorder, cocotb waits for `done` (path="bulk")
  plain   - the bulk path's generated top built by Verilator with a small C++ main (rtl_sim/hdl/plain_main.cpp):
            no cocotb, no VPI; the same HDL player streams the same input files
Rates use the time inside the simulator's run loop (build and start-up excluded). Prints the ratio
bulk / plain (target >= 25%).

    .venv/bin/python benchmarks/bench_sim_speed.py [--design stream_vitis] [--samples 100000] [--cocotb-samples 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hwverify.cache import Cache, content_hash, file_sha256  # noqa: E402
from hwverify.fixed import FixedType  # noqa: E402
from hwverify.rtl.bulk import BULK_TOP, bulk_build_request, bulk_plusargs  # noqa: E402
from hwverify.rtl.design import RtlDesign  # noqa: E402
from hwverify.rtl.runner import RTL_SIM_DIR, VERILATOR_MAKEFLAGS, VERILATOR_WARNING_ARGS  # noqa: E402
from hwverify.rtl.simulate import SimOptions, SimResult, design_interface, simulate  # noqa: E402
from hwverify.tools import ensure_verilator_on_path  # noqa: E402
from tests.rtl.designs import DESIGNS  # noqa: E402

PLAIN_MAIN = RTL_SIM_DIR / "hdl" / "plain_main.cpp"


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
    d = DESIGNS[name]
    return RtlDesign.single(top=d.top, sources=d.sources, data_files=d.data_files, input_type=d.input_type,
                     output_type=d.output_type, n_inputs=d.n_inputs, n_outputs=d.n_outputs)


def measure_path(design: RtlDesign, x: np.ndarray, path: str, work_dir: Path) -> tuple[Measurement, SimResult]:
    """Run one path on Verilator and time it."""
    result = simulate(design, x, SimOptions(simulator="verilator", path=path, work_dir=work_dir))
    return Measurement(path, result.cycles, result.sim_wall_seconds), result


def build_plain_harness(design: RtlDesign) -> Path:
    """The bulk top + plain_main.cpp built by Verilator alone (cached); returns the executable."""
    request = bulk_build_request(design, design_interface(design), SimOptions(simulator="verilator", path="bulk"))
    key = content_hash("plain_harness/1", request.key(), file_sha256(PLAIN_MAIN))

    def build(directory: Path) -> dict[str, object]:
        command = [
            "verilator", "--cc", "--exe", "--build", "-j", "2",
            *VERILATOR_WARNING_ARGS, "--top-module", BULK_TOP, "-Mdir", str(directory / "obj"), "-o", "Vplain",
            *(f"-D{k}={v}" for k, v in request.defines.items()), str(PLAIN_MAIN), *map(str, request.sources),
        ]
        env = {**os.environ, "MAKEFLAGS": VERILATOR_MAKEFLAGS}
        subprocess.run(command, check=True, env=env, capture_output=True, text=True)
        return {}

    ensure_verilator_on_path()
    entry, _ = Cache("rtl_builds").get_or_build(key, build)
    return entry.path / "obj" / "Vplain"


def measure_plain(executable: Path, work_dir: Path, plusargs: tuple[str, ...]) -> Measurement:
    """Run the plain harness in a bulk run's directory (its in*.hex files) and read its own timing."""
    out = subprocess.run([str(executable), *plusargs, "+hwv_finish"], cwd=work_dir, check=True,
                         capture_output=True, text=True).stdout
    cycles = int(re.search(r"hwv_cycles (\d+)", out)[1])  # type: ignore[index]
    seconds = float(re.search(r"hwv_wall_seconds ([0-9.]+)", out)[1])  # type: ignore[index]
    return Measurement("plain", cycles, seconds)


def main() -> None:
    """Measure and print the three rates and the bulk / plain ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--design", default="stream_vitis", choices=sorted(DESIGNS) + [FIXTURE])
    parser.add_argument("--samples", type=int, default=100_000, help="samples for the bulk path and plain harness")
    parser.add_argument("--cocotb-samples", type=int, default=2_000, help="samples for the cocotb path")
    args = parser.parse_args()
    design = rtl_design(args.design)
    rng = np.random.default_rng(0)
    fixed = design.input_type
    x_small = rng.integers(fixed.code_min, fixed.code_max + 1, size=(args.cocotb_samples, design.n_inputs))
    x_large = rng.integers(fixed.code_min, fixed.code_max + 1, size=(args.samples, design.n_inputs))
    with tempfile.TemporaryDirectory(prefix="hwverify-bench-") as tmp:
        cocotb_run, _ = measure_path(design, x_small, "cocotb", Path(tmp) / "cocotb")
        bulk_dir = Path(tmp) / "bulk"
        bulk_run, bulk_result = measure_path(design, x_large, "bulk", bulk_dir)
        beats_in = design.n_inputs // bulk_result.interface.input_elements_per_beat
        beats_out = design.n_outputs // bulk_result.interface.output_elements_per_beat
        plusargs = bulk_plusargs(args.samples * beats_in, args.samples * beats_out,
                                 SimOptions(simulator="verilator", path="bulk"))
        plain_run = measure_plain(build_plain_harness(design), bulk_dir, plusargs)
    print(f"design {args.design} on Verilator; {args.cocotb_samples} samples (cocotb), {args.samples} (bulk, plain)")
    for m in (cocotb_run, bulk_run, plain_run):
        print(f"  {m.method:7s} {m.cycles:>10,d} cycles in {m.seconds:8.3f} s = {m.cycles_per_second:>12,.0f} cycles/s")
    ratio = bulk_run.cycles_per_second / plain_run.cycles_per_second
    print(f"  bulk / plain = {ratio:.1%} (target >= 25%); bulk / cocotb = "
          f"{bulk_run.cycles_per_second / cocotb_run.cycles_per_second:.0f}x")


if __name__ == "__main__":
    main()
