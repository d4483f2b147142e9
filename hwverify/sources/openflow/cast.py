"""Assignment to an ``ap_fixed`` type, emulated on da4ml's traced fixed-point variables.

da4ml quantizes with truncation or round-half-up only. hls4ml's quantized activations use
``RND_CONV`` (round half to even), which is emulated here exactly: for a value ``v`` with ``F``
fractional bits rounded to ``f < F`` bits, ``round_half_even(v) = trunc(v + 2**-(f+1) - 2**-F + b * 2**-F)``
where ``b`` is the bit of ``v`` at weight ``2**-f`` (the LSB of the truncated result). Adding one
input LSB less than a half rounds ties down; adding it back when the kept LSB is odd rounds those
ties up, so ties go to the even neighbour and every other value rounds to nearest.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType

#: Rounding modes the emulation reproduces exactly.
SUPPORTED_ROUNDING = ("TRN", "RND", "RND_CONV")
#: Overflow modes the emulation reproduces exactly.
SUPPORTED_SATURATION = ("WRAP", "SAT", "SAT_SYM")


def fixed_kif(fixed_type: FixedType) -> tuple[int, int, int]:
    """da4ml's ``(keep_negative, integer bits without sign, fractional bits)`` of a fixed-point type."""
    signed = int(fixed_type.signed)
    return signed, fixed_type.integer - signed, fixed_type.fractional


def check_castable(fixed_type: FixedType, where: str) -> None:
    """Raise :class:`ConfigError` if ``fixed_type`` uses a mode the open flow cannot reproduce."""
    if fixed_type.rounding not in SUPPORTED_ROUNDING:
        raise ConfigError(
            f"{where}: rounding mode {fixed_type.rounding} of {fixed_type} is not reproduced by the open flow "
            f"(supported: {', '.join(SUPPORTED_ROUNDING)}); change the type in the hls4ml config or use the HLS export flow"
        )
    if fixed_type.saturation not in SUPPORTED_SATURATION:
        raise ConfigError(
            f"{where}: overflow mode {fixed_type.saturation} of {fixed_type} is not reproduced by the open flow "
            f"(supported: {', '.join(SUPPORTED_SATURATION)}); change the type in the hls4ml config or use the HLS export flow"
        )


def cast_variable(value: Any, fixed_type: FixedType) -> Any:
    """One traced ``FixedVariable`` assigned to ``fixed_type`` (rounding first, then overflow)."""
    if value.low == value.high:
        return _cast_constant(value, fixed_type)
    k, i, f = fixed_kif(fixed_type)
    value_f = int(value.kif[2])
    if value_f > f and fixed_type.rounding == "RND":
        value = value + 2.0 ** (-f - 1)
    elif value_f > f and fixed_type.rounding == "RND_CONV":
        kept_lsb = value.quantize(0, 1 - f, f, "WRAP", "TRN")  # 0 or 2**-f
        value = value + (2.0 ** (-f - 1) - 2.0 ** (-value_f)) + kept_lsb * 2.0 ** (f - value_f)
    return value.quantize(k, i, f, fixed_type.saturation, "TRN")


def _cast_constant(value: Any, fixed_type: FixedType) -> Any:
    from da4ml.trace import FixedVariable

    code = int(fixed_type.quantize_codes(np.array([float(value.low)]))[0])
    exact = Decimal(code) * Decimal(2) ** (-fixed_type.fractional)
    return FixedVariable.from_const(exact, hwconf=value.hwconf, _factor=1)


def cast_array(array: Any, fixed_type: FixedType, where: str) -> Any:
    """A traced ``FixedVariableArray`` assigned element-wise to ``fixed_type``."""
    from da4ml.trace import FixedVariableArray

    check_castable(fixed_type, where)
    flat = array._vars.ravel()
    cast = np.empty(flat.size, dtype=object)
    for index, value in enumerate(flat):
        cast[index] = cast_variable(value, fixed_type)
    return FixedVariableArray(cast.reshape(array.shape), array.solver_options)


def cast_constants(values: np.ndarray, fixed_type: FixedType) -> np.ndarray:
    """Float constants as C++ stores them in ``fixed_type`` (its rounding and overflow modes)."""
    return fixed_type.quantize(np.asarray(values, dtype=np.float64))
