"""Fast tests of the reference model zoo: registry, data, architectures (no training; about 20 s)."""

from __future__ import annotations

import dataclasses
import functools
import os
import subprocess
import sys

import numpy as np
import pytest

from hwverify.errors import UnknownModel
from hwverify.model.zoo import INPUT_TYPE, VARIANTS, build_model, load_dataset, load_reference_model, zoo_entries
from hwverify.model.zoo.reference import cache_key
from hwverify.model.zoo.registry import get_entry

ENTRY_NAMES = ("iris_mlp", "digits_autoencoder", "digits_cnn", "svhn_cnn", "jet_tagger")
ALL_VARIANTS = [(name, variant) for name in ENTRY_NAMES for variant in VARIANTS]
WEIGHTED = ("Dense", "Conv2D", "QDense", "QConv2D")


@functools.lru_cache(maxsize=None)
def _built(name: str, variant: str):
    """One untrained model per entry and variant for the whole module (the tests only read them)."""
    return build_model(name, variant)


def _inner(layer):
    """The layer inside a tfmot pruning wrapper, or the layer itself."""
    return getattr(layer, "layer", layer)


def _weighted_layers(model) -> list:
    return [_inner(layer) for layer in model.layers if type(_inner(layer)).__name__ in WEIGHTED]


def test_zoo_has_the_five_seed_systems_with_all_variants() -> None:
    entries = zoo_entries()
    assert tuple(entries) == ENTRY_NAMES
    for entry in entries.values():
        assert entry.variants == VARIANTS == ("float", "pruned", "quantized")
        assert entry.description


@pytest.mark.parametrize(
    "call",
    [lambda: build_model("mnist_mlp", "float"), lambda: load_dataset("mnist_mlp"), lambda: load_reference_model("mnist_mlp")],
)
def test_unknown_entry_names_the_entries_that_exist(call) -> None:
    with pytest.raises(UnknownModel, match="no zoo entry 'mnist_mlp'.*iris_mlp.*jet_tagger"):
        call()


@pytest.mark.parametrize("call", [build_model, load_reference_model])
def test_unknown_variant_names_the_variants_that_exist(call) -> None:
    with pytest.raises(UnknownModel, match="'iris_mlp' has no variant 'binary'.*float, pruned, quantized"):
        call("iris_mlp", "binary")


@pytest.mark.parametrize("name", ENTRY_NAMES)
def test_inputs_lie_on_the_ap_fixed_16_6_grid(name: str) -> None:
    data = load_dataset(name)
    for x in (data.x_train, data.x_test):
        _, on_grid = INPUT_TYPE.exact_codes(x)
        assert on_grid.all()
        assert x.dtype == np.float32
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64
    assert len(data.x_train) == len(data.y_train) and len(data.x_test) == len(data.y_test)
    assert set(np.unique(data.y_test)) == set(range(data.n_classes))


@pytest.mark.parametrize("name", ("svhn_cnn", "jet_tagger"))
def test_synthetic_data_is_seeded_and_says_so(name: str) -> None:
    entry = get_entry(name)
    first, second = entry.load_data(entry.training.seed), entry.load_data(entry.training.seed)
    other = entry.load_data(entry.training.seed + 1)
    assert np.array_equal(first.x_train, second.x_train) and np.array_equal(first.y_test, second.y_test)
    assert not np.array_equal(first.x_train, other.x_train)
    assert "SYNTHETIC" in first.description


def test_digits_pixels_have_five_bits() -> None:
    data = load_dataset("digits_cnn")
    codes = data.x_train * 32
    assert np.array_equal(codes, np.round(codes)) and codes.min() == 0 and codes.max() == 31
    assert data.x_train.shape[1:] == (8, 8, 1) and load_dataset("digits_autoencoder").x_train.shape[1:] == (64,)


@pytest.mark.parametrize(("name", "variant"), ALL_VARIANTS)
def test_every_variant_builds_with_named_logits_before_separate_output_activations(name: str, variant: str) -> None:
    entry = get_entry(name)
    model = _built(name, variant)
    assert model.input_shape[1:] == load_dataset(name).x_train.shape[1:]
    output_layers = [tensor.node.layer for tensor in model.outputs]
    assert len(output_layers) == len(entry.logits_layers) == len(entry.output_kinds)
    for out_layer, logits_name, kind in zip(output_layers, entry.logits_layers, entry.output_kinds):
        assert type(out_layer).__name__ == "Activation"
        assert out_layer.get_config()["activation"] == ("softmax" if kind == "class" else "sigmoid")
        assert _inner(out_layer.inbound_nodes[0].inbound_layers).name == logits_name
    for layer in _weighted_layers(model):  # activations are separate layers
        assert layer.get_config()["activation"] == "linear", layer.name


@pytest.mark.parametrize("name", ENTRY_NAMES)
def test_quantized_variants_quantize_every_dense_and_conv_and_have_no_batchnorm(name: str) -> None:
    model = _built(name, "quantized")
    for layer in _weighted_layers(model):
        assert type(layer).__name__ in ("QDense", "QConv2D"), layer.name
        config = layer.get_config()
        for quantizer in ("kernel_quantizer", "bias_quantizer"):
            assert config[quantizer]["class_name"] == "quantized_bits", (layer.name, quantizer)
            assert config[quantizer]["config"]["bits"] == 6 and config[quantizer]["config"]["integer"] == 0
    assert not [layer for layer in model.layers if type(layer).__name__ == "BatchNormalization"]
    plain_activations = [layer for layer in model.layers if type(layer).__name__ == "Activation"]
    assert {layer.name for layer in plain_activations} == {tensor.node.layer.name for tensor in model.outputs}
    relus = [layer for layer in model.layers if type(layer).__name__ == "QActivation"]
    assert relus and all(str(layer.quantizer) == "quantized_relu(6,0)" for layer in relus)


@pytest.mark.parametrize(
    ("name", "variant", "pruned_layers", "sparsity"),
    [
        ("iris_mlp", "pruned", ("fc1", "fc2", "fc3", "logits"), 0.75),
        ("iris_mlp", "quantized", ("fc1", "fc2", "fc3", "logits"), 0.75),
        ("digits_autoencoder", "pruned", ("enc_fc2", "dec_fc1", "cls_fc1"), 0.85),
        ("digits_cnn", "pruned", ("conv1", "conv2", "conv3", "fc1", "fc2", "logits"), 0.5),
        ("svhn_cnn", "pruned", ("conv1", "conv2", "conv3", "fc1", "fc2", "logits"), 0.5),
        ("jet_tagger", "pruned", ("fc1", "fc2", "fc3", "logits"), 0.75),
        ("jet_tagger", "quantized", (), 0.0),
        ("svhn_cnn", "float", (), 0.0),
    ],
)
def test_pruning_wraps_exactly_the_study_layers(name: str, variant: str, pruned_layers: tuple, sparsity: float) -> None:
    model = _built(name, variant)
    wrapped = {layer.layer.name: layer for layer in model.layers if hasattr(layer, "pruning_schedule")}
    assert tuple(sorted(wrapped)) == tuple(sorted(pruned_layers))
    for layer in wrapped.values():
        assert layer.pruning_schedule.get_config()["config"]["target_sparsity"] == sparsity


#: Kernel weights per layer in the hls4ml convolutional paper's SVHN table (output layer: 64 * 10).
SVHN_PAPER_WEIGHTS = {"conv1": 432, "conv2": 2304, "conv3": 3456, "fc1": 4032, "fc2": 2688, "logits": 640}


@pytest.mark.parametrize("variant", VARIANTS)
def test_svhn_cnn_weight_counts_match_the_paper(variant: str) -> None:
    model = _built("svhn_cnn", variant)
    counts = {layer.name: int(np.prod(layer.kernel.shape)) for layer in _weighted_layers(model)}
    assert counts == SVHN_PAPER_WEIGHTS
    assert model.get_layer("flatten").output_shape == (None, 96)
    if variant != "quantized":  # the paper's convolutions and hidden Dense layers have no bias
        assert [layer.use_bias for layer in _weighted_layers(model)] == [False] * 5 + [True]


def test_build_model_is_deterministic_and_seeded() -> None:
    first, second = build_model("jet_tagger", "float"), build_model("jet_tagger", "float")
    assert all(np.array_equal(a, b) for a, b in zip(first.get_weights(), second.get_weights()))
    assert first.to_json() == second.to_json()


def test_cache_key_covers_hyperparameters_data_and_architecture() -> None:
    entry = get_entry("iris_mlp")
    data = load_dataset("iris_mlp")
    model = build_model("iris_mlp", "float")
    key = cache_key(entry, model, data)
    assert key == cache_key(entry, build_model("iris_mlp", "float"), data)
    slower = dataclasses.replace(entry, training=dataclasses.replace(entry.training, learning_rate=1e-3))
    assert cache_key(slower, model, data) != key
    shifted = dataclasses.replace(data, x_train=data.x_train + np.float32(2**-10))
    assert cache_key(entry, model, shifted) != key
    assert cache_key(entry, build_model("iris_mlp", "pruned"), data) != key


def test_a_cached_data_set_loads_without_scikit_learn_and_equals_a_fresh_one(tmp_path) -> None:
    """The first load makes the data set (scikit-learn) and caches it by content; a new process then loads it
    without importing scikit-learn, array for array equal to the set made afresh."""
    code = ("import sys, numpy as np; from hwverify.model.zoo import load_dataset; d = load_dataset('digits_cnn'); "
            "print('sklearn' in sys.modules); np.savez(sys.argv[1], x_train=d.x_train, y_train=d.y_train, "
            "x_test=d.x_test, y_test=d.y_test)")
    env = {**os.environ, "HWVERIFY_CACHE_DIR": str(tmp_path / "cache")}
    imported = []
    for run in ("first", "second"):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / f"{run}.npz")], env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        imported.append(out[-1])
    assert imported == ["True", "False"]
    entry = get_entry("digits_cnn")
    fresh = entry.load_data(entry.training.seed)
    with np.load(tmp_path / "second.npz") as cached:
        for field in ("x_train", "y_train", "x_test", "y_test"):
            assert cached[field].dtype == getattr(fresh, field).dtype
            assert np.array_equal(cached[field], getattr(fresh, field)), field
