"""Small open-flow designs traced directly with da4ml (no hls4ml), for shell and testbench tests."""

from __future__ import annotations

import numpy as np

import hwverify.sources.openflow  # noqa: F401  (points numba's cache at the hwverify cache before da4ml loads)
from hwverify.fixed import FixedType
from hwverify.sources.openflow.cast import cast_array, fixed_kif
from hwverify.sources.openflow.trace import ArrayPort, TracedModel

INPUT_TYPE = FixedType(16, 6)
WEIGHTS = np.array([[0.5, -0.25, 1.0], [0.75, 0.125, -0.5], [-1.0, 0.375, 0.25], [0.0, -0.625, 0.875]])
BIAS = np.array([0.125, -0.0625, 0.25])


def affine_model(two_outputs: bool = False) -> TracedModel:
    """4 inputs -> x @ WEIGHTS + BIAS in ap_fixed<18,8> ("y"), and with ``two_outputs`` a ReLU'd
    ap_ufixed<6,2,RND_CONV,SAT> copy on a second stream ("z")."""
    from da4ml.trace import FixedVariableArrayInput, comb_trace

    x = FixedVariableArrayInput((4,)).quantize(*fixed_kif(INPUT_TYPE))
    y_type, z_type = FixedType(18, 8), FixedType(6, 2, False, "RND_CONV", "SAT")
    y = cast_array(x @ WEIGHTS + BIAS, y_type, "y")
    outputs = [ArrayPort("y_out", "y", y_type, (3,))]
    flat = list(y._vars)
    if two_outputs:
        z = cast_array(y.relu(), z_type, "z")
        outputs.append(ArrayPort("z_out", "z", z_type, (3,)))
        flat += list(z._vars)
    comb = comb_trace(list(x._vars), flat)
    return TracedModel(comb, ArrayPort("x_in", "x", INPUT_TYPE, (4,)), tuple(outputs), (), ())


def reference_codes(model: TracedModel, input_codes: np.ndarray) -> tuple[np.ndarray, ...]:
    """The expected output codes, computed with numpy alone."""
    x = INPUT_TYPE.to_float(input_codes)
    y_type = model.outputs[0].fixed_type
    y = y_type.quantize_codes(x @ WEIGHTS + BIAS)
    if len(model.outputs) == 1:
        return (y,)
    z_type = model.outputs[1].fixed_type
    return y, z_type.quantize_codes(np.maximum(y_type.to_float(y), 0.0))


def random_codes(n: int, seed: int = 0) -> np.ndarray:
    """Random input codes over the whole input range."""
    return np.random.default_rng(seed).integers(INPUT_TYPE.code_min, INPUT_TYPE.code_max + 1, size=(n, 4))
