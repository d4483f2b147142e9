"""Turn what hwverify measured (demo, project verification, FIFO calibration, the pytest plugin's run report)
into a :class:`~hwverify.report.results.Results` tree. Each function only translates; nothing is re-measured."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.checks.adequacy import Adequacy
from hwverify.errors import ConfigError
from hwverify.report.results import (
    FORMAT,
    AccuracyPoint,
    AccuracySweep,
    AdequacyCurve,
    Check,
    Comparison,
    DesignResult,
    FifoFill,
    FifoRate,
    FifoSeries,
    Figure,
    LatencyRun,
    LayerCount,
    MismatchRow,
    Results,
    TestOutcome,
)
from hwverify.report.run_report import RunCollector
from hwverify.report.baseline import current_toolchain
from hwverify.tools import build_tool_versions

#: How many mismatches a comparison keeps (the first differing samples); the count is kept in full.
MAX_MISMATCH_ROWS = 20


def now_utc() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def mismatch_rows(layer: str, mismatches: Iterable[Any], limit: int = MAX_MISMATCH_ROWS) -> tuple[MismatchRow, ...]:
    """The first ``limit`` :class:`hwverify.checks.exact.Mismatch` es as rows."""
    rows = []
    for m in mismatches:
        if len(rows) >= limit:
            break
        rows.append(MismatchRow(layer, m.sample, m.element, m.expected_code, m.actual_code, float(m.lsb_distance)))
    return tuple(rows)


def _exactness_comparison(label: str, report: Any) -> Comparison:
    """A :class:`hwverify.checks.exact.ExactnessReport` as a comparison: every layer's count, the logits' mismatches."""
    layers = tuple(LayerCount(a.layer, a.n_samples, a.n_differing_samples, a.max_lsb_distance) for a in report.layers)
    rows: list[MismatchRow] = []
    for agreement in report.compared:
        rows += mismatch_rows(agreement.layer, agreement.mismatches, MAX_MISMATCH_ROWS - len(rows))
    differing = max((a.n_differing_samples for a in report.compared), default=0)
    return Comparison(label, report.expected_stage, report.actual_stage, report.n_samples, layers, tuple(rows),
                      differing)


def _stage_comparison(label: str, expected: str, actual: str, layer: str, n: int,
                      mismatches: Sequence[Any]) -> Comparison:
    count = LayerCount(layer, n, len(mismatches), max((abs(m.lsb_distance) for m in mismatches), default=0.0))
    return Comparison(label, expected, actual, n, (count,), mismatch_rows(layer, mismatches), len(mismatches))


def _bit_exact_check(comparison: Comparison) -> Check:
    return Check(f"bit-exact: {comparison.label}", "pass" if comparison.ok else "fail",
                 f"{comparison.n_differing_samples} of {comparison.n_samples} samples differ", "0 samples differ")


def from_demo(result: Any) -> Results:
    """Results of ``hwverify demo`` (a :class:`hwverify.flows.demo.DemoResult`)."""
    checks, comparisons = [], []
    for c in result.comparisons:
        comparison = _exactness_comparison(f"{c.stages} ({c.io_type}, {c.inputs})", c.report)
        comparisons.append(comparison)
        checks.append(_bit_exact_check(comparison))
        for output in c.report.outputs:
            checks.append(Check(f"{output.activation} argmax: {c.stages} ({c.io_type}, {c.inputs})", "info",
                                f"flip rate {output.flip_rate:.2%}", "table approximation, not bit-exact by design"))
    figures = [Figure("Keras test accuracy", float(result.test_accuracy))]
    figures += step_figures(result.step_log)
    design = DesignResult(f"{result.model} ({result.variant})", tuple(checks), tuple(figures), tuple(comparisons))
    if result.open_flow is not None:
        design = _with_open_flow(design, result.open_flow)
    if result.bit_width_sweep is not None:
        design = dataclasses.replace(design, accuracy_sweeps=(accuracy_sweep(result.bit_width_sweep),))
    return Results(f"hwverify demo: {result.model} ({result.variant})", now_utc(), "hwverify demo", (design,),
                   _toolchain())


def step_figures(log: Any) -> list[Figure]:
    """One figure per timed step of a :class:`hwverify.progress.StepLog` (none without a log)."""
    timings = log.timings if log is not None else []
    return [Figure(f"step: {name}", round(float(seconds), 3), "s") for name, seconds, _ in timings]


def _with_open_flow(design: DesignResult, flow: Any) -> DesignResult:
    """Add an :class:`hwverify.sources.openflow.OpenFlowResult` (per-stage agreement, stream timing, resources)."""
    comparisons = [_stage_comparison(f"{a.expected_stage} vs {a.actual_stage} ({a.output})", a.expected_stage,
                                     a.actual_stage, a.output, a.n_samples, a.mismatches) for a in flow.agreements]
    checks = [_bit_exact_check(c) if flow.keras_exact or c.expected_stage != "Keras"
              else Check(f"reported only: {c.label}", "info", f"{c.n_differing_samples} samples differ")
              for c in comparisons]
    expected = flow.rtl.shell_latency_cycles
    runs = [latency_run(run.label, run.sim.latency_cycles, run.sim.ii_cycles, run.sim.waves) for run in flow.runs]
    free = runs[0]
    checks.append(Check("timing without backpressure", "pass" if flow.timing_ok else "fail",
                        f"latency {free.latency_cycles_min}-{free.latency_cycles_max}, II {free.ii_cycles_max}",
                        f"latency == {expected} (pipeline depth), II <= 1"))
    checks += [framing_check(run) for run in flow.runs]
    figures = [Figure("da4ml LUT estimate", float(flow.resources.da4ml_luts)),
               Figure("da4ml register bits", float(flow.resources.da4ml_register_bits))]
    if flow.resources.synthesis is not None:
        figures += [Figure("yosys LUTs", float(flow.resources.synthesis.luts)),
                    Figure("yosys flip-flops", float(flow.resources.synthesis.flip_flops))]
    return dataclasses.replace(design, checks=design.checks + tuple(checks), figures=design.figures + tuple(figures),
                               comparisons=design.comparisons + tuple(comparisons),
                               latency_runs=design.latency_runs + tuple(runs))


def accuracy_sweep(sweep: Any) -> AccuracySweep:
    """A :class:`hwverify.flows.sweep.BitWidthSweep` as the results file's :class:`AccuracySweep`."""
    label = f"{sweep.model}, {sweep.io_type}, argmax of '{sweep.logits_layer}' on {sweep.inputs_label}"
    points = tuple(AccuracyPoint(p.total_bits, p.integer_bits, p.accuracy, p.keras_accuracy, p.argmax_agreement,
                                 p.n_samples) for p in sweep.points)
    return AccuracySweep(label, points)


def from_verification(result: Any) -> Results:
    """Results of ``hwverify verify`` (a :class:`hwverify.flows.verify_project.ProjectVerification`)."""
    name = result.project.name
    outputs = ", ".join(str(a.name) for a in result.design.outputs)
    comparisons = [_stage_comparison(run.label.replace("RTL", "firmware vs RTL", 1), "firmware", "RTL", outputs,
                                     result.n_samples, run.mismatches) for run in result.runs]
    checks = [_bit_exact_check(c) for c in comparisons]
    checks += [framing_check(run) for run in result.runs]
    runs = tuple(latency_run(run.label, run.sim.latency_cycles, run.sim.ii_cycles, run.sim.waves)
                 for run in result.runs)
    checks += _timing_checks(result)
    figures = [Figure("samples", float(result.n_samples)), Figure("distinct samples", float(result.stimulus.distinct)),
               *(Figure(f"simulated cycles/s: {run.label}", round(run.sim.cycles_per_second, 1))
                 for run in result.runs), *step_figures(result.step_log)]
    report = result.report
    if report is not None:
        figures += [Figure("csynth latency best", float(report.latency_best_cycles or 0), "cycles"),
                    Figure("csynth latency worst", float(report.latency_worst_cycles or 0), "cycles"),
                    Figure("csynth estimated clock", float(report.estimated_clock_ns), "ns")]
    curve = None
    if result.adequacy is not None:
        checks.append(Check("stimulus adequacy", "pass" if result.adequacy.ok else "fail",
                            result.adequacy.describe()[0]))
        figures.append(Figure("stimulus adequacy", round(result.adequacy.measured.score, 4)))
        curve = adequacy_curve(result.adequacy.measured, result.adequacy.target)
    design = DesignResult(name, tuple(checks), tuple(figures), tuple(comparisons), runs,
                          notes=(f"project {result.project.root}", *result.notes), adequacy=curve)
    return Results(f"hwverify verify: {name}", now_utc(), "hwverify verify", (design,), _toolchain())


def adequacy_curve(measured: Adequacy, target: float | None) -> AdequacyCurve:
    """A :class:`hwverify.checks.adequacy.Adequacy` as the results file's curve."""
    points = measured.curve()
    return AdequacyCurve(samples=tuple(n for n, _ in points), adequacy=tuple(round(a, 4) for _, a in points),
                         faults=len(measured.faults), detected=measured.detected, target=target,
                         layers=tuple((a.layer, a.injected, a.detected) for a in measured.by_layer()),
                         undetected=tuple(f.describe() for f in measured.undetected),
                         estimated_samples_95=measured.estimated_samples_for(0.95))


def framing_check(run: Any) -> Check:
    """The framing of one :class:`hwverify.flows.rtl_runs.RtlRun` as a check."""
    return Check(f"framing: {run.label}", "fail" if run.framing else "pass",
                 "; ".join(v.describe() for v in run.framing[:3]) or "beat counts and TLAST as expected")


def _timing_checks(result: Any) -> list[Check]:
    free = result.runs[0].sim
    latency = result.runs[2].sim.latency if len(result.runs) > 2 else free.latency  # one sample at a time
    measured = "no latency measured"
    if latency is not None:
        measured = f"latency {latency.min}-{latency.max} cycles"
        if free.ii is not None:
            measured += f", II {free.ii.min}-{free.ii.max}"
    report = result.report

    def known(value: int | None) -> str:
        return "?" if value is None else str(value)

    bound = (f"{report.source.name}: latency {known(report.latency_best_cycles)}-{known(report.latency_worst_cycles)}, "
             f"interval {known(report.interval_min_cycles)}-{known(report.interval_max_cycles)}" if report
             else "no csynth report")
    violations = result.timing_violations
    status = "fail" if violations else ("pass" if result.timing.bounds else "info")
    title = result.timing.verdict if not violations else "timing outside bounds"
    checks = [Check(title, status, measured, bound)]
    checks += [Check(f"violation: {v.quantity} sample {v.sample}", "fail", f"{v.measured_cycles} cycles",
                     f"{v.kind} {v.bound_cycles} ({v.source})") for v in violations[:10]]
    return checks


def latency_run(label: str, latency: Sequence[int] | np.ndarray, ii: Sequence[int] | np.ndarray,
                waveform: Path | str | None = None) -> LatencyRun:
    """A :class:`LatencyRun` keeping the per-sample arrays."""
    lat = tuple(int(v) for v in np.asarray(latency).ravel() if v >= 0)  # -1: not measured
    iis = tuple(int(v) for v in np.asarray(ii).ravel() if v >= 0)
    return LatencyRun(label, min(lat, default=-1), max(lat, default=-1), min(iis, default=0), max(iis, default=0),
                      lat, iis, str(waveform) if waveform else None)


def fifo_fills(calibration: Any) -> tuple[FifoFill, ...]:
    """The FIFOs of a :class:`hwverify.fifo.Calibration`: depth, maximum fill over all runs, proposed depth."""
    return tuple(FifoFill(f.name, f.depth, int(calibration.max_fill[f.name]), int(calibration.proposed[f.name]))
                 for f in calibration.fifos)


def fifo_series(record: Any, names: Sequence[str], max_points: int = 400) -> tuple[FifoSeries, ...]:
    """Occupancy series of a :class:`hwverify.fifo.monitor.MonitorRecord` (``names`` in its FIFO order),
    thinned to at most ``max_points`` by keeping each window's maximum (so no peak is lost)."""
    cycles = np.asarray(record.series_cycles)
    if not len(cycles):
        return ()
    fills = np.asarray(record.series).reshape(len(cycles), -1)
    if fills.shape[1] != len(names):
        raise ConfigError(f"the occupancy series has {fills.shape[1]} FIFOs but {len(names)} names were given")
    edges = np.linspace(0, len(cycles), min(max_points, len(cycles)) + 1).astype(int)
    picks = [int(lo + np.argmax(fills[lo:hi].max(axis=1))) for lo, hi in zip(edges[:-1], edges[1:]) if hi > lo]
    windows = [(lo, hi) for lo, hi in zip(edges[:-1], edges[1:]) if hi > lo]
    return tuple(FifoSeries(name, tuple(int(cycles[p]) for p in picks),
                            tuple(int(fills[lo:hi, k].max()) for lo, hi in windows)) for k, name in enumerate(names))


def from_calibration(calibration: Any, record: Any = None, proof: Any = None,
                     depths: Mapping[str, int] | None = None, rates: Sequence[Any] = ()) -> Results:
    """Results of a FIFO calibration: the proof at the chosen depths is the verdict (one check); each FIFO is a
    figure row (raised / shrunk / unchanged), with the occupancy series of ``record`` when given and the depth it
    needs at each input rate of ``rates`` (:class:`hwverify.fifo.calibration.RatePoint`)."""
    fills = fifo_fills(calibration)
    if depths is not None:
        fills = tuple(dataclasses.replace(f, proposed_depth=int(depths[f.name])) for f in fills)
    series = fifo_series(record, [f.name for f in calibration.fifos]) if record is not None else ()
    checks: list[Check] = []
    if proof is not None:
        checks.append(Check("proof at the proposed depths", "pass" if proof.passed else "fail",
                            proof.describe().splitlines()[0] if proof.describe() else "",
                            f"identical outputs, no deadlock, throughput >= {proof.throughput_fraction_min}"))
    checks += [Check(f"FIFO {f.name}: {_depth_change(f)}", "info", f"max fill {f.max_fill}",
                     f"depth {f.depth} -> {f.proposed_depth}") for f in fills]
    points = sorted(rates, key=lambda point: point.interval)
    by_rate = tuple(FifoRate(f.name, tuple(p.interval for p in points), tuple(int(p.proposed[f.name]) for p in points))
                    for f in calibration.fifos) if points else ()
    design = DesignResult(calibration.top, tuple(checks), fifos=fills, fifo_series=series, fifo_rates=by_rate)
    return Results(f"FIFO calibration: {calibration.top}", now_utc(), "hwverify calibrate-fifos", (design,),
                   _toolchain())


def _depth_change(fill: FifoFill) -> str:
    if fill.proposed_depth > fill.depth:
        return "raised"
    return "shrunk" if fill.proposed_depth < fill.depth else "unchanged"


def from_test_run(collector: RunCollector, toolchain: Mapping[str, str], notes: Sequence[str] = ()) -> Results:
    """The results of a pytest run: each design's metrics as figures and its enforced bounds as checks, every test
    with its outcome and properties, the skips caused by missing tools, and run-level ``notes``."""
    designs: dict[str, tuple[list[Check], list[Figure]]] = {}
    for name, metrics in sorted(collector.metrics_by_design().items()):
        designs.setdefault(name, ([], []))[1].extend(Figure(k, float(v)) for k, v in sorted(metrics.items()))
    for bound in collector.bounds():
        status = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "skip"}.get(bound.outcome, "info")
        designs.setdefault(bound.design, ([], []))[0].append(
            Check(bound.bound, status, bound.measured, f"{bound.limit} ({bound.config_file})"))
    tests = tuple(TestOutcome(r.nodeid, r.outcome, r.duration_s, r.skip_reason, r.properties, r.message)
                  for r in collector.records())
    return Results("hwverify test run", now_utc(), "pytest --hwverify-report-json",
                   tuple(DesignResult(name, tuple(c), tuple(f)) for name, (c, f) in designs.items()),
                   tuple((str(k), str(v)) for k, v in sorted(toolchain.items())), tests,
                   tuple(collector.missing_tool_skips().items()), tuple(notes))


def load_results(path: Path | str) -> Results:
    """Read a results file (``hwverify-results/1``); ConfigError naming the file when it is not one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"results file {path} does not exist; write one with --results-json or "
                          "pytest --hwverify-report-json") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"results file {path} is not valid JSON: {error}") from None
    found = data.get("format") if isinstance(data, dict) else None
    if found != FORMAT:
        raise ConfigError(f"{path} has format {found!r}; expected {FORMAT} (hwverify demo/verify --results-json, "
                          "pytest --hwverify-report-json)")
    try:
        return Results.from_json(text)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}; write it again with --results-json (or pytest --hwverify-report-json)"
                          ) from None


def _toolchain() -> tuple[tuple[str, str], ...]:
    """What the run used: Python packages, installed HLS tools, compilers and simulators."""
    versions = {**dict(current_toolchain().versions), **build_tool_versions()}
    return tuple((str(k), str(v)) for k, v in sorted(versions.items()))