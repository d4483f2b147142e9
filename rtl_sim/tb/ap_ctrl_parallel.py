"""io_parallel (ap_ctrl_hs): a sample is accepted on an edge where ap_start and ap_ready are high.

Every input port (one reshaped port, or one per element or array, merged into one channel by the
host) and its ``_ap_vld`` are driven together with ap_start, so input valid gaps
are cycles with ap_start low. Outputs are ``_ap_vld`` strobes with no ready: output backpressure
does not exist in this style and is ignored.
"""

from __future__ import annotations

from hwverify.sim.spec import ChannelSpec
from rtl_sim.tb.adapter import Adapter
from rtl_sim.tb.channel import BeatSource


class ApCtrlParallelAdapter(Adapter):
    """Drives ap_start with the input's ``_ap_vld``; ap_ready is the input's ready."""

    def make_source(self, channel: ChannelSpec) -> BeatSource:
        """A source whose valid is (ap_start, <x>_ap_vld) and whose ready is ap_ready."""
        valid = [self.signal("ap_start"), *(self.signal(v) for v in channel.valid)]
        return BeatSource(self.clock, self.data_ports(channel), valid, self.signal("ap_ready"), None, self.progress)

    def drive_control(self, active: bool) -> None:
        """ap_start belongs to the input source; nothing else to drive."""
