"""What a simulation observed: each output channel's beats (:class:`ChannelTrace`), each sample's handshake
cycles (:class:`SampleTimes`), and from them latency and initiation interval: the one definition hwverify uses.

Cycle numbers are rising edges counted from the end of reset. A sample's first input handshake is
the earliest handshake of its first beat over all input channels; its last input handshake the
latest handshake of its last beat; likewise for outputs.

One latency definition, the one a csynth report's latency bounds:
- io_parallel (ap_ctrl_hs, a pipelined function): a sample's start (the first edge with ap_start high after the
  previous sample's ap_ready) -> ap_done;
- every streaming style (io_stream, VivadoAccelerator, ap_fifo): a sample's first input handshake ->
  its last output handshake (the function call reads its first input and writes its last output).
The initiation interval is the distance between the starts of consecutive samples (accepted ap_start,
or first input handshake). ``first_output_latency_cycles`` (first input -> first output) is reported
besides, as the delay a streaming consumer sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

__all__ = [
    "ChannelTrace",
    "SampleTimes",
    "Summary",
    "first_output_latency_cycles",
    "ii_cycles",
    "join_intervals",
    "join_times",
    "join_traces",
    "latency_cycles",
    "sample_times",
    "summarise",
]


@dataclass(frozen=True)
class ChannelTrace:
    """Everything one output channel delivered: handshake cycles and TLAST bits, beat by beat."""

    name: str
    beats_per_sample: int
    has_last: bool
    cycles: np.ndarray  # (beats,) int64
    last: np.ndarray  # (beats,) uint8; zeros when the channel has no TLAST


@dataclass(frozen=True)
class SampleTimes:
    """Per-sample handshake cycles, each an ``(n,)`` int64 array (-1 where the design has no such event)."""

    first_input: np.ndarray
    last_input: np.ndarray
    first_output: np.ndarray
    last_output: np.ndarray
    start: np.ndarray  # the first edge with ap_start high after the previous ap_ready
    done: np.ndarray  # ap_done


@dataclass(frozen=True)
class Summary:
    """Minimum, mean and maximum of a per-sample quantity, in cycles."""

    min: int
    mean: float
    max: int


def sample_times(
    input_cycles: Sequence[np.ndarray],
    output_cycles: Sequence[np.ndarray],
    input_beats_per_sample: int | Sequence[int],
    output_beats_per_sample: int | Sequence[int],
    n_samples: int,
    start_cycles: np.ndarray | None = None,
    done_cycles: np.ndarray | None = None,
) -> SampleTimes:
    """Group every channel's handshake cycles into per-sample first/last input and output cycles
    (beats per sample: one figure for every channel, or one per channel)."""
    first_in, last_in = _per_sample(input_cycles, input_beats_per_sample, n_samples)
    first_out, last_out = _per_sample(output_cycles, output_beats_per_sample, n_samples)
    return SampleTimes(first_in, last_in, first_out, last_out,
                       _first_n(start_cycles, n_samples), _first_n(done_cycles, n_samples))


def _per_sample(channels: Sequence[np.ndarray], beats_per_channel: int | Sequence[int],
                n: int) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(beats_per_channel, int):
        beats_per_channel = [beats_per_channel] * len(channels)
    first = np.full((len(channels), n), -1, dtype=np.int64)
    last = np.full((len(channels), n), -1, dtype=np.int64)
    for row, (cycles, beats) in enumerate(zip(channels, beats_per_channel)):
        cycles = np.asarray(cycles, dtype=np.int64)
        started = min(-(-len(cycles) // beats), n)  # a sample whose later beats were not recorded still began
        complete = min(len(cycles) // beats, n)
        first[row, :started] = cycles[: started * beats : beats]
        last[row, :complete] = cycles[beats - 1 : complete * beats : beats]
    first_all = np.where((first < 0).any(axis=0), -1, first.min(axis=0, initial=np.iinfo(np.int64).max))
    last_all = np.where((last < 0).any(axis=0), -1, last.max(axis=0, initial=-1))
    return first_all.astype(np.int64), last_all.astype(np.int64)


def _first_n(cycles: np.ndarray | None, n: int) -> np.ndarray:
    out = np.full(n, -1, dtype=np.int64)
    if cycles is not None:
        count = min(len(cycles), n)
        out[:count] = np.asarray(cycles[:count], dtype=np.int64)
    return out


def latency_cycles(times: SampleTimes, use_control: bool) -> np.ndarray:
    """Per-sample latency: ap_start -> ap_done if ``use_control``, else first input -> last output handshake."""
    begin, end = (times.start, times.done) if use_control else (times.first_input, times.last_output)
    return np.where((begin >= 0) & (end >= 0), end - begin, -1).astype(np.int64)


def first_output_latency_cycles(times: SampleTimes) -> np.ndarray:
    """Per-sample first input -> first output handshake (what a streaming consumer waits)."""
    begin, end = times.first_input, times.first_output
    return np.where((begin >= 0) & (end >= 0), end - begin, -1).astype(np.int64)


def ii_cycles(times: SampleTimes, use_control: bool) -> np.ndarray:
    """Per-sample initiation interval: start of sample s minus start of sample s-1 (``n - 1`` values)."""
    begin = times.start if use_control else times.first_input
    valid = (begin[1:] >= 0) & (begin[:-1] >= 0)
    return np.where(valid, np.diff(begin), -1).astype(np.int64)


def summarise(values: np.ndarray) -> Summary | None:
    """Min/mean/max over the valid (non-negative) values, or None when there are none."""
    valid = values[values >= 0]
    if valid.size == 0:
        return None
    return Summary(int(valid.min()), float(valid.mean()), int(valid.max()))


def join_times(parts: Sequence[SampleTimes], offsets: Sequence[int]) -> SampleTimes:
    """The sample times of runs made one after another, each part's cycles moved by its offset."""
    return SampleTimes(*(np.concatenate([_shift(getattr(part, f.name), offset) for part, offset in zip(parts, offsets)])
                         for f in fields(SampleTimes)))


def join_traces(parts: Sequence[Sequence[ChannelTrace]], offsets: Sequence[int]) -> tuple[ChannelTrace, ...]:
    """Each output channel's beats over runs made one after another, each part's cycles moved by its offset."""
    return tuple(
        replace(first, cycles=np.concatenate([_shift(part[i].cycles, offset) for part, offset in zip(parts, offsets)]),
                last=np.concatenate([part[i].last for part in parts]))
        for i, first in enumerate(parts[0])
    )


def join_intervals(parts: Sequence[np.ndarray]) -> np.ndarray:
    """The initiation intervals of runs made one after another: -1 (not measured) where one run meets the next."""
    pieces: list[np.ndarray] = []
    for index, part in enumerate(parts):
        pieces += [np.full(1, -1, dtype=np.int64)] if index else []
        pieces.append(np.asarray(part, dtype=np.int64))
    return np.concatenate(pieces)


def _shift(cycles: np.ndarray, offset: int) -> np.ndarray:
    cycles = np.asarray(cycles, dtype=np.int64)
    return np.where(cycles >= 0, cycles + offset, cycles)
