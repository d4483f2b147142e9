"""Latency and initiation interval against bounds, sample by sample.

The measurements and their one definition are in :mod:`hwverify.sim.measure`; the limits are a
:class:`hwverify.checks.bounds.Bounds` (``Bounds.from_report`` for a csynth report's figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hwverify.checks.bounds import Bounds

__all__ = ["TimingViolation", "check_ii", "check_latency"]


@dataclass(frozen=True)
class TimingViolation:
    """A measured latency or interval outside its bound."""

    quantity: str  # "latency" | "ii"
    sample: int
    measured_cycles: int
    bound_cycles: int
    kind: str  # "max" | "min"
    source: str  # where the bound came from, e.g. "bounds" or "csynth report"

    def describe(self) -> str:
        """One readable line."""
        relation = "above the maximum" if self.kind == "max" else "below the minimum"
        return (f"{self.quantity} of sample {self.sample} is {self.measured_cycles} cycles, {relation} "
                f"of {self.bound_cycles} ({self.source})")


def check_latency(latency: np.ndarray, bounds: Bounds, source: str = "bounds") -> list[TimingViolation]:
    """Samples whose latency is outside ``bounds`` (worst offenders first, one per sample)."""
    return _check("latency", latency, bounds.latency_cycles_min, bounds.latency_cycles_max, source, first=0)


def check_ii(ii: np.ndarray, bounds: Bounds, source: str = "bounds", warmup: int = 1) -> list[TimingViolation]:
    """Steady-state intervals outside ``bounds``; the first ``warmup`` intervals are not checked.

    Only meaningful for runs without backpressure: pauses stretch the interval by design.
    ``ii[k]`` is the interval before sample ``k + 1``, so violations name sample ``k + 1``.
    """
    return _check("ii", ii, bounds.ii_cycles_min, bounds.ii_cycles_max, source, first=warmup, sample_offset=1)


def _check(quantity: str, values: np.ndarray, low: int | None, high: int | None, source: str,
           first: int, sample_offset: int = 0) -> list[TimingViolation]:
    violations = []
    for index in range(first, len(values)):
        value = int(values[index])
        if value < 0:
            continue
        if high is not None and value > high:
            violations.append(TimingViolation(quantity, index + sample_offset, value, high, "max", source))
        elif low is not None and value < low:
            violations.append(TimingViolation(quantity, index + sample_offset, value, low, "min", source))
    return sorted(violations, key=lambda v: -abs(v.measured_cycles - v.bound_cycles))
