"""The HLS interface protocols that the host and the simulator both name.

The host recognises them in a top module's ports (:mod:`hwverify.sources.interface`) and writes them into
the run specification (:mod:`hwverify.sim.spec`); the simulator side (``rtl_sim/tb``) reads them there and
drives the design by them. They live below both, so each side imports the same types and neither compares
strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ClockReset", "Control", "IoStyle"]


class IoStyle(StrEnum):
    """The interface styles hwverify can drive."""

    IO_PARALLEL = "io_parallel"  # ap_ctrl_hs, one wide reshaped input port + per-element outputs with _ap_vld
    AXIS_PER_ELEMENT = "axis_per_element"  # Vivado HLS io_stream: one AXI-Stream per array element
    AXIS_PACKED = "axis_packed"  # Vitis HLS io_stream / open-flow shell: one stream per array, packed
    ACCELERATOR = "accelerator"  # VivadoAccelerator myproject_axi: in_r/out_r, one element per beat, TLAST
    AP_FIFO = "ap_fifo"  # ap_fifo ports (_dout/_empty_n/_read, _din/_full_n/_write), ap_ctrl_chain


class Control(StrEnum):
    """Block-level control protocol of a top module."""

    HS = "ap_ctrl_hs"  # ap_start/ap_done/ap_idle/ap_ready
    CHAIN = "ap_ctrl_chain"  # ap_ctrl_hs plus ap_continue
    NONE = "ap_ctrl_none"  # free-running: data handshakes only


@dataclass(frozen=True)
class ClockReset:
    """The clock port, the reset port, and whether reset is asserted low."""

    clock: str
    reset: str
    active_low: bool
