"""Rebuild a converted hls4ml ``ModelGraph`` as da4ml combinational logic, bit-exact with hls4ml's C simulation.

Every layer is rebuilt with da4ml's traced fixed-point arrays and hls4ml's own types: each layer's
result type, its accumulator type and the weight and bias types, with their rounding and overflow
modes (:mod:`hwverify.sources.openflow.cast`). A softmax at the end of the model is not built: the RTL
outputs the logits, and :attr:`TracedModel.output_layer` names the layer they come from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError, UnsupportedLayer
from hwverify.fixed import FixedType
from hwverify.sources.openflow.cast import cast_array, cast_constants, check_castable, fixed_kif
from hwverify.tools import package_versions

#: The code that turns hls4ml layers into logic (see tracer_fingerprint).
TRACER_SOURCES = (Path(__file__).resolve(), Path(__file__).resolve().with_name("cast.py"))
FLOW = "the open RTL flow (hwverify.sources.openflow, da4ml)"
HINT = (
    "Use the HLS export flow for this model (Vivado/Vitis HLS RTL driven by hwverify.sim), "
    "or replace the layer with a supported one (Dense, Conv1D/Conv2D, ReLU, BatchNormalization, "
    "MaxPooling, Flatten/Reshape, ZeroPadding, Add/Concatenate, linear activations)."
)


@dataclass(frozen=True)
class ArrayPort:
    """One model input or output array: hls4ml's variable name (the stream's port name), the layer
    that produces it, its element type and shape (elements in C order)."""

    name: str
    layer: str
    fixed_type: FixedType
    shape: tuple[int, ...]

    @property
    def n_elements(self) -> int:
        """Number of elements."""
        return int(np.prod(self.shape))


@dataclass(frozen=True)
class TracedModel:
    """An hls4ml model rebuilt as da4ml combinational logic.

    ``comb`` is da4ml's ``CombLogic``; its inputs are the input array's elements in C order and its
    outputs the elements of every output array in turn, each on its type's grid. A softmax or
    sigmoid at a model output is omitted (``omitted_layers``): that output is then the logits.
    """

    comb: Any
    input: ArrayPort
    outputs: tuple[ArrayPort, ...]
    omitted_layers: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def n_outputs(self) -> int:
        """Number of output elements over all output arrays."""
        return sum(port.n_elements for port in self.outputs)

    @property
    def outputs_logits(self) -> bool:
        """True when a final softmax/sigmoid was omitted and the RTL outputs logits."""
        return bool(self.omitted_layers)

    def predict_codes(self, input_codes: np.ndarray) -> tuple[np.ndarray, ...]:
        """Output codes per output array, (n, elements) each, from input codes (n, inputs), by da4ml's
        C++ interpreter of the traced logic (no RTL involved)."""
        codes = np.asarray(input_codes, dtype=np.int64).reshape(-1, self.input.n_elements)
        values = np.asarray(self.comb.predict(self.input.fixed_type.to_float(codes)), dtype=np.float64)
        return split_outputs(values, self.outputs, as_values=True)


def split_outputs(flat: np.ndarray, ports: tuple[ArrayPort, ...], as_values: bool = False) -> tuple[np.ndarray, ...]:
    """Split (n, all output elements) into one array per port; ``as_values`` converts float values to codes."""
    parts, start = [], 0
    for port in ports:
        chunk = flat[:, start : start + port.n_elements]
        start += port.n_elements
        if as_values:
            chunk, on_grid = port.fixed_type.exact_codes(chunk)
            if not on_grid.all():
                raise ConfigError(f"traced logic produced values off {port.fixed_type}'s grid for '{port.name}'; this is a bug in hwverify")
        parts.append(np.asarray(chunk, dtype=np.int64))
    return tuple(parts)


@dataclass
class _Context:
    """What the layer builders share while the graph is traced."""

    arrays: dict[str, Any]
    notes: list[str]


LayerBuilder = Callable[[Any, list[Any], _Context], Any]


def result_type(layer: Any) -> FixedType:
    """A layer's result type as a :class:`FixedType`."""
    return _fixed(layer.get_output_variable().type.precision, layer, "result")


def _fixed(precision: Any, layer: Any, role: str) -> FixedType:
    try:
        fixed_type = FixedType.from_hls4ml(precision)
    except (AttributeError, TypeError, ValueError) as error:
        raise UnsupportedLayer(layer.name, layer.class_name, FLOW, f"its {role} type {precision} is not fixed point. {HINT}") from error
    check_castable(fixed_type, f"layer '{layer.name}' {role} type")
    return fixed_type


def _attr_type(layer: Any, attr: str) -> FixedType:
    return _fixed(layer.get_attr(attr).precision, layer, attr)


def _weight_values(layer: Any, name: str) -> np.ndarray:
    """A weight array as the C++ firmware holds it: the decimal text hls4ml writes, stored in the weight type."""
    weight = layer.weights[name]
    fixed_type = _fixed(weight.type.precision, layer, f"{name} weight")
    written = np.array([float(text) for text in weight], dtype=np.float64).reshape(weight.data.shape)
    if name == "weight" and layer.get_attr("_weights_transposed", False):
        # The Resource strategy stores the output axis first (hls4ml's ApplyResourceStrategy: Dense (in, out) ->
        # (out, in), Conv (..., C, F) -> (F, ..., C)); the logic is built from the Keras layout.
        written = np.moveaxis(written, 0, -1)
    return cast_constants(written, fixed_type)


def _build_input(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    from da4ml.trace import FixedVariableArrayInput

    fixed_type = result_type(layer)
    shape = tuple(int(s) for s in layer.get_output_variable().shape)
    k, i, f = fixed_kif(fixed_type)
    return FixedVariableArrayInput(shape).quantize(k, i, f)


def _accumulate(x: Any, weights: np.ndarray, bias: np.ndarray, accum: FixedType, where: str) -> Any:
    """``bias + x @ weights`` as hls4ml's latency dense computes it: products and sum held in ``accum``."""
    from da4ml.trace import FixedVariableArray

    bias_acc = cast_constants(bias, accum)
    x_frac = max(int(v.kif[2]) for v in x._vars.ravel())
    w_frac = max((_const_frac(w) for w in weights.ravel() if w != 0), default=0)
    if x_frac + w_frac <= accum.fractional:
        exact = x @ weights + bias_acc
        _require_no_saturation(exact, accum, where)
        return cast_array(exact, accum, where)
    # Products lose bits in the accumulator type: round each product as the C++ does.
    n_in, n_out = weights.shape
    columns = []
    for j in range(n_out):
        products = [x[i] * float(weights[i, j]) for i in range(n_in) if weights[i, j] != 0]
        terms = cast_array(FixedVariableArray(np.array(products + [x[0] * 0.0])), accum, where)
        total = np.sum(terms) + float(bias_acc[j])
        columns.append(total)
    summed = FixedVariableArray(np.array(columns, dtype=object), x.solver_options)
    _require_no_saturation(summed, accum, where)
    return cast_array(summed, accum, where)


def _const_frac(value: float) -> int:
    frac = 0
    while value != np.floor(value) and frac < 64:
        value *= 2.0
        frac += 1
    return frac


def _require_no_saturation(array: Any, accum: FixedType, where: str) -> None:
    """A saturating accumulator clips partial sums in order; that is only reproduced when it cannot overflow."""
    if accum.saturation == "WRAP":
        return
    low = accum.to_float(np.array(accum.code_min))
    high = accum.to_float(np.array(accum.code_max))
    for value in array._vars.ravel():
        if float(value.low) < low or float(value.high) > high:
            raise ConfigError(
                f"{where}: accumulator type {accum} saturates and its sum can overflow, which the open flow cannot "
                "reproduce in hls4ml's order; use a WRAP accumulator or a wider one"
            )


def _build_dense(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    (x,) = inputs
    if x.ndim != 1:
        raise UnsupportedLayer(layer.name, layer.class_name, FLOW, f"Dense on a {x.ndim}-D input is not supported. {HINT}")
    strategy = str(layer.get_attr("strategy", "latency")).lower()
    # Resource multiplies the same products into the same accumulator type in another order: the sum is the
    # same unless a saturating accumulator overflows, which _accumulate refuses.
    if strategy not in ("latency", "resource"):
        raise UnsupportedLayer(layer.name, layer.class_name, FLOW,
                               f"strategy {strategy!r} (only 'Latency' and 'Resource' are rebuilt). {HINT}")
    weights = _weight_values(layer, "weight")
    bias = _weight_values(layer, "bias") if "bias" in layer.weights else np.zeros(weights.shape[1])
    acc = _accumulate(x, weights, bias, _attr_type(layer, "accum_t"), f"layer '{layer.name}'")
    return cast_array(acc, result_type(layer), f"layer '{layer.name}' result")


def _build_activation(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    (x,) = inputs
    kind = str(layer.get_attr("activation", "")).lower()
    if kind == "relu":
        x = x.relu()
    elif kind != "linear":
        raise UnsupportedLayer(layer.name, f"{layer.class_name}({kind})", FLOW, HINT)
    return cast_array(x, result_type(layer), f"layer '{layer.name}' result")


def _build_batchnorm(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    (x,) = inputs
    scale = _weight_values(layer, "scale")
    bias = _weight_values(layer, "bias")
    n_filt = scale.size
    flat = x.reshape((-1, n_filt)) if n_filt > 1 else x.reshape((-1, 1))
    y = flat * scale.reshape(1, -1) + bias.reshape(1, -1)
    return cast_array(y.reshape(x.shape), result_type(layer), f"layer '{layer.name}' result")


def _build_reshape(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    (x,) = inputs
    shape = tuple(int(s) for s in layer.get_output_variable().shape)
    return cast_array(x.reshape(shape), result_type(layer), f"layer '{layer.name}' result")


def _build_merge(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    op = str(layer.get_attr("op", "")).lower()
    a, b = inputs
    if op == "add":
        y = a + b
    elif op == "subtract":
        y = a - b
    else:
        raise UnsupportedLayer(layer.name, f"Merge({op})", FLOW, HINT)
    return cast_array(y, result_type(layer), f"layer '{layer.name}' result")


def _build_concatenate(layer: Any, inputs: list[Any], ctx: _Context) -> Any:
    from da4ml.trace import FixedVariableArray

    axis = int(layer.get_attr("axis", -1))
    joined = np.concatenate([array._vars for array in inputs], axis=axis)
    return cast_array(FixedVariableArray(joined, inputs[0].solver_options), result_type(layer), f"layer '{layer.name}' result")


def _conv_windows(x: Any, layer: Any, spatial: int) -> tuple[Any, tuple[int, ...]]:
    """im2col: zero-padded input windows as rows ``(out_pixels, taps * n_chan)``, taps in kernel order."""
    from da4ml.trace import FixedVariableArray

    vars_ = x._vars
    if spatial == 1:
        vars_ = vars_.reshape(1, *vars_.shape)
        pads = ((0, 0), (layer.get_attr("pad_left"), layer.get_attr("pad_right")), (0, 0))
        kernel = (1, layer.get_attr("filt_width"))
        stride = (1, layer.get_attr("stride_width"))
        out = (1, layer.get_attr("out_width"))
    else:
        pads = (
            (layer.get_attr("pad_top"), layer.get_attr("pad_bottom")),
            (layer.get_attr("pad_left"), layer.get_attr("pad_right")),
            (0, 0),
        )
        kernel = (layer.get_attr("filt_height"), layer.get_attr("filt_width"))
        stride = (layer.get_attr("stride_height"), layer.get_attr("stride_width"))
        out = (layer.get_attr("out_height"), layer.get_attr("out_width"))
    padded = np.pad(vars_, pads, mode="constant", constant_values=0.0)
    rows = []
    for oh in range(out[0]):
        for ow in range(out[1]):
            h0, w0 = oh * stride[0], ow * stride[1]
            rows.append(padded[h0 : h0 + kernel[0], w0 : w0 + kernel[1], :].ravel())
    return FixedVariableArray(np.array(rows, dtype=object), x.solver_options), out


def _build_conv(layer: Any, inputs: list[Any], ctx: _Context, spatial: int) -> Any:
    from da4ml.trace import FixedVariableArray

    (x,) = inputs
    if str(layer.get_attr("data_format", "channels_last")) != "channels_last":
        raise UnsupportedLayer(layer.name, layer.class_name, FLOW, f"only channels_last is supported. {HINT}")
    windows, out = _conv_windows(x, layer, spatial)
    weights = _weight_values(layer, "weight")
    n_filt = int(layer.get_attr("n_filt"))
    matrix = weights.reshape(-1, n_filt)
    bias = _weight_values(layer, "bias") if "bias" in layer.weights else np.zeros(n_filt)
    accum = _attr_type(layer, "accum_t")
    pixels = [_accumulate(windows[p], matrix, bias, accum, f"layer '{layer.name}'")._vars for p in range(len(windows))]
    y = FixedVariableArray(np.array(pixels, dtype=object), x.solver_options)
    shape = tuple(int(s) for s in layer.get_output_variable().shape)
    return cast_array(y.reshape(shape), result_type(layer), f"layer '{layer.name}' result")


def _build_pooling(layer: Any, inputs: list[Any], ctx: _Context, spatial: int) -> Any:
    from da4ml.trace import FixedVariableArray

    (x,) = inputs
    op = str(layer.get_attr("pool_op", "Max")).lower()
    if op != "max":
        raise UnsupportedLayer(layer.name, f"{layer.class_name}({op})", FLOW, HINT)
    if any(int(layer.get_attr(p, 0) or 0) for p in ("pad_top", "pad_bottom", "pad_left", "pad_right")):
        raise UnsupportedLayer(layer.name, layer.class_name, FLOW, f"padded pooling is not supported. {HINT}")
    vars_ = x._vars if spatial == 2 else x._vars.reshape(1, *x.shape)
    if spatial == 2:
        size = (layer.get_attr("pool_height"), layer.get_attr("pool_width"))
        stride = (layer.get_attr("stride_height"), layer.get_attr("stride_width"))
        out = (layer.get_attr("out_height"), layer.get_attr("out_width"))
    else:
        size = (1, layer.get_attr("pool_width"))
        stride = (1, layer.get_attr("stride_width"))
        out = (1, layer.get_attr("out_width"))
    pooled = np.empty((out[0], out[1], vars_.shape[2]), dtype=object)
    for oh in range(out[0]):
        for ow in range(out[1]):
            window = vars_[oh * stride[0] : oh * stride[0] + size[0], ow * stride[1] : ow * stride[1] + size[1], :]
            pooled[oh, ow, :] = np.amax(FixedVariableArray(window.reshape(-1, vars_.shape[2]), x.solver_options), axis=0)._vars
    shape = tuple(int(s) for s in layer.get_output_variable().shape)
    y = FixedVariableArray(pooled, x.solver_options).reshape(shape)
    return cast_array(y, result_type(layer), f"layer '{layer.name}' result")


def _build_zeropadding(layer: Any, inputs: list[Any], ctx: _Context, spatial: int) -> Any:
    from da4ml.trace import FixedVariableArray

    (x,) = inputs
    if spatial == 1:
        pads = ((layer.get_attr("pad_left"), layer.get_attr("pad_right")), (0, 0))
    else:
        pads = (
            (layer.get_attr("pad_top"), layer.get_attr("pad_bottom")),
            (layer.get_attr("pad_left"), layer.get_attr("pad_right")),
            (0, 0),
        )
    padded = np.pad(x._vars, pads, mode="constant", constant_values=0.0)
    return cast_array(FixedVariableArray(padded, x.solver_options), result_type(layer), f"layer '{layer.name}' result")


BUILDERS: dict[str, LayerBuilder] = {
    "Input": _build_input,
    "Dense": _build_dense,
    "Activation": _build_activation,
    "BatchNormalization": _build_batchnorm,
    "Reshape": _build_reshape,
    "Merge": _build_merge,
    "Concatenate": _build_concatenate,
    "Conv1D": lambda layer, inputs, ctx: _build_conv(layer, inputs, ctx, 1),
    "Conv2D": lambda layer, inputs, ctx: _build_conv(layer, inputs, ctx, 2),
    "Pooling1D": lambda layer, inputs, ctx: _build_pooling(layer, inputs, ctx, 1),
    "Pooling2D": lambda layer, inputs, ctx: _build_pooling(layer, inputs, ctx, 2),
    "ZeroPadding1D": lambda layer, inputs, ctx: _build_zeropadding(layer, inputs, ctx, 1),
    "ZeroPadding2D": lambda layer, inputs, ctx: _build_zeropadding(layer, inputs, ctx, 2),
}

#: hls4ml layer classes the open flow rebuilds.
SUPPORTED_LAYERS = tuple(sorted(BUILDERS))


TABLE_ACTIVATIONS = ("softmax", "sigmoid")


def _is_table_activation(layer: Any) -> bool:
    """hls4ml computes softmax and sigmoid with lookup tables; the open flow leaves them out at the outputs."""
    return layer.class_name == "Softmax" or (
        layer.class_name == "Activation" and str(layer.get_attr("activation", "")).lower() in TABLE_ACTIVATIONS
    )


def _output_layers(model: Any, by_output: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """``(layers whose results the RTL outputs, omitted table activations)``, in the model's output order."""
    producers, omitted = [], []
    for name in model.outputs:
        layer = by_output[str(name)]
        if _is_table_activation(layer):
            omitted.append(layer)
            layer = by_output[layer.inputs[0]]
        producers.append(layer)
    return producers, omitted


def _port(layer: Any, array: Any) -> ArrayPort:
    return ArrayPort(layer.get_output_variable().name, layer.name, result_type(layer), tuple(int(s) for s in array.shape))


def trace_model(model: Any) -> TracedModel:
    """Rebuild an hls4ml ``ModelGraph`` (io_parallel or io_stream, Latency strategy) as da4ml logic.

    Raises :class:`UnsupportedLayer` for a layer the open flow cannot rebuild and :class:`ConfigError`
    for a type whose rounding or overflow mode it cannot reproduce.
    """
    from da4ml.trace import comb_trace

    layers = list(model.get_layers())
    by_output = {name: layer for layer in layers for name in layer.outputs}
    if len(model.inputs) != 1:
        raise UnsupportedLayer(model.config.get_project_name(), "ModelGraph", FLOW, f"only single-input models are supported. {HINT}")
    producers, omitted = _output_layers(model, by_output)
    ctx = _Context(arrays={}, notes=[])
    input_port = None
    for layer in layers:
        if layer in omitted:
            continue
        builder = BUILDERS.get(layer.class_name)
        if builder is None:
            raise UnsupportedLayer(layer.name, layer.class_name, FLOW, HINT)
        inputs = [] if layer.class_name == "Input" else [ctx.arrays[name] for name in layer.inputs]
        array = builder(layer, inputs, ctx)
        if layer.class_name == "Input":
            input_port = _port(layer, array)
        for name in layer.outputs:
            ctx.arrays[name] = array
    for table in omitted:
        kind = table.get_attr("activation", "softmax")
        logits = by_output[table.inputs[0]].name
        ctx.notes.append(f"{kind} layer '{table.name}' is not built: the RTL outputs the logits of layer '{logits}'")
    out_arrays = [ctx.arrays[layer.outputs[0]] for layer in producers]
    flat_in = ctx.arrays[next(layer for layer in layers if layer.class_name == "Input").outputs[0]].ravel()._vars
    flat_out = np.concatenate([array.ravel()._vars for array in out_arrays])
    return TracedModel(
        comb=comb_trace(flat_in, flat_out),
        input=input_port,
        outputs=tuple(_port(layer, array) for layer, array in zip(producers, out_arrays)),
        omitted_layers=tuple(layer.name for layer in omitted),
        notes=tuple(ctx.notes),
    )


def graph_fingerprint(model: Any) -> str:
    """Content hash of what the open flow reads from an hls4ml graph: layers, their wiring, types,
    attributes that steer the rebuild, and weights (as hls4ml writes them)."""
    parts: list[Any] = [package_versions(("hls4ml", "da4ml")), [str(name) for name in model.outputs]]
    for layer in model.get_layers():
        parts += _layer_parts(layer)
    return content_hash("openflow-graph/1", *parts)


def layer_fingerprint(layer: Any) -> str:
    """Content hash of what the open flow reads from one hls4ml layer (as :func:`graph_fingerprint` does for all):
    the key of logic built from that layer alone, so changing one layer rebuilds only its own logic."""
    return content_hash("openflow-layer/1", package_versions(("hls4ml", "da4ml")), *_layer_parts(layer))


def _layer_parts(layer: Any) -> list[Any]:
    attributes = {key: _plain(value) for key, value in sorted(layer.attributes.items())}
    parts: list[Any] = [[layer.name, layer.class_name, list(layer.inputs), list(layer.outputs), attributes],
                        str(layer.get_output_variable().type.precision)]
    for name, weight in sorted(layer.weights.items()):
        parts += [name, str(weight.type.precision), np.ascontiguousarray(weight.data, dtype=np.float64)]
    return parts


def _plain(value: Any) -> Any:
    """A stable stand-in for an attribute value (types by their precision; objects, arrays and code text dropped)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (bool, int, float, str)) for v in value):
        return list(value)
    precision = getattr(value, "precision", None)
    return str(precision) if precision is not None else None


def tracer_fingerprint() -> str:
    """Content hash of the code that turns an hls4ml graph into logic (this module and the casts): part of every
    cache key of traced logic, so a change to the tracer never reuses logic it traced before."""
    return content_hash("openflow-tracer/1", *(file_sha256(path) for path in TRACER_SOURCES))


def load_or_trace(model: Any) -> tuple[TracedModel, bool]:
    """:func:`trace_model`, cached by :func:`graph_fingerprint` and :func:`tracer_fingerprint`; returns
    ``(traced, was_traced_now)``."""
    from da4ml.cmvm.types import CombLogic

    def trace_into(directory: Path) -> dict[str, Any]:
        traced = trace_model(model)
        traced.comb.save(directory / "comb.json")
        return {"ports": _ports_to_json(traced), "omitted": list(traced.omitted_layers), "notes": list(traced.notes)}

    key = content_hash("openflow-trace/2", graph_fingerprint(model), tracer_fingerprint())
    entry, built = Cache("openflow_trace").get_or_build(key, trace_into)
    meta = entry.metadata
    ports = [_port_from_json(p) for p in meta["ports"]]
    comb = CombLogic.load(str(entry.path / "comb.json"))
    return TracedModel(comb, ports[0], tuple(ports[1:]), tuple(meta["omitted"]), tuple(meta["notes"])), built


def _ports_to_json(traced: TracedModel) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "layer": p.layer, "type": str(p.fixed_type), "shape": list(p.shape)}
        for p in (traced.input, *traced.outputs)
    ]


def _port_from_json(data: dict[str, Any]) -> ArrayPort:
    return ArrayPort(data["name"], data["layer"], FixedType.parse(data["type"]), tuple(data["shape"]))
