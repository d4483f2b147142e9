"""hwverify: verify hls4ml firmware against its Keras model in open simulators, from pytest.

The main entry points::

    from hwverify import HlsConfig, compile_csim, compare_keras_csim, assert_bit_exact
    compiled = compile_csim(keras_model, HlsConfig(io_type="io_stream"))
    assert_bit_exact(compare_keras_csim(keras_model, compiled, x))

    from hwverify import VerifyOptions, verify_project
    result = verify_project("path/to/hls4ml_prj", VerifyOptions(samples=5000))   # what `hwverify verify` runs
    assert result.ok, result.describe()

    from hwverify import RtlDesign, SimOptions, simulate, check_bit_exact, check_framing
    run = simulate(design, input_codes, SimOptions(simulator="verilator", output_backpressure=0.5))
    assert not check_bit_exact(expected_codes, run.output_codes)
    assert not check_framing(run.traces, len(input_codes))

FIFO depths: :func:`hwverify.fifo.calibrate_fifos`; bounds: :func:`check_bounds` on :class:`Measurements`.
"""

import importlib
import importlib.metadata
import os
from typing import TYPE_CHECKING, Any

# TensorFlow's C++ logging (cuDNN/cuFFT/cuBLAS "Unable to register" errors, oneDNN and CUDA notices) is printed at
# import, before any Python logging setting applies; quiet it before anything imports TensorFlow. A user's own
# TF_CPP_MIN_LOG_LEVEL wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

if TYPE_CHECKING:  # the names below, for type checkers and editors; at run time they load on first use
    from hwverify.checks.bounds import Bounds, Measurements, check_bounds
    from hwverify.checks.exact import ExactnessReport, Mismatch, assert_bit_exact, check_bit_exact, compare_keras_csim
    from hwverify.checks.framing import check_framing
    from hwverify.errors import (
        ConfigError,
        HwverifyError,
        InterfaceNotRecognised,
        NotQuantized,
        ShapeMismatch,
        SynthesisReportError,
        ToolFailed,
        ToolNotFound,
        UnknownModel,
        UnsupportedLayer,
    )
    from hwverify.fixed import FixedType, FloatType
    from hwverify.flows.build_rtl import build_rtl_project
    from hwverify.flows.verify_project import ProjectVerification, VerifyOptions, verify_project
    from hwverify.model.config import HlsConfig, LayerPrecision
    from hwverify.model.csim import CompiledModel, compile_csim
    from hwverify.sim.simulate import SimOptions, SimResult, simulate
    from hwverify.sources.design import RtlDesign
    from hwverify.sources.project import HlsProject

#: Public name -> the module that defines it. Imported on first use (PEP 562), so that ``import hwverify.sim.spec``
#: (the simulator process's testbench) or ``hwverify --help`` do not load the whole package.
_EXPORTS = {
    "Bounds": "hwverify.checks.bounds",
    "Measurements": "hwverify.checks.bounds",
    "check_bounds": "hwverify.checks.bounds",
    "ExactnessReport": "hwverify.checks.exact",
    "Mismatch": "hwverify.checks.exact",
    "assert_bit_exact": "hwverify.checks.exact",
    "check_bit_exact": "hwverify.checks.exact",
    "compare_keras_csim": "hwverify.checks.exact",
    "check_framing": "hwverify.checks.framing",
    "ConfigError": "hwverify.errors",
    "HwverifyError": "hwverify.errors",
    "InterfaceNotRecognised": "hwverify.errors",
    "NotQuantized": "hwverify.errors",
    "ShapeMismatch": "hwverify.errors",
    "SynthesisReportError": "hwverify.errors",
    "ToolFailed": "hwverify.errors",
    "ToolNotFound": "hwverify.errors",
    "UnknownModel": "hwverify.errors",
    "UnsupportedLayer": "hwverify.errors",
    "FixedType": "hwverify.fixed",
    "FloatType": "hwverify.fixed",
    "build_rtl_project": "hwverify.flows.build_rtl",
    "ProjectVerification": "hwverify.flows.verify_project",
    "VerifyOptions": "hwverify.flows.verify_project",
    "verify_project": "hwverify.flows.verify_project",
    "HlsConfig": "hwverify.model.config",
    "LayerPrecision": "hwverify.model.config",
    "CompiledModel": "hwverify.model.csim",
    "compile_csim": "hwverify.model.csim",
    "SimOptions": "hwverify.sim.simulate",
    "SimResult": "hwverify.sim.simulate",
    "simulate": "hwverify.sim.simulate",
    "RtlDesign": "hwverify.sources.design",
    "HlsProject": "hwverify.sources.project",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hwverify' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__version__ = importlib.metadata.version("hwverify")  # pyproject.toml's, once

__all__ = [
    "Bounds",
    "CompiledModel",
    "ConfigError",
    "ExactnessReport",
    "FixedType",
    "FloatType",
    "HlsProject",
    "HlsConfig",
    "HwverifyError",
    "InterfaceNotRecognised",
    "LayerPrecision",
    "Measurements",
    "Mismatch",
    "NotQuantized",
    "ProjectVerification",
    "RtlDesign",
    "ShapeMismatch",
    "SimOptions",
    "SimResult",
    "SynthesisReportError",
    "ToolFailed",
    "ToolNotFound",
    "UnknownModel",
    "UnsupportedLayer",
    "VerifyOptions",
    "assert_bit_exact",
    "build_rtl_project",
    "check_bit_exact",
    "check_bounds",
    "check_framing",
    "compare_keras_csim",
    "compile_csim",
    "simulate",
    "verify_project",
]
