"""Small Keras/QKeras models built in milliseconds, for tests that need a real model but no training."""

from __future__ import annotations

from typing import Any

import numpy as np


def tiny_qkeras_mlp(seed: int = 1, n_in: int = 4, n_hidden: int = 8, n_out: int = 3, softmax: bool = True) -> Any:
    """Input -> QDense -> quantized ReLU -> QDense (logits) [-> softmax], 6-bit weights, random initial weights."""
    import tensorflow as tf
    from qkeras import QActivation, QDense, quantized_bits, quantized_relu

    tf.keras.utils.set_random_seed(seed)
    quantizer = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((n_in,), name="features")
    x = QDense(n_hidden, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="fc1")(inputs)
    x = QActivation(quantized_relu(6), name="relu1")(x)
    x = QDense(n_out, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="logits")(x)
    outputs = tf.keras.layers.Activation("softmax", name="softmax")(x) if softmax else x
    return tf.keras.Model(inputs, outputs, name="tiny_qmlp")


def tiny_float_mlp(seed: int = 1) -> Any:
    """The same shape without quantizers."""
    import tensorflow as tf

    tf.keras.utils.set_random_seed(seed)
    inputs = tf.keras.layers.Input((4,), name="features")
    x = tf.keras.layers.Dense(8, name="fc1")(inputs)
    x = tf.keras.layers.Activation("relu", name="relu1")(x)
    x = tf.keras.layers.Dense(3, name="logits")(x)
    outputs = tf.keras.layers.Activation("softmax", name="softmax")(x)
    return tf.keras.Model(inputs, outputs, name="tiny_mlp")


def on_grid_inputs(n: int, shape: tuple[int, ...] = (4,), seed: int = 0, scale: float = 4.0) -> np.ndarray:
    """Uniform random inputs on the ap_fixed<16,6> grid."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-scale, scale, (n, *shape)) * 1024) / 1024


def tiny_qkeras_cnn(seed: int = 3, padding: str = "valid", softmax: bool = True) -> Any:
    """8x8x1 image -> QConv2D 3x3 (4 filters) -> quantized ReLU -> MaxPool 2x2 -> Flatten -> QDense 10
    [-> softmax], 6-bit weights, random initial weights (the shape of an io_stream CNN, in miniature)."""
    import tensorflow as tf
    from qkeras import QActivation, QConv2D, QDense, quantized_bits, quantized_relu

    tf.keras.utils.set_random_seed(seed)
    quantizer = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((8, 8, 1), name="image")
    x = QConv2D(4, (3, 3), padding=padding, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="conv1")(inputs)
    x = QActivation(quantized_relu(6), name="relu1")(x)
    x = tf.keras.layers.MaxPooling2D((2, 2), name="pool1")(x)
    x = tf.keras.layers.Flatten(name="flatten")(x)
    x = QDense(10, kernel_quantizer=quantizer, bias_quantizer=quantizer, name="logits")(x)
    outputs = tf.keras.layers.Activation("softmax", name="softmax")(x) if softmax else x
    return tf.keras.Model(inputs, outputs, name="tiny_qcnn")


def digits_images(n: int) -> np.ndarray:
    """The first ``n`` scikit-learn 8x8 digits as (n, 8, 8, 1) images scaled to [0, 1]."""
    from sklearn.datasets import load_digits

    return load_digits().images[:n].reshape(-1, 8, 8, 1) / 16.0
