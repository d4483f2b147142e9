"""Bit width vs accuracy: one hls4ml C simulation per ``ap_fixed<W,I>`` default precision, each classifying a
labelled data set, next to the float Keras model on the same data.

Accuracy is the argmax of the logits (the layer before the softmax, ``logits_layer``) against the labels: hls4ml's
softmax is a lookup-table approximation whose tables also take the default precision, so its argmax would measure
the table rather than the network (a float model's softmax can come out flat at ``ap_fixed<16,6>``). Each C
simulation is compiled once per content hash and cached (:func:`hwverify.model.csim.compile_csim`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hwverify.checks.exact import keras_layer_outputs
from hwverify.errors import ConfigError
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.progress import StepLog

#: Integer bits of every swept type unless told otherwise: hls4ml's default ``ap_fixed<16,6>``.
DEFAULT_INTEGER_BITS = 6
#: The widest type swept: the C simulation's ap_fixed arithmetic is exact up to far more, but wider is no use here.
MAX_TOTAL_BITS = 32


@dataclass(frozen=True)
class SweepPoint:
    """Classification accuracy of the C simulation at one default precision ``ap_fixed<total_bits, integer_bits>``."""

    total_bits: int
    integer_bits: int
    accuracy: float  # C-sim argmax vs the labels
    keras_accuracy: float  # float Keras argmax vs the labels, on the same samples
    argmax_agreement: float  # fraction of samples where C-sim and Keras pick the same class
    n_samples: int

    @property
    def precision(self) -> str:
        """The swept type, e.g. ``ap_fixed<8,6>``."""
        return f"ap_fixed<{self.total_bits},{self.integer_bits}>"


@dataclass(frozen=True)
class BitWidthSweep:
    """One sweep: what was swept (model, io type, data, compared layer) and a point per width, narrowest first."""

    model: str
    io_type: str
    logits_layer: str
    inputs_label: str
    points: tuple[SweepPoint, ...]

    def describe(self) -> str:
        """A readable table, one row per width."""
        lines = [f"bit width vs accuracy: {self.model}, {self.io_type}, argmax of '{self.logits_layer}' on "
                 f"{self.inputs_label}; float Keras accuracy {self.keras_accuracy:.3f}",
                 f"  {'default precision':<18} {'accuracy':>8} {'agrees with Keras':>18} {'samples':>8}"]
        lines += [f"  {p.precision:<18} {p.accuracy:8.3f} {p.argmax_agreement:18.3f} {p.n_samples:8d}"
                  for p in self.points]
        return "\n".join(lines)

    @property
    def keras_accuracy(self) -> float:
        """The float Keras model's accuracy on the sweep's data."""
        return self.points[0].keras_accuracy if self.points else float("nan")


def parse_bit_widths(text: str) -> tuple[int, ...]:
    """``"8,10,12"`` -> ``(8, 10, 12)`` (sorted, duplicates removed); :class:`ConfigError` naming the bad item."""
    items = [item.strip() for item in text.split(",")]
    widths = []
    for item in items:
        if not item.isdigit():
            raise ConfigError(f"--sweep-bits: {item!r} in {text!r} is not a whole number of bits; give total widths "
                              "separated by commas, e.g. --sweep-bits 8,10,12,16")
        widths.append(int(item))
    return tuple(sorted(set(widths)))


def check_bit_widths(widths: Sequence[int], integer_bits: int) -> None:
    """:class:`ConfigError` unless every width leaves at least one fractional bit and is at most MAX_TOTAL_BITS."""
    if not widths:
        raise ConfigError("a bit-width sweep needs at least one total width, e.g. --sweep-bits 8,10,12,16")
    if integer_bits < 1:
        raise ConfigError(f"--sweep-integer-bits must be at least 1 (the sign bit), got {integer_bits}")
    narrow = [w for w in widths if w <= integer_bits]
    if narrow:
        raise ConfigError(f"--sweep-bits: width(s) {', '.join(map(str, narrow))} leave no fractional bits with "
                          f"{integer_bits} integer bits; use widths above {integer_bits} or lower "
                          "--sweep-integer-bits")
    wide = [w for w in widths if w > MAX_TOTAL_BITS]
    if wide:
        raise ConfigError(f"--sweep-bits: width(s) {', '.join(map(str, wide))} exceed {MAX_TOTAL_BITS} bits")


def sweep_bit_widths(
    model: Any,
    x: np.ndarray,
    y_true: np.ndarray,
    widths: Sequence[int],
    integer_bits: int = DEFAULT_INTEGER_BITS,
    io_type: str = "io_parallel",
    logits_layer: str | None = None,
    inputs_label: str = "inputs",
    log: StepLog | None = None,
) -> BitWidthSweep:
    """Compile ``model``'s C simulation at ``ap_fixed<W, integer_bits>`` for each W in ``widths`` and measure its
    accuracy on ``(x, y_true)`` (class indices), argmax of ``logits_layer`` (default: the model's last layer),
    next to the float Keras model's. Each width is one timed step in ``log``."""
    check_bit_widths(widths, integer_bits)
    x = np.asarray(x, dtype=np.float64)
    y_true = np.asarray(y_true).reshape(-1)
    if len(x) != len(y_true) or not len(x):
        raise ConfigError(f"a bit-width sweep needs one label per sample and at least one sample; got {len(x)} "
                          f"samples and {len(y_true)} labels")
    log = log or StepLog(stream=io.StringIO())
    layer = logits_layer or model.layers[-1].name
    keras_pick = _keras_argmax(model, x, layer)
    keras_accuracy = float(np.mean(keras_pick == y_true))
    points = []
    for width in sorted(widths):
        config = HlsConfig(io_type=io_type, default_precision=f"ap_fixed<{width},{integer_bits}>")
        with log.step(f"sweep: C-sim at {config.default_precision} ({io_type})") as notes:
            pick, cached = _csim_argmax(model, config, x, layer)
            point = SweepPoint(width, integer_bits, float(np.mean(pick == y_true)), keras_accuracy,
                               float(np.mean(pick == keras_pick)), len(x))
            notes.append(f"{'cached' if cached else 'compiled'}, accuracy {point.accuracy:.3f}")
        points.append(point)
    return BitWidthSweep(str(model.name), io_type, layer, inputs_label, tuple(points))


def _keras_argmax(model: Any, x: np.ndarray, layer: str) -> np.ndarray:

    if layer not in {keras_layer.name for keras_layer in model.layers}:
        raise ConfigError(f"model '{model.name}' has no layer '{layer}' to take the argmax of; its layers are: "
                          f"{', '.join(keras_layer.name for keras_layer in model.layers)}")
    return np.argmax(keras_layer_outputs(model, x, [layer])[layer].reshape(len(x), -1), axis=1)


def _csim_argmax(model: Any, config: HlsConfig, x: np.ndarray, layer: str) -> tuple[np.ndarray, bool]:
    """Per-sample argmax of ``layer``'s output in the C simulation, and whether the build came from the cache."""

    compiled = compile_csim(model, config)
    _, trace = compiled.trace(x)
    if layer not in trace:
        raise ConfigError(f"the hls4ml model has no traced output for layer '{layer}'; its layers are: "
                          f"{', '.join(trace)}")
    return np.argmax(np.asarray(trace[layer]).reshape(len(x), -1), axis=1), compiled.loaded_from_cache
