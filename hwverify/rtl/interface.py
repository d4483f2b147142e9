"""Which HLS interface a top module has, recognised from its port names and widths alone.

Vivado HLS and Vitis HLS name ports by fixed rules (shared/reference/hls_rtl_conventions.md):
``ap_clk``; ``ap_rst`` (active-high) or ``ap_rst_n`` (active-low); ``ap_start/ap_done/ap_idle/ap_ready``
(+ ``ap_continue`` for ap_ctrl_chain); data as ``<x>`` + ``<x>_ap_vld`` (io_parallel),
``<x>_TDATA/_TVALID/_TREADY[/_TLAST]`` (AXI-Stream) or ``<x>_dout/_empty_n/_read`` and
``<x>_din/_full_n/_write`` (ap_fifo). This module turns those rules into an :class:`InterfaceSpec`.

Element numbering: a sample's elements are sent as a sequence of *beats* on each side. Each beat
carries ``elements_per_beat`` elements spread over the side's channels; a channel's ``elements`` are
the indices *within one beat* that it carries, element 0 in the least significant bits. Beat ``b``
carries the sample's flattened elements ``b * elements_per_beat + e``. So an io_parallel input port
carries all elements in one beat; a Vivado io_stream channel ``input_1_V_data_<c>_V`` carries element
``c`` of every pixel; the accelerator's ``in_r`` carries one element per beat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from hwverify.errors import InterfaceNotRecognised
from hwverify.rtl.verilog import Port, read_ports

__all__ = [
    "Channel",
    "ChannelKind",
    "ClockReset",
    "InterfaceSpec",
    "IoStyle",
    "Port",
    "recognise_interface",
    "recognise_ports",
]

CONTROL_HS = ("ap_start", "ap_done", "ap_idle", "ap_ready")
#: Ports old hls4ml versions add to report array sizes; they carry no sample data.
_IGNORED_PATTERN = re.compile(r"^const_size_(in|out)_\d+(_ap_vld)?$")
_PER_ELEMENT_STREAM = re.compile(r"^(?P<array>.+)_V_data_(?P<index>\d+)_V$")
_PARTITIONED_PORT = re.compile(r"^(?P<array>.+)_(?P<index>\d+)(?P<suffix>_V)?$")


class IoStyle(str, Enum):
    """The interface styles hwverify can drive."""

    IO_PARALLEL = "io_parallel"  # ap_ctrl_hs, one wide reshaped input port + per-element outputs with _ap_vld
    AXIS_PER_ELEMENT = "axis_per_element"  # Vivado HLS io_stream: one AXI-Stream per array element
    AXIS_PACKED = "axis_packed"  # Vitis HLS io_stream / open-flow shell: one stream per array, packed
    ACCELERATOR = "accelerator"  # VivadoAccelerator myproject_axi: in_r/out_r, one element per beat, TLAST
    AP_FIFO = "ap_fifo"  # ap_fifo ports (_dout/_empty_n/_read, _din/_full_n/_write), ap_ctrl_chain


class ChannelKind(str, Enum):
    """The handshake a channel uses."""

    AP_NONE = "ap_none"  # data only, no qualifier
    AP_VLD = "ap_vld"  # data + <x>_ap_vld
    AXIS = "axis"  # _TDATA/_TVALID/_TREADY[/_TLAST]
    AP_FIFO = "ap_fifo"  # _dout/_empty_n/_read or _din/_full_n/_write


@dataclass(frozen=True)
class ClockReset:
    """The clock port, the reset port, and whether reset is asserted low."""

    clock: str
    reset: str
    active_low: bool


@dataclass(frozen=True)
class Channel:
    """One handshaked carrier of data: a stream, an ap_vld port or an ap_fifo port.

    ``valid`` is the producer's strobe (TVALID, _ap_vld, _empty_n for an input FIFO, _write for an
    output FIFO) and ``ready`` the consumer's (TREADY, _read for an input FIFO, _full_n for an output
    FIFO); for ap_fifo ports note that ``_empty_n``/``_full_n`` are the *testbench's* signals.
    ``elements`` is empty when it depends on an element width that was not given.
    """

    name: str
    data: str
    valid: str | None
    ready: str | None
    last: str | None
    width: int
    elements: tuple[int, ...]
    kind: ChannelKind = ChannelKind.AP_NONE
    direction: str = "input"
    sideband: tuple[str, ...] = ()  # e.g. TKEEP/TSTRB inputs a driver must hold at all ones


@dataclass(frozen=True)
class InterfaceSpec:
    """Everything a testbench needs to know about a top module's interface."""

    top: str
    style: IoStyle
    clock_reset: ClockReset
    control: str  # "ap_ctrl_hs" | "ap_ctrl_chain" | "ap_ctrl_none"
    inputs: tuple[Channel, ...]
    outputs: tuple[Channel, ...]
    ports: tuple[Port, ...]
    ignored: tuple[str, ...] = ()  # ports that carry no sample data (e.g. const_size_in_1)
    notes: tuple[str, ...] = ()

    @property
    def input_elements_per_beat(self) -> int:
        """How many input elements one beat carries over all input channels (0 if unresolved)."""
        return sum(len(channel.elements) for channel in self.inputs)

    @property
    def output_elements_per_beat(self) -> int:
        """How many output elements one beat carries over all output channels (0 if unresolved)."""
        return sum(len(channel.elements) for channel in self.outputs)

    @property
    def resolved(self) -> bool:
        """True when every channel's elements are known."""
        return all(channel.elements for channel in self.inputs + self.outputs)

    def with_element_widths(self, input_width: int, output_width: int) -> InterfaceSpec:
        """This spec with packed channels' elements worked out from the element widths in bits."""
        return recognise_ports(self.top, self.ports, input_width=input_width, output_width=output_width)

    def describe(self) -> str:
        """A short human-readable summary, for logs and error messages."""
        def side(channels: tuple[Channel, ...]) -> str:
            return ", ".join(f"{c.name}[{c.width}b]{list(c.elements)}" for c in channels)

        reset = f"{self.clock_reset.reset} (active-{'low' if self.clock_reset.active_low else 'high'})"
        return (
            f"{self.top}: {self.style.value}, {self.control}, clock {self.clock_reset.clock}, reset {reset}; "
            f"inputs {side(self.inputs)}; outputs {side(self.outputs)}"
        )


def recognise_interface(
    top: str,
    sources: Sequence[Path],
    *,
    input_width: int | None = None,
    output_width: int | None = None,
) -> InterfaceSpec:
    """Read ``top``'s ports from ``sources`` and recognise its interface.

    ``input_width``/``output_width`` are the element widths in bits (from the model's fixed-point
    types); without them, packed channels get empty ``elements`` (see :meth:`InterfaceSpec.with_element_widths`).
    Raises :class:`InterfaceNotRecognised` listing the ports found and what was expected.
    """
    ports = read_ports(top, sources)
    return recognise_ports(top, ports, input_width=input_width, output_width=output_width)


def recognise_ports(
    top: str,
    ports: Sequence[Port],
    *,
    input_width: int | None = None,
    output_width: int | None = None,
) -> InterfaceSpec:
    """Recognise the interface of a module from its ports (no files needed)."""
    ports = tuple(ports)
    by_name = {port.name: port for port in ports}
    clock_reset = _clock_reset(top, by_name, ports)
    control = _control(top, by_name, ports)
    taken = {clock_reset.clock, clock_reset.reset, *_control_ports(control)}
    ignored = tuple(p.name for p in ports if _IGNORED_PATTERN.match(p.name))
    taken.update(ignored)
    raw = _collect_channels(by_name, taken)
    leftovers = [p for p in ports if p.name not in taken]
    raw += [_ap_none_channel(p) for p in leftovers]
    inputs = tuple(c for c in raw if c.direction == "input")
    outputs = tuple(c for c in raw if c.direction == "output")
    if not inputs or not outputs:
        raise _unrecognised(top, ports, "at least one input and one output data channel")
    style = _style(top, ports, raw)
    inputs = _number_elements(inputs, style, input_width)
    outputs = _number_elements(outputs, style, output_width)
    return InterfaceSpec(
        top=top,
        style=style,
        clock_reset=clock_reset,
        control=control,
        inputs=inputs,
        outputs=outputs,
        ports=ports,
        ignored=ignored,
        notes=_notes(clock_reset),
    )


def _unrecognised(top: str, ports: Sequence[Port], expected: str) -> InterfaceNotRecognised:
    found = ", ".join(f"{p.direction} {p.name}[{p.width}]" for p in ports) or "none"
    return InterfaceNotRecognised(
        f"top module '{top}' does not look like Vivado/Vitis HLS exported RTL: expected {expected}. "
        f"Ports found: {found}. Check the top module name, or that the RTL was exported by an HLS tool "
        "(io_parallel with _ap_vld ports, io_stream AXI-Stream, ap_fifo, or myproject_axi)."
    )


def _clock_reset(top: str, by_name: dict[str, Port], ports: Sequence[Port]) -> ClockReset:
    if "ap_clk" not in by_name:
        raise _unrecognised(top, ports, "a clock port 'ap_clk'")
    if "ap_rst" in by_name:
        return ClockReset("ap_clk", "ap_rst", active_low=False)
    if "ap_rst_n" in by_name:
        return ClockReset("ap_clk", "ap_rst_n", active_low=True)
    raise _unrecognised(top, ports, "a reset port 'ap_rst' (active-high) or 'ap_rst_n' (active-low)")


def _control(top: str, by_name: dict[str, Port], ports: Sequence[Port]) -> str:
    present = [name for name in CONTROL_HS if name in by_name]
    if not present:
        return "ap_ctrl_none"
    if len(present) != len(CONTROL_HS):
        missing = sorted(set(CONTROL_HS) - set(present))
        expected = f"all of {', '.join(CONTROL_HS)} for block-level control (missing {', '.join(missing)})"
        raise _unrecognised(top, ports, expected)
    return "ap_ctrl_chain" if "ap_continue" in by_name else "ap_ctrl_hs"


def _control_ports(control: str) -> tuple[str, ...]:
    if control == "ap_ctrl_none":
        return ()
    return CONTROL_HS + (("ap_continue",) if control == "ap_ctrl_chain" else ())


def _collect_channels(by_name: dict[str, Port], taken: set[str]) -> list[Channel]:
    """AXI-Stream, ap_fifo and ap_vld channels, in port order; marks their ports as taken."""
    channels: list[Channel] = []
    for port in list(by_name.values()):
        if port.name in taken:
            continue
        channel = _axis(port, by_name) or _ap_fifo(port, by_name) or _ap_vld(port, by_name)
        if channel is not None:
            channels.append(channel)
            taken.update(_signals(channel))
    return channels


def _signals(channel: Channel) -> list[str]:
    names = [channel.data, channel.valid, channel.ready, channel.last, *channel.sideband]
    return [name for name in names if name is not None]


def _axis(port: Port, by_name: dict[str, Port]) -> Channel | None:
    if not port.name.endswith("_TDATA"):
        return None
    base = port.name[: -len("_TDATA")]
    valid, ready, last = f"{base}_TVALID", f"{base}_TREADY", f"{base}_TLAST"
    if valid not in by_name or ready not in by_name:
        return None
    sideband = tuple(f"{base}_{s}" for s in ("TKEEP", "TSTRB", "TUSER", "TID", "TDEST") if f"{base}_{s}" in by_name)
    return Channel(
        name=base,
        data=port.name,
        valid=valid,
        ready=ready,
        last=last if last in by_name else None,
        width=port.width,
        elements=(),
        kind=ChannelKind.AXIS,
        direction=port.direction,
        sideband=sideband,
    )


def _ap_fifo(port: Port, by_name: dict[str, Port]) -> Channel | None:
    for data_suffix, valid_suffix, ready_suffix, direction in (
        ("_dout", "_empty_n", "_read", "input"),
        ("_din", "_write", "_full_n", "output"),
    ):
        if port.name.endswith(data_suffix):
            base = port.name[: -len(data_suffix)]
            valid, ready = base + valid_suffix, base + ready_suffix
            if valid in by_name and ready in by_name:
                return Channel(
                    name=base, data=port.name, valid=valid, ready=ready, last=None,
                    width=port.width, elements=(), kind=ChannelKind.AP_FIFO, direction=direction,
                )
    return None


def _ap_vld(port: Port, by_name: dict[str, Port]) -> Channel | None:
    valid = f"{port.name}_ap_vld"
    if valid not in by_name:
        return None
    ack = f"{port.name}_ap_ack"
    return Channel(
        name=port.name,
        data=port.name,
        valid=valid,
        ready=ack if ack in by_name else None,
        last=None,
        width=port.width,
        elements=(),
        kind=ChannelKind.AP_VLD,
        direction=port.direction,
    )


def _ap_none_channel(port: Port) -> Channel:
    return Channel(
        name=port.name, data=port.name, valid=None, ready=None, last=None,
        width=port.width, elements=(), kind=ChannelKind.AP_NONE, direction=port.direction,
    )


def _style(top: str, ports: Sequence[Port], channels: Sequence[Channel]) -> IoStyle:
    kinds = {channel.kind for channel in channels}
    if kinds == {ChannelKind.AXIS}:
        # The VivadoAccelerator wrapper is recognised by its port names: TLAST alone does not make one
        # (hwverify's open-flow shell carries TLAST on packed streams too).
        if {channel.name for channel in channels} == {"in_r", "out_r"}:
            return IoStyle.ACCELERATOR
        if any(_PER_ELEMENT_STREAM.match(channel.name) for channel in channels):
            return IoStyle.AXIS_PER_ELEMENT
        return IoStyle.AXIS_PACKED
    if kinds == {ChannelKind.AP_FIFO}:
        return IoStyle.AP_FIFO
    if kinds <= {ChannelKind.AP_VLD, ChannelKind.AP_NONE} and ChannelKind.AP_VLD in kinds:
        return IoStyle.IO_PARALLEL
    summary = ", ".join(f"{c.name} ({c.kind.value})" for c in channels)
    raise _unrecognised(top, ports, f"data channels of one HLS interface style, found {summary}")


def _number_elements(channels: tuple[Channel, ...], style: IoStyle, width: int | None) -> tuple[Channel, ...]:
    """Give each channel the per-beat element indices it carries; arrays are numbered in port order."""
    if style is IoStyle.ACCELERATOR:
        return tuple(replace(channel, elements=(0,)) for channel in channels)
    groups = _array_groups(channels, style)
    numbered: list[Channel] = []
    offset = 0
    for members in groups:
        if len(members) > 1 or (members[0][1] is not None and style is IoStyle.AXIS_PER_ELEMENT):
            for channel, index in members:
                numbered.append(replace(channel, elements=(offset + int(index or 0),)))
            offset += len(members)
            continue
        channel = members[0][0]
        count = channel.width // width if width else 0
        if count == 0:
            numbered.append(channel)  # unresolved until the element width is known
            continue
        numbered.append(replace(channel, elements=tuple(range(offset, offset + count))))
        offset += count
    return tuple(numbered)


def _array_groups(channels: tuple[Channel, ...], style: IoStyle) -> list[list[tuple[Channel, int | None]]]:
    """Channels grouped by the array they belong to; a group of several is one port per element."""
    pattern = _PER_ELEMENT_STREAM if style is IoStyle.AXIS_PER_ELEMENT else _PARTITIONED_PORT
    groups: dict[str, list[tuple[Channel, int | None]]] = {}
    for channel in channels:
        match = pattern.match(channel.name)
        key = match["array"] if match else channel.name
        groups.setdefault(key, []).append((channel, int(match["index"]) if match else None))
    result = []
    for members in groups.values():
        indices = sorted(index for _, index in members if index is not None)
        if len(members) > 1 and indices != list(range(len(members))):
            # Not a clean 0..k-1 partition: treat each port as an array of its own.
            result.extend([[(channel, None)] for channel, _ in members])
            continue
        result.append(sorted(members, key=lambda m: m[1] or 0) if len(members) > 1 else members)
    return result


def _notes(clock_reset: ClockReset) -> tuple[str, ...]:
    if not clock_reset.active_low:
        return ()
    return (
        "HLS RTL inverts ap_rst_n in a combinational always block (ap_rst_n_inv): drive ap_rst_n to 1 "
        "before pulling it low, or the inverted reset stays X in an event-driven simulator",
    )
