"""An hls4ml backend whose ``predict`` runs the model's RTL in Verilator: ``backend="hwverify"``.

    import hls4ml
    config = hls4ml.utils.config_from_keras_model(model, granularity="name", backend="hwverify")
    hls_model = hls4ml.converters.convert_from_keras_model(model, hls_config=config, backend="hwverify",
                                                           output_dir="my_prj")
    hls_model.compile()          # the C simulation (as the Vivado backend builds it) and the open-flow RTL
    y = hls_model.predict(x)     # simulated in Verilator: bit-exact with the C simulation

It is hls4ml's Vivado backend under its own name (the same flows, conversion, C++ and C simulation, so
``hls_model._predict(x)`` is still the C simulation), with two overrides: ``compile`` also builds the model's
RTL with the open flow (da4ml, :mod:`hwverify.sources.openflow`) and compiles it in Verilator (cached by
content), and ``predict`` quantises ``x`` to the input type as the C simulation does, streams it through the
RTL (:func:`hwverify.sim.simulate.simulate`) and returns the output values in hls4ml's shapes and dtype.

hls4ml finds the backend through the ``hls4ml.backends`` entry point hwverify's package declares
(:func:`register`). A model whose output is a softmax or sigmoid is refused at ``compile``: the open flow builds
the logits, so its RTL could not equal the C simulation there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hwverify.errors import HwverifyError, UnsupportedLayer
from hwverify.sim.simulate import SimOptions, build_design, simulate
from hwverify.sources.openflow import GeneratedRtl, TracedModel, generate_rtl, load_or_trace

__all__ = ["BACKEND_NAME", "CompiledRtl", "register"]

BACKEND_NAME = "hwverify"


@dataclass(frozen=True)
class CompiledRtl:
    """What ``compile`` built for one model: the traced logic and its generated, pipelined RTL."""

    traced: TracedModel
    rtl: GeneratedRtl


def register(register_backend: Any, register_writer: Any) -> None:
    """hls4ml's plugin hook: the Vivado writer and this backend, both under :data:`BACKEND_NAME`."""
    from hls4ml.writer.vivado_writer import VivadoWriter  # deferred: hls4ml calls this while it imports itself

    register_writer(BACKEND_NAME, VivadoWriter)
    register_backend(BACKEND_NAME, _backend_class())


def _backend_class() -> type:
    from hls4ml.backends.vivado.vivado_backend import VivadoBackend  # deferred: loaded by hls4ml before plugins

    class HwverifyBackend(VivadoBackend):  # type: ignore[misc, valid-type]
        """hls4ml's Vivado backend, named ``hwverify``, whose ``predict`` simulates the open-flow RTL."""

        def __init__(self) -> None:
            super(VivadoBackend, self).__init__(name=BACKEND_NAME)  # as hls4ml's Vitis backend does
            self._register_layer_attributes()
            self._register_flows()

        def _register_flows(self) -> None:
            """Vivado's flows, not copies: the same passes write the same C++."""
            self._writer_flow = "vivado:write"
            self._default_flow = "vivado:ip"

        def compile(self, model: Any) -> str:
            """The C simulation's library (Vivado's compile), then the RTL, built and compiled in Verilator."""
            library = super().compile(model)
            model.hwverify_rtl = compile_rtl(model)
            return library

        def predict(self, model: Any, x: Any) -> Any:
            """``x`` through the RTL, shaped as hls4ml's C-simulation ``predict`` returns it."""
            return predict_rtl(model, x)

    return HwverifyBackend


def compile_rtl(model: Any) -> CompiledRtl:
    """Trace ``model`` (an hls4ml ModelGraph) with da4ml, generate its RTL and build it in Verilator (cached)."""
    traced, _ = load_or_trace(model)
    if traced.omitted_layers:
        name = traced.omitted_layers[0]
        raise UnsupportedLayer(
            name, "Activation", "the hwverify backend's predict",
            "The open flow builds the RTL up to the logits before a final softmax/sigmoid, so predict could not "
            "equal the C simulation; convert the model without its final activation "
            "(hwverify.flows.build_rtl.logits_model does that)",
        )
    rtl = generate_rtl(traced, top=model.config.get_project_name())
    build_design(rtl.to_rtl_design(), SimOptions())
    return CompiledRtl(traced, rtl)


def predict_rtl(model: Any, x: Any) -> Any:
    """Quantise ``x`` to the input type, simulate the RTL, and return the outputs as hls4ml's ``predict`` does."""
    compiled = getattr(model, "hwverify_rtl", None)
    if compiled is None:
        raise HwverifyError("the model's RTL is not built: call hls_model.compile() before predict()")
    if isinstance(x, (list, tuple)):
        raise HwverifyError("the hwverify backend takes models with one input array; this call passed several")
    values = np.asarray(x)
    n_inputs = compiled.traced.input.n_elements
    if values.size % n_inputs:
        raise HwverifyError(f"predict expected samples of {n_inputs} input elements, got an array of shape "
                            f"{values.shape}")
    dtype = np.float32 if values.dtype == np.float32 else np.float64
    codes = compiled.traced.input.fixed_type.quantize_codes(values.reshape(-1, n_inputs).astype(np.float64))
    result = simulate(compiled.rtl.to_rtl_design(), codes, SimOptions())
    outputs, start = [], 0
    for port in compiled.rtl.outputs:
        part = result.output_codes[:, start:start + port.n_elements]
        outputs.append(port.fixed_type.to_float(part).astype(dtype))
        start += port.n_elements
    return _hls4ml_shape(outputs, len(codes))


def _hls4ml_shape(outputs: list[np.ndarray], n_samples: int) -> Any:
    """hls4ml's convention: one array per output, a sample's row alone when there is one sample."""
    if len(outputs) == 1:
        return outputs[0][0] if n_samples == 1 else outputs[0]
    return [output[0] for output in outputs] if n_samples == 1 else outputs
