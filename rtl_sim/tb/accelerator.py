"""VivadoAccelerator ``myproject_axi``: ``in_r``/``out_r`` AXI-Streams, one element per beat, TLAST.

The input source sets TLAST on the last element of every sample (the host computes the TLAST bits);
the output sink records TLAST per beat, so :func:`hwverify.checks.framing.check_framing` can check it.
Float I/O designs carry IEEE-754 single bits; the host converts codes to and from them.
"""

from __future__ import annotations

from rtl_sim.tb.adapter import StreamingAdapter


class AcceleratorAdapter(StreamingAdapter):
    """Wraps the streams of the accelerator top; ap_ctrl_none, so nothing else to drive."""
