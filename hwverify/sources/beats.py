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
from hwverify.protocols import IoStyle
from hwverify.sources.design import DataArray, RtlDesign
from hwverify.sources.interface import ArrayShape, Channel, InterfaceSpec, recognise_interface

__all__ = ["DesignLayout", "SideLayout", "lay_out", "merge_words", "or_bits", "side_layout", "words_for",
           "words_to_msb_bytes"]


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

    def beat_words(self, bits: np.ndarray) -> list[np.ndarray]:
        """Per channel, its beats for ``bits`` (n, elements: the port bit patterns) as ``(n * beats,
        ceil(channel width / 64))`` uint64 words, least significant first (numpy throughout, one operation per
        lane)."""
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
            words = np.zeros((n * beats, words_for(max(channel.width, width * len(channel.elements)))), np.uint64)
            for lane, element in enumerate(channel.elements):
                or_bits(words, grouped[:, element], lane * width, width)
            out.append(words)
        return out

    def unpack(self, beats: list[list[int]], n: int) -> np.ndarray:
        """The inverse of :meth:`beat_words` (beats as Python ints) for the first ``n`` samples (missing beats read as 0)."""
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


def words_for(width: int) -> int:
    """64-bit words that hold ``width`` bits."""
    return max(1, -(-width // 64))


def or_bits(words: np.ndarray, values: np.ndarray, offset: int, width: int) -> None:
    """OR ``values`` (uint64, at most ``width`` <= 64 bits each) into bits ``[offset, offset + width)`` of each row of
    ``words`` (rows of uint64 words, least significant first)."""
    index, shift = divmod(offset, 64)
    words[:, index] |= values << np.uint64(shift)
    if shift and shift + width > 64:
        words[:, index + 1] |= values >> np.uint64(64 - shift)


def merge_words(parts: list[np.ndarray], widths: list[int]) -> np.ndarray:
    """Rows of several channels' words side by side: part i's bits from the sum of the widths before it."""
    merged = np.zeros((parts[0].shape[0], words_for(sum(widths))), np.uint64)
    offset = 0
    for words, width in zip(parts, widths):
        for k in range(words.shape[1]):
            or_bits(merged, words[:, k], offset + 64 * k, min(64, width - 64 * k))
        offset += width
    return merged


def words_to_msb_bytes(words: np.ndarray, width: int, top_bit: np.ndarray) -> np.ndarray:
    """Rows of ``width``-bit words with ``top_bit`` (0/1 per row) as bit ``width``, as rows of ``ceil((width + 1) /
    8)`` bytes, most significant first (the layout ``$fread`` fills a memory of ``width + 1``-bit words with)."""
    padded = np.zeros((words.shape[0], words_for(width + 1)), np.uint64)
    padded[:, :words.shape[1]] = words
    or_bits(padded, top_bit.astype(np.uint64), width, 1)
    little = padded.astype("<u8").view(np.uint8).reshape(words.shape[0], -1)
    return np.ascontiguousarray(little[:, :-(-(width + 1) // 8)][:, ::-1])


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
    interface = recognise_interface(design.top, design.sources).with_arrays(_shapes(design.inputs, False),
                                                                            _shapes(design.outputs, False))
    if interface.style is IoStyle.IO_PARALLEL:  # one beat per sample: a packed port holds its whole array
        interface = interface.with_arrays(_shapes(design.inputs, True), _shapes(design.outputs, True))
    return DesignLayout(interface, side_layout(design.top, "input", design.inputs, interface.inputs),
                        side_layout(design.top, "output", design.outputs, interface.outputs))


def _shapes(arrays: tuple[DataArray, ...], whole_array_per_beat: bool) -> tuple[ArrayShape, ...]:
    return tuple(ArrayShape(a.name, a.element.width, a.size if whole_array_per_beat else a.per_beat)
                 for a in arrays)
