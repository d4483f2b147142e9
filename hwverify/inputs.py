"""Verification inputs: a data set's test split plus seeded random inputs on the input type's grid."""

from __future__ import annotations

import numpy as np

from hwverify.fixed import FixedType

DEFAULT_INPUT_TYPE = FixedType(16, 6)


def random_on_grid(
    n: int,
    shape: tuple[int, ...],
    low: np.ndarray | float,
    high: np.ndarray | float,
    fixed_type: FixedType = DEFAULT_INPUT_TYPE,
    seed: int = 0,
) -> np.ndarray:
    """``n`` uniform random samples in ``[low, high]`` (per element), snapped to ``fixed_type``'s grid."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, (n, *shape)) * (np.asarray(high) - np.asarray(low)) + np.asarray(low)
    return fixed_type.quantize(values)


def verification_inputs(
    x_test: np.ndarray | None,
    shape: tuple[int, ...],
    n_random: int,
    seed: int,
    fixed_type: FixedType = DEFAULT_INPUT_TYPE,
    x_range: np.ndarray | None = None,
) -> np.ndarray:
    """The test split (if any) followed by ``n_random`` random on-grid samples.

    Random samples span the per-element range of ``x_range`` (e.g. the training data), or [-4, 4)
    when there is no data: a model's real operating range exercises the arithmetic the firmware
    will see, while the wider default catches overflow handling.
    """
    if x_range is not None and len(x_range):
        low, high = x_range.min(axis=0), x_range.max(axis=0)
    else:
        low, high = -4.0, 4.0 - fixed_type.lsb
    random = random_on_grid(n_random, shape, low, high, fixed_type, seed)
    if x_test is None or not len(x_test):
        return random
    return np.concatenate([np.asarray(x_test, dtype=np.float64), random])
