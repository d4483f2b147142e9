"""Verification inputs: a data set's test split plus seeded random inputs on the input type's grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError
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


def read_sample_file(path: Path | str) -> np.ndarray:
    """Samples from a file, one per row: ``.npy`` (2-D), or text with whitespace- or comma-separated numbers per
    line (hls4ml's ``tb_input_features.dat``). ConfigError naming the file and line when it is malformed."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"input file {path} does not exist")
    if path.suffix == ".npy":
        try:
            values = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read {path} as a .npy array: {error}") from error
        values = np.asarray(values, dtype=np.float64)
        return values.reshape(len(values), -1) if values.ndim else values.reshape(1, 1)
    rows = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append([float(v) for v in line.replace(",", " ").split()])
        except ValueError:
            raise ConfigError(f"{path}, line {number}: not a row of numbers ({line[:60]!r}); each line must hold one "
                              "sample's input values, separated by spaces or commas") from None
        if len(rows[-1]) != len(rows[0]):
            raise ConfigError(f"{path}, line {number}: {len(rows[-1])} values where the first row has {len(rows[0])}; "
                              "every line is one sample and needs the same number of values")
    if not rows:
        raise ConfigError(f"{path} holds no samples")
    return np.asarray(rows, dtype=np.float64)


def require_finite(values: np.ndarray, source: str) -> None:
    """ConfigError naming the first NaN or infinite value (sample, element): such inputs have no code."""
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        sample, element = bad[0]
        raise ConfigError(f"{source}: sample {sample}, element {element} is {values[sample, element]}; inputs must be "
                          f"finite numbers ({len(bad)} non-finite value(s) in all)")
