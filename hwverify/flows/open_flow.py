"""The open flow end to end: Keras model -> hls4ml C simulation -> da4ml RTL in the AXI-Stream shell ->
simulation, with the three-way bit-exact check Keras = C-sim = RTL, latency/II and resource estimates.

The RTL outputs the logits: a softmax or sigmoid at a model output is not built, and every
comparison is made at the layer before it (``OpenFlowResult.outputs`` names those layers).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

from hwverify.checks.exact import Mismatch, check_bit_exact, keras_equivalents, keras_layer_outputs, snap_to_grid, to_lsb
from hwverify.errors import ShapeMismatch
from hwverify.model.config import HlsConfig
from hwverify.sources.openflow.resources import ResourceEstimate, estimate_resources
from hwverify.sources.openflow.pipeline import DEFAULT_LATENCY_CUTOFF, GeneratedRtl, generate_rtl
from hwverify.sources.openflow.testbench import StreamOptions, StreamResult, simulate_stream
from hwverify.sources.openflow.trace import ArrayPort, TracedModel, load_or_trace
from hwverify.progress import StepLog


@dataclass(frozen=True)
class OpenFlowOptions:
    """Knobs of one open-flow run."""

    latency_cutoff: float = DEFAULT_LATENCY_CUTOFF
    input_pause_percent: int = 30
    output_pause_percent: int = 50
    seed: int = 2026
    synthesize: bool = True
    synthesis_timeout_seconds: float = 600.0
    shell_defines: dict[str, str] = field(default_factory=dict)  # e.g. a shell fault, for the checks' own tests
    keras_exact: bool = True  # False for float/post-training-quantized models: Keras vs C-sim is then reported only
    simulator: str = "verilator"  # "verilator": a build of about a minute (cached), then ~100x faster than "icarus"


@dataclass(frozen=True)
class StageAgreement:
    """One output array compared between two stages, in LSBs of its hls4ml type."""

    output: str  # hls4ml layer whose result is compared
    expected_stage: str
    actual_stage: str
    n_samples: int
    mismatches: tuple[Mismatch, ...]

    @property
    def ok(self) -> bool:
        """True when every sample agrees bit for bit."""
        return not self.mismatches


@dataclass(frozen=True)
class StreamCheck:
    """Protocol and timing of one RTL run: every sample out once and in order, TLAST carried, timing."""

    label: str
    n_sent: int
    n_received: tuple[int, ...]  # per output stream
    extra_outputs: int
    last_errors: int  # output beats whose TLAST differs from their input's
    timed_out: bool
    latency_cycles_min: int
    latency_cycles_max: int
    ii_cycles_min: int
    ii_cycles_max: int
    cycles: int
    wall_seconds: float
    latency_cycles: tuple[int, ...] = ()  # per complete sample, input handshake to its last output handshake
    ii_cycles: tuple[int, ...] = ()  # between successive input handshakes

    def violations(self, n: int) -> list[str]:
        """Readable protocol violations (empty when the stream behaved)."""
        found = []
        if self.timed_out:
            found.append("the watchdog fired: the design stopped making progress")
        if self.n_sent != n:
            found.append(f"{self.n_sent} of {n} input samples were accepted")
        if any(r != n for r in self.n_received):
            found.append(f"{list(self.n_received)} samples came out per output stream, expected {n}")
        if self.extra_outputs:
            found.append(f"{self.extra_outputs} extra (duplicated) output beats")
        if self.last_errors:
            found.append(f"{self.last_errors} output beats carry the wrong TLAST")
        return found


@dataclass(frozen=True)
class OpenFlowResult:
    """Everything one open-flow run measured."""

    model: str
    n_samples: int
    inputs_label: str
    traced: TracedModel
    rtl: GeneratedRtl
    agreements: tuple[StageAgreement, ...]
    streams: tuple[StreamCheck, ...]  # [0] without backpressure (timing), [1] with random backpressure
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
        free = self.streams[0]
        expected = self.rtl.shell_latency_cycles
        return free.latency_cycles_min == free.latency_cycles_max == expected and free.ii_cycles_max <= 1

    @property
    def ok(self) -> bool:
        """True when all stages agree bit for bit, the streams behaved and the timing is as built."""
        n = self.n_samples
        return (
            all(a.ok for a in self.agreements if self.keras_exact or a.expected_stage != "Keras")
            and all(not s.violations(n) for s in self.streams)
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
    from hwverify.model.csim import compile_csim

    log = StepLog(stream=stream or io.StringIO())
    keras_model = getattr(reference_model, "model", reference_model)
    name = str(getattr(reference_model, "name", keras_model.name))
    with log.step("convert + compile C-sim") as notes:
        compiled = compile_csim(keras_model, hls_config)
        notes.append("cached" if compiled.loaded_from_cache else "compiled")
    with log.step("rebuild layers with da4ml") as notes:
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
    streams, rtl_outputs = _simulate_runs(rtl, codes, options, log)
    with log.step("resource estimate") as notes:
        resources = estimate_resources(rtl, options.synthesize, options.synthesis_timeout_seconds)
        notes.append(resources.synthesis_note if resources.synthesis is None else "yosys done")
    agreements = _agreements(traced, len(codes), keras_lsb, csim_lsb, trace_lsb, rtl_outputs)
    return OpenFlowResult(
        name, len(codes), inputs_label, traced, rtl, tuple(agreements), tuple(streams), resources, log, options.keras_exact
    )


def _stream_runs(options: OpenFlowOptions) -> tuple[tuple[str, StreamOptions], ...]:
    """The two RTL runs: without backpressure (timing) and with seeded random pauses (protocol)."""
    sim, defines = options.simulator, options.shell_defines
    free = StreamOptions(seed=options.seed, defines=defines, simulator=sim)
    paused = StreamOptions(
        options.input_pause_percent, options.output_pause_percent, options.seed + 1, defines=defines, simulator=sim
    )
    pauses = f"{options.input_pause_percent}%/{options.output_pause_percent}% pauses"
    return ((f"RTL ({sim.capitalize()}, no backpressure)", free), (f"RTL ({sim.capitalize()}, {pauses})", paused))


def _simulate_runs(
    rtl: GeneratedRtl, codes: np.ndarray, options: OpenFlowOptions, log: StepLog
) -> tuple[list[StreamCheck], list[tuple[str, StreamResult]]]:
    streams, outputs = [], []
    for label, stream_options in _stream_runs(options):
        with log.step(f"simulate {label}") as notes:
            result = simulate_stream(rtl, codes, stream_options)
            notes.append(f"build {result.build_seconds:.1f} s, {result.samples_per_second:.0f} samples/s")
        streams.append(_stream_check(label, result))
        outputs.append((label, result))
    return streams, outputs


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


def _stream_check(label: str, result: StreamResult) -> StreamCheck:
    n_last = [min(len(flags), len(result.expected_last)) for flags in result.output_last]
    last_errors = sum(int(np.sum(flags[:k] != result.expected_last[:k])) for flags, k in zip(result.output_last, n_last))
    latency, ii = result.latency_cycles, result.ii_cycles
    return StreamCheck(
        label=label,
        n_sent=len(result.input_cycles),
        n_received=tuple(len(codes) for codes in result.output_codes),
        extra_outputs=result.extra_outputs,
        last_errors=last_errors,
        timed_out=result.timed_out,
        latency_cycles_min=int(latency.min()) if len(latency) else -1,
        latency_cycles_max=int(latency.max()) if len(latency) else -1,
        ii_cycles_min=int(ii.min()) if len(ii) else 0,
        ii_cycles_max=int(ii.max()) if len(ii) else 0,
        cycles=result.cycles,
        wall_seconds=result.wall_seconds,
        latency_cycles=tuple(int(v) for v in latency),
        ii_cycles=tuple(int(v) for v in ii),
    )


def _agreements(
    traced: TracedModel,
    n: int,
    keras_lsb: Sequence[np.ndarray],
    csim_lsb: Sequence[np.ndarray],
    trace_lsb: Sequence[np.ndarray],
    rtl_outputs: Sequence[tuple[str, StreamResult]],
) -> list[StageAgreement]:
    rows = []
    for k, port in enumerate(traced.outputs):
        rows.append(StageAgreement(port.layer, "Keras", "C-sim", n, tuple(check_bit_exact(keras_lsb[k], csim_lsb[k]))))
        rows.append(StageAgreement(port.layer, "C-sim", "da4ml trace", n, tuple(check_bit_exact(csim_lsb[k], trace_lsb[k]))))
        for label, result in rtl_outputs:
            rows.append(StageAgreement(port.layer, "C-sim", label, n, tuple(_rtl_mismatches(csim_lsb[k], result.output_codes[k]))))
    return rows


def _rtl_mismatches(expected: np.ndarray, actual_codes: np.ndarray) -> list[Mismatch]:
    """Mismatches of the samples that came out; missing samples count as mismatches of element 0."""
    got = len(actual_codes)
    found = check_bit_exact(expected[:got], np.asarray(actual_codes, dtype=np.float64)) if got else []
    for sample in range(got, len(expected)):
        code = int(expected[sample, 0])
        found.append(Mismatch(sample, 0, code, code, float("nan"), expected.shape[1]))
    return found


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
    for s in result.streams:
        problems = s.violations(result.n_samples)
        verdict = "; ".join(problems) if problems else "every sample once, in order, TLAST carried"
        lines.append(f"  stream {s.label:<51} {verdict}")
        lines.append(
            f"    latency {s.latency_cycles_min}-{s.latency_cycles_max} cycles, II {s.ii_cycles_min}-{s.ii_cycles_max}, "
            f"{s.cycles} cycles, {s.wall_seconds:.1f} s"
        )
    lines.append(
        f"  pipeline: {rtl.pipeline_stages} da4ml stages + output register = {rtl.core_latency_cycles} cycles, "
        f"+1 shell FIFO = {rtl.shell_latency_cycles} expected; measured without backpressure: "
        f"{result.streams[0].latency_cycles_min}-{result.streams[0].latency_cycles_max}, II {result.streams[0].ii_cycles_max}"
        f" -> {'as built' if result.timing_ok else 'DIFFERENT'}"
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


def print_open_flow(result: OpenFlowResult, stream: TextIO | None = None) -> None:
    """Print :func:`format_table` (for the demo)."""
    print(format_table(result), file=stream or sys.stdout)


def open_flow_demo(
    model: str = "iris_mlp",
    variant: str = "quantized",
    n_random: int = 1000,
    seed: int = 2026,
    options: OpenFlowOptions = OpenFlowOptions(),
    stream: TextIO | None = None,
) -> OpenFlowResult:
    """The default demo: train (or load) a zoo model, then :func:`run_open_flow` on its test set plus
    ``n_random`` random on-grid inputs, printing progress and the table to ``stream``."""
    from hwverify.model.inputs import verification_inputs
    from hwverify.model.zoo import load_reference_model

    out = stream or sys.stdout
    print(f"-> train {model} ({variant}) ...", file=out, flush=True)
    reference = load_reference_model(model, variant)
    shape = tuple(int(d) for d in reference.model.input_shape[1:])
    x = verification_inputs(reference.data.x_test, shape, n_random, seed, x_range=reference.data.x_train)
    label = f"test set {len(reference.data.x_test)} + {n_random} random on-grid"
    result = run_open_flow(reference, HlsConfig(), x, options, inputs_label=label, stream=out)
    print(format_table(result), file=out, flush=True)
    return result
