"""Deterministic training of a zoo model: seeded, op-deterministic, pruning wrappers stripped afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hwverify.model.zoo.dataset import Dataset
from hwverify.model.zoo.registry import ZooEntry

if TYPE_CHECKING:
    import tensorflow as tf


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and TensorFlow and make TensorFlow's ops deterministic."""
    import tensorflow as tf

    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def is_pruning_wrapped(model: tf.keras.Model) -> bool:
    """Whether any layer of ``model`` is wrapped for tfmot pruning."""
    from tensorflow_model_optimization.python.core.sparsity.keras.pruning_wrapper import PruneLowMagnitude

    return any(isinstance(layer, PruneLowMagnitude) for layer in model.layers)


def _targets(entry: ZooEntry, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    return [x.reshape(len(x), -1) if kind == "reconstruction" else y for kind in entry.output_kinds]


def _losses(entry: ZooEntry) -> tuple[list[str], list[float]]:
    losses = ["mse" if kind == "reconstruction" else "sparse_categorical_crossentropy" for kind in entry.output_kinds]
    weights = [entry.training.reconstruction_weight if kind == "reconstruction" else 1.0 for kind in entry.output_kinds]
    return losses, weights


def train(entry: ZooEntry, model: tf.keras.Model, data: Dataset) -> tf.keras.Model:
    """Train ``model`` (fresh from the builder) on ``data`` with the entry's recipe; return it with pruning stripped."""
    import tensorflow as tf
    import tensorflow_model_optimization as tfmot

    spec = entry.training
    seed_everything(spec.seed)
    losses, weights = _losses(entry)
    model.compile(optimizer=tf.keras.optimizers.Adam(spec.learning_rate), loss=losses, loss_weights=weights)
    callbacks: list[Any] = []
    if is_pruning_wrapped(model):
        callbacks.append(tfmot.sparsity.keras.UpdatePruningStep())
    model.fit(
        data.x_train,
        _targets(entry, data.x_train, data.y_train),
        epochs=spec.epochs,
        batch_size=spec.batch_size,
        shuffle=True,
        verbose=0,
        callbacks=callbacks,
    )
    return tfmot.sparsity.keras.strip_pruning(model) if callbacks else model


def classifier_accuracy(entry: ZooEntry, model: tf.keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """Accuracy of the entry's first classifier output on ``(x, y)``."""
    outputs = model(x, training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    predicted = np.argmax(np.asarray(outputs[entry.classifier_output]), axis=-1)
    return float(np.mean(predicted == y))
