"""Samples <-> beats: how the elements of a sample's arrays travel over a design's channels.

A sample's codes are its arrays' elements concatenated in argument order. Each channel carries one
array (``Channel.array``); a beat of an array carries ``per_beat`` of its elements spread over the
array's channels, channel lane ``j`` holding element ``b * per_beat + channel.elements[j]`` of beat ``b``
in bits ``[j * width, (j + 1) * width)``. So an io_parallel port carries a whole array in one beat, a
Vivado io_stream channel ``input_1_V_data_<c>_V`` element ``c`` of every pixel, a Vitis packed stream
a whole pixel per beat, and the accelerator's ``in_r`` one element per beat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwverify.errors import ConfigError, ShapeMismatch
from hwverify.sources.design import DataArray, RtlDesign
from hwverify.sources.interface import ArrayShape, Channel, InterfaceSpec, IoStyle, recognise_interface

__all__ = ["DesignLayout", "SideLayout", "bit_rows_to_bytes", "bit_rows_to_ints", "lay_out", "side_layout"]


@dataclass(frozen=True)
class SideLayout:
    """One side (inputs or outputs) of a design: its arrays, channels, and beats per sample per channel."""

    arrays: tuple[DataArray, ...]
    channels: tuple[Channel, ...]
    beats: tuple[int, ...]  # beats per sample, per channel
    offsets: tuple[int, ...]  # where each array starts in a sample's concatenated elements

    def beats_of_array(self, array: int) -> int:
        """Beats per sample of array ``array``."""
        return next(b for c, b in zip(self.channels, self.beats) if c.array == array)

    def bit_rows(self, bits: np.ndarray) -> list[np.ndarray]:
        """Per channel, its beats for ``bits`` (n, elements: the port bit patterns) as rows of bits: a
        ``(n * beats, channel width)`` uint8 array whose column j is bit j of the beat (numpy throughout)."""
        n = bits.shape[0]
        total = sum(a.size for a in self.arrays)
        if bits.ndim != 2 or bits.shape[1] != total:
            raise ShapeMismatch(f"a sample has {total} elements on this side, got an array of shape {bits.shape}")
        out = []
        for channel, beats in zip(self.channels, self.beats):
            array = self.arrays[channel.array]
            width = array.element.width
            grouped = bits[:, self.offsets[channel.array]:self.offsets[channel.array] + array.size]
            grouped = grouped.astype(np.uint64).reshape(n * beats, array.size // beats)
            rows = np.zeros((n * beats, max(channel.width, width * len(channel.elements))), dtype=np.uint8)
            shifts = np.arange(width, dtype=np.uint64)
            for lane, element in enumerate(channel.elements):
                rows[:, lane * width:(lane + 1) * width] = (grouped[:, element, None] >> shifts) & np.uint64(1)
            out.append(rows)
        return out

    def pack(self, bits: np.ndarray) -> list[list[int]]:
        """Per channel, its beat values (Python ints) for ``bits`` (n, elements): the port bit patterns."""
        return [bit_rows_to_ints(rows) for rows in self.bit_rows(bits)]

    def unpack(self, beats: list[list[int]], n: int) -> np.ndarray:
        """The inverse of :meth:`pack` for the first ``n`` samples (missing beats read as 0)."""
        total = sum(a.size for a in self.arrays)
        out = np.zeros((n, total), dtype=np.uint64)
        for channel, count, values in zip(self.channels, self.beats, beats):
            array = self.arrays[channel.array]
            per_beat = array.size // count
            rows = n * count
            values = list(values[:rows]) + [0] * max(0, rows - len(values))
            mask = (1 << array.element.width) - 1
            block = out[:, self.offsets[channel.array]:self.offsets[channel.array] + array.size]
            block = block.reshape(rows, per_beat)
            for lane, element in enumerate(channel.elements):
                block[:, element] = [(v >> (lane * array.element.width)) & mask for v in values]
            out[:, self.offsets[channel.array]:self.offsets[channel.array] + array.size] = block.reshape(n, -1)
        return out


def bit_rows_to_ints(rows: np.ndarray) -> list[int]:
    """Rows of bits (column j: bit j) as Python ints."""
    if rows.shape[1] <= 64:
        return (rows.astype(np.uint64) << np.arange(rows.shape[1], dtype=np.uint64)).sum(axis=1, dtype=np.uint64).tolist()
    return [int.from_bytes(row.tobytes(), "big") for row in bit_rows_to_bytes(rows)]


def bit_rows_to_bytes(rows: np.ndarray) -> np.ndarray:
    """Rows of bits (column j: bit j) as rows of ``ceil(width / 8)`` bytes, most significant first."""
    size = -(-rows.shape[1] // 8)
    padded = np.zeros((rows.shape[0], size * 8), dtype=np.uint8)
    padded[:, :rows.shape[1]] = rows
    return np.packbits(padded[:, ::-1], axis=1)


def side_layout(top: str, side: str, arrays: tuple[DataArray, ...], channels: tuple[Channel, ...]) -> SideLayout:
    """The layout of one side; ConfigError when the channels cannot carry the arrays in whole beats."""
    offsets = tuple(int(x) for x in np.cumsum([0] + [a.size for a in arrays])[:-1])
    beats = []
    for channel in channels:
        if channel.array >= len(arrays):
            raise ConfigError(f"design '{top}': {side} channel {channel.name} belongs to array {channel.array}, "
                              f"but the design has {len(arrays)} {side} array(s)")
        array = arrays[channel.array]
        per_beat = sum(len(c.elements) for c in channels if c.array == channel.array)
        if per_beat == 0 or array.size % per_beat:
            raise ConfigError(
                f"design '{top}': {array.size} elements of {side} array {array.name or channel.array} do not fill "
                f"whole beats of {per_beat} element(s) on {', '.join(c.name for c in channels if c.array == channel.array)}"
                "; check the element count and type width")
        lanes_bits = len(channel.elements) * array.element.width
        if lanes_bits > channel.width:
            raise ConfigError(f"design '{top}': {side} port {channel.data} is {channel.width} bits wide but carries "
                              f"{len(channel.elements)} x {array.element.width}-bit elements ({array.element})")
        beats.append(array.size // per_beat)
    missing = sorted(set(range(len(arrays))) - {c.array for c in channels})
    if missing:
        raise ConfigError(f"design '{top}': no {side} port carries array {missing[0]} "
                          f"({arrays[missing[0]].name or 'unnamed'})")
    return SideLayout(arrays, channels, tuple(beats), offsets)


@dataclass(frozen=True)
class DesignLayout:
    """A design's recognised interface and how its arrays lie on the channels of each side."""

    interface: InterfaceSpec
    inputs: SideLayout
    outputs: SideLayout


def lay_out(design: RtlDesign) -> DesignLayout:
    """Recognise the interface and lay the design's arrays onto its channels (ConfigError if they do not fit)."""
    interface = recognise_interface(design.top, design.sources, inputs=_shapes(design.inputs, False),
                                    outputs=_shapes(design.outputs, False))
    if interface.style is IoStyle.IO_PARALLEL:  # one beat per sample: a packed port holds its whole array
        interface = interface.with_arrays(_shapes(design.inputs, True), _shapes(design.outputs, True))
    return DesignLayout(interface, side_layout(design.top, "input", design.inputs, interface.inputs),
                        side_layout(design.top, "output", design.outputs, interface.outputs))


def _shapes(arrays: tuple[DataArray, ...], whole_array_per_beat: bool) -> tuple[ArrayShape, ...]:
    return tuple(ArrayShape(a.name, a.element.width, a.size if whole_array_per_beat else a.per_beat)
                 for a in arrays)
