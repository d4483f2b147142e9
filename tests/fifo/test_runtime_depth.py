"""Run-time FIFO depths: one build serves every depth a calibration tries, and runs as the design's own modules.

fifo_pipeline (rtl_sim/designs/fifo_pipeline/) deadlocks when its skip FIFO cannot hold a frame and slows down when
its output FIFO is short: depth sets on both sides of those edges are run in the run-time-depth copy and with the
real modules resized, and must end the same way on the same cycle. The must-catch input is a copy of the design
whose output FIFO computes "full" from ADDR_WIDTH (correct at its own power-of-two depth, not at a run-time one).
Icarus: about 40 s; the Verilator case is marked slow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hwverify.cli import main
from hwverify.fifo import CalibrationSettings, Stimulus, calibrate_fifos, prove_fifo_depths
from hwverify.fifo.calibration import compare_with_real_modules
from hwverify.fifo.runtime_depth import REGISTER, depth_plusargs, runtime_module
from tests.fifo.pipeline import DIRECTORY, SKIP_FIFO, pipeline_design, pipeline_inputs
from tests.rtl.designs import DESIGNS
from tests.rtl.test_adapters import design_inputs, rtl_design

OUTPUT_FIFO = "layer2_out_V_data_0_V_U"


@pytest.mark.parametrize("simulator", ["icarus", pytest.param("verilator", marks=pytest.mark.slow)])
def test_runtime_depths_end_every_run_as_the_real_modules_do(simulator: str) -> None:
    design, codes = pipeline_design(), pipeline_inputs(12, seed=1)
    settings = CalibrationSettings(deep_depth=64, stimuli=(Stimulus(0.0, 1), Stimulus(0.6, 2)), simulator=simulator,
                                   watchdog_cycles=200)
    calibration = calibrate_fifos(design, codes, settings)
    outcomes = set()
    for skip, short in ((5, 2), (8, 2), (9, 3), (12, 12)):
        depths = {**calibration.proposed, SKIP_FIFO: skip, OUTPUT_FIFO: short}
        runtime = prove_fifo_depths(design, codes, calibration, depths)
        real = prove_fifo_depths(design, codes, calibration, depths, real_modules=True)
        assert compare_with_real_modules(runtime, real).identical, (skip, short)
        outcomes |= {(run.deadlock is not None, run.cycles) for run in runtime.runs}
    assert (True, None) in outcomes and len(outcomes) >= 3, "the depth sets must deadlock, slow down and pass"


@pytest.mark.parametrize("name", ["stream_vitis", "stream_vivado"])
def test_runtime_depths_of_vitis_and_shift_register_fifos_run_as_the_real_modules(name: str) -> None:
    """stream_vitis: a Vitis RAM FIFO whose logic reads a localparam derived from DEPTH, a Vitis start FIFO;
    stream_vivado: Vivado shift-register and RAM FIFOs and start FIFOs. Every FIFO at 2, then at its own depth."""
    design = DESIGNS[name]
    rtl = rtl_design(design)
    codes = design_inputs(design, rtl, 12, seed=4)
    settings = CalibrationSettings(deep_depth=32, stimuli=(Stimulus(0.0, 1), Stimulus(0.6, 2)), simulator="icarus")
    calibration = calibrate_fifos(rtl, codes, settings)
    for depths in ({f.name: 2 for f in calibration.fifos}, {f.name: f.depth for f in calibration.fifos}):
        runtime = prove_fifo_depths(rtl, codes, calibration, depths)
        real = prove_fifo_depths(rtl, codes, calibration, depths, real_modules=True)
        assert compare_with_real_modules(runtime, real).identical, depths


def test_runtime_module_moves_depth_into_statements_only() -> None:
    ram = runtime_module((DIRECTORY / "fifo_w16_d16_A.v").read_text(), "fifo_w16_d16_A")  # ANSI parameter list
    assert "reg  [DATA_WIDTH-1:0] mem[0:DEPTH-1];" in ram  # the storage keeps the build's DEPTH
    assert f"full_n <= (usedw != {REGISTER} - 1);" in ram
    assert f"(waddr == {REGISTER} - 1) ? 1'b0  :" in ram
    assert "#(parameter HWV_FIFO_ID = -1, " in ram
    assert 'hwv_fifo_depth%0d=%%d", HWV_FIFO_ID' in ram
    shift = runtime_module((DIRECTORY / "fifo_w16_d4_A.v").read_text(), "fifo_w16_d4_A")  # parameters in the body
    assert f"if (mOutPtr == {REGISTER} - 32'd2)" in shift and "parameter HWV_FIFO_ID = -1;" in shift
    assert "for (i=0;i<DEPTH-1;i=i+1)" in shift  # the shift register submodule is storage: left alone
    assert ".DEPTH(DEPTH))" in shift


def test_derived_localparams_get_run_time_twins_and_widths_stay() -> None:
    """Vitis 2024 FIFOs size their RAM with localparams computed from DEPTH (a list over several lines, one through a
    function) and clear addresses with a replication of that width: the localparams stay for the declarations, the
    statements use run-time twins, and a replication count stays constant."""
    text = "\n".join([
        "module fifo_x #(parameter DATA_WIDTH = 8, ADDR_WIDTH = 3, DEPTH = 6) (input clk, input reset);",
        "function integer log2_up(input integer n); begin log2_up = 0; while ((1 << log2_up) < n) "
        "log2_up = log2_up + 1; end endfunction",
        "localparam",
        "    RAM_WORDS = DEPTH - 1,",
        "    RAM_BITS  = log2_up(RAM_WORDS);",
        "reg [RAM_BITS-1:0] waddr;",
        "fifo_x_ram #(.DEPTH (RAM_WORDS)) ram (.clk(clk));",
        "always @(posedge clk) if (reset) waddr <= {RAM_BITS{1'b0}}; else if (waddr == RAM_WORDS - 1) waddr <= 0;",
        "endmodule",
    ])
    rewritten = runtime_module(text, "fifo_x")
    assert f"wire signed [31:0] hwv_RAM_WORDS = {REGISTER} - 1;" in rewritten
    assert "wire signed [31:0] hwv_RAM_BITS = log2_up(hwv_RAM_WORDS);" in rewritten
    assert "    RAM_WORDS = DEPTH - 1," in rewritten and "reg [RAM_BITS-1:0] waddr;" in rewritten
    assert "fifo_x_ram #(.DEPTH (RAM_WORDS)) ram" in rewritten
    assert "waddr <= {RAM_BITS{1'b0}}; else if (waddr == hwv_RAM_WORDS - 1)" in rewritten


def test_depth_plusargs_give_each_fifo_its_module_depth() -> None:
    design = pipeline_design()
    calibration = calibrate_fifos(design, pipeline_inputs(2, seed=3),
                                  CalibrationSettings(deep_depth=64, stimuli=(Stimulus(0.0, 1),), simulator="icarus"))
    fifos = calibration.fifos
    args = depth_plusargs(fifos, {fifos[1].name: 9})
    assert args == (f"+hwv_fifo_depth0={fifos[0].depth_parameter}", "+hwv_fifo_depth1=9",
                    f"+hwv_fifo_depth2={fifos[2].depth_parameter}")


def _full_from_address_width(tmp_path: Path) -> Path:
    """fifo_pipeline with its output FIFO full at mOutPtr == 2^ADDR_WIDTH - 2 (DEPTH - 2 at its own depth, 4)."""
    copy = tmp_path / "rtl"
    shutil.copytree(DIRECTORY, copy)
    fifo = copy / "fifo_w16_d4_A.v"
    text = fifo.read_text()
    assert "if (mOutPtr == DEPTH - 32'd2)" in text
    fifo.write_text(text.replace("if (mOutPtr == DEPTH - 32'd2)", "if (mOutPtr == {ADDR_WIDTH{1'b1}} - 1'b1)"))
    return copy


def test_calibrate_fifos_builds_twice_and_names_a_fifo_it_cannot_set_at_run_time(tmp_path, capsys, monkeypatch):
    """One build for the calibration, the proof and every shrink trial, one with the design's own modules; on the
    faulty copy the comparison of the two says they differ."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(cache))
    argv = ["--n-inputs", "8", "--n-outputs", "8", "--random", "6", "--deep-depth", "64", "--simulator", "icarus",
            "--backpressure", "0.5", "--shrink"]
    assert main(["calibrate-fifos", str(DIRECTORY), *argv, "--out", str(tmp_path / "a.json")]) == 0
    out = capsys.readouterr().out
    assert "run-time FIFO depths: identical to the design's own FIFO modules" in out
    assert len([entry for entry in (cache / "rtl_builds").iterdir() if entry.is_dir()]) == 2

    main(["calibrate-fifos", str(_full_from_address_width(tmp_path)), *argv, "--out", str(tmp_path / "b.json")])
    out = capsys.readouterr().out
    assert "run-time FIFO depths DIFFER from the design's own FIFO modules" in out
