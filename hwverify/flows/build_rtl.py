"""Your own model to RTL that ``hwverify verify`` checks: ``hwverify build-rtl MODEL.h5 --out DIR``.

The model is converted with hls4ml (its C simulation compiled, both cached) and its RTL built with the open flow
(da4ml, in the AXI-Stream shell); both go into one directory laid out as an hls4ml project whose Vivado HLS
export already ran: ``firmware/`` (hls4ml's own C++), and the Verilog in
``<project>_prj/solution1/syn/verilog``, where ``verify`` looks for it. ``hwverify verify DIR`` then compiles
the firmware with hwverify's harness and checks the RTL against it, with and without backpressure.

The open flow does not build a softmax or sigmoid at a model output (hls4ml computes them with lookup tables):
such a final activation is left out of the model before conversion, so firmware and RTL both end in the logits.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.errors import ConfigError
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.keras_file import custom_objects, load_keras_model
from hwverify.progress import StepLog
from hwverify.sources.openflow import da4ml_compile_note, generate_rtl, load_or_trace
from hwverify.sources.openflow.trace import TABLE_ACTIVATIONS  # the final activations the open flow leaves out

__all__ = ["BuiltProject", "build_rtl_from_file", "build_rtl_from_zoo", "build_rtl_project", "logits_model", "rtl_export_dir"]


@dataclass(frozen=True)
class BuiltProject:
    """A project directory ``build-rtl`` wrote.

    ``rtl_dir`` is where Vivado HLS would have exported the Verilog (``rtl_export_dir``), so that ``verify``
    finds it without flags; ``notes`` say what the open flow left out or changed (e.g. a final softmax).
    """

    root: Path
    rtl_dir: Path
    top: str
    notes: tuple[str, ...]


def rtl_export_dir(root: Path, project: str) -> Path:
    """Where Vivado HLS exports a project's Verilog (and where ``verify`` looks first)."""
    return root / f"{project}_prj" / "solution1" / "syn" / "verilog"


def build_rtl_project(model: Any, config: HlsConfig, out: Path, log: StepLog | None = None) -> BuiltProject:
    """Convert ``model`` with ``config``, build its open-flow RTL and write both to ``out`` (a new or empty
    directory: nothing of the user's is overwritten)."""
    log = log or StepLog()
    out = Path(out)
    require_empty_out(out)
    model, notes = logits_model(model)
    with log.step(f"convert with hls4ml ({config.io_type}, {config.backend}) and compile the C simulation") as done:
        compiled = compile_csim(model, config)
        done.append("cached" if compiled.loaded_from_cache else "compiled")
    with log.step("build the RTL with the open flow (da4ml)" + da4ml_compile_note()) as done:
        traced, _ = load_or_trace(compiled.graph)
        rtl = generate_rtl(traced, top=config.project_name)
        done.append("cached" if not rtl.rebuilt else "built")
    shutil.copytree(compiled.project_dir, out, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.so", "MANIFEST.json", ".*"))
    export = rtl_export_dir(out, config.project_name)
    export.mkdir(parents=True, exist_ok=True)
    for path in (*rtl.sources, *rtl.data_files):
        shutil.copy2(path, export / path.name)
    return BuiltProject(out, export, config.project_name, tuple(notes))


def require_empty_out(out: Path) -> None:
    """ConfigError unless ``out`` is new or an empty directory (nothing of the user's is overwritten)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError(f"--out {out} exists and is not an empty directory; name a new or empty one")


def logits_model(model: Any) -> tuple[Any, list[str]]:
    """``model`` without a final softmax/sigmoid on any output (a separate activation layer is dropped, a layer's
    own activation set to linear), and a note for each change; the model itself when there is none."""
    import tensorflow as tf  # deferred: TensorFlow takes seconds to import

    notes: list[str] = []
    outputs = []
    for tensor in _as_list(model.outputs):
        layer = tensor.node.layer
        if _is_table_activation_layer(layer):
            notes.append(f"left out the final {_activation_name(layer)} ({layer.name}): the open flow does not build "
                         "it; firmware and RTL end in its input, the logits")
            outputs.append(layer.input)
        else:
            outputs.append(tensor)
    kept = tf.keras.Model(model.inputs, outputs if len(outputs) > 1 else outputs[0], name=model.name) if notes \
        else model
    own = [layer for layer in kept.layers if layer.name in _output_layer_names(kept)
           and _activation_name(layer) in TABLE_ACTIVATIONS and not _is_table_activation_layer(layer)]
    if not own:
        return kept, notes
    return _linear_outputs(kept, {layer.name for layer in own}), notes + [
        f"set the {_activation_name(layer)} of output layer {layer.name} to linear: the open flow does not build it; "
        "firmware and RTL end in the logits" for layer in own]


def _linear_outputs(model: Any, names: set[str]) -> Any:
    """A copy of ``model`` whose layers in ``names`` have a linear activation, with the same weights."""
    import tensorflow as tf  # deferred: TensorFlow takes seconds to import

    def clone(layer: Any) -> Any:
        config = layer.get_config()
        if layer.name in names:
            config["activation"] = "linear"
        return layer.__class__.from_config(config)

    with tf.keras.utils.custom_object_scope(custom_objects()):
        copy = tf.keras.models.clone_model(model, clone_function=clone)
    copy.set_weights(model.get_weights())
    return copy


def _as_list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, (list, tuple)) else [value]


def _output_layer_names(model: Any) -> set[str]:
    return {tensor.node.layer.name for tensor in _as_list(model.outputs)}


def _activation_name(layer: Any) -> str:
    if type(layer).__name__ in ("Softmax",):
        return "softmax"
    activation = getattr(layer, "activation", None)
    return str(getattr(activation, "__name__", activation or ""))


def _is_table_activation_layer(layer: Any) -> bool:
    """A layer that only applies a softmax/sigmoid (``Activation("softmax")``, ``Softmax``)."""
    return type(layer).__name__ in ("Activation", "Softmax") and _activation_name(layer) in TABLE_ACTIVATIONS


def build_rtl_from_file(model_file: Path, config: HlsConfig, out: Path, log: StepLog | None = None) -> BuiltProject:
    """:func:`build_rtl_project` on a saved Keras/QKeras model."""
    return build_rtl_project(load_keras_model(model_file), config, out, log)


def build_rtl_from_zoo(name: str, variant: str, config: HlsConfig, out: Path,
                       log: StepLog | None = None) -> BuiltProject:
    """:func:`build_rtl_project` on a zoo model (trained, or loaded from the cache), with its test set written to
    ``tb_data/tb_input_features.dat`` as hls4ml does for a project given test data (``verify`` runs it first)."""
    from hwverify.model.zoo import load_reference_model  # deferred: the zoo imports scikit-learn

    log = log or StepLog()
    require_empty_out(Path(out))  # before any training
    with log.step(f"load the zoo model {name} ({variant})") as done:
        reference = load_reference_model(name, variant)
        done.append("cached" if reference.loaded_from_cache else f"trained in {reference.train_seconds:.0f} s")
    built = build_rtl_project(reference.model, config, out, log)
    tb_data = built.root / "tb_data"
    tb_data.mkdir(exist_ok=True)
    rows = reference.data.x_test.reshape(len(reference.data.x_test), -1)
    np.savetxt(tb_data / "tb_input_features.dat", rows, fmt="%.17g")
    return replace(built, notes=(*built.notes, f"tb_data/tb_input_features.dat: the {len(rows)} test-set samples"))
