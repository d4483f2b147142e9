"""Rewrites that let a simulator accept HLS-exported Verilog it would otherwise reject.

Fixes are applied to simulation copies only, never to the exported files, and each one is reported
as a note so that a run says which quirks it worked around. Which rewrites a simulator's copy gets is decided
here too (:func:`simulation_copy`): a build's cache key holds this file's hash, so changing any of it rebuilds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


# Vivado HLS writes a reversed part-select (ap_int's range(lo, hi) with lo > hi) as a combinational loop over
# every bit, `always @ (src) for (v = W - 1; v >= 0; v = v - 1) if (v > HI - LO) dst[v] = 1'b0; else
# dst[v] = src[HI - v];`.
# Verilator runs that loop bit by bit each time its input changes: on a real export with twelve 2,304-bit
# line buffers it was 90% of the run time (6,000 cycles/s). The same assignment written as one concatenation
# of constant bit-selects is about six times faster in Verilator and means the same in any simulator.
_REVERSAL_LOOP = re.compile(
    r"always\s*@\s*\(\s*(?P<sensitivity>\*|\w+)\s*\)\s*begin\s*"
    r"for\s*\(\s*(?P<var>\w+)\s*=\s*(?P<width>\d+)\s*-\s*1\s*;\s*(?P=var)\s*>=\s*0\s*;\s*"
    r"(?P=var)\s*=\s*(?P=var)\s*-\s*1\s*\)\s*begin\s*"
    r"if\s*\(\s*(?P=var)\s*>\s*(?P<hi>\d+)\s*-\s*(?P<lo>\d+)\s*\)\s*begin\s*"
    r"(?P<dst>\w+)\s*\[\s*(?P=var)\s*\]\s*=\s*1'b0\s*;\s*end\s*else\s*begin\s*"
    r"(?P=dst)\s*\[\s*(?P=var)\s*\]\s*=\s*(?P<src>\w+)\s*\[\s*(?P<top>\d+)\s*-\s*(?P=var)\s*\]\s*;\s*"
    r"end\s*end\s*end")
_VECTOR = r"(?:reg|wire|input\s+wire|input|output\s+reg|output\s+wire|output)\s*\[\s*(\d+)\s*:\s*0\s*\]\s*{name}\b"


def unroll_bit_reversals(text: str) -> tuple[str, int]:
    """``text`` with each HLS bit-reversal loop written as one concatenation (same logic), and how many were.

    A loop is rewritten only when every number in it is a literal and the declared widths of its source and
    destination show that each bit it reads and writes exists; anything else is left as it is."""
    count = 0

    def concatenation(match: re.Match[str]) -> str:
        nonlocal count
        width, limit, top = int(match["width"]), int(match["hi"]) - int(match["lo"]), int(match["top"])
        dst_msb, src_msb = _msb(text, match["dst"]), _msb(text, match["src"])
        highest_read = min(width - 1, limit)
        sensitive = match["sensitivity"] in ("*", match["src"])
        if not sensitive or dst_msb != width - 1 or src_msb is None or highest_read < 0 or top > src_msb \
                or top - highest_read < 0:
            return match[0]
        count += 1
        bits = ["1'b0" if bit > limit else f"{match['src']}[{top - bit}]" for bit in range(width - 1, -1, -1)]
        return f"always @ (*) begin\n    {match['dst']} = {{{', '.join(bits)}}};\nend"

    return _REVERSAL_LOOP.sub(concatenation, text), count


def _bit_reversal_note(loops: int, files: int) -> str:
    """The note a simulation makes of :func:`unroll_bit_reversals`' rewrites."""
    return (f"wrote {loops} bit-reversal loop(s) (reversed part-selects) in {files} file(s) as one concatenation "
            "each: the same logic, several times faster in Verilator")


# Vivado HLS writes a large FSM's conditions on one line (86,521 characters in a real export's zero-padding
# process), and a rewritten reversal of a 36,864-bit line buffer is one line of 1.4 MB; Verilator's preprocessor
# stops at 40,000 tokens a line ("Too many preprocessor tokens on a line", or a syntax error at the cut).
# A line break between two tokens means the same as a space, outside strings, comments and directives.
_LONG_LINE = 8_000
_CHUNK = 2_000


def split_long_lines(text: str) -> tuple[str, int]:
    """``text`` with each line longer than ``_LONG_LINE`` characters broken at spaces about every ``_CHUNK``
    characters, and how many lines were; a line holding a string, a comment or a directive, or continuing a
    macro (the line before ends with a backslash), is left as it is."""
    count = 0

    def split(line: str, before: str) -> str:
        nonlocal count
        if len(line) <= _LONG_LINE or before.endswith("\\") or any(m in line for m in ('"', "//", "/*", "`")):
            return line
        count += 1
        pieces, start = [], 0
        while len(line) - start > _CHUNK:
            cut = line.find(" ", start + _CHUNK)
            if cut < 0:
                break
            pieces.append(line[start:cut])
            start = cut + 1
        return "\n".join([*pieces, line[start:]])

    lines = text.split("\n")
    return "\n".join(split(line, before) for line, before in zip(lines, ["", *lines])), count


def _long_lines_note(lines: int, files: int) -> str:
    """The note a simulation makes of :func:`split_long_lines`' rewrites."""
    return (f"broke {lines} line(s) of over {_LONG_LINE:,} characters in {files} file(s) at spaces (Verilator's "
            "preprocessor stops at 40,000 tokens a line): the same Verilog")


# Vitis HLS (in an hls4ml export of 2023 and later) ends the top of impl/verilog and of the IP package with
#   reg find_df_deadlock = 0;  // synthesis translate_off  `include "<top>_hls_deadlock_detector.vh"  ...
# cosimulation's deadlock monitors: they reach into the processes by hierarchical names, write deadlock_db.dat
# and stop the simulation. Nothing of the design reads them, and the include is not found where a simulator
# compiles copies. hwverify's watchdog names a stalled design itself; the includes are left out.
_SIMULATION_ONLY_INCLUDES = re.compile(
    r"(?P<off>//\s*synthesis\s+translate_off[ \t]*\n)(?P<includes>(?:[ \t]*`include\s+\"[^\"\n]+\"[ \t]*\n)+)"
    r"(?=[ \t]*//\s*synthesis\s+translate_on)")


def drop_simulation_only_includes(text: str) -> tuple[str, int]:
    """``text`` without the `include lines HLS puts between ``synthesis translate_off`` and ``translate_on``,
    and how many there were."""
    count = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        count += match["includes"].count("`include")
        return match["off"] + "// hwverify: a simulation-only include of HLS left out\n"

    return _SIMULATION_ONLY_INCLUDES.sub(drop, text), count


def _simulation_only_includes_note(includes: int) -> str:
    """The note a simulation makes of :func:`drop_simulation_only_includes`."""
    return (f"left out {includes} `include(s) HLS marks simulation-only (translate_off: Vitis HLS's cosimulation "
            "deadlock monitors); hwverify's watchdog reports a stalled design itself")


def _msb(text: str, signal: str) -> int | None:
    """The most significant bit of ``signal``'s ``[msb:0]`` declaration in ``text`` (None if not found)."""
    match = re.search(_VECTOR.format(name=re.escape(signal)), text)
    return int(match[1]) if match else None


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


@dataclass(frozen=True)
class SimulationCopy:
    """One source as a simulator compiles it, and what was rewritten in it."""

    text: str
    icarus_notes: tuple[str, ...] = ()
    reversals: int = 0
    long_lines: int = 0
    includes: int = 0


def simulation_copy(text: str, name: str, icarus: bool) -> SimulationCopy:
    """``text`` (of the file ``name``) with every rewrite the simulator needs: simulation-only includes left out
    and bit-reversal loops unrolled for both; Icarus's fixes for Icarus, long lines split for Verilator."""
    text, includes = drop_simulation_only_includes(text)
    text, reversals = unroll_bit_reversals(text)
    if icarus:
        text, fixed = fix_for_icarus(text, name)
        return SimulationCopy(text, fixed, reversals, 0, includes)
    text, lines = split_long_lines(text)
    return SimulationCopy(text, (), reversals, lines, includes)


def copy_notes(copies: Sequence[SimulationCopy]) -> list[str]:
    """The notes a build makes of its copies' rewrites, each once."""
    notes = [note for copy in copies for note in copy.icarus_notes]
    if reversals := [copy.reversals for copy in copies if copy.reversals]:
        notes.append(_bit_reversal_note(sum(reversals), len(reversals)))
    if lines := [copy.long_lines for copy in copies if copy.long_lines]:
        notes.append(_long_lines_note(sum(lines), len(lines)))
    if includes := sum(copy.includes for copy in copies):
        notes.append(_simulation_only_includes_note(includes))
    return list(dict.fromkeys(notes))
