"""Every interface style, on Icarus and Verilator, through the cocotb path: bit-exact outputs under
seeded backpressure, measured latency/II, framing, and fault-injected variants that each check catches.

Runtime (all three tests/rtl/test_{runner,adapters,bulk}.py together, pytest -n 2, 2 cores): about 50 s
with a warm build cache on an idle machine (3 min when the cores are shared); cold, about 5 min more
for ~12 Verilator builds (10-60 s each). Each simulation costs 1-3 s, mostly the simulator and cocotb
starting. The Verilator cases are marked slow; `-m "not slow"` runs the Icarus ones only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

from hwverify.checks.bounds import Bounds
from hwverify.checks.exact import Mismatch, check_bit_exact
from hwverify.checks.framing import check_framing
from hwverify.checks.timing import check_ii, check_latency
from hwverify.errors import SimulationStalled, ToolNotFound
from hwverify.fixed import FixedType, FloatType
from hwverify.protocols import IoStyle
from hwverify.sim.simulate import SimOptions, SimResult, simulate
from hwverify.sources.design import RtlDesign
from tests.rtl import designs as registry
from tests.rtl.designs import DESIGNS, PARALLEL_DENSE, STREAM_VITIS, STREAM_VIVADO, dense_relu_reference

SIMULATORS = ("icarus", "verilator")
#: Verilator builds take 10-60 s each when the cache is cold, so its cases are marked slow.
SIMULATOR_PARAMS = ["icarus", pytest.param("verilator", marks=pytest.mark.slow)]
FIXTURE = Path(__file__).parent / "data" / "axis_pair" / "axis_pair.v"
STRESS = dict(input_backpressure=0.3, output_backpressure=0.3)


def rtl_design(design: registry.HlsDesign, defines: Mapping[str, str] | None = None) -> RtlDesign:
    """The registry's test design as something :func:`simulate` takes."""
    return RtlDesign.single(top=design.top, sources=design.sources, data_files=design.data_files,
                     input_type=design.input_type, output_type=design.output_type, n_inputs=design.n_inputs,
                     n_outputs=design.n_outputs, defines=dict(defines or {}))


def fixture_design(defines: Mapping[str, str] | None = None) -> RtlDesign:
    """tests/rtl/data/axis_pair: packed AXI-Stream, latency 1, II 1, one shift-register FIFO of depth 4."""
    return RtlDesign.single(top="axis_pair", sources=(FIXTURE,), input_type=FixedType(8, 3), output_type=FixedType(9, 4),
                     n_inputs=4, n_outputs=4, defines=dict(defines or {}))


def fixture_reference(x: np.ndarray) -> np.ndarray:
    """y[i] = x[i] + x[(i + 1) % 4]."""
    return x + np.roll(x, -1, axis=1)


def codes(design: RtlDesign, n: int, seed: int) -> np.ndarray:
    """Full-range input codes, so saturation and wrapping are exercised."""
    fixed = design.input_type
    return np.random.default_rng(seed).integers(fixed.code_min, fixed.code_max + 1, size=(n, design.n_inputs))


def design_inputs(design: registry.HlsDesign, rtl: RtlDesign, n: int, seed: int) -> np.ndarray:
    """Input codes for a registry design; float-I/O designs get float32 bits of ap_fixed<16,6> values."""
    if design.input_type == registry.FLOAT_BITS:
        fixed = np.random.default_rng(seed).integers(-(1 << 15), 1 << 15, size=(n, design.n_inputs))
        return registry.fixed16_codes_to_float_bits(fixed)
    return codes(rtl, n, seed)


def run(design: RtlDesign, x: np.ndarray, **options: object) -> SimResult:
    """simulate(), turning a missing simulator into a skip."""
    try:
        return simulate(design, x, SimOptions(**options))  # type: ignore[arg-type]
    except ToolNotFound as error:
        pytest.skip(str(error))


def describe(mismatches: list[Mismatch]) -> str:
    """The first mismatch as a failure message would show it."""
    m = mismatches[0]
    return f"sample {m.sample}, element {m.element}: expected {m.expected_code}, actual {m.actual_code}"


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
@pytest.mark.parametrize("name", list(DESIGNS))
def test_style_is_bit_exact_under_backpressure(name: str, simulator: str) -> None:
    design = DESIGNS[name]
    rtl = rtl_design(design)
    x = design_inputs(design, rtl, 24, seed=1)
    result = run(rtl, x, simulator=simulator, seed=5, **STRESS)
    assert result.interface.style is design.style
    mismatches = check_bit_exact(design.reference(x), result.output_codes)
    assert not mismatches, describe(mismatches)
    assert check_framing(result.traces, len(x)) == []
    assert (result.latency_cycles >= 0).all() and result.cycles > 0


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_fixture_latency_and_ii_are_measured_exactly(simulator: str) -> None:
    rtl = fixture_design()
    x = codes(rtl, 50, seed=2)
    result = run(rtl, x, simulator=simulator)
    assert not check_bit_exact(fixture_reference(x), result.output_codes)
    assert result.latency_cycles.tolist() == [1] * 50
    assert result.ii_cycles.tolist() == [1] * 49
    assert check_latency(result.latency_cycles, Bounds(latency_cycles_max=1)) == []
    assert check_ii(result.ii_cycles, Bounds(ii_cycles_max=1)) == []


def test_io_parallel_latency_is_ap_start_to_ap_done() -> None:
    rtl = rtl_design(PARALLEL_DENSE)
    result = run(rtl, codes(rtl, 30, seed=3), simulator="icarus")
    assert result.latency.min == result.latency.max == PARALLEL_DENSE.latency_cycles_max
    assert result.ii.max == PARALLEL_DENSE.ii_cycles_max


@pytest.mark.slow
def test_same_seed_same_cycles_on_both_simulators() -> None:
    rtl = rtl_design(STREAM_VITIS)
    x = codes(rtl, 10, seed=4)
    a, b = (run(rtl, x, simulator=s, seed=9, **STRESS) for s in SIMULATORS)
    assert a.cycles == b.cycles
    assert np.array_equal(a.times.first_output, b.times.first_output)


# --- fault-injected variants: each must be caught by the check meant for it ---------------------------


@pytest.mark.parametrize("name", ["parallel_dense", "stream_vivado", "accelerator", "ap_fifo_dense"])
def test_weight_bit_fault_is_a_bit_exact_mismatch(name: str) -> None:
    design = DESIGNS[name]
    rtl = rtl_design(design, design.fault("weight_bit").defines)
    x = codes(rtl, 16, seed=6)
    mismatches = check_bit_exact(design.reference(x), run(rtl, x, simulator="icarus").output_codes)
    assert mismatches, "a flipped weight bit went unnoticed"
    first = mismatches[0]
    assert f"sample {first.sample}, element {first.element}" in describe(mismatches)
    assert first.expected_code != first.actual_code


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_extra_latency_fault_violates_the_latency_bound(simulator: str) -> None:
    rtl = rtl_design(PARALLEL_DENSE, PARALLEL_DENSE.fault("extra_latency").defines)
    result = run(rtl, codes(rtl, 8, seed=7), simulator=simulator)
    violations = check_latency(result.latency_cycles, Bounds(latency_cycles_max=PARALLEL_DENSE.latency_cycles_max))
    assert len(violations) == 8
    assert "latency of sample 0 is 14 cycles, above the maximum of 13" in [v.describe() for v in violations][-1] \
        or any("is 14 cycles, above the maximum of 13" in v.describe() for v in violations)


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_wrong_tlast_fault_is_a_framing_violation(simulator: str) -> None:
    design = DESIGNS["accelerator"]
    rtl = rtl_design(design, design.fault("wrong_tlast").defines)
    x = codes(rtl, 6, seed=8)
    result = run(rtl, x, simulator=simulator)
    kinds = {v.kind for v in check_framing(result.traces, len(x))}
    assert kinds == {"unexpected_tlast", "missing_tlast"}


def test_duplicate_beat_fault_shows_as_extra_beat_and_mismatch() -> None:
    design = DESIGNS["accelerator"]
    rtl = rtl_design(design, design.fault("duplicate_beat").defines)
    x = codes(rtl, 6, seed=8)
    result = run(rtl, x, simulator="icarus")
    assert check_bit_exact(design.reference(x), result.output_codes)
    assert "extra_beats" in {v.kind for v in check_framing(result.traces, len(x))}


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_stuck_ready_fault_stops_the_watchdog_with_stalled_handshake(simulator: str) -> None:
    rtl = rtl_design(STREAM_VITIS, STREAM_VITIS.fault("stuck_ready").defines)
    with pytest.raises(SimulationStalled) as caught:
        run(rtl, codes(rtl, 4, seed=9), simulator=simulator, watchdog_cycles=100)
    report = caught.value.report
    stalled_inputs = [h for h in report.handshakes if h.direction == "input" and h.valid and h.ready is False]
    assert stalled_inputs and stalled_inputs[0].beats_done == 5
    assert report.idle_cycles >= 100
    assert "valid high, ready low" in str(caught.value)
    assert report.fifos, "the FIFO fill report is missing"


def test_drop_beat_fault_under_backpressure_is_caught() -> None:
    rtl = rtl_design(STREAM_VIVADO, STREAM_VIVADO.fault("drop_beat").defines)
    x = codes(rtl, 6, seed=10)
    with pytest.raises(SimulationStalled) as caught:
        run(rtl, x, simulator="icarus", watchdog_cycles=300, seed=2, output_backpressure=0.8)
    missing = [h for h in caught.value.report.handshakes if h.direction == "output" and h.beats_done < h.beats_expected]
    assert missing


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_fixture_hang_reports_the_full_fifo(simulator: str) -> None:
    rtl = fixture_design({"HWV_FAULT_HANG": "1"})
    with pytest.raises(SimulationStalled) as caught:
        run(rtl, codes(rtl, 20, seed=11), simulator=simulator, watchdog_cycles=50)
    report = caught.value.report
    assert [(f.path, f.fill, f.depth) for f in report.fifos] == [("layer2_out_U", 4, 4)]
    assert "layer2_out_U: 4/4 FULL" in str(caught.value)
    stalled = {h.channel: (h.valid, h.ready, h.beats_done) for h in report.handshakes}
    assert stalled["input_1"] == (True, False, 11)  # 7 delivered + 4 in the FIFO
    assert stalled["layer2_out"][2] == 7


def test_fixture_corruption_names_sample_and_element() -> None:
    rtl = fixture_design({"HWV_FAULT_CORRUPT": "1"})
    x = codes(rtl, 10, seed=12)
    mismatches = check_bit_exact(fixture_reference(x), run(rtl, x, simulator="icarus").output_codes)
    assert [(m.sample, m.element, m.actual_code - m.expected_code) for m in mismatches] == [(5, 2, 1)]


def test_waveforms_are_written_when_asked(tmp_path: Path) -> None:
    rtl = fixture_design()
    result = run(rtl, codes(rtl, 3, seed=13), simulator="icarus", waves=True, work_dir=tmp_path)
    assert result.waves is not None and result.waves.exists() and result.waves.stat().st_size > 0


def test_quirk_fixes_are_reported_in_notes() -> None:
    rtl = rtl_design(STREAM_VIVADO)
    result = run(rtl, codes(rtl, 2, seed=14), simulator="icarus")
    assert any("regslice_core.v" in note for note in result.notes)
    assert any("data file" in note for note in result.notes)
    assert result.interface.style is IoStyle.AXIS_PER_ELEMENT


@pytest.mark.parametrize("simulator", SIMULATOR_PARAMS)
def test_accelerator_float_ports_take_float_codes(simulator: str) -> None:
    """float ports: codes are IEEE-754 single bit patterns; ap_fixed<16,6> values go in and come back exactly."""
    design = DESIGNS["accelerator_float"]
    single, fixed = FloatType(32), FixedType(16, 6)
    rtl = RtlDesign.single(top=design.top, sources=design.sources, input_type=single, output_type=single,
                           n_inputs=design.n_inputs, n_outputs=design.n_outputs)
    x = np.random.default_rng(15).integers(fixed.code_min, fixed.code_max + 1, size=(12, design.n_inputs))
    result = run(rtl, single.quantize_codes(fixed.to_float(x)), simulator=simulator, **STRESS)
    expected = single.quantize_codes(fixed.to_float(dense_relu_reference(x)))
    mismatches = check_bit_exact(expected, result.output_codes)
    assert not mismatches, describe(mismatches)
    assert check_framing(result.traces, len(x)) == []
