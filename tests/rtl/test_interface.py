"""Interface recognition from a top module's ports: every test design, synthetic port lists, wrong tops.

No simulator; about 1 s (slang parses each design once).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hwverify.errors import ConfigError, InterfaceNotRecognised
from hwverify.protocols import IoStyle
from hwverify.sources.interface import ChannelKind, Port, recognise_interface, recognise_ports
from hwverify.sources.verilog import read_ports, top_modules, undefined_modules
from tests.rtl.designs import DESIGNS, HlsDesign

pytest.importorskip("pyslang", reason="interface recognition reads Verilog with pyslang: pip install pyslang")


def _recognise(design: HlsDesign):  # type: ignore[no-untyped-def]
    return recognise_interface(design.top, design.sources).with_element_widths(design.input_type.width,
                                                                              design.output_type.width)


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_every_design_is_recognised_with_its_style_control_and_elements(name: str) -> None:
    design = DESIGNS[name]
    spec = _recognise(design)
    assert spec.style is design.style
    assert spec.control == design.control
    assert spec.clock_reset.clock == "ap_clk"
    assert spec.clock_reset.active_low == (spec.clock_reset.reset == "ap_rst_n")
    assert spec.resolved
    # Every beat carries a whole number of elements and the beats cover a sample exactly.
    for per_beat, total in ((spec.input_elements_per_beat, design.n_inputs),
                            (spec.output_elements_per_beat, design.n_outputs)):
        assert per_beat > 0 and total % per_beat == 0
    for side in (spec.inputs, spec.outputs):
        elements = sorted(e for channel in side for e in channel.elements)
        assert elements == list(range(len(elements)))


def test_io_parallel_channels() -> None:
    spec = _recognise(DESIGNS["parallel_dense"])
    (fc1,) = spec.inputs
    assert (fc1.name, fc1.valid, fc1.ready, fc1.width, fc1.elements) == (
        "fc1_input_V", "fc1_input_V_ap_vld", None, 64, (0, 1, 2, 3))
    assert [(c.data, c.valid, c.elements) for c in spec.outputs] == [
        (f"layer13_out_{i}_V", f"layer13_out_{i}_V_ap_vld", (i,)) for i in range(3)]
    assert spec.clock_reset.reset == "ap_rst" and not spec.clock_reset.active_low and not spec.notes


def test_vivado_stream_has_one_channel_per_element_and_warns_about_the_reset() -> None:
    spec = _recognise(DESIGNS["stream_vivado"])
    assert [(c.name, c.valid, c.ready, c.last, c.elements) for c in spec.inputs] == [
        (f"input_1_V_data_{c}_V", f"input_1_V_data_{c}_V_TVALID", f"input_1_V_data_{c}_V_TREADY", None, (c,))
        for c in range(2)]
    assert [c.direction for c in spec.outputs] == ["output", "output"]
    assert spec.clock_reset.active_low and "ap_rst_n" in spec.notes[0]


def test_accelerator_has_tlast_one_element_per_beat() -> None:
    spec = _recognise(DESIGNS["accelerator"])
    assert [(c.name, c.last, c.elements) for c in spec.inputs + spec.outputs] == [
        ("in_r", "in_r_TLAST", (0,)), ("out_r", "out_r_TLAST", (0,))]
    assert spec.input_elements_per_beat == 1


def test_ap_fifo_handshake_names() -> None:
    spec = _recognise(DESIGNS["ap_fifo_dense"])
    (fifo_in,), (fifo_out,) = spec.inputs, spec.outputs
    assert (fifo_in.data, fifo_in.valid, fifo_in.ready) == ("fc1_input_V_dout", "fc1_input_V_empty_n", "fc1_input_V_read")
    assert (fifo_out.data, fifo_out.valid, fifo_out.ready) == (
        "layer13_out_V_din", "layer13_out_V_write", "layer13_out_V_full_n")
    assert fifo_in.kind is fifo_out.kind is ChannelKind.AP_FIFO


def test_packed_channels_wait_for_the_element_width() -> None:
    design = DESIGNS["stream_vitis"]
    spec = recognise_interface(design.top, design.sources)
    assert not spec.resolved and spec.inputs[0].elements == ()
    assert spec.with_element_widths(16, 16).inputs[0].elements == (0, 1)
    assert spec.with_element_widths(8, 16).inputs[0].elements == (0, 1, 2, 3)


def _ports(*spec: str) -> list[Port]:
    """``"in name 16"`` / ``"out name"`` -> ports."""
    ports = []
    for item in spec:
        parts = item.split()
        ports.append(Port(parts[1], {"in": "input", "out": "output"}[parts[0]], int(parts[2]) if len(parts) > 2 else 1))
    return ports


CONTROL = ("in ap_clk", "in ap_rst", "in ap_start", "out ap_done", "out ap_idle", "out ap_ready")


def test_vitis_io_parallel_names_without_v_suffix_and_const_size_ports() -> None:
    ports = _ports(*CONTROL, "in input_1 48", "in input_1_ap_vld", "out layer5_out_0 16", "out layer5_out_0_ap_vld",
                   "out layer5_out_1 16", "out layer5_out_1_ap_vld", "out const_size_in_1 16", "out const_size_in_1_ap_vld")
    spec = recognise_ports("myproject", ports, input_width=16, output_width=16)
    assert spec.style is IoStyle.IO_PARALLEL
    assert spec.inputs[0].elements == (0, 1, 2)
    assert [c.elements for c in spec.outputs] == [(0,), (1,)]
    assert spec.ignored == ("const_size_in_1", "const_size_in_1_ap_vld")


def test_ap_none_input_beside_ap_vld_outputs_is_io_parallel() -> None:
    ports = _ports(*CONTROL, "in x_V 32", "out y_0_V 16", "out y_0_V_ap_vld", "out y_1_V 16", "out y_1_V_ap_vld")
    spec = recognise_ports("myproject", ports, input_width=16, output_width=16)
    assert spec.style is IoStyle.IO_PARALLEL and spec.inputs[0].valid is None and spec.inputs[0].elements == (0, 1)


def test_two_input_arrays_are_numbered_in_port_order() -> None:
    ports = _ports("in ap_clk", "in ap_rst_n", "in a_TDATA 32", "in a_TVALID", "out a_TREADY",
                   "in b_TDATA 16", "in b_TVALID", "out b_TREADY", "out y_TDATA 16", "out y_TVALID", "in y_TREADY")
    spec = recognise_ports("myproject", ports, input_width=16, output_width=16)
    assert spec.style is IoStyle.AXIS_PACKED and spec.control == "ap_ctrl_none"
    assert [c.elements for c in spec.inputs] == [(0, 1), (2,)]


def test_a_wrong_top_lists_its_ports_and_what_was_expected(tmp_path: Path) -> None:
    source = tmp_path / "counter.v"
    source.write_text("module counter(input clk, input rst, input [7:0] din, output reg [7:0] dout);\nendmodule\n")
    with pytest.raises(InterfaceNotRecognised) as caught:
        recognise_interface("counter", [source])
    message = str(caught.value)
    assert "'counter'" in message and "ap_clk" in message and "input din[8]" in message and "output dout[8]" in message


@pytest.mark.parametrize(("ports", "expected"), [
    (("in ap_clk", "in x 16", "in x_ap_vld", "out y 16", "out y_ap_vld"), "reset port"),
    (("in ap_clk", "in ap_rst", "in ap_start", "out ap_done", "in x 16", "in x_ap_vld", "out y 16"), "missing ap_idle"),
    (("in ap_clk", "in ap_rst", "in x_TDATA 16", "in x_TVALID", "out x_TREADY", "out y 16", "out y_ap_vld"), "one HLS"),
    (("in ap_clk", "in ap_rst", "in x 16", "in x_ap_vld"), "at least one input and one output"),
    # hls4ml's VivadoAccelerator with interface="axi_master": AXI4 masters and an AXI4-Lite control bundle
    (("in ap_clk", "in ap_rst_n", "out m_axi_in_gmem_ARADDR 32", "out m_axi_in_gmem_ARVALID", "in s_axi_control_AWADDR 6",
      "out s_axi_control_AWREADY", "out interrupt"),
     r"AXI4 \(m_axi\) bundle in_gmem \(m_axi_in_gmem_ARADDR, m_axi_in_gmem_ARVALID\); AXI4-Lite \(s_axilite\) "
     r"bundle control"),
    # a second block-RAM port (dual-port ap_memory) is named with the first
    (("in ap_clk", "in ap_rst", "out w_address0 3", "out w_ce0", "in w_q0 16", "out w_address1 3", "in w_q1 16",
      "in x 16", "in x_ap_vld", "out y 16", "out y_ap_vld"), r"ap_memory array w \(w_address0, w_ce0, w_q0, w_address1"),
])
def test_unrecognised_port_lists(ports: tuple[str, ...], expected: str) -> None:
    with pytest.raises(InterfaceNotRecognised, match=expected):
        recognise_ports("bad", _ports(*ports))


def test_a_top_missing_from_the_sources_names_the_modules_found() -> None:
    design = DESIGNS["stream_vitis"]
    with pytest.raises(InterfaceNotRecognised, match="myproject_pointwise_conv_1"):
        recognise_interface("myproject_axi", design.sources)


def test_a_missing_source_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        read_ports("myproject", [tmp_path / "absent.v"])


def test_ansi_ports_with_parameter_widths(tmp_path: Path) -> None:
    source = tmp_path / "shell.v"
    source.write_text(
        "module shell #(parameter N = 3, W = 16) (input wire ap_clk, input wire ap_rst_n,\n"
        "  input wire [N*W-1:0] input_1_TDATA, input wire input_1_TVALID, output wire input_1_TREADY,\n"
        "  output wire [W-1:0] out_TDATA, output wire out_TVALID, input wire out_TREADY);\nendmodule\n")
    assert [p.width for p in read_ports("shell", [source])] == [1, 1, 48, 1, 1, 16, 1, 1]
    spec = recognise_interface("shell", [source]).with_element_widths(16, 16)
    assert spec.style is IoStyle.AXIS_PACKED and spec.inputs[0].elements == (0, 1, 2)


def test_packed_streams_with_tlast_are_not_an_accelerator_wrapper():
    """hwverify's open-flow shell: packed streams that carry TLAST, named after the hls4ml arrays."""
    from hwverify.protocols import IoStyle
    from hwverify.sources.interface import Port, recognise_ports

    ports = [Port("ap_clk", "input", 1), Port("ap_rst_n", "input", 1)]
    for base, direction in (("model_input", "input"), ("logits", "output")):
        inward = direction == "input"
        ports += [
            Port(f"{base}_TDATA", direction, 64 if inward else 54),
            Port(f"{base}_TVALID", direction, 1),
            Port(f"{base}_TREADY", "output" if inward else "input", 1),
            Port(f"{base}_TLAST", direction, 1),
        ]
    spec = recognise_ports("myproject", ports, input_width=16, output_width=18)
    assert spec.style is IoStyle.AXIS_PACKED
    assert spec.inputs[0].last == "model_input_TLAST"
    assert spec.inputs[0].elements == (0, 1, 2, 3) and spec.outputs[0].elements == (0, 1, 2)


def test_top_and_undefined_modules_read_instances_as_hls_writes_them(tmp_path: Path) -> None:
    """Vivado HLS puts an instance's ``#(`` on the line after the module's name; ``begin`` followed by ``if (`` on
    the next line is no instance; a module instantiated but defined nowhere is an export copied in part."""
    (tmp_path / "top.v").write_text(
        "module top (input clk);\n"
        "fifo_w8_d2_A_shiftReg \n#(\n    .DATA_WIDTH( 8 ))\nU_fifo (\n    .clk(clk));\n"
        "lost_process lost_process_U0 (.clk(clk));\n"
        "always @ (posedge clk) begin\n    if (clk == 1'b1) begin\n    end\nend\n"
        "function integer clog2 (input integer x);\n    clog2 = x;\nendfunction\n"
        "endmodule\n")
    (tmp_path / "fifo.v").write_text("module fifo_w8_d2_A_shiftReg #(parameter DATA_WIDTH = 8) (input clk);\n"
                                     "endmodule\nmodule unused_helper (input clk);\nendmodule\n")
    sources = sorted(tmp_path.glob("*.v"))
    assert top_modules(sources) == ("unused_helper", "top")
    assert undefined_modules(sources) == ("lost_process",)
