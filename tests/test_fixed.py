import numpy as np
import pytest

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType, round_scaled


def test_parse_forms():
    assert FixedType.parse("ap_fixed<16,6>") == FixedType(16, 6)
    assert FixedType.parse("fixed<8, 3, RND_CONV, SAT>") == FixedType(8, 3, True, "RND_CONV", "SAT")
    assert FixedType.parse("ap_ufixed<6,0>") == FixedType(6, 0, signed=False)
    assert FixedType.parse("ap_int<8>") == FixedType(8, 8)
    assert FixedType.parse("uint<4>") == FixedType(4, 4, signed=False)


def test_parse_rejects_garbage_with_the_text():
    with pytest.raises(ConfigError, match="float32"):
        FixedType.parse("float32")
    with pytest.raises(ConfigError, match="rounding"):
        FixedType(8, 3, rounding="NEAREST")


def test_rounding_modes_on_ties():
    ties = np.array([2.5, -2.5, 3.5, -3.5, 2.25])
    assert round_scaled(ties, "TRN").tolist() == [2, -3, 3, -4, 2]
    assert round_scaled(ties, "TRN_ZERO").tolist() == [2, -2, 3, -3, 2]
    assert round_scaled(ties, "RND").tolist() == [3, -2, 4, -3, 2]
    assert round_scaled(ties, "RND_ZERO").tolist() == [2, -2, 3, -3, 2]
    assert round_scaled(ties, "RND_INF").tolist() == [3, -3, 4, -4, 2]
    assert round_scaled(ties, "RND_MIN_INF").tolist() == [2, -3, 3, -4, 2]
    assert round_scaled(ties, "RND_CONV").tolist() == [2, -2, 4, -4, 2]


def test_saturation_modes():
    values = np.array([-200, -128, 127, 200])
    assert FixedType(8, 8, saturation="WRAP").saturate(values).tolist() == [56, -128, 127, -56]
    assert FixedType(8, 8, saturation="SAT").saturate(values).tolist() == [-128, -128, 127, 127]
    assert FixedType(8, 8, saturation="SAT_ZERO").saturate(values).tolist() == [0, -128, 127, 0]
    assert FixedType(8, 8, saturation="SAT_SYM").saturate(values).tolist() == [-127, -127, 127, 127]
    assert FixedType(4, 4, signed=False, saturation="SAT").saturate(np.array([-1, 16])).tolist() == [0, 15]


def test_quantize_and_exact_codes():
    t = FixedType(16, 6)
    x = np.array([1.0, 1.0 + 2**-10, 1.0 + 2**-11, 40.0])
    codes, on_grid = t.exact_codes(x)
    assert on_grid.tolist() == [True, True, False, False]
    assert codes[:2].tolist() == [1024, 1025]
    assert t.quantize(np.array([1.0 + 2**-11])).tolist() == [1.0]  # TRN drops the half LSB


def test_bits_round_trip():
    t = FixedType(6, 1)
    codes = np.arange(t.code_min, t.code_max + 1)
    bits = t.codes_to_bits(codes)
    assert bits.min() == 0 and bits.max() == 63
    assert (t.bits_to_codes(bits) == codes).all()


def test_parse_cpp_spelling_from_defines_h():
    assert FixedType.parse("ap_ufixed<6,0,AP_RND_CONV,AP_SAT,0>") == FixedType(6, 0, False, "RND_CONV", "SAT")
    assert FixedType.parse("ap_fixed<18,8,AP_RND,AP_SAT>") == FixedType(18, 8, True, "RND", "SAT")
