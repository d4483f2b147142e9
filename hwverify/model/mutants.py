"""Single faults injected into the reference: one weight or bias of the firmware changed by one LSB.

hls4ml's firmware reads its weights from ``firmware/weights/*.txt`` on its first call when it is not being
synthesised (``nnet::load_weights_from_txt`` in the top function); the RTL has them as constants. So a mutant of
the reference needs no recompile: a directory of weight files with one value changed, and a fresh instance of the
compiled harness told to read that directory (:func:`hwverify.model.harness.load_library`; each loaded copy of the
library file keeps its own weights, as the firmware loads them once per instance).

A weight file holds decimal values that the firmware's type rounds as it reads them; a mutant writes the value the
firmware actually held, one LSB up or down (down at the top of the type's range, up at the bottom), exactly.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType
from hwverify.model.firmware import CHeaders, strip_comments
from hwverify.model.harness import FirmwareCsim, load_library

__all__ = ["Fault", "MutantRunner", "WeightArray", "mutant_runner", "read_weight_arrays", "read_weight_values",
           "sample_faults"]

_LOAD_CALL = re.compile(r"\bload_weights_from_txt\s*<\s*([^,<>]+(?:<[^<>]*>)?)\s*,\s*(\d+)\s*>\s*\(\s*(\w+)\s*,"
                        r"\s*\"([^\"]+)\"\s*\)")


@dataclass(frozen=True)
class WeightArray:
    """One array the firmware reads from a weight file: ``w2`` of ``ap_fixed<6,1>``, 1,024 values, layer ``fc1``."""

    name: str
    file: str  # the file name in firmware/weights, e.g. "w2.txt"
    element: FixedType
    size: int
    layer: str  # the hls4ml layer it belongs to (the comment after the layer's call), else the array's name

    def read_codes(self, weights_dir: Path) -> np.ndarray:
        """The codes the firmware holds after reading the file (its type's rounding and overflow applied)."""
        path = weights_dir / self.file
        try:
            values = read_weight_values(path.read_text())
        except (OSError, ValueError) as error:
            raise ConfigError(f"{path} is not a list of numbers the firmware can read ({error}); "
                              "regenerate the project's weights with hls4ml") from error
        if values.size != self.size:
            raise ConfigError(f"{path} holds {values.size} values but the firmware reads {self.size} into "
                              f"{self.name}; regenerate the project's weights with hls4ml")
        return self.element.quantize_codes(values)


def read_weight_values(text: str) -> np.ndarray:
    """The numbers of a weight file (or of a C initialiser): comma-separated, over any number of lines."""
    return np.array([float(v) for v in text.replace("\n", " ").split(",") if v.strip()])


@dataclass(frozen=True)
class Fault:
    """``array[index]`` changed from ``code`` by ``delta`` LSB (+1 or -1)."""

    array: WeightArray
    index: int
    code: int
    delta: int

    def describe(self) -> str:
        """``w2[17] (layer fc1) code 5 -> 6 (+1 LSB)``."""
        return (f"{self.array.name}[{self.index}] (layer {self.array.layer}) code {self.code} -> {self.code + self.delta} "
                f"({self.delta:+d} LSB)")


def read_weight_arrays(firmware: Path, sources: tuple[str, ...], headers: CHeaders) -> tuple[WeightArray, ...]:
    """Every fixed-point array the firmware's sources load with ``load_weights_from_txt``, in the order they load."""
    arrays = []
    for source in sources:
        text = strip_comments((firmware / source).read_text(errors="replace"))
        commented = (firmware / source).read_text(errors="replace")
        for c_type, size, name, file in _LOAD_CALL.findall(text):
            element = _fixed_type(headers.resolve(c_type.strip()))
            if element is not None and (firmware / "weights" / file).is_file():
                arrays.append(WeightArray(name, file, element, int(size), _layer_of(name, commented)))
    return tuple(arrays)


def _fixed_type(c_type: str) -> FixedType | None:
    try:
        return FixedType.parse(c_type)
    except ConfigError:
        return None  # a float or exponent type: not mutated by LSB


def _layer_of(array: str, source: str) -> str:
    """The layer name hls4ml writes as a comment after the call that passes ``array`` (``... w2, b2); // fc1``)."""
    match = re.search(rf"^[^\n]*\bnnet::(?!load_)\w+[^\n;]*\b{re.escape(array)}\b[^\n;]*\)\s*;\s*//\s*(\S+)", source,
                      re.M)
    return match[1] if match else array


def sample_faults(arrays: tuple[WeightArray, ...], weights_dir: Path, count: int, seed: int) -> tuple[Fault, ...]:
    """``count`` single faults spread evenly over every array (so over every layer's weights and biases), each a
    random element changed by a random +-1 LSB, seeded."""
    if not arrays:
        raise ConfigError(f"the firmware loads no fixed-point weights from {weights_dir}: there is nothing to inject "
                          "faults into (adequacy needs hls4ml's weight files)")
    rng = np.random.default_rng(seed)
    codes = {array.name: array.read_codes(weights_dir) for array in arrays}
    faults = []
    for array, n in zip(arrays, _shares([a.size for a in arrays], count, rng)):
        for index in rng.choice(array.size, size=n, replace=False):
            code = int(codes[array.name][index])
            delta = int(rng.choice((-1, 1)))
            if not array.element.code_min <= code + delta <= array.element.code_max:
                delta = -delta
            faults.append(Fault(array, int(index), code, delta))
    return tuple(faults)


def _shares(sizes: list[int], count: int, rng: np.random.Generator) -> list[int]:
    """``count`` split as evenly as the sizes allow (an array smaller than its share gives the rest to others)."""
    shares = [0] * len(sizes)
    open_arrays = [int(i) for i in rng.permutation(len(sizes))]
    remaining = min(count, sum(sizes))
    while remaining > 0:
        each = max(remaining // len(open_arrays), 1)
        for i in list(open_arrays):
            take = min(each, sizes[i] - shares[i], remaining)
            shares[i] += take
            remaining -= take
            if shares[i] == sizes[i]:
                open_arrays.remove(i)
    return shares


class MutantRunner:
    """Loads the compiled firmware with one fault at a time, each in a private directory of weight files."""

    def __init__(self, csim: FirmwareCsim, weights_dir: Path, arrays: tuple[WeightArray, ...], work: Path) -> None:
        self._csim, self._weights, self._work, self._arrays = csim, weights_dir, work, arrays
        self._codes = {array.name: array.read_codes(weights_dir) for array in arrays}
        self._names = itertools.count()

    @contextmanager
    def loaded(self, fault: Fault | None) -> Iterator[FirmwareCsim]:
        """A fresh instance of the firmware with ``fault`` applied (``None``: every weight file rewritten exactly as
        the firmware holds it and nothing changed, which must behave as the original). Safe to use from several
        threads at once: each instance has its own files and its own copy of the library."""
        name = f"mutant{next(self._names)}"
        directory = self._work / name
        directory.mkdir()
        library_file = self._work / f"{name}.so"
        try:
            self._write_weights(directory, fault)
            shutil.copyfile(self._csim.library_file, library_file)
            library = load_library(library_file, directory)
            try:
                yield FirmwareCsim(self._csim.top, library, library_file, loaded_from_cache=True)
            finally:
                _unload(library)
        finally:
            library_file.unlink(missing_ok=True)
            shutil.rmtree(directory)

    def _write_weights(self, directory: Path, fault: Fault | None) -> None:
        for path in self._weights.iterdir():
            (directory / path.name).symlink_to(path)
        for array in (self._arrays if fault is None else (fault.array,)):
            codes = self._codes[array.name].copy()
            if fault is not None:
                codes[fault.index] += fault.delta
            (directory / array.file).unlink()
            (directory / array.file).write_text(", ".join(repr(v) for v in array.element.to_float(codes)) + "\n")


def _unload(library: ctypes.CDLL) -> None:
    """Let the dynamic loader drop the copy (it may keep it mapped; the file is gone either way)."""
    import _ctypes

    _ctypes.dlclose(library._handle)


@contextmanager
def mutant_runner(csim: FirmwareCsim, weights_dir: Path, arrays: tuple[WeightArray, ...]) -> Iterator[MutantRunner]:
    """A :class:`MutantRunner` with a scratch directory that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="hwverify-mutants-") as work:
        yield MutantRunner(csim, weights_dir, arrays, Path(work))
