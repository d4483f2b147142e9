"""Vivado HLS io_stream: one AXI-Stream per array element (``input_1_V_data_<c>_V``), no packing.

Each channel stream has its own source or sink with its own seeded pause generator, so their
handshakes are independent, as the exported RTL requires; a sample's first input handshake is the
earliest over all channels. ap_start is held high.
"""

from __future__ import annotations

from rtl_sim.tb.adapter import StreamingAdapter


class AxisPerElementAdapter(StreamingAdapter):
    """One source or sink per element stream, each with independent handshakes."""
