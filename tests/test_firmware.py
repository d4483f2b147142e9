"""The firmware's top function read from its own sources: signature, types, directions, stream sizes; and the
harness that calls it on raw bits."""

from __future__ import annotations

from pathlib import Path

import pytest

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType, FloatType
from hwverify.model.firmware import ArgumentKind, read_headers, read_top_function, argument_hints

DEFINES = """
#ifndef DEFINES_H_
#define DEFINES_H_
#include "ap_fixed.h"
#define N_INPUT_1_1 10
#define N_INPUT_2_1 14
#define N_LAYER_12 1
typedef ap_fixed<10,3> input_t;
typedef ap_ufixed<8,0,AP_RND_CONV,AP_SAT> layer4_t;
typedef ap_fixed<16,6> result_t;
typedef nnet::array<ap_fixed<16,6>, 3*1> pixel_t;
#endif
"""


def _firmware(tmp_path: Path, header: str, body: str, name: str = "myproject") -> Path:
    firmware = tmp_path / "firmware"
    firmware.mkdir(exist_ok=True)
    (firmware / "defines.h").write_text(DEFINES)
    (firmware / f"{name}.h").write_text(f'#include "defines.h"\n{header}\n')
    (firmware / f"{name}.cpp").write_text(f'#include "{name}.h"\n{header.rstrip(";")} {{\n{body}\n}}\n')
    return firmware


def test_io_parallel_signature_types_and_directions(tmp_path: Path) -> None:
    firmware = _firmware(tmp_path, "void myproject(\n input_t input_1[N_INPUT_1_1*N_INPUT_2_1],\n"
                         " result_t layer14_out[N_LAYER_12]\n);",
                         "    #pragma HLS INTERFACE ap_vld port=input_1,layer14_out\n"
                         "    layer4_t layer4_out[140];\n"
                         "    nnet::relu<input_t, layer4_t, cfg>(input_1, layer4_out); // q_act\n"
                         "    nnet::dense<layer4_t, result_t, cfg>(layer4_out, layer14_out, w9, b9);")
    top = read_top_function(firmware, "myproject", read_headers(firmware))
    (inp,), (out,) = top.inputs, top.outputs
    assert (inp.name, inp.kind, inp.size, inp.element) == ("input_1", ArgumentKind.ARRAY, 140, FixedType(10, 3))
    assert (out.name, out.size, out.element) == ("layer14_out", 1, FixedType(16, 6))


def test_stream_arguments_take_their_size_from_the_testbench(tmp_path: Path) -> None:
    firmware = _firmware(tmp_path, "void myproject(hls::stream<pixel_t> &conv_input, hls::stream<pixel_t> &layer9_out,"
                         " unsigned short &const_size_in_1, unsigned short &const_size_out_1);",
                         "    const_size_in_1 = 12;\n    nnet::conv<pixel_t, pixel_t, c>(conv_input, layer9_out, w, b);")
    (tmp_path / "myproject_test.cpp").write_text(
        "nnet::copy_data<float, pixel_t, 0, N_INPUT_1_1*3>(in, conv_input);\n")
    (tmp_path / "myproject_bridge.cpp").write_text(
        "nnet::convert_data<pixel_t, double, N_INPUT_2_1*3>(layer9_out_ap, layer9_out);\n")
    headers = read_headers(firmware)
    top = read_top_function(firmware, "myproject", headers, argument_hints(tmp_path, headers))
    assert [(a.name, a.kind, a.size, a.per_beat, a.array_beat) for a in top.inputs + top.outputs] == [
        ("conv_input", ArgumentKind.STREAM, 30, 3, True), ("layer9_out", ArgumentKind.STREAM, 42, 3, True)]
    assert [a.name for a in top.arguments if a.kind is ArgumentKind.SIZE] == ["const_size_in_1", "const_size_out_1"]



def test_an_output_size_comes_from_print_result_when_the_bridge_is_stale(tmp_path: Path) -> None:
    """A fork's testbench (copy_data_me in, print_result_me out) beside a bridge whose output size names a macro
    the headers no longer define (the real export hls4ml_layer): the testbench's print_result gives the size."""
    firmware = _firmware(tmp_path, "void myproject(hls::stream<input_t> &input_1, hls::stream<result_t> &layer2_out);",
                         "    nnet::resize_nearest<input_t, config2>(input_1, layer2_out);")
    (tmp_path / "myproject_test.cpp").write_text(
        "nnet::copy_data_me<float, input_t, 0, N_INPUT_1_1*4>(in, input_1);\n"
        "nnet::print_result_me<result_t, N_INPUT_2_1*4>(layer2_out, std::cout, true);\n")
    (tmp_path / "myproject_bridge.cpp").write_text(
        "nnet::convert_data<result_t, double, N_FILT_2*4>(layer2_out_ap, layer2_out);\n")
    headers = read_headers(firmware)
    top = read_top_function(firmware, "myproject", headers, argument_hints(tmp_path, headers))
    assert [(a.name, a.size, a.is_output) for a in top.inputs + top.outputs] == [
        ("input_1", 40, False), ("layer2_out", 56, True)]

def test_accelerator_beat_structs_and_commented_out_arguments(tmp_path: Path) -> None:
    header = ("void myproject_axi(input_axi_t in[N_IN], output_axi_t out[N_OUT] /*, weight_t w2[10] */);")
    firmware = _firmware(tmp_path, header, "    for (int i = 0; i < N_IN; i++) { in_local[i] = in[i].data; }\n"
                         "    for (int i = 0; i < N_OUT; i++) { out[i] = output_axi_t(out_local[i], 0); }",
                         name="myproject_axi")
    (firmware / "myproject_axi.h").write_text(
        '#include "defines.h"\nstatic const unsigned N_IN = 16;\nstatic const unsigned N_OUT = 5;\n'
        "typedef float T_in;\ntypedef ap_fixed<18,8> T_out;\n"
        "typedef struct in_struct {\n  T_in data;\n  ap_uint<1> last;\n  in_struct(){this->data = 0; this->last = 0;};\n"
        "} input_axi_t;\ntypedef struct out_struct {\n  T_out data;\n  ap_uint<1> last;\n} output_axi_t;\n"
        f"{header}\n")
    top = read_top_function(firmware, "myproject_axi", read_headers(firmware))
    assert top.is_accelerator
    assert [(a.name, a.size, a.element, a.beat_struct) for a in top.inputs + top.outputs] == [
        ("in", 16, FloatType(32), True), ("out", 5, FixedType(18, 8), True)]


def test_an_argument_the_body_never_writes_is_an_input(tmp_path: Path) -> None:
    firmware = _firmware(tmp_path, "void myproject(input_t a[2], input_t b[2], result_t y[2]);",
                         "    y[0] = a[0] + b[0];\n    y[1] = a[1];")
    top = read_top_function(firmware, "myproject", read_headers(firmware))
    assert [a.name for a in top.inputs] == ["a", "b"] and [a.name for a in top.outputs] == ["y"]


@pytest.mark.parametrize(("header", "message"), [
    ("void myproject(mystery_t x[4], result_t y[4]);", "mystery_t"),
    ("void other(input_t x[4], result_t y[4]);", "declares no function void myproject"),
    ("void myproject(input_t x[N_UNKNOWN], result_t y[4]);", "N_UNKNOWN"),
    ("void myproject(hls::stream<pixel_t> x[4], hls::stream<result_t> y[4]);",
     r"argument 'hls::stream<pixel_t> x\[4\]' of myproject\(\) is an array of streams of pixel_t, which is not a "
     "scalar type"),
])
def test_unreadable_firmware_is_a_clear_error(tmp_path: Path, header: str, message: str) -> None:
    firmware = _firmware(tmp_path, header, "    y[0] = x[0];")
    with pytest.raises(ConfigError, match=message):
        read_top_function(firmware, "myproject", read_headers(firmware))


def test_arrays_of_streams_carry_a_sample_round_robin(tmp_path: Path) -> None:
    """An hls4ml fork's top takes ``hls::stream<T> x[N]``: N scalar streams, element k of a sample on stream k % N
    (its testbench's copy_data_switch); the testbench names the inputs, whatever the layer call's argument order."""
    firmware = _firmware(tmp_path, "void myproject(hls::stream<input_t> x[4], hls::stream<input_t> h[4],\n"
                         " hls::stream<result_t> y[4]);", "    nnet::gru_stack_switch<input_t, result_t, cfg>(x, h, y);")
    (tmp_path / "myproject_test.cpp").write_text(
        "nnet::copy_data_switch<float, input_t, 0, N_INPUT_1_1*4, 4>(in, x);\n"
        "nnet::copy_data_switch<float, input_t, 0, 4, 4>(in, h);\n"
        "nnet::print_result_switch<result_t, N_INPUT_1_1*4, 4>(y, std::cout, true);\n")
    headers = read_headers(firmware)
    top = read_top_function(firmware, "myproject", headers, argument_hints(tmp_path, headers))
    assert [(a.name, a.size, a.per_beat, a.lane_streams) for a in top.inputs] == [("x", 40, 4, True), ("h", 4, 4, True)]
    assert [(a.name, a.size, a.per_beat, a.c_type) for a in top.outputs] == [("y", 40, 4, "result_t")]


def test_a_testbench_that_names_its_variables_otherwise_is_followed_through_its_call(tmp_path: Path) -> None:
    """A testbench calls ``myproject(x, out1)`` for parameters ``x, y``: its sizes reach the parameters by
    position; a stale bridge's call with another number of arguments is not followed."""
    firmware = _firmware(tmp_path, "void myproject(hls::stream<input_t> x[4], hls::stream<result_t> y[4]);",
                         "    nnet::clone<input_t, result_t, cfg>(x, y);")
    (tmp_path / "myproject_test.cpp").write_text(
        "nnet::copy_data_switch<float, input_t, 0, 40, 4>(in, x);\nmyproject(x,out1);\n"
        "nnet::print_result_switch<result_t, 40, 4>(out1, std::cout, true);\n")
    (tmp_path / "myproject_bridge.cpp").write_text("myproject(a_ap,out1_ap,c_ap);\n"
                                                   "nnet::convert_data<result_t, double, 8>(out1_ap, out1);\n")
    headers = read_headers(firmware)
    top = read_top_function(firmware, "myproject", headers, argument_hints(tmp_path, headers))
    assert [(a.name, a.size) for a in top.inputs] == [("x", 40)]
    assert [(a.name, a.size) for a in top.outputs] == [("y", 40)]
