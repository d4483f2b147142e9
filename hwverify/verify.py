"""Verify the RTL of an hls4ml project directory against the project's own C simulation.

One call does what a user asks of a project: find the RTL and the csynth report, compile the
project's C simulation, simulate the RTL on the same inputs (once without backpressure, where
latency and interval are measured against the report and the user's bounds, and once with seeded
random backpressure), and compare every output code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.compare import Mismatch, check_bit_exact
from hwverify.errors import ConfigError
from hwverify.inputs import verification_inputs
from hwverify.project import HlsProject, compile_project_csim
from hwverify.progress import StepLog
from hwverify.report import SynthesisReport, read_csynth_xml
from hwverify.rtl.design import RtlDesign
from hwverify.rtl.runner import Build, BuildRequest, build
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
    step_log: StepLog | None = None  # how long each step took

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
    log: StepLog | None = None,
) -> ProjectVerification:
    """Simulate a project's RTL on ``x`` (default: ``tb_data`` inputs plus random on-grid ones) and compare.

    Each step (C-sim compile, simulator build, each simulation, the comparison) is timed in ``log``; pass
    ``StepLog()`` to print them to stdout. Without a log nothing is printed."""
    log = log or StepLog(stream=io.StringIO())
    project = project if isinstance(project, HlsProject) else HlsProject.open(project)
    design = project_design(project)
    array = project.inputs[0]
    sample = project.sample_inputs() if x is None else np.asarray(x, dtype=np.float64)
    x = verification_inputs(sample, (array.size,), 0 if x is not None else n_random, seed, array.element_type, sample)
    x = array.element_type.quantize(x)
    expected = _csim_codes(project, x, log)
    with log.step(f"build RTL model ({simulator})") as notes:
        notes.append("built" if build_design(design, simulator).rebuilt else "cached")
    sims = _simulate_runs(design, array.element_type.quantize_codes(x), simulator, seed, log)
    with log.step("compare RTL outputs with C-sim, check timing") as notes:
        runs = [RtlRun(label, sim, tuple(check_bit_exact(expected, sim.output_codes))) for label, sim in sims]
        report = read_csynth_xml(project.csynth_xml) if project.csynth_xml else None
        violations = _timing_violations(runs[0].sim, report, bounds)
        notes.append(f"differing samples {' / '.join(str(len(run.mismatches)) for run in runs)} (without / with "
                     "backpressure)")
        notes.append(f"{len(violations)} timing violations")
    return ProjectVerification(project, len(x), tuple(runs), report, tuple(violations), log)


def build_design(design: RtlDesign, simulator: str) -> Build:
    """Compile ``design`` for ``simulator`` as :func:`~hwverify.rtl.simulate.simulate` does (cocotb path, no
    waveforms), so the simulations that follow find the build in the cache and the build is timed on its own."""
    return build(BuildRequest(simulator=simulator, top=design.top, sources=design.sources,
                              include_dirs=design.include_dirs, defines=design.defines,
                              parameters=design.parameters))


def _csim_codes(project: HlsProject, x: np.ndarray, log: StepLog) -> np.ndarray:
    """The project's C-simulation output codes for ``x`` (compiled, or loaded from the cache)."""
    with log.step(f"compile project C simulation ({project.name}, g++)") as notes:
        csim = compile_project_csim(project)
        notes.append("loaded from cache" if csim.loaded_from_cache else "compiled")
    with log.step(f"C simulation on {len(x)} samples"):
        return csim.predict_codes(x)[0]


def _simulate_runs(design: RtlDesign, input_codes: np.ndarray, simulator: str, seed: int,
                   log: StepLog) -> list[tuple[str, SimResult]]:
    """The RTL simulated without and with random backpressure, each run a step."""
    sims = []
    for label, (pause_in, pause_out) in (("no backpressure", (0.0, 0.0)), ("random backpressure", BACKPRESSURE)):
        options = SimOptions(simulator=simulator, input_backpressure=pause_in, output_backpressure=pause_out, seed=seed)
        with log.step(f"simulate RTL ({simulator}, {label}, {len(input_codes)} samples)") as notes:
            sim = simulate(design, input_codes, options)
            notes.append(f"{sim.cycles} cycles" + (", rebuilt" if sim.rebuilt else ""))
        sims.append((f"RTL ({simulator}, {label})", sim))
    return sims


def _timing_violations(sim: SimResult, report: SynthesisReport | None, bounds: Bounds | None) -> list[TimingViolation]:
    found: list[TimingViolation] = []
    for source, limit in (("csynth report", bounds_from_report(report) if report else None), ("bounds", bounds)):
        if limit is not None:
            found += check_latency(sim.latency_cycles, limit, source) + check_ii(sim.ii_cycles, limit, source)
    return found
