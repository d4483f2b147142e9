"""FIFO discovery, the monitor's Verilog, depth proposal, fifo_depths.json, checks and diagnosis: no simulator.

Runtime: about 3 s (slang elaborates a few small designs).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from hwverify.checks.fifo import assert_fifo_depths, check_fifo_depths
from hwverify.errors import ConfigError
from hwverify.fifo.calibration import propose_fifo_depths
from hwverify.fifo.depths import (
    apply_to_hls_model,
    bram18k_estimate,
    fifo_depths_for,
    hls4ml_snippet,
    read_fifo_depths,
    variable_depths,
    write_fifo_depths,
)
from hwverify.fifo.diagnosis import diagnose_deadlock
from hwverify.fifo.monitor import FifoEndState, monitor_verilog, read_monitor, resize_fifos
from hwverify.sim.fifos import Connection, FifoStyle, fifo_probes, find_fifo_instances, variable_of
from hwverify.sources.verilog import read_ports
from tests.fifo.pipeline import SKIP_FIFO, pipeline_design
from tests.rtl.designs import ACCELERATOR, STREAM_VITIS, STREAM_VIVADO


def by_name(fifos):  # type: ignore[no-untyped-def]
    return {f.name: f for f in fifos}


def test_instance_names_map_to_hls4ml_variables() -> None:
    assert variable_of("layer4_out_V_data_0_V_U") == ("layer4_out", 0, False)
    assert variable_of("layer12_out_V_data_15_V_U") == ("layer12_out", 15, False)
    assert variable_of("layer4_out_U") == ("layer4_out", None, False)
    assert variable_of("start_for_relu_2_U0_U") == ("relu_2_U0", None, True)


def test_vivado_fifos_styles_depths_and_processes() -> None:
    fifos = by_name(find_fifo_instances(STREAM_VIVADO.top, STREAM_VIVADO.sources))
    assert len(fifos) == 8
    # a module Vivado HLS wrote twice, uniquified with _x (dnnos_cnn's fifo_w16_d900_A_x), is a FIFO like its twin
    twin = fifos["layer2_out_V_data_2_V_U"]
    assert (twin.module, twin.style, twin.depth, twin.variable) == ("fifo_w16_d2_A_x", FifoStyle.SHIFTREG, 2, "layer2_out")
    shift, ram, start = (fifos["layer2_out_V_data_1_V_U"], fifos["layer3_out_V_data_2_V_U"],
                         fifos["start_for_relu_2_U0_U"])
    assert (shift.style, shift.depth, shift.width, shift.variable, shift.element) == (
        FifoStyle.SHIFTREG, 2, 16, "layer2_out", 1)
    assert (ram.style, ram.depth, ram.addr_width) == (FifoStyle.RAM, 16, 4)
    assert start.start_token and start.style is FifoStyle.SHIFTREG and start.width == 1
    assert shift.connection == Connection(writer="pointwise_conv_1_U0", reader="relu_2_U0")


def test_vitis_fifos_count_the_output_register_in_their_depth() -> None:
    fifos = by_name(find_fifo_instances(STREAM_VITIS.top, STREAM_VITIS.sources))
    data, start = fifos["layer2_out_U"], fifos["start_for_pointwise_conv_2_U0_U"]
    assert (data.style, data.variable, data.element, data.depth, data.depth_parameter, data.width) == (
        FifoStyle.VITIS, "layer2_out", None, 9, 8, 48)
    assert data.parameters_for_depth(33) == (32, 5)
    assert start.style is FifoStyle.COUNT and start.fill_expression == "{inst}.mOutPtr"


def test_accelerator_and_pipeline_fifos_are_found() -> None:
    assert sorted(by_name(find_fifo_instances(ACCELERATOR.top, ACCELERATOR.sources))) == [
        "in_local_V_U", "is_last_U", "out_local_V_U"]
    design = pipeline_design()
    fifos = by_name(find_fifo_instances(design.top, design.sources))
    assert fifos[SKIP_FIFO].connection == Connection(writer="clone_1_U0", reader="add_3_U0")
    assert fifos[SKIP_FIFO].style is FifoStyle.RAM


def _queue_design(tmp_path: Path, counter: str) -> Path:
    source = tmp_path / "top.v"
    source.write_text(
        "module my_queue(input clk, input reset);\nparameter DEPTH = 6;\n"
        f"reg [3:0] {counter} = 0;\nendmodule\n"
        "module fifo_w8_d4_A(input clk, input reset);\nreg [3:0] level = 0;\nendmodule\n"
        "module top(input ap_clk, input ap_rst);\n"
        "my_queue q_U(.clk(ap_clk), .reset(ap_rst));\nendmodule\n"
    )
    return source


def test_custom_fifo_uses_the_users_occupancy_expression(tmp_path: Path) -> None:
    source = _queue_design(tmp_path, "count")
    (fifo,) = find_fifo_instances("top", [source], custom={"my_queue": "{inst}.count"})
    assert fifo.style is FifoStyle.CUSTOM and fifo.fill_expression == "{inst}.count" and fifo.depth == 6


def test_hls_named_fifo_without_known_counters_asks_for_an_expression(tmp_path: Path) -> None:
    source = tmp_path / "top.v"
    source.write_text("module fifo_w8_d4_A(input clk);\nparameter DEPTH = 4;\nreg [3:0] level = 0;\nendmodule\n"
                      "module top(input ap_clk);\nfifo_w8_d4_A f_U(.clk(ap_clk));\nendmodule\n")
    with pytest.raises(ConfigError, match="fifo_w8_d4_A.*occupancy expression"):
        find_fifo_instances("top", [source])


def test_the_watchdog_watches_an_unknown_fifo_by_its_handshakes(tmp_path: Path) -> None:
    """A FIFO-named module with no known counter (and a start-token module with no DEPTH) does not stop a
    simulation: the watchdog gets a probe whose fill is not readable."""
    source = tmp_path / "top.v"
    source.write_text("module fifo_w8_d4_A(input clk);\nreg [3:0] level = 0;\nendmodule\n"
                      "module start_for_p_U0(input clk);\nendmodule\n"
                      "module top(input ap_clk);\nfifo_w8_d4_A f_U(.clk(ap_clk));\n"
                      "start_for_p_U0 start_for_p_U0_U(.clk(ap_clk));\nendmodule\n")
    probes = fifo_probes("top", [source])
    assert [(p.name, p.style, p.fill_verilog("dut." + p.name)) for p in probes] == [
        ("f_U", FifoStyle.CUSTOM, None), ("start_for_p_U0_U", FifoStyle.CUSTOM, None)]


def test_monitor_wrapper_has_exactly_the_duts_ports(tmp_path: Path) -> None:
    design = pipeline_design()
    fifos = find_fifo_instances(design.top, design.sources)
    ports = read_ports(design.top, design.sources)
    wrapper = tmp_path / "wrapper.v"
    wrapper.write_text(monitor_verilog(design.top, ports, "ap_clk", fifos))
    assert read_ports("myproject_hwv_monitor", [wrapper]) == ports
    text = wrapper.read_text()
    assert "wire [31:0] hwv_fill_0 = {hwv_dut.layer1_cpy1_V_data_0_V_U.mOutPtr + 1'b1};" in text
    assert "hwv_dut.layer1_cpy2_V_data_0_V_U.full_n ? hwv_dut.layer1_cpy2_V_data_0_V_U.usedw : 16" in text
    assert 'if (!$value$plusargs("hwv_series_every=%d", hwv_series_every)) hwv_series_every = 0;' in text


def test_resized_copy_carries_the_new_depths_into_the_netlist() -> None:
    for design, depths in ((pipeline_design(), {SKIP_FIFO: 40, "layer2_out_V_data_0_V_U": 3}),
                           (STREAM_VITIS, {"layer2_out_U": 33})):
        fifos = find_fifo_instances(design.top, design.sources)
        resized = resize_fifos(_as_rtl(design), fifos, depths)
        again = by_name(find_fifo_instances(resized.top, resized.sources))
        assert {name: again[name].depth for name in depths} == depths
        assert all(p.parent.name != "fifo_pipeline" for p in resized.sources)  # never beside the sources


def _as_rtl(design):  # type: ignore[no-untyped-def]
    from hwverify.sources.design import RtlDesign  # noqa: PLC0415

    if isinstance(design, RtlDesign):
        return design
    return RtlDesign.single(top=design.top, sources=design.sources, data_files=design.data_files,
                     input_type=design.input_type, output_type=design.output_type, n_inputs=design.n_inputs,
                     n_outputs=design.n_outputs)


def test_resizing_an_unknown_fifo_is_a_config_error() -> None:
    design = pipeline_design()
    with pytest.raises(ConfigError, match="no_such_U"):
        resize_fifos(design, find_fifo_instances(design.top, design.sources), {"no_such_U": 4})


def test_proposal_is_max_plus_one_with_margins_and_at_least_two() -> None:
    assert propose_fifo_depths({"a": 10, "b": 0, "c": 1}) == {"a": 11, "b": 2, "c": 2}
    assert propose_fifo_depths({"a": 10}, margin_words=2) == {"a": 13}
    assert propose_fifo_depths({"a": 9}, margin_fraction=0.25) == {"a": 13}


def test_check_flags_undersized_and_oversized_fifos_only() -> None:
    design = pipeline_design()
    fifos = find_fifo_instances(design.top, design.sources)  # depths 8, 16, 4
    measured = {"layer1_cpy1_V_data_0_V_U": 1, SKIP_FIFO: 10, "layer2_out_V_data_0_V_U": 6}
    violations = check_fifo_depths(fifos, measured, max_ratio=3.0)
    assert [(v.fifo, v.kind) for v in violations] == [("layer1_cpy1_V_data_0_V_U", "oversized"),
                                                      ("layer2_out_V_data_0_V_U", "undersized")]
    assert "at least 7" in violations[1].describe()
    assert check_fifo_depths(fifos, {**measured, "layer2_out_V_data_0_V_U": 3}, max_ratio=4.0) == []
    with pytest.raises(AssertionError, match="undersized"):
        assert_fifo_depths(fifos, measured, max_ratio=4.0)


def test_fifo_depths_json_is_hls4mls_format_and_round_trips(tmp_path: Path) -> None:
    fifos = find_fifo_instances(STREAM_VIVADO.top, STREAM_VIVADO.sources)
    proposed = {f.name: 2 for f in fifos} | {"layer3_out_V_data_1_V_U": 5}
    variables = variable_depths(fifos, proposed)
    path = write_fifo_depths(tmp_path / "fifo_depths.json", variables)
    assert json.loads(path.read_text()) == {"layer2_out": {"initial": 2, "optimized": 2},
                                            "layer3_out": {"initial": 16, "optimized": 5}}
    by_variable = read_fifo_depths(path)
    per_fifo = fifo_depths_for(fifos, by_variable)
    assert per_fifo["layer3_out_V_data_0_V_U"] == 5 and "start_for_relu_2_U0_U" not in per_fifo
    assert variables[1].initial_bits == 16 * 16 * 3 and variables[1].optimized_bits == 5 * 16 * 3


def test_malformed_fifo_depths_json_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "fifo_depths.json"
    path.write_text(json.dumps({"layer2_out": {"initial": 2, "optimized": "big"}}))
    with pytest.raises(ConfigError, match="layer2_out"):
        read_fifo_depths(path)


def test_depths_apply_to_an_hls_model_as_stream_pragmas() -> None:
    # hls4ml keys output_vars by layer name; the variable's .name (layer2_out) names the RTL FIFOs
    variable = SimpleNamespace(name="layer2_out", pragma=("stream", 100000))
    model = SimpleNamespace(output_vars={"conv": variable})
    assert apply_to_hls_model(model, {"layer2_out": 7, "missing": 3}) == ["missing"]
    assert variable.pragma == ("stream", 7)
    snippet = hls4ml_snippet({"layer2_out": 9})
    namespace = {"hls_model": SimpleNamespace(output_vars=model.output_vars, write=lambda: None)}
    exec(compile(snippet, "<snippet>", "exec"), namespace)  # noqa: S102  (the printed code must run as printed)
    assert variable.pragma == ("stream", 9)


def test_bram_estimate() -> None:
    assert bram18k_estimate(16, 16) == 0  # 256 bits: shift registers
    assert bram18k_estimate(16, 1024) == 1
    assert bram18k_estimate(48, 33) == 2
    assert bram18k_estimate(16, 100000) == 98  # hls4ml's profiling depth, 16 bits: (18, 1024) tiles


def test_diagnosis_names_the_full_fifo_and_the_blocked_processes() -> None:
    design = pipeline_design()
    fifos = find_fifo_instances(design.top, design.sources)
    end = {"layer1_cpy1_V_data_0_V_U": FifoEndState(0, False, True), SKIP_FIFO: FifoEndState(17, True, False),
           "layer2_out_V_data_0_V_U": FifoEndState(0, False, True)}
    diagnosis = diagnose_deadlock(fifos, end, cycle=99)
    assert [f.fifo for f in diagnosis.full_fifos] == [SKIP_FIFO]
    assert {(b.process, b.action, b.fifo) for b in diagnosis.blocked} == {
        ("clone_1_U0", "writing", SKIP_FIFO), ("reverse_2_U0", "reading", "layer1_cpy1_V_data_0_V_U"),
        ("add_3_U0", "reading", "layer2_out_V_data_0_V_U")}
    assert "likely undersized" in diagnosis.message() and "layer1_cpy2" in diagnosis.message()


def test_monitor_file_parsing(tmp_path: Path) -> None:
    design = pipeline_design()
    fifos = find_fifo_instances(design.top, design.sources)
    path = tmp_path / "m.txt"
    path.write_text("t 0 0 0 0\nt 10 1 3 0\ncycles 12\n"
                    + "".join(f"fifo {f.name} {i + 1} 0 0 1\n" for i, f in enumerate(fifos)))
    record = read_monitor(path, fifos)
    assert record.cycles == 12 and record.max_fill[SKIP_FIFO] == 2
    assert record.end[SKIP_FIFO] == FifoEndState(0, False, True)
    np.testing.assert_array_equal(record.series, [[0, 0, 0], [1, 3, 0]])
    with pytest.raises(ConfigError, match="did not reach its end"):
        read_monitor(tmp_path / "absent.txt", fifos)


def test_vitis_2023_start_fifo_reset_by_replication_is_a_shift_register(tmp_path: Path) -> None:
    """Vitis HLS 2023.2 resets a start-token FIFO's signed pointer with {ADDR_WIDTH+1{1'b1}}: all ones, as Vivado's
    ~0. Taken for a counting FIFO, its fill read all ones (lenet5: every start FIFO "filled" 18,432 words)."""
    from tests.rtl.designs import DESIGNS_DIR

    top = tmp_path / "top.v"
    top.write_text("module top(input wire ap_clk, input wire ap_rst);\n"
                   "  wire full_n, empty_n; wire [0:0] dout;\n"
                   "  start_for_token_vitis2023 start_for_relu_1_U0_U (.clk(ap_clk), .reset(ap_rst), .if_full_n(full_n),\n"
                   "    .if_write_ce(1'b1), .if_write(1'b0), .if_din(1'b0), .if_empty_n(empty_n), .if_read_ce(1'b1),\n"
                   "    .if_read(1'b0), .if_dout(dout));\nendmodule\n")
    (fifo,) = find_fifo_instances("top", [top, DESIGNS_DIR / "common" / "start_for_token_vitis2023.v"])
    assert fifo.start_token and fifo.style is FifoStyle.SHIFTREG
    assert fifo.fill_expression == "{{{inst}.mOutPtr + 1'b1}}"
