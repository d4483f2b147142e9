"""A directed input set: samples chosen from a pool by where they put each layer's values, read from the C-sim trace.

A one-LSB fault in a weight can only reach the outputs through values that are free to move: a neuron at zero after
a ReLU, or pinned at its type's saturation limit, absorbs a small change. So a sample is worth more the more
elements of the layers it puts in their live range, and most where an element sits right at a boundary (one or two
LSB above zero or below a saturation limit), where one LSB decides which side a value lands on. The set is built
greedily: each pick takes the sample that adds the most weight of such events, an event's weight halving each time
it is covered again, so that every element is exercised several times and rare events are sought out.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from hwverify.fixed import FixedType
from hwverify.model.csim import CompiledModel

__all__ = ["boundary_events", "directed_inputs", "select_directed"]

#: LSBs from zero or from a saturation limit that count as "at the boundary".
NEAR_LSB = 2


def boundary_events(trace: Mapping[str, np.ndarray], types: Mapping[str, FixedType]) -> np.ndarray:
    """Per sample, a row of booleans: for every traced element of every layer with a fixed-point type, whether
    it is live (not zero, not at a limit) and whether it is within :data:`NEAR_LSB` of zero or of a limit."""
    columns = []
    for name, values in trace.items():
        element = types.get(name)
        if element is None:
            continue
        codes = element.quantize_codes(np.asarray(values, dtype=np.float64).reshape(len(values), -1))
        at_limit = (codes >= element.code_max) | (codes <= element.code_min)
        live = (codes != 0) & ~at_limit
        near = live & ((np.abs(codes) <= NEAR_LSB) | (codes >= element.code_max - NEAR_LSB)
                       | (codes <= element.code_min + NEAR_LSB))
        columns += [live, near]
    if not columns:
        raise ValueError("the trace holds no layer with a fixed-point type")
    return np.concatenate(columns, axis=1)


def select_directed(events: np.ndarray, count: int) -> np.ndarray:
    """Indices of ``count`` samples (rows of :func:`boundary_events`), chosen greedily, in the order chosen."""
    events = events.astype(np.float64)
    weights = np.ones(events.shape[1])
    available = np.ones(len(events), dtype=bool)
    chosen = []
    for _ in range(min(count, len(events))):
        gains = np.where(available, events @ weights, -1.0)
        best = int(np.argmax(gains))
        chosen.append(best)
        available[best] = False
        weights *= np.where(events[best] > 0, 0.5, 1.0)
    return np.array(chosen, dtype=np.int64)


def directed_inputs(compiled: CompiledModel, pool: np.ndarray, count: int) -> np.ndarray:
    """``count`` samples of ``pool`` (on the model's input grid) chosen by the boundary events of the traced C
    simulation of ``compiled``, in the order chosen."""
    _, trace = compiled.trace(pool)
    types = {layer: compiled.layer_type(layer) for layer in trace}
    return pool[select_directed(boundary_events(trace, types), count)]
