"""The end-to-end demo: a zoo model trained, converted with hls4ml, simulated in C, turned into RTL by the
open flow (da4ml), simulated with random backpressure, and proved bit-exact: Keras = C-sim = RTL."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from hwverify.checks.exact import ExactnessReport, compare_keras_csim
from hwverify.flows.open_flow import OpenFlowOptions, format_table, run_open_flow
from hwverify.flows.sweep import DEFAULT_INTEGER_BITS, BitWidthSweep, check_bit_widths, sweep_bit_widths
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.inputs import random_on_grid, verification_inputs
from hwverify.progress import StepLog
from hwverify.sim.simulate import Simulator


@dataclass(frozen=True)
class Comparison:
    """One row of the demo's table: a pair of stages compared on one input set."""

    stages: str  # e.g. "Keras vs C-sim"
    io_type: str
    inputs: str  # e.g. "test set", "random on-grid"
    report: ExactnessReport


@dataclass(frozen=True)
class DemoResult:
    """What the demo measured.

    ``comparisons`` are Keras against C simulation, one per input set; the RTL stage's own comparisons are in
    ``open_flow``.
    """

    model: str
    variant: str
    test_accuracy: float
    comparisons: tuple[Comparison, ...]
    step_log: StepLog
    open_flow: Any = None  # hwverify.flows.open_flow.OpenFlowResult, when the RTL stage ran
    bit_width_sweep: BitWidthSweep | None = None  # bit width vs accuracy of the float variant, when asked for

    @property
    def ok(self) -> bool:
        """True when every comparison was bit-exact and the RTL stage (if run) passed."""
        rtl_ok = self.open_flow is None or self.open_flow.ok
        return rtl_ok and all(c.report.ok for c in self.comparisons)


def run_demo(
    model: str = "iris_mlp",
    variant: str = "quantized",
    io_types: tuple[str, ...] = ("io_parallel", "io_stream"),
    n_random: int = 1000,
    seed: int = 2026,
    stream: TextIO | None = None,
    rtl: bool = True,
    sweep_bits: Sequence[int] = (),
    sweep_integer_bits: int = DEFAULT_INTEGER_BITS,
    simulator: Simulator = Simulator.VERILATOR,
    jobs: int = 1,
    resources: bool = False,
) -> DemoResult:
    """Train (or load) ``model``, convert and compile it for each io type, compare Keras with C-sim, then
    (``rtl=True``) build RTL with the open flow and check Keras = C-sim = RTL in ``simulator``; ``seed`` seeds the
    random inputs and the RTL runs' backpressure; ``jobs`` simulator processes share each run's samples;
    ``resources`` adds yosys's LUT/FF count of the design (minutes on a large model; not needed for the verdict).

    With ``sweep_bits`` (total widths), also measure the test-set accuracy of the model's float variant's C
    simulation at each ``ap_fixed<W, sweep_integer_bits>`` (bit width vs accuracy)."""
    from hwverify.model.zoo import load_reference_model  # deferred: the zoo imports scikit-learn
    from hwverify.model.zoo.registry import get_entry  # deferred: the zoo imports scikit-learn

    get_entry(model)  # before any training: bad input fails fast
    if sweep_bits:
        check_bit_widths(sweep_bits, sweep_integer_bits)
    out = stream or sys.stdout
    log = StepLog(stream=out)
    with log.step(f"train {model} ({variant})") as notes:
        reference = load_reference_model(model, variant)
        notes.append("loaded from cache" if reference.loaded_from_cache else "trained")
        notes.append(f"test accuracy {reference.test_accuracy:.3f}")
    comparisons: list[Comparison] = []
    for io_type in io_types:
        comparisons.extend(_compare_csim(reference, HlsConfig(io_type=io_type), n_random, seed, log))
    options = OpenFlowOptions(seed=seed, simulator=simulator, jobs=jobs, synthesize=resources)
    open_flow = _run_rtl_stage(reference, n_random, options, log) if rtl else None
    sweep = _run_sweep(model, sweep_bits, sweep_integer_bits, log) if sweep_bits else None
    result = DemoResult(model, variant, reference.test_accuracy, tuple(comparisons), log, open_flow, sweep)
    print(format_summary(result), file=out)
    return result


def _run_sweep(model: str, widths: Sequence[int], integer_bits: int, log: StepLog) -> BitWidthSweep:
    """Bit width vs accuracy of the float variant of ``model`` on its test set, argmax of its classifier's logits."""
    from hwverify.model.zoo import load_reference_model  # deferred: the zoo imports scikit-learn
    from hwverify.model.zoo.registry import get_entry  # deferred: the zoo imports scikit-learn

    with log.step(f"train {model} (float) for the bit-width sweep") as notes:
        reference = load_reference_model(model, "float")
        notes.append("loaded from cache" if reference.loaded_from_cache else "trained")
    classifier = get_entry(model).classifier_output
    data = reference.data
    return sweep_bit_widths(reference.model, data.x_test, data.y_test, widths, integer_bits,
                            logits_layer=reference.logits_layers[classifier],
                            inputs_label=f"the test set ({len(data.x_test)} samples)", log=log)


def _run_rtl_stage(reference: Any, n_random: int, options: OpenFlowOptions, log: StepLog) -> Any:

    data = reference.data
    shape = tuple(int(d) for d in reference.model.input_shape[1:])
    x = verification_inputs(data.x_test, shape, n_random, options.seed, x_range=data.x_train)
    label = f"test set {len(data.x_test)} + {n_random} random on-grid"
    with log.step(f"open RTL flow: da4ml RTL, {options.simulator} simulation with backpressure") as notes:
        result = run_open_flow(reference, HlsConfig(), x, options, inputs_label=label, stream=log.stream)
        notes.append("Keras = C-sim = RTL" if result.ok else "FAILED")
    return result


def _compare_csim(reference: Any, config: HlsConfig, n_random: int, seed: int, log: StepLog) -> list[Comparison]:
    with log.step(f"convert + compile C-sim ({config.io_type})") as notes:
        compiled = compile_csim(reference.model, config)
        notes.append("loaded from cache" if compiled.loaded_from_cache else "compiled")
    data = reference.data
    random = random_on_grid(
        n_random, compiled.input_shape, data.x_train.min(axis=0), data.x_train.max(axis=0), compiled.input_type, seed
    )
    rows = []
    for label, x in (("test set", data.x_test), ("random on-grid", random)):
        with log.step(f"Keras vs C-sim ({config.io_type}, {label}, {len(x)} samples)") as notes:
            report = compare_keras_csim(reference.model, compiled, x, reference.logits_layers)
            notes.append("bit-exact" if report.ok else "MISMATCH")
        rows.append(Comparison("Keras vs C-sim", config.io_type, label, report))
    return rows


def format_summary(result: DemoResult) -> str:
    """The demo's closing table."""
    header = f"{'compared':<16} {'io type':<12} {'inputs':<15} {'layer':<10} {'samples':>7} {'differ':>7}  verdict"
    rows = [header, "-" * len(header)]
    for c in result.comparisons:
        for layer in c.report.compared:
            verdict = "bit-exact" if not layer.mismatches else "MISMATCH"
            rows.append(
                f"{c.stages:<16} {c.io_type:<12} {c.inputs:<15} {layer.layer:<10} {layer.n_samples:>7} "
                f"{layer.n_differing_samples:>7}  {verdict}"
            )
        for output in c.report.outputs:
            rows.append(
                f"{'  ' + output.activation + ' argmax':<16} {c.io_type:<12} {c.inputs:<15} {output.layer:<10} "
                f"{output.n_samples:>7} {output.n_samples - output.argmax_agreements:>7}  "
                f"flip rate {output.flip_rate:.2%} (table approximation, not bit-exact by design)"
            )
    steps = [f"  {name:<58} {seconds:7.1f} s  {note}" for name, seconds, note in result.step_log.timings]
    failures = [c.report.describe() for c in result.comparisons if not c.report.ok]
    title = f"\n{result.model} ({result.variant}), Keras test accuracy {result.test_accuracy:.3f}"
    rtl = [""]
    if result.open_flow is not None:

        rtl = ["", format_table(result.open_flow), ""]
    sweep = [result.bit_width_sweep.describe(), ""] if result.bit_width_sweep is not None else []
    verdict = "RESULT: bit-exact" if result.ok else "RESULT: MISMATCH"
    return "\n".join([title, *rows, *rtl, *sweep, "steps:", *steps, *failures, verdict])
