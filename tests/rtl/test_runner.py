"""The simulation runner's host side: spec/result files, beat packing, timing and framing checks,
FIFO discovery and fill, input validation (no simulator), and the build cache (Icarus, ~3 s).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hwverify.checks.bounds import Bounds
from hwverify.checks.framing import check_framing
from hwverify.checks.timing import check_ii, check_latency
from hwverify.errors import ConfigError, ShapeMismatch, ToolFailed, ToolNotFound
from hwverify.fixed import FixedType, FloatType
from hwverify.protocols import ClockReset, Control, IoStyle
from hwverify.sim.fifos import fifo_probes
from hwverify.sim.measure import ChannelTrace, ii_cycles, latency_cycles, sample_times
from hwverify.sim.runner import BuildRequest, Simulator, build, verilator_makeflags
from hwverify.sim.simulate import SimOptions, plan_simulation, simulate
from hwverify.sim.spec import (
    ChannelSpec,
    FifoFill,
    FifoProbe,
    FifoStyle,
    RawResult,
    SimSpec,
    StalledHandshake,
    StallReport,
    ints_to_words,
    read_spec,
    words_to_ints,
)
from hwverify.sources.beats import SideLayout, merge_words, or_bits, words_for, words_to_msb_bytes
from hwverify.sources.design import RtlDesign
from tests.rtl.designs import ACCELERATOR, STREAM_VITIS, STREAM_VIVADO, rtl_of

FIXTURE = Path(__file__).parent / "data" / "axis_pair" / "axis_pair.v"


def axis_pair(**overrides: object) -> RtlDesign:
    """The packed AXI-Stream fixture: y[i] = x[i] + x[(i + 1) % 4], ap_fixed<8,3> in, ap_fixed<9,4> out."""
    fields = dict(top="axis_pair", sources=(FIXTURE,), input_type=FixedType(8, 3), output_type=FixedType(9, 4),
                  n_inputs=4, n_outputs=4)
    return RtlDesign.single(**{**fields, **overrides})  # type: ignore[arg-type]


def test_words_round_trip_wide_values() -> None:
    values = [0, 1, (1 << 255) | 12345, (1 << 64) - 1, 1 << 64]
    words = ints_to_words(values, 256)
    assert words.shape == (5, 4)
    assert words_to_ints(words) == values


def test_spec_round_trip(tmp_path: Path) -> None:
    channel = ChannelSpec("in", "in_TDATA", ("in_TVALID",), "in_TREADY", None, 32, 10, ("in_TKEEP",))
    spec = SimSpec(top="t", style=IoStyle.AXIS_PACKED, control=Control.NONE,
                   clock_reset=ClockReset("ap_clk", "ap_rst_n", active_low=True), inputs=(channel,), outputs=(channel,), n_samples=10, input_file="i",
                   result_file="r", report_file="j", fifos=(FifoProbe(("a", "b"), "fifo_w8_d2_A", 2, FifoStyle.SHIFTREG,
                                                                          "{{inst}.mOutPtr + 1'b1}", True),))
    spec.write(tmp_path / "spec.json")
    assert read_spec(tmp_path / "spec.json") == spec


def test_raw_result_round_trip(tmp_path: Path) -> None:
    raw = RawResult(status="ok", cycles=9, sim_wall_seconds=0.5, input_cycles=(np.arange(3),),
                    output_cycles=(np.arange(3) + 2,), output_beats=(ints_to_words([1, 2, 3], 9),),
                    output_last=(np.array([0, 0, 1], np.uint8),), done_cycles=np.array([4]))
    raw.write(tmp_path / "r.npz", tmp_path / "r.json")
    back = RawResult.read(tmp_path / "r.npz", tmp_path / "r.json")
    assert back.cycles == 9 and words_to_ints(back.output_beats[0]) == [1, 2, 3]
    assert back.done_cycles.tolist() == [4] and back.output_last[0].tolist() == [0, 0, 1]


def _input_layout(design: object) -> SideLayout:
    return plan_simulation(rtl_of(design)).inputs  # type: ignore[arg-type]


def _pack(layout: SideLayout, bits: np.ndarray) -> list[list[int]]:
    return [words_to_ints(words) for words in layout.beat_words(bits)]


def test_pack_and_unpack_are_inverse_for_every_layout() -> None:
    for design in (STREAM_VIVADO, STREAM_VITIS, ACCELERATOR):
        bits = np.random.default_rng(0).integers(0, 1 << 16, size=(5, design.n_inputs)).astype(np.uint64)
        layout = _input_layout(design)
        assert np.array_equal(layout.unpack(_pack(layout, bits), 5), bits), design.name


def test_wide_beats_merge_and_carry_tlast_above_the_data() -> None:
    """Lanes straddling 64-bit words, channels merged side by side (io_parallel), TLAST at bit ``width`` of the
    bytes the HDL player reads: against Python ints built bit by bit."""
    rng = np.random.default_rng(7)
    values = rng.integers(0, 1 << 12, size=(6, 12)).astype(np.uint64)  # 12 lanes of 12 bits: 144 bits a beat
    words = np.zeros((6, words_for(144)), np.uint64)
    for lane in range(12):
        or_bits(words, values[:, lane], 12 * lane, 12)
    expected = [sum(int(v) << (12 * lane) for lane, v in enumerate(row)) for row in values]
    assert words_to_ints(words) == expected
    merged = merge_words([words, words[:, :1] & np.uint64(0x7F)], [144, 7])
    assert words_to_ints(merged) == [e | ((e & 0x7F) << 144) for e in expected]
    last = np.array([0, 1, 0, 1, 1, 0], dtype=np.uint8)
    rows = words_to_msb_bytes(words, 144, last)
    assert rows.shape == (6, 19)
    assert [int.from_bytes(row.tobytes(), "big") for row in rows] == [e | (int(t) << 144) for e, t in zip(expected, last)]


def test_packed_layout_puts_element_zero_in_the_lsbs() -> None:
    layout = plan_simulation(axis_pair()).inputs
    assert _pack(layout, np.array([[1, 2, 3, 4]], dtype=np.uint64)) == [[0x04030201]]


def test_per_element_streams_carry_one_channel_of_every_pixel() -> None:
    beats = _pack(_input_layout(STREAM_VIVADO), np.arange(18, dtype=np.uint64).reshape(1, 18))
    assert beats[0] == list(range(0, 18, 2)) and beats[1] == list(range(1, 18, 2))


def test_float_ports_carry_ieee_bits_and_read_back_exactly() -> None:
    single = FloatType(32)
    values = np.array([[-2.5, -0.0, 0.0, 1.0 / 1024, 3e38, np.inf]])
    codes = single.quantize_codes(values)
    bits = single.codes_to_bits(codes)
    assert bits[0, 3] == np.float32(1.0 / 1024).view(np.uint32) and bits[0, 0] == np.float32(-2.5).view(np.uint32)
    assert np.array_equal(single.bits_to_codes(bits), codes)
    assert np.array_equal(single.to_float(codes), values.astype(np.float32).astype(np.float64))


def test_sample_times_group_beats_and_take_extremes_over_channels() -> None:
    times = sample_times([np.array([1, 2, 5, 6]), np.array([1, 3, 5, 7])], [np.array([10, 11, 14, 15])],
                         input_beats_per_sample=2, output_beats_per_sample=2, n_samples=2)
    assert times.first_input.tolist() == [1, 5] and times.last_input.tolist() == [3, 7]
    assert times.first_output.tolist() == [10, 14] and times.last_output.tolist() == [11, 15]
    assert latency_cycles(times, use_control=False).tolist() == [10, 10]  # first input -> last output
    assert ii_cycles(times, use_control=False).tolist() == [4]


def test_a_sample_whose_last_beats_were_not_recorded_still_has_its_start() -> None:
    # 3 beats per sample; sample 1's last beat never came (the run stopped after its output)
    times = sample_times([np.array([1, 2, 3, 10, 11]), np.array([1, 2, 3, 10, 12])], [np.array([8, 14])],
                         input_beats_per_sample=3, output_beats_per_sample=1, n_samples=2)
    assert times.first_input.tolist() == [1, 10] and times.last_input.tolist() == [3, -1]
    assert latency_cycles(times, use_control=False).tolist() == [7, 4]
    assert ii_cycles(times, use_control=False).tolist() == [9]


def test_missing_beats_give_minus_one() -> None:
    times = sample_times([np.array([1, 2])], [np.array([5])], 1, 1, n_samples=2)
    assert latency_cycles(times, use_control=False).tolist() == [4, -1]


def test_check_latency_and_ii_report_each_offending_sample() -> None:
    latency = np.array([13, 14, 13, 12])
    violations = check_latency(latency, Bounds(latency_cycles_min=13, latency_cycles_max=13))
    assert {(v.sample, v.kind) for v in violations} == {(1, "max"), (3, "min")}
    assert "latency of sample 1 is 14 cycles, above the maximum of 13" in violations[0].describe() + \
        violations[1].describe()
    ii = np.array([5, 1, 1, 2])  # the first (warm-up) interval is not checked
    assert [(v.sample, v.measured_cycles) for v in check_ii(ii, Bounds(ii_cycles_max=1))] == [(4, 2)]
    assert check_latency(latency, Bounds()) == []


def test_bounds_from_report_reads_csynth_style_fields() -> None:
    class Report:  # the fields of hwverify.sources.csynth.SynthesisReport
        latency_best_cycles, latency_worst_cycles, interval_min_cycles, interval_max_cycles = 5, 9, 1, None

    assert Bounds.from_report(Report()) == Bounds(latency_cycles_min=5, latency_cycles_max=9, ii_cycles_min=1)
    violations = check_latency(np.array([4, 9, 10]), Bounds.from_report(Report()), source="csynth report")
    assert sorted((v.sample, v.kind, v.source) for v in violations) == [(0, "min", "csynth report"),
                                                                         (2, "max", "csynth report")]


def test_framing_catches_wrong_tlast_and_extra_or_missing_beats() -> None:
    good = ChannelTrace("out_r", 3, True, np.arange(6), np.array([0, 0, 1, 0, 0, 1], np.uint8))
    assert check_framing((good,), 2) == []
    early = ChannelTrace("out_r", 3, True, np.arange(6), np.array([0, 1, 0, 0, 0, 1], np.uint8))
    kinds = [(v.kind, v.sample, v.beat) for v in check_framing((early,), 2)]
    assert kinds == [("unexpected_tlast", 0, 1), ("missing_tlast", 0, 2)]
    extra = ChannelTrace("out_r", 3, True, np.arange(7), np.array([0, 0, 1, 0, 0, 1, 0], np.uint8))
    assert [v.kind for v in check_framing((extra,), 2)] == ["extra_beats"]
    short = ChannelTrace("y", 1, False, np.arange(1), np.zeros(1, np.uint8))
    assert [v.kind for v in check_framing((short,), 2)] == ["missing_beats"]


def test_fifo_fill_formulas() -> None:
    """The Python twin of each style's fill expression (for testbenches that read signals one by one)."""
    shift = FifoProbe(("f",), "fifo_w8_d4_A", 4, FifoStyle.SHIFTREG, "{{inst}.mOutPtr + 1'b1}")
    assert shift.signals == ("mOutPtr",)
    assert shift.fill_of({"mOutPtr": (0b111, 3)}) == 0  # reset value: empty
    assert shift.fill_of({"mOutPtr": (3, 3)}) == 4
    ram = FifoProbe(("f",), "fifo_w8_d16_A", 16, FifoStyle.RAM, "({inst}.full_n ? {inst}.usedw : 16) + {inst}.dout_valid")
    assert ram.signals == ("full_n", "usedw", "dout_valid")
    assert ram.fill_of({"usedw": (0, 4), "full_n": (0, 1), "dout_valid": (1, 1)}) == 17
    assert ram.fill_of({"usedw": (5, 4), "full_n": (1, 1), "dout_valid": (0, 1)}) == 5
    assert ram.fill_verilog("dut.f") == "(dut.f.full_n ? dut.f.usedw : 16) + dut.f.dout_valid"
    either = FifoProbe(("f",), "fifo_w8_A", 16, FifoStyle.BY_DEPTH,
                       "({inst}.shiftreg_style ? {{inst}.mOutPtr + 1'b1} : ({inst}.full_n ? {inst}.usedw : 16) "
                       "+ {inst}.dout_valid)")
    assert either.signals == ("shiftreg_style", "mOutPtr", "full_n", "usedw", "dout_valid")
    registers = {"mOutPtr": (3, 5), "usedw": (0, 4), "full_n": (0, 1), "dout_valid": (1, 1)}
    assert either.fill_of({**registers, "shiftreg_style": (1, 1)}) == 4  # the shift register's count
    assert either.fill_of({**registers, "shiftreg_style": (0, 1)}) == 17  # the RAM's
    unknown = FifoProbe(("f",), "fifo_w8_d2_A", 2, FifoStyle.CUSTOM)
    assert unknown.fill_verilog("dut.f") is None and unknown.fill_of({}) is None


def test_fifo_probes_walk_the_hierarchy() -> None:
    fixture = fifo_probes("axis_pair", [FIXTURE])
    assert fixture == (FifoProbe(("layer2_out_U",), "fifo_w36_d4_A", 4, FifoStyle.SHIFTREG,
                                 "{{inst}.mOutPtr + 1'b1}", handshake=True),)
    accel = fifo_probes(ACCELERATOR.top, ACCELERATOR.sources)
    assert accel and all(len(probe.path) >= 1 for probe in accel)
    assert {probe.module for probe in accel} <= {"fifo_w64_d2_A", "fifo_w48_d2_A", "fifo_w1_d8_A"}


def test_stall_report_message_names_stalled_handshake_and_full_fifo(tmp_path: Path) -> None:
    report = StallReport(cycle=90, idle_cycles=50,
                         handshakes=(StalledHandshake("input_1", "input", True, False, 11, 20),),
                         fifos=(FifoFill("layer2_out_U", 4, 4), FifoFill("layer3_out_U", 2, None)))
    raw = RawResult(status="stalled", cycles=90, sim_wall_seconds=0.1, input_cycles=(np.arange(3),),
                    output_cycles=(np.arange(0),), output_beats=(ints_to_words([], 9),),
                    output_last=(np.zeros(0, np.uint8),), stall=report)
    raw.write(tmp_path / "r.npz", tmp_path / "r.json")
    message = RawResult.read(tmp_path / "r.npz", tmp_path / "r.json").stall.message()
    assert "input input_1: valid=1 ready=0, 11/20 beats (valid high, ready low" in message
    assert "layer2_out_U: 4/4 FULL" in message
    assert "layer3_out_U: occupancy not readable (depth 2)" in message


def test_bad_inputs_are_typed_errors_naming_the_problem() -> None:
    design = axis_pair()
    with pytest.raises(ShapeMismatch, match=r"shape \(n, 4\)"):
        simulate(design, np.zeros((3, 5), dtype=np.int64))
    with pytest.raises(ConfigError, match="sample 1, element 2"):
        simulate(design, np.array([[0, 0, 0, 0], [0, 0, 300, 0]]))
    with pytest.raises(ConfigError, match="must be integers"):
        simulate(design, np.zeros((2, 4)))
    with pytest.raises(ConfigError, match="probability"):
        SimOptions(input_backpressure=1.5)
    with pytest.raises(ConfigError, match="unknown simulation path"):
        SimOptions(path="fast")
    with pytest.raises(ConfigError, match="files not found"):
        axis_pair(sources=(FIXTURE.with_name("missing.v"),))


def test_unknown_simulator_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown simulator"):
        simulate(axis_pair(), np.zeros((1, 4), dtype=np.int64), SimOptions(simulator="xcelium"))


def test_build_is_cached_and_rebuilt_only_when_something_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Icarus, ~2 s, in a private cache. The second identical build is a hit; a new define or source is not."""
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path / "cache"))
    request = BuildRequest(simulator=Simulator.ICARUS, top="axis_pair", sources=(FIXTURE,))
    try:
        first = build(request)
    except ToolNotFound as error:
        pytest.skip(str(error))
    assert first.rebuilt
    assert not build(request).rebuilt
    assert build(BuildRequest(simulator=Simulator.ICARUS, top="axis_pair", sources=(FIXTURE,), defines={"X": "1"})).rebuilt
    edited = tmp_path / "src" / FIXTURE.name
    edited.parent.mkdir()
    edited.write_text(FIXTURE.read_text() + "\n// edited\n")
    assert build(BuildRequest(simulator=Simulator.ICARUS, top="axis_pair", sources=(edited,))).rebuilt


TWO_INPUTS = Path(__file__).parent / "data" / "two_inputs" / "two_inputs.v"


def two_inputs_design() -> RtlDesign:
    """io_parallel with two named input arrays of different element types (tests/rtl/data/two_inputs)."""
    from hwverify.sources.design import DataArray

    return RtlDesign(top="two_inputs", sources=(TWO_INPUTS,),
                     inputs=(DataArray(FixedType(16, 6), 2, "a"), DataArray(FixedType(8, 3), 3, "b")),
                     outputs=(DataArray(FixedType(16, 6), 2, "y"),))


def two_inputs_reference(codes: np.ndarray) -> np.ndarray:
    a, b = codes[:, :2], codes[:, 2:]
    wrap = FixedType(16, 6).saturate  # WRAP: two's complement overflow, as the adders do
    return np.stack([wrap(a[:, 0] + (b[:, 0] << 5)), wrap(a[:, 1] + ((b[:, 1] + b[:, 2]) << 5))], axis=1)


def test_two_input_arrays_share_one_io_parallel_beat() -> None:
    plan = plan_simulation(two_inputs_design())
    (merged,) = plan.input_specs(4)
    assert merged.parts == (("a_V", 32), ("b_V", 24)) and set(merged.valid) == {"a_V_ap_vld", "b_V_ap_vld"}
    assert [c.array for c in plan.interface.inputs] == [0, 1]
    codes = np.array([[1, -2, 3, -4, 5]])
    (beats,), _ = plan.input_beats(codes)
    assert beats[0] == (0xFFFE0001 | (0x05FC03 << 32))


@pytest.mark.parametrize("path", ["bulk", "cocotb"])
def test_two_input_arrays_simulate_exactly(path: str) -> None:
    design = two_inputs_design()
    rng = np.random.default_rng(12)
    codes = np.concatenate([rng.integers(-32768, 32768, size=(40, 2)), rng.integers(-128, 128, size=(40, 3))], axis=1)
    result = simulate(design, codes, SimOptions(simulator="icarus", path=path, input_backpressure=0.3))
    assert np.array_equal(result.output_codes, two_inputs_reference(codes))
    assert result.latency is not None and result.latency.max == 1


def test_a_module_defined_twice_is_refused_naming_both_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.v", tmp_path / "b.v"
    first.write_text("module top(input ap_clk); endmodule\nmodule helper(input x); endmodule\n")
    second.write_text("// an older copy\nmodule helper(input x); endmodule\n")
    with pytest.raises(ConfigError, match=r"module helper is defined twice, in .*a\.v and in .*b\.v"):
        build(BuildRequest(simulator=Simulator.ICARUS, top="top", sources=(first, second)))


def test_the_verilator_optimisation_level_is_chosen_by_environment_and_part_of_the_build_key(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = tmp_path / "t.v"
    source.write_text("module t(input a, output b); assign b = a; endmodule\n")
    request = BuildRequest(simulator=Simulator.VERILATOR, top="t", sources=(source,))
    monkeypatch.delenv("HWVERIFY_VERILATOR_OPT", raising=False)
    assert "OPT_FAST=-O1 OPT_GLOBAL=-O1" in verilator_makeflags()
    default_key = request.key()
    monkeypatch.setenv("HWVERIFY_VERILATOR_OPT", "-O2")
    assert "OPT_FAST=-O2" in verilator_makeflags() and request.key() != default_key
    monkeypatch.setenv("HWVERIFY_VERILATOR_OPT", "-O9; rm -rf /")
    with pytest.raises(ConfigError, match="HWVERIFY_VERILATOR_OPT"):
        request.key()


def _with_long_line(tmp_path: Path, terms: int) -> RtlDesign:
    """two_inputs with y_0's sum written on one line of ``terms`` more terms (each ``^ 16'd0``, so the values are
    the same): the form of a real Vivado HLS FSM condition of 86,521 characters on one line."""
    long_sum = "y_0_V <= (a0 + ({{8{b0[7]}}, b0} <<< 5))" + " ^ 16'd0" * terms + ";"
    text = TWO_INPUTS.read_text().replace("y_0_V <= a0 + ({{8{b0[7]}}, b0} <<< 5);", long_sum)
    assert long_sum in text
    source = tmp_path / "two_inputs.v"
    source.write_text(text)
    return replace(two_inputs_design(), sources=(source,))


def test_a_line_of_over_40000_tokens_builds_in_verilator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verilator's preprocessor stops at 40,000 tokens a line (a real export's zero-padding process); the build
    copies break such a line at spaces. Without that (the fault) the build fails, naming the limit."""
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path / "cache"))
    design = _with_long_line(tmp_path, 15_000)
    rng = np.random.default_rng(13)
    codes = np.concatenate([rng.integers(-32768, 32768, size=(20, 2)), rng.integers(-128, 128, size=(20, 3))], axis=1)
    result = simulate(design, codes, SimOptions(simulator="verilator"))
    assert np.array_equal(result.output_codes, two_inputs_reference(codes))
    assert any("40,000 tokens a line" in note for note in result.notes)
    monkeypatch.setattr("hwverify.sim.quirks.split_long_lines", lambda text: (text, 0))
    with pytest.raises(ToolFailed, match="Too many preprocessor tokens"):
        simulate(_with_long_line(tmp_path, 15_001), codes, SimOptions(simulator="verilator"))
