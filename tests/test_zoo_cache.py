"""Caching and determinism of trained zoo models, on the smallest entry (Iris MLP; about 40 s in all)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hwverify.cache import MANIFEST, Cache, file_sha256
from hwverify.model.zoo import ReferenceModel, load_reference_model
from hwverify.model.zoo.reference import MODEL_FILE


def _same_weights(first: ReferenceModel, second: ReferenceModel) -> bool:
    pairs = list(zip(first.model.get_weights(), second.model.get_weights(), strict=True))
    return bool(pairs) and all(np.array_equal(a, b) for a, b in pairs)


@pytest.fixture(scope="module")
def iris_cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    return Cache("models", root=tmp_path_factory.mktemp("zoo_cache"))


@pytest.fixture(scope="module")
def iris_quantized(iris_cache: Cache) -> ReferenceModel:
    return load_reference_model("iris_mlp", "quantized", iris_cache)


def test_first_call_trains_and_records_time_and_accuracy(iris_quantized: ReferenceModel, iris_cache: Cache) -> None:
    assert not iris_quantized.loaded_from_cache
    assert iris_quantized.train_seconds > 0
    assert iris_quantized.quantized and iris_quantized.logits_layers == ("logits",)
    entry_dir = iris_cache.entry_dir(iris_quantized.cache_key)
    metadata = json.loads((entry_dir / MANIFEST).read_text())["metadata"]
    assert metadata["test_accuracy"] == iris_quantized.test_accuracy
    assert metadata["train_seconds"] == pytest.approx(iris_quantized.train_seconds)
    assert (entry_dir / MODEL_FILE).stat().st_size > 0


def test_pruning_is_stripped_and_sparsity_reached(iris_quantized: ReferenceModel) -> None:
    names = [layer.name for layer in iris_quantized.model.layers]
    assert not [name for name in names if "prune" in name]
    for name in ("fc1", "fc2", "fc3", "logits"):
        kernel = iris_quantized.model.get_layer(name).get_weights()[0]
        assert np.mean(kernel == 0) >= 0.74, name


def test_second_call_loads_from_cache_without_training(iris_quantized: ReferenceModel, iris_cache: Cache) -> None:
    again = load_reference_model("iris_mlp", "quantized", iris_cache)
    assert again.loaded_from_cache and again.train_seconds == 0.0
    assert again.cache_key == iris_quantized.cache_key
    assert again.test_accuracy == iris_quantized.test_accuracy
    assert _same_weights(again, iris_quantized)


def test_training_twice_gives_identical_weights(iris_quantized: ReferenceModel, tmp_path: Path) -> None:
    retrained = load_reference_model("iris_mlp", "quantized", Cache("models", root=tmp_path))
    assert not retrained.loaded_from_cache
    assert _same_weights(retrained, iris_quantized)
    assert retrained.cache_key == iris_quantized.cache_key


def _trained_float(tmp_path: Path) -> tuple[Cache, ReferenceModel, Path]:
    cache = Cache("models", root=tmp_path)
    first = load_reference_model("iris_mlp", "float", cache)
    return cache, first, cache.entry_dir(first.cache_key)


def _rebuilt(cache: Cache, first: ReferenceModel) -> ReferenceModel:
    again = load_reference_model("iris_mlp", "float", cache)
    assert not again.loaded_from_cache and again.train_seconds > 0
    assert _same_weights(again, first)
    assert cache.lookup(first.cache_key) is not None
    return again


def test_truncated_model_file_is_detected_and_rebuilt(tmp_path: Path) -> None:
    cache, first, entry_dir = _trained_float(tmp_path)
    model_file = entry_dir / MODEL_FILE
    model_file.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 2])
    _rebuilt(cache, first)


def test_flipped_byte_is_detected_and_rebuilt(tmp_path: Path) -> None:
    cache, first, entry_dir = _trained_float(tmp_path)
    model_file = entry_dir / MODEL_FILE
    payload = bytearray(model_file.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    model_file.write_bytes(bytes(payload))
    _rebuilt(cache, first)


def test_unfinished_entry_without_manifest_is_rebuilt(tmp_path: Path) -> None:
    cache, first, entry_dir = _trained_float(tmp_path)
    (entry_dir / MANIFEST).unlink()
    _rebuilt(cache, first)


def test_unloadable_entry_with_a_consistent_manifest_is_rebuilt(tmp_path: Path) -> None:
    """A model file that matches its manifest but is not a model (e.g. written by a broken run) is not used."""
    cache, first, entry_dir = _trained_float(tmp_path)
    model_file = entry_dir / MODEL_FILE
    model_file.write_bytes(b"not an HDF5 file")
    manifest = json.loads((entry_dir / MANIFEST).read_text())
    manifest["files"][MODEL_FILE] = file_sha256(model_file)
    (entry_dir / MANIFEST).write_text(json.dumps(manifest))
    assert cache.lookup(first.cache_key) is not None  # the hash check alone would accept it
    _rebuilt(cache, first)
