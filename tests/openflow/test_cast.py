"""ap_fixed assignment emulated on da4ml variables equals hwverify.fixed's reference, code for code (fast, no simulator)."""

from __future__ import annotations

import numpy as np
import pytest

import hwverify.sources.openflow  # noqa: F401  (points numba's cache at the hwverify cache before da4ml loads)
from hwverify.errors import ConfigError
from hwverify.fixed import FixedType
from hwverify.sources.openflow.cast import cast_array, check_castable, fixed_kif

SOURCE = FixedType(12, 5)  # every code of a 12-bit source is tried


def _cast_through_da4ml(target: FixedType) -> np.ndarray:
    """Codes of ``target`` for every ``SOURCE`` code, computed by da4ml's interpreter of the cast logic."""
    from da4ml.trace import FixedVariableArrayInput, comb_trace

    x = FixedVariableArrayInput((1,)).quantize(*fixed_kif(SOURCE))
    comb = comb_trace(x._vars, cast_array(x, target, "test")._vars)
    codes = np.arange(SOURCE.code_min, SOURCE.code_max + 1)
    values = np.asarray(comb.predict(SOURCE.to_float(codes).reshape(-1, 1)), dtype=np.float64)
    out, on_grid = target.exact_codes(values.ravel())
    assert on_grid.all()
    return out


@pytest.mark.parametrize(
    "target",
    [
        "ap_ufixed<6,0,RND_CONV,SAT>",  # hls4ml's quantized_relu(6) result
        "ap_fixed<6,2,RND_CONV,SAT>",
        "ap_fixed<8,3,RND_CONV,WRAP>",
        "ap_fixed<7,3,RND,SAT_SYM>",
        "ap_fixed<9,4,TRN,SAT>",
        "ap_fixed<6,6,TRN,WRAP>",
        "ap_ufixed<4,1,RND,WRAP>",
        "ap_fixed<16,8,RND_CONV,SAT>",  # wider than the source: no rounding at all
    ],
)
def test_cast_matches_reference_for_every_code(target: str) -> None:
    fixed = FixedType.parse(target)
    codes = np.arange(SOURCE.code_min, SOURCE.code_max + 1)
    expected = fixed.quantize_codes(SOURCE.to_float(codes))
    np.testing.assert_array_equal(_cast_through_da4ml(fixed), expected)


def test_round_half_up_is_not_half_even() -> None:
    """The check above can fail: da4ml's own RND differs from RND_CONV on ties (the 8% of samples of the study)."""
    half_up = _cast_through_da4ml(FixedType.parse("ap_fixed<6,2,RND,SAT>"))
    half_even = FixedType.parse("ap_fixed<6,2,RND_CONV,SAT>").quantize_codes(
        SOURCE.to_float(np.arange(SOURCE.code_min, SOURCE.code_max + 1))
    )
    assert np.count_nonzero(half_up != half_even) > 0


@pytest.mark.parametrize("target", ["ap_fixed<8,3,RND_ZERO,SAT>", "ap_fixed<8,3,TRN,SAT_ZERO>"])
def test_unreproducible_modes_are_refused(target: str) -> None:
    with pytest.raises(ConfigError, match="HLS export flow"):
        check_castable(FixedType.parse(target), "layer 'x' result type")
