"""A user's Keras/QKeras model file, loaded with the custom objects QKeras layers need."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hwverify.errors import ConfigError

T = TypeVar("T")

#: Suffixes of the model files Keras 2.14 loads (HDF5 and the Keras v3 format).
MODEL_SUFFIXES = (".h5", ".hdf5", ".keras")


def custom_objects() -> dict[str, Any]:
    """The Keras custom objects needed to load QKeras models."""
    from qkeras.utils import _add_supported_quantized_objects  # deferred: QKeras imports TensorFlow

    objects: dict[str, Any] = {}
    _add_supported_quantized_objects(objects)
    return objects


def without_autograph(build: Callable[[], T]) -> T:
    """``build()`` (a function that builds or loads a Keras model) with TensorFlow's autograph off.

    Building a model traces each layer's ``call`` symbolically, and autograph transpiling QKeras's ``call`` methods
    is most of that time (iris_mlp loads in 0.8 s instead of 2.4 s). hwverify runs models eagerly afterwards
    (``keras_layer_outputs``, ``classifier_accuracy``), where autograph plays no part, and ``fit`` traces its own
    functions with autograph on. A layer that needs autograph to be traced (Python control flow on tensors) raises a
    TypeError so; ``build()`` then runs again with autograph on."""
    try:
        from tensorflow.python.autograph.core import ag_ctx  # TensorFlow's own switch; no public one exists
    except ImportError:
        return build()
    try:
        with ag_ctx.ControlStatusCtx(status=ag_ctx.Status.DISABLED):
            return build()
    except TypeError:
        return build()


def read_model_file(path: Path) -> Any:
    """The Keras model saved at ``path`` (QKeras layers included, built with autograph off), without its training
    configuration; Keras's own error when it cannot be read."""
    import tensorflow as tf  # deferred: TensorFlow takes seconds to import

    return without_autograph(lambda: tf.keras.models.load_model(path, custom_objects=custom_objects(), compile=False))


def is_model_file(name: str | Path) -> bool:
    """True when ``name`` looks like a Keras model file (by its suffix), not a zoo entry's name."""
    return Path(name).suffix.lower() in MODEL_SUFFIXES


def load_keras_model(path: Path | str) -> Any:
    """The model saved at ``path`` (QKeras layers included), without its training configuration; ConfigError naming
    the file when it is missing or not a Keras model."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"model file {path} does not exist")
    if not is_model_file(path):
        raise ConfigError(f"model file {path}: expected a Keras model file ({', '.join(MODEL_SUFFIXES)})")
    try:
        return read_model_file(path)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise ConfigError(f"model file {path} could not be loaded as a Keras model: {error}") from None
