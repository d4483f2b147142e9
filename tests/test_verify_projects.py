"""``hwverify verify <project>`` on hls4ml projects assembled from hwverify's own test designs.

Each project (tests/projects.py) holds a hand-written firmware, the design's RTL where HLS exports it
and its csynth report, reproducing what real public exports were found to hold. Every check goes
through the command a user types (``hwverify.cli.main``): exit code 0 for a verified project, 1 for a
failed check (with the first differing sample, the framing error or the timing violation named), 2 for
a project hwverify must refuse (naming what it expected and what it found).

Icarus runs are fast (``--simulator icarus``, ``--samples 200``); the Verilator runs (the default
simulator) are marked slow.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from hwverify.cli import main
from hwverify.flows.verify_project import firmware_codes
from hwverify.protocols import IoStyle
from hwverify.sources.project import HlsProject, compile_project_csim, project_design
from tests.projects import PROJECT_DESIGNS, ProjectDesign, assemble_project
from tests.rtl.designs import fixed16_codes_to_float_bits

SAMPLES = "200"

#: Faults whose simulation stalls instead of finishing with wrong outputs.
STALLING = {("stream_vivado", "drop_beat"), ("stream_vitis", "stuck_ready"), ("parallel_dataflow", "early_ready"),
            ("parallel_dense", "reset_polarity"), ("stream_lanes", "lane_handshake")}

#: What the report must name for a fault: a differing sample, a framing error or a timing violation.
FIRST_SAMPLE = r"first: sample \d+, output element \d+: expected code -?\d+ \(firmware\), got -?\d+ \(RTL\)"
CAUGHT_BY = {
    "extra_latency": r"latency of sample \d+ is \d+ cycles, above the maximum",
    "early_ready": r"latency of sample \d+ is 7 cycles, above the maximum of 6",  # parallel_resource
    "wrong_tlast": r"out_r: (unexpected|missing)_tlast at sample \d+",
    "duplicate_beat": FIRST_SAMPLE + r"|extra_beats",
    "tlast_zero": r"out_r: missing_tlast at sample 0, beat 2: TLAST low on the last beat",
    "tlast_one": r"out_r: unexpected_tlast at sample 0, beat 0: TLAST high on beat 0 of 3",
    "tlast_inverted": r"out_r: unexpected_tlast at sample 0, beat 0(.|\n)*out_r: missing_tlast at sample 0, beat 2",
    "stuck_valid": r"layer4_out: extra_beats at sample \d+, beat \d+: \d+ beat\(s\) after the last sample",
    "shrunken_fifo": r"ii of sample \d+ is 19 cycles, above the maximum of 11 \(csynth report",
}


@dataclass(frozen=True)
class Run:
    """One ``hwverify verify`` command: exit code and what it printed."""

    rc: int
    out: str
    err: str

    @property
    def text(self) -> str:
        """stdout and stderr together."""
        return self.out + self.err


def verify(root: Path, capsys: pytest.CaptureFixture[str], *options: str) -> Run:
    """``hwverify verify <root> --samples 200 <options>``."""
    capsys.readouterr()
    rc = main(["verify", str(root), "--samples", SAMPLES, *options])
    captured = capsys.readouterr()
    return Run(rc, captured.out, captured.err)


def icarus(root: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """``verify`` under Icarus."""
    return verify(root, capsys, "--simulator", "icarus")


def run_line(run: Run, label: str) -> str:
    """The line of one simulation run (``no backpressure`` or ``random backpressure``) and what follows it."""
    match = re.search(rf"^  RTL \(\w+, {label}\):.*(\n    .*)*", run.out, re.M)
    assert match, run.out
    return match[0]


def assert_verified(run: Run) -> None:
    """Exit code 0: bit-exact in both runs, framing correct, timing within the report's bounds."""
    assert run.rc == 0, run.text
    assert "RESULT: RTL == firmware, bit-exact, framing correct, timing within bounds" in run.out


# ---------------------------------------------------------------------------------------------------------
# Every project verifies; its firmware computes the design's numpy reference
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PROJECT_DESIGNS))
def test_project_verifies_on_icarus(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project(name, tmp_path), capsys)
    assert_verified(run)
    top = PROJECT_DESIGNS[name].design.top
    assert f"RTL top {top} " in run.out and f"against the firmware's {top}()" in run.out


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PROJECT_DESIGNS))
def test_project_verifies_on_verilator(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = verify(assemble_project(name, tmp_path), capsys)  # Verilator is the default simulator
    assert_verified(run)
    assert "RTL (verilator, no backpressure)" in run.out


def test_ii4_pipeline_is_exact_and_on_time_without_input_gaps(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_resource", tmp_path), capsys)
    line = run_line(run, "no backpressure")
    assert re.match(r"  RTL \(icarus, no backpressure\): 0 of 206 samples differ; framing ok", line), run.out
    assert "latency (ap_start -> ap_done) 6-6 cycles one sample at a time, 6-6 back to back; II 4-4; csynth report " \
           "(myproject_csynth.xml): latency 6-6, interval 4-4: within bounds" in run.out


def test_dataflow_region_is_checked_against_estimates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_dataflow", tmp_path), capsys)
    assert_verified(run)
    assert re.search(r"latency \(ap_start -> ap_done\) \d+-\d+ cycles one sample at a time, 3-5 back to back; II 1-2",
                     run.out), run.out  # ap_ready irregular while filling
    assert "measured interval 1 cycles is below the report's best case 2" in run.out


def test_accelerator_float_uses_the_model_generated_from_the_ip_tcl(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = assemble_project("accelerator_float", tmp_path)
    rtl = root / "myproject_prj" / "solution1" / "syn" / "verilog"
    assert not list(rtl.glob("*ap_fpext_0_no_dsp_32.v")) and list(rtl.glob("*_ip.tcl"))
    run = icarus(root, capsys)
    assert_verified(run)
    assert "myproject_axi_ap_fpext_0_no_dsp_32: behavioural model of Floating-Point fpext single->double" in run.out


def _reference_inputs(spec: ProjectDesign, n: int, seed: int) -> np.ndarray:
    """Full-range input codes (float I/O: bit patterns of values on the model input's grid)."""
    rng = np.random.default_rng(seed)
    if spec.value_type is None:
        element = spec.design.input_type
        return rng.integers(element.code_min, element.code_max + 1, size=(n, spec.design.n_inputs))
    fixed = rng.integers(-(1 << 15), 1 << 15, size=(n, spec.design.n_inputs))
    return fixed16_codes_to_float_bits(fixed).astype(np.uint32).view(np.int32).astype(np.int64)


@pytest.mark.parametrize("name", list(PROJECT_DESIGNS))
def test_firmware_computes_the_design_reference(name: str, tmp_path: Path) -> None:
    spec = PROJECT_DESIGNS[name]
    project = HlsProject.open(assemble_project(name, tmp_path))
    codes = _reference_inputs(spec, 500, seed=len(name))
    got = firmware_codes(compile_project_csim(project), project_design(project), codes)
    if spec.value_type is None:
        expected = spec.design.reference(codes)
    else:  # float I/O: the registry's reference works on unsigned bit patterns
        expected = spec.design.reference(codes & 0xFFFFFFFF)
        got = got & 0xFFFFFFFF
    np.testing.assert_array_equal(got, expected)


# ---------------------------------------------------------------------------------------------------------
# Every fault of every design fails verification, naming the check that failed
# ---------------------------------------------------------------------------------------------------------

def _faults() -> list:  # type: ignore[type-arg]
    cases = []
    for name, spec in PROJECT_DESIGNS.items():
        for fault in spec.design.faults:
            if (name, fault.name) not in STALLING:  # those are test_stalling_fault_is_a_failed_check
                cases.append(pytest.param(name, fault.name, id=f"{name}-{fault.name}"))
    return cases


@pytest.mark.parametrize(("name", "fault"), _faults())
def test_fault_fails_verification(name: str, fault: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project(name, tmp_path, fault=fault), capsys)
    assert run.rc == 1, run.text
    assert "RESULT: FAILED" in run.out
    assert re.search(CAUGHT_BY.get(fault, FIRST_SAMPLE), run.out), run.out
    if fault not in CAUGHT_BY and not PROJECT_DESIGNS[name].design.fault(fault).needs_stress:
        assert re.search(r"[1-9]\d* of 206 samples differ", run_line(run, "no backpressure")), run.out


def test_the_mutant_suite_has_25_mutants_covering_every_interface_style() -> None:
    """Every fault of every project design runs through ``hwverify verify`` (the two tests below)."""
    faults = [(name, fault.name) for name, spec in PROJECT_DESIGNS.items() for fault in spec.design.faults]
    assert len(faults) >= 25, faults
    assert {PROJECT_DESIGNS[name].design.style for name, _ in faults} == set(IoStyle)
    kinds = {fault for _, fault in faults}
    assert {"weight_bit", "zero_extension", "dropped_register", "extra_latency", "swapped_outputs", "tlast_zero",
            "tlast_one", "tlast_inverted", "wrong_tlast", "drop_beat", "stuck_valid", "shrunken_fifo",
            "reset_polarity", "lsb_stuck", "duplicate_beat"} <= kinds


@pytest.mark.parametrize(("name", "fault"), sorted(STALLING))
def test_stalling_fault_is_a_failed_check_with_the_stuck_channel(name: str, fault: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project(name, tmp_path, fault=fault), capsys)
    assert run.rc == 1, run.text  # a design that stops making progress failed a check; it is not bad input
    assert re.search(r"simulation of '\w+' stalled: no handshake on any channel for \d+ cycles", run.text)
    assert re.search(r"output \w+: valid=0 ready=[-01], \d+/\d+ beats", run.text), run.text


# ---------------------------------------------------------------------------------------------------------
# What real projects hold: stale bridges, older exports, IP packages, firmware that moved on
# ---------------------------------------------------------------------------------------------------------

STALE_BRIDGE = r"{bridge} calls {top}\(\) with {calls} arguments but firmware/{top}.h declares {declared}: " \
               r"the bridge is stale; hwverify calls the firmware directly"


@pytest.mark.parametrize(("name", "calls", "declared"), [("parallel_dense", 4, 2), ("parallel_scalar_ports", 2, 4),
                                                         ("stream_vivado", 4, 2), ("accelerator", 4, 2)])
def test_stale_bridge_is_noted_and_the_firmware_used(name: str, calls: int, declared: int, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    spec = PROJECT_DESIGNS[name]
    run = icarus(assemble_project(name, tmp_path, stale_bridge=True), capsys)
    assert_verified(run)
    note = STALE_BRIDGE.format(bridge=f"{spec.project_name}_bridge.cpp", top=spec.call, calls=calls, declared=declared)
    assert re.search(note, run.out), run.out


def test_stale_bridge_note_is_given_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_dense", tmp_path, stale_bridge=True), capsys)
    assert run.out.count("the bridge is stale") == 1


def test_matching_bridge_gives_no_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_scalar_ports", tmp_path), capsys)
    assert_verified(run)
    assert "stale" not in run.out and "_bridge.cpp" not in run.out


@pytest.mark.parametrize(("name", "layout", "reason"), [
    ("parallel_dense", "stale_impl", "layer13_out_0_V is 8 bits wide"),
    ("stream_vivado", "stale_impl", "layer4_out_V_data_0_V_TDATA is 8 bits wide"),
    ("parallel_scalar_ports", "stale_impl", "layer7_out_0_V is 8 bits wide"),
    ("parallel_dense", "stale_syn", ""),
    ("parallel_dataflow", "stale_syn", ""),
    ("stream_vitis", "stale_syn", ""),
    ("accelerator", "stale_syn", ""),
])
def test_the_export_that_matches_the_firmware_is_chosen_and_the_older_one_named(
        name: str, layout: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An older export (in impl/ or in syn/) beside the current one is named with why it is not used."""
    spec = PROJECT_DESIGNS[name]
    run = icarus(assemble_project(name, tmp_path, layout=layout), capsys)
    assert_verified(run)
    current, older = ("syn", "impl") if layout == "stale_impl" else ("impl", "syn")
    solution = f"{spec.project_name}_prj/solution1"
    assert f"note: RTL: {solution}/{current}/verilog (top {spec.call}), matches the firmware's {spec.call}()" in run.out
    assert re.search(rf"note: RTL: {solution}/{older}/verilog: not used: .*{re.escape(reason)}", run.out), run.out


@pytest.mark.parametrize(("name", "latency", "interval"), [
    ("parallel_dense", 13, 1),
    ("parallel_resource", 6, 4),
    ("parallel_scalar_ports", 5, 1),
])
def test_ip_package_is_timed_against_core_generation_info(name: str, latency: int, interval: int, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    spec = PROJECT_DESIGNS[name]
    root = assemble_project(name, tmp_path, layout="ip_package")
    assert not list(root.rglob("*_csynth.xml")) and (tmp_path / "export" / "component.xml").is_file()
    run = icarus(root, capsys)
    assert_verified(run)
    assert f"note: RTL: ../export/hdl/verilog (top {spec.call}), matches the firmware's {spec.call}()" in run.out
    assert (f"CORE_GENERATION_INFO of {spec.call}.v: latency ?-{latency}, interval ?-{interval}: within bounds"
            in run.out)


def test_ip_package_ii4_pipeline_timing_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_resource", tmp_path, layout="ip_package"), capsys)
    assert "0 of 206 samples differ" in run_line(run, "no backpressure")
    assert ("latency (ap_start -> ap_done) 6-6 cycles one sample at a time, 6-6 back to back; II 4-4; "
            "CORE_GENERATION_INFO of myproject.v: latency ?-6, interval ?-4: within bounds") in run.out


def test_ip_package_latency_fault_is_caught_against_core_generation_info(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_dense", tmp_path, layout="ip_package", fault="extra_latency"), capsys)
    assert run.rc == 1, run.text
    assert ("latency of sample 0 is 14 cycles, above the maximum of 13 (CORE_GENERATION_INFO of myproject.v)"
            in run.out)


@pytest.mark.parametrize(("name", "typedef", "c_type", "expected", "found"), [
    ("parallel_dense", "input_t", "ap_fixed<18,8>", r"input_t fc1_input\[4\] \(array, in, ap_fixed<18,8,TRN,WRAP>\)",
     r"fc1_input_V"),
    ("stream_vivado", "input_t", "nnet::array<ap_fixed<18,8>, 2>",
     r"input_t input_1\[18\] \(stream, in, ap_fixed<18,8,TRN,WRAP>\)",
     r"port input_1_V_data_0_V_TDATA is 16 bits wide, but 1 element\(s\) of 18 bits need 18"),
    ("parallel_scalar_ports", "input_t", "ap_fixed<16,6>",
     r"input_t input1\[6\] \(array, in, ap_fixed<16,6,TRN,WRAP>\)",
     r"port input1_0_V is 14 bits wide, but 1 element\(s\) of 16 bits need 16"),
    ("parallel_resource", "result_t", "ap_fixed<18,8,AP_RND,AP_SAT>",
     r"result_t layer9_out\[4\] \(array, out, ap_fixed<18,8,RND,SAT>\)", r"layer9_out"),
    ("stream_vitis", "input_t", "nnet::array<ap_fixed<18,8>, 2>", r"ap_fixed<18,8", r"input_1_TDATA"),
    ("accelerator", "T_in", "ap_fixed<18,8>", r"myproject_axi\(input_axi_t in\[4\]", r"in_r_TDATA"),
])
def test_firmware_that_no_longer_matches_the_rtl_is_refused(name: str, typedef: str, c_type: str, expected: str,
                                                             found: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project(name, tmp_path, firmware_edit={typedef: c_type}), capsys)
    assert run.rc == 2, run.text
    assert "no exported RTL in" in run.err and "matches the project's firmware" in run.err
    assert re.search(r"Expected a top module implementing .*" + expected, run.err), run.err
    assert re.search(r"Found:\n.*syn/verilog: .*" + found, run.err), run.err


def test_project_without_tb_data_uses_random_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = icarus(assemble_project("parallel_scalar_ports", tmp_path, tb_data=False), capsys)
    assert_verified(run)
    assert "200 samples (200 random; 200 distinct)" in run.out


def test_off_grid_and_out_of_range_file_values_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = assemble_project("parallel_dense", tmp_path)
    # ap_fixed<16,6>: LSB 2**-10, range [-32, 32): 0.0001 is off the grid, 100.0 outside the range
    (root / "tb_data" / "tb_input_features.dat").write_text("0.0001 1.0 -2.0 0.5\n1.0 100.0 0.25 -0.125\n")
    run = icarus(root, capsys)
    assert_verified(run)  # converted as the firmware's testbench converts them: the same codes on both sides
    assert "1 file value(s) off the input type's grid were rounded and 1 outside its range were converted" in run.out


def test_without_a_csynth_report_timing_is_said_not_to_be_checked(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = assemble_project("ap_fifo_dense", tmp_path)  # its RTL has no CORE_GENERATION_INFO either
    for report in root.rglob("*_csynth.xml"):
        report.unlink()
    run = icarus(root, capsys)
    assert run.rc == 0, run.text
    assert "timing not checked (no csynth report)" in run.out
    assert "RESULT: RTL == firmware, bit-exact, framing correct, timing not checked (no csynth report)" in run.out
    assert "within bounds" not in run.out


@pytest.mark.parametrize("fault", [None, "tlast_inverted"])
def test_calibrate_fifos_proof_checks_the_framing(fault: str | None, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The depth proof runs the framing check every flow runs: TLAST inverted in an accelerator fails it, although
    the deep and the proof runs agree on every code."""
    root = assemble_project("accelerator", tmp_path, fault=fault)
    rc = main(["calibrate-fifos", str(root), "--random", "4", "--simulator", "icarus", "--out",
               str(tmp_path / "depths.json")])
    out = capsys.readouterr().out
    if fault is None:
        assert rc == 0 and "FRAMING WRONG" not in out, out
    else:
        assert rc == 1 and "identical, FRAMING WRONG" in out and "unexpected_tlast" in out, out


def _shrink_fifo(root: Path, name: str, depth: int) -> None:
    """Export one FIFO shallower, as HLS would write it (its instance's DEPTH), as
    benchmarks/real_export_mutants.py does to real exports."""
    import shutil

    from hwverify.fifo.monitor import resize_fifos
    from hwverify.sim.fifos import find_fifo_instances

    project = HlsProject.open(root)
    design = project_design(project)
    (fifo,) = [f for f in find_fifo_instances(design.top, design.sources) if f.name == name]
    for source in resize_fifos(design, (fifo,), {fifo.name: depth}).sources:
        shutil.copy2(source, project.rtl_dir / source.name)


def test_an_interval_above_the_estimate_that_deep_fifos_avoid_names_the_fifos(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO exported 2 deep where it needs 9 (II 11 -> 19, as face_detection's exported FIFOs cost 6% of its
    interval): the run with every FIFO deep is at the estimate, so the note points at calibrate-fifos."""
    root = assemble_project("stream_vitis", tmp_path)
    _shrink_fifo(root, "layer2_out_U", 2)
    run = icarus(root, capsys)
    assert run.rc == 1, run.text
    assert re.search(r"ii of sample \d+ is 19 cycles, above the maximum of 11 \(csynth report", run.out), run.out
    assert ("note: with every FIFO deep the interval is at most 11 cycles: the exported FIFO depths cost throughput; "
            "`hwverify calibrate-fifos` measures the depths the design needs") in run.out


@pytest.mark.parametrize("shrunk", [False, True])
def test_without_a_csynth_report_the_interval_is_held_to_the_deep_fifo_run(shrunk: bool, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """No csynth report (nor CORE_GENERATION_INFO): a FIFO exported 2 deep where it needs 9 (II 11 -> 19) still
    fails, against the same RTL run with every FIFO deep."""
    root = assemble_project("stream_vitis", tmp_path)
    for report in root.rglob("*_csynth.xml"):
        report.unlink()
    for top in root.rglob("myproject.v"):
        top.write_text(re.sub(r"\(\* CORE_GENERATION_INFO=.*?\*\)", "", top.read_text()))
    if shrunk:
        _shrink_fifo(root, "layer2_out_U", 2)
    run = icarus(root, capsys)
    if not shrunk:
        assert run.rc == 0, run.text
        assert ("RESULT: RTL == firmware, bit-exact, framing correct, timing not checked (no csynth report), "
                "II not worse than with every FIFO deep") in run.out
    else:
        assert run.rc == 1, run.text
        assert re.search(r"ii of sample \d+ is 19 cycles, above the maximum of 11 \(the same RTL with every FIFO "
                         r"deep\)", run.out), run.out


def test_firmware_prints_are_hidden_and_counted_in_a_note(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """hls4ml forks and users' debug code print in the firmware (one real export printed 10,000 lines for two
    samples): the C simulation's standard output is hidden from the log and counted in a note."""
    root = assemble_project("parallel_dense", tmp_path)
    source = root / "firmware" / "myproject.cpp"
    prints = ('#ifndef __SYNTHESIS__\n    std::cout << "hwv-debug: a call" << std::endl;\n'
              '    printf("hwv-debug: printf\\n");\n#endif\n')
    text = source.read_text().replace("    #pragma HLS PIPELINE\n", "    #pragma HLS PIPELINE\n" + prints, 1)
    source.write_text("#include <cstdio>\n#include <iostream>\n" + text)
    capfd.readouterr()
    rc = main(["verify", str(root), "--samples", "20", "--simulator", "icarus"])
    out = capfd.readouterr().out
    assert rc == 0, out
    samples = re.search(r"against the firmware's myproject\(\), (\d+) samples", out)
    assert samples, out
    note = (f"note: the firmware's myproject() (C simulation) printed {2 * int(samples[1])} line(s) to standard "
            "output, not shown (the first: 'hwv-debug: a call')")
    assert note in out and out.count("hwv-debug") == 1, out


def _optimistic_report(root: Path, interval: int) -> None:
    """Lower the interval a streaming project's csynth report claims (HLS's dataflow figures are estimates)."""
    report = root / "myproject_prj" / "solution1" / "syn" / "report" / "myproject_csynth.xml"
    text = re.sub(r"<Interval-(min|max)>\d+</", rf"<Interval-\1>{interval}</", report.read_text())
    report.write_text(text)


def test_an_interval_above_the_estimate_that_deep_fifos_share_blames_a_process(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report whose interval (10) is below what the design's processes take (11): the run with every FIFO deep is
    as slow, so the failure says the FIFOs' depths are not the cause."""
    root = assemble_project("stream_vitis", tmp_path)
    _optimistic_report(root, 10)
    run = icarus(root, capsys)
    assert run.rc == 1, run.text
    assert re.search(r"ii of sample \d+ is 11 cycles, above the maximum of 10 \(csynth report", run.out), run.out
    assert "simulate with every FIFO" in run.out and "the interval is above the report's estimate" in run.out
    assert ("note: interval 11 cycles with every FIFO deep is above the report's estimate 10 (+1, 10.0%): the "
            "FIFOs' depths do not cause it, a process is slower than the report says") in run.out


def test_an_export_copied_in_part_is_named_and_a_complete_copy_used(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A real snapshot (structure_of_apfixed) lacked two processes' files in every RTL directory; the simulator's
    "cannot find module" came after the firmware's compilation. The missing modules are named first, and a
    complete copy of the export is used where there is one."""
    spec = PROJECT_DESIGNS["stream_vivado"]
    root = assemble_project("stream_vivado", tmp_path)
    solution = f"{spec.project_name}_prj/solution1"
    shutil.copytree(root / solution / "syn" / "verilog", root / solution / "impl" / "verilog")
    (root / solution / "syn" / "verilog" / "relu_2.v").unlink()
    run = icarus(root, capsys)
    assert_verified(run)
    assert (f"note: RTL: {solution}/syn/verilog: not used: the export is incomplete: no file there defines relu_2, "
            "which its Verilog instantiates") in run.out
    shutil.rmtree(root / solution / "impl")
    run = icarus(root, capsys)
    assert run.rc == 2 and "the export is incomplete: no file there defines relu_2," in run.err, run.text


#: What Vitis HLS ends an impl/ or IP-package top with (a real hls4ml export of 2023 on): cosimulation's deadlock
#: monitors, included between translate_off and translate_on. Ours stops the simulation after 40 cycles, as the
#: real ones do when they think they see a deadlock, so a run that kept them would fail.
DEADLOCK_MONITOR_TAIL = """
reg find_df_deadlock = 0;
// synthesis translate_off
`include "myproject_hls_deadlock_detector.vh"
// synthesis translate_on

endmodule //myproject
"""
DEADLOCK_MONITOR_VH = """
reg [7:0] dl_cycles = 8'd0;
always @ (posedge ap_clk) begin
    dl_cycles <= dl_cycles + 8'd1;
    if (dl_cycles == 8'd40 && pointwise_conv_1_U0.ap_start == 1'b1) begin
        $display("ERROR!!! DEADLOCK DETECTED at %0t ns! SIMULATION WILL BE STOPPED!", $time);
        find_df_deadlock <= 1'b1;
        $finish;
    end
end
"""


@pytest.mark.parametrize("simulator", ["icarus", pytest.param("verilator", marks=pytest.mark.slow)])
def test_vitis_deadlock_monitor_includes_are_left_out(simulator: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Without the change the build stops at the include (not found where the simulator compiles copies); with
    the include found, the monitor would stop the simulation. Neither is the design: both are left out, and said."""
    root = assemble_project("stream_vitis", tmp_path, layout="ip_package")
    export = root.parent / "export" / "hdl" / "verilog"
    top = export / "myproject.v"
    top.write_text(top.read_text().replace("\nendmodule //myproject\n", DEADLOCK_MONITOR_TAIL))
    (export / "myproject_hls_deadlock_detector.vh").write_text(DEADLOCK_MONITOR_VH)
    run = verify(root, capsys, "--simulator", simulator)
    assert_verified(run)
    assert "left out 1 `include(s) HLS marks simulation-only" in run.out
