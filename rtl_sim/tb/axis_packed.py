"""Vitis HLS io_stream and the open-flow shell: one AXI-Stream per array, the elements of a beat packed in TDATA.

Element 0 of a beat sits in the least significant bits (the host packs and unpacks); TKEEP/TSTRB
inputs, where present, are held at all ones. ap_start (if any) is held high, so a dataflow region
restarts for every frame.
"""

from __future__ import annotations

from rtl_sim.tb.adapter import StreamingAdapter


class AxisPackedAdapter(StreamingAdapter):
    """One source per input array stream and one sink per output array stream."""
