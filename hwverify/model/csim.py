"""hls4ml conversion and C simulation, with the compiled project cached by content hash.

A compiled project is keyed by the Keras model's architecture and weights, the typed
:class:`~hwverify.model.config.HlsConfig`, the package versions and the C++ compiler version. A cache
hit converts the model again (milliseconds) and loads the stored library instead of recompiling
(seconds to minutes). Libraries are built with tracing on, so per-layer outputs come from the same
build as the final outputs.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hwverify.cache import Cache, content_hash
from hwverify.errors import ConfigError, ShapeMismatch, ToolFailed, UnsupportedLayer
from hwverify.fixed import FixedType
from hwverify.model.config import HlsConfig
from hwverify.model.harness import c_string_literal
from hwverify.tools import log_tail, package_versions, require_cxx_compiler, tool_version

#: Keras layer classes that carry no computation and are absent from hls4ml's list.
_STRUCTURAL_LAYERS = {"InputLayer"}


@dataclass
class CompiledModel:
    """An hls4ml ModelGraph whose C simulation library is loaded and ready to run."""

    graph: Any  # hls4ml.model.graph.ModelGraph
    config: HlsConfig
    project_dir: Path
    cache_key: str
    loaded_from_cache: bool
    compile_seconds: float

    @property
    def input_type(self) -> FixedType:
        """The fixed-point type of the (first) model input."""
        return FixedType.from_hls4ml(self.graph.get_input_variables()[0].type.precision)

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Shape of one input sample."""
        return tuple(int(d) for d in self.graph.get_input_variables()[0].shape)

    def layer_type(self, layer_name: str) -> FixedType:
        """The result type of an hls4ml layer."""
        return FixedType.from_hls4ml(self.graph.graph[layer_name].get_output_variable().type.precision)

    def layer_names(self) -> list[str]:
        """hls4ml layer names in graph order."""
        return [layer.name for layer in self.graph.get_layers()]

    def predict(self, x: np.ndarray) -> np.ndarray | list[np.ndarray]:
        """C-simulation outputs (float64 values of the fixed-point results), one row per sample."""
        return self.graph.predict(self._prepare(x))

    def trace(self, x: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
        """``(outputs, {layer name: per-sample outputs})`` from the traced C simulation."""
        # ModelGraph.trace() recompiles first; ours was compiled with tracing on, so skip that.
        self.graph.compile = lambda: None
        with contextlib.redirect_stdout(io.StringIO()):
            return self.graph.trace(self._prepare(x))

    def _prepare(self, x: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.shape[1:] != self.input_shape:
            raise ShapeMismatch(
                f"inputs have per-sample shape {x.shape[1:]}, but the hls4ml model "
                f"'{self.config.project_name}' expects {self.input_shape}; reshape the data to (n, "
                f"{', '.join(map(str, self.input_shape))})"
            )
        return x


def check_supported_layers(model: Any) -> None:
    """Raise :class:`UnsupportedLayer` for the first Keras layer that hls4ml cannot convert."""
    from hls4ml.converters.keras_v2_to_hls import get_supported_keras_layers

    supported = set(get_supported_keras_layers()) | _STRUCTURAL_LAYERS
    for layer in model.layers:
        class_name = type(layer).__name__
        if class_name not in supported:
            raise UnsupportedLayer(
                layer.name,
                class_name,
                "hls4ml 1.3",
                "Replace it with a supported layer (see hls4ml.converters.get_supported_keras_layers()) "
                "or register a custom layer with hls4ml's extension API.",
            )


def model_fingerprint(model: Any) -> str:
    """Content hash of a Keras model's architecture and weights."""
    return content_hash(model.to_json(), *[np.asarray(w) for w in model.get_weights()])


def convert(model: Any, config: HlsConfig, output_dir: Path) -> Any:
    """Convert a Keras model into an hls4ml ModelGraph (nothing is written or compiled)."""
    import hls4ml

    check_supported_layers(model)
    try:
        graph = hls4ml.converters.convert_from_keras_model(
            model,
            hls_config=config.to_hls4ml(model),
            output_dir=str(output_dir),
            **config.converter_arguments(),
        )
    except RuntimeError as error:  # hls4ml reports naming problems (e.g. a layer called 'input') this way
        raise ConfigError(f"hls4ml could not convert model '{model.name}': {error}") from error
    graph.config.trace_output = True
    return graph


def compile_csim(model: Any, config: HlsConfig, cache: Cache | None = None) -> CompiledModel:
    """Convert ``model`` with ``config`` and load its compiled C simulation, building it only on a cache miss."""
    require_cxx_compiler()
    cache = cache or Cache("csim")
    key = content_hash(
        "csim-v2", model_fingerprint(model), config.fingerprint(), package_versions(), tool_version("g++"),
        CSIM_OPT_LEVEL
    )
    started = time.perf_counter()
    entry, built = cache.get_or_build(key, lambda directory: _write_and_build(model, config, directory))
    with contextlib.redirect_stdout(io.StringIO()):
        graph = convert(model, config, entry.path)
    graph.config.config["Stamp"] = entry.metadata["stamp"]
    graph._top_function_lib = ctypes.cdll.LoadLibrary(str(entry.path / entry.metadata["library"]))
    return CompiledModel(
        graph=graph,
        config=config,
        project_dir=entry.path,
        cache_key=key,
        loaded_from_cache=not built,
        compile_seconds=time.perf_counter() - started,
    )


#: hls4ml's build_lib.sh compiles at -O3; the C simulation is compiled at -O1 instead, measured on svhn_cnn
#: io_parallel (the biggest zoo model): g++ 82 s at -O3, 34 s at -O1, and 14.3 vs 16.8 ms a sample, so -O1 is ahead
#: below about 19,000 samples (hwverify's flows run hundreds to a few thousand). Same arithmetic at either level.
CSIM_OPT_LEVEL = "-O1"


def _set_optimisation(script: Path) -> None:
    """Compile at :data:`CSIM_OPT_LEVEL` where hls4ml's ``build_lib.sh`` sets ``CFLAGS="-O3 ..."`` (left as it is
    if a later hls4ml writes it otherwise: only the compile time differs)."""
    text = re.sub(r'^CFLAGS="-O\d', f'CFLAGS="{CSIM_OPT_LEVEL}', script.read_text(), count=1, flags=re.M)
    script.write_text(text)


def _quote_weights_dir(script: Path) -> None:
    """Make hls4ml's ``build_lib.sh`` pass its weights directory as a C string literal that holds any path: it
    wraps the path in quotes as it is, so a '"' in the cache directory ends the string early."""

    literal = c_string_literal(str(script.parent / "firmware" / "weights"))
    shell = "'" + literal.replace("'", "'\\''") + "'"
    text, count = re.subn(r'^WEIGHTS_DIR=.*$', lambda _: f"WEIGHTS_DIR={shell}", script.read_text(), flags=re.M)
    if count != 1:
        raise ToolFailed("hls4ml build_lib.sh", 0, f"{script} has no WEIGHTS_DIR= line to quote; hls4ml changed it")
    script.write_text(text)


def _write_and_build(model: Any, config: HlsConfig, directory: Path) -> dict[str, str]:
    """Write the hls4ml project into ``directory`` and compile its C simulation library."""
    with contextlib.redirect_stdout(io.StringIO()):
        graph = convert(model, config, directory)
        graph.write()
    _quote_weights_dir(directory / "build_lib.sh")
    _set_optimisation(directory / "build_lib.sh")
    result = subprocess.run(
        ["bash", "build_lib.sh"], cwd=directory, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ToolFailed("g++ (hls4ml C simulation build)", result.returncode, log_tail(result.stdout + result.stderr))
    stamp = graph.config.get_config_value("Stamp")
    library = f"firmware/{config.project_name}-{stamp}.so"
    if not (directory / library).is_file():
        raise ToolFailed("g++ (hls4ml C simulation build)", 0, f"the library {library} was not produced")
    return {"stamp": str(stamp), "library": library}
