"""The zoo's entries: one per system of the seed studies, with its data, architecture and training recipe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hwverify.errors import UnknownModel
from hwverify.model.zoo import architecture as arch
from hwverify.model.zoo import dataset
from hwverify.model.zoo.architecture import LayerKit, PruningSpec

if TYPE_CHECKING:
    import tensorflow as tf

VARIANTS = ("float", "pruned", "quantized")


@dataclass(frozen=True)
class ZooEntry:
    """One reference system: its data, architecture (per variant) and training recipe.

    ``load_data`` makes the data set from the training seed; ``build`` the untrained model from the layer kit of a
    variant (:meth:`layer_kit`).
    """

    name: str
    description: str
    training: TrainingSpec
    pruning: PruningSpec
    load_data: Callable[[int], dataset.Dataset]
    build: Callable[[LayerKit], tf.keras.Model]
    variants: tuple[str, ...] = VARIANTS
    #: Names of the layers before each softmax/sigmoid output, in the order of the model's outputs.
    logits_layers: tuple[str, ...] = ("logits",)
    #: What each output is, in order: "class" (softmax over classes) or "reconstruction" (sigmoid of inputs).
    output_kinds: tuple[str, ...] = ("class",)
    #: Whether the quantized variant is pruned too (the Iris study combined QKeras and pruning).
    prune_quantized: bool = False
    #: L1 regularisation of the kernels.
    l1: float = 0.0

    @property
    def classifier_output(self) -> int:
        """Index of the first classifier ("class") output."""
        return self.output_kinds.index("class")

    def layer_kit(self, variant: str) -> LayerKit:
        """The layer factory of one variant (validated)."""
        check_variant(self, variant)
        quantized = variant == "quantized"
        pruned = variant == "pruned" or (quantized and self.prune_quantized)
        return LayerKit(quantized=quantized, pruning=self.pruning if pruned else None, l1=self.l1)


@dataclass(frozen=True)
class TrainingSpec:
    """How an entry is trained: Adam with this learning rate, for this many epochs and this batch size."""

    epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    #: Weight of the reconstruction loss (mean squared error) for models that have a reconstruction output.
    reconstruction_weight: float = 1.0


def check_variant(entry: ZooEntry, variant: str) -> None:
    """Raise :class:`UnknownModel` unless ``variant`` is one of the entry's variants."""
    if variant not in entry.variants:
        raise UnknownModel(
            f"zoo entry '{entry.name}' has no variant '{variant}'; choose one of {', '.join(entry.variants)}"
        )


def _tutorial_mlp(name: str, n_inputs: int, n_classes: int, description: str, training: TrainingSpec,
                  load_data: Callable[[int], dataset.Dataset], prune_quantized: bool = False) -> ZooEntry:
    """The hls4ml tutorial's MLP ``n_inputs -> 64 -> 32 -> 32 -> n_classes``: L1 1e-4, 75% pruning on every Dense."""
    return ZooEntry(
        name=name,
        description=description,
        training=training,
        pruning=PruningSpec(sparsity=0.75, begin_step=200, frequency=40),
        prune_quantized=prune_quantized,
        l1=1e-4,
        load_data=load_data,
        build=lambda kit: arch.mlp(kit, n_inputs, (64, 32, 32), n_classes, name),
    )


def _iris(description: str) -> ZooEntry:
    """Iris MLP 4 -> 64 -> 32 -> 32 -> 3 with ReLUs and softmax, L1 1e-4; pruned: 75% constant sparsity on every Dense;
    quantized: QKeras quantized_bits(6,0,alpha=1) weights/biases, quantized_relu(6), and 75% pruning as in the study
    """
    training = TrainingSpec(epochs=100, batch_size=16, learning_rate=3e-3, seed=20240401)
    return _tutorial_mlp("iris_mlp", 4, 3, description, training, dataset.iris_data, prune_quantized=True)


def _jet_tagger(description: str) -> ZooEntry:
    """hls4ml tutorial jet tagger 16 -> 64 -> 32 -> 32 -> 5 with ReLUs and softmax, L1 1e-4, on SYNTHETIC jet-like
    features (see dataset.jet_like_data); pruned: 75% on every Dense; quantized: QKeras 6-bit, not pruned
    """
    training = TrainingSpec(epochs=15, batch_size=256, learning_rate=3e-3, seed=20240405)
    return _tutorial_mlp("jet_tagger", 16, 5, description, training, dataset.jet_like_data)


def _digits_autoencoder(description: str) -> ZooEntry:
    """Autoencoder on 8x8 digits with 5-bit pixels: 64 -> 32 -> 16 -> 2 (linear latent) -> 16 -> 32 -> 64 (sigmoid),
    classifier head 2 -> 16 -> 32 -> 10 (softmax) on the latent; outputs (reconstruction, class); pruned: 85%
    sparsity on the 16-node layers only; quantized: QKeras 6-bit, not pruned
    """
    return ZooEntry(
        name="digits_autoencoder",
        description=description,
        logits_layers=("recon_logits", "class_logits"),
        output_kinds=("reconstruction", "class"),
        training=TrainingSpec(epochs=60, batch_size=32, learning_rate=3e-3, seed=20240402, reconstruction_weight=5.0),
        pruning=PruningSpec(sparsity=0.85, begin_step=900, frequency=90, layers=arch.DIGITS_AE_PRUNED_LAYERS),
        load_data=dataset.digits_vector_data,
        build=arch.digits_autoencoder,
    )


@dataclass(frozen=True)
class _CnnShape:
    """The arguments of :func:`architecture.cnn` after the layer kit."""

    input_shape: tuple[int, int, int]
    filters: tuple[int, int, int]
    dense_units: tuple[int, int]
    padding: str
    dense_batchnorm: bool


def _cnn_entry(name: str, description: str, shape: _CnnShape, training: TrainingSpec, pruning: PruningSpec,
               load_data: Callable[[int], dataset.Dataset]) -> ZooEntry:
    """A CNN of :func:`architecture.cnn` (three conv blocks, two dense blocks, softmax over ten digits)."""
    def build(kit: LayerKit) -> tf.keras.Model:
        return arch.cnn(kit, shape.input_shape, shape.filters, shape.dense_units, shape.padding,
                        shape.dense_batchnorm, name)

    return ZooEntry(name=name, description=description, training=training, pruning=pruning, load_data=load_data,
                    build=build)


def _digits_cnn(description: str) -> ZooEntry:
    """CNN on 8x8x1 digits with 5-bit pixels: three blocks Conv2D(3x3, 'same'; 8, 16, 16 filters) -> BatchNorm -> ReLU
    -> MaxPool 2x2 (8 -> 4 -> 2 -> 1), Flatten, Dense 32 -> ReLU, Dense 16 -> ReLU, Dense 10 -> softmax; pruned: 50%
    on every Conv/Dense; quantized: QKeras 6-bit without BatchNorm
    """
    return _cnn_entry(
        "digits_cnn", description, _CnnShape((8, 8, 1), (8, 16, 16), (32, 16), "same", dense_batchnorm=False),
        TrainingSpec(epochs=30, batch_size=32, learning_rate=3e-3, seed=20240403),
        PruningSpec(sparsity=0.5, begin_step=450, frequency=45), dataset.digits_image_data,
    )


def _svhn_cnn(description: str) -> ZooEntry:
    """The hls4ml convolutional paper's SVHN benchmark CNN on 32x32x3: Conv2D 16, 16, 24 (3x3, 'valid', no bias) each
    -> BatchNorm -> ReLU -> MaxPool 2x2 (32->30->15->13->6->4->2), Flatten (96), Dense 42 and Dense 64 (no bias) ->
    BatchNorm -> ReLU, Dense 10 -> softmax; weights per layer 432, 2304, 3456, 4032, 2688, 640; trained on SYNTHETIC
    SVHN-like colour digits (see dataset.svhn_like_data); pruned: 50% on every Conv/Dense; quantized: QKeras 6-bit
    (quantized_bits(6,0,alpha=1), quantized_relu(6)), BatchNorm dropped and biases used instead
    """
    return _cnn_entry(
        "svhn_cnn", description, _CnnShape((32, 32, 3), (16, 16, 24), (42, 64), "valid", dense_batchnorm=True),
        TrainingSpec(epochs=12, batch_size=64, learning_rate=3e-3, seed=20240404),
        PruningSpec(sparsity=0.5, begin_step=150, frequency=50), dataset.svhn_like_data,
    )


def _entry(factory: Callable[[str], ZooEntry]) -> ZooEntry:
    """The entry a factory makes, described by the factory's docstring (on one line)."""
    return factory(" ".join((factory.__doc__ or "").split()))


_ENTRIES: dict[str, ZooEntry] = {
    entry.name: entry for entry in map(_entry, (_iris, _digits_autoencoder, _digits_cnn, _svhn_cnn, _jet_tagger))
}


def zoo_entries() -> dict[str, ZooEntry]:
    """Every zoo entry by name."""
    return dict(_ENTRIES)


def get_entry(name: str) -> ZooEntry:
    """The entry called ``name``, or :class:`UnknownModel` listing the entries that exist."""
    try:
        return _ENTRIES[name]
    except KeyError:
        raise UnknownModel(f"no zoo entry '{name}'; the zoo has {', '.join(_ENTRIES)}") from None
