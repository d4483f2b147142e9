"""The inputs a project's RTL is verified on: file samples plus seeded random codes over the whole input range.

Samples from a file (``tb_data/tb_input_features.dat`` or ``--inputs``) come first, snapped to the
input type (off-grid and out-of-range values are counted and reported, never silent). Random samples
follow: half uniform over the input type's whole code range (so saturation, wrapping and sign
handling are exercised), half inside the per-element range of the file's samples when that range is
not degenerate (the values the model really sees). Float ports (VivadoAccelerator float I/O) get
values of the model's own input type, a quarter of them off its grid to exercise the float -> fixed
rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hwverify.errors import ConfigError
from hwverify.fixed import ElementType, FixedType, FloatType
from hwverify.model.inputs import require_finite
from hwverify.sources.design import DataArray

__all__ = ["Stimulus", "make_stimulus"]

#: The value grid of a float port whose model type is unknown.
DEFAULT_FLOAT_GRID = FixedType(16, 6)


@dataclass(frozen=True)
class Stimulus:
    """Input codes (arrays concatenated per sample) and where they came from."""

    codes: np.ndarray
    from_file: int
    random: int
    source: str | None  # the file the first samples came from
    off_grid: int = 0  # file values that were not on the input type's grid (snapped)
    out_of_range: int = 0  # file values outside the input type's range (its overflow mode applied)

    @property
    def n(self) -> int:
        """Samples in all."""
        return int(self.codes.shape[0])

    @property
    def distinct(self) -> int:
        """Distinct samples (identical rows exercise nothing new)."""
        return int(len(np.unique(self.codes, axis=0)))

    def first(self, n: int) -> Stimulus:
        """The first ``n`` samples (file samples come first)."""
        from_file = min(self.from_file, n)
        return replace(self, codes=self.codes[:n], from_file=from_file, random=min(n, self.n) - from_file)

    def describe(self) -> str:
        """``1,024 samples (24 from tb_data/..., 1,000 random; 1,019 distinct)`` and the snapping counts."""
        parts = []
        if self.from_file:
            parts.append(f"{self.from_file} from {self.source}")
        if self.random:
            parts.append(f"{self.random} random")
        text = f"{self.n} samples ({', '.join(parts)}; {self.distinct} distinct)"
        if self.off_grid or self.out_of_range:
            text += (f"; {self.off_grid} file value(s) off the input type's grid were rounded and "
                     f"{self.out_of_range} outside its range were converted with its overflow mode, as the "
                     "firmware's testbench converts them")
        return text


def make_stimulus(arrays: tuple[DataArray, ...], grids: tuple[FixedType | None, ...], file_values: np.ndarray | None,
                  source: str | None, n_random: int, seed: int) -> Stimulus:
    """File samples (values, arrays concatenated) then ``n_random`` random samples, as codes of ``arrays``.

    ``grids`` gives, per array, the fixed-point type whose values a float port should carry (None: default)."""
    if n_random < 0:
        raise ConfigError(f"the number of random samples must not be negative, got {n_random}")
    total = sum(a.size for a in arrays)
    parts, off_grid, out_of_range, data_codes = [], 0, 0, None
    if file_values is not None and len(file_values):
        if file_values.shape[1] != total:
            raise ConfigError(f"{source} has {file_values.shape[1]} values per sample; the firmware's inputs take "
                              f"{total} ({', '.join(f'{a.name}[{a.size}]' for a in arrays)}): pass --inputs with "
                              "every input's values (arrays in argument order), or --frames 0 for random samples only")
        require_finite(file_values, str(source))
        data_codes, off_grid, out_of_range = _file_codes(arrays, file_values)
        parts.append(data_codes)
    rng = np.random.default_rng(seed)
    if n_random:
        parts.append(np.concatenate([_random_codes(a, g, n_random, data_codes, offset, rng)
                                     for a, g, offset in zip(arrays, grids, _offsets(arrays))], axis=1))
    if not parts:
        raise ConfigError("no inputs: the project has no tb_data and no random samples were asked for; "
                          "pass --samples N or --inputs FILE")
    codes = np.concatenate(parts).astype(np.int64)
    return Stimulus(codes, 0 if data_codes is None else len(data_codes), n_random, source, off_grid, out_of_range)


def _offsets(arrays: tuple[DataArray, ...]) -> list[int]:
    return [int(x) for x in np.cumsum([0] + [a.size for a in arrays])[:-1]]


def _file_codes(arrays: tuple[DataArray, ...], values: np.ndarray) -> tuple[np.ndarray, int, int]:
    codes, off_grid, out_of_range = [], 0, 0
    for array, offset in zip(arrays, _offsets(arrays)):
        part = values[:, offset:offset + array.size]
        element = array.element
        _require_convertible(part, element, offset)
        found = element.quantize_codes(part)
        if isinstance(element, FixedType):
            scaled = part * 2.0 ** element.fractional
            low, high = element.code_min, element.code_max
            out_of_range += int(((scaled < low) | (scaled > high)).sum())
            off_grid += int(((scaled != np.floor(scaled)) & (scaled >= low) & (scaled <= high)).sum())
        else:
            off_grid += int((element.to_float(found) != part).sum())
        codes.append(found)
    return np.concatenate(codes, axis=1), off_grid, out_of_range


def _require_convertible(values: np.ndarray, element: ElementType, offset: int) -> None:
    """ConfigError for a value so far outside a fixed-point type that float64 cannot say which code it wraps to."""
    if not isinstance(element, FixedType):
        return
    huge = np.argwhere(np.abs(values * 2.0 ** element.fractional) >= 2.0**53)
    if huge.size:
        sample, column = huge[0]
        raise ConfigError(f"input sample {sample}, element {offset + column} is {values[sample, column]:g}, too far "
                          f"outside {element} to convert exactly; give inputs within the input type's range")


def _random_codes(array: DataArray, grid: FixedType | None, n: int, data_codes: np.ndarray | None, offset: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Half over the whole range, half inside the file samples' per-element range (if not degenerate)."""
    if isinstance(array.element, FloatType):
        return _random_float_codes(array.element, grid or DEFAULT_FLOAT_GRID, array.size, n, rng)
    element: ElementType = array.element
    low = np.full(array.size, element.code_min)
    high = np.full(array.size, element.code_max)
    full = rng.integers(low, high + 1, size=(n, array.size))
    if data_codes is None or n < 2:
        return full
    part = data_codes[:, offset:offset + array.size]
    lo, hi = part.min(axis=0), part.max(axis=0)
    if np.all(lo == hi):
        return full  # one repeated sample (or constant data): its range exercises nothing
    half = n // 2
    inside = rng.integers(lo, hi + 1, size=(n - half, array.size))
    return np.concatenate([full[:half], inside])


def _random_float_codes(element: FloatType, grid: FixedType, size: int, n: int,
                        rng: np.random.Generator) -> np.ndarray:
    on_grid = grid.to_float(rng.integers(grid.code_min, grid.code_max + 1, size=(n, size)))
    off_grid = rng.uniform(grid.to_float(np.array(grid.code_min)), grid.to_float(np.array(grid.code_max)),
                           size=(n, size))
    values = np.where(rng.random((n, 1)) < 0.25, off_grid, on_grid)
    return element.quantize_codes(values)
