"""The top-level Verilog that puts a da4ml core inside hwverify's AXI-Stream shell.

The top follows the Vitis HLS packed io_stream convention: ``ap_clk``, ``ap_rst_n`` (active-low) and
one stream per array, ``<input var>_TDATA[N_in*W_in-1:0]`` / ``_TVALID`` / ``_TREADY`` / ``_TLAST`` and
``<output var>_TDATA`` / ..., element 0 in the least significant bits, every element in its hls4ml
type. Glue logic moves each element between that layout and da4ml's wrapper layout (every element
padded to the widest element, LSBs aligned to the finest fraction).
"""

from __future__ import annotations

from dataclasses import dataclass

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType
from rtl_sim import RTL_SIM_DIR

#: hwverify's AXI-Stream shell module (a fixed source file, not generated).
SHELL_SOURCE = RTL_SIM_DIR / "shell" / "hwv_axis_shell.v"
#: Defines that select the shell's fault-injected variants (each must be caught by the checks every flow runs).
SHELL_FAULTS = (
    "HWV_SHELL_FAULT_IGNORE_READY",
    "HWV_SHELL_FAULT_NO_CREDIT",
    "HWV_SHELL_FAULT_DROP_LAST",
    "HWV_SHELL_FAULT_EARLY_VALID",
)
SHELL_MODULE = "hwv_axis_shell"


@dataclass(frozen=True)
class FieldLayout:
    """How one element sits in a bus: ``width`` bits, ``fractional`` of them after the binary point."""

    width: int
    fractional: int
    signed: bool

    @classmethod
    def of(cls, fixed_type: FixedType) -> FieldLayout:
        """The layout of an element of ``fixed_type``."""
        return cls(fixed_type.width, fixed_type.fractional, fixed_type.signed)


def _aligned_bits(bus: str, low: int, source: FieldLayout, target: FieldLayout) -> tuple[str, int]:
    """The element at ``bus[low +: source.width]`` with its binary point moved to ``target``'s: (Verilog, width)."""
    high = low + source.width - 1
    shift = target.fractional - source.fractional
    if shift >= 0:
        tail = f", {shift}'b0" if shift else ""
        return f"{{{bus}[{high}:{low}]{tail}}}", source.width + shift
    if source.width + shift < 1:
        raise ConfigError(f"the element at {bus}[{high}:{low}] has no bits left after alignment; this is a bug in hwverify")
    return f"{bus}[{high}:{low - shift}]", source.width + shift


def _element_assign(src: tuple[str, int, FieldLayout], dst: tuple[str, int, FieldLayout], wire: str) -> list[str]:
    """Move one element between layouts, given ``(bus, lowest bit, layout)`` on each side.

    Valid for values representable in both layouts (the flow guarantees it): bits below the
    coarser fraction are zero and bits above the narrower integer part are sign copies.
    """
    (src_bus, src_low, source), (dst_bus, dst_low, target) = src, dst
    bits, width = _aligned_bits(src_bus, src_low, source, target)
    if width >= target.width:
        value = f"{wire}[{target.width - 1}:0]"
    else:
        pad = target.width - width
        fill = f"{{{pad}{{{wire}[{width - 1}]}}}}" if source.signed else f"{pad}'b0"
        value = f"{{{fill}, {wire}}}"
    return [
        f"    wire [{width - 1}:0] {wire} = {bits};",
        f"    assign {dst_bus}[{dst_low + target.width - 1}:{dst_low}] = {value};",
    ]


@dataclass(frozen=True)
class StreamPort:
    """One AXI-Stream port of the top: the array's name, element count and element type."""

    name: str
    n_elements: int
    fixed_type: FixedType

    @property
    def width(self) -> int:
        """TDATA width in bits."""
        return self.n_elements * self.fixed_type.width


@dataclass(frozen=True)
class ShellTop:
    """What the generated top module connects.

    The shell puts the da4ml core (``core_wrapper``) between the input stream and the output streams, behind an
    output FIFO of ``fifo_depth`` samples; ``core_input``/``core_output`` are the element formats of the core's
    ports, which the glue logic moves the streams' binary points to and from.
    """

    top: str
    core_wrapper: str
    input: StreamPort
    outputs: tuple[StreamPort, ...]
    core_input: FieldLayout
    core_output: FieldLayout
    core_latency_cycles: int
    fifo_depth: int

    @property
    def output_width(self) -> int:
        """Bits of all output streams' TDATA together."""
        return sum(port.width for port in self.outputs)


def _input_glue(spec: ShellTop) -> list[str]:
    port, layout = spec.input, FieldLayout.of(spec.input.fixed_type)
    lines = []
    for e in range(port.n_elements):
        src = ("core_in", e * layout.width, layout)
        dst = ("model_inp", e * spec.core_input.width, spec.core_input)
        lines += _element_assign(src, dst, f"gin_{e}")
    return lines


def _output_glue(spec: ShellTop) -> list[str]:
    lines, element, offset = [], 0, 0
    for k, port in enumerate(spec.outputs):
        layout = FieldLayout.of(port.fixed_type)
        for e in range(port.n_elements):
            src = ("model_out", element * spec.core_output.width, spec.core_output)
            dst = ("core_out", offset + e * layout.width, layout)
            lines += _element_assign(src, dst, f"gout{k}_{e}")
            element += 1
        offset += port.width
    return lines


def _ports(spec: ShellTop) -> list[str]:
    i = spec.input.name
    lines = [
        "    input  wire ap_clk,",
        "    input  wire ap_rst_n,",
        f"    input  wire [{spec.input.width - 1}:0] {i}_TDATA,",
        f"    input  wire {i}_TVALID,",
        f"    output wire {i}_TREADY,",
        f"    input  wire {i}_TLAST,",
    ]
    for port in spec.outputs:
        o = port.name
        lines += [
            f"    output wire [{port.width - 1}:0] {o}_TDATA,",
            f"    output wire {o}_TVALID,",
            f"    input  wire {o}_TREADY,",
            f"    output wire {o}_TLAST,",
        ]
    lines[-1] = lines[-1].rstrip(",")
    return lines


def _output_streams(spec: ShellTop) -> list[str]:
    lines, offset = [], 0
    for k, port in enumerate(spec.outputs):
        o = port.name
        lines += [
            f"    assign {o}_TDATA = m_tdata[{offset + port.width - 1}:{offset}];",
            f"    assign {o}_TVALID = m_tvalid[{k}];",
            f"    assign m_tready[{k}] = {o}_TREADY;",
            f"    assign {o}_TLAST = m_tlast;",
        ]
        offset += port.width
    return lines


def shell_top_verilog(spec: ShellTop) -> str:
    """The Verilog text of the top module described by ``spec``."""
    i, n_streams = spec.input.name, len(spec.outputs)
    streams = "; ".join(f"{p.name}: {p.n_elements} x {p.fixed_type}" for p in (spec.input, *spec.outputs))
    return "\n".join(
        [
            "// Generated by hwverify.sources.openflow: da4ml pipeline in hwverify's AXI-Stream shell (Vitis packed io_stream ports).",
            f"// {streams}; element 0 in the LSBs.",
            "`timescale 1 ns / 1 ps",
            "",
            f"module {spec.top} (",
            *_ports(spec),
            ");",
            f"    wire [{spec.input.width - 1}:0] core_in;",
            f"    wire [{spec.output_width - 1}:0] core_out;",
            f"    wire [{spec.input.n_elements * spec.core_input.width - 1}:0] model_inp;",
            f"    wire [{sum(p.n_elements for p in spec.outputs) * spec.core_output.width - 1}:0] model_out;",
            f"    wire [{spec.output_width - 1}:0] m_tdata;",
            f"    wire [{n_streams - 1}:0] m_tvalid;",
            f"    wire [{n_streams - 1}:0] m_tready;",
            "    wire m_tlast;",
            "",
            *_input_glue(spec),
            "",
            f"    {spec.core_wrapper} core (.clk(ap_clk), .model_inp(model_inp), .model_out(model_out));",
            "",
            *_output_glue(spec),
            "",
            f"    {SHELL_MODULE} #(",
            f"        .IN_WIDTH({spec.input.width}), .OUT_WIDTH({spec.output_width}), .LATENCY({spec.core_latency_cycles}),",
            f"        .DEPTH({spec.fifo_depth}), .N_STREAMS({n_streams})",
            "    ) shell (",
            "        .ap_clk(ap_clk), .ap_rst_n(ap_rst_n),",
            f"        .s_tdata({i}_TDATA), .s_tvalid({i}_TVALID), .s_tready({i}_TREADY), .s_tlast({i}_TLAST),",
            "        .m_tdata(m_tdata), .m_tvalid(m_tvalid), .m_tready(m_tready), .m_tlast(m_tlast),",
            "        .core_in(core_in), .core_out(core_out)",
            "    );",
            *_output_streams(spec),
            "endmodule",
            "",
        ]
    )
