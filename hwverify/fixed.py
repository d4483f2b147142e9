"""Fixed-point types as hls4ml and Vivado/Vitis HLS define them, and conversions to integer codes.

Checks compare integer codes, never floats: a value ``x`` of ``ap_fixed<W, I>`` has the code
``x * 2**(W - I)``, an integer in ``[-2**(W-1), 2**(W-1))`` (or ``[0, 2**W)`` unsigned).
Scaling by a power of two is exact in float64, so codes up to 53 bits round-trip exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from hwverify.errors import ConfigError

ROUNDING_MODES = ("TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV")
SATURATION_MODES = ("WRAP", "SAT", "SAT_ZERO", "SAT_SYM")

_TYPE_PATTERN = re.compile(
    r"^\s*(?P<kind>ap_fixed|ap_ufixed|fixed|ufixed|ap_int|ap_uint|int|uint)\s*<\s*(?P<args>[^>]*)>\s*$"
)


@dataclass(frozen=True)
class FixedType:
    """``ap_fixed<width, integer, rounding, saturation>`` (signed) or ``ap_ufixed`` (unsigned)."""

    width: int
    integer: int
    signed: bool = True
    rounding: str = "TRN"
    saturation: str = "WRAP"

    def __post_init__(self) -> None:
        if self.width < 1:
            raise ConfigError(f"fixed-point width must be at least 1, got {self.width}")
        if self.rounding not in ROUNDING_MODES:
            raise ConfigError(f"unknown rounding mode {self.rounding!r}; expected one of {ROUNDING_MODES}")
        if self.saturation not in SATURATION_MODES:
            raise ConfigError(f"unknown saturation mode {self.saturation!r}; expected one of {SATURATION_MODES}")

    @property
    def fractional(self) -> int:
        """Number of fractional bits (may be negative)."""
        return self.width - self.integer

    @property
    def lsb(self) -> float:
        """The value of one least significant bit."""
        return 2.0 ** (-self.fractional)

    @property
    def code_min(self) -> int:
        """Smallest integer code."""
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def code_max(self) -> int:
        """Largest integer code."""
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    def __str__(self) -> str:
        kind = "ap_fixed" if self.signed else "ap_ufixed"
        return f"{kind}<{self.width},{self.integer},{self.rounding},{self.saturation}>"

    @classmethod
    def parse(cls, text: str) -> FixedType:
        """Parse ``ap_fixed<16,6>``, ``fixed<8,3,RND_CONV,SAT>``, ``ap_ufixed<6,0,AP_RND_CONV,AP_SAT,0>``,
        ``ap_int<8>``... (the C++ ``AP_`` prefix and a trailing saturation-bits argument are accepted)."""
        match = _TYPE_PATTERN.match(text)
        if match is None:
            raise ConfigError(f"cannot parse fixed-point type {text!r}; expected e.g. 'ap_fixed<16,6>'")
        kind = match["kind"]
        args = [a.strip().removeprefix("AP_") for a in match["args"].split(",") if a.strip()]
        signed = not kind.startswith(("ap_u", "u"))
        needed = 1 if kind.endswith("int") else 2
        if len(args) < needed or not all(_is_int(a) for a in args[:needed]):
            example = f"{kind}<16>" if needed == 1 else f"{kind}<16,6>"
            what = "a whole-number width" if needed == 1 else "a whole-number width and integer bits"
            raise ConfigError(f"cannot parse fixed-point type {text!r}: {kind} needs {what}, e.g. '{example}'")
        width = int(args[0])
        if kind.endswith("int"):
            return cls(width, width, signed)
        rounding = args[2] if len(args) > 2 else "TRN"
        saturation = args[3] if len(args) > 3 else "WRAP"
        return cls(width, int(args[1]), signed, rounding, saturation)

    @classmethod
    def from_hls4ml(cls, precision: Any) -> FixedType:
        """Convert an hls4ml ``FixedPrecisionType`` / ``IntegerPrecisionType`` (or its string)."""
        if isinstance(precision, str):
            return cls.parse(precision)
        rounding = getattr(precision, "rounding_mode", None)
        saturation = getattr(precision, "saturation_mode", None)
        return cls(
            width=int(precision.width),
            integer=int(precision.integer),
            signed=bool(precision.signed),
            rounding=rounding.name if rounding is not None else "TRN",
            saturation=saturation.name if saturation is not None else "WRAP",
        )

    def quantize_codes(self, values: np.ndarray) -> np.ndarray:
        """Integer codes of ``values`` after this type's rounding and saturation (like assigning to it)."""
        scaled = np.asarray(values, dtype=np.float64) * (2.0**self.fractional)
        return self.saturate(round_scaled(scaled, self.rounding))

    def saturate(self, codes: np.ndarray) -> np.ndarray:
        """Apply this type's overflow mode to integer codes of unlimited range."""
        codes = np.asarray(codes, dtype=np.int64)
        low, high = self.code_min, self.code_max
        if self.saturation == "WRAP":
            wrapped = (codes - low) % (1 << self.width) + low
            return wrapped.astype(np.int64)
        if self.saturation == "SAT_ZERO":
            return np.where((codes < low) | (codes > high), 0, codes).astype(np.int64)
        if self.saturation == "SAT_SYM" and self.signed:
            low = -high
        return np.clip(codes, low, high).astype(np.int64)

    def quantize(self, values: np.ndarray) -> np.ndarray:
        """Values snapped to this type (float64), as ``ap_fixed`` would hold them."""
        return self.to_float(self.quantize_codes(values))

    def to_float(self, codes: np.ndarray) -> np.ndarray:
        """The real values of integer codes."""
        return np.asarray(codes, dtype=np.float64) * self.lsb

    def exact_codes(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, on_grid)``: the nearest codes, and a mask of values that are exactly representable."""
        scaled = np.asarray(values, dtype=np.float64) * (2.0**self.fractional)
        nearest = np.rint(scaled)
        on_grid = (nearest == scaled) & (nearest >= self.code_min) & (nearest <= self.code_max)
        return nearest.astype(np.int64), on_grid

    def codes_to_bits(self, codes: np.ndarray) -> np.ndarray:
        """Two's complement bit patterns (unsigned, ``width`` bits) of codes, as an RTL port carries them."""
        return (np.asarray(codes, dtype=np.int64) & ((1 << self.width) - 1)).astype(np.uint64)

    def bits_to_codes(self, bits: np.ndarray) -> np.ndarray:
        """Codes from ``width``-bit patterns read off an RTL port."""
        bits = np.asarray(bits, dtype=np.int64) & ((1 << self.width) - 1)
        if self.signed:
            bits = np.where(bits >= (1 << (self.width - 1)), bits - (1 << self.width), bits)
        return bits.astype(np.int64)


def _is_int(text: str) -> bool:
    """True for a whole number such as ``16`` or ``-2`` (integer bits may be negative)."""
    return text.lstrip("+-").isdigit()


def round_scaled(scaled: np.ndarray, mode: str) -> np.ndarray:
    """Round values already scaled to LSB units, with an ``ap_fixed`` quantization mode."""
    floor = np.floor(scaled)
    frac = scaled - floor
    if mode == "TRN":
        result = floor
    elif mode == "TRN_ZERO":
        result = np.trunc(scaled)
    elif mode == "RND":  # half towards +infinity
        result = np.floor(scaled + 0.5)
    elif mode == "RND_MIN_INF":  # half towards -infinity
        result = np.ceil(scaled - 0.5)
    elif mode == "RND_ZERO":  # half towards zero
        result = np.where(frac == 0.5, np.where(scaled > 0, floor, floor + 1), np.floor(scaled + 0.5))
    elif mode == "RND_INF":  # half away from zero
        result = np.where(frac == 0.5, np.where(scaled > 0, floor + 1, floor), np.floor(scaled + 0.5))
    elif mode == "RND_CONV":  # half to even
        result = np.rint(scaled)
    else:
        raise ConfigError(f"unknown rounding mode {mode!r}; expected one of {ROUNDING_MODES}")
    return result.astype(np.int64)


@dataclass(frozen=True)
class FloatType:
    """IEEE-754 ``float`` (32 bits) or ``double`` (64 bits) as an RTL port carries it.

    Its *codes* are the bit patterns read as signed integers of ``width`` bits, so codes compare
    bit for bit, and the distance between two codes of the same sign is their distance in ULPs.
    """

    width: int = 32
    signed: bool = True  # codes are two's complement views of the bits

    def __post_init__(self) -> None:
        if self.width not in (32, 64):
            raise ConfigError(f"a floating-point port is 32 or 64 bits wide, got {self.width}")

    @property
    def numpy_dtype(self) -> type:
        """``np.float32`` or ``np.float64``."""
        return np.float32 if self.width == 32 else np.float64

    @property
    def code_min(self) -> int:
        """Smallest code (the bit pattern 100...0)."""
        return -(1 << (self.width - 1))

    @property
    def code_max(self) -> int:
        """Largest code (the bit pattern 011...1)."""
        return (1 << (self.width - 1)) - 1

    def __str__(self) -> str:
        return "float" if self.width == 32 else "double"

    def quantize_codes(self, values: np.ndarray) -> np.ndarray:
        """Codes (bit patterns) of ``values`` rounded to this precision (round to nearest even)."""
        bits = np.asarray(values, dtype=np.float64).astype(self.numpy_dtype)
        signed = np.int32 if self.width == 32 else np.int64
        return bits.view(signed).astype(np.int64)

    def to_float(self, codes: np.ndarray) -> np.ndarray:
        """The values that codes (bit patterns) stand for, as float64."""
        signed = np.int32 if self.width == 32 else np.int64
        return np.asarray(codes, dtype=np.int64).astype(signed).view(self.numpy_dtype).astype(np.float64)

    def exact_codes(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, exact)``: codes of ``values`` and a mask of values this precision holds exactly."""
        codes = self.quantize_codes(values)
        as_float = self.to_float(codes)
        values = np.asarray(values, dtype=np.float64)
        return codes, (as_float == values) | (np.isnan(as_float) & np.isnan(values))

    def codes_to_bits(self, codes: np.ndarray) -> np.ndarray:
        """The port's bit patterns (unsigned) of codes."""
        return (np.asarray(codes, dtype=np.int64) & np.int64(-1 if self.width == 64 else (1 << 32) - 1)).astype(
            np.uint64)

    def bits_to_codes(self, bits: np.ndarray) -> np.ndarray:
        """Codes from bit patterns read off a port."""
        raw = np.asarray(bits, dtype=np.uint64)
        if self.width == 64:
            return raw.view(np.int64).astype(np.int64)
        return raw.astype(np.uint32).view(np.int32).astype(np.int64)


#: The element type of an array on an RTL port: fixed point (or integer), or IEEE-754 floating point.
ElementType = FixedType | FloatType


def parse_element_type(text: str) -> ElementType:
    """``float``/``double`` or any type :meth:`FixedType.parse` reads."""
    stripped = text.strip()
    if stripped == "float":
        return FloatType(32)
    if stripped == "double":
        return FloatType(64)
    return FixedType.parse(stripped)
