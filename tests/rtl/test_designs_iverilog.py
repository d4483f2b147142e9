"""The hand-written HLS-style test designs are right, and each fault really changes behaviour.

Plain-Verilog testbenches (rtl_sim/designs/*/tb/) under Icarus, no cocotb, so these results do not depend
on hwverify's own simulation path. About 10 s in all on one core.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from hwverify.checks.exact import check_bit_exact
from hwverify.errors import ToolFailed, ToolNotFound
from hwverify.tools import require_icarus
from tests.rtl.designs import (
    ACCELERATOR,
    ACCELERATOR_FLOAT,
    AP_FIFO_DENSE,
    CONV1_W_FLIPPED,
    DENSE_W_FLIPPED,
    DESIGNS,
    FIFO_MODULES,
    FIFO_TESTBENCH,
    FIXED_16_6,
    IMAGE_PIXELS,
    PARALLEL_DENSE,
    STREAM_VITIS,
    STREAM_VIVADO,
    FifoModule,
    HlsDesign,
    conv_pipeline_reference,
    dense_relu_reference,
    float_accelerator_reference,
    float_to_fixed16_codes,
)
from tests.rtl.icarus_sources import prepare_for_icarus


@pytest.fixture(scope="module", autouse=True)
def _icarus() -> None:
    try:
        require_icarus()
    except ToolNotFound as error:
        pytest.skip(str(error))


def assert_bit_exact(actual: np.ndarray, expected: np.ndarray) -> None:
    """hwverify's own bit-exact check, failing with the first differing sample and element."""
    mismatches = check_bit_exact(expected, actual)
    if mismatches:
        m = mismatches[0]
        pytest.fail(f"{len(mismatches)} samples differ; first: sample {m.sample}, element {m.element}, "
                    f"expected {m.expected_code}, actual {m.actual_code}")


def random_codes(n: int, n_elements: int, seed: int) -> np.ndarray:
    """Full-range ap_fixed<16,6> codes, so saturation and wrapping are exercised."""
    return np.random.default_rng(seed).integers(-(1 << 15), 1 << 15, size=(n, n_elements), dtype=np.int64)


def to_hex_lines(words: np.ndarray, element_bits: int, per_word: int) -> str:
    """One hex word a line; each word packs ``per_word`` elements, element 0 in the LSBs."""
    rows = np.asarray(words, dtype=np.int64).reshape(-1, per_word) & ((1 << element_bits) - 1)
    digits = (element_bits * per_word + 3) // 4
    lines = []
    for row in rows:
        value = 0
        for index, code in enumerate(row):
            value |= int(code) << (element_bits * index)
        lines.append(f"{value:0{digits}x}")
    return "\n".join(lines) + "\n"


def to_code(hex_text: str, bits: int = 16) -> int:
    """A signed code from a two's complement hex field."""
    value = int(hex_text, 16)
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


@dataclass(frozen=True)
class Simulation:
    """A compiled testbench and the directory it runs in (ROM .dat files are copied there)."""

    vvp: Path
    workdir: Path

    def run(self, input_text: str, n: int, **plusargs: int | bool) -> list[str]:
        """Run with inputs and ``+name=value`` options; the testbench's output lines."""
        inputs, outputs = self.workdir / "inputs.hex", self.workdir / "outputs.txt"
        inputs.write_text(input_text)
        args = [f"+inputs={inputs.name}", f"+outputs={outputs.name}", f"+n={n}"]
        args += [f"+{k}" if v is True else f"+{k}={int(v)}" for k, v in plusargs.items() if v is not False]
        result = subprocess.run(["vvp", "-n", self.vvp.name, *args], cwd=self.workdir, capture_output=True,
                                text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise ToolFailed("vvp", result.returncode, (result.stdout + result.stderr)[-2000:])
        return outputs.read_text().splitlines()


def compile_design(design: HlsDesign, workdir: Path, defines: Mapping[str, str] = {},
                   fix_quirks: bool = True) -> Simulation:
    """Compile a design and its testbench with iverilog -g2012 into ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = prepare_for_icarus(design.sources, workdir / "src").sources if fix_quirks else design.sources
    for data in design.data_files:
        shutil.copy(data, workdir / data.name)
    vvp = workdir / "sim.vvp"
    all_defines = {**dict(design.testbench_defines), **defines}
    command = ["iverilog", "-g2012", "-o", str(vvp), *(f"-D{k}={v}" for k, v in all_defines.items()),
               *map(str, sources), str(design.testbench)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ToolFailed("iverilog", result.returncode, (result.stdout + result.stderr)[-2000:])
    return Simulation(vvp, workdir)


def compiled(design: HlsDesign, name: str) -> object:
    """A module-scoped fixture called ``name``: ``design`` compiled once for the module's tests."""
    @pytest.fixture(scope="module", name=name)
    def simulation(tmp_path_factory: pytest.TempPathFactory) -> Simulation:
        return compile_design(design, tmp_path_factory.mktemp(design.name))

    return simulation


# ---------------------------------------------------------------------------------------------------------
# Parsers of each testbench's output lines
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParallelRun:
    """What the io_parallel testbench saw."""

    in_cycles: np.ndarray
    out_cycles: np.ndarray
    outputs: np.ndarray  # (n, 3) codes
    errors: tuple[str, ...]


def parse_parallel(lines: list[str]) -> ParallelRun:
    """Lines ``in <cycle>`` / ``out <cycle> <y0> <y1> <y2>`` / ``error ...``."""
    ins = [int(line.split()[1]) for line in lines if line.startswith("in ")]
    outs = [line.split() for line in lines if line.startswith("out ")]
    return ParallelRun(
        in_cycles=np.array(ins),
        out_cycles=np.array([int(o[1]) for o in outs]),
        outputs=np.array([[to_code(h) for h in o[2:]] for o in outs], dtype=np.int64).reshape(-1, 3),
        errors=tuple(line for line in lines if line.startswith("error")),
    )


@dataclass(frozen=True)
class StreamRun:
    """Beats seen on each channel of a streaming testbench: ``{channel: [(cycle, hex)]}``."""

    inputs: dict[int, list[int]]
    outputs: dict[int, list[tuple[int, str]]]
    done_cycles: tuple[int, ...]
    end: str


def parse_stream(lines: list[str]) -> StreamRun:
    """Lines ``i <ch> <cycle>``, ``o <ch> <cycle> <hex>``, ``done <cycle>``, ``end ...``."""
    inputs: dict[int, list[int]] = {}
    outputs: dict[int, list[tuple[int, str]]] = {}
    for line in lines:
        parts = line.split()
        if parts[0] == "i":
            inputs.setdefault(int(parts[1]), []).append(int(parts[2]))
        elif parts[0] == "o":
            outputs.setdefault(int(parts[1]), []).append((int(parts[2]), parts[3]))
    done = tuple(int(line.split()[1]) for line in lines if line.startswith("done"))
    return StreamRun(inputs, outputs, done, next((line for line in lines if line.startswith("end")), ""))


def vivado_output_codes(run: StreamRun, n_frames: int) -> np.ndarray:
    """(frames, 18) codes from the two per-channel output streams, pixel-major."""
    pixels = n_frames * IMAGE_PIXELS
    codes = np.zeros((pixels, 2), dtype=np.int64)
    for channel in (0, 1):
        beats = run.outputs.get(channel, [])
        assert len(beats) == pixels, f"channel {channel}: {len(beats)} beats, expected {pixels}"
        codes[:, channel] = [to_code(h) for _, h in beats]
    return codes.reshape(n_frames, -1)


def vitis_output_codes(run: StreamRun, n_frames: int) -> np.ndarray:
    """(frames, 18) codes from the packed output stream."""
    beats = run.outputs.get(0, [])
    assert len(beats) == n_frames * IMAGE_PIXELS, f"{len(beats)} beats, expected {n_frames * IMAGE_PIXELS}"
    codes = [[to_code(h[4:8]), to_code(h[0:4])] for _, h in beats]
    return np.array(codes, dtype=np.int64).reshape(n_frames, -1)


def frame_timing(run: StreamRun, n_frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: latency (first input beat -> last output beat) and interval between first input beats."""
    first_in = np.array([min(c[f * IMAGE_PIXELS] for c in run.inputs.values()) for f in range(n_frames)])
    last_out = np.array([max(c[f * IMAGE_PIXELS + IMAGE_PIXELS - 1][0] for c in run.outputs.values())
                         for f in range(n_frames)])
    return last_out - first_in, np.diff(first_in)


# ---------------------------------------------------------------------------------------------------------
# 1. io_parallel, ap_ctrl_hs, latency 13, II 1
# ---------------------------------------------------------------------------------------------------------

parallel_sim = compiled(PARALLEL_DENSE, "parallel_sim")


def run_parallel(sim: Simulation, x: np.ndarray, **plusargs: int) -> ParallelRun:
    return parse_parallel(sim.run(to_hex_lines(x, 16, 4), len(x), **plusargs))


def test_parallel_dense_is_bit_exact_with_latency_13_and_ii_1(parallel_sim: Simulation) -> None:
    x = random_codes(300, 4, seed=1)
    run = run_parallel(parallel_sim, x)
    assert_bit_exact(run.outputs, dense_relu_reference(x))
    assert not run.errors
    assert set(run.out_cycles - run.in_cycles) == {PARALLEL_DENSE.latency_cycles_max}
    assert set(np.diff(run.in_cycles)) == {PARALLEL_DENSE.ii_cycles_max}
    assert (run.outputs == 0x7FFF).any() and (run.outputs == 0).any(), "saturation and ReLU both exercised"


def test_parallel_dense_stalls_without_valid_input_and_idles(parallel_sim: Simulation) -> None:
    x = random_codes(200, 4, seed=2)
    run = run_parallel(parallel_sim, x, stall=30, idle=20, seed=7)
    assert_bit_exact(run.outputs, dense_relu_reference(x))
    assert not run.errors
    # Idle cycles (ap_start low) do not hold the pipeline; stalls (ap_start high, no _ap_vld) do.
    assert (run.out_cycles - run.in_cycles).max() > PARALLEL_DENSE.latency_cycles_max
    idle_only = run_parallel(parallel_sim, x, idle=40, seed=7)
    assert set(idle_only.out_cycles - idle_only.in_cycles) == {PARALLEL_DENSE.latency_cycles_max}


def test_parallel_dense_holds_an_input_that_came_before_ap_start(parallel_sim: Simulation) -> None:
    x = random_codes(30, 4, seed=24)
    run = run_parallel(parallel_sim, x, early_vld=True)
    assert_bit_exact(run.outputs, dense_relu_reference(x))
    assert not run.errors and set(run.out_cycles - run.in_cycles) == {PARALLEL_DENSE.latency_cycles_max}


def test_parallel_dense_weight_bit_fault_computes_the_flipped_weight(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("weight_bit").defines)
    x = random_codes(200, 4, seed=3)
    run = run_parallel(sim, x)
    assert check_bit_exact(dense_relu_reference(x), run.outputs), "the bit-exact check must catch the fault"
    assert_bit_exact(run.outputs, dense_relu_reference(x, DENSE_W_FLIPPED))


def test_parallel_dense_extra_latency_fault_adds_one_cycle(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("extra_latency").defines)
    x = random_codes(50, 4, seed=4)
    run = run_parallel(sim, x)
    assert_bit_exact(run.outputs, dense_relu_reference(x))
    assert set(run.out_cycles - run.in_cycles) == {PARALLEL_DENSE.latency_cycles_max + 1}


def test_parallel_dense_zero_extension_fault_reads_negative_x2_as_large(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("zero_extension").defines)
    x = random_codes(200, 4, seed=25)
    run = run_parallel(sim, x)
    assert check_bit_exact(dense_relu_reference(x), run.outputs), "the bit-exact check must catch the fault"
    unsigned = x.copy()
    unsigned[:, 2] &= 0xFFFF
    assert_bit_exact(run.outputs, dense_relu_reference(unsigned))


def test_parallel_dense_dropped_register_fault_outputs_the_next_sample(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("dropped_register").defines)
    x = random_codes(100, 4, seed=26)
    run = run_parallel(sim, x)
    assert set(run.out_cycles - run.in_cycles) == {PARALLEL_DENSE.latency_cycles_max}  # ap_done on time
    assert_bit_exact(run.outputs[:-1], dense_relu_reference(x)[1:])  # back to back: one sample ahead


def test_parallel_dense_lsb_stuck_fault_clears_bit_0_of_element_1(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("lsb_stuck").defines)
    x = random_codes(200, 4, seed=27)
    run = run_parallel(sim, x)
    expected = dense_relu_reference(x)
    assert check_bit_exact(expected, run.outputs), "the bit-exact check must catch the fault"
    expected[:, 1] &= ~1
    assert_bit_exact(run.outputs, expected)


def test_parallel_dense_reset_polarity_fault_never_finishes(tmp_path: Path) -> None:
    sim = compile_design(PARALLEL_DENSE, tmp_path, PARALLEL_DENSE.fault("reset_polarity").defines)
    run = run_parallel(sim, random_codes(20, 4, seed=28))
    assert len(run.in_cycles) == 20 and len(run.out_cycles) == 0  # inputs taken, held in reset from then on


# ---------------------------------------------------------------------------------------------------------
# 2. io_stream, Vivado HLS: one AXI-Stream per element, dataflow, FIFOs, regslice
# ---------------------------------------------------------------------------------------------------------

vivado_sim = compiled(STREAM_VIVADO, "vivado_sim")


def run_vivado(sim: Simulation, x: np.ndarray, **plusargs: int | bool) -> StreamRun:
    pixels = x.reshape(-1, 2)
    return parse_stream(sim.run(to_hex_lines(pixels, 16, 2), len(pixels), **plusargs))


def test_icarus_rejects_the_regslice_construct_unless_fixed(tmp_path: Path) -> None:
    with pytest.raises(ToolFailed, match="indefinite width"):
        compile_design(STREAM_VIVADO, tmp_path / "raw", fix_quirks=False)
    notes = prepare_for_icarus(STREAM_VIVADO.sources, tmp_path / "fixed").notes
    assert [note for note in notes if "regslice_core.v" in note] and len(notes) == 2  # + the always_comb rewrite


def test_stream_vivado_is_bit_exact_and_measures_its_timing(vivado_sim: Simulation) -> None:
    x = random_codes(4, STREAM_VIVADO.n_inputs, seed=5)
    run = run_vivado(vivado_sim, x)
    assert_bit_exact(vivado_output_codes(run, 4), conv_pipeline_reference(x))
    latency, interval = frame_timing(run, 4)
    assert latency.min() == STREAM_VIVADO.latency_cycles_min
    assert interval.min() == STREAM_VIVADO.ii_cycles_min
    assert len(run.done_cycles) == 4


def test_stream_vivado_channels_have_independent_handshakes_under_stress(vivado_sim: Simulation) -> None:
    x = random_codes(6, STREAM_VIVADO.n_inputs, seed=6)
    run = run_vivado(vivado_sim, x, gap=40, bp=50, seed=11)
    assert_bit_exact(vivado_output_codes(run, 6), conv_pipeline_reference(x))
    out0, out1 = ([cycle for cycle, _ in run.outputs[c]] for c in (0, 1))
    assert out0 != out1, "the two output channels were taken in different cycles"
    latency, _ = frame_timing(run, 6)
    assert latency.min() >= STREAM_VIVADO.latency_cycles_min


def test_stream_vivado_inverted_reset_is_defined_with_the_icarus_fixes(vivado_sim: Simulation) -> None:
    # ap_rst_n held at 0 from time 0: in the exported RTL the combinational inversion (always @(*)) never runs
    # in an event-driven simulator and the reset the processes see is X. hwverify's Icarus copies turn @(*)
    # blocks into always_comb, which also run at time zero, so the inverted reset is 1 (in reset) as it must be.
    x = random_codes(1, STREAM_VIVADO.n_inputs, seed=7)
    held = vivado_sim.run(to_hex_lines(x.reshape(-1, 2), 16, 2), IMAGE_PIXELS, reset_from_zero=True)
    assert "reset_inside x" not in held
    toggled = vivado_sim.run(to_hex_lines(x.reshape(-1, 2), 16, 2), IMAGE_PIXELS)
    assert "reset_inside 1" in toggled


def test_stream_vivado_weight_bit_fault_reads_a_flipped_rom_word(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VIVADO, tmp_path, STREAM_VIVADO.fault("weight_bit").defines)
    x = random_codes(3, STREAM_VIVADO.n_inputs, seed=8)
    got = vivado_output_codes(run_vivado(sim, x), 3)
    assert check_bit_exact(conv_pipeline_reference(x), got), "the bit-exact check must catch the fault"
    assert_bit_exact(got, conv_pipeline_reference(x, CONV1_W_FLIPPED))


def test_stream_vivado_drop_beat_fault_shows_only_under_backpressure(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VIVADO, tmp_path, STREAM_VIVADO.fault("drop_beat").defines)
    x = random_codes(3, STREAM_VIVADO.n_inputs, seed=9)
    assert_bit_exact(vivado_output_codes(run_vivado(sim, x), 3), conv_pipeline_reference(x))
    stressed = run_vivado(sim, x, bp=60, seed=3, limit=2000)
    received = [len(stressed.outputs.get(c, [])) for c in (0, 1)]
    assert min(received) < 3 * IMAGE_PIXELS, f"beats received per channel: {received}"


# ---------------------------------------------------------------------------------------------------------
# 3. io_stream, Vitis HLS: one packed stream per array
# ---------------------------------------------------------------------------------------------------------

vitis_sim = compiled(STREAM_VITIS, "vitis_sim")


def run_vitis(sim: Simulation, x: np.ndarray, **plusargs: int) -> StreamRun:
    pixels = x.reshape(-1, 2)
    return parse_stream(sim.run(to_hex_lines(pixels, 16, 2), len(pixels), **plusargs))


@pytest.mark.parametrize(("gap", "bp"), [(0, 0), (40, 60)])
def test_stream_vitis_is_bit_exact(vitis_sim: Simulation, gap: int, bp: int) -> None:
    x = random_codes(5, STREAM_VITIS.n_inputs, seed=10 + gap)
    run = run_vitis(vitis_sim, x, gap=gap, bp=bp, seed=5)
    assert_bit_exact(vitis_output_codes(run, 5), conv_pipeline_reference(x))
    latency, interval = frame_timing(run, 5)
    assert latency.min() >= STREAM_VITIS.latency_cycles_min and interval.min() >= STREAM_VITIS.ii_cycles_min
    if gap == bp == 0:
        assert latency.min() == STREAM_VITIS.latency_cycles_min and interval.min() == STREAM_VITIS.ii_cycles_min


def test_stream_vitis_stuck_ready_fault_stops_after_five_beats(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VITIS, tmp_path, STREAM_VITIS.fault("stuck_ready").defines)
    x = random_codes(2, STREAM_VITIS.n_inputs, seed=12)
    run = run_vitis(sim, x, limit=500)
    assert len(run.inputs[0]) == 5
    assert len(run.outputs.get(0, [])) == 5


def test_stream_vitis_stuck_valid_fault_sends_beats_after_the_last_frame(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VITIS, tmp_path, STREAM_VITIS.fault("stuck_valid").defines)
    x = random_codes(2, STREAM_VITIS.n_inputs, seed=29)
    run = run_vitis(sim, x)
    got = np.array([[to_code(h[4:8]), to_code(h[0:4])] for _, h in run.outputs[0]]).reshape(-1)
    assert got.size >= x.size and check_bit_exact(conv_pipeline_reference(x).reshape(1, -1), got[None, :x.size])


def test_stream_vitis_lsb_stuck_fault_clears_bit_0_of_channel_1(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VITIS, tmp_path, STREAM_VITIS.fault("lsb_stuck").defines)
    x = random_codes(3, STREAM_VITIS.n_inputs, seed=30)
    expected = conv_pipeline_reference(x).reshape(-1, 2)
    expected[:, 1] &= ~1
    assert_bit_exact(vitis_output_codes(run_vitis(sim, x), 3), expected.reshape(3, -1))


def test_stream_vitis_shrunken_fifo_fault_halves_the_throughput(tmp_path: Path) -> None:
    sim = compile_design(STREAM_VITIS, tmp_path, STREAM_VITIS.fault("shrunken_fifo").defines)
    x = random_codes(5, STREAM_VITIS.n_inputs, seed=31)
    run = run_vitis(sim, x)
    assert_bit_exact(vitis_output_codes(run, 5), conv_pipeline_reference(x))  # right values, too slowly
    _, interval = frame_timing(run, 5)
    assert interval.min() > STREAM_VITIS.ii_cycles_min + IMAGE_PIXELS // 2


# ---------------------------------------------------------------------------------------------------------
# 4. VivadoAccelerator myproject_axi: one element per beat, TLAST
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AxiRun:
    """Output beats of the accelerator: codes, TLAST flags, cycles."""

    codes: np.ndarray
    last: np.ndarray
    cycles: np.ndarray
    in_cycles: np.ndarray


def run_accelerator(sim: Simulation, x: np.ndarray, **plusargs: int | bool) -> AxiRun:
    lines = sim.run(to_hex_lines(x.reshape(-1), 16, 1), x.size, **plusargs)
    beats = [line.split() for line in lines if line.startswith("o ")]
    ins = [int(line.split()[1]) for line in lines if line.startswith("i ")]
    return AxiRun(np.array([to_code(b[2]) for b in beats], dtype=np.int64),
                  np.array([int(b[3]) for b in beats]), np.array([int(b[1]) for b in beats]), np.array(ins))


accelerator_sim = compiled(ACCELERATOR, "accelerator_sim")


def expected_tlast(n_samples: int) -> np.ndarray:
    return np.tile([0] * (ACCELERATOR.n_outputs - 1) + [1], n_samples)


@pytest.mark.parametrize(("gap", "bp"), [(0, 0), (30, 50)])
def test_accelerator_is_bit_exact_and_carries_tlast(accelerator_sim: Simulation, gap: int, bp: int) -> None:
    x = random_codes(40, 4, seed=13)
    run = run_accelerator(accelerator_sim, x, gap=gap, bp=bp, seed=2)
    assert_bit_exact(run.codes.reshape(-1, 3), dense_relu_reference(x))
    np.testing.assert_array_equal(run.last, expected_tlast(40))
    latency = run.cycles[2::3] - run.in_cycles[0::4]
    interval = np.diff(run.cycles[2::3])
    assert latency.min() >= ACCELERATOR.latency_cycles_min  # buffered results may leave closer together
    if gap == bp == 0:
        assert latency.min() == ACCELERATOR.latency_cycles_min and interval.min() == ACCELERATOR.ii_cycles_min


def test_accelerator_sets_no_tlast_when_the_input_had_none(accelerator_sim: Simulation) -> None:
    run = run_accelerator(accelerator_sim, random_codes(5, 4, seed=14), no_tlast=True)
    assert len(run.last) == 15 and not run.last.any()


def test_accelerator_wrong_tlast_fault(tmp_path: Path) -> None:
    sim = compile_design(ACCELERATOR, tmp_path, ACCELERATOR.fault("wrong_tlast").defines)
    x = random_codes(5, 4, seed=15)
    run = run_accelerator(sim, x)
    assert_bit_exact(run.codes.reshape(-1, 3), dense_relu_reference(x))
    assert (run.last != expected_tlast(5)).any()


def run_tlast_fault(defines: Mapping[str, str], tmp_path: Path) -> np.ndarray:
    """The TLAST flags of 5 samples through the accelerator with a TLAST fault (the data must be right)."""
    x = random_codes(5, 4, seed=32)
    run = run_accelerator(compile_design(ACCELERATOR, tmp_path, defines), x)
    assert_bit_exact(run.codes.reshape(-1, 3), dense_relu_reference(x))
    return run.last


def test_accelerator_tlast_zero_fault(tmp_path: Path) -> None:
    assert not run_tlast_fault(ACCELERATOR.fault("tlast_zero").defines, tmp_path).any()


def test_accelerator_tlast_one_fault(tmp_path: Path) -> None:
    assert run_tlast_fault(ACCELERATOR.fault("tlast_one").defines, tmp_path).all()


def test_accelerator_tlast_inverted_fault(tmp_path: Path) -> None:
    np.testing.assert_array_equal(run_tlast_fault(ACCELERATOR.fault("tlast_inverted").defines, tmp_path),
                                  1 - expected_tlast(5))


def test_accelerator_duplicate_beat_fault(tmp_path: Path) -> None:
    sim = compile_design(ACCELERATOR, tmp_path, ACCELERATOR.fault("duplicate_beat").defines)
    x = random_codes(5, 4, seed=16)
    run = run_accelerator(sim, x)
    expected = dense_relu_reference(x).reshape(-1)
    assert run.codes[3] == run.codes[4] == expected[3]
    assert_bit_exact(np.delete(run.codes, 4)[: expected.size], expected)


def test_accelerator_weight_bit_fault(tmp_path: Path) -> None:
    sim = compile_design(ACCELERATOR, tmp_path, ACCELERATOR.fault("weight_bit").defines)
    x = random_codes(30, 4, seed=17)
    assert_bit_exact(run_accelerator(sim, x).codes.reshape(-1, 3),
                                  dense_relu_reference(x, DENSE_W_FLIPPED))


# ---------------------------------------------------------------------------------------------------------
# 4b. VivadoAccelerator with float I/O, through a behavioural model of the floating-point IP
# ---------------------------------------------------------------------------------------------------------

def float_inputs(n: int, seed: int) -> np.ndarray:
    """float32 bit patterns: in-range values, exact grid values, both zeros, tiny, denormal and huge values."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0.0, 20.0, size=n * 4)
    picks = rng.integers(0, 6, size=values.size)
    values = np.where(picks == 1, rng.integers(-32768, 32768, size=values.size) / 1024.0, values)
    values = np.where(picks == 2, rng.choice([0.0, -0.0, 1e-40, -1e-40, 3e-5, -3e-5], size=values.size), values)
    values = np.where(picks == 3, rng.choice([1e6, -1e6, 3e38, -3e38, 33.5, -33.5, 1e4 + 0.3], size=values.size), values)
    return values.astype(np.float32).view(np.uint32).astype(np.int64).reshape(n, 4)


def to_bits(codes: np.ndarray) -> np.ndarray:
    return np.asarray(codes, dtype=np.int64) & 0xFFFFFFFF


float_sim = compiled(ACCELERATOR_FLOAT, "float_sim")


def run_float(sim: Simulation, bits: np.ndarray, **plusargs: int | bool) -> AxiRun:
    lines = sim.run(to_hex_lines(bits.reshape(-1), 32, 1), bits.size, **plusargs)
    beats = [line.split() for line in lines if line.startswith("o ")]
    ins = [int(line.split()[1]) for line in lines if line.startswith("i ")]
    return AxiRun(np.array([int(b[2], 16) for b in beats], dtype=np.int64),
                  np.array([int(b[3]) for b in beats]), np.array([int(b[1]) for b in beats]), np.array(ins))


def test_float_reference_agrees_with_fixed_type_in_range() -> None:
    bits = float_inputs(500, seed=20)
    x = bits.astype(np.uint32).view(np.float32).astype(np.float64)
    in_range = np.abs(x) < 32
    np.testing.assert_array_equal(float_to_fixed16_codes(bits)[in_range], FIXED_16_6.quantize_codes(x[in_range]))


def test_fpext_model_matches_numpy_float_to_double(tmp_path: Path) -> None:
    specials = np.array([0x00000000, 0x80000000, 0x00000001, 0x807FFFFF, 0x00400000, 0x7F800000, 0xFF800000,
                         0x7FC00000, 0x7F800001, 0x3F800000, 0xC2F6E979], dtype=np.int64)
    bits = np.concatenate([specials, float_inputs(50, seed=21).reshape(-1)])
    sources = [ACCELERATOR_FLOAT.directory / "myproject_axi_fpext_32ns_64_1_1.v",
               ACCELERATOR_FLOAT.directory / "ip" / "myproject_axi_ap_fpext_0_no_dsp_32.v",
               ACCELERATOR_FLOAT.directory / "tb" / "tb_fpext_plain.v"]
    result = subprocess.run(["iverilog", "-g2012", "-o", str(tmp_path / "fpext.vvp"), *map(str, sources)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = Simulation(tmp_path / "fpext.vvp", tmp_path).run(to_hex_lines(bits, 32, 1), bits.size)
    got = np.array([int(line, 16) for line in lines], dtype=np.uint64)
    with np.errstate(invalid="ignore"):
        expected = bits.astype(np.uint32).view(np.float32).astype(np.float64).view(np.uint64)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(("gap", "bp"), [(0, 0), (30, 50)])
def test_accelerator_float_is_bit_exact(float_sim: Simulation, gap: int, bp: int) -> None:
    bits = float_inputs(40, seed=22)
    run = run_float(float_sim, bits, gap=gap, bp=bp, seed=3)
    assert_bit_exact(run.codes.reshape(-1, 3), to_bits(float_accelerator_reference(bits)))
    np.testing.assert_array_equal(run.last, expected_tlast(40))
    latency = run.cycles[2::3] - run.in_cycles[0::4]
    assert latency.min() >= ACCELERATOR_FLOAT.latency_cycles_min
    if gap == bp == 0:
        assert latency.min() == ACCELERATOR_FLOAT.latency_cycles_min
        assert np.diff(run.cycles[2::3]).min() == ACCELERATOR_FLOAT.ii_cycles_min


def test_accelerator_float_rounding_fault(tmp_path: Path) -> None:
    sim = compile_design(ACCELERATOR_FLOAT, tmp_path, ACCELERATOR_FLOAT.fault("float_rounding").defines)
    bits = float_inputs(40, seed=23)
    got = run_float(sim, bits).codes.reshape(-1, 3)
    assert check_bit_exact(to_bits(float_accelerator_reference(bits)), got), "the bit-exact check must catch the fault"
    assert_bit_exact(got, to_bits(float_accelerator_reference(bits, toward_zero=True)))


# ---------------------------------------------------------------------------------------------------------
# 5. ap_fifo ports with ap_ctrl_chain (the accelerator's inner myproject as a top of its own)
# ---------------------------------------------------------------------------------------------------------

def run_ap_fifo(sim: Simulation, x: np.ndarray, **plusargs: int) -> tuple[np.ndarray, list[str]]:
    lines = sim.run(to_hex_lines(x, 16, 4), len(x), **plusargs)
    outs = [line.split()[2] for line in lines if line.startswith("out ")]
    codes = np.array([[to_code(h[8:12]), to_code(h[4:8]), to_code(h[0:4])] for h in outs], dtype=np.int64)
    return codes.reshape(-1, 3), lines


def test_ap_fifo_dense_is_bit_exact_and_follows_ap_ctrl_chain(tmp_path: Path) -> None:
    sim = compile_design(AP_FIFO_DENSE, tmp_path)
    x = random_codes(60, 4, seed=18)
    codes, lines = run_ap_fifo(sim, x, gap=30, bp=40, hold=50, seed=4)
    assert_bit_exact(codes, dense_relu_reference(x))
    assert not [line for line in lines if line.startswith("error")]
    assert sum(line.startswith("done") for line in lines) == 60
    fast, fast_lines = run_ap_fifo(sim, x)
    ins = [int(line.split()[1]) for line in fast_lines if line.startswith("in ")]
    outs = [int(line.split()[1]) for line in fast_lines if line.startswith("out ")]
    assert min(np.subtract(outs, ins)) == AP_FIFO_DENSE.latency_cycles_min
    assert min(np.diff(ins)) == AP_FIFO_DENSE.ii_cycles_min


def test_ap_fifo_dense_weight_bit_fault(tmp_path: Path) -> None:
    sim = compile_design(AP_FIFO_DENSE, tmp_path, AP_FIFO_DENSE.fault("weight_bit").defines)
    x = random_codes(30, 4, seed=19)
    codes, _ = run_ap_fifo(sim, x)
    assert_bit_exact(codes, dense_relu_reference(x, DENSE_W_FLIPPED))


def test_ap_fifo_dense_lsb_stuck_fault(tmp_path: Path) -> None:
    sim = compile_design(AP_FIFO_DENSE, tmp_path, AP_FIFO_DENSE.fault("lsb_stuck").defines)
    x = random_codes(30, 4, seed=33)
    expected = dense_relu_reference(x)
    expected[:, 1] &= ~1
    assert_bit_exact(run_ap_fifo(sim, x)[0], expected)


# ---------------------------------------------------------------------------------------------------------
# FIFO modules: the fill-level rules that FIFO depth calibration reads, checked against a scoreboard
# ---------------------------------------------------------------------------------------------------------

FILL_DEFINES = {"shiftreg": "FILL_SHIFTREG", "ram": "FILL_RAM", "vitis": "FILL_VITIS", "count": "FILL_COUNT"}


def run_fifo(fifo: FifoModule, fill_rule: str, workdir: Path, seed: int = 1) -> list[str]:
    """Compile the FIFO testbench for one module and fill rule; its output lines."""
    workdir.mkdir(parents=True, exist_ok=True)
    defines = {"FIFO": fifo.module, "WIDTH": str(fifo.width), "DEPTH": str(fifo.depth), FILL_DEFINES[fill_rule]: "1"}
    command = ["iverilog", "-g2012", "-o", str(workdir / "fifo.vvp"), *(f"-D{k}={v}" for k, v in defines.items()),
               str(fifo.path), str(FIFO_TESTBENCH)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ToolFailed("iverilog", result.returncode, (result.stdout + result.stderr)[-2000:])
    return Simulation(workdir / "fifo.vvp", workdir).run("", 0, seed=seed, cycles=600)


@pytest.mark.parametrize("fifo", FIFO_MODULES, ids=lambda f: f.module)
def test_fifo_fill_rule_and_capacity(fifo: FifoModule, tmp_path: Path) -> None:
    lines = run_fifo(fifo, fifo.fill_rule, tmp_path)
    assert not [line for line in lines if line.startswith("error")], lines[:5]
    assert f"capacity {fifo.capacity}" in lines and f"max_fill {fifo.capacity}" in lines
    assert "left 0" in lines and int(next(line for line in lines if line.startswith("words")).split()[1]) > 100


def test_a_wrong_fill_rule_is_caught(tmp_path: Path) -> None:
    # Reading a Vivado shift-register FIFO's mOutPtr as the fill level is off by one: the check must say so.
    lines = run_fifo(FIFO_MODULES[0], "count", tmp_path)
    assert [line for line in lines if line.startswith("error fill")]


def test_every_fault_of_every_design_is_tested() -> None:
    source = Path(__file__).read_text()
    for design in DESIGNS.values():
        for fault in design.faults:
            assert re.search(rf'fault\("{fault.name}"\)', source), f"{design.name}/{fault.name} has no test"
            text = "".join(path.read_text() for path in design.sources)
            assert fault.define in text, f"{fault.define} is not used by {design.name}"
