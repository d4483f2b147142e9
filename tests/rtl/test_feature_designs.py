"""The feature designs (tests/rtl/feature_designs.py) are right, and each fault really changes behaviour.

Plain-Verilog testbenches (rtl_sim/designs/<name>/tb/) under Icarus, no cocotb and no hwverify simulation
path, so these results stand independently of what hwverify reports on the same designs. A few seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.rtl.feature_designs import (
    DATAFLOW_W_FLIPPED,
    FEATURE_DESIGNS,
    FIXED_14_5,
    HlsDesign,
    PARALLEL_DATAFLOW,
    PARALLEL_RESOURCE,
    PARALLEL_SCALAR_PORTS,
    RESOURCE_W,
    RESOURCE_W_FLIPPED,
    SCALAR_W_FLIPPED,
    dataflow_reference,
    resource_reference,
    scalar_ports_reference,
)
from tests.rtl.test_designs_iverilog import (  # _icarus: the module-wide skip when Icarus is missing
    Simulation,
    _icarus,  # noqa: F401
    assert_bit_exact,
    compile_design,
    compiled,
    random_codes,
    to_code,
    to_hex_lines,
)


@dataclass(frozen=True)
class ParallelTrace:
    """What an io_parallel testbench saw: cycles counted from the first cycle with ap_start high."""

    first: np.ndarray  # ap_start raised for a sample (parallel_resource's testbench only)
    accepted: np.ndarray  # ap_start and ap_ready
    done: np.ndarray  # ap_done
    outputs: list[list[str]]  # hex fields per ap_done
    lines: tuple[str, ...]

    @property
    def errors(self) -> list[str]:
        """The testbench's ``error`` lines."""
        return [line for line in self.lines if line.startswith("error")]


def parse_trace(lines: list[str]) -> ParallelTrace:
    """Lines ``first <cycle>``, ``in <cycle>``, ``out <cycle> <hex>...``, ``error ...``."""
    def cycles(tag: str) -> np.ndarray:
        return np.array([int(line.split()[1]) for line in lines if line.startswith(tag + " ")], dtype=np.int64)

    outputs = [line.split()[2:] for line in lines if line.startswith("out ")]
    return ParallelTrace(cycles("first"), cycles("in"), cycles("out"), outputs, tuple(lines))


def run(sim: Simulation, text: str, n: int, **plusargs: int | bool) -> ParallelTrace:
    """Run a compiled testbench on ``n`` samples and parse what it saw."""
    return parse_trace(sim.run(text, n, **plusargs))


def run_clean(sim: Simulation, x: np.ndarray, bits: int, **plusargs: int | bool) -> ParallelTrace:
    """Run the samples ``x`` (``bits``-bit codes), failing the test on any error the testbench reported."""
    trace = run(sim, to_hex_lines(x, bits, x.shape[1]), len(x), **plusargs)
    assert not trace.errors, trace.errors
    return trace


def run_fault(design: HlsDesign, fault: str, x: np.ndarray, bits: int, tmp_path: Path) -> ParallelTrace:
    """Compile ``design`` with its fault variant ``fault`` and run the samples ``x`` (``bits``-bit codes)."""
    sim = compile_design(design, tmp_path, design.fault(fault).defines)
    return run(sim, to_hex_lines(x, bits, x.shape[1]), len(x))


# ---------------------------------------------------------------------------------------------------------
# parallel_dataflow: DATAFLOW region, entry / compute (II 2) / output processes, irregular ap_ready
# ---------------------------------------------------------------------------------------------------------

def dataflow_codes(trace: ParallelTrace) -> np.ndarray:
    """(samples, 3) unsigned 12-bit output codes."""
    return np.array([[int(h, 16) for h in fields] for fields in trace.outputs], dtype=np.int64).reshape(-1, 3)


dataflow_sim = compiled(PARALLEL_DATAFLOW, "dataflow_sim")


def test_dataflow_ready_is_irregular_while_the_channels_fill(dataflow_sim: Simulation) -> None:
    x = random_codes(30, 4, seed=31)
    trace = run_clean(dataflow_sim, x, 16)
    assert_bit_exact(dataflow_codes(trace), dataflow_reference(x))
    # ap_start held high: ap_ready in cycles 0 and 1, then every 2 cycles; ap_done every 2 cycles once full
    np.testing.assert_array_equal(trace.accepted[:5], [0, 1, 3, 5, 7])
    assert set(np.diff(trace.accepted[1:])) == {2}
    assert trace.done[0] == PARALLEL_DATAFLOW.latency_cycles_min and set(np.diff(trace.done)) == {2}


@pytest.mark.parametrize(("stall", "idle"), [(30, 0), (0, 40), (25, 25)])
def test_dataflow_is_bit_exact_with_stalls_and_gaps(dataflow_sim: Simulation, stall: int, idle: int) -> None:
    x = random_codes(60, 4, seed=32 + stall + idle)
    trace = run_clean(dataflow_sim, x, 16, stall=stall, idle=idle, seed=7)
    assert_bit_exact(dataflow_codes(trace), dataflow_reference(x))
    assert trace.lines[-1] == "idle 1"


def test_dataflow_swapped_outputs_fault(tmp_path: Path) -> None:
    x = random_codes(40, 4, seed=34)
    trace = run_fault(PARALLEL_DATAFLOW, "swapped_outputs", x, 16, tmp_path)
    assert_bit_exact(dataflow_codes(trace), dataflow_reference(x)[:, [1, 0, 2]])


def test_dataflow_early_ready_fault_loses_samples_sent_back_to_back(tmp_path: Path) -> None:
    x = random_codes(20, 4, seed=35)
    trace = run_fault(PARALLEL_DATAFLOW, "early_ready", x, 16, tmp_path)
    assert len(trace.accepted) == 20 and len(trace.done) < 20
    expected = dataflow_reference(x)
    assert_bit_exact(dataflow_codes(trace)[:2], expected[:2])  # sample 2 arrives while the channels are full
    assert_bit_exact(dataflow_codes(trace)[2:3], expected[3:4])


# ---------------------------------------------------------------------------------------------------------
# parallel_resource: II 4 (ap_ready in the window's last cycle), ROM weights, Vitis names
# ---------------------------------------------------------------------------------------------------------

def resource_codes(trace: ParallelTrace) -> np.ndarray:
    """(samples, 4) codes of layer9_out (element 0 in the least significant bits)."""
    words = [fields[0] for fields in trace.outputs]
    codes = [[to_code(w[12 - 4 * e:16 - 4 * e]) for e in range(4)] for w in words]
    return np.array(codes, dtype=np.int64).reshape(-1, 4)


resource_sim = compiled(PARALLEL_RESOURCE, "resource_sim")


def test_resource_ready_comes_in_the_last_cycle_of_the_window(resource_sim: Simulation) -> None:
    x = random_codes(30, 4, seed=41)
    trace = run_clean(resource_sim, x, 16)
    assert_bit_exact(resource_codes(trace), resource_reference(x))
    np.testing.assert_array_equal(trace.accepted - trace.first, 3)  # 4-cycle window, ap_start held throughout
    np.testing.assert_array_equal(trace.done - trace.first, PARALLEL_RESOURCE.latency_cycles_min)
    assert set(np.diff(trace.first)) == {PARALLEL_RESOURCE.ii_cycles_min}


@pytest.mark.parametrize(("stall", "idle"), [(30, 0), (0, 50), (20, 30)])
def test_resource_is_bit_exact_with_stalls_and_gaps(resource_sim: Simulation, stall: int, idle: int) -> None:
    x = random_codes(60, 4, seed=42 + stall + idle)
    trace = run_clean(resource_sim, x, 16, stall=stall, idle=idle, seed=9)
    assert_bit_exact(resource_codes(trace), resource_reference(x))
    assert (trace.done - trace.first >= PARALLEL_RESOURCE.latency_cycles_min).all()


def test_resource_takes_no_sample_when_ap_start_rises_mid_window(resource_sim: Simulation) -> None:
    """As in real Vivado HLS exports (iteration 0's enable is ap_start as it was in stage0), ap_start rising
    while the stages still cycle to drain the previous sample starts nothing there: every result is right."""
    x = random_codes(60, 4, seed=43)
    trace = run(resource_sim, to_hex_lines(x, 16, 4), 60, idle=50, seed=9, unsafe_idle=True)
    got = resource_codes(trace)
    assert len(got) == 60 and (trace.accepted - trace.first > 3).any()  # some rose mid-window and waited
    assert_bit_exact(got, resource_reference(x))


def test_resource_early_ready_fault(tmp_path: Path) -> None:
    x = random_codes(20, 4, seed=45)
    trace = run_fault(PARALLEL_RESOURCE, "early_ready", x, 16, tmp_path)
    np.testing.assert_array_equal(trace.accepted, 4 * np.arange(20) + 2)  # stage2, not stage3
    # so the driver raises ap_start for the next sample in stage3 of the previous window, which starts it
    # only in the next stage0: measured from there, every later sample takes one cycle more than it should
    np.testing.assert_array_equal(trace.done[1:] - trace.first[1:], PARALLEL_RESOURCE.latency_cycles_min + 1)
    assert_bit_exact(resource_codes(trace), resource_reference(x))


def test_resource_swapped_elements_fault(tmp_path: Path) -> None:
    x = random_codes(40, 4, seed=46)
    trace = run_fault(PARALLEL_RESOURCE, "swapped_elements", x, 16, tmp_path)
    assert_bit_exact(resource_codes(trace), resource_reference(x)[:, [0, 2, 1, 3]])


def test_resource_rom_and_firmware_weights_agree_with_the_registry() -> None:
    words = [int(w, 16) for w in (PARALLEL_RESOURCE.directory / "myproject_w9_rom.dat").read_text().split()]
    rom = np.array([[(words[i] >> (8 * j) & 0xFF) for i in range(4)] for j in range(4)], dtype=np.int64)
    np.testing.assert_array_equal(np.where(rom >= 128, rom - 256, rom), RESOURCE_W)
    text = (PARALLEL_RESOURCE.directory / "firmware" / "weights" / "w9.txt").read_text()
    kernel = np.array([float(v) for v in text.split(",")]).reshape(4, 4)  # [input i, output j]
    np.testing.assert_array_equal(kernel.T * 32, RESOURCE_W)
    header = (PARALLEL_RESOURCE.directory / "firmware" / "weights" / "w9.h").read_text()
    initialiser = re.search(r"\{(.*)\}", header)
    assert initialiser and [float(v) for v in initialiser[1].split(",")] == list(kernel.reshape(-1))


# ---------------------------------------------------------------------------------------------------------
# parallel_scalar_ports: one ap_none port per input element, top emtfnet, const_size ports
# ---------------------------------------------------------------------------------------------------------

def scalar_inputs(n: int, seed: int) -> np.ndarray:
    """Full-range ap_fixed<14,5> codes."""
    return np.random.default_rng(seed).integers(FIXED_14_5.code_min, FIXED_14_5.code_max + 1, size=(n, 6))


def scalar_codes(trace: ParallelTrace) -> np.ndarray:
    """(samples, 2) codes of layer7_out_0_V, layer7_out_1_V."""
    return np.array([[to_code(h) for h in fields] for fields in trace.outputs], dtype=np.int64).reshape(-1, 2)


scalar_sim = compiled(PARALLEL_SCALAR_PORTS, "scalar_sim")


@pytest.mark.parametrize("idle", [0, 40])
def test_scalar_ports_are_bit_exact_and_report_their_sizes(scalar_sim: Simulation, idle: int) -> None:
    x = scalar_inputs(50, seed=51 + idle)
    trace = run_clean(scalar_sim, x, 14, idle=idle, seed=3)
    assert_bit_exact(scalar_codes(trace), scalar_ports_reference(x))
    np.testing.assert_array_equal(trace.done - trace.accepted, PARALLEL_SCALAR_PORTS.latency_cycles_min)
    sizes = [line.split()[2:] for line in trace.lines if line.startswith("size ")]
    assert sizes == [["6", "2"]] * 50


def test_scalar_ports_swapped_inputs_fault(tmp_path: Path) -> None:
    x = scalar_inputs(40, seed=53)
    trace = run_fault(PARALLEL_SCALAR_PORTS, "swapped_inputs", x, 14, tmp_path)
    assert_bit_exact(scalar_codes(trace), scalar_ports_reference(x[:, [0, 1, 3, 2, 4, 5]]))


def test_scalar_ports_extra_latency_fault(tmp_path: Path) -> None:
    x = scalar_inputs(20, seed=54)
    trace = run_fault(PARALLEL_SCALAR_PORTS, "extra_latency", x, 14, tmp_path)
    assert_bit_exact(scalar_codes(trace), scalar_ports_reference(x))
    np.testing.assert_array_equal(trace.done - trace.accepted, PARALLEL_SCALAR_PORTS.latency_cycles_min + 1)


# ---------------------------------------------------------------------------------------------------------
# Conventions every feature design keeps
# ---------------------------------------------------------------------------------------------------------

#: Per design: its samples for the weight_bit fault, their width, how to read its outputs, its reference, and
#: the weights with the fault's bit flipped.
WEIGHT_BIT_CASES = {
    "parallel_dataflow": (random_codes(40, 4, seed=33), 16, dataflow_codes, dataflow_reference, DATAFLOW_W_FLIPPED),
    "parallel_resource": (random_codes(40, 4, seed=44), 16, resource_codes, resource_reference, RESOURCE_W_FLIPPED),
    "parallel_scalar_ports": (scalar_inputs(40, seed=52), 14, scalar_codes, scalar_ports_reference, SCALAR_W_FLIPPED),
}


@pytest.mark.parametrize("name", WEIGHT_BIT_CASES)
def test_weight_bit_fault_computes_with_the_flipped_weight(name: str, tmp_path: Path) -> None:
    x, bits, decode, reference, flipped = WEIGHT_BIT_CASES[name]
    got = decode(run_fault(FEATURE_DESIGNS[name], "weight_bit", x, bits, tmp_path))
    assert not np.array_equal(got, reference(x))
    assert_bit_exact(got, reference(x, flipped))


@pytest.mark.parametrize("design", FEATURE_DESIGNS.values(), ids=lambda d: d.name)
def test_every_fsm_module_has_the_initial_block_hls_writes(design) -> None:  # type: ignore[no-untyped-def]
    for source in design.sources:
        for module in re.findall(r"^module\s+\w+.*?^endmodule", source.read_text(), re.S | re.M):
            if re.search(r"^reg\s.*\b(ap_CS_fsm|ap_enable_reg_pp0_iter\d*)\s*;", module, re.M):
                assert re.search(r"^initial begin\n#0 ap_CS_fsm = ", module, re.M), f"{source.name}: {module[:60]}"


def test_every_fault_of_every_feature_design_is_tested() -> None:
    source = Path(__file__).read_text()
    for design in FEATURE_DESIGNS.values():
        assert len(design.faults) >= 3, design.name
        text = "".join(path.read_text() for path in design.sources)
        for fault in design.faults:
            constant = design.name.upper()
            tested = (re.search(rf'{constant}\.fault\("{fault.name}"\)|run_fault\({constant}, "{fault.name}"', source)
                      or (fault.name == "weight_bit" and design.name in WEIGHT_BIT_CASES))
            assert tested, f"{design.name}/{fault.name}"
            assert fault.define in text, f"{fault.define} is not used by {design.name}"


def _stall_outputs(sim: Simulation, *args: str) -> list[str]:
    """stream_stall's testbench prints one ``out <k> <cycle> <hex>`` line per output pixel (stdout)."""
    import subprocess  # noqa: PLC0415

    result = subprocess.run(["vvp", "-n", sim.vvp.name, *args], cwd=sim.workdir, capture_output=True, text=True,
                            timeout=60, check=True)
    return [line for line in result.stdout.splitlines() if line.startswith("out ")]


def test_stall_design_keeps_the_last_pixel_while_ap_start_stays_high(tmp_path: Path) -> None:
    """The rewinding stall pipeline of a real Vitis 2023.2 export: with ap_start dropped after the last sample's
    ap_ready every pixel leaves; held high, the last one stays inside (the next call's first iteration waits
    for input and stalls every stage)."""
    from tests.rtl.feature_designs import STREAM_STALL, stall_reference  # noqa: PLC0415

    sim = compile_design(STREAM_STALL, tmp_path)
    dropped, held = _stall_outputs(sim, "+samples=2"), _stall_outputs(sim, "+samples=2", "+hold_start")
    assert len(dropped) == 8 and len(held) == 7
    assert_bit_exact(_stall_codes(dropped), stall_reference(STALL_PIXELS))


#: What tb_stall.v sends: pixel k carries {2k, k} (channel 1, channel 0), k = 1..8, two samples of 4 pixels.
STALL_PIXELS = np.array([[k, 2 * k] for k in range(1, 9)]).reshape(2, 8)


def _stall_codes(lines: list[str]) -> np.ndarray:
    words = [line.split()[3] for line in lines]
    return np.array([[to_code(word[4:]), to_code(word[:4])] for word in words]).reshape(-1, 8)  # channel 0 low


def _stall_fault(fault, tmp_path: Path) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    from tests.rtl.feature_designs import STREAM_STALL, stall_reference  # noqa: PLC0415

    sim = compile_design(STREAM_STALL, tmp_path, fault.defines)
    return _stall_codes(_stall_outputs(sim, "+samples=2")), stall_reference(STALL_PIXELS)


def test_stall_stale_last_fault(tmp_path: Path) -> None:
    from tests.rtl.feature_designs import STREAM_STALL  # noqa: PLC0415

    got, expected = _stall_fault(STREAM_STALL.fault("stale_last"), tmp_path)
    assert {tuple(p) for p in np.argwhere(got != expected)} == {(0, 6), (0, 7), (1, 6), (1, 7)}  # last pixels


def test_stall_bias_fault(tmp_path: Path) -> None:
    from tests.rtl.feature_designs import STREAM_STALL  # noqa: PLC0415

    got, expected = _stall_fault(STREAM_STALL.fault("bias"), tmp_path)
    assert np.array_equal(got[:, 1::2], expected[:, 1::2] - 64) and np.array_equal(got[:, 0::2], expected[:, 0::2])


def test_stall_swapped_channels_fault(tmp_path: Path) -> None:
    from tests.rtl.feature_designs import STREAM_STALL  # noqa: PLC0415

    got, expected = _stall_fault(STREAM_STALL.fault("swapped_channels"), tmp_path)
    assert np.array_equal(got.reshape(-1, 2)[:, ::-1], expected.reshape(-1, 2))


def test_stall_design_hangs_in_raw_icarus_but_not_with_always_comb(tmp_path: Path) -> None:
    """Its FIFO's flags are declared with initial values that never change while the output is always ready:
    Icarus never runs the `always @ (*)` block reading them (X), unless hwverify's always_comb rewrite is used."""
    from tests.rtl.feature_designs import STREAM_STALL  # noqa: PLC0415

    assert _stall_outputs(compile_design(STREAM_STALL, tmp_path / "raw", fix_quirks=False), "+samples=2") == []
    assert len(_stall_outputs(compile_design(STREAM_STALL, tmp_path / "fixed"), "+samples=2")) == 8
