"""The open io_stream flow's schedules: hls4ml's per-layer timing, timings read from synthesis reports, the
window control that enforces them, and the checks that catch a process ignoring its schedule.

Icarus throughout; the two flow runs take about half a minute each.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwverify.errors import ConfigError
from hwverify.flows.dataflow import DataflowOptions, format_dataflow, run_dataflow_flow
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.sim.simulate import SimOptions, simulate
from hwverify.sources.csynth import read_module_schedule
from hwverify.sources.openflow import dataflow as dataflow_module
from hwverify.sources.openflow.dataflow import generate_dataflow_rtl, stage_logic
from hwverify.sources.openflow.schedule import (
    Schedule,
    StageTiming,
    interval_cycles,
    schedule_timings,
    timing_from_report,
)
from tests.tiny_models import digits_images, on_grid_inputs, tiny_qkeras_cnn

LATENCY_R4 = HlsConfig(io_type="io_stream", reuse_factor=4)
RESOURCE_R4 = HlsConfig(io_type="io_stream", strategy="Resource", reuse_factor=4)


@pytest.fixture(scope="module")
def padded_latency():  # type: ignore[no-untyped-def]
    """8x8 image, 'same' conv (hls4ml inserts a zero-padding process before it), Latency strategy, reuse 4."""
    return compile_csim(tiny_qkeras_cnn(seed=4, padding="same"), LATENCY_R4)


def _expected_codes(compiled, generated, x):  # type: ignore[no-untyped-def]
    _, trace = compiled.trace(x)
    codes, on_grid = generated.output_type.exact_codes(np.asarray(trace[generated.output_layer]).reshape(len(x), -1))
    assert on_grid.all()
    return codes


def test_hls4ml_schedule_follows_strategy_and_reuse(padded_latency) -> None:  # type: ignore[no-untyped-def]
    plan = generate_dataflow_rtl(padded_latency.graph).plan
    timings = schedule_timings(padded_latency.graph, plan, Schedule.HLS4ML)
    got = {stage.kind: (timings[stage.layer].read_interval, timings[stage.layer].fire_cycles) for stage in plan.stages}
    assert got == {"ZeroPadding2D": (1, 0), "Conv2D": (4, 0), "Activation": (1, 0), "Pooling2D": (1, 0),
                   "Dense": (1, 3)}  # Latency: the conv's pixel loop at II = R; the Dense's product at II R
    resource = compile_csim(tiny_qkeras_cnn(seed=4), RESOURCE_R4)
    plan = generate_dataflow_rtl(resource.graph).plan
    timings = schedule_timings(resource.graph, plan, Schedule.HLS4ML)
    conv, dense = (next(timings[s.layer] for s in plan.stages if s.kind == kind) for kind in ("Conv2D", "Dense"))
    reuse = int(resource.graph.graph["conv1"].get_attr("reuse_factor"))  # hls4ml moves 4 to a valid factor
    assert (conv.read_interval, conv.fire_cycles) == (1, reuse + 1) and (dense.read_interval, dense.fire_cycles) == (1, 5)
    one = schedule_timings(resource.graph, plan, Schedule.ONE_PIXEL_PER_CLOCK)
    assert set(one.values()) == {StageTiming()}
    # the interval is the busiest process's cycles per sample: 6x6 windows of reuse + 1 extra cycles on 8x8 pixels
    assert interval_cycles(plan, timings) == 64 + 36 * (reuse + 1)


def test_a_schedule_that_misses_a_layer_is_refused(padded_latency) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="no timing for layers"):
        generate_dataflow_rtl(padded_latency.graph, schedule={"conv1": StageTiming(2, 0)})
    with pytest.raises(ConfigError, match="read interval must be >= 1"):
        StageTiming(0, 0)
    with pytest.raises(ConfigError, match="frame cycles >= 0"):
        StageTiming(1, 0, -1)
    with pytest.raises(ConfigError, match="'fastest' is not one of one-pixel-per-clock, hls4ml"):
        generate_dataflow_rtl(padded_latency.graph, schedule="fastest")
    plan = generate_dataflow_rtl(padded_latency.graph, schedule="hls4ml").plan  # a plain string is a schedule too
    paced = {stage.layer: StageTiming() for stage in plan.stages} | {plan.stages[0].layer: StageTiming(2, 0)}
    with pytest.raises(ConfigError, match="zero-padding processes .* are built at a pixel per clock"):
        generate_dataflow_rtl(padded_latency.graph, schedule=paced)


def test_flow_under_hls4ml_schedule_sizes_the_burst_before_a_slow_conv(padded_latency) -> None:  # type: ignore[no-untyped-def]
    options = DataflowOptions(simulator="icarus", seed=5, schedule=Schedule.HLS4ML, round_trip=False)
    result = run_dataflow_flow(tiny_qkeras_cnn(seed=4, padding="same"), digits_images(8), LATENCY_R4, options)
    table = format_dataflow(result)
    assert result.ok, table
    assert result.expected_ii_cycles == 100 * 4 and result.runs[0].sim.ii.max == 400  # the conv: 10x10 pixels at II 4
    assert "schedule hls4ml: II 400 expected without backpressure -> as built" in table
    padded = {v.variable: v.optimized for v in result.variables}[result.generated.plan.stages[0].output_variable]
    assert padded > 100  # the padding process writes a pixel per clock, the conv reads one in four: frames pile up


def test_a_process_that_ignores_its_schedule_fails_the_timing_check() -> None:
    options = DataflowOptions(simulator="icarus", seed=5, schedule=Schedule.HLS4ML, round_trip=False,
                              defines={"FAULT_IGNORE_SCHEDULE": ""})
    result = run_dataflow_flow(tiny_qkeras_cnn(seed=4, padding="same"), digits_images(6), LATENCY_R4, options)
    assert all(run.ok for run in result.runs)  # the outputs are right ...
    assert not result.timing_ok and not result.ok  # ... but the design runs one pixel per clock: II 100, not 400
    assert "-> DIFFERENT" in format_dataflow(result)


def test_resource_strategy_is_bit_exact_under_its_schedule() -> None:
    compiled = compile_csim(tiny_qkeras_cnn(seed=6, padding="same"), RESOURCE_R4)
    generated = generate_dataflow_rtl(compiled.graph, schedule=Schedule.HLS4ML)
    x = on_grid_inputs(10, shape=(8, 8, 1), seed=3, scale=2.0)
    codes = generated.input_type.exact_codes(x.reshape(len(x), -1))[0]
    result = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus", output_backpressure=0.3, seed=4))
    np.testing.assert_array_equal(result.output_codes, _expected_codes(compiled, generated, x))


def test_global_max_pooling_streams_bit_exact() -> None:
    import tensorflow as tf

    tf.keras.utils.set_random_seed(8)
    inputs = tf.keras.layers.Input((12, 3), name="series")
    x = tf.keras.layers.Conv1D(5, 3, padding="same", name="conv")(inputs)
    x = tf.keras.layers.Activation("relu", name="relu")(x)
    x = tf.keras.layers.GlobalMaxPooling1D(name="gmax")(x)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(4, name="out")(x))
    compiled = compile_csim(model, HlsConfig(io_type="io_stream", backend="Vitis"))
    generated = generate_dataflow_rtl(compiled.graph)
    assert [s.kind for s in generated.plan.stages] == ["ZeroPadding1D", "Conv1D", "Activation", "GlobalPooling1D", "Dense"]
    x = on_grid_inputs(12, shape=(12, 3), seed=5, scale=3.0)
    codes = generated.input_type.exact_codes(x.reshape(len(x), -1))[0]
    result = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus", output_backpressure=0.4, seed=2))
    np.testing.assert_array_equal(result.output_codes, _expected_codes(compiled, generated, x))


@pytest.mark.parametrize("strategy", ["Latency", "Resource"])
def test_separable_conv_streams_as_depthwise_and_pointwise_bit_exact(strategy: str) -> None:
    import tensorflow as tf

    tf.keras.utils.set_random_seed(1)
    inputs = tf.keras.layers.Input((6, 6, 3), name="img")
    x = tf.keras.layers.SeparableConv2D(4, 3, name="sep")(inputs)
    x = tf.keras.layers.Activation("relu", name="relu")(x)
    x = tf.keras.layers.Flatten(name="flat")(x)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(3, name="out")(x))
    compiled = compile_csim(model, HlsConfig(io_type="io_stream", strategy=strategy, reuse_factor=4))
    generated = generate_dataflow_rtl(compiled.graph, schedule=Schedule.HLS4ML)
    assert [s.kind for s in generated.plan.stages] == ["DepthwiseConv2D", "PointwiseConv2D", "Activation", "Dense"]
    x = on_grid_inputs(10, shape=(6, 6, 3), seed=3, scale=2.0)
    codes = generated.input_type.exact_codes(x.reshape(len(x), -1))[0]
    result = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus", output_backpressure=0.3, seed=4))
    np.testing.assert_array_equal(result.output_codes, _expected_codes(compiled, generated, x))


def test_traced_logic_is_rebuilt_when_the_tracer_changes(padded_latency, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stage = generate_dataflow_rtl(padded_latency.graph).plan.stages[2]  # the ReLU: small
    before = stage_logic(padded_latency.graph, stage, 5.0)
    monkeypatch.setattr(dataflow_module, "tracer_fingerprint", lambda: "a changed tracer")
    after = stage_logic(padded_latency.graph, stage, 5.0)
    assert after.directory != before.directory  # a new cache entry, not the logic the old tracer wrote


def test_changing_one_layer_retraces_only_that_layer(padded_latency) -> None:  # type: ignore[no-untyped-def]
    model = tiny_qkeras_cnn(seed=4, padding="same")
    dense = model.get_layer("logits")
    dense.set_weights([w + 0.25 for w in dense.get_weights()])  # another Dense, the same convolution
    changed = compile_csim(model, LATENCY_R4)
    plan = generate_dataflow_rtl(padded_latency.graph).plan
    conv, last = plan.stages[1], plan.stages[-1]
    assert stage_logic(changed.graph, conv, 5.0).directory == stage_logic(padded_latency.graph, conv, 5.0).directory
    assert stage_logic(changed.graph, last, 5.0).directory != stage_logic(padded_latency.graph, last, 5.0).directory


def _module_report(path: Path, loop: str, latency: tuple[int, int]) -> Path:
    """A module's synthesis report in the layout Vivado/Vitis HLS write (only the fields read here)."""
    path.write_text(f"""<?xml version="1.0"?>
<profile><UserAssignments><TopModelName>proc_config2_s</TopModelName></UserAssignments>
<PerformanceEstimates><SummaryOfOverallLatency><Best-caseLatency>{latency[0]}</Best-caseLatency>
<Worst-caseLatency>{latency[1]}</Worst-caseLatency></SummaryOfOverallLatency>
<SummaryOfLoopLatency>{loop}</SummaryOfLoopLatency></PerformanceEstimates></profile>
""")
    return path


def test_timings_from_synthesis_reports(padded_latency, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = generate_dataflow_rtl(padded_latency.graph).plan
    conv, dense = plan.stages[1], plan.stages[-1]
    pipelined = _module_report(tmp_path / "a.xml", "<PixelLoop><TripCount>100</TripCount><PipelineII>3</PipelineII>"
                               "<PipelineDepth>5</PipelineDepth></PixelLoop>", (302, 302))
    unpipelined = _module_report(tmp_path / "b.xml", "<PixelLoop><TripCount>100</TripCount><IterationLatency><range>"
                                 "<min>6</min><max>43</max></range></IterationLatency></PixelLoop>", (600, 4300))
    gather = _module_report(tmp_path / "c.xml", "<Gather><TripCount>16</TripCount><PipelineII>1</PipelineII></Gather>",
                            (40, 41))
    # a pipelined loop: its II, and the rest of the module's latency after each frame (fill and drain)
    assert timing_from_report(conv, [read_module_schedule(pipelined)]) == StageTiming(3, 0, 302 - 300, why=(
        "proc_config2_s: PixelLoop pipelined at II 3, 2 more cycles per frame"))
    timing = timing_from_report(conv, [read_module_schedule(unpipelined)])
    assert timing is not None and (timing.read_interval, timing.fire_cycles, timing.frame_cycles) == (6, 37, 0)
    timing = timing_from_report(dense, [read_module_schedule(gather)])  # 16 pixels gathered, then the product
    assert timing is not None and (timing.read_interval, timing.fire_cycles, timing.frame_cycles) == (1, 0, 41 - 16)
    assert timing_from_report(conv, [read_module_schedule(gather)]) is None  # no loop over the conv's 100 pixels
    assert timing_from_report(plan.stages[0], [read_module_schedule(pipelined)]) is None  # zero padding: a pixel per clock


def test_any_timing_runs_at_the_interval_it_predicts(padded_latency) -> None:  # type: ignore[no-untyped-def]
    plan = generate_dataflow_rtl(padded_latency.graph).plan
    timings = {stage.layer: StageTiming() for stage in plan.stages}
    conv = plan.stages[1].layer
    timings[conv] = StageTiming(2, 1, 7)  # a pixel every 2 cycles, 1 more per window, 7 more per frame
    generated = generate_dataflow_rtl(padded_latency.graph, schedule=timings)
    assert generated.interval_cycles == 100 * 2 + 64 * 1 + 7
    x = on_grid_inputs(6, shape=(8, 8, 1), seed=1, scale=2.0)
    codes = generated.input_type.exact_codes(x.reshape(len(x), -1))[0]
    result = simulate(generated.to_rtl_design(), codes, SimOptions(simulator="icarus"))
    np.testing.assert_array_equal(result.output_codes, _expected_codes(padded_latency, generated, x))
    assert result.ii_cycles.max() == generated.interval_cycles
