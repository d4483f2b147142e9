"""Deadlock diagnosis: which FIFO is full or empty, and which process is blocked on which FIFO.

A dataflow region stops when every process waits: a writer on a full FIFO, a reader on an empty one.
From each FIFO's state when the simulation stopped (the HDL monitor's end state) and the processes on
its two sides (found in the netlist), this names the blocked processes and the full FIFOs, which are
the candidates for being too shallow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hwverify.errors import SimulationStalled
from hwverify.fifo.monitor import FifoEndState
from hwverify.sim.fifos import FifoInstance

__all__ = ["BlockedProcess", "Diagnosis", "FifoDeadlock", "FifoState", "diagnose_deadlock"]


@dataclass(frozen=True)
class FifoState:
    """One FIFO when the run stopped."""

    fifo: str
    variable: str
    depth: int
    fill: int
    full: bool | None
    empty: bool | None
    writer: str | None
    reader: str | None

    def describe(self) -> str:
        """``layer1_cpy2_V_data_0_V_U (layer1_cpy2): 5 words at depth 4, FULL`` (a RAM-style FIFO holds one
        more word than its depth, in its show-ahead output register)."""
        state = "FULL" if self.full else "empty" if self.empty else "partly filled" if self.full is not None else "?"
        return f"{self.fifo} ({self.variable}): {self.fill} words at depth {self.depth}, {state}"


@dataclass(frozen=True)
class BlockedProcess:
    """A process waiting on a FIFO: ``action`` is "writing" (FIFO full) or "reading" (FIFO empty)."""

    process: str
    action: str
    fifo: str

    def describe(self) -> str:
        """``clone_1_U0 is blocked writing layer1_cpy2_V_data_0_V_U (full)``."""
        return f"{self.process} is blocked {self.action} {self.fifo} ({'full' if self.action == 'writing' else 'empty'})"


@dataclass(frozen=True)
class Diagnosis:
    """Every FIFO's state at the stall, the blocked processes, and the FIFOs that were full."""

    cycle: int
    fifos: tuple[FifoState, ...]
    blocked: tuple[BlockedProcess, ...]

    @property
    def full_fifos(self) -> tuple[FifoState, ...]:
        """The FIFOs that were full: the likely undersized ones."""
        return tuple(f for f in self.fifos if f.full)

    def message(self) -> str:
        """A readable account of the deadlock."""
        lines = [f"dataflow stopped at cycle {self.cycle}"]
        if self.full_fifos:
            lines.append("likely undersized (full while the region stopped): "
                         + ", ".join(f"{f.fifo} (variable {f.variable}, depth {f.depth})" for f in self.full_fifos))
        lines += [f"  {b.describe()}" for b in self.blocked]
        lines.append("FIFO states:")
        lines += [f"  {f.describe()}" for f in self.fifos]
        return "\n".join(lines)


class FifoDeadlock(SimulationStalled):
    """A run with monitored FIFOs stopped making progress; ``diagnosis`` says where it is stuck."""

    def __init__(self, design: str, report: object, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        super().__init__(design, report, f"{design}: {diagnosis.message()}")


def diagnose_deadlock(fifos: Sequence[FifoInstance], end: Mapping[str, FifoEndState], cycle: int) -> Diagnosis:
    """The diagnosis from each FIFO's end state; FIFOs missing from ``end`` are left out."""
    states = tuple(
        FifoState(fifo=f.name, variable=f.variable, depth=f.depth, fill=end[f.name].fill, full=end[f.name].full,
                  empty=end[f.name].empty, writer=f.connection.writer, reader=f.connection.reader)
        for f in fifos if f.name in end
    )
    writing = [BlockedProcess(s.writer, "writing", s.fifo) for s in states if s.full and s.writer]
    busy = {b.process for b in writing}
    # a reader already blocked on a full output is not also waiting for input
    reading = [BlockedProcess(s.reader, "reading", s.fifo) for s in states
               if s.empty and s.reader and s.reader not in busy]
    return Diagnosis(cycle=cycle, fifos=states, blocked=tuple(writing + reading))
