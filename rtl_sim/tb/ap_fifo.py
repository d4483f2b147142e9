"""ap_fifo ports under ap_ctrl_chain: the same valid/ready handshake with FIFO names.

Input ``<x>_dout``/``<x>_empty_n`` are driven by the testbench and ``<x>_read`` by the design; output
``<y>_din``/``<y>_write`` by the design and ``<y>_full_n`` by the testbench (the host's channel spec
already maps them to data/valid/ready). ap_start and ap_continue are held high.
"""

from __future__ import annotations

from rtl_sim.tb.adapter import StreamingAdapter


class ApFifoAdapter(StreamingAdapter):
    """Drives ap_fifo ports; holds ap_start and ap_continue high."""
