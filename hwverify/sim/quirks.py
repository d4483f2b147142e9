"""Rewrites that let a simulator accept HLS-exported Verilog it would otherwise reject.

Fixes are applied to simulation copies only, never to the exported files, and each one is reported
as a note so that a run says which quirks it worked around.
"""

from __future__ import annotations

import re

# `{{W-1}{1'b0}}` in Vivado HLS 2019.x regslice_core.v: the replication count is itself written as a
# concatenation `{W-1}`, which has no defined width; Icarus 11 rejects it. `{(W-1){1'b0}}` means the same.
_BRACED_REPLICATION_COUNT = re.compile(r"\{\{(?P<count>[A-Za-z_][A-Za-z0-9_$]*\s*[-+]\s*\d+)\}(?P<value>\{[^{}]*\})\}")


# `always @ (*)` runs only after one of its inputs changes. Vitis HLS 2023+ declares registers with
# initial values (`reg full_n = 1'b1;`) that may never change again, so a combinational block reading only
# such values never runs in Icarus and its outputs stay X forever (a FIFO's consumer then never reads; the
# design hangs). `always_comb` means the same and also runs once at time zero. Verilator has no such issue.
_ALWAYS_STAR = re.compile(r"\balways\s*@\s*\(\s*\*\s*\)")
ALWAYS_COMB_NOTE = ("for Icarus, rewrote `always @ (*)` blocks as `always_comb` (the same logic, also evaluated at "
                    "time zero; Icarus leaves an @(*) block whose inputs never change at X)")


def fix_for_icarus(text: str, name: str = "source") -> tuple[str, tuple[str, ...]]:
    """``text`` rewritten for Icarus Verilog 11, and notes naming each fix made (empty if none)."""
    fixed, count = _BRACED_REPLICATION_COUNT.subn(lambda m: f"{{({m['count']}){m['value']}}}", text)
    notes = []
    if count:
        notes.append(
            f"{name}: rewrote {count} replication(s) written as {{{{W-1}}{{1'b0}}}} (Vivado HLS 2019 regslice_core) "
            "to {(W-1){1'b0}}, which Icarus 11 accepts"
        )
    fixed, combs = _ALWAYS_STAR.subn("always_comb", fixed)
    if combs:
        notes.append(ALWAYS_COMB_NOTE)
    return fixed, tuple(notes)
