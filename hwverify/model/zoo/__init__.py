"""Reference model zoo: the seed studies' systems, trained deterministically and cached.

Each entry comes in a float, a pruned (tfmot, stripped after training) and a QKeras-quantized variant.
Inputs lie on hls4ml's default input grid ``ap_fixed<16,6>`` and every softmax/sigmoid output has its
own layer, so Keras logits can be compared bit for bit with hls4ml's C simulation and the RTL.

    >>> from hwverify.model.zoo import load_reference_model
    >>> ref = load_reference_model("iris_mlp", "quantized")
    >>> ref.model.get_layer(ref.logits_layers[0])
"""

from hwverify.model.zoo.dataset import INPUT_TYPE, Dataset
from hwverify.model.keras_file import custom_objects
from hwverify.model.zoo.reference import ReferenceModel, build_model, load_dataset, load_reference_model
from hwverify.model.zoo.registry import VARIANTS, TrainingSpec, ZooEntry, zoo_entries

__all__ = [
    "INPUT_TYPE",
    "VARIANTS",
    "Dataset",
    "ReferenceModel",
    "TrainingSpec",
    "ZooEntry",
    "build_model",
    "custom_objects",
    "load_dataset",
    "load_reference_model",
    "zoo_entries",
]
