"""A typed hls4ml configuration and its translation into hls4ml's own config dictionaries."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType

BACKENDS = ("Vivado", "Vitis", "VivadoAccelerator")
IO_TYPES = ("io_parallel", "io_stream")
STRATEGIES = ("Latency", "Resource")


@dataclass(frozen=True)
class LayerPrecision:
    """Per-layer type overrides; None keeps what hls4ml infers (for QKeras layers, the quantizers' types)."""

    result: str | None = None
    accum: str | None = None
    weight: str | None = None
    bias: str | None = None

    def __post_init__(self) -> None:
        for name in ("result", "accum", "weight", "bias"):
            value = getattr(self, name)
            if value is not None:
                FixedType.parse(value)  # fail early with a clear message


@dataclass(frozen=True)
class HlsConfig:
    """What an hls4ml conversion needs, with units in the names. Maps onto hls4ml's config with ``to_hls4ml``."""

    backend: str = "Vivado"
    io_type: str = "io_parallel"
    strategy: str = "Latency"
    reuse_factor: int = 1
    clock_period_ns: float = 5.0
    part: str = "xcvu13p-flga2577-2-e"
    board: str | None = None  # VivadoAccelerator only, e.g. "pynq-z2"
    default_precision: str = "ap_fixed<16,6>"
    layer_precision: dict[str, LayerPrecision] = field(default_factory=dict)
    project_name: str = "myproject"

    def __post_init__(self) -> None:
        _require_choice("backend", self.backend, BACKENDS)
        _require_choice("io_type", self.io_type, IO_TYPES)
        _require_choice("strategy", self.strategy, STRATEGIES)
        if self.reuse_factor < 1:
            raise ConfigError(f"reuse_factor must be a positive integer, got {self.reuse_factor}")
        if self.clock_period_ns <= 0:
            raise ConfigError(f"clock_period_ns must be positive, got {self.clock_period_ns}")
        FixedType.parse(self.default_precision)

    def with_layer_precision(self, layer: str, **types: str) -> HlsConfig:
        """A copy with one layer's types overridden, e.g. ``with_layer_precision("fc1", accum="ap_fixed<8,3>")``."""
        merged = dict(self.layer_precision)
        merged[layer] = dataclasses.replace(merged.get(layer, LayerPrecision()), **types)
        return dataclasses.replace(self, layer_precision=merged)

    def fingerprint(self) -> dict[str, Any]:
        """A JSON-serialisable description of every field (for cache keys and reports)."""
        return dataclasses.asdict(self)

    def to_hls4ml(self, model: Any) -> dict[str, Any]:
        """hls4ml's ``hls_config`` for ``model``: per-layer granularity, tracing on, overrides applied."""
        import hls4ml

        config = hls4ml.utils.config_from_keras_model(
            model,
            granularity="name",
            backend=self.backend,
            default_precision=_hls4ml_type(self.default_precision),
            default_reuse_factor=self.reuse_factor,
        )
        config["Model"]["Strategy"] = self.strategy
        layers = config["LayerName"]
        for name, precision in self.layer_precision.items():
            if name not in layers:
                raise ConfigError(
                    f"layer_precision names layer '{name}', which the model does not have; "
                    f"its layers are: {', '.join(layers)}"
                )
            layers[name].setdefault("Precision", {})
            for key, value in dataclasses.asdict(precision).items():
                if value is not None:
                    layers[name]["Precision"][key] = _hls4ml_type(value)
        for layer_config in layers.values():
            layer_config["Trace"] = True  # per-layer outputs for divergence reports
        return config

    def converter_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``hls4ml.converters.convert_from_keras_model`` besides model and config."""
        arguments: dict[str, Any] = {
            "backend": self.backend,
            "io_type": self.io_type,
            "clock_period": self.clock_period_ns,
            "project_name": self.project_name,
        }
        if self.backend == "VivadoAccelerator":
            arguments["board"] = self.board or "pynq-z2"
        else:
            arguments["part"] = self.part
        return arguments


def _require_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not supported; choose one of {', '.join(choices)}")


def _hls4ml_type(text: str) -> str:
    """hls4ml's spelling (``fixed<16,6,RND,SAT>``) of a type written either way."""
    parsed = FixedType.parse(text)
    kind = "fixed" if parsed.signed else "ufixed"
    return f"{kind}<{parsed.width},{parsed.integer},{parsed.rounding},{parsed.saturation}>"
