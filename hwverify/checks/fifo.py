"""``check_fifo_depths``: is every FIFO deep enough for what calibration saw, and not far deeper?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hwverify.errors import ConfigError
from hwverify.sim.fifos import FifoInstance

__all__ = ["DepthViolation", "assert_fifo_depths", "check_fifo_depths", "format_violations"]


@dataclass(frozen=True)
class DepthViolation:
    """A FIFO whose depth is ``"undersized"`` (below the words it had to hold) or ``"oversized"``
    (more than ``max_ratio`` times the depth it needs, max + 1)."""

    fifo: str
    variable: str
    kind: str
    depth: int
    max_fill: int
    needed: int

    def describe(self) -> str:
        """One readable line."""
        if self.kind == "undersized":
            return (f"{self.fifo} ({self.variable}) is undersized: depth {self.depth} but it held up to "
                    f"{self.max_fill} words with deep FIFOs; set it to at least {self.needed}")
        return (f"{self.fifo} ({self.variable}) is oversized: depth {self.depth} is "
                f"{self.depth / self.needed:.1f}x the {self.needed} it needs (max {self.max_fill} + 1)")


def check_fifo_depths(fifos: Sequence[FifoInstance], max_fill: Mapping[str, int],
                      max_ratio: float = 4.0) -> list[DepthViolation]:
    """Violations of the FIFOs' own depths against the maxima of a deep-FIFO calibration.

    Undersized: depth below the maximum fill (the writer would have waited, changing timing or
    deadlocking). Oversized: depth above ``max_ratio`` times max + 1 (and above 2, the smallest HLS FIFO).
    """
    if max_ratio < 1.0:
        raise ConfigError(f"max_ratio must be at least 1, got {max_ratio}")
    missing = [f.name for f in fifos if f.name not in max_fill]
    if missing:
        raise ConfigError(f"no measured maximum for FIFO(s) {', '.join(missing)}; calibrate the same design")
    violations = []
    for fifo in fifos:
        peak = max_fill[fifo.name]
        needed = max(2, peak + 1)
        if fifo.depth < peak:
            violations.append(DepthViolation(fifo.name, fifo.variable, "undersized", fifo.depth, peak, needed))
        elif fifo.depth > max_ratio * needed:
            violations.append(DepthViolation(fifo.name, fifo.variable, "oversized", fifo.depth, peak, needed))
    return violations


def format_violations(violations: Sequence[DepthViolation]) -> str:
    """All violations, one per line (for an assertion message)."""
    return "\n".join(v.describe() for v in violations)


def assert_fifo_depths(fifos: Sequence[FifoInstance], max_fill: Mapping[str, int], max_ratio: float = 4.0) -> None:
    """Raise AssertionError listing every violation of :func:`check_fifo_depths` (for pytest tests/fixtures)."""
    violations = check_fifo_depths(fifos, max_fill, max_ratio)
    if violations:
        raise AssertionError(f"{len(violations)} FIFO depth violation(s):\n{format_violations(violations)}")
