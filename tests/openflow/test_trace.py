"""hls4ml graph -> da4ml logic: bit-exact with hls4ml's C simulation, faults caught, clear errors.

Uses a small QKeras MLP (tests/tiny_models.py) with a cached C simulation. About 20 s cold, 10 s warm.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import hwverify.sources.openflow  # noqa: F401  (points numba's cache at the hwverify cache before da4ml loads)
from hwverify.checks.exact import check_bit_exact
from hwverify.errors import ConfigError, UnsupportedLayer
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim, convert
from hwverify.sim.simulate import SimOptions, simulate
from hwverify.sources.openflow.pipeline import generate_rtl
from hwverify.sources.openflow.trace import trace_model
from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp


@pytest.fixture(scope="module")
def compiled():  # type: ignore[no-untyped-def]
    return compile_csim(tiny_qkeras_mlp(seed=3, n_hidden=16), HlsConfig())


@pytest.fixture(scope="module")
def inputs() -> np.ndarray:
    # in-range values exercise the rounding of the quantized ReLU; wide ones its saturation
    return np.concatenate([on_grid_inputs(1000, seed=1, scale=2.0), on_grid_inputs(500, seed=2, scale=30.0)])


def _csim_logits(compiled, x: np.ndarray, layer: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    _, trace = compiled.trace(x)
    return np.asarray(trace[layer]).reshape(len(x), -1)


def test_trace_is_bit_exact_with_csim(compiled, inputs: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    traced = trace_model(compiled.graph)
    (port,) = traced.outputs
    assert port.layer == "logits" and traced.omitted_layers == ("softmax",)
    assert "logits" in traced.notes[0]
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, inputs, port.layer))[0]
    codes = traced.input.fixed_type.exact_codes(inputs)[0]
    assert check_bit_exact(expected, traced.predict_codes(codes)[0]) == []


def test_trace_is_deterministic(compiled) -> None:  # type: ignore[no-untyped-def]
    """The generated Verilog is cached by the traced logic's content, so tracing twice must agree."""
    from da4ml.cmvm.types import JSONEncoder

    first, second = trace_model(compiled.graph), trace_model(compiled.graph)
    assert json.dumps(first.comb, cls=JSONEncoder) == json.dumps(second.comb, cls=JSONEncoder)


def test_one_changed_weight_is_caught_in_trace_and_rtl(compiled, inputs: np.ndarray, tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = tiny_qkeras_mlp(seed=3, n_hidden=16)
    graph = convert(model, HlsConfig(), tmp_path)
    weight = graph.graph["fc1"].weights["weight"]
    weight.data = weight.data.copy()
    weight.data[0, 0] += 2.0 ** -weight.type.precision.fractional  # one LSB on one weight
    faulty = trace_model(graph)
    (port,) = faulty.outputs
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, inputs, port.layer))[0]
    codes = faulty.input.fixed_type.exact_codes(inputs)[0]
    assert len(check_bit_exact(expected, faulty.predict_codes(codes)[0])) > 0
    rtl = generate_rtl(faulty, top="tiny_faulty")
    result = simulate(rtl.to_rtl_design(), codes[:300], SimOptions(simulator="icarus", seed=1))
    assert len(check_bit_exact(expected[:300], result.output_codes)) > 0


def test_unsupported_layer_names_itself_and_the_hls_flow(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import tensorflow as tf
    from qkeras import QDense, quantized_bits

    quantizer = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((4,), name="features")
    x = QDense(8, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="fc1")(inputs)
    x = tf.keras.layers.Activation("tanh", name="squash")(x)
    x = QDense(3, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="logits")(x)
    graph = convert(tf.keras.Model(inputs, x), HlsConfig(), tmp_path)
    with pytest.raises(UnsupportedLayer, match="squash.*HLS export flow"):
        trace_model(graph)


def test_unreproducible_rounding_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = HlsConfig().with_layer_precision("fc1", result="ap_fixed<12,4,RND_ZERO,SAT>")
    graph = convert(tiny_qkeras_mlp(seed=3, n_hidden=16), config, tmp_path)
    with pytest.raises(ConfigError, match="fc1.*RND_ZERO"):
        trace_model(graph)


def test_narrow_types_and_float_model_are_bit_exact() -> None:
    """A float model with a narrow accumulator (each product truncated, as hls4ml's C++ does),
    RND_CONV/SAT results and a WRAP ReLU over a wide input range."""
    from tests.tiny_models import tiny_float_mlp

    config = (
        HlsConfig()
        .with_layer_precision("fc1", accum="ap_fixed<14,6>", result="ap_fixed<12,5,RND_CONV,SAT>")
        .with_layer_precision("relu1", result="ap_ufixed<8,3,RND_CONV,SAT>")
    )
    compiled = compile_csim(tiny_float_mlp(seed=2), config)
    traced = trace_model(compiled.graph)
    x = np.concatenate([on_grid_inputs(1000, seed=1, scale=4.0), on_grid_inputs(500, seed=2, scale=30.0)])
    (port,) = traced.outputs
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, x, port.layer))[0]
    codes = traced.input.fixed_type.exact_codes(x)[0]
    assert check_bit_exact(expected, traced.predict_codes(codes)[0]) == []


def test_io_stream_graph_is_rebuilt_too() -> None:
    compiled = compile_csim(tiny_qkeras_mlp(seed=3, n_hidden=16), HlsConfig(io_type="io_stream"))
    traced = trace_model(compiled.graph)
    x = on_grid_inputs(500, seed=3, scale=3.0)
    (port,) = traced.outputs
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, x, port.layer))[0]
    assert check_bit_exact(expected, traced.predict_codes(traced.input.fixed_type.exact_codes(x)[0])[0]) == []


def test_trace_cache_round_trip(compiled, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hwverify.sources.openflow.trace import load_or_trace

    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path))
    first, traced_now = load_or_trace(compiled.graph)
    second, traced_again = load_or_trace(compiled.graph)
    assert traced_now and not traced_again
    assert second.input == first.input and second.outputs == first.outputs and second.notes == first.notes
    codes = first.input.fixed_type.exact_codes(on_grid_inputs(300, seed=9))[0]
    np.testing.assert_array_equal(first.predict_codes(codes)[0], second.predict_codes(codes)[0])


def _tiny_cnn2d():  # type: ignore[no-untyped-def]
    import tensorflow as tf
    from qkeras import QActivation, QConv2D, QDense, quantized_bits, quantized_relu

    tf.keras.utils.set_random_seed(7)
    q = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((6, 6, 2), name="image")
    x = QConv2D(3, 3, padding="same", kernel_quantizer=q, bias_quantizer=q, name="conv")(inputs)
    x = QActivation(quantized_relu(6), name="conv_relu")(x)
    x = tf.keras.layers.MaxPooling2D(2, name="pool")(x)
    x = tf.keras.layers.Flatten(name="flat")(x)
    x = QDense(4, kernel_quantizer=q, bias_quantizer=q, name="logits")(x)
    return tf.keras.Model(inputs, tf.keras.layers.Activation("softmax", name="softmax")(x))


def _tiny_cnn1d_branches():  # type: ignore[no-untyped-def]
    import tensorflow as tf
    from qkeras import QActivation, QConv1D, QDense, quantized_bits, quantized_relu

    tf.keras.utils.set_random_seed(8)
    q = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((8, 2), name="series")
    x = tf.keras.layers.ZeroPadding1D(1, name="pad")(inputs)
    x = QConv1D(2, 3, kernel_quantizer=q, bias_quantizer=q, name="conv")(x)
    x = QActivation(quantized_relu(6), name="conv_relu")(x)
    x = tf.keras.layers.Flatten(name="flat")(x)
    a = QDense(4, kernel_quantizer=q, bias_quantizer=q, name="branch_a")(x)
    b = QDense(4, kernel_quantizer=q, bias_quantizer=q, name="branch_b")(x)
    s = tf.keras.layers.Add(name="sum")([a, b])
    c = tf.keras.layers.Concatenate(name="joined")([s, a])
    return tf.keras.Model(inputs, QDense(3, kernel_quantizer=q, bias_quantizer=q, name="logits")(c))


@pytest.mark.parametrize("build", [_tiny_cnn2d, _tiny_cnn1d_branches], ids=["conv2d_pool", "conv1d_pad_add_concat"])
def test_convolutional_and_branching_models_are_bit_exact(build) -> None:  # type: ignore[no-untyped-def]
    model = build()
    compiled = compile_csim(model, HlsConfig())
    traced = trace_model(compiled.graph)
    x = on_grid_inputs(400, shape=tuple(model.input_shape[1:]), seed=5, scale=3.0)
    (port,) = traced.outputs
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, x, port.layer))[0]
    codes = traced.input.fixed_type.exact_codes(x.reshape(len(x), -1))[0]
    assert check_bit_exact(expected, traced.predict_codes(codes)[0]) == []


def test_batchnorm_layer_is_bit_exact() -> None:
    import tensorflow as tf
    from qkeras import QActivation, QDense, quantized_bits, quantized_relu

    tf.keras.utils.set_random_seed(9)
    q = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((5,), name="features")
    x = QDense(6, kernel_quantizer=q, bias_quantizer=q, name="fc1")(inputs)
    norm = tf.keras.layers.BatchNormalization(name="norm")
    x = QActivation(quantized_relu(6), name="relu1")(norm(x))
    model = tf.keras.Model(inputs, QDense(3, kernel_quantizer=q, bias_quantizer=q, name="logits")(x))
    rng = np.random.default_rng(1)
    norm.set_weights([rng.uniform(0.5, 2, 6), rng.uniform(-1, 1, 6), rng.uniform(-1, 1, 6), rng.uniform(0.5, 2, 6)])
    compiled = compile_csim(model, HlsConfig())
    classes = {layer.class_name for layer in compiled.graph.get_layers()}
    traced = trace_model(compiled.graph)
    x = on_grid_inputs(500, shape=(5,), seed=6, scale=3.0)
    (port,) = traced.outputs
    expected = port.fixed_type.exact_codes(_csim_logits(compiled, x, port.layer))[0]
    codes = traced.input.fixed_type.exact_codes(x)[0]
    assert "BatchNormalization" in classes  # kept as its own layer (not fused), so its builder is exercised
    assert check_bit_exact(expected, traced.predict_codes(codes)[0]) == []
