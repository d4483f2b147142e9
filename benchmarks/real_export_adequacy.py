"""Stimulus adequacy on the corpus of real exports: how many single weight faults the inputs ``verify`` uses detect.

For each corpus project (benchmarks/real_exports.toml; checkouts as real_exports.py describes) the firmware is
compiled with hwverify's harness, single faults (one weight or bias +-1 LSB, spread over every layer) are injected
through the weight files it reads at run time, and the project's own tb_data samples followed by random on-grid
samples go through every mutant: the same inputs, in the same order, as ``hwverify verify``. Only the reference
runs: no RTL is simulated. One row per project.

    .venv/bin/python benchmarks/real_export_adequacy.py CORPUS_ROOT [--only ece226,dnnos_rf32] [--faults 100]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.real_exports import load_manifest  # noqa: E402
from hwverify.checks.adequacy import measure_adequacy  # noqa: E402
from hwverify.errors import HwverifyError  # noqa: E402
from hwverify.flows.verify_project import firmware_inputs, value_grids  # noqa: E402
from hwverify.model.mutants import sample_faults  # noqa: E402
from hwverify.sources.project import (  # noqa: E402
    HlsProject,
    compile_project_csim,
    project_design,
    project_weight_arrays,
)
from hwverify.sources.stimulus import make_stimulus  # noqa: E402


def adequacy_row(directory: Path, faults: int, samples: int, seed: int, jobs: int) -> str:
    """One project's figures: weight arrays, faults, adequacy at 10/100/all samples, estimate for 95%."""
    project = HlsProject.open(directory)
    design = project_design(project)
    csim, arrays = compile_project_csim(project), project_weight_arrays(project)
    weights = directory / "firmware" / "weights"
    injected = sample_faults(arrays, weights, faults, seed)
    stimulus = make_stimulus(design.inputs, value_grids(project, design), project.sample_inputs(), "tb_data",
                             samples, seed)
    started = time.perf_counter()
    measured = measure_adequacy(csim, weights, arrays, firmware_inputs(design, stimulus.codes), injected, seed,
                                jobs=jobs)
    seconds = time.perf_counter() - started
    estimate = measured.estimated_samples_for(0.95)
    weakest = min(measured.by_layer(), key=lambda layer: layer.detected / layer.injected)
    return (f"| {len(arrays)} | {len(injected)} | {stimulus.from_file}+{stimulus.random} | "
            f"{measured.at(10):.0%} | {measured.at(100):.0%} | {measured.score:.1%} | "
            f"{'out of reach' if estimate is None else estimate} | {weakest.layer} {weakest.detected}/{weakest.injected}"
            f" | {seconds:.0f} s |")


def main(argv: list[str] | None = None) -> int:
    """Print a markdown table, one row per project."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="directory holding one checkout per manifest entry")
    parser.add_argument("--only", default=None, help="comma-separated ids to run")
    parser.add_argument("--faults", type=int, default=100)
    parser.add_argument("--samples", type=int, default=2000, help="random samples after the project's tb_data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    print("| project | weight arrays | faults | samples (tb_data+random) | 10 samples | 100 | all | samples for 95% "
          "| weakest layer | time |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for project in load_manifest():
        if only and project.id not in only:
            continue
        directory = args.root / project.checkout / project.project_dir
        try:
            row = adequacy_row(directory, args.faults, args.samples, args.seed, args.jobs)
        except HwverifyError as error:
            row = f"| {str(error).splitlines()[0][:120]} |"
        print(f"| {project.id} {row}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
