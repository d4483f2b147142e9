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
class TrainingSpec:
    """How an entry is trained: Adam with this learning rate, for this many epochs and this batch size."""

    epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    #: Weight of the reconstruction loss (mean squared error) for models that have a reconstruction output.
    reconstruction_weight: float = 1.0


@dataclass(frozen=True)
class ZooEntry:
    """One reference system: its data, architecture (per variant) and training recipe."""

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


def check_variant(entry: ZooEntry, variant: str) -> None:
    """Raise :class:`UnknownModel` unless ``variant`` is one of the entry's variants."""
    if variant not in entry.variants:
        raise UnknownModel(
            f"zoo entry '{entry.name}' has no variant '{variant}'; choose one of {', '.join(entry.variants)}"
        )


def _iris() -> ZooEntry:
    return ZooEntry(
        name="iris_mlp",
        description=(
            "Iris MLP 4 -> 64 -> 32 -> 32 -> 3 with ReLUs and softmax, L1 1e-4; pruned: 75% constant sparsity on "
            "every Dense; quantized: QKeras quantized_bits(6,0,alpha=1) weights/biases, quantized_relu(6), "
            "and 75% pruning as in the study"
        ),
        training=TrainingSpec(epochs=100, batch_size=16, learning_rate=3e-3, seed=20240401),
        pruning=PruningSpec(sparsity=0.75, begin_step=200, frequency=40),
        prune_quantized=True,
        l1=1e-4,
        load_data=dataset.iris_data,
        build=lambda kit: arch.mlp(kit, 4, (64, 32, 32), 3, "iris_mlp"),
    )


def _digits_autoencoder() -> ZooEntry:
    return ZooEntry(
        name="digits_autoencoder",
        description=(
            "Autoencoder on 8x8 digits with 5-bit pixels: 64 -> 32 -> 16 -> 2 (linear latent) -> 16 -> 32 -> 64 "
            "(sigmoid), classifier head 2 -> 16 -> 32 -> 10 (softmax) on the latent; outputs (reconstruction, "
            "class); pruned: 85% sparsity on the 16-node layers only; quantized: QKeras 6-bit, not pruned"
        ),
        logits_layers=("recon_logits", "class_logits"),
        output_kinds=("reconstruction", "class"),
        training=TrainingSpec(epochs=60, batch_size=32, learning_rate=3e-3, seed=20240402, reconstruction_weight=5.0),
        pruning=PruningSpec(sparsity=0.85, begin_step=900, frequency=90, layers=arch.DIGITS_AE_PRUNED_LAYERS),
        load_data=dataset.digits_vector_data,
        build=arch.digits_autoencoder,
    )


def _digits_cnn() -> ZooEntry:
    return ZooEntry(
        name="digits_cnn",
        description=(
            "CNN on 8x8x1 digits with 5-bit pixels: three blocks Conv2D(3x3, 'same'; 8, 16, 16 filters) -> "
            "BatchNorm -> ReLU -> MaxPool 2x2 (8 -> 4 -> 2 -> 1), Flatten, Dense 32 -> ReLU, Dense 16 -> ReLU, "
            "Dense 10 -> softmax; pruned: 50% on every Conv/Dense; quantized: QKeras 6-bit without BatchNorm"
        ),
        training=TrainingSpec(epochs=30, batch_size=32, learning_rate=3e-3, seed=20240403),
        pruning=PruningSpec(sparsity=0.5, begin_step=450, frequency=45),
        load_data=dataset.digits_image_data,
        build=lambda kit: arch.cnn(kit, (8, 8, 1), (8, 16, 16), (32, 16), "same", False, "digits_cnn"),
    )


def _svhn_cnn() -> ZooEntry:
    return ZooEntry(
        name="svhn_cnn",
        description=(
            "The hls4ml convolutional paper's SVHN benchmark CNN on 32x32x3: Conv2D 16, 16, 24 (3x3, 'valid', "
            "no bias) each -> BatchNorm -> ReLU -> MaxPool 2x2 (32->30->15->13->6->4->2), Flatten (96), "
            "Dense 42 and Dense 64 (no bias) -> BatchNorm -> ReLU, Dense 10 -> softmax; weights per layer "
            "432, 2304, 3456, 4032, 2688, 640; trained on SYNTHETIC SVHN-like colour digits (see "
            "dataset.svhn_like_data); pruned: 50% on every Conv/Dense; quantized: QKeras 6-bit "
            "(quantized_bits(6,0,alpha=1), quantized_relu(6)), BatchNorm dropped and biases used instead"
        ),
        training=TrainingSpec(epochs=12, batch_size=64, learning_rate=3e-3, seed=20240404),
        pruning=PruningSpec(sparsity=0.5, begin_step=150, frequency=50),
        load_data=dataset.svhn_like_data,
        build=lambda kit: arch.cnn(kit, (32, 32, 3), (16, 16, 24), (42, 64), "valid", True, "svhn_cnn"),
    )


def _jet_tagger() -> ZooEntry:
    return ZooEntry(
        name="jet_tagger",
        description=(
            "hls4ml tutorial jet tagger 16 -> 64 -> 32 -> 32 -> 5 with ReLUs and softmax, L1 1e-4, on SYNTHETIC "
            "jet-like features (see dataset.jet_like_data); pruned: 75% on every Dense; quantized: QKeras 6-bit, "
            "not pruned"
        ),
        training=TrainingSpec(epochs=15, batch_size=256, learning_rate=3e-3, seed=20240405),
        pruning=PruningSpec(sparsity=0.75, begin_step=200, frequency=40),
        l1=1e-4,
        load_data=dataset.jet_like_data,
        build=lambda kit: arch.mlp(kit, 16, (64, 32, 32), 5, "jet_tagger"),
    )


_ENTRIES: dict[str, ZooEntry] = {
    entry.name: entry for entry in (_iris(), _digits_autoencoder(), _digits_cnn(), _svhn_cnn(), _jet_tagger())
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
