"""Keras against hls4ml C simulation on small models built in the test (no training)."""

import numpy as np
import pytest

from hwverify.cache import Cache
from hwverify.checks.exact import (
    KERAS_BATCH, assert_bit_exact, check_bit_exact, compare_keras_csim, keras_layer_outputs, snap_to_grid
)
from hwverify.errors import ConfigError, NotQuantized, ShapeMismatch, ToolNotFound, UnsupportedLayer
from hwverify.fixed import FixedType
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from tests.tiny_models import on_grid_inputs, tiny_float_mlp, tiny_qkeras_cnn, tiny_qkeras_mlp


@pytest.fixture(scope="module")
def qmodel():
    return tiny_qkeras_mlp()


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_quantized_model_is_bit_exact(qmodel, io_type):
    compiled = compile_csim(qmodel, HlsConfig(io_type=io_type))
    report = compare_keras_csim(qmodel, compiled, on_grid_inputs(1000))
    assert_bit_exact(report)
    assert report.compared[0].layer == "logits" and report.n_samples == 1000
    assert [layer.layer for layer in report.layers] == ["fc1", "relu1", "logits"]  # softmax: a lookup table
    assert report.outputs[0].activation == "softmax" and report.outputs[0].n_samples == 1000


def test_narrow_accumulator_is_caught_and_named(qmodel):
    config = HlsConfig().with_layer_precision("logits", accum="ap_fixed<8,2>", result="ap_fixed<8,2>")
    report = compare_keras_csim(qmodel, compile_csim(qmodel, config), on_grid_inputs(1000))
    assert not report.ok
    assert report.first_divergent_layer.layer == "logits"
    first = report.compared[0].mismatches[0]
    assert first.expected_code != first.actual_code
    with pytest.raises(AssertionError, match="first divergent layer: 'logits'"):
        assert_bit_exact(report)


def test_divergence_is_located_at_the_first_layer_at_fault(qmodel):
    config = HlsConfig().with_layer_precision("fc1", accum="ap_fixed<10,2>", result="ap_fixed<10,2>")
    report = compare_keras_csim(qmodel, compile_csim(qmodel, config), on_grid_inputs(500))
    assert not report.ok and report.first_divergent_layer.layer == "fc1"


def test_float_model_refused_when_exactness_demanded():
    model = tiny_float_mlp()
    compiled = compile_csim(model, HlsConfig())
    with pytest.raises(NotQuantized, match="fc1 \\(Dense\\)"):
        compare_keras_csim(model, compiled, on_grid_inputs(10))
    report = compare_keras_csim(model, compiled, on_grid_inputs(200), exact=False)
    assert report.outputs[0].n_samples == 200  # an honest agreement report for a PTQ model


def test_unsupported_layer_is_named():
    import tensorflow as tf

    inputs = tf.keras.layers.Input((4,))
    outputs = tf.keras.layers.Lambda(lambda t: t * 2, name="doubler")(inputs)
    with pytest.raises(UnsupportedLayer, match="'doubler' \\(Lambda\\)"):
        compile_csim(tf.keras.Model(inputs, outputs), HlsConfig(), cache=Cache("csim-unsupported"))


def test_shape_mismatch_is_explained(qmodel):
    compiled = compile_csim(qmodel, HlsConfig())
    with pytest.raises(ShapeMismatch, match="expects \\(4,\\)"):
        compare_keras_csim(qmodel, compiled, on_grid_inputs(10, shape=(5,)))
    with pytest.raises(ShapeMismatch, match="expects \\(4,\\)"):
        compiled.predict(np.zeros((3, 2, 2)))


def test_missing_compiler_is_a_clear_error(qmodel, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolNotFound, match="g\\+\\+ was not found"):
        compile_csim(qmodel, HlsConfig(), cache=Cache("csim", root=tmp_path))


def test_offgrid_inputs_are_snapped_counted_and_warned(qmodel):
    compiled = compile_csim(qmodel, HlsConfig())
    x = on_grid_inputs(100)
    x[:7, 0] += 2**-12
    with pytest.warns(UserWarning, match="7 of 100 input samples"):
        report = compare_keras_csim(qmodel, compiled, x)
    assert report.input_snap.n_offgrid_samples == 7 and report.ok


def test_compiled_project_is_cached_and_corruption_rebuilds(qmodel, tmp_path):
    cache = Cache("csim", root=tmp_path)
    first = compile_csim(qmodel, HlsConfig(), cache=cache)
    second = compile_csim(qmodel, HlsConfig(), cache=cache)
    assert not first.loaded_from_cache and second.loaded_from_cache
    assert 'CFLAGS="-O1 ' in (first.project_dir / "build_lib.sh").read_text()  # not hls4ml's -O3 (compile time)
    x = on_grid_inputs(50)
    assert np.array_equal(first.predict(x), second.predict(x))
    library = next(second.project_dir.glob("firmware/*.so"))
    truncated = library.read_bytes()[:100]
    library.unlink()  # (this process has the library mapped: replace the file rather than write into it)
    library.write_bytes(truncated)  # a truncated library must never be loaded
    third = compile_csim(qmodel, HlsConfig(), cache=cache)
    assert not third.loaded_from_cache and np.array_equal(third.predict(x), first.predict(x))


def test_check_bit_exact_reports_first_element_and_distance():
    expected = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    actual = np.array([[1, 2, 3], [4, 7, 5], [7, 8, 9]])
    (mismatch,) = check_bit_exact(expected, actual)
    assert (mismatch.sample, mismatch.element) == (1, 1)
    assert (mismatch.expected_code, mismatch.actual_code, mismatch.lsb_distance) == (5, 7, 2.0)
    assert mismatch.n_elements_differing == 2


def test_snap_counts_offgrid():
    snap = snap_to_grid(np.array([[0.5, 0.25], [0.1, 0.0]]), FixedType(8, 4))
    assert snap.n_offgrid_samples == 1 and snap.n_offgrid_values == 1


def test_reserved_layer_name_is_a_clear_error():
    import tensorflow as tf

    inputs = tf.keras.layers.Input((4,), name="input")
    outputs = tf.keras.layers.Dense(2, name="fc")(inputs)
    with pytest.raises(ConfigError, match="named 'input'"):
        compile_csim(tf.keras.Model(inputs, outputs, name="reserved"), HlsConfig(), cache=Cache("csim-reserved"))


@pytest.mark.parametrize("build", [tiny_qkeras_mlp, tiny_qkeras_cnn], ids=["mlp", "cnn"])
def test_eager_layer_outputs_equal_keras_predict(build):
    """keras_layer_outputs runs the model eagerly in batches (no tf.function tracing per probe): every layer's
    output, over more than one batch, equals what Keras's own predict gives."""
    import tensorflow as tf

    model = build()
    names = [layer.name for layer in model.layers if type(layer).__name__ != "InputLayer"]
    x = on_grid_inputs(KERAS_BATCH + 37, tuple(model.input_shape[1:]), seed=5)
    eager = keras_layer_outputs(model, x, names)
    probe = tf.keras.Model(model.inputs, [model.get_layer(name).output for name in names])
    graph = probe.predict(x.astype(np.float32), batch_size=256, verbose=0)
    for name, expected in zip(names, graph):
        assert eager[name].shape == expected.shape and np.array_equal(eager[name], expected), name
    empty = keras_layer_outputs(model, x[:0], names)
    assert all(empty[name].shape == (0, *expected.shape[1:]) for name, expected in zip(names, graph))


def test_model_built_without_autograph_computes_what_autograph_builds(tmp_path):
    """Models are built and loaded with autograph off (without_autograph): the same QKeras model saved and loaded
    both ways gives identical outputs."""
    import tensorflow as tf

    from hwverify.model.keras_file import custom_objects, load_keras_model

    model = tiny_qkeras_cnn()
    model.save(tmp_path / "model.h5", save_format="h5", include_optimizer=False)
    with_autograph = tf.keras.models.load_model(tmp_path / "model.h5", custom_objects=custom_objects(), compile=False)
    without = load_keras_model(tmp_path / "model.h5")
    x = on_grid_inputs(200, (8, 8, 1), seed=6).astype(np.float32)
    assert np.array_equal(np.asarray(without(x, training=False)), np.asarray(with_autograph(x, training=False)))


def test_a_layer_that_needs_autograph_is_built_with_it():
    """without_autograph falls back to autograph for a layer whose call branches on a tensor in Python."""
    import tensorflow as tf

    from hwverify.model.keras_file import without_autograph

    class BranchOnTensor(tf.keras.layers.Layer):
        def call(self, x):
            if tf.reduce_sum(x) > 0:
                return x * 2.0
            return x

    def build():
        inputs = tf.keras.layers.Input((3,))
        return tf.keras.Model(inputs, BranchOnTensor()(inputs))

    with pytest.raises(TypeError):  # what the fallback catches: the layer cannot be traced without autograph
        from tensorflow.python.autograph.core import ag_ctx

        with ag_ctx.ControlStatusCtx(status=ag_ctx.Status.DISABLED):
            build()
    model = without_autograph(build)
    x = np.array([[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]], dtype=np.float32)
    assert np.array_equal(np.asarray(model(x[:1])), 2 * x[:1]) and np.array_equal(np.asarray(model(x[1:])), x[1:])
