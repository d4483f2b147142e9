"""Framing checks on output streams: TLAST on exactly the last beat of every sample, no extra or missing beats.

The simulator keeps accepting output beats for a few cycles after the last expected one, so beats
that a design emits after the last sample show up here as extra beats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwverify.sim.measure import ChannelTrace

__all__ = ["FramingViolation", "check_framing"]


@dataclass(frozen=True)
class FramingViolation:
    """A beat-count or TLAST error on one channel."""

    channel: str
    kind: str  # "missing_beats" | "extra_beats" | "missing_tlast" | "unexpected_tlast"
    sample: int
    beat: int
    detail: str

    def describe(self) -> str:
        """One readable line."""
        return f"{self.channel}: {self.kind} at sample {self.sample}, beat {self.beat}: {self.detail}"


def check_framing(traces: tuple[ChannelTrace, ...], n_samples: int) -> list[FramingViolation]:
    """Every framing violation over all output channels, in channel and beat order."""
    violations: list[FramingViolation] = []
    for trace in traces:
        violations += _beat_count(trace, n_samples)
        if trace.has_last:
            violations += _tlast(trace, n_samples)
    return violations


def _beat_count(trace: ChannelTrace, n_samples: int) -> list[FramingViolation]:
    expected, got = n_samples * trace.beats_per_sample, len(trace.cycles)
    if got == expected:
        return []
    if got < expected:
        return [FramingViolation(trace.name, "missing_beats", got // trace.beats_per_sample, got,
                                 f"{got} beats received, {expected} expected for {n_samples} samples")]
    return [FramingViolation(trace.name, "extra_beats", n_samples, expected,
                             f"{got - expected} beat(s) after the last sample (first at cycle "
                             f"{int(trace.cycles[expected])})")]


def _tlast(trace: ChannelTrace, n_samples: int) -> list[FramingViolation]:
    violations = []
    count = min(len(trace.last), n_samples * trace.beats_per_sample)
    beats = np.arange(count)
    should = (beats % trace.beats_per_sample) == trace.beats_per_sample - 1
    has = trace.last[:count].astype(bool)
    for beat in np.flatnonzero(should != has):
        sample, position = divmod(int(beat), trace.beats_per_sample)
        if should[beat]:
            kind, detail = "missing_tlast", f"TLAST low on the last beat ({position}) of the sample"
        else:
            kind, detail = "unexpected_tlast", f"TLAST high on beat {position} of {trace.beats_per_sample}"
        violations.append(FramingViolation(trace.name, kind, sample, int(beat), detail))
    return violations
