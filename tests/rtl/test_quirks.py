"""Simulator quirk fixes on copies of exported RTL. Pure text; well under 1 s."""

from __future__ import annotations

from pathlib import Path

from hwverify.sim.quirks import ALWAYS_COMB_NOTE, fix_for_icarus
from tests.rtl.icarus_sources import prepare_for_icarus
from tests.rtl.designs import PARALLEL_DENSE, STREAM_VIVADO


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
