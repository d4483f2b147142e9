"""Verify the RTL of an hls4ml project directory against the firmware it was exported from.

One call does what a user asks of a project: find the RTL that matches the firmware, compile the
firmware's top function (with hwverify's harness), simulate the RTL on the same inputs once without
backpressure (where latency and interval are measured against the csynth report and the user's bounds)
and once with seeded random backpressure on every channel, and check every output code, the framing
of every output stream (beat counts, TLAST), and the timing.

Which measurement each csynth figure bounds (:mod:`hwverify.sim.measure`): io_parallel latency is
ap_start -> ap_done, streaming latency first input -> last output of a sample; the interval is the
distance between sample starts. A pipelined (non-dataflow) io_parallel design must meet both ends of
the report's ranges. Dataflow and streaming figures are estimates (often pessimistic): a measurement
below the best case is reported, not failed; above the worst case fails.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from hwverify.checks.adequacy import DEFAULT_FAULTS, AdequacyCheck, choose_sample_count, measure_adequacy
from hwverify.checks.bounds import Bounds, Measurements
from hwverify.checks.timing import TimingViolation, check_ii, check_latency
from hwverify.errors import ConfigError
from hwverify.fifo.calibration import CalibrationSettings, measure_fifo_occupancy
from hwverify.fixed import FixedType
from hwverify.flows.rtl_runs import RtlRun, backpressure_runs, checked_run
from hwverify.model.harness import FirmwareCsim
from hwverify.model.inputs import read_sample_file
from hwverify.model.mutants import sample_faults
from hwverify.progress import NativeOutput, StepLog
from hwverify.protocols import IoStyle
from hwverify.sim.fifos import find_fifo_instances
from hwverify.sim.runner import require_simulator, require_unique_modules
from hwverify.sim.simulate import DEFAULT_WATCHDOG_CYCLES, SimOptions, SimPath, SimResult, Simulator, build_design
from hwverify.sources.csynth import SynthesisReport, read_core_generation_info, read_csynth_xml
from hwverify.sources.design import RtlDesign
from hwverify.sources.project import HlsProject, compile_project_csim, project_design, project_weight_arrays
from hwverify.sources.stimulus import Stimulus, make_stimulus

__all__ = ["ProjectVerification", "RtlRun", "TimingCheck", "VerifyOptions", "check_timing", "default_samples",
           "firmware_codes", "firmware_inputs", "project_design", "synthesis_figures", "value_grids", "verify_project",
           "watchdog_cycles_for"]

#: Pause probabilities of the backpressure run (input valid gaps, output ready low).
#: Where the interval bound comes from when there is no csynth report.
DEEP_FIFO_SOURCE = "the same RTL with every FIFO deep"
#: Simulated cycles per run that choose the default number of random samples (seconds in Verilator).
CYCLE_BUDGET = 2_000_000
SAMPLES_MIN, SAMPLES_MAX, SAMPLES_WITHOUT_REPORT = 2, 20_000, 1_000
#: Samples of the one-at-a-time run that measures the latency a csynth report describes.
ALONE_SAMPLES = 16


@dataclass(frozen=True)
class VerifyOptions:
    """How to verify a project: inputs, simulator, path, seed, watchdog, extra bounds."""

    samples: int | None = None  # random samples; None: as many as CYCLE_BUDGET simulated cycles hold
    frames: int | None = None  # at most this many samples from the input file
    inputs: Path | None = None  # a file of samples instead of tb_data/tb_input_features.dat
    seed: int = 2026
    simulator: Simulator = Simulator.VERILATOR
    path: SimPath = SimPath.BULK
    watchdog_cycles: int | None = None  # None: scaled to the csynth latency (at least 2,000)
    bounds: Bounds | None = None
    jobs: int = 1  # simulator processes each run's samples are split across (SimOptions.jobs)
    adequacy: float | None = None  # measure stimulus adequacy and require this fraction of faults detected
    faults: int = DEFAULT_FAULTS  # single faults injected to measure it

    def __post_init__(self) -> None:
        for name in ("samples", "frames", "watchdog_cycles", "jobs", "faults"):
            value = getattr(self, name)
            if value is not None and value < (1 if name in ("watchdog_cycles", "jobs", "faults") else 0):
                raise ConfigError(f"--{name.replace('_', '-')} must be a positive number, got {value}")
        if self.adequacy is not None and not 0 < self.adequacy <= 1:
            raise ConfigError(f"--adequacy is the fraction of injected faults the samples must detect, between 0 "
                              f"and 1 (e.g. 0.95), got {self.adequacy}")


@dataclass(frozen=True)
class TimingCheck:
    """Latency and interval of the run without backpressure against the report's figures and the user's bounds."""

    report: SynthesisReport | None
    bounds: tuple[tuple[str, Bounds], ...]  # (where the bound came from, the bound)
    violations: tuple[TimingViolation, ...]
    notes: tuple[str, ...]

    @property
    def checked(self) -> bool:
        """True when there was a csynth report or a user's bound to check against."""
        return any(source != DEEP_FIFO_SOURCE for source, _ in self.bounds)

    @property
    def verdict(self) -> str:
        """What the timing check established, for the RESULT line and the report's check title."""
        if self.checked:
            return "timing within bounds"
        if self.bounds:
            return "timing not checked (no csynth report), II not worse than with every FIFO deep"
        return "timing not checked (no csynth report)"


@dataclass(frozen=True)
class ProjectVerification:
    """The outcome of :func:`verify_project`."""

    project: HlsProject
    design: RtlDesign
    stimulus: Stimulus
    runs: tuple[RtlRun, ...]  # without, with random backpressure, then one sample at a time (bulk path)
    timing: TimingCheck
    step_log: StepLog | None = None
    adequacy: AdequacyCheck | None = None  # when --adequacy asked for it
    firmware_printed: NativeOutput = field(default_factory=NativeOutput)  # the C simulation's own prints, hidden

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note of the run, once each: the project's, the simulation's, the timing check's."""
        printed = self.firmware_printed.describe(f"the firmware's {self.project.top.name}() (C simulation)")
        return tuple(dict.fromkeys((*self.project.notes, *self.runs[0].sim.notes, *self.timing.notes,
                                    *([printed] if printed else []))))

    @property
    def n_samples(self) -> int:
        """Samples compared in every run."""
        return self.stimulus.n

    @property
    def report(self) -> SynthesisReport | None:
        """The synthesis figures the timing was checked against."""
        return self.timing.report

    @property
    def timing_violations(self) -> tuple[TimingViolation, ...]:
        """Latency/interval outside the bounds."""
        return self.timing.violations

    @property
    def ok(self) -> bool:
        """Bit-exact and framed in every run, within every timing bound, and adequate when that was asked."""
        adequate = self.adequacy is None or self.adequacy.ok
        return not self.timing.violations and all(run.ok for run in self.runs) and adequate

    def measurements(self, design: str) -> Measurements:
        """This verification's figures, for reports, baselines and bounds: samples compared and those that differ
        in any run, the interval with samples back to back, the latency one sample at a time (when that run was
        made), resources from the csynth report."""
        back_to_back = Measurements.of(design, self.runs[0].sim, self.report)
        alone = Measurements.of(design, self.runs[2].sim) if len(self.runs) > 2 else back_to_back
        differing = {mismatch.sample for run in self.runs for mismatch in run.mismatches}
        return replace(back_to_back, latency_cycles=alone.latency_cycles, latency_cycles_best=alone.latency_cycles_best,
                       samples=self.n_samples, mismatched_samples=len(differing),
                       adequacy=self.adequacy.measured.score if self.adequacy else None,
                       source=f"hwverify verify {self.project.root.name}")

    def describe(self) -> str:
        """A readable report: what was compared, every verdict, every note."""
        lines = [f"project {self.project.name} ({self.project.root}): RTL top {self.design.top} "
                 f"({self.runs[0].sim.interface.style.value}, {self.runs[0].sim.interface.control.value}) against the "
                 f"firmware's {self.project.top.name}(), {self.stimulus.describe()}"]
        for run in self.runs:
            lines += _describe_run(run, len(run.sim.output_codes), self.design)
        alone = self.runs[2].sim if len(self.runs) > 2 else None
        lines += _describe_timing(self.runs[0].sim, alone, self.timing)
        lines += [f"  {line}" for line in (self.adequacy.describe() if self.adequacy else [])]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def _describe_run(run: RtlRun, n: int, design: RtlDesign) -> list[str]:
    sim = run.sim
    speed = f"{sim.cycles} cycles, {sim.cycles_per_second:,.0f} cycles/s"
    lines = [f"  {run.label}: {len(run.mismatches)} of {n} samples differ; "
             f"framing {'ok' if not run.framing else 'FAILED'} ({speed})"]
    if run.mismatches:
        m = run.mismatches[0]
        lines.append(f"    first: sample {m.sample}, output element {m.element}: expected code {m.expected_code} "
                     f"(firmware), got {m.actual_code} (RTL), {m.lsb_distance:+g} LSB")
    lines += [f"    {v.describe()}" for v in run.framing[:5]]
    return lines


def _describe_timing(sim: SimResult, alone: SimResult | None, timing: TimingCheck) -> list[str]:
    what = "ap_start -> ap_done" if sim.interface.style is IoStyle.IO_PARALLEL else "first input -> last output"
    line = f"  latency ({what}) {_range(alone.latency if alone else sim.latency)} cycles"
    line += f" one sample at a time, {_range(sim.latency)} back to back" if alone else " back to back"
    if sim.ii is not None:
        line += f"; II {_range(sim.ii)}"
    report = timing.report
    if report is not None:
        line += (f"; {_report_label(report)}: latency {_bound(report.latency_best_cycles)}-"
                 f"{_bound(report.latency_worst_cycles)}, interval {_bound(report.interval_min_cycles)}-"
                 f"{_bound(report.interval_max_cycles)}")
    if not timing.checked:
        line += "; " + timing.verdict
    elif not timing.violations:
        line += ": within bounds"
    return [line] + [f"  {v.describe()}" for v in timing.violations[:5]]


def _bound(value: int | None) -> str:
    return "?" if value is None else str(value)


def _range(summary) -> str:  # type: ignore[no-untyped-def]
    return "-" if summary is None else f"{summary.min}-{summary.max}"


def verify_project(project: HlsProject | Path | str, options: VerifyOptions = VerifyOptions(),
                   log: StepLog | None = None) -> ProjectVerification:
    """Simulate a project's RTL and compare it with its firmware (see the module docstring).

    Each step is timed in ``log``; pass ``StepLog()`` to print them. Without a log nothing is printed."""
    log = log or StepLog(stream=io.StringIO())
    require_simulator(options.simulator)  # before the firmware is compiled: a missing tool leaves nothing behind
    project = project if isinstance(project, HlsProject) else HlsProject.open(project)
    design = project_design(project)
    require_unique_modules(design.top, design.sources)
    report = synthesis_figures(project, design)
    stimulus = _stimulus(project, design, report, options)
    csim, outputs = _firmware_outputs(project, design, stimulus, log)
    expected = design.output_bits_to_codes(np.concatenate(outputs, axis=1))
    adequacy = None
    if options.adequacy is not None:
        adequacy = _adequacy(project, design, csim, stimulus, outputs, options, log)
        stimulus, expected = stimulus.first(adequacy.measured.n_samples), expected[:adequacy.measured.n_samples]
    watchdog = options.watchdog_cycles or watchdog_cycles_for(report)
    base = SimOptions(simulator=options.simulator, path=options.path, seed=options.seed, watchdog_cycles=watchdog,
                      jobs=options.jobs)
    with log.step(f"build RTL model ({options.simulator}, {options.path} path)") as notes:
        notes.append("built" if build_design(design, base).rebuilt else "cached")
    runs = (*backpressure_runs(design, stimulus.codes, expected, base, log),
            *_alone_run(design, stimulus, expected, base, options, log))
    deep = None
    if report is None or _interval_above_estimate(runs[0].sim, report):
        deep = _deep_fifo_run(design, stimulus.codes, base, log, "no csynth report" if report is None else
                              "the interval is above the report's estimate")
    with log.step("check timing") as notes:
        timing = check_timing(runs[0].sim, report, options.bounds, runs[2].sim if len(runs) > 2 else None, deep)
        runs_named = "without / with backpressure" + (", one at a time" if len(runs) > 2 else "")
        notes.append(f"differing samples {' / '.join(str(len(r.mismatches)) for r in runs)} ({runs_named}), "
                     f"{sum(len(r.framing) for r in runs)} framing and {len(timing.violations)} timing violations")
    return ProjectVerification(project, design, stimulus, runs, timing, log, adequacy, csim.printed)


def synthesis_figures(project: HlsProject, design: RtlDesign) -> SynthesisReport | None:
    """The csynth report of the chosen RTL, else the figures in the top module's CORE_GENERATION_INFO."""
    if project.csynth_xml is not None:
        return read_csynth_xml(project.csynth_xml)
    top_file = next((s for s in design.sources if s.stem == design.top), None)
    return read_core_generation_info(top_file, design.top) if top_file else None


def _stimulus(project: HlsProject, design: RtlDesign, report: SynthesisReport | None,
              options: VerifyOptions) -> Stimulus:
    if options.inputs is not None:
        values, source = read_sample_file(options.inputs), str(options.inputs)
    else:
        values, source = project.sample_inputs(), "tb_data/tb_input_features.dat"
    if values is not None and options.frames is not None:
        values = values[:options.frames]
    if options.samples is not None:
        n_random = options.samples
    else:  # --adequacy chooses the count from as many candidates as the default would ever take
        n_random = SAMPLES_MAX if options.adequacy is not None else default_samples(report)
    return make_stimulus(design.inputs, value_grids(project, design), values, source, n_random, options.seed)


def value_grids(project: HlsProject, design: RtlDesign) -> tuple[FixedType | None, ...]:
    """Per input array, the fixed-point type a float port's values should lie on (the model's own input type)."""
    return tuple(_value_grid(project, index) for index in range(len(design.inputs)))


def _value_grid(project: HlsProject, index: int) -> FixedType | None:
    """The model's own input type, for a float port of an accelerator wrapper."""
    inner = project.model.inputs
    element = inner[index].element if index < len(inner) else None
    return element if isinstance(element, FixedType) else None


def default_samples(report: SynthesisReport | None) -> int:
    """As many random samples as :data:`CYCLE_BUDGET` simulated cycles hold at the report's interval."""
    if report is None:
        return SAMPLES_WITHOUT_REPORT
    per_sample = report.interval_max_cycles or report.latency_worst_cycles or 1
    return int(np.clip(CYCLE_BUDGET // max(per_sample, 1), SAMPLES_MIN, SAMPLES_MAX))


def watchdog_cycles_for(report: SynthesisReport | None) -> int:
    """Twice the worst-case latency plus an interval, at least the default: a design may compute that long
    between handshakes (internal FIFO traffic counts as progress too)."""
    if report is None:
        return DEFAULT_WATCHDOG_CYCLES
    longest = (report.latency_worst_cycles or 0) * 2 + (report.interval_max_cycles or 0)
    return max(DEFAULT_WATCHDOG_CYCLES, longest)


def _firmware_outputs(project: HlsProject, design: RtlDesign, stimulus: Stimulus,
                      log: StepLog) -> tuple[FirmwareCsim, list[np.ndarray]]:
    """The compiled firmware (or loaded from the cache) and its output bits (per output) for the stimulus."""
    with log.step(f"compile the firmware's {project.top.name}() with hwverify's harness (g++)") as notes:
        csim = compile_project_csim(project)
        notes.append("loaded from cache" if csim.loaded_from_cache else "compiled")
    with log.step(f"C simulation on {stimulus.n} samples"):
        return csim, csim.run(firmware_inputs(design, stimulus.codes))[0]


def firmware_codes(csim: FirmwareCsim, design: RtlDesign, codes: np.ndarray) -> np.ndarray:
    """Run the firmware on input codes (arrays concatenated) and return its output codes likewise."""
    outs, _ = csim.run(firmware_inputs(design, codes))
    return design.output_bits_to_codes(np.concatenate(outs, axis=1))


def firmware_inputs(design: RtlDesign, codes: np.ndarray) -> list[np.ndarray]:
    """Input codes (arrays concatenated) as the firmware takes them: per input argument, (n, size) bits."""
    bits = design.input_codes_to_bits(codes)
    offsets = np.cumsum([0] + [a.size for a in design.inputs])
    return [bits[:, offsets[i]:offsets[i + 1]] for i in range(len(design.inputs))]


def _adequacy(project: HlsProject, design: RtlDesign, csim: FirmwareCsim, stimulus: Stimulus,
              outputs: list[np.ndarray], options: VerifyOptions, log: StepLog) -> AdequacyCheck:
    """Measure how many single weight faults of the firmware the samples detect; with ``--samples auto`` keep
    the fewest samples that reach the target."""
    target = float(options.adequacy or 0.0)
    with log.step(f"stimulus adequacy: {options.faults} single faults in the firmware's weights, "
                  f"{stimulus.n} samples") as notes:
        arrays = project_weight_arrays(project)
        weights = project.root / "firmware" / "weights"
        faults = sample_faults(arrays, weights, options.faults, options.seed)
        measured = measure_adequacy(csim, weights, arrays, firmware_inputs(design, stimulus.codes), faults,
                                    options.seed, jobs=options.jobs, reference=outputs)
        chosen = options.samples is None
        if chosen:
            measured = measured.first(choose_sample_count(measured, target))
        check = AdequacyCheck(target, measured, stimulus.n, chosen)
        notes.append(f"{measured.score:.1%} with {measured.n_samples} samples")
    return check


def _alone_run(design: RtlDesign, stimulus: Stimulus, expected: np.ndarray, base: SimOptions,
               options: VerifyOptions, log: StepLog) -> list[RtlRun]:
    """The first samples once more, each started only when the previous one has left: the latency a csynth
    report describes (back to back, a sample also waits for the ones ahead of it, and a stall-style
    pipeline holds a sample's last words until the next sample pushes them out). Bulk path only."""
    if options.path != SimPath.BULK:
        return []
    codes = stimulus.codes[:ALONE_SAMPLES]
    label = f"RTL ({options.simulator}, one sample at a time)"
    return [checked_run(design, codes, expected, replace(base, one_at_a_time=True), label, log)]


def _deep_fifo_run(design: RtlDesign, codes: np.ndarray, base: SimOptions, log: StepLog,
                   why: str) -> SimResult | None:
    """The interval the design reaches with every FIFO deep (without a csynth report the one bound left; above
    the report's estimate, the one that tells slow processes from shallow FIFOs): a FIFO too shallow shows as a
    longer interval than that. The same samples, no backpressure; None without FIFOs."""
    fifos = find_fifo_instances(design.top, design.sources)
    if not fifos:
        return None
    depth = max(CalibrationSettings().deep_depth, 2 * max(f.depth for f in fifos))
    with log.step(f"simulate with every FIFO {depth} deep ({why}: the interval to compare with)") as notes:
        occupancy = measure_fifo_occupancy(design, codes, base, {f.name: depth for f in fifos}, fifos)
        notes.append(f"{len(fifos)} FIFOs, {occupancy.result.cycles} cycles")
    return occupancy.result


def check_timing(sim: SimResult, report: SynthesisReport | None, bounds: Bounds | None,
                 alone: SimResult | None = None, deep: SimResult | None = None) -> TimingCheck:
    """Latency and interval against the report and the user's bounds, and (``deep``, the same design run with
    every FIFO deep) the interval against that run's.

    The interval is that of the run without backpressure (``sim``, samples back to back), checked once the
    first samples have filled a dataflow design. The latency is that of the one-at-a-time run (``alone``), and
    for a pipelined (non-dataflow) io_parallel design also every back-to-back latency (they are the same
    there). Such a design must meet both ends of the report's ranges; a dataflow or streaming design the
    upper ends (the latency with a slack: its figure is an estimate)."""
    limits: list[tuple[str, Bounds]] = []
    notes: list[str] = []
    exact = report is not None and _exact_figures(sim, report)
    warmup = _warmup(sim, exact)
    deep_ii = _steady_max(deep.ii_cycles, warmup) if deep is not None else None
    if report is not None:
        if not exact:
            notes += _estimate_notes(sim, alone, report)
            estimate = report.interval_max_cycles
            if deep_ii is not None and estimate is not None and deep_ii > estimate:
                notes.append(_interval_estimate_note(deep_ii, estimate))
        limits.append((_report_label(report), _report_bounds(report, exact)))
    if bounds is not None:
        limits.append(("bounds", bounds))
    if deep_ii is not None:
        limits.append((DEEP_FIFO_SOURCE, Bounds(ii_cycles_max=deep_ii)))
    latencies = ([alone.latency_cycles] if alone is not None else []) + ([sim.latency_cycles] if exact else [])
    if report is not None and not latencies:
        notes.append("latency not checked: it needs the run with one sample at a time (bulk path)")
    violations: list[TimingViolation] = []
    for source, limit in limits:
        for latency in latencies:
            violations += check_latency(latency, limit, source)
        violations += check_ii(sim.ii_cycles, limit, source, warmup)
    if deep_ii is not None and any(v.source == DEEP_FIFO_SOURCE for v in violations):
        notes.append(f"with every FIFO deep the interval is at most {deep_ii} cycles: the exported FIFO depths cost "
                     "throughput; `hwverify calibrate-fifos` measures the depths the design needs")
    return TimingCheck(report, tuple(limits), tuple(violations), tuple(notes))


def _warmup(sim: SimResult, exact: bool) -> int:
    """Intervals not checked at the start of a run: a dataflow design's first samples enter faster while its
    FIFOs fill."""
    return 1 if exact else max(1, min(16, len(sim.ii_cycles) // 4))


def _steady_max(ii_cycles: np.ndarray, warmup: int) -> int | None:
    """The longest interval after the warm-up (None when there is none)."""
    steady = ii_cycles[warmup:]
    steady = steady[steady >= 0]
    return int(steady.max()) if len(steady) else None


def _interval_above_estimate(sim: SimResult, report: SynthesisReport | None) -> bool:
    """A dataflow/streaming design's interval above the report's estimate: whether its processes or its FIFOs
    cost the cycles takes a run with every FIFO deep."""
    if report is None or report.interval_max_cycles is None or _exact_figures(sim, report):
        return False
    longest = _steady_max(sim.ii_cycles, _warmup(sim, False))
    return longest is not None and longest > report.interval_max_cycles


def _interval_estimate_note(deep_ii: int, estimate: int) -> str:
    return (f"interval {deep_ii} cycles with every FIFO deep is above the report's estimate {estimate} "
            f"(+{deep_ii - estimate}, {(deep_ii - estimate) / estimate:.1%}): the FIFOs' depths do not cause it, a "
            "process is slower than the report says")


def _exact_figures(sim: SimResult, report: SynthesisReport) -> bool:
    """A pipelined io_parallel function's report figures are exact; dataflow and streaming ones estimates."""
    return sim.interface.style is IoStyle.IO_PARALLEL and (report.pipeline_type or "") != "dataflow"


def _report_label(report: SynthesisReport) -> str:
    if report.source.suffix == ".xml":
        return f"csynth report ({report.source.name})"
    return f"CORE_GENERATION_INFO of {report.source.name}"


#: Dataflow latency estimates leave out what the channels between processes and their imperfect overlap add.
#: Measured one sample at a time on correct real exports (docs/real_exports.md): +3 of 12 cycles (Conv1D
#: tagger), +2 of 878 (GRU), +48 of 2,374 (Vitis LeNet-5), +13,653 of 96,170 (130-FIFO autoencoder, 14%),
#: +42,366 of 190,589 (a PYNQ CNN accelerator, 22%). A dataflow/streaming latency therefore fails only above
#: the report's worst case plus max(DATAFLOW_SLACK_CYCLES, that fraction of it); the excess is always reported.
#: Cycle-exact gating of such designs is what bounds and baselines (hwverify.checks.bounds, hwverify.report.baseline) do.
DATAFLOW_SLACK_CYCLES, DATAFLOW_SLACK_FRACTION = 16, 0.5


def _report_bounds(report: SynthesisReport, exact: bool) -> Bounds:
    worst = report.latency_worst_cycles
    if worst is not None and not exact:
        worst += max(DATAFLOW_SLACK_CYCLES, int(np.ceil(worst * DATAFLOW_SLACK_FRACTION)))
    return Bounds(latency_cycles_min=report.latency_best_cycles if exact else None,
                  latency_cycles_max=worst,
                  ii_cycles_min=report.interval_min_cycles if exact else None,
                  ii_cycles_max=report.interval_max_cycles)


def _estimate_notes(sim: SimResult, alone: SimResult | None, report: SynthesisReport) -> list[str]:
    """What a reader of a dataflow/streaming verdict should know about the report's estimates."""
    notes = []
    worst, measured = report.latency_worst_cycles, alone.latency if alone is not None else None
    if worst is not None and measured is not None and measured.max > worst:
        notes.append(f"latency {measured.max} cycles is above the report's worst-case estimate {worst} by "
                     f"{measured.max - worst}; the slack allowed for dataflow estimates is max("
                     f"{DATAFLOW_SLACK_CYCLES}, {DATAFLOW_SLACK_FRACTION:.0%})")
    for name, value, best in (("latency", measured, report.latency_best_cycles),
                              ("interval", sim.ii, report.interval_min_cycles)):
        if value is not None and best is not None and value.min < best:
            notes.append(f"measured {name} {value.min} cycles is below the report's best case {best}: dataflow "
                         "and streaming figures in csynth reports are estimates, so this is not a failure")
    if sim.latency is not None and measured is not None and sim.latency.max > measured.max:
        notes.append(f"with samples back to back, latency grows to {sim.latency.max} cycles as samples wait in the "
                     "design; the report's latency is checked one sample at a time")
    return notes
