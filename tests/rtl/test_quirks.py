"""Simulator quirk fixes and speed rewrites on copies of exported RTL (text, and a side-by-side Icarus run)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hwverify.sim.quirks import (ALWAYS_COMB_NOTE, drop_simulation_only_includes, fix_for_icarus, split_long_lines,
                                 unroll_bit_reversals)
from hwverify.tools import require_icarus
from tests.rtl.designs import DESIGNS_DIR, PARALLEL_DENSE, STREAM_VIVADO
from tests.rtl.icarus_sources import prepare_for_icarus


def test_braced_replication_count_is_rewritten() -> None:
    text = "reg [W-1:0] r = {1'b0, {{W-1}{1'b0}}};\nassign a = {{DataWidth + 1}{b}};\n"
    fixed, notes = fix_for_icarus(text, "regslice_core.v")
    assert fixed == "reg [W-1:0] r = {1'b0, {(W-1){1'b0}}};\nassign a = {(DataWidth + 1){b}};\n"
    assert len(notes) == 1 and "regslice_core.v" in notes[0] and "2 replication" in notes[0]


def test_legal_verilog_is_left_alone() -> None:
    text = "assign x = {2{a}};\nassign y = {{4{b}}, c};\nassign z = {(W-1){1'b0}};\n"
    assert fix_for_icarus(text) == (text, ())


def test_only_files_that_need_a_fix_are_copied(tmp_path: Path) -> None:
    prepared = prepare_for_icarus(STREAM_VIVADO.sources, tmp_path)
    copied = {path.name.split("_", 1)[1]: path for path in prepared.sources if path.parent == tmp_path}
    assert "regslice_core.v" in copied and len(prepared.sources) == len(STREAM_VIVADO.sources)
    assert "{{W-1}" not in copied["regslice_core.v"].read_text()
    assert "{{W-1}" in (STREAM_VIVADO.directory / "regslice_core.v").read_text()
    assert prepare_for_icarus(PARALLEL_DENSE.sources, tmp_path / "other").notes == ()  # nothing to fix there


def test_always_star_becomes_always_comb_for_icarus() -> None:
    """Vitis HLS initialises registers in their declarations; an @(*) block reading only those never runs in
    Icarus and stays X (seen on a real Vitis 2023.2 export: a FIFO's consumer never read, the design hung)."""
    text = "reg full_n = 1'b1;\nalways @ (*) begin\n    blocked = (full_n == 1'b0);\nend\nalways @(*) a = b;\n"
    fixed, notes = fix_for_icarus(text, "fifo.v")
    assert fixed == ("reg full_n = 1'b1;\nalways_comb begin\n    blocked = (full_n == 1'b0);\nend\n"
                     "always_comb a = b;\n")
    assert notes == (ALWAYS_COMB_NOTE,)


REVERSALS = DESIGNS_DIR / "common" / "reverse_range_hls.v"


def _simulate_side_by_side(original: str, rewritten: str, directory: Path) -> list[tuple[int, ...]]:
    """Icarus runs both modules on the same 200 seeded inputs; rows ``(whole_in, part_in, whole_out,
    part_out, whole_out of the rewrite, part_out of the rewrite)``."""
    require_icarus()
    (directory / "original.v").write_text(original)
    (directory / "rewritten.v").write_text(rewritten.replace("module reverse_range_hls", "module rewritten"))
    (directory / "tb.v").write_text("""
module tb;
  reg [39:0] w; reg [11:0] p; wire [39:0] wo, wr; wire [15:0] po, pr; integer k, seed;
  reverse_range_hls original(.whole_in(w), .part_in(p), .whole_out(wo), .part_out(po));
  rewritten rewrite(.whole_in(w), .part_in(p), .whole_out(wr), .part_out(pr));
  initial begin
    seed = 7;
    for (k = 0; k < 200; k = k + 1) begin
      w = {$random(seed), $random(seed)}; p = $random(seed); #1;
      $display("%0d %0d %0d %0d %0d %0d", w, p, wo, po, wr, pr);
    end
  end
endmodule
""")
    subprocess.run(["iverilog", "-o", "sim", "tb.v", "original.v", "rewritten.v"], cwd=directory, check=True)
    lines = subprocess.run(["vvp", "-n", "sim"], cwd=directory, check=True, capture_output=True, text=True).stdout
    return [tuple(int(v) for v in line.split()) for line in lines.splitlines() if line.strip()]


def _reversed(value: int, width: int, hi: int, lo: int, out_width: int) -> int:
    """ap_int range(lo, hi) with lo > hi, bit by bit: out[v] = v > hi - lo ? 0 : value[hi - v]."""
    return sum(((value >> (hi - v)) & 1) << v for v in range(out_width) if v <= hi - lo)


def test_bit_reversal_loops_become_concatenations_with_the_same_values(tmp_path: Path) -> None:
    """Vivado HLS writes a reversed part-select as a loop over every bit; on a real export (twelve 2,304-bit line
    buffers) Verilator spent 90% of the run in those loops. The rewrite is one concatenation per loop."""
    original = REVERSALS.read_text()
    rewritten, loops = unroll_bit_reversals(original)
    assert "for (" not in rewritten and loops == 2
    rows = _simulate_side_by_side(original, rewritten, tmp_path)
    assert len(rows) == 200 and len({row[0] for row in rows}) == 200
    for whole, part, whole_out, part_out, whole_new, part_new in rows:
        assert (whole_out, part_out) == (_reversed(whole, 40, 39, 0, 40), _reversed(part, 12, 11, 2, 16))
        assert (whole_new, part_new) == (whole_out, part_out)


def test_a_wrong_rewrite_is_caught_by_the_side_by_side_run(tmp_path: Path) -> None:
    """The equivalence run must catch a rewrite that swaps two bits."""
    original = REVERSALS.read_text()
    rewritten, _ = unroll_bit_reversals(original)
    faulty = rewritten.replace("whole_in[0], whole_in[1],", "whole_in[1], whole_in[0],", 1)
    assert faulty != rewritten
    rows = _simulate_side_by_side(original, faulty, tmp_path)
    assert any(row[2] != row[4] for row in rows)


def test_bit_reversal_loops_that_cannot_be_checked_are_left_alone() -> None:
    """A destination narrower than the loop, or a source whose width is not declared, is not rewritten."""
    original = REVERSALS.read_text()
    narrower = original.replace("reg   [15:0] part_fu_20_p4;", "reg   [14:0] part_fu_20_p4;")
    assert unroll_bit_reversals(narrower)[0].count("for (") == 1
    undeclared = original.replace("input  wire [39:0] whole_in,", "input  wire whole_in,")
    assert unroll_bit_reversals(undeclared)[0].count("for (") == 1


def test_a_wide_bit_reversal_is_split_into_short_lines() -> None:
    """A real export reverses a 36,864-bit line buffer: its concatenation on one line (1.4 MB) stops Verilator."""
    original = REVERSALS.read_text().replace("[39:0]", "[4095:0]").replace("40 - 1", "4096 - 1")
    original = original.replace("39 - 0", "4095 - 0").replace("whole_in[39 - ", "whole_in[4095 - ")
    rewritten, loops = unroll_bit_reversals(original)
    split, lines = split_long_lines(rewritten)
    assert loops == 2 and lines == 1 and max(len(line) for line in split.splitlines()) < 2_100
    assert " ".join(split.split()) == " ".join(rewritten.split()) and split.count("whole_in[") == 4096


def test_only_long_lines_without_strings_comments_or_directives_are_split() -> None:
    expression = "assign y = " + " | ".join(f"(s == 12'd{k})" for k in range(1500)) + ";"
    text = f"module m;\n{expression}\n$display(\"{'x ' * 5000}\");\n// {'c ' * 5000}\nendmodule\n"
    split, lines = split_long_lines(text)
    assert lines == 1 and max(len(line) for line in split.splitlines()[1:-4]) < 2_100
    assert " ".join(split.split()) == " ".join(text.split())  # only spaces became line breaks
    assert split.splitlines()[-3:] == text.splitlines()[-3:]  # the string and the comment are as they were
    assert split_long_lines("assign a = b;\n") == ("assign a = b;\n", 0)
    macro = "`define ANY(s) \\\n" + " | ".join(f"(s == {k})" for k in range(1500)) + "\n"
    assert split_long_lines(macro) == (macro, 0)  # a macro's continuation line


def test_only_includes_between_translate_off_and_on_are_left_out() -> None:
    text = ('`include "defs.vh"\nreg find_kernel_block = 0;\n// synthesis translate_off\n'
            '`include "myproject_hls_deadlock_kernel_monitor_top.vh"\n// synthesis translate_on\nendmodule\n')
    dropped, count = drop_simulation_only_includes(text)
    assert count == 1 and '`include "defs.vh"' in dropped and "kernel_monitor" not in dropped
    assert dropped.count("synthesis translate_o") == 2  # the markers stay; only the include goes
    assert drop_simulation_only_includes('`include "defs.vh"\n') == ('`include "defs.vh"\n', 0)
