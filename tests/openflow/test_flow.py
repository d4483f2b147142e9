"""The open flow end to end: Keras = C-sim = RTL, protocol and timing, resources, the result table.

The tiny-model tests take about 30 s (Icarus); the zoo models are marked slow (trained once and
cached; Verilator builds of 1-2 minutes each, then fast runs on the test set + 1,000 random inputs).
"""

from __future__ import annotations

import pytest

from hwverify.flows.open_flow import OpenFlowOptions, OpenFlowResult, format_table, run_open_flow
from hwverify.model.config import HlsConfig
from hwverify.model.inputs import verification_inputs
from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp

FAST = OpenFlowOptions(synthesize=False, simulator="icarus")


@pytest.fixture(scope="module")
def tiny_model():  # type: ignore[no-untyped-def]
    return tiny_qkeras_mlp(seed=5, n_hidden=12)


def _describe(result: OpenFlowResult) -> str:
    return format_table(result)


def test_tiny_model_three_way_bit_exact(tiny_model) -> None:  # type: ignore[no-untyped-def]
    x = on_grid_inputs(300, seed=4, scale=3.0)
    result = run_open_flow(tiny_model, HlsConfig(), x, FAST, inputs_label="random")
    assert result.ok, _describe(result)
    stages = {(a.expected_stage, a.actual_stage.split(" (")[0]) for a in result.agreements}
    assert stages == {("Keras", "C-sim"), ("C-sim", "da4ml trace"), ("C-sim", "RTL")}
    assert all(a.n_samples == 300 for a in result.agreements)
    table = format_table(result)
    assert "RTL outputs the logits of layer 'logits'" in table and "RESULT: Keras = C-sim = RTL" in table
    assert result.runs[0].sim.latency.max == result.rtl.shell_latency_cycles
    assert result.runs[1].sim.latency.max > result.rtl.shell_latency_cycles  # the pauses really bit
    for run in result.runs:  # every sample's latency and interval measured, for the report's histograms
        assert len(run.sim.latency_cycles) == 300 and len(run.sim.ii_cycles) == 299
        assert min(run.sim.latency_cycles) >= 0 and min(run.sim.ii_cycles) >= 1


def test_faulty_shell_fails_the_flow(tiny_model) -> None:  # type: ignore[no-untyped-def]
    x = on_grid_inputs(200, seed=5, scale=3.0)
    options = OpenFlowOptions(synthesize=False, simulator="icarus", shell_defines={"HWV_SHELL_FAULT_EARLY_VALID": ""})
    result = run_open_flow(tiny_model, HlsConfig(), x, options)
    assert not result.ok
    assert any(not a.ok for a in result.agreements if "RTL" in a.actual_stage)
    assert "FAILED" in format_table(result)


def test_float_model_rtl_matches_csim() -> None:
    """A float model is not bit-exact with Keras, but its RTL still must be with the C simulation."""
    from tests.tiny_models import tiny_float_mlp

    x = on_grid_inputs(200, seed=7, scale=3.0)
    options = OpenFlowOptions(synthesize=False, simulator="icarus", keras_exact=False)
    result = run_open_flow(tiny_float_mlp(seed=4), HlsConfig(), x, options)
    assert result.ok, format_table(result)
    assert all(a.ok for a in result.agreements if a.expected_stage == "C-sim")
    assert any(not a.ok for a in result.agreements if a.expected_stage == "Keras")  # the check is not vacuous


@pytest.mark.slow
def test_resource_estimates(tiny_model) -> None:  # type: ignore[no-untyped-def]
    x = on_grid_inputs(50, seed=6)
    result = run_open_flow(tiny_model, HlsConfig(), x, OpenFlowOptions(simulator="icarus"))
    res = result.resources
    assert res.da4ml_luts > 0 and res.da4ml_register_bits > 0
    assert res.synthesis is not None, res.synthesis_note
    assert res.synthesis.luts > 0 and res.synthesis.flip_flops >= res.da4ml_register_bits // 2
    assert "yosys synth_xilinx" in format_table(result)


def _zoo_flow(name: str, simulator: str) -> OpenFlowResult:
    from hwverify.model.zoo import load_reference_model

    reference = load_reference_model(name, "quantized")
    shape = tuple(int(d) for d in reference.model.input_shape[1:])
    x = verification_inputs(reference.data.x_test, shape, 1000, 11, x_range=reference.data.x_train)
    assert len(x) >= len(reference.data.x_test) + 1000
    options = OpenFlowOptions(synthesize=False, simulator=simulator)
    return run_open_flow(reference, HlsConfig(), x, options, inputs_label="test set + 1000 random")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "simulator", "n_outputs"),
    [("iris_mlp", "icarus", 1), ("jet_tagger", "verilator", 1), ("digits_autoencoder", "verilator", 2)],
)
def test_zoo_models_three_way_bit_exact(name: str, simulator: str, n_outputs: int) -> None:
    result = _zoo_flow(name, simulator)
    assert result.ok, format_table(result)
    assert len(result.outputs) == n_outputs
    assert all(port.layer.endswith("logits") for port in result.outputs)
    assert result.timing_ok
    assert result.runs[0].sim.ii.max == 1
