"""Every zoo model trains to an honest accuracy (slow: about 5 minutes cold on 2 cores, seconds when cached).

These use the shared model cache (``$HWVERIFY_CACHE_DIR``/models), so they train each model at most once.
Thresholds sit a few points below the accuracies measured on the development machine (in brackets).
"""

from __future__ import annotations

import numpy as np
import pytest

from hwverify.errors import ToolNotFound
from hwverify.model.zoo import VARIANTS, ReferenceModel, load_reference_model
from hwverify.model.zoo.registry import get_entry
from hwverify.tools import require_cxx_compiler

pytestmark = pytest.mark.slow

MIN_ACCURACY = {
    ("iris_mlp", "float"): 0.9,  # [0.967; 30 test flowers, one is 3.3 points]
    ("iris_mlp", "pruned"): 0.9,  # [0.967]
    ("iris_mlp", "quantized"): 0.9,  # [0.967]
    ("digits_autoencoder", "float"): 0.9,  # [0.944; classifier on a 2-number latent]
    ("digits_autoencoder", "pruned"): 0.75,  # [0.822; 85% of the 16-node layers removed]
    ("digits_autoencoder", "quantized"): 0.9,  # [0.958]
    ("digits_cnn", "float"): 0.95,  # [0.983]
    ("digits_cnn", "pruned"): 0.95,  # [0.981]
    ("digits_cnn", "quantized"): 0.93,  # [0.975]
    # svhn: op determinism holds on one machine, not across CPUs (oneDNN kernels differ): the CI machine trained the
    # pruned variant to 0.768 where this one reached 0.823, so these floors leave ten points.
    ("svhn_cnn", "float"): 0.72,  # [0.827; synthetic colour digits, 12 short epochs]
    ("svhn_cnn", "pruned"): 0.72,  # [0.823; 0.768 on the CI machine]
    ("svhn_cnn", "quantized"): 0.69,  # [0.789; no BatchNorm]
    ("jet_tagger", "float"): 0.85,  # [0.906; synthetic overlapping Gaussians]
    ("jet_tagger", "pruned"): 0.85,  # [0.896]
    ("jet_tagger", "quantized"): 0.83,  # [0.882]
}


@pytest.fixture(scope="module", params=sorted(MIN_ACCURACY), ids=lambda p: f"{p[0]}-{p[1]}")
def reference(request: pytest.FixtureRequest) -> ReferenceModel:
    name, variant = request.param
    return load_reference_model(name, variant)


def test_accuracy_is_sane(reference: ReferenceModel) -> None:
    assert reference.test_accuracy >= MIN_ACCURACY[reference.name, reference.variant]
    chance = 1.0 / reference.data.n_classes
    assert reference.test_accuracy > 2 * chance


PRUNED = [("iris_mlp", "pruned"), ("iris_mlp", "quantized"), ("digits_autoencoder", "pruned"),
          ("digits_cnn", "pruned"), ("svhn_cnn", "pruned"), ("jet_tagger", "pruned")]


@pytest.mark.parametrize(("name", "variant"), PRUNED)
def test_pruned_layers_reach_their_sparsity(name: str, variant: str) -> None:
    entry = get_entry(name)
    model = load_reference_model(name, variant).model
    targets = [layer for layer in model.layers if hasattr(layer, "kernel") and entry.pruning.applies_to(layer.name)]
    assert targets
    for layer in targets:
        sparsity = float(np.mean(layer.get_weights()[0] == 0))
        assert sparsity >= entry.pruning.sparsity - 0.01, (layer.name, sparsity)


def test_logits_layers_exist_and_feed_the_outputs(reference: ReferenceModel) -> None:
    assert reference.variant in VARIANTS
    for name, output in zip(reference.logits_layers, reference.model.outputs):
        assert output.node.layer.inbound_nodes[0].inbound_layers.name == name


def test_autoencoder_reconstructs_better_than_the_mean_image() -> None:
    for variant in VARIANTS:
        ref = load_reference_model("digits_autoencoder", variant)
        reconstruction = np.asarray(ref.model(ref.data.x_test, training=False)[0])
        error = np.mean((reconstruction - ref.data.x_test) ** 2)
        baseline = np.mean((ref.data.x_train.mean(axis=0) - ref.data.x_test) ** 2)
        assert error < 0.8 * baseline, (variant, error, baseline)


def _csim_logits(ref: ReferenceModel, backend: str | None, tmp_path) -> tuple[np.ndarray, np.ndarray]:
    import hls4ml
    import tensorflow as tf

    logits = tf.keras.Model(ref.model.input, ref.model.get_layer(ref.logits_layers[0]).output)
    config = hls4ml.utils.config_from_keras_model(logits, granularity="name", backend=backend)
    hls_model = hls4ml.converters.convert_from_keras_model(
        logits, hls_config=config, io_type="io_parallel", backend="Vivado", output_dir=str(tmp_path / f"hls_{backend}")
    )
    hls_model.compile()
    x = np.ascontiguousarray(np.concatenate([ref.data.x_train, ref.data.x_test]))
    return np.asarray(logits(x, training=False)), np.asarray(hls_model.predict(x)).reshape(len(x), -1)


def test_quantized_iris_logits_match_hls4ml_csim_bit_for_bit(tmp_path) -> None:
    """With the backend named, hls4ml infers exact accumulators ('auto') and the C simulation equals Keras.
    Without it (fault injected) Dense accumulators default to ``fixed<16,6>``, which truncates the products
    (inputs have 10 and weights 5 fractional bits), and the comparison must see the difference."""
    try:
        require_cxx_compiler()
    except ToolNotFound as missing:
        pytest.skip(str(missing))
    ref = load_reference_model("iris_mlp", "quantized")
    keras_logits, csim_logits = _csim_logits(ref, "Vivado", tmp_path)
    assert np.array_equal(keras_logits, csim_logits)
    _, truncated = _csim_logits(ref, None, tmp_path)
    assert not np.array_equal(keras_logits, truncated)
