"""The bulk path (HDL stimulus player and response recorder) gives the same outputs as the cocotb path,
and, without backpressure, the same handshake cycles; its watchdog and framing data work too.

Runtime: see test_adapters.py (shared build cache); the Verilator bulk builds (3) take 20-60 s each cold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hwverify.sim.simulate as simulate_module
from hwverify.checks.exact import check_bit_exact
from hwverify.checks.framing import check_framing
from hwverify.errors import SimulationStalled, ToolFailed
from hwverify.sim.bulk import verilator_control, wrapper_verilog
from hwverify.sim.fifos import fifo_probes
from hwverify.sim.simulate import plan_simulation
from hwverify.sim.spec import ints_to_words
from rtl_sim.tb.bulk import read_bulk_logs
from tests.rtl.designs import ACCELERATOR, DESIGNS, PARALLEL_DENSE, STREAM_VITIS
from tests.rtl.test_adapters import codes, design_inputs, fixture_design, fixture_reference, rtl_design, run

#: Verilator bulk builds take 20-30 s each, so the Verilator side covers the packed and parallel styles.
CASES = [(name, "icarus") for name in DESIGNS] + [
    pytest.param(name, "verilator", marks=pytest.mark.slow) for name in ("parallel_dense", "stream_vitis")
]


@pytest.mark.parametrize(("name", "simulator"), CASES)
def test_bulk_and_cocotb_paths_agree(name: str, simulator: str) -> None:
    design = DESIGNS[name]
    rtl = rtl_design(design)
    x = design_inputs(design, rtl, 20, seed=21)
    cocotb_run = run(rtl, x, simulator=simulator)
    bulk_run = run(rtl, x, simulator=simulator, path="bulk")
    assert np.array_equal(bulk_run.output_codes, cocotb_run.output_codes)
    assert not check_bit_exact(design.reference(x), bulk_run.output_codes)
    # Same reset sequence and cycle numbering: every handshake lands on the same cycle.
    assert np.array_equal(bulk_run.times.first_input, cocotb_run.times.first_input)
    assert np.array_equal(bulk_run.times.last_output, cocotb_run.times.last_output)
    assert bulk_run.cycles == cocotb_run.cycles


@pytest.mark.parametrize(("name", "simulator"), CASES)
def test_bulk_is_bit_exact_under_backpressure(name: str, simulator: str) -> None:
    design = DESIGNS[name]
    rtl = rtl_design(design)
    x = design_inputs(design, rtl, 30, seed=22)
    result = run(rtl, x, simulator=simulator, path="bulk", input_backpressure=0.4, output_backpressure=0.4, seed=3)
    assert not check_bit_exact(design.reference(x), result.output_codes)
    assert check_framing(result.traces, len(x)) == []
    stretched = result.ii.mean > run(rtl, x, simulator=simulator, path="bulk").ii.mean
    assert stretched, "the LFSR backpressure had no effect"


@pytest.mark.parametrize("simulator", ["icarus", pytest.param("verilator", marks=pytest.mark.slow)])
def test_bulk_fixture_matches_and_its_watchdog_reports_the_full_fifo(simulator: str) -> None:
    rtl = fixture_design()
    x = codes(rtl, 40, seed=23)
    assert not check_bit_exact(fixture_reference(x), run(rtl, x, simulator=simulator, path="bulk").output_codes)
    hanging = fixture_design({"HWV_FAULT_HANG": "1"})
    with pytest.raises(SimulationStalled) as caught:
        run(hanging, x, simulator=simulator, path="bulk", watchdog_cycles=50)
    report = caught.value.report
    assert [(f.path, f.fill, f.depth) for f in report.fifos] == [("layer2_out_U", 4, 4)]
    stalled = {h.channel: (h.valid, h.ready, h.beats_done) for h in report.handshakes}
    assert stalled["input_1"] == (True, False, 11)


def test_bulk_records_tlast_for_the_framing_check() -> None:
    rtl = rtl_design(ACCELERATOR, ACCELERATOR.fault("wrong_tlast").defines)
    x = codes(rtl, 5, seed=24)
    result = run(rtl, x, simulator="icarus", path="bulk")
    assert {v.kind for v in check_framing(result.traces, len(x))} == {"unexpected_tlast", "missing_tlast"}


def test_wrapper_drives_io_parallel_start_with_the_input_valid() -> None:
    plan = plan_simulation(PARALLEL_DENSE.rtl())
    text = wrapper_verilog(plan.interface, plan.input_specs(1), plan.output_specs(1))
    assert "wire ap_start = hwv_in0_valid;" in text
    assert "assign hwv_in0_ready = ap_ready;" in text
    assert "HAS_READY(0)" in text  # ap_vld outputs have no ready


def test_wrapper_grows_linearly_with_the_output_channels() -> None:
    """The one-at-a-time gate takes the least of every output's sample count; written as one nested expression it
    doubled with each output, and a real export with 64 output streams (lfads_gru) ran out of memory."""
    plan = plan_simulation(STREAM_VITIS.rtl())
    outputs = plan.output_specs(1) * 64
    text = wrapper_verilog(plan.interface, plan.input_specs(1), outputs)
    assert "wire [31:0] hwv_samples_out = hwv_out_min63;" in text and len(text) < 100_000


def test_bulk_stall_report_reads_ram_and_shift_register_fifos() -> None:
    """stream_vivado has both FIFO styles; the bulk top computes their fill in HDL."""
    design = DESIGNS["stream_vivado"]
    rtl = rtl_design(design, design.fault("drop_beat").defines)
    with pytest.raises(SimulationStalled) as caught:
        run(rtl, codes(rtl, 6, seed=10), simulator="icarus", path="bulk", watchdog_cycles=300, seed=2,
            output_backpressure=0.8)
    fills = {f.path: (f.fill, f.depth) for f in caught.value.report.fifos}
    data = {f"layer{n}_out_V_data_{c}_V_U" for n in (2, 3) for c in range(3)}
    starts = {"start_for_relu_2_U0_U", "start_for_pointwise_conv_3_U0_U"}
    assert set(fills) == data | starts  # start-token FIFOs too
    assert all(fill is not None and 0 <= fill <= depth + 1 for fill, depth in fills.values())


def test_verilator_control_file_makes_only_the_read_signals_public() -> None:
    text = verilator_control(1, 1, fifo_probes(STREAM_VITIS.top, STREAM_VITIS.sources))
    assert text.startswith("`verilator_config")
    assert 'public_flat_rd -module "hwv_bulk_top" -var "hwv_fifo0_fill"' in text
    assert 'public_flat_rd -module "hwv_bulk_top" -var "hwv_in0_ready"' in text


@pytest.mark.parametrize("name", ["stream_vitis", "parallel_dense"])
def test_jobs_split_the_samples_across_processes_and_merge_them_in_order(name: str) -> None:
    design = DESIGNS[name]
    rtl = rtl_design(design)
    x = design_inputs(design, rtl, 41, seed=26)
    one = run(rtl, x, simulator="icarus", path="bulk", output_backpressure=0.3, seed=5)
    three = run(rtl, x, simulator="icarus", path="bulk", output_backpressure=0.3, seed=5, jobs=3)
    assert np.array_equal(three.output_codes, one.output_codes)
    assert not check_bit_exact(design.reference(x), three.output_codes)
    assert check_framing(three.traces, len(x)) == []
    assert len(three.latency_cycles) == len(x) and (three.latency_cycles >= 0).all()
    # the two joins (after samples 14 and 28 of 41) have no interval; every other one is measured
    assert list(np.flatnonzero(three.ii_cycles < 0)) == [13, 27]
    assert (np.diff(three.times.first_input) > 0).all(), "the parts' cycles are laid end to end"
    assert three.cycles > max(np.diff(three.times.first_input))
    assert "split across 3 simulator processes (14, 14, 13)" in three.notes[-1]


def test_a_fault_in_the_last_part_of_a_split_run_is_caught() -> None:
    rtl = rtl_design(PARALLEL_DENSE, PARALLEL_DENSE.fault("weight_bit").defines)
    x = design_inputs(PARALLEL_DENSE, rtl, 30, seed=27)
    split = run(rtl, x, simulator="icarus", path="bulk", jobs=2)
    whole = run(rtl, x, simulator="icarus", path="bulk")
    differing = {m.sample for m in check_bit_exact(PARALLEL_DENSE.reference(x), split.output_codes)}
    assert differing == {m.sample for m in check_bit_exact(PARALLEL_DENSE.reference(x), whole.output_codes)}
    assert any(sample >= 15 for sample in differing), "the second part's samples are compared too"


@pytest.mark.parametrize("width", [8, 31, 32, 36, 63, 64, 65, 100, 128])
def test_binary_logs_decode_to_the_words_and_tlast_the_recorder_logged(tmp_path: Path, width: int) -> None:
    """Under Verilator the recorder logs ``{last, data}`` as ceil((width + 1) / 32) little-endian 32-bit words
    (rtl_sim/verilator/hwv_bulk_io.cpp); the reader must give back every data bit and TLAST."""
    rng = np.random.default_rng(width)
    values = [int.from_bytes(rng.bytes(-(-width // 8)), "little") & ((1 << width) - 1) for _ in range(50)]
    values[:2] = [0, (1 << width) - 1]
    lasts = rng.integers(0, 2, len(values))
    per_entry = (width + 32) // 32
    entries = [(int(last) << width) | value for value, last in zip(values, lasts)]
    words = [(entry >> (32 * k)) & 0xFFFFFFFF for entry in entries for k in range(per_entry)]
    np.asarray(words, dtype="<u4").tofile(tmp_path / "out0.bin")
    np.arange(len(values), dtype="<u4").tofile(tmp_path / "outcyc0.bin")
    np.arange(3, dtype="<u4").tofile(tmp_path / "incyc0.bin")
    logs = read_bulk_logs(tmp_path, 1, [width])
    assert np.array_equal(logs["output_beats"][0], ints_to_words(values, width))
    assert np.array_equal(logs["output_last"][0], lasts.astype(np.uint8))
    assert logs["output_cycles"][0].tolist() == list(range(len(values)))
    assert logs["input_cycles"][0].tolist() == [0, 1, 2] and len(logs["start_cycles"]) == 0  # no control: no log


@pytest.mark.parametrize("simulator", ["icarus", pytest.param("verilator", marks=pytest.mark.slow)])
def test_a_missing_stimulus_file_fails_the_run_naming_it(simulator: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A player that cannot read its beats must stop the run, never play zeros that a reference could match."""
    rtl = rtl_design(DESIGNS["stream_vitis"])
    monkeypatch.setattr(simulate_module, "write_bulk_inputs", lambda *args, **kwargs: None)
    with pytest.raises(ToolFailed) as caught:
        run(rtl, codes(rtl, 4, seed=28), simulator=simulator, path="bulk")
    assert "cannot read in0.bin" in str(caught.value)


@pytest.mark.slow
def test_verilator_waveform_covers_the_free_run(tmp_path: Path) -> None:
    """hwverify's Verilator main writes the VCD itself, through the stretch it runs without VPI: every clock edge up
    to the end of the run is in it (time in ps, a 10 ns clock)."""
    rtl = rtl_design(DESIGNS["stream_vitis"])
    result = run(rtl, codes(rtl, 6, seed=29), simulator="verilator", path="bulk", waves=True, work_dir=tmp_path)
    assert result.waves is not None and result.waves.name == "dump.vcd"
    stamps = [int(line[1:]) for line in result.waves.read_text().splitlines() if line.startswith("#")]
    assert len(stamps) >= 2 * result.cycles and max(stamps) >= 10_000 * result.cycles
