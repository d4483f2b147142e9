"""Trained reference models, built once and cached by content hash.

The cache key covers the untrained model's architecture JSON, the data arrays, the training recipe
(seed and hyperparameters), a recipe version and the versions of the packages that affect training.
An entry holds ``model.h5`` and, in its manifest, the training time and test accuracy. A corrupt or
unfinished entry fails the cache's SHA-256 check and is rebuilt; an entry that passes the check but
cannot be loaded, or whose accuracy no longer matches its metadata, is removed and rebuilt as well.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hwverify import fixed as fixed_module
from hwverify.cache import Cache, CacheEntry, content_hash
from hwverify.errors import HwverifyError
from hwverify.model.keras_file import read_model_file, without_autograph
from hwverify.model.zoo import dataset as dataset_module
from hwverify.model.zoo.dataset import Dataset
from hwverify.model.zoo.registry import ZooEntry, check_variant, get_entry
from hwverify.model.zoo.training import classifier_accuracy, seed_everything, train
from hwverify.tools import package_versions

if TYPE_CHECKING:
    import tensorflow as tf

#: Bump when the training code changes in a way the other key parts do not capture.
RECIPE_VERSION = 1
MODEL_FILE = "model.h5"
CACHE_NAMESPACE = "models"
DATASET_NAMESPACE = "datasets"
DATASET_FILE = "arrays.npz"
_DATASET_ARRAYS = ("x_train", "y_train", "x_test", "y_test")


@dataclass(frozen=True)
class ReferenceModel:
    """A trained zoo model (pruning stripped) with its data and provenance."""

    name: str
    variant: str
    model: tf.keras.Model
    data: Dataset
    #: Names of the layers before each softmax/sigmoid output, in the order of the model's outputs.
    logits_layers: tuple[str, ...]
    quantized: bool
    cache_key: str
    loaded_from_cache: bool
    #: Wall time of building and training; 0.0 when the model was loaded from the cache.
    train_seconds: float
    #: Accuracy of the first classifier output on ``data.x_test``.
    test_accuracy: float


@functools.lru_cache(maxsize=None)
def load_dataset(name: str) -> Dataset:
    """The data set of zoo entry ``name`` (read-only arrays, inputs on the ``ap_fixed<16,6>`` grid).

    Made once and cached by content (the code that makes the data sets and the fixed-point grid they are snapped
    to, the seed, the versions of scikit-learn and numpy): a cached set loads without importing scikit-learn
    (about a second)."""
    entry = get_entry(name)
    sources = [Path(module.__file__).read_bytes() for module in (dataset_module, fixed_module)]
    key = content_hash(
        "hwverify.model.zoo.dataset", name, entry.training.seed, *sources, package_versions(("scikit-learn", "numpy"))
    )

    def make(path: Path) -> dict[str, Any]:
        data = entry.load_data(entry.training.seed)
        np.savez(path / DATASET_FILE, **{field: getattr(data, field) for field in _DATASET_ARRAYS})
        return {"description": data.description}

    cached, _ = Cache(DATASET_NAMESPACE).get_or_build(key, make)
    with np.load(cached.path / DATASET_FILE, allow_pickle=False) as arrays:
        data = Dataset(**{field: arrays[field] for field in _DATASET_ARRAYS},
                       description=str(cached.metadata["description"]))
    for array in (data.x_train, data.y_train, data.x_test, data.y_test):
        array.setflags(write=False)
    return data


def build_model(name: str, variant: str) -> tf.keras.Model:
    """The untrained model of one entry and variant, with seeded (reproducible) initial weights.

    Pruned variants come with their layers wrapped in tfmot's ``PruneLowMagnitude``, ready to train.
    Seeds Python, numpy and TensorFlow and turns on TensorFlow's op determinism (process-wide).
    """
    entry = get_entry(name)
    kit = entry.layer_kit(variant)

    def seeded_build() -> tf.keras.Model:
        seed_everything(entry.training.seed)
        return entry.build(kit)

    return without_autograph(seeded_build)


def cache_key(entry: ZooEntry, untrained: tf.keras.Model, data: Dataset) -> str:
    """The content hash that identifies one trained model."""
    return content_hash(
        "hwverify.model.zoo",
        RECIPE_VERSION,
        untrained.to_json(),
        data.x_train,
        data.y_train,
        data.x_test,
        data.y_test,
        dataclasses.asdict(entry.training),
        package_versions(),
    )


def load_reference_model(name: str, variant: str = "quantized", cache: Cache | None = None) -> ReferenceModel:
    """The trained model of one entry and variant: from the cache, or trained now and cached."""
    entry = get_entry(name)
    check_variant(entry, variant)
    cache = cache if cache is not None else Cache(CACHE_NAMESPACE)
    data = load_dataset(name)
    key = cache_key(entry, build_model(name, variant), data)

    def build(path: Path) -> dict[str, Any]:
        return _train_and_save(entry, variant, data, path)

    cached, built = cache.get_or_build(key, build)
    loaded = _load_verified(entry, cached, data)
    if loaded is None and not built:  # passed the hash check but is unusable: rebuild it
        shutil.rmtree(cached.path, ignore_errors=True)
        cached, built = cache.get_or_build(key, build)
        loaded = _load_verified(entry, cached, data)
    if loaded is None:
        raise HwverifyError(f"the zoo model {name}/{variant} trained into {cached.path} cannot be loaded back")
    model, accuracy = loaded
    return ReferenceModel(
        name=name,
        variant=variant,
        model=model,
        data=data,
        logits_layers=entry.logits_layers,
        quantized=variant == "quantized",
        cache_key=key,
        loaded_from_cache=not built,
        train_seconds=float(cached.metadata["train_seconds"]) if built else 0.0,
        test_accuracy=accuracy,
    )


def _train_and_save(entry: ZooEntry, variant: str, data: Dataset, path: Path) -> dict[str, Any]:
    start = time.perf_counter()
    model = train(entry, build_model(entry.name, variant), data)
    seconds = time.perf_counter() - start
    model.save(path / MODEL_FILE, save_format="h5", include_optimizer=False)
    reloaded = read_model_file(path / MODEL_FILE)
    accuracy = classifier_accuracy(entry, reloaded, data.x_test, data.y_test)
    return {"name": entry.name, "variant": variant, "train_seconds": seconds, "test_accuracy": accuracy}


def _load_verified(entry: ZooEntry, cached: CacheEntry, data: Dataset) -> tuple[tf.keras.Model, float] | None:
    """The cached model and its recomputed test accuracy, or None if it cannot be loaded or disagrees with its metadata."""
    try:
        model = read_model_file(cached.path / MODEL_FILE)
        accuracy = classifier_accuracy(entry, model, data.x_test, data.y_test)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if accuracy != cached.metadata.get("test_accuracy"):
        return None
    return model, accuracy
