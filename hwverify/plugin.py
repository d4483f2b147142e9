"""The pytest plugin: options, markers and fixtures for verifying hls4ml firmware from a test.

The hooks only translate between pytest and plain hwverify objects; the work is done by
:mod:`hwverify.csim`, :mod:`hwverify.compare` and the zoo. A missing tool (:class:`ToolNotFound`)
raised anywhere in a test or its fixtures becomes a skip with the tool's reason.

A user's test::

    @pytest.fixture
    def reference_model():
        return load_keras_model("my_model.h5")

    @pytest.mark.hwverify_config(io_type="io_stream")
    def test_firmware_is_bit_exact(bit_exact_report):
        assert_bit_exact(bit_exact_report)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hwverify.errors import ToolNotFound
from hwverify.hlsconfig import HlsConfig
from hwverify.options import OPTIONS, option_values

MARKERS = {
    "hwverify_model": "hwverify_model(name, variant='quantized'): the zoo model behind the reference_model fixture",
    "hwverify_config": "hwverify_config(**fields): HlsConfig fields for the hls_config fixture",
    "hwverify_inputs": "hwverify_inputs(n_random=..., seed=...): how many random on-grid inputs to add",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the shared options under one group."""
    group = parser.getgroup("hwverify", "hls4ml firmware verification")
    for option in OPTIONS:
        group.addoption(option.pytest_flag, **option.argparse_kwargs())


def pytest_configure(config: pytest.Config) -> None:
    """Register markers and point the cache at --hwverify-cache-dir when given."""
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    cache_dir = config.getoption("hwverify_cache_dir", None)
    if cache_dir:
        import os

        os.environ["HWVERIFY_CACHE_DIR"] = str(Path(cache_dir).resolve())


def _skip_missing_tool(error: ToolNotFound) -> None:
    pytest.skip(f"missing tool: {error}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    """Fixtures that need a missing tool skip the test."""
    try:
        return (yield)
    except ToolNotFound as error:
        _skip_missing_tool(error)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test body that needs a missing tool is skipped."""
    try:
        return (yield)
    except ToolNotFound as error:
        _skip_missing_tool(error)


def _marker_kwargs(request: pytest.FixtureRequest, name: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    marker = request.node.get_closest_marker(name)
    return (marker.args, dict(marker.kwargs)) if marker else ((), {})


@pytest.fixture
def hwverify_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The shared hwverify options of this run, keyed by name."""
    return option_values(request.config.option)


@pytest.fixture
def reference_model(request: pytest.FixtureRequest, hwverify_options: dict[str, Any]) -> Any:
    """A trained zoo model (:class:`hwverify.zoo.ReferenceModel`); override it to verify your own Keras model."""
    from hwverify.zoo import load_reference_model

    args, kwargs = _marker_kwargs(request, "hwverify_model")
    name = args[0] if args else kwargs.get("name", hwverify_options["model"])
    variant = kwargs.get("variant", args[1] if len(args) > 1 else hwverify_options["variant"])
    return load_reference_model(name, variant)


@pytest.fixture
def hls_config(request: pytest.FixtureRequest) -> HlsConfig:
    """The typed hls4ml configuration, from the ``hwverify_config`` marker's fields."""
    _, kwargs = _marker_kwargs(request, "hwverify_config")
    return HlsConfig(**kwargs)


@pytest.fixture
def keras_model(reference_model: Any) -> Any:
    """The Keras model inside ``reference_model`` (which may itself be a plain Keras model)."""
    return getattr(reference_model, "model", reference_model)


@pytest.fixture
def hls_model(keras_model: Any, hls_config: HlsConfig) -> Any:
    """The converted model with its C simulation compiled (cached by content hash)."""
    from hwverify.csim import compile_csim

    return compile_csim(keras_model, hls_config)


@pytest.fixture
def verification_inputs(
    request: pytest.FixtureRequest, reference_model: Any, hls_model: Any, hwverify_options: dict[str, Any]
) -> np.ndarray:
    """The model's test set (when it has one) plus seeded random inputs on the input type's grid."""
    from hwverify.inputs import verification_inputs as make_inputs

    _, kwargs = _marker_kwargs(request, "hwverify_inputs")
    data = getattr(reference_model, "data", None)
    return make_inputs(
        x_test=getattr(data, "x_test", None),
        shape=hls_model.input_shape,
        n_random=kwargs.get("n_random", hwverify_options["samples"]),
        seed=kwargs.get("seed", hwverify_options["seed"]),
        fixed_type=hls_model.input_type,
        x_range=getattr(data, "x_train", None),
    )


@pytest.fixture
def bit_exact_report(reference_model: Any, keras_model: Any, hls_model: Any, verification_inputs: np.ndarray) -> Any:
    """Keras against C simulation on ``verification_inputs`` (:class:`hwverify.compare.ExactnessReport`)."""
    from hwverify.compare import compare_keras_csim

    logits = getattr(reference_model, "logits_layers", None)
    return compare_keras_csim(keras_model, hls_model, verification_inputs, logits_layers=logits)
