"""Verify the RTL of an hls4ml project directory against the project's own C simulation.

One call does what a user asks of a project: find the RTL and the csynth report, compile the
project's C simulation, simulate the RTL on the same inputs (once without backpressure, where
latency and interval are measured against the report and the user's bounds, and once with seeded
random backpressure), and compare every output code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.compare import Mismatch, check_bit_exact
from hwverify.errors import ConfigError
from hwverify.inputs import verification_inputs
from hwverify.project import HlsProject, compile_project_csim
from hwverify.report import SynthesisReport, read_csynth_xml
from hwverify.rtl.design import RtlDesign
from hwverify.rtl.simulate import SimOptions, SimResult, simulate
from hwverify.rtl.timing import Bounds, TimingViolation, bounds_from_report, check_ii, check_latency

#: Pause probabilities of the backpressure run (input valid gaps, output ready low).
BACKPRESSURE = (0.3, 0.5)


@dataclass(frozen=True)
class RtlRun:
    """One simulation of the project's RTL and its comparison with the C simulation."""

    label: str
    sim: SimResult
    mismatches: tuple[Mismatch, ...]


@dataclass(frozen=True)
class ProjectVerification:
    """The outcome of :func:`verify_project`."""

    project: HlsProject
    n_samples: int
    runs: tuple[RtlRun, ...]  # [0] without backpressure, [1] with random backpressure
    report: SynthesisReport | None
    timing_violations: tuple[TimingViolation, ...]

    @property
    def ok(self) -> bool:
        """Bit-exact in every run and within every timing bound."""
        return not self.timing_violations and all(not run.mismatches for run in self.runs)

    def describe(self) -> str:
        """A readable report."""
        output = self.project.outputs[0]
        lines = [f"project {self.project.name} ({self.project.root}): RTL vs its C simulation, {self.n_samples} samples"]
        for run in self.runs:
            lines.append(f"  {run.label}: {len(run.mismatches)} of {self.n_samples} samples differ")
            if run.mismatches:
                m = run.mismatches[0]
                lines.append(
                    f"    first: sample {m.sample}, element {m.element} of {output.name}: expected code "
                    f"{m.expected_code} (C-sim), got {m.actual_code} (RTL), {m.lsb_distance:+g} LSB"
                )
        free = self.runs[0].sim
        if free.latency is not None:
            ii = free.ii
            lines.append(
                f"  latency {free.latency.min}-{free.latency.max} cycles"
                + (f", II {ii.min}-{ii.max}" if ii else "")
                + (
                    f"; csynth report: latency {self.report.latency_best_cycles}-{self.report.latency_worst_cycles}, "
                    f"interval {self.report.interval_min_cycles}-{self.report.interval_max_cycles}"
                    if self.report
                    else "; no csynth report"
                )
            )
        lines += [f"  {v.describe()}" for v in self.timing_violations[:5]]
        return "\n".join(lines)


def project_design(project: HlsProject) -> RtlDesign:
    """The project's exported RTL as an :class:`RtlDesign` (one input and one output array)."""
    if project.rtl_dir is None:
        raise ConfigError(
            f"no exported RTL found in {project.root} (looked for {project.name}_prj/solution1/impl/verilog and "
            "syn/verilog); run the HLS export first or pass the RTL directory explicitly"
        )
    if len(project.inputs) != 1 or len(project.outputs) != 1:
        raise ConfigError(
            f"project {project.name} has {len(project.inputs)} input and {len(project.outputs)} output arrays; "
            "RTL verification of a project supports one of each"
        )
    sources = tuple(sorted(project.rtl_dir.glob("*.v")) + sorted(project.rtl_dir.glob("*.sv")))
    return RtlDesign(
        top=project.name,
        sources=sources,
        data_files=tuple(sorted(project.rtl_dir.glob("*.dat"))),
        input_type=project.inputs[0].element_type,
        output_type=project.outputs[0].element_type,
        n_inputs=project.inputs[0].size,
        n_outputs=project.outputs[0].size,
    )


def verify_project(
    project: HlsProject | Path | str,
    x: np.ndarray | None = None,
    n_random: int = 1000,
    seed: int = 2026,
    simulator: str = "verilator",
    bounds: Bounds | None = None,
) -> ProjectVerification:
    """Simulate a project's RTL on ``x`` (default: ``tb_data`` inputs plus random on-grid ones) and compare."""
    project = project if isinstance(project, HlsProject) else HlsProject.open(project)
    design = project_design(project)
    array = project.inputs[0]
    sample = project.sample_inputs() if x is None else np.asarray(x, dtype=np.float64)
    x = verification_inputs(sample, (array.size,), 0 if x is not None else n_random, seed, array.element_type, sample)
    x = array.element_type.quantize(x)
    expected = compile_project_csim(project).predict_codes(x)[0]
    input_codes = array.element_type.quantize_codes(x)
    runs = []
    for label, (pause_in, pause_out) in (("no backpressure", (0.0, 0.0)), ("random backpressure", BACKPRESSURE)):
        options = SimOptions(simulator=simulator, input_backpressure=pause_in, output_backpressure=pause_out, seed=seed)
        sim = simulate(design, input_codes, options)
        runs.append(RtlRun(f"RTL ({simulator}, {label})", sim, tuple(check_bit_exact(expected, sim.output_codes))))
    report = read_csynth_xml(project.csynth_xml) if project.csynth_xml else None
    violations = _timing_violations(runs[0].sim, report, bounds)
    return ProjectVerification(project, len(x), tuple(runs), report, tuple(violations))


def _timing_violations(sim: SimResult, report: SynthesisReport | None, bounds: Bounds | None) -> list[TimingViolation]:
    found: list[TimingViolation] = []
    for source, limit in (("csynth report", bounds_from_report(report) if report else None), ("bounds", bounds)):
        if limit is not None:
            found += check_latency(sim.latency_cycles, limit, source) + check_ii(sim.ii_cycles, limit, source)
    return found
