"""RTL runs checked the same way by every flow: ``verify``, the open flow, the open io_stream flow.

A design is simulated without backpressure (the timing run) and with seeded random backpressure (the protocol
run); every run's output codes are compared with the expected codes and the framing of every output stream is
checked (beat counts, TLAST on exactly the last beat of each sample, nothing after the last sample).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hwverify.checks.exact import Mismatch, check_bit_exact
from hwverify.checks.framing import FramingViolation, check_framing
from hwverify.progress import StepLog
from hwverify.sim.simulate import SimOptions, SimResult, simulate
from hwverify.sources.design import RtlDesign

__all__ = ["BACKPRESSURE", "RtlRun", "backpressure_runs", "checked_run"]

#: The protocol run's chances: a gap before each input beat, TREADY/full_n low in each output cycle.
BACKPRESSURE = (0.3, 0.5)


@dataclass(frozen=True)
class RtlRun:
    """One simulation of a design and its checks against the expected codes."""

    label: str
    sim: SimResult
    mismatches: tuple[Mismatch, ...]
    framing: tuple[FramingViolation, ...]

    @property
    def ok(self) -> bool:
        """Bit-exact and framed correctly."""
        return not self.mismatches and not self.framing


def checked_run(design: RtlDesign, codes: np.ndarray, expected: np.ndarray, options: SimOptions, label: str,
                log: StepLog) -> RtlRun:
    """Simulate ``codes`` (one timed step in ``log``), compare with ``expected`` (codes of the concatenated output
    arrays, one row per sample) and check the framing."""
    with log.step(f"simulate {label}, {len(codes)} samples") as notes:
        sim = simulate(design, codes, options)
        notes.append(f"{sim.cycles} cycles, {sim.cycles_per_second:,.0f} cycles/s" + (", rebuilt" if sim.rebuilt else ""))
    expected = np.asarray(expected)[:len(codes)]
    return RtlRun(label, sim, tuple(check_bit_exact(expected, sim.output_codes)),
                  tuple(check_framing(sim.traces, len(codes))))


def backpressure_runs(design: RtlDesign, codes: np.ndarray, expected: np.ndarray, base: SimOptions, log: StepLog,
                      backpressure: tuple[float, float] = BACKPRESSURE) -> tuple[RtlRun, RtlRun]:
    """The run without backpressure and the run with ``backpressure`` (input gap, output stall chances), seeded
    with ``base.seed``."""
    free = checked_run(design, codes, expected, replace(base, input_backpressure=0.0, output_backpressure=0.0),
                       f"RTL ({base.simulator}, no backpressure)", log)
    pause_in, pause_out = backpressure
    paused = checked_run(design, codes, expected,
                         replace(base, input_backpressure=pause_in, output_backpressure=pause_out),
                         f"RTL ({base.simulator}, random backpressure)", log)
    return free, paused
