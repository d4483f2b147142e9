"""Keras architectures of the zoo, one builder per entry, each in a float, pruned and QKeras variant.

Conventions every builder follows (they make hls4ml's conversion map one to one and bit-exact):

- every layer has an explicit name (the input is ``model_input``: hls4ml reserves ``input``), so a Keras layer name is also the hls4ml layer name;
- activations are separate layers (``Activation`` / ``QActivation``), never ``activation=`` arguments;
- each softmax/sigmoid output is its own ``Activation`` layer, and the layer before it (the logits) is
  named in the builder's ``logits_layers``;
- QKeras variants use ``quantized_bits(6, 0, alpha=1)`` kernels and biases on every Dense/Conv and
  ``quantized_relu(6)`` activations, and have no BatchNorm: hls4ml 1.3 does not fuse a BatchNorm into a
  quantized Dense/Conv, and an unfused one is computed with ``ap_fixed<16,6>`` scale and bias, which is
  not bit-exact with Keras' float BatchNorm; those Dense/Conv layers carry a (quantized) bias instead;
- pruned layers are wrapped in tfmot's ``PruneLowMagnitude`` (the wrapper is stripped after training,
  which restores the inner layer's name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tensorflow as tf

QUANT_BITS = 6
WEIGHT_QUANTIZER = f"quantized_bits({QUANT_BITS},0,alpha=1)"
RELU_QUANTIZER = f"quantized_relu({QUANT_BITS})"
#: Name of every model's input layer ("input" is reserved by hls4ml's ModelGraph).
INPUT_LAYER = "model_input"


@dataclass(frozen=True)
class PruningSpec:
    """tfmot constant-sparsity pruning of the named layers (all Dense/Conv layers when ``layers`` is empty)."""

    sparsity: float
    begin_step: int
    frequency: int
    layers: tuple[str, ...] = ()

    def applies_to(self, layer_name: str) -> bool:
        """Whether the layer of this name is pruned."""
        return not self.layers or layer_name in self.layers


@dataclass(frozen=True)
class LayerKit:
    """Makes the layers of one variant: plain or QKeras, optionally pruned, optionally L1-regularised."""

    quantized: bool
    pruning: PruningSpec | None
    l1: float = 0.0

    def dense(self, units: int, name: str, use_bias: bool = True) -> Any:
        """A Dense (or QDense, which always has a bias) layer, wrapped for pruning if the pruning spec covers it."""
        from qkeras import QDense
        from tensorflow import keras

        if self.quantized:
            layer = QDense(units, name=name, use_bias=True, **self._quantizer_args())
        else:
            layer = keras.layers.Dense(units, name=name, use_bias=use_bias, **self._regulariser_args())
        return self._maybe_prune(layer)

    def conv(self, filters: int, name: str, padding: str, use_bias: bool = True) -> Any:
        """A 3x3 Conv2D (or QConv2D, which always has a bias) layer, wrapped for pruning if the spec covers it."""
        from qkeras import QConv2D
        from tensorflow import keras

        if self.quantized:
            layer = QConv2D(filters, (3, 3), padding=padding, name=name, use_bias=True, **self._quantizer_args())
        else:
            layer = keras.layers.Conv2D(
                filters, (3, 3), padding=padding, name=name, use_bias=use_bias, **self._regulariser_args()
            )
        return self._maybe_prune(layer)

    def relu(self, name: str) -> Any:
        """ReLU, or ``quantized_relu(6)`` in QKeras variants."""
        from qkeras import QActivation
        from tensorflow import keras

        return QActivation(RELU_QUANTIZER, name=name) if self.quantized else keras.layers.Activation("relu", name=name)

    def batchnorm(self, x: Any, name: str) -> Any:
        """BatchNorm applied to ``x`` in float/pruned variants; skipped (identity) in QKeras variants."""
        from tensorflow import keras

        return x if self.quantized else keras.layers.BatchNormalization(name=name)(x)

    def _quantizer_args(self) -> dict[str, Any]:
        from qkeras import quantized_bits

        return {
            "kernel_quantizer": quantized_bits(QUANT_BITS, 0, alpha=1),
            "bias_quantizer": quantized_bits(QUANT_BITS, 0, alpha=1),
            **self._regulariser_args(),
        }

    def _regulariser_args(self) -> dict[str, Any]:
        from tensorflow import keras

        return {"kernel_regularizer": keras.regularizers.l1(self.l1)} if self.l1 > 0 else {}

    def _maybe_prune(self, layer: Any) -> Any:
        if self.pruning is None or not self.pruning.applies_to(layer.name):
            return layer
        import tensorflow_model_optimization as tfmot

        schedule = tfmot.sparsity.keras.ConstantSparsity(
            self.pruning.sparsity, begin_step=self.pruning.begin_step, frequency=self.pruning.frequency
        )
        return tfmot.sparsity.keras.prune_low_magnitude(layer, pruning_schedule=schedule)


def _input(shape: tuple[int, ...]) -> Any:
    from tensorflow import keras

    return keras.Input(shape=shape, name=INPUT_LAYER)


def _activation(kind: str, name: str) -> Any:
    from tensorflow import keras

    return keras.layers.Activation(kind, name=name)


def mlp(kit: LayerKit, n_in: int, hidden: tuple[int, ...], n_out: int, name: str) -> tf.keras.Model:
    """``n_in -> hidden... -> n_out`` with ReLUs, logits layer ``logits``, then ``softmax``."""
    from tensorflow import keras

    inputs = _input((n_in,))
    x = inputs
    for k, units in enumerate(hidden, start=1):
        x = kit.dense(units, f"fc{k}")(x)
        x = kit.relu(f"relu{k}")(x)
    x = kit.dense(n_out, "logits")(x)
    return keras.Model(inputs, _activation("softmax", "softmax")(x), name=name)


def digits_autoencoder(kit: LayerKit) -> tf.keras.Model:
    """64 -> 32 -> 16 -> 2 (linear latent) -> 16 -> 32 -> 64 (``recon_logits`` -> ``recon_sigmoid``),
    with a classifier head on the latent: 2 -> 16 -> 32 -> 10 (``class_logits`` -> ``class_softmax``).

    Outputs, in order: reconstruction, class probabilities.
    """
    from tensorflow import keras

    inputs = _input((64,))
    x = kit.relu("enc_relu1")(kit.dense(32, "enc_fc1")(inputs))
    x = kit.relu("enc_relu2")(kit.dense(16, "enc_fc2")(x))
    latent = kit.dense(2, "latent")(x)
    x = kit.relu("dec_relu1")(kit.dense(16, "dec_fc1")(latent))
    x = kit.relu("dec_relu2")(kit.dense(32, "dec_fc2")(x))
    recon = _activation("sigmoid", "recon_sigmoid")(kit.dense(64, "recon_logits")(x))
    c = kit.relu("cls_relu1")(kit.dense(16, "cls_fc1")(latent))
    c = kit.relu("cls_relu2")(kit.dense(32, "cls_fc2")(c))
    probs = _activation("softmax", "class_softmax")(kit.dense(10, "class_logits")(c))
    return keras.Model(inputs, [recon, probs], name="digits_autoencoder")


DIGITS_AE_PRUNED_LAYERS = ("enc_fc2", "dec_fc1", "cls_fc1")  # the 16-node layers


def _conv_block(kit: LayerKit, x: Any, k: int, filters: int, padding: str) -> Any:
    from tensorflow import keras

    x = kit.conv(filters, f"conv{k}", padding, use_bias=False)(x)
    x = kit.batchnorm(x, f"bn{k}")
    x = kit.relu(f"relu{k}")(x)
    return keras.layers.MaxPooling2D((2, 2), name=f"pool{k}")(x)


def _dense_block(kit: LayerKit, x: Any, k: int, units: int, batchnorm: bool) -> Any:
    x = kit.dense(units, f"fc{k}", use_bias=not batchnorm)(x)
    if batchnorm:
        x = kit.batchnorm(x, f"bn_fc{k}")
    return kit.relu(f"relu_fc{k}")(x)


def cnn(
    kit: LayerKit,
    input_shape: tuple[int, int, int],
    filters: tuple[int, int, int],
    dense_units: tuple[int, int],
    padding: str,
    dense_batchnorm: bool,
    name: str,
) -> tf.keras.Model:
    """Three Conv(3x3, no bias)-BN-ReLU-MaxPool(2x2) blocks, Flatten, two Dense-(BN)-ReLU blocks, Dense(10), softmax."""
    from tensorflow import keras

    inputs = _input(input_shape)
    x = inputs
    for k, n_filters in enumerate(filters, start=1):
        x = _conv_block(kit, x, k, n_filters, padding)
    x = keras.layers.Flatten(name="flatten")(x)
    for k, units in enumerate(dense_units, start=1):
        x = _dense_block(kit, x, k, units, dense_batchnorm)
    x = kit.dense(10, "logits")(x)
    return keras.Model(inputs, _activation("softmax", "softmax")(x), name=name)
