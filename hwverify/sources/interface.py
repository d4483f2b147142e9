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
from enum import StrEnum
from pathlib import Path

from hwverify.errors import InterfaceNotRecognised
from hwverify.protocols import ClockReset, Control, IoStyle
from hwverify.sources.verilog import Port, read_ports

__all__ = [
    "Channel",
    "ArrayShape",
    "ChannelKind",
    "InterfaceSpec",
    "Port",
    "recognise_interface",
    "recognise_ports",
]

CONTROL_HS = ("ap_start", "ap_done", "ap_idle", "ap_ready")
#: Ports old hls4ml versions add to report array sizes; they carry no sample data.
_IGNORED_PATTERN = re.compile(r"^const_size_(in|out)_\d+(_ap_vld)?$")
#: A Vivado HLS stream per element: ``x_V_data_<i>_V`` (a member of an nnet::array beat), or ``x_<i>_V_V`` (stream
#: ``i`` of an array of scalar streams, an hls4ml fork's ``hls::stream<T> x[N]``).
_PER_ELEMENT_STREAM = re.compile(r"^(?:(?P<array>.+)_V_data_(?P<index>\d+)_V|(?P<array2>.+)_(?P<index2>\d+)_V_V)$")
_PARTITIONED_PORT = re.compile(r"^(?P<array>.+)_(?P<index>\d+)(?P<suffix>_V)?$")


class ChannelKind(StrEnum):
    """The handshake a channel uses."""

    AP_NONE = "ap_none"  # data only, no qualifier
    AP_VLD = "ap_vld"  # data + <x>_ap_vld
    AXIS = "axis"  # _TDATA/_TVALID/_TREADY[/_TLAST]
    AP_FIFO = "ap_fifo"  # _dout/_empty_n/_read or _din/_full_n/_write


@dataclass(frozen=True)
class ArrayShape:
    """What the C side knows of one array of the top: its name (the ports are named after it; None if
    unknown), its element width in bits, and how many elements one stream beat carries (None if unknown)."""

    name: str | None
    element_width: int
    elements_per_beat: int | None = None


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
    array: int = 0  # which array of its side (inputs or outputs, in argument order) it carries


@dataclass(frozen=True)
class InterfaceSpec:
    """Everything a testbench needs to know about a top module's interface: its ports, and what they were
    recognised as."""

    top: str
    ports: tuple[Port, ...]
    style: IoStyle
    clock_reset: ClockReset
    control: Control
    inputs: tuple[Channel, ...]
    outputs: tuple[Channel, ...]
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

    def elements_per_beat(self, channels: tuple[Channel, ...], array: int) -> int:
        """Elements of array ``array`` that one beat carries over its channels among ``channels``."""
        return sum(len(c.elements) for c in channels if c.array == array)

    @property
    def resolved(self) -> bool:
        """True when every channel's elements are known."""
        return all(channel.elements for channel in self.inputs + self.outputs)

    def with_element_widths(self, input_width: int, output_width: int) -> InterfaceSpec:
        """This spec with packed channels' elements worked out from the element widths in bits."""
        return recognise_ports(self.top, self.ports, input_width=input_width, output_width=output_width)

    def with_arrays(self, inputs: Sequence[ArrayShape], outputs: Sequence[ArrayShape]) -> InterfaceSpec:
        """This spec with channels assigned to the given arrays and their elements numbered."""
        return recognise_ports(self.top, self.ports, inputs=inputs, outputs=outputs)

    def describe(self) -> str:
        """A short human-readable summary, for logs and error messages."""
        def side(channels: tuple[Channel, ...]) -> str:
            return ", ".join(f"{c.name}[{c.width}b]{list(c.elements)}" for c in channels)

        reset = f"{self.clock_reset.reset} (active-{'low' if self.clock_reset.active_low else 'high'})"
        return (
            f"{self.top}: {self.style.value}, {self.control.value}, clock {self.clock_reset.clock}, reset {reset}; "
            f"inputs {side(self.inputs)}; outputs {side(self.outputs)}"
        )


def recognise_interface(top: str, sources: Sequence[Path]) -> InterfaceSpec:
    """Read ``top``'s ports from ``sources`` and recognise its interface.

    Packed channels get empty ``elements`` until the top function's arrays are given
    (:meth:`InterfaceSpec.with_arrays`, or :meth:`InterfaceSpec.with_element_widths` for one unnamed array a side).
    Raises :class:`InterfaceNotRecognised` listing the ports found and what was expected.
    """
    return recognise_ports(top, read_ports(top, sources))


def recognise_ports(
    top: str,
    ports: Sequence[Port],
    *,
    input_width: int | None = None,
    output_width: int | None = None,
    inputs: Sequence[ArrayShape] | None = None,
    outputs: Sequence[ArrayShape] | None = None,
) -> InterfaceSpec:
    """Recognise the interface of a module from its ports (no files needed)."""
    if inputs is None and input_width is not None:
        inputs = (ArrayShape(None, input_width),)
    if outputs is None and output_width is not None:
        outputs = (ArrayShape(None, output_width),)
    ports = tuple(ports)
    by_name = {port.name: port for port in ports}
    _refuse_undriven_interfaces(top, by_name)
    clock_reset = _clock_reset(top, by_name, ports)
    control = _control(top, by_name, ports)
    taken = {clock_reset.clock, clock_reset.reset, *_control_ports(control)}
    ignored = tuple(p.name for p in ports if _IGNORED_PATTERN.match(p.name))
    taken.update(ignored)
    raw = _collect_channels(by_name, taken)
    leftovers = [p for p in ports if p.name not in taken]
    raw += [_ap_none_channel(p) for p in leftovers]
    in_channels = tuple(c for c in raw if c.direction == "input")
    out_channels = tuple(c for c in raw if c.direction == "output")
    if not in_channels or not out_channels:
        raise _unrecognised(top, ports, "at least one input and one output data channel")
    style = _style(top, ports, raw)
    try:
        in_channels = _number_elements(in_channels, style, tuple(inputs) if inputs else None)
        out_channels = _number_elements(out_channels, style, tuple(outputs) if outputs else None)
    except InterfaceNotRecognised as error:
        raise _unrecognised(top, ports, f"ports that match the top function's arrays ({error})") from None
    return InterfaceSpec(
        top=top,
        ports=ports,
        style=style,
        clock_reset=clock_reset,
        control=control,
        inputs=in_channels,
        outputs=out_channels,
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


#: Interfaces HLS can give a top's arguments that hwverify does not drive: a block-RAM port (ap_memory:
#: ``<x>_address0/_ce0/_q0``, ``_we0/_d0`` when written; ``...1`` for the second port) and AXI4 / AXI4-Lite
#: bundles (``m_axi_<bundle>_AWADDR``..., ``s_axi_<bundle>_AWADDR``...).
_AP_MEMORY_PORT = re.compile(r"^(?P<array>.+)_(?:address|ce|we|d|q)(?P<port>[01])$")
_AXI_BUNDLE_PORT = re.compile(r"^(?P<kind>m_axi|s_axi)_(?P<bundle>\w+?)_(?:AW|W|B|AR|R)[A-Z]+$")


def _refuse_undriven_interfaces(top: str, by_name: dict[str, Port]) -> None:
    """Name the ap_memory arrays and AXI4 / AXI4-Lite bundles of a top, which hwverify cannot drive."""
    found: dict[str, list[str]] = {}
    for name in by_name:
        memory = _AP_MEMORY_PORT.match(name)
        if memory and f"{memory['array']}_address{memory['port']}" in by_name:
            found.setdefault(f"ap_memory array {memory['array']}", []).append(name)
        axi = _AXI_BUNDLE_PORT.match(name)
        if axi:
            kind = "AXI4 (m_axi)" if axi["kind"] == "m_axi" else "AXI4-Lite (s_axilite)"
            found.setdefault(f"{kind} bundle {axi['bundle']}", []).append(name)
    if found:
        listed = "; ".join(f"{what} ({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})"
                           for what, names in found.items())
        raise InterfaceNotRecognised(
            f"top module '{top}' has ports of interfaces hwverify does not drive: {listed}. hwverify drives "
            "io_parallel (ap_vld ports, ap_ctrl_hs), io_stream (AXI-Stream or ap_fifo) and the VivadoAccelerator "
            "AXI-Stream wrapper (myproject_axi); export the top with those (hls4ml's own io_parallel projects "
            "reshape the top's arrays into ap_vld ports, io_stream projects stream them)."
        )


def _clock_reset(top: str, by_name: dict[str, Port], ports: Sequence[Port]) -> ClockReset:
    if "ap_clk" not in by_name:
        raise _unrecognised(top, ports, "a clock port 'ap_clk'")
    if "ap_rst" in by_name:
        return ClockReset("ap_clk", "ap_rst", active_low=False)
    if "ap_rst_n" in by_name:
        return ClockReset("ap_clk", "ap_rst_n", active_low=True)
    raise _unrecognised(top, ports, "a reset port 'ap_rst' (active-high) or 'ap_rst_n' (active-low)")


def _control(top: str, by_name: dict[str, Port], ports: Sequence[Port]) -> Control:
    present = [name for name in CONTROL_HS if name in by_name]
    if not present:
        return Control.NONE
    if len(present) != len(CONTROL_HS):
        missing = sorted(set(CONTROL_HS) - set(present))
        expected = f"all of {', '.join(CONTROL_HS)} for block-level control (missing {', '.join(missing)})"
        raise _unrecognised(top, ports, expected)
    return Control.CHAIN if "ap_continue" in by_name else Control.HS


def _control_ports(control: Control) -> tuple[str, ...]:
    if control is Control.NONE:
        return ()
    return CONTROL_HS + (("ap_continue",) if control is Control.CHAIN else ())


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


def _number_elements(channels: tuple[Channel, ...], style: IoStyle,
                     arrays: tuple[ArrayShape, ...] | None) -> tuple[Channel, ...]:
    """Give each channel its array and the per-beat element indices it carries within that array."""
    if style is IoStyle.ACCELERATOR:
        for channel in channels:
            _require_width(channel, 1, arrays[0] if arrays else ArrayShape(None, 0))
        return tuple(replace(channel, elements=(0,)) for channel in channels)
    if arrays and len(arrays) > 1 or (arrays and arrays[0].name):
        groups = _groups_of_arrays(channels, style, arrays)
        return tuple(c for index, members in enumerate(groups)
                     for c in _number_array(members, index, arrays[index], offset=0))
    shape = arrays[0] if arrays else ArrayShape(None, 0)
    numbered: list[Channel] = []
    offset = 0
    for members in _array_groups(channels, style):  # one array of unknown name: groups share its beats
        lanes = _number_array(members, 0, shape, offset)
        numbered += lanes
        offset += sum(len(c.elements) for c in lanes)
    return tuple(numbered)


def _number_array(members: list[tuple[Channel, int | None]], array: int, shape: ArrayShape,
                  offset: int) -> list[Channel]:
    """One array's channels: one element per port when the array is split over ports, else packed lanes."""
    if len(members) > 1 or (members[0][1] is not None and _PER_ELEMENT_STREAM.match(members[0][0].name)):
        for channel, _ in members:
            _require_width(channel, 1, shape)
        return [replace(c, array=array, elements=(offset + int(index or 0),)) for c, index in members]
    channel = members[0][0]
    lanes = _lanes(channel.width, shape)
    if lanes == 0:
        return [replace(channel, array=array)]  # unresolved until the element width is known
    _require_width(channel, lanes, shape)
    return [replace(channel, array=array, elements=tuple(range(offset, offset + lanes)))]


def _lanes(port_width: int, shape: ArrayShape) -> int:
    """Elements one beat of a packed port carries: what the C side says, else as many as fit."""
    if shape.element_width <= 0:
        return 0
    if shape.elements_per_beat is not None:
        return shape.elements_per_beat
    return port_width // shape.element_width


def _require_width(channel: Channel, lanes: int, shape: ArrayShape) -> None:
    """A port carrying ``lanes`` elements is exactly that wide, or that rounded up to whole bytes (AXI-Stream
    TDATA); anything else means the RTL was made from other types than the ones given."""
    if shape.element_width <= 0:
        return
    bits = lanes * shape.element_width
    if channel.width not in (bits, -(-bits // 8) * 8):
        raise InterfaceNotRecognised(
            f"port {channel.data} is {channel.width} bits wide, but {lanes} element(s) of {shape.element_width} bits "
            f"need {bits}{'' if bits % 8 == 0 else f' (or {-(-bits // 8) * 8} padded to bytes)'}")


def _groups_of_arrays(channels: tuple[Channel, ...], style: IoStyle,
                      arrays: tuple[ArrayShape, ...]) -> list[list[tuple[Channel, int | None]]]:
    """Channels grouped per array (in array order): by the arrays' names when known, else by port shape."""
    if all(a.name for a in arrays):
        groups: list[list[tuple[Channel, int | None]]] = [[] for _ in arrays]
        for channel in channels:
            index = _array_of(channel.name, arrays)
            groups[index].append((channel, _element_index(channel.name, arrays[index].name or "")))
        missing = [a.name for a, members in zip(arrays, groups) if not members]
        if missing:
            raise InterfaceNotRecognised(f"no port of array(s) {', '.join(map(str, missing))} among the channels "
                                         f"{', '.join(c.name for c in channels)}")
        return [sorted(g, key=lambda m: m[1] or 0) if len(g) > 1 else g for g in groups]
    groups = _array_groups(channels, style)
    if len(groups) != len(arrays):
        raise InterfaceNotRecognised(
            f"{len(arrays)} arrays expected but the ports form {len(groups)} groups: "
            f"{'; '.join(', '.join(c.name for c, _ in g) for g in groups)}")
    return groups


def _array_of(port_base: str, arrays: tuple[ArrayShape, ...]) -> int:
    """The index of the array a channel belongs to: the longest array name the port's name starts with."""
    best, length = -1, -1
    for index, array in enumerate(arrays):
        name = array.name or ""
        if (port_base == name or port_base.startswith(name + "_")) and len(name) > length:
            best, length = index, len(name)
    if best < 0:
        names = ", ".join(str(a.name) for a in arrays)
        raise InterfaceNotRecognised(f"port {port_base} belongs to none of the top function's arrays ({names})")
    return best


def _element_index(port_base: str, array: str) -> int | None:
    """``input1_5_V`` / ``input1_5`` / ``x_V_data_5_V`` / ``x_5_V_V`` -> 5; None for a port carrying the whole
    array."""
    rest = port_base[len(array):]
    match = re.fullmatch(r"(?:_V)?(?:_data)?_(\d+)(?:_V){0,2}", rest)
    return int(match[1]) if match else None


def _array_and_index(match: re.Match[str]) -> tuple[str, int]:
    """The array name and element index a per-element or partitioned port name matched."""
    found = {k: v for k, v in match.groupdict().items() if v is not None}
    return found.get("array", found.get("array2", "")), int(found.get("index", found.get("index2", 0)))


def _array_groups(channels: tuple[Channel, ...], style: IoStyle) -> list[list[tuple[Channel, int | None]]]:
    """Channels grouped by the array they belong to; a group of several is one port per element."""
    pattern = _PER_ELEMENT_STREAM if style is IoStyle.AXIS_PER_ELEMENT else _PARTITIONED_PORT
    groups: dict[str, list[tuple[Channel, int | None]]] = {}
    for channel in channels:
        match = pattern.match(channel.name)
        key, index = _array_and_index(match) if match else (channel.name, None)
        groups.setdefault(key, []).append((channel, index))
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
