"""An RTL design to simulate: its sources, top module, build settings and the arrays on its ports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError
from hwverify.fixed import ElementType, FixedType

__all__ = ["DataArray", "RtlDesign"]


@dataclass(frozen=True)
class DataArray:
    """One array argument of the design's top function: name, element type and elements per sample.

    ``name`` is the C argument name (``input_1``, ``layer13_out``; ``in``/``out`` for a VivadoAccelerator
    wrapper), which the RTL ports are named after; ``None`` when unknown (ports are then grouped by
    their shape alone). ``per_beat`` is the elements of one stream beat where the C side says so
    (``nnet::array<T, N>``), which settles how many elements a byte-padded TDATA carries.
    """

    element: ElementType
    size: int
    name: str | None = None
    per_beat: int | None = None

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ConfigError(f"array {self.name or '?'} must have at least 1 element per sample, got {self.size}")


@dataclass(frozen=True, kw_only=True)
class RtlDesign:
    """Verilog sources with a top module, plus what the simulator needs to drive them.

    ``inputs``/``outputs`` are the top function's arrays in argument order. Integer codes of a sample are
    the arrays' codes concatenated in that order (``n_inputs``/``n_outputs`` elements). ``data_files``
    (ROM ``.dat`` files loaded by relative path) are copied into the simulator's working directory.
    """

    top: str
    sources: tuple[Path, ...]
    inputs: tuple[DataArray, ...]
    outputs: tuple[DataArray, ...]
    data_files: tuple[Path, ...] = ()
    include_dirs: tuple[Path, ...] = ()
    defines: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what hwverify found or added while assembling the sources
    #: Run-time settings every simulation of this design passes to the simulator (a run-time-depth copy's FIFO
    #: depths, :mod:`hwverify.fifo.runtime_depth`): designs that differ only here share one build.
    plusargs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(Path(s).resolve() for s in self.sources))
        object.__setattr__(self, "data_files", tuple(Path(s).resolve() for s in self.data_files))
        object.__setattr__(self, "include_dirs", tuple(Path(s).resolve() for s in self.include_dirs))
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "outputs", tuple(self.outputs))
        if not self.sources:
            raise ConfigError(f"design '{self.top}' has no Verilog sources; pass the exported .v files")
        missing = [str(p) for p in self.sources + self.data_files if not p.is_file()]
        if missing:
            raise ConfigError(f"design '{self.top}': files not found: {', '.join(missing)}")
        if not self.inputs or not self.outputs:
            raise ConfigError(f"design '{self.top}' needs at least one input and one output array")

    @classmethod
    def single(cls, *, input_type: ElementType, output_type: ElementType, n_inputs: int, n_outputs: int,
               **kwargs: object) -> RtlDesign:
        """A design with one input and one output array (the common case)."""
        return cls(inputs=(DataArray(input_type, n_inputs),), outputs=(DataArray(output_type, n_outputs),),
                   **kwargs)  # type: ignore[arg-type]

    @property
    def n_inputs(self) -> int:
        """Input elements per sample, over all input arrays."""
        return sum(a.size for a in self.inputs)

    @property
    def n_outputs(self) -> int:
        """Output elements per sample, over all output arrays."""
        return sum(a.size for a in self.outputs)

    @property
    def input_type(self) -> ElementType:
        """The element type of the (first) input array."""
        return self.inputs[0].element

    @property
    def output_type(self) -> ElementType:
        """The element type of the (first) output array."""
        return self.outputs[0].element

    def input_codes_to_bits(self, codes: np.ndarray) -> np.ndarray:
        """(n, n_inputs) codes -> the bit patterns the input ports carry, array by array."""
        return _per_array(self.inputs, codes, lambda t, c: t.codes_to_bits(c), np.uint64)

    def output_bits_to_codes(self, bits: np.ndarray) -> np.ndarray:
        """(n, n_outputs) bit patterns read off the output ports -> codes, array by array."""
        return _per_array(self.outputs, bits, lambda t, b: t.bits_to_codes(b), np.int64)

    def check_input_codes(self, codes: np.ndarray) -> None:
        """ConfigError naming the first code outside its array's type range."""
        start = 0
        for array in self.inputs:
            part = codes[:, start:start + array.size]
            bad = np.argwhere((part < array.element.code_min) | (part > array.element.code_max))
            if bad.size:
                sample, element = bad[0]
                where = f"array {array.name}, " if array.name else ""
                raise ConfigError(
                    f"input code {part[sample, element]} (sample {sample}, {where}element {element}) is outside "
                    f"{array.element}'s range [{array.element.code_min}, {array.element.code_max}]")
            start += array.size

    @property
    def fixed_point_only(self) -> bool:
        """True when every array is fixed point (no IEEE-754 ports)."""
        return all(isinstance(a.element, FixedType) for a in self.inputs + self.outputs)


def _per_array(arrays: tuple[DataArray, ...], values: np.ndarray, convert, dtype: type) -> np.ndarray:  # type: ignore[no-untyped-def]
    values = np.asarray(values)
    out = np.zeros(values.shape, dtype=dtype)
    start = 0
    for array in arrays:
        out[:, start:start + array.size] = convert(array.element, values[:, start:start + array.size])
        start += array.size
    return out
