"""RTL runs checked the same way by every flow: ``verify``, the open flow, the open io_stream flow.

A design is simulated without backpressure (the timing run) and with seeded random backpressure (the protocol
run); every run's output codes are compared with the expected codes and the framing of every output stream is
checked (beat counts, TLAST on exactly the last beat of each sample, nothing after the last sample).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from hwverify.checks.exact import Mismatch, check_bit_exact
from hwverify.checks.framing import FramingViolation, check_framing
from hwverify.progress import StepLog
from hwverify.sim.simulate import SimOptions, SimResult, build_design, simulate
from hwverify.sources.design import RtlDesign

__all__ = ["BACKPRESSURE", "RtlRun", "backpressure_runs", "checked_run"]

#: The protocol run's chances: a gap before each input beat, TREADY/full_n low in each output cycle.
BACKPRESSURE = (0.3, 0.5)


@dataclass(frozen=True)
class RtlRun:
    """One simulation of a design and its checks against the expected codes.

    ``mismatches`` holds the first differing element of each differing sample; ``framing`` the beat-count and
    TLAST errors.
    """

    sim: SimResult
    mismatches: tuple[Mismatch, ...]
    framing: tuple[FramingViolation, ...]
    label: str  # which run, e.g. "RTL (verilator, random backpressure)"

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
    return _checked(label, sim, codes, expected)


def backpressure_runs(design: RtlDesign, codes: np.ndarray, expected: np.ndarray, base: SimOptions, log: StepLog,
                      backpressure: tuple[float, float] = BACKPRESSURE) -> tuple[RtlRun, RtlRun]:
    """The run without backpressure and the run with ``backpressure`` (input gap, output stall chances), seeded
    with ``base.seed``: side by side, two simulator processes from one build (one timed step; each run's own
    figures follow it as finished steps)."""
    pause_in, pause_out = backpressure
    plans = ((f"RTL ({base.simulator}, no backpressure)", replace(base, input_backpressure=0.0, output_backpressure=0.0)),
             (f"RTL ({base.simulator}, random backpressure)",
              replace(base, input_backpressure=pause_in, output_backpressure=pause_out)))
    with log.step(f"simulate RTL ({base.simulator}) without and with backpressure, side by side, {len(codes)} "
                  "samples each") as notes:
        rebuilt = build_design(design, base).rebuilt
        notes.append("built" if rebuilt else "build cached")
        with ThreadPoolExecutor(max_workers=len(plans)) as pool:
            sims = list(pool.map(lambda plan: simulate(design, codes, plan[1]), plans))
    runs = []
    for (label, _), sim in zip(plans, sims):
        log.record(f"simulate {label}, {len(codes)} samples", sim.wall_seconds,
                   f"{sim.cycles} cycles, {sim.cycles_per_second:,.0f} cycles/s")
        runs.append(_checked(label, sim, codes, expected))
    return runs[0], runs[1]


def _checked(label: str, sim: SimResult, codes: np.ndarray, expected: np.ndarray) -> RtlRun:
    expected = np.asarray(expected)[:len(codes)]
    return RtlRun(sim, tuple(check_bit_exact(expected, sim.output_codes)), tuple(check_framing(sim.traces, len(codes))),
                  label)
