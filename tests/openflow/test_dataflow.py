"""The open io_stream (dataflow) flow: stage planning, generated RTL in the Vivado HLS conventions,
bit-exactness with hls4ml's io_stream C simulation, fault detection, and FIFO calibration end to end.

Icarus throughout (no build step); the end-to-end calibration test takes about a minute.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from hwverify.errors import UnsupportedLayer
from hwverify.fifo import (
    CalibrationSettings,
    FifoStyle,
    Stimulus,
    apply_to_hls_model,
    calibrate_fifos,
    find_fifo_instances,
    instrument,
    prove_fifo_depths,
    read_fifo_depths,
)
from hwverify.fifo.calibration import compare_with_real_modules
from hwverify.flows.dataflow import DataflowOptions, dataflow_results, format_dataflow, run_dataflow_flow
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.protocols import IoStyle
from hwverify.sim.simulate import SimOptions, design_interface, simulate
from hwverify.sources.openflow.dataflow import describe, generate_dataflow_rtl
from hwverify.sources.openflow.stages import Frame, plan_stages
from tests.tiny_models import digits_images, on_grid_inputs, tiny_qkeras_cnn, tiny_qkeras_mlp

STREAM = HlsConfig(io_type="io_stream")


@pytest.fixture(scope="module")
def cnn_graph():  # type: ignore[no-untyped-def]
    return compile_csim(tiny_qkeras_cnn(), STREAM)


@pytest.fixture(scope="module")
def cnn_rtl(cnn_graph):  # type: ignore[no-untyped-def]
    return generate_dataflow_rtl(cnn_graph.graph)


def _expected_codes(compiled, generated, x):  # type: ignore[no-untyped-def]
    """The C simulation's result at the design's output layer, as codes."""
    _, trace = compiled.trace(x)
    values = np.asarray(trace[generated.output_layer]).reshape(len(x), -1)
    codes, on_grid = generated.output_type.exact_codes(values)
    assert on_grid.all()
    return codes


def test_plan_follows_hls4ml_streams(cnn_graph) -> None:  # type: ignore[no-untyped-def]
    plan = plan_stages(cnn_graph.graph)
    assert plan.input_frame == Frame(8, 8, 1) and plan.omitted_layers == ("softmax",)
    got = [(s.layer, s.window, s.stride, s.output_frame) for s in plan.stages]
    assert got == [
        ("conv1", (3, 3), (1, 1), Frame(6, 6, 4)),
        ("relu1", (1, 1), (1, 1), Frame(6, 6, 4)),
        ("pool1", (2, 2), (2, 2), Frame(3, 3, 4)),
        ("logits", (3, 3), (3, 3), Frame(1, 1, 10)),  # the flatten is no stage: the Dense reads the frame whole
    ]
    conv = plan.stages[0]
    assert conv.history_pixels == 2 * 8 + 3
    assert conv.tap_age(0, 0) == 2 * 8 + 2 and conv.tap_age(2, 2) == 0


def test_same_padding_streams_through_a_zero_padding_process() -> None:
    compiled = compile_csim(tiny_qkeras_cnn(seed=4, padding="same"), STREAM)
    generated = generate_dataflow_rtl(compiled.graph)
    pad = generated.plan.stages[0]  # hls4ml inserts ZeroPadding2D before a 'same' Conv2D in io_stream
    assert pad.is_padding and pad.padding == (1, 1, 1, 1) and pad.output_frame == Frame(10, 10, 1)
    assert {f.variable: f.depth for f in generated.fifos}[pad.output_variable] == 100  # hls4ml's pragma
    x = on_grid_inputs(16, shape=(8, 8, 1), seed=9, scale=2.0)
    codes = generated.input_type.exact_codes(x.reshape(len(x), -1))[0]
    options = SimOptions(simulator="icarus", input_backpressure=0.3, output_backpressure=0.5, seed=2)
    result = simulate(generated.to_rtl_design(), codes, options)
    np.testing.assert_array_equal(result.output_codes, _expected_codes(compiled, generated, x))
    free = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus"))
    assert set(free.ii_cycles.tolist()) == {100}  # the padding process writes 10x10 pixels per image, one per clock


def test_branching_model_is_refused_with_the_layer_named() -> None:
    import tensorflow as tf

    inputs = tf.keras.layers.Input((6,), name="features")
    left = tf.keras.layers.Dense(4, name="left")(inputs)
    right = tf.keras.layers.Dense(4, name="right")(inputs)
    model = tf.keras.Model(inputs, tf.keras.layers.Add(name="join")([left, right]))
    with pytest.raises(UnsupportedLayer) as raised:
        plan_stages(compile_csim(model, STREAM).graph)
    assert "'clone_features'" in str(raised.value) and "branches" in str(raised.value)  # hls4ml's split of the stream


def test_generated_rtl_follows_vivado_conventions(cnn_graph, cnn_rtl) -> None:  # type: ignore[no-untyped-def]
    interface = design_interface(cnn_rtl.to_rtl_design())
    assert interface.style is IoStyle.AXIS_PER_ELEMENT and interface.control == "ap_ctrl_none"
    assert interface.clock_reset.reset == "ap_rst_n" and interface.clock_reset.active_low
    assert [c.name for c in interface.outputs] == [f"layer7_out_V_data_{c}_V" for c in range(10)]
    fifos = find_fifo_instances(cnn_rtl.top, cnn_rtl.sources)
    by_variable: dict[str, set[int]] = {}
    for fifo in fifos:
        # one module per width holding both styles (a shift register up to 16 words, RAM style above), DEPTH picking
        assert fifo.style is FifoStyle.BY_DEPTH and not fifo.start_token
        assert fifo.module == f"fifo_w{fifo.width}_A"
        by_variable.setdefault(fifo.variable, set()).add(fifo.depth)
    # one FIFO per element, at hls4ml's own stream depths (the pixel counts it writes into its pragmas)
    assert by_variable == {"layer2_out": {36}, "layer4_out": {36}, "layer5_out": {9}}
    assert len(fifos) == 12
    writers = {f.variable: f.connection.writer for f in fifos}
    assert writers == {"layer2_out": "conv1_U0", "layer4_out": "relu1_U0", "layer5_out": "pool1_U0"}
    assert "conv1_U0" in describe(cnn_rtl)


def test_designs_differing_in_fifo_depths_share_one_run_time_build(cnn_graph, cnn_rtl) -> None:  # type: ignore[no-untyped-def]
    """The round trip's regenerated design (other depths, so shift registers where the first had RAMs) is the
    calibration's build: at the same storage both run-time-depth copies are the same Verilog, file by file (the
    build cache's key), and only their depth plusargs differ."""
    original = {f.variable: f.depth for f in cnn_rtl.fifos}
    apply_to_hls_model(cnn_graph.graph, {variable: 3 for variable in original})
    try:
        regenerated = generate_dataflow_rtl(cnn_graph.graph)
    finally:
        apply_to_hls_model(cnn_graph.graph, original)
    designs = [cnn_rtl.to_rtl_design(), regenerated.to_rtl_design()]
    assert [p.read_text() for p in designs[0].sources] != [p.read_text() for p in designs[1].sources]
    copies = [instrument(d, find_fifo_instances(d.top, d.sources), storage=256).design for d in designs]
    assert [(p.name, p.read_text()) for p in copies[0].sources] == [(p.name, p.read_text()) for p in copies[1].sources]
    assert copies[0].plusargs != copies[1].plusargs


def test_run_time_depths_pick_the_fifo_style_as_the_modules_do(cnn_rtl) -> None:  # type: ignore[no-untyped-def]
    """The run-time-depth copy at RAM depths (above 16), shift-register depths and a mix ends every run as the
    design's own FIFO modules at those depths: same outputs, framing and cycles."""
    design = cnn_rtl.to_rtl_design()
    codes = cnn_rtl.input_type.exact_codes(digits_images(6).reshape(6, -1))[0]
    settings = CalibrationSettings(deep_depth=64, stimuli=(Stimulus(0.0, 1), Stimulus(0.6, 2)), simulator="icarus")
    calibration = calibrate_fifos(design, codes, settings)
    for depth_of in ({"layer2_out": 20, "layer4_out": 17, "layer5_out": 20}, {"layer2_out": 2, "layer4_out": 16,
                                                                              "layer5_out": 3},
                     {"layer2_out": 19, "layer4_out": 2, "layer5_out": 2}):
        depths = {f.name: depth_of[f.variable] for f in calibration.fifos}
        runtime = prove_fifo_depths(design, codes, calibration, depths)
        real = prove_fifo_depths(design, codes, calibration, depths, real_modules=True)
        assert compare_with_real_modules(runtime, real).identical, depth_of
        assert all(run.cycles for run in runtime.runs), depth_of


@pytest.mark.parametrize("backpressure", [0.0, 0.5])
def test_cnn_is_bit_exact_with_the_io_stream_csim(  # type: ignore[no-untyped-def]
    cnn_graph, cnn_rtl, backpressure
) -> None:
    x = on_grid_inputs(24, shape=(8, 8, 1), seed=7, scale=2.0)
    expected = _expected_codes(cnn_graph, cnn_rtl, x)
    codes = cnn_rtl.input_type.exact_codes(x.reshape(len(x), -1))[0]
    options = SimOptions(simulator="icarus", input_backpressure=backpressure, output_backpressure=backpressure, seed=3)
    result = simulate(cnn_rtl.to_rtl_design(), codes, options)
    np.testing.assert_array_equal(result.output_codes, expected)
    if backpressure == 0:  # one pixel per clock: a new image every 64 cycles
        assert set(result.ii_cycles.tolist()) == {64}


def test_cnn_in_verilator_bulk_path(cnn_graph, cnn_rtl) -> None:  # type: ignore[no-untyped-def]
    x = on_grid_inputs(200, shape=(8, 8, 1), seed=12, scale=2.0)
    codes = cnn_rtl.input_type.exact_codes(x.reshape(len(x), -1))[0]
    options = SimOptions(simulator="verilator", path="bulk", input_backpressure=0.3, output_backpressure=0.5, seed=5)
    result = simulate(cnn_rtl.to_rtl_design(), codes, options)
    np.testing.assert_array_equal(result.output_codes, _expected_codes(cnn_graph, cnn_rtl, x))


def test_mlp_streams_as_one_pixel_frames() -> None:
    compiled = compile_csim(tiny_qkeras_mlp(seed=9, n_hidden=10), STREAM)
    generated = generate_dataflow_rtl(compiled.graph)
    assert [s.window for s in generated.plan.stages] == [(1, 1)] * 3
    x = on_grid_inputs(40, seed=2, scale=3.0)
    codes = generated.input_type.exact_codes(x)[0]
    result = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus", output_backpressure=0.5, seed=1))
    np.testing.assert_array_equal(result.output_codes, _expected_codes(compiled, generated, x))


def test_line_buffer_fault_is_caught(cnn_graph, cnn_rtl) -> None:  # type: ignore[no-untyped-def]
    x = on_grid_inputs(12, shape=(8, 8, 1), seed=8, scale=2.0)
    expected = _expected_codes(cnn_graph, cnn_rtl, x)
    codes = cnn_rtl.input_type.exact_codes(x.reshape(len(x), -1))[0]
    faulty = cnn_rtl.to_rtl_design({"FAULT_STALE_NEWEST_PIXEL": ""})
    result = simulate(faulty, codes, SimOptions(simulator="icarus"))
    assert result.output_codes.shape == expected.shape  # every sample came out ...
    assert not np.array_equal(result.output_codes, expected)  # ... wrong


def test_flow_calibrates_proves_and_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    options = DataflowOptions(simulator="icarus", seed=11)
    result = run_dataflow_flow(tiny_qkeras_cnn(), digits_images(8), options=options,
                               fifo_depths_path=tmp_path / "fifo_depths.json")
    table = format_dataflow(result)
    assert result.ok, table
    assert "RESULT: C-sim = RTL bit-exact, FIFO depths calibrated and proven" in table
    # fifo_depths.json in hls4ml's Vitis format, readable back, and consistent with the measured fills
    written = json.loads((tmp_path / "fifo_depths.json").read_text())
    assert set(written) == {"layer2_out", "layer4_out", "layer5_out"}
    assert {v: d["initial"] for v, d in written.items()} == {"layer2_out": 36, "layer4_out": 36, "layer5_out": 9}
    optimized = read_fifo_depths(tmp_path / "fifo_depths.json")
    for fifo in result.calibration.fifos:  # never more than the first proposal (max + 1 in the deep run)
        assert 2 <= optimized[fifo.variable] <= result.calibration.max_fill[fifo.name] + 1
    trip = result.round_trip
    assert trip is not None and trip.reproduced and dict(trip.depths) == optimized
    assert dict(trip.rounds[-1].recalibrated) == optimized  # applying them and calibrating again gives them back
    assert result.saving.optimized_bits < result.saving.initial_bits
    results = dataflow_results(result, "pytest")
    (design,) = results.designs
    assert design.ok and len(design.fifos) == 12 and design.fifo_series and design.latency_runs


def test_flow_reports_a_faulty_design(tmp_path) -> None:  # type: ignore[no-untyped-def]
    options = DataflowOptions(simulator="icarus", defines={"FAULT_STALE_NEWEST_PIXEL": ""}, round_trip=False)
    result = run_dataflow_flow(tiny_qkeras_cnn(), digits_images(8), options=options)
    assert not result.ok
    assert all(not run.ok for run in result.runs)
    assert "MISMATCH" in format_dataflow(result) and "RESULT: FAILED" in format_dataflow(result)
