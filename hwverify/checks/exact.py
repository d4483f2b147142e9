"""Bit-exact comparison of integer codes, between Keras and hls4ml's C simulation (and, by the same
:func:`check_bit_exact`, between C simulation and RTL).

Values are compared in units of the least significant bit of the hls4ml type at that layer: a Keras
float that is not on the type's grid is a mismatch with a fractional LSB distance. Never a tolerance.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hwverify.errors import NotQuantized, ShapeMismatch
from hwverify.fixed import FixedType

#: Activations hls4ml computes with lookup tables: approximations by design, never compared bit for bit.
TABLE_ACTIVATIONS = {"softmax", "sigmoid", "tanh", "softplus", "softsign", "elu", "selu"}
_ELEMENTWISE_FOLLOWERS = {"BatchNormalization", "QBatchNormalization", "Flatten", "Reshape", "Dropout"}


@dataclass(frozen=True)
class Mismatch:
    """The first differing element of one differing sample."""

    sample: int
    element: int  # flat index within the sample
    expected_code: int
    actual_code: int
    lsb_distance: float  # actual - expected, in LSBs (fractional when the expected value is off the grid)
    n_elements_differing: int


def check_bit_exact(expected_lsb: np.ndarray, actual_lsb: np.ndarray) -> list[Mismatch]:
    """One :class:`Mismatch` per sample whose values differ; both arrays in LSB units, shape (n, ...)."""
    expected = np.asarray(expected_lsb, dtype=np.float64).reshape(len(expected_lsb), -1)
    actual = np.asarray(actual_lsb, dtype=np.float64).reshape(len(actual_lsb), -1)
    if expected.shape != actual.shape:
        raise ShapeMismatch(f"cannot compare outputs of shape {expected.shape} (expected) with {actual.shape} (actual)")
    differs = expected != actual
    mismatches = []
    for sample in np.flatnonzero(differs.any(axis=1)):
        element = int(np.argmax(differs[sample]))
        mismatches.append(
            Mismatch(
                sample=int(sample),
                element=element,
                expected_code=int(np.rint(expected[sample, element])),
                actual_code=int(np.rint(actual[sample, element])),
                lsb_distance=float(actual[sample, element] - expected[sample, element]),
                n_elements_differing=int(differs[sample].sum()),
            )
        )
    return mismatches


def to_lsb(values: np.ndarray, fixed_type: FixedType) -> np.ndarray:
    """Values in units of ``fixed_type``'s LSB (exact: scaling by a power of two)."""
    return np.asarray(values, dtype=np.float64) * (2.0**fixed_type.fractional)


@dataclass(frozen=True)
class GridSnap:
    """Inputs snapped onto the input type's grid, with how many were off it."""

    values: np.ndarray
    fixed_type: FixedType
    n_offgrid_samples: int
    n_offgrid_values: int


def snap_to_grid(x: np.ndarray, fixed_type: FixedType) -> GridSnap:
    """Snap inputs to ``fixed_type`` as the C simulation's input cast would; warn if any were off-grid."""
    _, on_grid = fixed_type.exact_codes(x)
    offgrid = ~on_grid.reshape(len(x), -1)
    snap = GridSnap(
        values=fixed_type.quantize(x),
        fixed_type=fixed_type,
        n_offgrid_samples=int(offgrid.any(axis=1).sum()),
        n_offgrid_values=int(offgrid.sum()),
    )
    if snap.n_offgrid_samples:
        warnings.warn(
            f"{snap.n_offgrid_samples} of {len(x)} input samples ({snap.n_offgrid_values} values) were not on the "
            f"grid of the input type {fixed_type}; they were snapped to it (off-grid inputs are the most common "
            f"false alarm in bit-exact checks).",
            stacklevel=2,
        )
    return snap


@dataclass(frozen=True)
class LayerAgreement:
    """Keras against C simulation at one layer.

    ``mismatches`` holds the first differing element of each differing sample (:func:`check_bit_exact`).
    """

    layer: str
    keras_layer: str
    n_samples: int
    mismatches: tuple[Mismatch, ...]
    fixed_type: FixedType  # the hls4ml layer's result type, the unit of every LSB distance

    @property
    def n_differing_samples(self) -> int:
        """How many samples differ at this layer."""
        return len(self.mismatches)

    @property
    def max_lsb_distance(self) -> float:
        """Largest |distance| among the first differing elements."""
        return max((abs(m.lsb_distance) for m in self.mismatches), default=0.0)


@dataclass(frozen=True)
class OutputAgreement:
    """A model output that is not compared bit for bit (softmax and sigmoid are table approximations in hls4ml)."""

    layer: str
    activation: str
    n_samples: int
    argmax_agreements: int
    max_abs_difference: float

    @property
    def flip_rate(self) -> float:
        """Fraction of samples whose argmax differs between Keras and C simulation."""
        return 1.0 - self.argmax_agreements / self.n_samples if self.n_samples else 0.0


@dataclass(frozen=True)
class ExactnessReport:
    """The outcome of comparing Keras with hls4ml's C simulation."""

    expected_stage: str
    actual_stage: str
    compared: tuple[LayerAgreement, ...]  # the layers whose exactness is the claim (logits)
    layers: tuple[LayerAgreement, ...]  # every layer both sides have, in graph order, except lookup tables
    outputs: tuple[OutputAgreement, ...]
    input_snap: GridSnap
    exact_required: bool

    @property
    def n_samples(self) -> int:
        """Samples compared."""
        return len(self.input_snap.values)

    @property
    def ok(self) -> bool:
        """True when every compared layer agrees bit for bit."""
        return all(not layer.mismatches for layer in self.compared)

    @property
    def first_divergent_layer(self) -> LayerAgreement | None:
        """The earliest layer, in graph order, where the two sides differ."""
        return next((layer for layer in self.layers if layer.mismatches), None)

    def describe(self) -> str:
        """A readable multi-line report."""
        lines = [_describe_layer(self.expected_stage, self.actual_stage, layer) for layer in self.compared]
        snap = self.input_snap
        if snap.n_offgrid_samples:
            lines.append(
                f"  inputs: {snap.n_offgrid_samples} of {self.n_samples} samples had off-grid values, "
                f"snapped to {snap.fixed_type}"
            )
        divergent = self.first_divergent_layer
        if divergent is not None:
            lines.append(
                f"  first divergent layer: '{divergent.layer}' ({divergent.n_differing_samples} samples differ there,"
                f" type {divergent.fixed_type})"
            )
        for output in self.outputs:
            lines.append(
                f"  {output.activation} output '{output.layer}' (not bit-exact by design): argmax agrees on "
                f"{output.argmax_agreements}/{output.n_samples} (flip rate {output.flip_rate:.2%}), "
                f"max |difference| {output.max_abs_difference:.4g}"
            )
        return "\n".join(lines)


def _describe_layer(expected: str, actual: str, layer: LayerAgreement) -> str:
    head = (
        f"{expected} vs {actual} at layer '{layer.layer}' ({layer.fixed_type}): "
        f"{layer.n_differing_samples} of {layer.n_samples} samples differ"
    )
    if not layer.mismatches:
        return head
    first = layer.mismatches[0]
    return (
        f"{head}\n  first: sample {first.sample}, element {first.element}: expected code {first.expected_code} "
        f"({expected}), got {first.actual_code} ({actual}), {first.lsb_distance:+g} LSB "
        f"({first.n_elements_differing} elements of that sample differ); largest distance "
        f"{layer.max_lsb_distance:g} LSB"
    )


def unquantized_layers(model: Any) -> list[str]:
    """Names of layers with weights that carry no QKeras quantizer."""
    names = []
    for layer in model.layers:
        if layer.get_weights() and not type(layer).__module__.startswith("qkeras"):
            names.append(f"{layer.name} ({type(layer).__name__})")
    return names


def require_quantized(model: Any) -> None:
    """Raise :class:`NotQuantized` if bit-exactness is demanded of a model without quantizers."""
    missing = unquantized_layers(model)
    if missing:
        raise NotQuantized(
            f"bit-exact agreement was demanded, but these layers have no QKeras quantizers: {', '.join(missing)}. "
            "A float model converted to fixed point (post-training quantization) cannot be bit-exact with Keras; "
            "compare it with exact=False to get an agreement report, or quantize it with QKeras."
        )


def find_logits_layers(model: Any) -> tuple[str, ...]:
    """For each model output, the layer before a final softmax/sigmoid activation, else the output layer."""
    names = []
    for output in model.outputs:
        layer = output.node.layer
        activation = _activation_name(layer)
        if activation in TABLE_ACTIVATIONS and type(layer).__name__ in ("Activation", "Softmax", "QActivation"):
            layer = layer.input.node.layer
        names.append(layer.name)
    return tuple(names)


def _activation_name(layer: Any) -> str:
    if type(layer).__name__ == "Softmax":
        return "softmax"
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation)).lower()


def keras_equivalents(model: Any, hls_layer_names: Sequence[str]) -> dict[str, str]:
    """Map each hls4ml layer name to the Keras layer whose output it holds.

    hls4ml absorbs some layers into their producer (a BatchNormalization fused into the Dense before
    it, a Flatten that is only a reshape): the hls4ml layer then holds the output of the last absorbed
    Keras layer, so that is the one to compare against.
    """
    present = set(hls_layer_names)
    consumers: dict[str, list[Any]] = {}
    for layer in model.layers:
        for inbound in _inbound_layers(layer):
            consumers.setdefault(inbound.name, []).append(layer)
    mapping = {}
    for layer in model.layers:
        if layer.name not in present or type(layer).__name__ == "InputLayer":
            continue
        holder = layer
        while len(consumers.get(holder.name, [])) == 1:
            follower = consumers[holder.name][0]
            if follower.name in present or type(follower).__name__ not in _ELEMENTWISE_FOLLOWERS:
                break
            holder = follower
        mapping[layer.name] = holder.name
    return mapping


def _inbound_layers(layer: Any) -> list[Any]:
    inbound = []
    for node in layer.inbound_nodes:
        found = node.inbound_layers
        inbound.extend(found if isinstance(found, list) else [found])
    return inbound


#: Samples per eager call of the Keras model.
KERAS_BATCH = 1024


def keras_layer_outputs(model: Any, x: np.ndarray, layer_names: Sequence[str]) -> dict[str, np.ndarray]:
    """Outputs of the named Keras layers for inputs ``x`` (float64, one row per sample).

    The model runs eagerly, ``KERAS_BATCH`` samples a call: ``Model.predict`` traces a ``tf.function`` (autograph
    transpiles every QKeras layer's ``call``) for each new probe, 0.3-0.6 s a call on the zoo models against
    0.03-0.26 s eagerly, with identical outputs on every zoo model (see the note of the speed issue)."""
    import tensorflow as tf

    outputs = [model.get_layer(name).output for name in layer_names]
    x32 = np.asarray(x, dtype=np.float32)
    if len(x32) == 0:  # Keras cannot run a convolution on no samples
        return {name: np.zeros((0, *output.shape[1:])) for name, output in zip(layer_names, outputs)}
    probe = tf.keras.Model(model.inputs, outputs)
    batches = [_as_list(probe(x32[i:i + KERAS_BATCH], training=False)) for i in range(0, len(x32), KERAS_BATCH)]
    return {
        name: np.concatenate([np.asarray(batch[j], dtype=np.float64) for batch in batches])
        for j, name in enumerate(layer_names)
    }


def _as_list(outputs: Any) -> list[Any]:
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def compare_keras_csim(
    model: Any,
    compiled: Any,
    x: np.ndarray,
    logits_layers: Sequence[str] | None = None,
    exact: bool = True,
) -> ExactnessReport:
    """Compare Keras with the C simulation of ``compiled`` (a :class:`hwverify.model.csim.CompiledModel`) on ``x``.

    With ``exact=True`` the model must be quantized (QKeras), else :class:`NotQuantized` is raised.
    The report's ``compared`` layers are ``logits_layers`` (default: the layers before a final
    softmax/sigmoid); ``layers`` holds the per-layer comparison that locates the first divergence.
    """
    if exact:
        require_quantized(model)
    x = np.asarray(x)
    expected_shape = tuple(model.input_shape[1:])
    if x.shape[1:] != expected_shape:
        raise ShapeMismatch(
            f"inputs have per-sample shape {x.shape[1:]}, but the Keras model '{model.name}' expects {expected_shape}"
        )
    snap = snap_to_grid(x, compiled.input_type)
    _, trace = compiled.trace(snap.values)
    mapping = {
        h: k
        for h, k in keras_equivalents(model, compiled.layer_names()).items()
        if h in trace and _activation_name(model.get_layer(k)) not in TABLE_ACTIVATIONS
    }
    logits = tuple(logits_layers) if logits_layers else find_logits_layers(model)
    wanted = sorted(set(mapping.values()) | set(logits) | {o.node.layer.name for o in model.outputs})
    keras_out = keras_layer_outputs(model, snap.values, wanted)
    layers = tuple(_agreement(h, k, keras_out[k], trace[h], compiled) for h, k in mapping.items())
    by_keras_name = {layer.keras_layer: layer for layer in layers}
    missing = [name for name in logits if name not in by_keras_name]
    if missing:
        raise ShapeMismatch(
            f"layer(s) {missing} have no traced counterpart in the hls4ml model; traced layers: {sorted(trace)}"
        )
    compared = tuple(by_keras_name[name] for name in logits)
    outputs = tuple(_output_agreement(model, o, keras_out, trace) for o in model.outputs if _is_table_output(o))
    return ExactnessReport("Keras", "C-sim", compared, layers, outputs, snap, exact)


def _agreement(hls_name: str, keras_name: str, keras_values: np.ndarray, csim_values: np.ndarray, compiled: Any) -> LayerAgreement:
    fixed_type = compiled.layer_type(hls_name)
    n = len(keras_values)
    mismatches = check_bit_exact(
        to_lsb(keras_values.reshape(n, -1), fixed_type), to_lsb(csim_values.reshape(n, -1), fixed_type)
    )
    return LayerAgreement(hls_name, keras_name, n, tuple(mismatches), fixed_type)


def _is_table_output(output: Any) -> bool:
    return _activation_name(output.node.layer) in TABLE_ACTIVATIONS


def _output_agreement(model: Any, output: Any, keras_out: dict[str, np.ndarray], trace: dict[str, np.ndarray]) -> OutputAgreement:
    layer = output.node.layer
    keras_values = keras_out[layer.name].reshape(len(keras_out[layer.name]), -1)
    csim_values = trace[layer.name].reshape(len(keras_values), -1)
    agree = int((keras_values.argmax(axis=1) == csim_values.argmax(axis=1)).sum())
    return OutputAgreement(
        layer=layer.name,
        activation=_activation_name(layer),
        n_samples=len(keras_values),
        argmax_agreements=agree,
        max_abs_difference=float(np.abs(keras_values - csim_values).max()),
    )


def assert_bit_exact(report: ExactnessReport) -> None:
    """Raise AssertionError with the readable report unless every compared layer agrees bit for bit."""
    if not report.ok:
        raise AssertionError("not bit-exact:\n" + report.describe())
