"""The open io_stream flow end to end: Keras -> hls4ml io_stream C-sim -> dataflow RTL (one process per
layer, FIFOs between them) -> simulation -> FIFO depth calibration, proof and the round trip.

Checks made (each can fail): the RTL's outputs equal the C simulation's bit for bit, with and without
backpressure (and Keras = C-sim for quantized models); without backpressure the design's II is the busiest
process's cycles per sample under its schedule (one pixel per clock: the most pixels any process reads or
writes; ``Schedule.HLS4ML``: each layer as hls4ml's stream code asks HLS to schedule it); the calibrated FIFO
depths re-simulate with identical outputs, no deadlock and throughput within ``throughput_fraction_min``
of the deep-FIFO run; the depths written into the hls4ml model (its stream pragmas) regenerate a design
that gives the same outputs and calibrates to the same depths.

Builds: the design as generated (the verification runs); one run-time-depth build (calibration, the proposal's
proof and every round of the round trip: the regenerated designs differ only in FIFO DEPTH, which that build
takes at run time, style included); and the final proof with the design's own FIFO modules at the chosen
depths, compared run by run with the run-time-depth build (they must agree on outputs, framing and cycles).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from hwverify.checks.exact import (
    Mismatch,
    check_bit_exact,
    keras_equivalents,
    keras_layer_outputs,
    snap_to_grid,
    to_lsb,
)
from hwverify.errors import ConfigError, ShapeMismatch
from hwverify.fifo import (
    Calibration,
    CalibrationSettings,
    DepthProof,
    Occupancy,
    VariableDepth,
    Stimulus,
    apply_to_hls_model,
    calibrate_fifos,
    fifo_depths_for,
    measure_fifo_occupancy,
    prove_fifo_depths,
    storage_saving,
    variable_depths,
    write_fifo_depths,
)
from hwverify.fifo.calibration import ModelEquivalence, StorageSaving, compare_with_real_modules
from hwverify.flows.rtl_runs import RtlRun, backpressure_runs
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.progress import StepLog
from hwverify.report.convert import fifo_series, framing_check, latency_run, now_utc
from hwverify.report.results import Check, DesignResult, FifoFill, Figure, Results
from hwverify.sim.simulate import SimOptions, SimPath, Simulator
from hwverify.sources.openflow import da4ml_compile_note
from hwverify.sources.openflow.dataflow import GeneratedDataflow, describe, generate_dataflow_rtl
from hwverify.sources.openflow.pipeline import DEFAULT_LATENCY_CUTOFF
from hwverify.sources.openflow.schedule import Schedule

__all__ = ["DataflowOptions", "DataflowResult", "RoundTrip", "format_dataflow", "round_trip", "run_dataflow_flow"]


@dataclass(frozen=True)
class DataflowOptions:
    """Knobs of one open io_stream run."""

    latency_cutoff: float = DEFAULT_LATENCY_CUTOFF
    schedule: Schedule = Schedule.ONE_PIXEL_PER_CLOCK  # how often each process reads (schedule.py)
    simulator: Simulator = Simulator.VERILATOR
    path: SimPath = SimPath.BULK  # HDL stimulus player/recorder: Verilator builds without --public-flat-rw
    backpressure: float = 0.5  # probability of ready low per cycle on the outputs (and of an input gap)
    seed: int = 2026
    deep_depth: int = 1024
    throughput_fraction_min: float = 0.9
    calibration_samples: int = 0  # 0: calibrate on every verification sample
    round_trip: bool = True
    keras_exact: bool = True  # False for float models: Keras vs C-sim is then reported only
    defines: dict[str, str] = field(default_factory=dict)  # e.g. a fault, for the checks' own tests
    jobs: int = 1  # simulator processes the verification runs' samples are split across (SimOptions.jobs)


@dataclass(frozen=True)
class TripRound:
    """One round of the round trip: depths applied to the hls4ml model, the design regenerated from it,
    calibrated again, and proven at its own depths (outputs equal to the C-sim's), all on the calibration's
    run-time-depth build (the regenerated design differs from the first only in its FIFOs' DEPTH)."""

    applied: Mapping[str, int]  # per variable
    directory: Path
    identical_outputs: bool
    proof_passed: bool
    recalibrated: Mapping[str, int]  # per variable

    @property
    def reproduced(self) -> bool:
        """True when calibrating the regenerated design proposes exactly the applied depths."""
        return dict(self.recalibrated) == dict(self.applied)


@dataclass(frozen=True)
class RoundTrip:
    """Apply, regenerate, calibrate again, until the depths reproduce (at most ``MAX_TRIP_ROUNDS``)."""

    rounds: tuple[TripRound, ...]

    @property
    def depths(self) -> Mapping[str, int]:
        """The depths of the last round (the fixed point when reproduced)."""
        return self.rounds[-1].applied

    @property
    def reproduced(self) -> bool:
        """Every regenerated design agreed and passed, and the last round reproduced its depths."""
        return all(r.identical_outputs and r.proof_passed for r in self.rounds) and self.rounds[-1].reproduced


#: Rounds of apply-regenerate-calibrate before the round trip is declared not to converge.
MAX_TRIP_ROUNDS = 3


@dataclass(frozen=True)
class DataflowResult:
    """Everything one open io_stream run measured.

    ``keras_csim`` compares Keras with the io_stream C simulation, ``runs`` the generated RTL with it; the FIFO
    fields follow the depths from the deep runs (``calibration``) to the ones proven and applied (``variables``).
    """

    model: str
    n_samples: int
    generated: GeneratedDataflow
    keras_csim: tuple[Mismatch, ...]
    runs: tuple[RtlRun, ...]  # [0] no backpressure, [1] random backpressure
    calibration: Calibration
    proof: DepthProof  # the final proof, with the design's own FIFO modules at ``variables``' depths
    variables: tuple[VariableDepth, ...]
    saving: StorageSaving
    round_trip: RoundTrip | None
    occupancy: Occupancy  # at the proposed depths, with a time series
    step_log: StepLog
    keras_exact: bool
    #: The calibration's run-time-depth runs against the design's own FIFO modules at the final depths (``proof``
    #: is the latter's).
    equivalence: ModelEquivalence | None = None
    schedule: Schedule = Schedule.ONE_PIXEL_PER_CLOCK

    @property
    def expected_ii_cycles(self) -> int:
        """The busiest process's cycles per sample under the design's schedule (one pixel per clock: the most
        pixels any process reads or writes per sample, the input's or a zero-padding layer's larger frame)."""
        return self.generated.interval_cycles

    @property
    def timing_ok(self) -> bool:
        """Without backpressure no sample follows the previous one by more than the expected II, and one does by
        exactly that (earlier samples may enter faster while the FIFOs before the busiest process fill)."""
        ii = self.runs[0].sim.ii
        return ii is not None and ii.max == self.expected_ii_cycles

    @property
    def ok(self) -> bool:
        """Bit-exact runs, the schedule's II, the chosen depths proven with the design's own FIFO modules (and
        run the same on the run-time-depth build that calibrated them), the round trip reproduced."""
        keras_ok = not self.keras_csim or not self.keras_exact
        trip_ok = self.round_trip is None or self.round_trip.reproduced
        same = self.equivalence is None or self.equivalence.identical
        return (keras_ok and all(r.ok for r in self.runs) and self.timing_ok and self.proof.passed and trip_ok
                and same)


def run_dataflow_flow(
    reference_model: Any,
    inputs: np.ndarray,
    hls_config: HlsConfig = HlsConfig(io_type="io_stream"),
    options: DataflowOptions = DataflowOptions(),
    fifo_depths_path: Path | None = None,
    stream: TextIO | None = None,
    log: StepLog | None = None,
) -> DataflowResult:
    """Build ``reference_model`` (a Keras model or anything with ``.model``) as an io_stream dataflow
    design with the open flow, verify it against the C simulation and calibrate its FIFOs.

    With ``fifo_depths_path``, writes the calibrated depths there (hls4ml's ``fifo_depths.json`` format).
    """

    if hls_config.io_type != "io_stream":
        raise ConfigError(f"the dataflow flow builds io_stream designs, but the HlsConfig has io_type="
                          f"{hls_config.io_type!r}: pass HlsConfig(io_type='io_stream')")
    log = log or StepLog(stream=stream or io.StringIO())
    keras_model = getattr(reference_model, "model", reference_model)
    name = str(getattr(reference_model, "name", keras_model.name))
    with log.step("convert + compile C-sim (io_stream)") as notes:
        compiled = compile_csim(keras_model, hls_config)
        notes.append("cached" if compiled.loaded_from_cache else "compiled")
    generated = _generate(compiled.graph, options, log)
    snap = snap_to_grid(np.asarray(inputs, dtype=np.float64), compiled.input_type)
    codes = generated.input_type.exact_codes(snap.values.reshape(len(snap.values), -1))[0]
    with log.step(f"Keras and C-sim on {len(codes)} samples"):
        keras_lsb, csim_lsb = _reference_outputs(keras_model, compiled, generated, snap.values)
    base = SimOptions(simulator=options.simulator, path=options.path, seed=options.seed, jobs=options.jobs)
    runs = backpressure_runs(generated.to_rtl_design(options.defines), codes, csim_lsb, base, log,
                             (options.backpressure, options.backpressure))
    calibration_codes = codes[: options.calibration_samples] if options.calibration_samples else codes
    calibration, proposal = _calibrate(generated, calibration_codes, options, log)
    variables = variable_depths(calibration.fifos, proposal.depths)
    trip = None
    if options.round_trip:
        expected = csim_lsb[: len(calibration_codes)]
        trip = round_trip(compiled.graph, variables, calibration_codes, expected, calibration, options, log)
        if trip.reproduced:  # the fixed point is what to build
            variables = tuple(replace(v, optimized=trip.depths[v.variable]) for v in variables)
    final = fifo_depths_for(calibration.fifos, _by_variable(variables))
    proof, equivalence = _final_proof(generated, calibration_codes, calibration, final, options, log)
    occupancy = _occupancy(generated, calibration_codes, calibration, final, options, log)
    if fifo_depths_path is not None:
        write_fifo_depths(Path(fifo_depths_path), variables)
    return DataflowResult(
        model=name, n_samples=len(codes), generated=generated,
        keras_csim=tuple(check_bit_exact(keras_lsb, csim_lsb)), runs=runs, calibration=calibration, proof=proof,
        variables=variables, round_trip=trip,
        saving=storage_saving(calibration.fifos, fifo_depths_for(calibration.fifos, _by_variable(variables))),
        occupancy=occupancy, step_log=log, keras_exact=options.keras_exact, equivalence=equivalence,
        schedule=options.schedule,
    )


def _by_variable(variables: tuple[VariableDepth, ...]) -> dict[str, int]:
    return {v.variable: v.optimized for v in variables}


def _generate(graph: Any, options: DataflowOptions, log: StepLog) -> GeneratedDataflow:
    with log.step(f"generate dataflow Verilog with da4ml (latency cutoff {options.latency_cutoff:g})"
                  + da4ml_compile_note()) as notes:
        generated = generate_dataflow_rtl(graph, latency_cutoff=options.latency_cutoff, schedule=options.schedule)
        fifos = sum(f.elements for f in generated.fifos)
        notes.append(f"{len(generated.stages)} processes, {fifos} FIFOs, {generated.verilog_lines} lines"
                     + ("" if generated.rebuilt else ", cached"))
    return generated


def _reference_outputs(keras_model: Any, compiled: Any, generated: GeneratedDataflow,
                       x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keras and C-sim at the design's output layer (the logits where a softmax was left out), in LSBs."""
    layer, n = generated.output_layer, len(x)
    _, trace = compiled.trace(x)
    if layer not in trace:
        raise ShapeMismatch(f"the C simulation has no traced output for layer '{layer}'; enable tracing")
    keras_name = keras_equivalents(keras_model, compiled.layer_names()).get(layer, layer)
    keras_out = keras_layer_outputs(keras_model, x, [keras_name])[keras_name]
    return to_lsb(keras_out.reshape(n, -1), generated.output_type), to_lsb(
        np.asarray(trace[layer]).reshape(n, -1), generated.output_type)


def _calibration_settings(options: DataflowOptions) -> CalibrationSettings:
    stimuli = (Stimulus(0.0, options.seed),)
    if options.backpressure > 0:
        stimuli += (Stimulus(options.backpressure, options.seed + 1),)
    return CalibrationSettings(deep_depth=options.deep_depth, stimuli=stimuli,
                               throughput_fraction_min=options.throughput_fraction_min, simulator=options.simulator,
                               path=options.path)


def _calibrate(generated: GeneratedDataflow, codes: np.ndarray, options: DataflowOptions,
               log: StepLog) -> tuple[Calibration, DepthProof]:
    """Deep runs and the proposal's proof, on one run-time-depth build that the round trip reuses."""
    design = generated.to_rtl_design(options.defines)
    settings = _calibration_settings(options)
    with log.step(f"calibrate FIFOs ({len(settings.stimuli)} runs at depth {options.deep_depth})") as notes:
        calibration = calibrate_fifos(design, codes, settings)
        notes.append(f"{len(calibration.fifos)} FIFOs")
    with log.step("prove the proposed depths by re-simulation (run-time depths, the calibration's build)") as notes:
        proposal = prove_fifo_depths(design, codes, calibration)
        notes.append("pass" if proposal.passed else "FAIL")
    return calibration, proposal


def _final_proof(generated: GeneratedDataflow, codes: np.ndarray, calibration: Calibration, depths: Mapping[str, int],
                 options: DataflowOptions, log: StepLog) -> tuple[DepthProof, ModelEquivalence]:
    """The chosen depths proven with the design's own FIFO modules (the one build besides the calibration's: the
    design as it is regenerated with those depths), and compared run by run with the run-time-depth build."""
    design = generated.to_rtl_design(options.defines)
    with log.step("final proof: the chosen depths with the design's own FIFO modules") as notes:
        runtime = prove_fifo_depths(design, codes, calibration, depths)
        proof = prove_fifo_depths(design, codes, calibration, depths, real_modules=True)
        equivalence = compare_with_real_modules(runtime, proof)
        notes.append(("pass" if proof.passed else "FAIL") + ", run-time depths "
                     + ("identical to the own modules" if equivalence.identical else "DIFFER from the own modules"))
    return proof, equivalence


def _occupancy(generated: GeneratedDataflow, codes: np.ndarray, calibration: Calibration, depths: Mapping[str, int],
               options: DataflowOptions, log: StepLog) -> Occupancy:
    with log.step("occupancy over time at the chosen depths"):
        every = max(1, calibration.runs[-1].cycles // 2000)
        stimulus = calibration.settings.stimuli[-1]
        return measure_fifo_occupancy(generated.to_rtl_design(options.defines), codes,
                                      calibration.settings.options(stimulus), depths=depths,
                                      series_every_cycles=every, storage=calibration.settings.deep_depth)


def round_trip(graph: Any, variables: tuple[VariableDepth, ...], codes: np.ndarray, expected_lsb: np.ndarray,
               calibration: Calibration, options: DataflowOptions, log: StepLog) -> RoundTrip:
    """Apply the depths to the hls4ml model's stream pragmas, regenerate, re-simulate and recalibrate,
    until the proposal reproduces."""
    depths = {v.variable: v.optimized for v in variables}
    rounds: list[TripRound] = []
    while len(rounds) < MAX_TRIP_ROUNDS:
        trip_round = _trip_round(graph, depths, codes, expected_lsb, calibration, options, log, len(rounds) + 1)
        rounds.append(trip_round)
        if trip_round.reproduced or not (trip_round.identical_outputs and trip_round.proof_passed):
            break
        depths = dict(trip_round.recalibrated)
    return RoundTrip(tuple(rounds))


def _trip_round(graph: Any, depths: dict[str, int], codes: np.ndarray, expected_lsb: np.ndarray, first: Calibration,
                options: DataflowOptions, log: StepLog, number: int) -> TripRound:
    """One round; the regenerated design's FIFOs differ from the first design's only in DEPTH, so at the first
    calibration's storage its run-time-depth copy is the same Verilog, and the same build."""
    missing = apply_to_hls_model(graph, depths)
    if missing:
        raise ConfigError(f"calibrated variables {missing} are not streams of the hls4ml model; "
                          "this is a bug in hwverify")
    regenerated = _generate(graph, options, log)
    design = regenerated.to_rtl_design(options.defines)
    settings = replace(_calibration_settings(options), deep_depth=first.settings.deep_depth)
    with log.step(f"round trip {number}, calibrate and prove the regenerated design") as notes:
        calibration = calibrate_fifos(design, codes, settings)
        own = {f.name: f.depth for f in calibration.fifos}
        proof = prove_fifo_depths(design, codes, calibration, own)  # at its own depths: outputs as the deep runs'
        identical = all(np.array_equal(np.asarray(r.output_codes, dtype=np.float64), expected_lsb)
                        for r in calibration.runs) and all(r.identical_outputs for r in proof.runs)
        again = {v.variable: v.optimized for v in variable_depths(calibration.fifos, calibration.proposed)}
        notes.append(f"outputs {'identical' if identical else 'DIFFER'}, proof {'pass' if proof.passed else 'FAIL'}, "
                     f"depths {'reproduced' if again == depths else 'changed'}")
    return TripRound(depths, regenerated.directory, identical, proof.passed, again)


def format_dataflow(result: DataflowResult) -> str:
    """The run as a readable table."""

    gen = result.generated
    lines = [f"Open io_stream flow (da4ml dataflow): {result.model} -> {gen.top}, {result.n_samples} samples",
             *("  " + line for line in describe(gen).splitlines()),
             f"  {'compared':<52} {'output':<12} {'samples':>7} {'differ':>7}  verdict"]
    keras_verdict = "bit-exact" if not result.keras_csim else (
        "MISMATCH" if result.keras_exact else "differs (not required: the model is not quantized)")
    lines.append(f"  {'Keras == C-sim (io_stream)':<52} {gen.output_layer:<12} {result.n_samples:>7} "
                 f"{len({m.sample for m in result.keras_csim}):>7}  {keras_verdict}")
    for run in result.runs:
        differing = len({m.sample for m in run.mismatches})
        problems = "; ".join(v.describe() for v in run.framing[:2])
        verdict = "bit-exact, framed" if run.ok else ("MISMATCH" if run.mismatches else "FRAMING") + (
            f" ({problems})" if problems else "")
        compared = "C-sim == " + run.label
        lines.append(f"  {compared:<52} {gen.output_layer:<12} {result.n_samples:>7} {differing:>7}  {verdict}")
        latency, ii = run.sim.latency, run.sim.ii
        if latency is not None:
            lines.append(f"    latency {latency.min}-{latency.max} cycles, II "
                         f"{ii.min if ii else 0}-{ii.max if ii else 0}, {run.sim.cycles} cycles")
    lines.append(f"  schedule {Schedule(result.schedule).value}: II {result.expected_ii_cycles} expected without "
                 "backpressure -> " + ("as built" if result.timing_ok else "DIFFERENT"))
    lines.append("  FIFO calibration (deep FIFOs, then max + 1):")
    lines += [f"    {v.variable:<16} {v.initial:>6} -> {v.optimized:<6} words x {v.width_bits} bits"
              for v in result.variables]
    lines.append("    final proof, the design's own FIFO modules at these depths:")
    lines += ["      " + line for line in result.proof.describe().splitlines()]
    if result.equivalence is not None:
        lines += ["    " + line for line in result.equivalence.describe().splitlines()]
    lines.append(f"    {result.saving.describe()}")
    if result.round_trip is not None:
        trip = result.round_trip
        lines.append("  round trip (depths into the hls4ml pragmas, design regenerated, simulated, proven, "
                     "calibrated again):")
        for k, r in enumerate(trip.rounds, start=1):
            outputs = "identical" if r.identical_outputs else "DIFFER"
            changes = [f"{v} {r.applied[v]} -> {d}" for v, d in r.recalibrated.items() if r.applied.get(v) != d]
            again = "the same depths" if not changes else "changed: " + ", ".join(changes)
            lines.append(f"    round {k}: outputs {outputs}, proof {'pass' if r.proof_passed else 'FAIL'}, "
                         f"calibrated again -> {again}")
        lines.append("    " + ("reproduced: fifo_depths.json holds the optimized depths above" if trip.reproduced
                                else "NOT REPRODUCED"))
    timings = result.step_log.timings
    lines += ["  steps:", *(f"    {name:<64} {seconds:7.1f} s  {note}" for name, seconds, note in timings)]
    lines.append("RESULT: " + ("C-sim = RTL bit-exact, FIFO depths calibrated and proven" if result.ok else "FAILED"))
    return "\n".join(lines)


def _fifo_fills(result: DataflowResult) -> tuple[FifoFill, ...]:
    """Each FIFO's depth, maximum fill in the deep runs, and the depth finally proposed (after the round trip)."""

    final = _by_variable(result.variables)
    calibration = result.calibration
    return tuple(FifoFill(f.name, f.depth, int(calibration.max_fill[f.name]), int(final.get(f.variable, 0)))
                 for f in calibration.fifos)


def dataflow_results(result: DataflowResult, command: str) -> Any:
    """The run as :class:`hwverify.report.Results` (for the JSON file and the HTML report)."""

    checks = [Check(f"C-sim == {run.label}", "pass" if not run.mismatches else "fail",
                    f"{len({m.sample for m in run.mismatches})} of {result.n_samples} samples differ", "0")
              for run in result.runs]
    checks += [framing_check(run) for run in result.runs]
    ii = result.runs[0].sim.ii
    checks.append(Check(f"II of the {Schedule(result.schedule).value} schedule (no backpressure)",
                        "pass" if result.timing_ok else "fail",
                        f"II {ii.min if ii else 0}-{ii.max if ii else 0}", f"II {result.expected_ii_cycles}"))
    checks += [Check(f"chosen depths, own FIFO modules: {run.stimulus.label}",
                     "pass" if run.identical_outputs and run.deadlock is None
                     and run.throughput_ratio >= result.proof.throughput_fraction_min else "fail",
                     f"throughput {run.throughput_ratio:.3f}" + ("" if run.identical_outputs else ", outputs differ"),
                     f">= {result.proof.throughput_fraction_min}") for run in result.proof.runs]
    if result.equivalence is not None:  # the calibration and the round trip ran on the run-time-depth build
        checks.append(Check("run-time FIFO depths run as the design's own FIFO modules",
                            "pass" if result.equivalence.identical else "fail",
                            "identical" if result.equivalence.identical else "differ", "identical"))
    if result.round_trip is not None:
        trip = result.round_trip
        last = "the applied depths again" if trip.rounds[-1].reproduced else "different depths"
        checks.append(Check("round trip reproduces the depths", "pass" if trip.reproduced else "fail",
                            f"{len(trip.rounds)} round(s); the last calibrated {last}",
                            "calibrating the regenerated design gives the depths applied to it"))
    saving = result.saving
    figures = (Figure("FIFO storage before", saving.initial_bits, "bits"),
               Figure("FIFO storage after", saving.optimized_bits, "bits"),
               Figure("BRAM_18K estimate before", saving.initial_bram18k),
               Figure("BRAM_18K estimate after", saving.optimized_bram18k))
    names = [f.name for f in result.occupancy.fifos]
    design = DesignResult(
        name=f"{result.model} (open io_stream dataflow)", checks=tuple(checks), figures=figures,
        latency_runs=tuple(latency_run(r.label, r.sim.latency_cycles, r.sim.ii_cycles) for r in result.runs),
        fifos=_fifo_fills(result), fifo_series=fifo_series(result.occupancy.record, names),
    )
    return Results(f"hwverify open io_stream flow: {result.model}", now_utc(), command, (design,))


def io_stream_demo(
    model: str = "svhn_cnn",
    variant: str = "quantized",
    n_samples: int = 20,
    fifo_depths_path: Path | None = None,
    options: DataflowOptions = DataflowOptions(),
    stream: TextIO | None = None,
) -> DataflowResult:
    """Train (or load) a zoo model and run :func:`run_dataflow_flow` on the first ``n_samples`` of its
    test set, printing progress and the table."""

    from hwverify.model.zoo import load_reference_model  # deferred: the zoo imports scikit-learn

    out = stream or sys.stdout
    if n_samples < 1:
        raise ConfigError(f"n_samples must be at least 1, got {n_samples}")
    log = StepLog(stream=out)
    with log.step(f"train {model} ({variant})"):
        reference = load_reference_model(model, variant)
    result = run_dataflow_flow(reference, reference.data.x_test[:n_samples],
                               options=_with_keras_exact(options, variant == "quantized"),
                               fifo_depths_path=fifo_depths_path, log=log)
    print(format_dataflow(result), file=out, flush=True)
    if fifo_depths_path is not None:
        print(f"wrote {fifo_depths_path}", file=out, flush=True)
    return result


def _with_keras_exact(options: DataflowOptions, keras_exact: bool) -> DataflowOptions:

    return replace(options, keras_exact=options.keras_exact and keras_exact)
