"""RTL-side host code: interface recognition, Verilog port reading, simulator quirks, simulation."""

from hwverify.rtl.interface import (
    Channel,
    ChannelKind,
    ClockReset,
    InterfaceSpec,
    IoStyle,
    Port,
    recognise_interface,
    recognise_ports,
)
from hwverify.rtl.quirks import PreparedSources, fix_for_icarus, prepare_for_icarus
from hwverify.rtl.verilog import read_ports

__all__ = [
    "Channel",
    "ChannelKind",
    "ClockReset",
    "InterfaceSpec",
    "IoStyle",
    "Port",
    "recognise_interface",
    "recognise_ports",
    "PreparedSources",
    "fix_for_icarus",
    "prepare_for_icarus",
    "read_ports",
]

# Simulation (runner engineer): designs, options, the simulate entry point, and the timing/framing checks.
from hwverify.rtl.design import DataArray, RtlDesign  # noqa: E402
from hwverify.rtl.framing import ChannelTrace, FramingViolation, check_framing  # noqa: E402
from hwverify.rtl.simulate import SimOptions, SimResult, simulate  # noqa: E402
from hwverify.rtl.spec import FifoFill, StalledHandshake, StallReport  # noqa: E402
from hwverify.rtl.timing import Bounds, TimingViolation, bounds_from_report, check_ii, check_latency  # noqa: E402

__all__ += [
    "Bounds",
    "DataArray",
    "ChannelTrace",
    "FifoFill",
    "FramingViolation",
    "RtlDesign",
    "SimOptions",
    "SimResult",
    "StallReport",
    "StalledHandshake",
    "TimingViolation",
    "bounds_from_report",
    "check_framing",
    "check_ii",
    "check_latency",
    "simulate",
]
