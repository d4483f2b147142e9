"""Stimulus adequacy of three input sets at equal counts on zoo models: test-set samples, random on-grid samples
(over the input type's range, as ``verify`` draws them) and a directed set (training and random samples chosen by
the boundary events of the C-sim trace, :mod:`hwverify.model.directed_inputs`).

For each zoo model (trained or cached, converted with hls4ml, its firmware compiled with hwverify's harness), one
set of single faults (a weight or bias +-1 LSB, spread over every layer) is injected into the firmware, and the
first N samples of each input set are scored: the fraction of the faults they detect. Printed as a table per model.

    python benchmarks/bench_adequacy.py [--models iris_mlp,jet_tagger,digits_cnn] [--faults 200] [--counts 5,20,100]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path


import numpy as np

from hwverify.checks.adequacy import measure_adequacy
from hwverify.flows.build_rtl import build_rtl_project, logits_model
from hwverify.flows.verify_project import firmware_inputs, value_grids
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.directed_inputs import directed_inputs
from hwverify.model.inputs import verification_inputs
from hwverify.model.mutants import sample_faults
from hwverify.model.zoo import load_reference_model
from hwverify.progress import StepLog
from hwverify.sources.project import HlsProject, compile_project_csim, project_design, project_weight_arrays
from hwverify.sources.stimulus import make_stimulus


def score_model(name: str, faults: int, counts: tuple[int, ...], seed: int, jobs: int, pool: int) -> list[str]:
    """The table rows of one zoo model: per input set, adequacy at each count."""
    reference = load_reference_model(name, "quantized")
    model, _ = logits_model(reference.model)
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / f"{name}_prj"
        build_rtl_project(model, HlsConfig(), root, StepLog(stream=io.StringIO()))
        project = HlsProject.open(root)
        design, csim, arrays = project_design(project), compile_project_csim(project), project_weight_arrays(project)
        weights = root / "firmware" / "weights"
        injected = sample_faults(arrays, weights, faults, seed)
        n = max(counts)
        grids = value_grids(project, design)
        data = reference.data
        test_rows = data.x_test[:n].reshape(min(n, len(data.x_test)), -1)
        sets = {"test set": make_stimulus(design.inputs, grids, test_rows, "test set", 0, seed),
                "random on-grid": make_stimulus(design.inputs, grids, None, None, n, seed),
                "directed": make_stimulus(design.inputs, grids, directed_set(model, data, n, pool, seed), "directed",
                                          0, seed)}
        rows = []
        for label, stimulus in sets.items():
            started = time.perf_counter()
            measured = measure_adequacy(csim, weights, arrays, firmware_inputs(design, stimulus.codes), injected,
                                        seed, jobs=jobs)
            seconds = time.perf_counter() - started
            scores = "  ".join(f"{measured.at(c):7.1%}" for c in counts)
            estimate = measured.estimated_samples_for(0.95)
            rows.append(f"{name:<20} {label:<16} {scores}  {'-' if estimate is None else estimate:>8}  "
                        f"{len(injected)} faults, {seconds:.1f} s")
        return rows


def directed_set(model, data, n: int, pool: int, seed: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``n`` samples chosen from training samples and random on-grid samples over the training range by the
    boundary events of the C-sim trace (:mod:`hwverify.model.directed_inputs`), flattened rows."""
    compiled = compile_csim(model, HlsConfig())
    shape = tuple(data.x_train.shape[1:])
    candidates = np.concatenate([data.x_train[:pool], verification_inputs(None, shape, pool, seed + 1,
                                                                          x_range=data.x_train)])
    chosen = directed_inputs(compiled, candidates, n)
    return chosen.reshape(len(chosen), -1)


def main(argv: list[str] | None = None) -> int:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="iris_mlp,jet_tagger,digits_cnn")
    parser.add_argument("--faults", type=int, default=200)
    parser.add_argument("--counts", default="5,20,100")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pool", type=int, default=2000,
                        help="directed: training samples and as many random ones to choose from")
    args = parser.parse_args(argv)
    counts = tuple(int(c) for c in args.counts.split(","))
    print(f"{'model':<20} {'inputs':<16} " + "  ".join(f"{f'n={c}':>7}" for c in counts) + "  n for 95%")
    for name in args.models.split(","):
        for row in score_model(name, args.faults, counts, args.seed, args.jobs, args.pool):
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
