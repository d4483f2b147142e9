"""The open flow end to end: Keras model -> hls4ml C simulation -> da4ml RTL in the AXI-Stream shell ->
simulation, with the three-way bit-exact check Keras = C-sim = RTL, latency/II and resource estimates.

The RTL outputs the logits: a softmax or sigmoid at a model output is not built, and every
comparison is made at the layer before it (``OpenFlowResult.outputs`` names those layers).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

from hwverify.checks.exact import (
    Mismatch, check_bit_exact, keras_equivalents, keras_layer_outputs, snap_to_grid, to_lsb
)
from hwverify.errors import ShapeMismatch
from hwverify.flows.rtl_runs import RtlRun, backpressure_runs
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.progress import StepLog
from hwverify.sim.measure import Summary
from hwverify.sim.simulate import SimOptions, SimPath, Simulator
from hwverify.sources.openflow import da4ml_compile_note
from hwverify.sources.openflow.pipeline import DEFAULT_LATENCY_CUTOFF, GeneratedRtl, generate_rtl
from hwverify.sources.openflow.resources import ResourceEstimate, estimate_resources
from hwverify.sources.openflow.trace import ArrayPort, TracedModel, load_or_trace


@dataclass(frozen=True)
class OpenFlowOptions:
    """Knobs of one open-flow run."""

    latency_cutoff: float = DEFAULT_LATENCY_CUTOFF
    seed: int = 2026  # seeds the protocol run's random backpressure
    synthesize: bool = True
    synthesis_timeout_seconds: float = 600.0
    shell_defines: dict[str, str] = field(default_factory=dict)  # e.g. a shell fault, for the checks' own tests
    path: SimPath = SimPath.BULK  # the simulation path (hwverify.sim.simulate.SimOptions)
    keras_exact: bool = True  # False for float/post-training-quantized models: Keras vs C-sim is then reported only
    simulator: Simulator = Simulator.VERILATOR  # a build of about a minute (cached), then ~100x faster than Icarus
    jobs: int = 1  # simulator processes each run's samples are split across (SimOptions.jobs)


@dataclass(frozen=True)
class StageAgreement:
    """One output array compared between two stages, in LSBs of its hls4ml type."""

    output: str  # hls4ml layer whose result is compared
    expected_stage: str
    actual_stage: str
    n_samples: int
    mismatches: tuple[Mismatch, ...] = ()  # none: every sample agrees

    @property
    def ok(self) -> bool:
        """True when every sample agrees bit for bit."""
        return not self.mismatches


@dataclass(frozen=True)
class OpenFlowResult:
    """Everything one open-flow run measured."""

    model: str
    n_samples: int
    inputs_label: str
    traced: TracedModel
    rtl: GeneratedRtl
    agreements: tuple[StageAgreement, ...]
    runs: tuple[RtlRun, ...]  # [0] without backpressure (timing), [1] with random backpressure
    resources: ResourceEstimate
    step_log: StepLog
    keras_exact: bool = True

    @property
    def outputs(self) -> tuple[ArrayPort, ...]:
        """The compared output arrays (logits where a softmax/sigmoid was omitted)."""
        return self.traced.outputs

    @property
    def timing_ok(self) -> bool:
        """Latency equals the pipeline depth and II is 1 in the run without backpressure."""
        latency, ii = self.runs[0].sim.latency, self.runs[0].sim.ii
        expected = self.rtl.shell_latency_cycles
        return latency is not None and latency.min == latency.max == expected and (ii is None or ii.max <= 1)

    @property
    def ok(self) -> bool:
        """True when all stages agree bit for bit, every run is framed correctly and the timing is as built."""
        return (
            all(a.ok for a in self.agreements if self.keras_exact or a.expected_stage != "Keras")
            and all(run.ok for run in self.runs)
            and self.timing_ok
        )


def run_open_flow(
    reference_model: Any,
    hls_config: HlsConfig,
    inputs: np.ndarray,
    options: OpenFlowOptions = OpenFlowOptions(),
    inputs_label: str = "inputs",
    stream: TextIO | None = None,
) -> OpenFlowResult:
    """Convert ``reference_model`` (a :class:`hwverify.model.zoo.ReferenceModel` or anything with ``.model``,
    ``.name``) with ``hls_config``, build its RTL with da4ml and check Keras = C-sim = RTL on ``inputs``."""

    log = StepLog(stream=stream or io.StringIO())
    keras_model = getattr(reference_model, "model", reference_model)
    name = str(getattr(reference_model, "name", keras_model.name))
    with log.step("convert + compile C-sim") as notes:
        compiled = compile_csim(keras_model, hls_config)
        notes.append("cached" if compiled.loaded_from_cache else "compiled")
    with log.step("rebuild layers with da4ml" + da4ml_compile_note()) as notes:
        traced, fresh = load_or_trace(compiled.graph)
        notes.append(f"{len(compiled.graph.get_layers())} layers, est. {traced.comb.cost:.0f} LUTs" + ("" if fresh else ", cached"))
    with log.step(f"generate pipelined Verilog (latency cutoff {options.latency_cutoff:g})") as notes:
        rtl = generate_rtl(traced, top=hls_config.project_name, latency_cutoff=options.latency_cutoff)
        notes.append(f"{rtl.pipeline_stages} stages, {rtl.verilog_lines} lines" + ("" if rtl.rebuilt else ", cached"))
    snap = snap_to_grid(np.asarray(inputs, dtype=np.float64), compiled.input_type)
    codes = traced.input.fixed_type.exact_codes(snap.values.reshape(len(snap.values), -1))[0]
    with log.step(f"Keras and C-sim on {len(codes)} samples"):
        keras_lsb, csim_lsb = _reference_outputs(keras_model, compiled, traced, snap.values)
    with log.step("da4ml interpreter of the traced logic"):
        trace_lsb = [np.asarray(c, dtype=np.float64) for c in traced.predict_codes(codes)]
    expected = np.concatenate(csim_lsb, axis=1)
    base = SimOptions(simulator=options.simulator, path=options.path, seed=options.seed, jobs=options.jobs)
    runs = backpressure_runs(rtl.to_rtl_design(options.shell_defines), codes, expected, base, log)
    with log.step("resource estimate") as notes:
        resources = estimate_resources(rtl, options.synthesize, options.synthesis_timeout_seconds)
        notes.append(resources.synthesis_note if resources.synthesis is None else "yosys done")
    agreements = _agreements(traced, len(codes), keras_lsb, csim_lsb, trace_lsb, runs)
    return OpenFlowResult(
        name, len(codes), inputs_label, traced, rtl, tuple(agreements), runs, resources, log, options.keras_exact
    )


def _reference_outputs(keras_model: Any, compiled: Any, traced: TracedModel, x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Keras and C-sim outputs at the traced output layers, in LSBs of each output's type."""
    _, trace = compiled.trace(x)
    mapping = keras_equivalents(keras_model, compiled.layer_names())
    keras_names = [mapping.get(port.layer, port.layer) for port in traced.outputs]
    keras_out = keras_layer_outputs(keras_model, x, sorted(set(keras_names)))
    keras_lsb, csim_lsb = [], []
    for port, keras_name in zip(traced.outputs, keras_names):
        if port.layer not in trace:
            raise ShapeMismatch(f"the C simulation has no traced output for layer '{port.layer}'; enable tracing")
        n = len(x)
        keras_lsb.append(to_lsb(keras_out[keras_name].reshape(n, -1), port.fixed_type))
        csim_lsb.append(to_lsb(np.asarray(trace[port.layer]).reshape(n, -1), port.fixed_type))
    return keras_lsb, csim_lsb


def _agreements(
    traced: TracedModel,
    n: int,
    keras_lsb: Sequence[np.ndarray],
    csim_lsb: Sequence[np.ndarray],
    trace_lsb: Sequence[np.ndarray],
    runs: Sequence[RtlRun],
) -> list[StageAgreement]:
    """Per output array: Keras vs C-sim, C-sim vs the da4ml trace, C-sim vs each RTL run."""
    offsets = np.cumsum([0] + [port.n_elements for port in traced.outputs])
    rows = []
    for k, port in enumerate(traced.outputs):
        rows.append(StageAgreement(port.layer, "Keras", "C-sim", n, tuple(check_bit_exact(keras_lsb[k], csim_lsb[k]))))
        rows.append(StageAgreement(port.layer, "C-sim", "da4ml trace", n, tuple(check_bit_exact(csim_lsb[k], trace_lsb[k]))))
        for run in runs:
            actual = run.sim.output_codes[:, offsets[k]:offsets[k + 1]]
            rows.append(StageAgreement(port.layer, "C-sim", run.label, n, tuple(check_bit_exact(csim_lsb[k], actual))))
    return rows


def format_table(result: OpenFlowResult) -> str:
    """The open flow's result as a readable table."""
    rtl, res = result.rtl, result.resources
    logits = "; ".join(result.traced.notes) or "the RTL outputs the model outputs"
    lines = [
        f"Open RTL flow (da4ml): {result.model} -> {rtl.top}, {result.n_samples} samples ({result.inputs_label})",
        f"  {logits}",
        f"  {'compared':<58} {'output':<14} {'samples':>7} {'differ':>7}  verdict",
    ]
    for a in result.agreements:
        verdict = "bit-exact" if a.ok else "MISMATCH"
        if not a.ok and a.expected_stage == "Keras" and not result.keras_exact:
            verdict = "differs (not required: the model is not quantized)"
        lines.append(
            f"  {a.expected_stage + ' == ' + a.actual_stage:<58} {a.output:<14} {a.n_samples:>7} {len(a.mismatches):>7}  {verdict}"
        )
    for run in result.runs:
        problems = [v.describe() for v in run.framing[:3]]
        verdict = "; ".join(problems) if problems else "every sample once, in order, TLAST on each sample's beat"
        lines.append(f"  stream {run.label:<51} {verdict}")
        lines.append(f"    latency {_range(run.sim.latency)} cycles, II {_range(run.sim.ii)}, {run.sim.cycles} cycles, "
                     f"{run.sim.wall_seconds:.1f} s")
    free = result.runs[0].sim
    lines.append(
        f"  pipeline: {rtl.pipeline_stages} da4ml stages + output register = {rtl.core_latency_cycles} cycles, "
        f"+1 shell FIFO = {rtl.shell_latency_cycles} expected; measured without backpressure: "
        f"{_range(free.latency)}, II {free.ii.max if free.ii else '-'} -> {'as built' if result.timing_ok else 'DIFFERENT'}"
    )
    lines.append(f"  resources: da4ml estimate {res.da4ml_luts:.0f} LUTs, {res.da4ml_register_bits} register bits (core)")
    if res.synthesis is not None:
        syn = res.synthesis
        lines.append(
            f"  resources: yosys synth_xilinx {syn.luts} LUTs, {syn.flip_flops} FFs, {syn.carry_cells} CARRY4, "
            f"{syn.lutram_cells} LUTRAM (core + shell, {syn.seconds:.0f} s)"
        )
    else:
        lines.append(f"  resources: no open synthesis ({res.synthesis_note})")
    steps = [f"    {name:<60} {seconds:7.1f} s  {note}" for name, seconds, note in result.step_log.timings]
    lines += ["  steps:", *steps, "RESULT: " + ("Keras = C-sim = RTL, bit-exact" if result.ok else "FAILED")]
    return "\n".join(lines)


def _range(summary: Summary | None) -> str:
    return "-" if summary is None else f"{summary.min}-{summary.max}"
