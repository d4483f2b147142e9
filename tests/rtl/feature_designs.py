"""Test designs for features found on real public exports since the first designs were written.

Same form as :mod:`tests.rtl.designs` (and the same :class:`HlsDesign`): hand-written Verilog under
``rtl_sim/designs/`` that follows shared/reference/hls_rtl_conventions.md, a numpy reference on integer
codes, the latency/II the design has, and fault-injected variants selected by Verilog defines.

- ``parallel_dataflow``: io_parallel with ``#pragma HLS DATAFLOW``: an entry process, a compute process
  with II 2 and an output process joined by ``fifo_w<W>_d2_A`` channels and ``start_for_*`` FIFOs;
  ap_ready is irregular while the channels fill (cycles 0, 1, 3, 5, ... with ap_start held high).
- ``parallel_resource``: a Resource-strategy pipelined function with II 4 (ap_ready only in the last
  cycle of the input window), weights in a ROM read with ``$readmemh("./myproject_w9_rom.dat")``, and
  Vitis HLS names (no ``_V`` suffix; a reshaped output port ``layer9_out``).
- ``parallel_scalar_ports``: ARRAY_PARTITION complete on the input (one ap_none port per element), a
  top named after its project (``emtfnet``) and old hls4ml's ``const_size_in_1/const_size_out_1`` ports.
- ``stream_stall``: Vitis HLS 2023.2 io_stream with a rewinding stall-style loop pipeline (ap_start held high
  after the last sample keeps that sample's last pixel inside) and a FIFO whose flags are declared with
  initial values (an `always @ (*)` reading them never runs in Icarus): the two things that made a real
  Vitis 2023.2 export hang in simulation.
"""

from __future__ import annotations

import numpy as np

from hwverify.fixed import FixedType
from hwverify.protocols import IoStyle
from tests.rtl.designs import FIXED_16_6, Fault, HlsDesign

__all__ = ["FEATURE_DESIGNS", "PARALLEL_DATAFLOW", "PARALLEL_RESOURCE", "PARALLEL_SCALAR_PORTS", "STREAM_STALL"]

# parallel_dataflow: Dense 4 -> 3 (weights ap_fixed<8,3>, biases 15 fractional bits), then ReLU to ap_ufixed<12,4>.
DATAFLOW_W = np.array([[-52, 29, 71, -8], [14, -66, 33, 47], [95, 12, -38, -101]], dtype=np.int64)
DATAFLOW_B = np.array([-12000, 30000, 7000], dtype=np.int64)
#: ReLU output: ap_ufixed<12,4,AP_RND,AP_SAT>.
UFIXED_12_4 = FixedType(12, 4, signed=False, rounding="RND", saturation="SAT")

# parallel_resource: Dense 4 -> 4 from a ROM (one word of 4 weights per input element), rounded output.
RESOURCE_W = np.array([[19, -77, 45, 102], [-33, 8, -120, 61], [88, 54, -17, -46], [-5, 127, 70, -98]],
                      dtype=np.int64)
RESOURCE_B = np.array([22000, -9000, 1500, -31000], dtype=np.int64)
OUTPUT_16_6_RND = FixedType(16, 6, rounding="RND", saturation="SAT")

# parallel_scalar_ports: Dense 6 -> 2, inputs ap_fixed<14,5>, weights ap_fixed<6,1>, biases 14 fractional bits.
SCALAR_W = np.array([[13, -27, 6, 31, -18, 9], [-22, 4, 29, -11, 25, -31]], dtype=np.int64)
SCALAR_B = np.array([3000, -5000], dtype=np.int64)
FIXED_14_5 = FixedType(14, 5)


def _sat(codes: np.ndarray, bits: int = 16) -> np.ndarray:
    return np.clip(codes, -(1 << (bits - 1)), (1 << (bits - 1)) - 1)


def dataflow_reference(x: np.ndarray, weights: np.ndarray = DATAFLOW_W) -> np.ndarray:
    """``min((relu(sat16((x @ W.T + b) >>> 5)) + 2) >> 2, 4095)``: ReLU rounded to ap_ufixed<12,4>."""
    dense = _sat(np.right_shift(np.asarray(x, dtype=np.int64) @ weights.T + DATAFLOW_B, 5))
    return np.minimum(np.right_shift(np.maximum(dense, 0) + 2, 2), 4095).astype(np.int64)


def resource_reference(x: np.ndarray, weights: np.ndarray = RESOURCE_W) -> np.ndarray:
    """``sat16((x @ W.T + b + 16) >>> 5)``: ap_fixed<16,6,AP_RND,AP_SAT>."""
    acc = np.asarray(x, dtype=np.int64) @ weights.T + RESOURCE_B
    return _sat(np.right_shift(acc + 16, 5)).astype(np.int64)


def scalar_ports_reference(x: np.ndarray, weights: np.ndarray = SCALAR_W) -> np.ndarray:
    """``sat16((x @ W.T + b) >>> 4)``: 9 + 5 fractional bits truncated to ap_fixed<16,6,AP_TRN,AP_SAT>."""
    acc = np.asarray(x, dtype=np.int64) @ weights.T + SCALAR_B
    return _sat(np.right_shift(acc, 4)).astype(np.int64)


def flip_bit(weights: np.ndarray, row: int, col: int, bit: int, width: int) -> np.ndarray:
    """``weights`` with one bit of one two's-complement weight of ``width`` bits flipped."""
    flipped = weights.copy()
    raw = (int(flipped[row, col]) & ((1 << width) - 1)) ^ (1 << bit)
    flipped[row, col] = raw - (1 << width) if raw >= 1 << (width - 1) else raw
    return flipped


#: The references of the weight-bit faults.
DATAFLOW_W_FLIPPED = flip_bit(DATAFLOW_W, 2, 1, 4, 8)
RESOURCE_W_FLIPPED = flip_bit(RESOURCE_W, 2, 1, 4, 8)
SCALAR_W_FLIPPED = flip_bit(SCALAR_W, 1, 4, 3, 6)

PARALLEL_DATAFLOW = HlsDesign(
    name="parallel_dataflow", style=IoStyle.IO_PARALLEL,
    source_names=("myproject.v", "entry_proc.v", "dense_proc.v", "relu_proc.v", "fifo_w64_d2_A.v",
                  "fifo_w48_d2_A.v", "start_for_dense_proc_U0.v", "start_for_relu_proc_U0.v"),
    output_type=UFIXED_12_4, n_inputs=4, n_outputs=3, reference=dataflow_reference,
    # ap_start -> ap_done of a sample entering an idle region; later samples wait in the channels.
    # ap_ready in cycles 0, 1, 3, 5, ...: intervals 1, 1, then 2 (dense_proc's II)
    latency_cycles_min=3, ii_cycles_min=1, ii_cycles_max=2,
    faults=(
        Fault("weight_bit", "FAULT_WEIGHT_BIT", "bit 4 of weight w_21 flipped (12 -> 28)"),
        Fault("swapped_outputs", "FAULT_SWAPPED_OUTPUTS", "layer5_out_0_V and layer5_out_1_V swapped"),
        Fault("early_ready", "FAULT_EARLY_READY",
              "entry_proc raises ap_ready while its channels are full, a cycle before it can copy the input: "
              "samples sent back to back are lost"),
    ),
    notes=("ap_ready/ap_done are the dataflow region's ap_sync_ready/ap_sync_done",),
)

PARALLEL_RESOURCE = HlsDesign(
    name="parallel_resource", source_names=("myproject.v", "myproject_w9.v"), data_names=("myproject_w9_rom.dat",),
    style=IoStyle.IO_PARALLEL, output_type=OUTPUT_16_6_RND, n_inputs=4, n_outputs=4, reference=resource_reference,
    latency_cycles_min=6, latency_cycles_max=6, ii_cycles_min=4, ii_cycles_max=4,
    faults=(
        Fault("weight_bit", "FAULT_WEIGHT_BIT", "the ROM flips bit 4 of weight w_21 (54 -> 38) as it reads it"),
        Fault("early_ready", "FAULT_EARLY_READY", "ap_ready in stage2, one cycle before the window ends"),
        Fault("swapped_elements", "FAULT_SWAPPED_ELEMENTS", "elements 1 and 2 of layer9_out swapped"),
    ),
    notes=("Vitis HLS names: in_x / in_x_ap_vld, layer9_out / layer9_out_ap_vld (no _V suffix)",
           "ap_start must stay high from the first cycle of the 4-cycle window (stage0) until ap_ready"),
)

PARALLEL_SCALAR_PORTS = HlsDesign(
    name="parallel_scalar_ports", top="emtfnet", source_names=("emtfnet.v",), style=IoStyle.IO_PARALLEL,
    input_type=FIXED_14_5, n_inputs=6, n_outputs=2, reference=scalar_ports_reference,
    latency_cycles_min=5, latency_cycles_max=5, ii_cycles_min=1, ii_cycles_max=1,
    faults=(
        Fault("weight_bit", "FAULT_WEIGHT_BIT", "bit 3 of weight w_14 flipped (25 -> 17)"),
        Fault("swapped_inputs", "FAULT_SWAPPED_INPUTS", "input1_2_V and input1_3_V used in each other's place"),
        Fault("extra_latency", "FAULT_EXTRA_LATENCY", "one more pipeline stage (latency 6)"),
    ),
    notes=("const_size_in_1 = 6 and const_size_out_1 = 2 are written with their _ap_vld in each ap_ready cycle",),
)

#: stream_stall: out[c] = in[c] + bias[c] per pixel, wrapping to 16 bits (bias 0.25 and -0.0625 in ap_fixed<16,6>).
STALL_BIAS = np.array([256, -64], dtype=np.int64)


def stall_reference(x: np.ndarray, bias: np.ndarray = STALL_BIAS) -> np.ndarray:
    """Per pixel (2 channels, 4 pixels a sample): ``wrap16(x + bias)``."""
    pixels = np.asarray(x, dtype=np.int64).reshape(-1, 2) + bias
    return FIXED_16_6.saturate(pixels).reshape(np.shape(x)).astype(np.int64)


STREAM_STALL = HlsDesign(
    name="stream_stall", source_names=("myproject.v", "myproject_add_bias.v", "myproject_fifo_w32_d2_S.v"),
    style=IoStyle.AXIS_PACKED, output_type=FIXED_16_6, n_inputs=8, n_outputs=8, reference=stall_reference,
    latency_cycles_min=5, ii_cycles_min=4, testbench_name="tb/tb_stall.v",
    faults=(
        Fault("stale_last", "FAULT_STALE_LAST", "the last pixel of each sample is computed from the pixel before it"),
        Fault("bias", "FAULT_BIAS", "the bias of channel 1 is -0.125 instead of -0.0625"),
        Fault("swapped_channels", "FAULT_SWAPPED_CHANNELS", "the two channels of every output pixel exchanged"),
    ),
    notes=("the process's ap_start_int is ap_start (rewinding): drop ap_start after the last sample's ap_ready",),
)

def lanes_reference(x: np.ndarray) -> np.ndarray:
    """stream_lanes: element k on stream k % 2; per beat ``y_0 = wrap16(x_0 + x_1)``, ``y_1 = wrap16(x_0 - x_1)``."""
    codes = np.asarray(x, dtype=np.int64)
    first, second = codes[:, 0::2], codes[:, 1::2]
    out = np.empty_like(codes)
    out[:, 0::2], out[:, 1::2] = first + second, first - second
    return FIXED_16_6.saturate(out)  # ap_fixed<16,6> wraps (AP_WRAP)


#: An hls4ml fork's top with arrays of scalar streams (hls::stream<input_t> x[2]): the failure class of the real
#: exports lfads_gru and full_model_layer (docs/real_exports.md). Verified through projects, not a plain testbench.
STREAM_LANES = HlsDesign(
    name="stream_lanes", source_names=("myproject.v",), style=IoStyle.AXIS_PER_ELEMENT, output_type=FIXED_16_6,
    n_inputs=6, n_outputs=6, reference=lanes_reference, latency_cycles_min=3, ii_cycles_min=5,
    faults=(
        Fault("swapped_lanes", "FAULT_SWAPPED_LANES", "the two output streams exchanged"),
        Fault("lane_sign", "FAULT_LANE_SIGN", "y_1 = x_1 - x_0"),
        Fault("lane_handshake", "FAULT_LANE_HANDSHAKE",
              "a beat is taken while y_1 still holds one nobody took: lost under backpressure", needs_stress=True),
    ),
)

FEATURE_DESIGNS: dict[str, HlsDesign] = {
    design.name: design for design in (PARALLEL_DATAFLOW, PARALLEL_RESOURCE, PARALLEL_SCALAR_PORTS, STREAM_STALL)
}
