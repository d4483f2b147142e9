"""A user's Keras/QKeras model file, loaded with the custom objects QKeras layers need."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hwverify.errors import ConfigError

#: Suffixes of the model files Keras 2.14 loads (HDF5 and the Keras v3 format).
MODEL_SUFFIXES = (".h5", ".hdf5", ".keras")


def custom_objects() -> dict[str, Any]:
    """The Keras custom objects needed to load QKeras models."""
    from qkeras.utils import _add_supported_quantized_objects  # deferred: QKeras imports TensorFlow

    objects: dict[str, Any] = {}
    _add_supported_quantized_objects(objects)
    return objects


def is_model_file(name: str | Path) -> bool:
    """True when ``name`` looks like a Keras model file (by its suffix), not a zoo entry's name."""
    return Path(name).suffix.lower() in MODEL_SUFFIXES


def load_keras_model(path: Path | str) -> Any:
    """The model saved at ``path`` (QKeras layers included), without its training configuration; ConfigError naming
    the file when it is missing or not a Keras model."""
    import tensorflow as tf  # deferred: TensorFlow takes seconds to import

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"model file {path} does not exist")
    if not is_model_file(path):
        raise ConfigError(f"model file {path}: expected a Keras model file ({', '.join(MODEL_SUFFIXES)})")
    try:
        return tf.keras.models.load_model(path, custom_objects=custom_objects(), compile=False)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise ConfigError(f"model file {path} could not be loaded as a Keras model: {error}") from None
