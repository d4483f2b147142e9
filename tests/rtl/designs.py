"""hwverify's own RTL test designs: where they are, what they compute, how they behave, how to break them.

The designs under ``rtl_sim/designs/`` are hand-written Verilog that follows the conventions of RTL exported
by Vivado/Vitis HLS for hls4ml (shared/reference/hls_rtl_conventions.md). Each entry here gives a numpy
reference on integer codes, the latency/II the design is known to have, and its fault-injected variants,
each selected by a Verilog define that is off by default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from hwverify.errors import UnknownModel
from hwverify.fixed import FixedType
from hwverify.protocols import IoStyle
from hwverify.sources.design import RtlDesign

DESIGNS_DIR = Path(__file__).resolve().parents[2] / "rtl_sim" / "designs"

FIXED_16_6 = FixedType(16, 6)
#: Every design's outputs: ap_fixed<16,6>; saturation/rounding happen inside, per the references below.
OUTPUT_16_6 = FixedType(16, 6, rounding="TRN", saturation="SAT")

# parallel_dense / accelerator: a 4 -> 3 Dense layer, weights ap_fixed<8,3>, biases with 15 fractional bits.
DENSE_W = np.array([[37, -20, 11, 64], [-45, 18, 90, -7], [23, 55, -60, 31]], dtype=np.int64)
DENSE_B = np.array([40000, -25000, 5000], dtype=np.int64)

# stream_vivado / stream_vitis: 1x1 convolutions 2 -> 3 (then ReLU) and 3 -> 2 over a 3x3 image.
CONV1_W = np.array([[40, -25], [13, 70], [-90, 5]], dtype=np.int64)
CONV1_B = np.array([1000, -2000, 300], dtype=np.int64)
CONV3_W = np.array([[20, -33, 47], [-12, 58, 9]], dtype=np.int64)
CONV3_B = np.array([-500, 2500], dtype=np.int64)
IMAGE_PIXELS = 9
WEIGHT_FRACTION_SHIFT = 5  # products carry 10 + 5 fractional bits; the results keep 10


@dataclass(frozen=True)
class Fault:
    """A fault-injected variant of a design, selected by defining ``define`` (no value needed)."""

    name: str
    define: str
    description: str
    #: True when the fault shows only under backpressure or input gaps.
    needs_stress: bool = False

    @property
    def defines(self) -> Mapping[str, str]:
        """The defines that select this variant."""
        return {self.define: "1"}


@dataclass(frozen=True, kw_only=True)
class HlsDesign:
    """One hand-written HLS-style test design and everything known about it.

    The defaults are the common case: a top ``myproject`` with ap_ctrl_hs, ap_fixed<16,6> in, the saturated
    ap_fixed<16,6> of :data:`OUTPUT_16_6` out, sources in ``rtl_sim/designs/<name>/``.
    """

    name: str
    source_names: tuple[str, ...]
    style: IoStyle
    n_inputs: int  # elements per sample
    n_outputs: int
    reference: Callable[[np.ndarray], np.ndarray]
    #: Latency from the first input beat of a sample to its last output beat, with no stalls (cycles).
    latency_cycles_min: int
    #: None where latency depends on backpressure and data; otherwise an exact bound.
    latency_cycles_max: int | None = None
    #: Initiation interval between samples with no stalls (cycles).
    ii_cycles_min: int
    ii_cycles_max: int | None = None
    top: str = "myproject"
    control: str = "ap_ctrl_hs"
    input_type: FixedType = FIXED_16_6
    output_type: FixedType = OUTPUT_16_6
    #: The folder under rtl_sim/designs/ that holds the sources, when it is not the design's name.
    folder: str = ""
    faults: tuple[Fault, ...] = ()
    data_names: tuple[str, ...] = ()
    testbench_name: str = "tb/tb_plain.v"
    #: Defines the plain-Verilog testbench needs (not the design).
    testbench_defines: tuple[tuple[str, str], ...] = ()
    #: True when a source uses a construct Icarus rejects (hwverify.sim.quirks fixes a copy).
    needs_icarus_fix: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def directory(self) -> Path:
        """The folder that holds the design's sources."""
        return DESIGNS_DIR / (self.folder or self.name)

    @property
    def sources(self) -> tuple[Path, ...]:
        """The Verilog sources, top first."""
        return tuple((self.directory / name).resolve() for name in self.source_names)

    @property
    def data_files(self) -> tuple[Path, ...]:
        """Files the simulator must find in its working directory (ROM contents)."""
        return tuple((self.directory / name).resolve() for name in self.data_names)

    @property
    def testbench(self) -> Path:
        """The plain-Verilog testbench (no cocotb) that validates the design under Icarus."""
        return (self.directory / self.testbench_name).resolve()

    def rtl(self, defines: Mapping[str, str] | None = None) -> RtlDesign:
        """This design as something :func:`hwverify.sim.simulate.simulate` takes (``defines`` select a fault)."""
        return RtlDesign.single(top=self.top, sources=self.sources, data_files=self.data_files,
                                input_type=self.input_type, output_type=self.output_type, n_inputs=self.n_inputs,
                                n_outputs=self.n_outputs, defines=dict(defines or {}))

    def fault(self, name: str) -> Fault:
        """The fault variant called ``name``."""
        for fault in self.faults:
            if fault.name == name:
                return fault
        known = ", ".join(f.name for f in self.faults) or "none"
        raise UnknownModel(f"design '{self.name}' has no fault variant '{name}'; it has: {known}")


def _shift_floor(acc: np.ndarray) -> np.ndarray:
    """``acc >>> 5``: an arithmetic shift, i.e. truncation towards minus infinity (ap_fixed TRN)."""
    return np.right_shift(acc, WEIGHT_FRACTION_SHIFT)


def _sat16(codes: np.ndarray) -> np.ndarray:
    return np.clip(codes, -(1 << 15), (1 << 15) - 1)


def _wrap16(codes: np.ndarray) -> np.ndarray:
    return (codes + (1 << 15)) % (1 << 16) - (1 << 15)


def dense_relu_reference(x: np.ndarray, weights: np.ndarray = DENSE_W) -> np.ndarray:
    """parallel_dense, the accelerator and the ap_fifo top: ``relu(sat16((x @ W.T + b) >>> 5))``."""
    x = np.asarray(x, dtype=np.int64)
    acc = x @ weights.T + DENSE_B
    return np.maximum(_sat16(_shift_floor(acc)), 0).astype(np.int64)


def conv_pipeline_reference(x: np.ndarray, conv1_w: np.ndarray = CONV1_W) -> np.ndarray:
    """stream_vivado / stream_vitis on (n, 9 * 2) codes, pixel-major: conv 2->3 (WRAP), ReLU, conv 3->2 (SAT)."""
    x = np.asarray(x, dtype=np.int64).reshape(-1, IMAGE_PIXELS, 2)
    mid = np.maximum(_wrap16(_shift_floor(x @ conv1_w.T + CONV1_B)), 0)
    out = _sat16(_shift_floor(mid @ CONV3_W.T + CONV3_B))
    return out.reshape(-1, IMAGE_PIXELS * 2).astype(np.int64)


def _flipped(weights: np.ndarray, row: int, col: int, bit: int) -> np.ndarray:
    """``weights`` with one bit of one 8-bit two's-complement weight flipped."""
    flipped = weights.copy()
    raw = (int(flipped[row, col]) & 0xFF) ^ (1 << bit)
    flipped[row, col] = raw - 256 if raw >= 128 else raw
    return flipped


#: Raw IEEE-754 single-precision bit patterns, carried as unsigned 32-bit codes (float-I/O designs).
FLOAT_BITS = FixedType(32, 32, signed=False)


def float_to_fixed16_codes(bits: np.ndarray, toward_zero: bool = False) -> np.ndarray:
    """ap_fixed<16,6> codes of float32 bit patterns, as ap_fixed's constructor from double makes them:
    floor(x * 2^10) (or truncation towards zero) modulo 2^16; infinities and NaN give 0."""
    x = np.asarray(bits, dtype=np.int64).astype(np.uint32).view(np.float32).astype(np.float64)
    finite = np.isfinite(x)
    scaled = np.where(finite, x, 0.0) * 1024.0  # exact: a power-of-two scaling of a float32 value
    whole = np.trunc(scaled) if toward_zero else np.floor(scaled)
    unsigned = np.mod(whole, 65536.0).astype(np.int64)  # fmod is exact, even far beyond 2^53
    return np.where(unsigned >= 32768, unsigned - 65536, unsigned)


def fixed16_codes_to_float_bits(codes: np.ndarray) -> np.ndarray:
    """float32 bit patterns of ap_fixed<16,6> codes (exact conversion)."""
    values = np.asarray(codes, dtype=np.float64) / 1024.0
    return values.astype(np.float32).view(np.uint32).astype(np.int64)


def float_accelerator_reference(bits: np.ndarray, toward_zero: bool = False) -> np.ndarray:
    """accelerator_float: float32 bits in, the Dense + ReLU on ap_fixed<16,6>, float32 bits out."""
    return fixed16_codes_to_float_bits(dense_relu_reference(float_to_fixed16_codes(bits, toward_zero)))


#: The references of the weight-bit faults, for tests that check what the fault computes.
DENSE_W_FLIPPED = _flipped(DENSE_W, 1, 2, 4)
CONV1_W_FLIPPED = _flipped(CONV1_W, 0, 1, 4)

WEIGHT_BIT = Fault("weight_bit", "FAULT_WEIGHT_BIT", "one weight has bit 4 flipped")
EXTRA_LATENCY = Fault("extra_latency", "FAULT_EXTRA_LATENCY", "one more pipeline stage (latency 14)")
DROP_BEAT = Fault("drop_beat", "FAULT_DROP_BEAT", "writes without waiting for TREADY: beats lost under backpressure",
                  needs_stress=True)
STUCK_READY = Fault("stuck_ready", "FAULT_STUCK_READY", "input TREADY never asserted again after 5 beats")
WRONG_TLAST = Fault("wrong_tlast", "FAULT_WRONG_TLAST", "TLAST on the second-to-last element of a sample")
DUPLICATE_BEAT = Fault("duplicate_beat", "FAULT_DUPLICATE_BEAT", "element 0 of the second sample sent twice")
FLOAT_ROUNDING = Fault("float_rounding", "FAULT_FLOAT_ROUNDING",
                       "float -> ap_fixed truncates towards zero instead of towards minus infinity")
ZERO_EXTEND = Fault("zero_extension", "FAULT_ZERO_EXTEND", "input x_2 zero-extended instead of sign-extended")
DROPPED_REGISTER = Fault("dropped_register", "FAULT_DROPPED_REGISTER",
                         "the result path one register shorter than ap_done's: each output is the next sample's")
LSB_STUCK = Fault("lsb_stuck", "FAULT_LSB_STUCK", "bit 0 of one output element stuck at 0")
RESET_POLARITY = Fault("reset_polarity", "FAULT_RESET_POLARITY", "ap_rst taken as active low: held in reset")
TLAST_ZERO = Fault("tlast_zero", "FAULT_TLAST_ZERO", "TLAST tied to 0")
TLAST_ONE = Fault("tlast_one", "FAULT_TLAST_ONE", "TLAST tied to 1")
TLAST_INVERTED = Fault("tlast_inverted", "FAULT_TLAST_INVERTED", "TLAST inverted")
STUCK_VALID = Fault("stuck_valid", "FAULT_STUCK_VALID", "output TVALID stuck at 1 after the first beat")
SHRUNKEN_FIFO = Fault("shrunken_fifo", "FAULT_SHRUNKEN_FIFO",
                      "the FIFO between the processes shrunk to one word: throughput halved")

PARALLEL_DENSE = HlsDesign(
    name="parallel_dense", source_names=("myproject.v",), style=IoStyle.IO_PARALLEL,
    n_inputs=4, n_outputs=3, reference=dense_relu_reference,
    latency_cycles_min=13, latency_cycles_max=13, ii_cycles_min=1, ii_cycles_max=1,
    faults=(WEIGHT_BIT, EXTRA_LATENCY, ZERO_EXTEND, DROPPED_REGISTER, LSB_STUCK, RESET_POLARITY),
)

STREAM_VIVADO = HlsDesign(
    name="stream_vivado",
    source_names=("myproject.v", "pointwise_conv_1.v", "pointwise_conv_1_w1_V.v", "relu_2.v", "pointwise_conv_3.v",
                  "fifo_w16_d2_A.v", "fifo_w16_d2_A_x.v", "fifo_w16_d16_A.v", "start_for_relu_2_U0.v",
                  "start_for_pointwise_conv_3_U0.v", "regslice_core.v"),
    data_names=("pointwise_conv_1_w1_V_rom.dat",), style=IoStyle.AXIS_PER_ELEMENT,
    n_inputs=IMAGE_PIXELS * 2, n_outputs=IMAGE_PIXELS * 2, reference=conv_pipeline_reference,
    # first input beat -> last output beat of a 9-pixel frame; conv_1 takes 4 cycles a pixel
    latency_cycles_min=39, ii_cycles_min=38, faults=(WEIGHT_BIT, DROP_BEAT), needs_icarus_fix=True,
)

#: The same model as stream_vivado, as Vitis HLS exports it (packed streams, one FIFO of whole pixels).
STREAM_VITIS = replace(
    STREAM_VIVADO, name="stream_vitis", data_names=(), style=IoStyle.AXIS_PACKED, needs_icarus_fix=False,
    source_names=("myproject.v", "myproject_pointwise_conv_1.v", "myproject_pointwise_conv_2.v",
                  "myproject_fifo_w48_d9_A.v", "myproject_start_for_pointwise_conv_2_U0.v"),
    # one pixel a cycle, plus a cycle to start and one to finish each frame
    latency_cycles_min=10, ii_cycles_min=11, faults=(STUCK_READY, STUCK_VALID, LSB_STUCK, SHRUNKEN_FIFO),
)

ACCELERATOR = HlsDesign(
    name="accelerator", top="myproject_axi", style=IoStyle.ACCELERATOR, control="ap_ctrl_none",
    source_names=("myproject_axi.v", "read_in_proc.v", "myproject.v", "write_out_proc.v", "fifo_w64_d2_A.v",
                  "fifo_w48_d2_A.v", "fifo_w1_d8_A.v"),
    n_inputs=4, n_outputs=3, reference=dense_relu_reference,
    # first input beat -> last output beat of a sample; the inner myproject takes 6 cycles a sample
    latency_cycles_min=12, ii_cycles_min=6,
    faults=(WEIGHT_BIT, WRONG_TLAST, DUPLICATE_BEAT, TLAST_ZERO, TLAST_ONE, TLAST_INVERTED),
    testbench_name="tb/tb_axi_plain.v",
    notes=("TLAST is set on a sample's last output element when any input beat of that sample had TLAST",),
)

ACCELERATOR_FLOAT = replace(
    ACCELERATOR, name="accelerator_float",
    source_names=("myproject_axi.v", "read_in_float_proc.v", "myproject_axi_fpext_32ns_64_1_1.v",
                  "ip/myproject_axi_ap_fpext_0_no_dsp_32.v", "write_out_float_proc.v", "../accelerator/myproject.v",
                  "../accelerator/fifo_w64_d2_A.v", "../accelerator/fifo_w48_d2_A.v", "../accelerator/fifo_w1_d8_A.v"),
    input_type=FLOAT_BITS, output_type=FLOAT_BITS, reference=float_accelerator_reference,
    # two cycles an input beat (take, convert); the inner myproject takes 6 cycles a sample
    latency_cycles_min=16, ii_cycles_min=9, faults=(FLOAT_ROUNDING,),
    testbench_name="../accelerator/tb/tb_axi_plain.v", testbench_defines=(("DATA_W", "32"),),
    notes=("inputs and outputs are IEEE-754 single bit patterns (codes of FLOAT_BITS)",
           "ip/ holds a behavioural model of the floating-point IP, which exists only as a Tcl script"),
)

AP_FIFO_DENSE = replace(
    PARALLEL_DENSE, name="ap_fifo_dense", folder="accelerator", style=IoStyle.AP_FIFO, control="ap_ctrl_chain",
    # read in cycle t, write in cycle t + 3, ap_done in t + 4; the next read two cycles later at best
    latency_cycles_min=3, latency_cycles_max=None, ii_cycles_min=6, ii_cycles_max=None,
    faults=(WEIGHT_BIT, LSB_STUCK), testbench_name="tb/tb_fifo_plain.v",
)

@dataclass(frozen=True)
class FifoModule:
    """One HLS-style FIFO module among the designs' sources, and how its fill level is read.

    ``fill_rule``: "shiftreg" (Vivado: mOutPtr + 1 modulo 2^(ADDR_WIDTH+1)), "ram" (Vivado:
    (full_n ? usedw : DEPTH) + dout_valid), "vitis" (if_num_data_valid = mOutPtr + dout_vld) or
    "count" (Vitis shift-register start FIFO: mOutPtr).
    """

    design: str
    file: str
    module: str
    width: int
    depth: int  # the DEPTH parameter
    fill_rule: str
    capacity: int  # words it can hold: DEPTH, or DEPTH + 1 with a show-ahead output register

    @property
    def path(self) -> Path:
        """The Verilog file that defines the module."""
        return DESIGNS_DIR / self.design / self.file


FIFO_MODULES = (
    FifoModule("stream_vivado", "fifo_w16_d2_A.v", "fifo_w16_d2_A", 16, 2, "shiftreg", 2),
    FifoModule("stream_vivado", "fifo_w16_d16_A.v", "fifo_w16_d16_A", 16, 16, "ram", 17),
    FifoModule("stream_vivado", "start_for_relu_2_U0.v", "start_for_relu_2_U0", 1, 2, "shiftreg", 2),
    FifoModule("stream_vitis", "myproject_fifo_w48_d9_A.v", "myproject_fifo_w48_d9_A", 48, 8, "vitis", 9),
    FifoModule("stream_vitis", "myproject_start_for_pointwise_conv_2_U0.v",
               "myproject_start_for_pointwise_conv_2_U0", 1, 2, "count", 2),
    FifoModule("accelerator", "fifo_w64_d2_A.v", "fifo_w64_d2_A", 64, 2, "shiftreg", 2),
    FifoModule("accelerator", "fifo_w1_d8_A.v", "fifo_w1_d8_A", 1, 8, "shiftreg", 8),
    # Vitis HLS 2023.2's start-token FIFO (signed pointer reset by replication): the lenet5 export's style
    FifoModule("common", "start_for_token_vitis2023.v", "start_for_token_vitis2023", 1, 2, "shiftreg", 2),
)

#: The testbench that checks a FIFO module's fill rule and capacity against a scoreboard.
FIFO_TESTBENCH = DESIGNS_DIR / "common" / "tb" / "tb_fifo_plain.v"

DESIGNS: dict[str, HlsDesign] = {
    design.name: design
    for design in (PARALLEL_DENSE, STREAM_VIVADO, STREAM_VITIS, ACCELERATOR, ACCELERATOR_FLOAT, AP_FIFO_DENSE)
}


def rtl_of(design: HlsDesign, defines: Mapping[str, str] | None = None) -> RtlDesign:
    """``design.rtl(defines)``."""
    return design.rtl(defines)


def get_design(name: str) -> HlsDesign:
    """The test design called ``name``."""
    try:
        return DESIGNS[name]
    except KeyError:
        raise UnknownModel(f"no test design '{name}'; known designs: {', '.join(DESIGNS)}") from None
