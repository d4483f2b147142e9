"""FIFOs grouped by the stream they carry, so a report stays readable at hundreds of FIFOs.

Vivado HLS gives every element of an hls4ml stream its own FIFO (``layer2_out_V_data_0_V_U`` ...
``layer2_out_V_data_15_V_U``); the report shows one row per stream variable, expandable to its elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hwverify.report.results import FifoFill, FifoSeries
from hwverify.sim.fifos import variable_of

#: Streams drawn one by one in the charts; the rest are summed up as one "others" entry.
TOP_GROUPS = 30


@dataclass(frozen=True)
class FifoGroup:
    """The FIFOs of one stream variable (or of one process's start tokens)."""

    variable: str
    members: tuple[FifoFill, ...]
    depth: int  # the deepest member's depth
    max_fill: int  # the most words any member held
    proposed_depth: int  # the deepest depth proposed for a member (0: none proposed)

    @classmethod
    def of(cls, variable: str, members: Sequence[FifoFill]) -> FifoGroup:
        """The group of ``members``, with the deepest and fullest of them as its own figures."""
        return cls(variable, tuple(members), depth=max(f.depth for f in members),
                   max_fill=max(f.max_fill for f in members), proposed_depth=max(f.proposed_depth for f in members))

    @property
    def fill_ratio(self) -> float:
        """The fullest member's maximum fill over its depth."""
        return max(f.fill_ratio for f in self.members)

    @property
    def change(self) -> str:
        """What calibration proposes for the stream: "raised", "shrunk", "unchanged", or "" when nothing was."""
        proposed = [f for f in self.members if f.proposed_depth]
        if not proposed:
            return ""
        if any(f.proposed_depth > f.depth for f in proposed):
            return "raised"
        return "shrunk" if any(f.proposed_depth < f.depth for f in proposed) else "unchanged"


def group_fifos(fifos: Sequence[FifoFill]) -> tuple[FifoGroup, ...]:
    """FIFOs grouped by stream variable, in the order the variables first appear."""
    groups: dict[str, list[FifoFill]] = {}
    for fifo in fifos:
        variable, _, start_token = variable_of(fifo.name.split(".")[-1])
        groups.setdefault(f"start tokens of {variable}" if start_token else variable, []).append(fifo)
    return tuple(FifoGroup.of(name, members) for name, members in groups.items())


def fullest(groups: Sequence[FifoGroup], count: int = TOP_GROUPS) -> tuple[tuple[FifoGroup, ...], tuple[FifoGroup, ...]]:
    """The ``count`` fullest groups (by fill over depth, in their design order) and the others."""
    ranked = sorted(range(len(groups)), key=lambda k: -groups[k].fill_ratio)
    chosen = set(ranked[:count])
    return (tuple(g for k, g in enumerate(groups) if k in chosen),
            tuple(g for k, g in enumerate(groups) if k not in chosen))


def group_occupancy(group: FifoGroup, series: Sequence[FifoSeries]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(cycles, fill over depth)`` of a stream over time: at each sampled cycle, its fullest member's fill over
    that member's depth. Empty when no member was sampled."""
    by_name = {s.name: s for s in series}
    sampled = [(by_name[f.name], max(f.depth, 1)) for f in group.members if f.name in by_name]
    if not sampled:
        return (), ()
    length = min(len(s.fills) for s, _ in sampled)
    ratios = tuple(max(s.fills[t] / depth for s, depth in sampled) for t in range(length))
    return tuple(sampled[0][0].cycles[:length]), ratios
