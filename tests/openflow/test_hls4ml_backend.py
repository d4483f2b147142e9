"""hls4ml's own API with ``backend="hwverify"``: convert, compile, predict, where predict runs the RTL in Verilator.

The backend comes from the ``hls4ml.backends`` entry point of the installed package (``make test`` installs it).
Runtime: two C-simulation compiles and two Verilator builds of tiny models (about a minute cold, cached after).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hwverify.errors import UnsupportedLayer
from hwverify.hls4ml_backend import BACKEND_NAME
from tests.tiny_models import tiny_qkeras_cnn, tiny_qkeras_mlp


def _convert(model: Any, out: Path, io_type: str = "io_parallel") -> Any:
    import hls4ml

    assert BACKEND_NAME in hls4ml.backends.get_available_backends(), (
        "hls4ml does not list the hwverify backend: the package's entry points are stale; reinstall it "
        "(pip install -e .)")
    config = hls4ml.utils.config_from_keras_model(model, granularity="name", backend=BACKEND_NAME)
    return hls4ml.converters.convert_from_keras_model(model, hls_config=config, backend=BACKEND_NAME,
                                                      output_dir=str(out), io_type=io_type)


def _inputs(n: int, shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Off the input grid on purpose: predict must quantise as the C simulation does."""
    return np.random.default_rng(seed).uniform(-5.0, 5.0, (n, *shape)).astype(np.float32)


@pytest.mark.parametrize(("build", "shape"), [(lambda: tiny_qkeras_mlp(seed=8, softmax=False), (4,)),
                                              (lambda: tiny_qkeras_cnn(seed=9, softmax=False), (8, 8, 1))],
                         ids=["mlp", "cnn"])
def test_predict_runs_the_rtl_and_equals_the_c_simulation(tmp_path: Path, build: Any, shape: tuple[int, ...]) -> None:
    hls_model = _convert(build(), tmp_path / "prj")
    hls_model.compile()
    x = _inputs(1000, shape, seed=10)
    rtl = hls_model.predict(x)
    csim = hls_model._predict(x)  # hls4ml's own C simulation of the same project
    assert rtl.dtype == csim.dtype == np.float32
    assert rtl.shape == csim.shape
    assert np.array_equal(rtl, csim)
    assert np.unique(rtl).size > 10, "the outputs vary: the comparison means something"
    one = hls_model.predict(x[:1])
    assert np.array_equal(one, csim[0])  # one sample: its row alone, as hls4ml returns it


def test_predict_follows_the_rtl_not_the_c_simulation(tmp_path: Path) -> None:
    hls_model = _convert(tiny_qkeras_mlp(seed=8, softmax=False), tmp_path / "prj")
    hls_model.compile()
    other = _convert(tiny_qkeras_mlp(seed=11, softmax=False), tmp_path / "other")
    other.compile()
    hls_model.hwverify_rtl = other.hwverify_rtl  # the RTL of another model's weights
    x = _inputs(200, (4,), seed=12)
    assert not np.array_equal(hls_model.predict(x), hls_model._predict(x))


def test_a_final_softmax_is_refused_at_compile(tmp_path: Path) -> None:
    hls_model = _convert(tiny_qkeras_mlp(seed=8, softmax=True), tmp_path / "prj")
    with pytest.raises(UnsupportedLayer, match="layer .softmax. .*logits_model"):
        hls_model.compile()
