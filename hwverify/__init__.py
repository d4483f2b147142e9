"""hwverify: verify hls4ml firmware against its Keras model in open simulators, from pytest."""

from hwverify.errors import (
    ConfigError,
    HwverifyError,
    InterfaceNotRecognised,
    NotQuantized,
    ShapeMismatch,
    ToolFailed,
    ToolNotFound,
    UnknownModel,
    UnsupportedLayer,
)
from hwverify.fixed import FixedType

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "FixedType",
    "HwverifyError",
    "InterfaceNotRecognised",
    "NotQuantized",
    "ShapeMismatch",
    "ToolFailed",
    "ToolNotFound",
    "UnknownModel",
    "UnsupportedLayer",
]
