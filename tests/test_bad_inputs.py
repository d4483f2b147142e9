"""Every bad input is exit code 2 with one line naming the culprit and what to do, never a traceback, and leaves
no cache entry behind; an unexpected exception is exit code 3 (a bug), its traceback shown only with --debug.

Each case goes through the command a user types (``hwverify.cli.main``), with the cache pointed at an empty
directory. The Python API raises the typed errors these messages come from (the last section). Icarus, small
designs; about 20 s in all.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from hwverify.cli import main
from hwverify.errors import ConfigError
from tests.projects import assemble_project

TB_DATA = Path("tb_data") / "tb_input_features.dat"


@dataclass(frozen=True)
class Outcome:
    """What one command did: exit code, stdout, stderr."""

    rc: int
    out: str
    err: str

    @property
    def message(self) -> str:
        """The one line on stderr (fails the test when there are more, or a traceback)."""
        lines = self.err.strip().splitlines()
        assert "Traceback" not in self.err and len(lines) == 1, self.err
        return lines[0]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache for this test (restored afterwards, whatever ``--cache-dir`` set)."""
    root = tmp_path / "cache"
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(root))
    return root


@pytest.fixture
def run(cache: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """``run(*argv)``: the ``hwverify`` command, its exit code (argparse's too) and output."""

    def command(*argv: str) -> Outcome:
        capsys.readouterr()
        try:
            rc = main(list(argv))
        except SystemExit as exit_info:
            rc = int(exit_info.code or 0)
        captured = capsys.readouterr()
        return Outcome(rc, captured.out, captured.err)

    return command


def cache_entries(cache: Path) -> list[Path]:
    """Finished cache entries (a manifest each) under ``cache``."""
    return sorted(cache.rglob("MANIFEST.json")) if cache.exists() else []


def assert_bad_input(outcome: Outcome, *names: str, cache: Path) -> str:
    """Exit code 2, one line on stderr naming every one of ``names``, nothing cached; returns the line."""
    assert outcome.rc == 2, outcome.out + outcome.err
    line = outcome.message
    for name in names:
        assert name in line, line
    assert cache_entries(cache) == [], "a refused input must leave nothing in the cache"
    return line


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The io_parallel test project (4 inputs a sample)."""
    return assemble_project("parallel_dense", tmp_path / "p")


def icarus_verify(project: Path, *options: str) -> tuple[str, ...]:
    """``verify`` argv on Icarus."""
    return ("verify", str(project), "--simulator", "icarus", "--samples", "10", *options)


# ---------------------------------------------------------------------------------------------------------
# verify: the project, its tb_data, the options
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "names"), [
    ("1 2 3 4 5\n1 2 3 4 5\n", ("tb_input_features.dat has 5 values per sample", "take 4")),
    ("1 2 3 4\n1 2 3\n", ("tb_input_features.dat, line 2: 3 values where the first row has 4",
                          "needs the same number")),
    ("1 2 3 4\n1 2 x 4\n", ("tb_input_features.dat, line 2: not a row of numbers", "separated by spaces")),
    ("1 2 3 4\n1 nan 3 4\n", ("tb_input_features.dat: sample 1, element 1 is nan", "must be finite")),
    ("1 2 3 4\n1 2 -inf 4\n", ("sample 1, element 2 is -inf",)),
    ("1 2 3 4\n1e300 2 3 4\n", ("input sample 1, element 0 is 1e+300", "give inputs within the input type's range")),
    ("\n\n", ("tb_input_features.dat holds no samples",)),
])
def test_malformed_tb_data(rows: str, names: tuple[str, ...], project: Path, run: Callable[..., Outcome],
                           cache: Path) -> None:
    (project / TB_DATA).write_text(rows)
    assert_bad_input(run(*icarus_verify(project)), *names, cache=cache)


@pytest.mark.parametrize(("options", "names"), [
    (("--samples", "-5"), ("argument --samples", "must not be negative, got -5", "hwverify verify --help")),
    (("--samples", "many"), ("argument --samples", "'auto', got 'many'")),
    (("--frames", "-1"), ("--frames must be a positive number, got -1",)),
    (("--jobs", "0"), ("--jobs must be at least 1", "got 0")),
    (("--watchdog-cycles", "0"), ("--watchdog-cycles must be a positive number, got 0",)),
    (("--simulator", "modelsim"), ("argument --simulator: invalid choice: 'modelsim'",)),
    (("--path", "fast"), ("argument --path: invalid choice: 'fast'",)),
])
def test_bad_verify_options(options: tuple[str, ...], names: tuple[str, ...], project: Path,
                            run: Callable[..., Outcome], cache: Path) -> None:
    assert_bad_input(run("verify", str(project), "--simulator", "icarus", *options), *names, cache=cache)


def test_samples_zero_without_tb_data_means_no_inputs(tmp_path: Path, run: Callable[..., Outcome],
                                                       cache: Path) -> None:
    root = assemble_project("parallel_dense", tmp_path / "p", tb_data=False)
    line = assert_bad_input(run("verify", str(root), "--simulator", "icarus", "--samples", "0"), cache=cache)
    assert "no inputs" in line and "pass --samples N or --inputs FILE" in line


@pytest.mark.parametrize(("write", "names"), [
    (None, ("input file", "x.npy does not exist")),
    (lambda p: np.save(p, np.zeros((3, 5))), ("x.npy has 5 values per sample; the firmware's inputs take 4",)),
    (lambda p: p.write_bytes(b"not numpy"), ("cannot read", "x.npy as a .npy array")),
    (lambda p: np.save(p, np.full((2, 4), np.inf)), ("x.npy: sample 0, element 0 is inf",)),
])
def test_bad_inputs_file(write: Callable[[Path], None] | None, names: tuple[str, ...], project: Path,
                         tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    inputs = tmp_path / "x.npy"
    if write is not None:
        write(inputs)
    assert_bad_input(run(*icarus_verify(project, "--inputs", str(inputs))), *names, cache=cache)


def test_missing_project_and_rtl_directories(tmp_path: Path, project: Path, run: Callable[..., Outcome],
                                             cache: Path) -> None:
    missing = tmp_path / "nowhere"
    assert_bad_input(run(*icarus_verify(missing)), str(missing), "does not exist", cache=cache)
    (tmp_path / "empty").mkdir()
    assert_bad_input(run(*icarus_verify(tmp_path / "empty")), "has no firmware/ folder", "Pass the directory",
                     cache=cache)
    outcome = run(*icarus_verify(project, "--rtl-dir", str(missing)))
    assert outcome.rc == 2 and str(missing) in outcome.err and cache_entries(cache) == []


def test_duplicate_module_definitions_name_both_files(project: Path, run: Callable[..., Outcome],
                                                      cache: Path) -> None:
    rtl = next(project.rglob("syn/verilog"))
    shutil.copy(rtl / "myproject.v", rtl / "myproject_copy.v")
    line = assert_bad_input(run(*icarus_verify(project)), "module myproject is defined twice", "myproject.v",
                            "myproject_copy.v", cache=cache)
    assert "remove the one that does not belong" in line


#: The top of parallel_dense with its input array exported as a block-RAM port (ap_memory), as HLS writes one
#: when the array is not reshaped; the ports are all that interface recognition reads.
AP_MEMORY_TOP = """`timescale 1 ns / 1 ps
module myproject (ap_clk, ap_rst, ap_start, ap_done, ap_idle, ap_ready,
        fc1_input_V_address0, fc1_input_V_ce0, fc1_input_V_q0,
        layer13_out_0_V, layer13_out_0_V_ap_vld, layer13_out_1_V, layer13_out_1_V_ap_vld,
        layer13_out_2_V, layer13_out_2_V_ap_vld);
input ap_clk; input ap_rst; input ap_start; output ap_done; output ap_idle; output ap_ready;
output [1:0] fc1_input_V_address0; output fc1_input_V_ce0; input [15:0] fc1_input_V_q0;
output [15:0] layer13_out_0_V; output layer13_out_0_V_ap_vld; output [15:0] layer13_out_1_V;
output layer13_out_1_V_ap_vld; output [15:0] layer13_out_2_V; output layer13_out_2_V_ap_vld;
endmodule
"""


def test_a_top_with_an_ap_memory_array_names_it(project: Path, run: Callable[..., Outcome], cache: Path) -> None:
    (next(project.rglob("syn/verilog")) / "myproject.v").write_text(AP_MEMORY_TOP)
    outcome = run(*icarus_verify(project))  # the RTL directories tried, one line each, then what to do
    assert outcome.rc == 2 and "Traceback" not in outcome.err and cache_entries(cache) == []
    for name in ("ap_memory array fc1_input_V", "fc1_input_V_address0, fc1_input_V_ce0, fc1_input_V_q0",
                 "hwverify drives io_parallel"):
        assert name in outcome.err, outcome.err


@pytest.mark.parametrize("flag", ["--html", "--results-json"])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(flag: str, project: Path, tmp_path: Path,
                                                                     run: Callable[..., Outcome],
                                                                     cache: Path) -> None:
    (tmp_path / "afile").write_text("")
    target = tmp_path / "afile" / "out"
    assert_bad_input(run(*icarus_verify(project, flag, str(target))), flag, str(target), cache=cache)


def _path_without(tool: str, directory: Path) -> str:
    """A PATH of one directory holding every program of the current PATH but ``tool``."""
    directory.mkdir()
    for entry in os.environ["PATH"].split(os.pathsep):
        for program in (Path(entry).iterdir() if Path(entry).is_dir() else ()):
            target = directory / program.name
            if program.name != tool and not target.exists() and os.access(program, os.X_OK):
                target.symlink_to(program)
    return str(directory)


def test_missing_make_is_a_missing_tool_for_verilator(project: Path, tmp_path: Path, run: Callable[..., Outcome],
                                                      cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_without("make", tmp_path / "bin"))
    line = assert_bad_input(run("verify", str(project), "--samples", "10"), "make was not found on PATH",
                            "building Verilator models", "apt-get install make", cache=cache)
    assert "Icarus" in line


# ---------------------------------------------------------------------------------------------------------
# calibrate-fifos
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def rtl_dir(tmp_path: Path) -> Path:
    """A bare directory of exported Verilog (the io_stream test design)."""
    project = assemble_project("stream_vitis", tmp_path / "s")
    return next(project.rglob("syn/verilog"))


def test_calibrate_fifos_on_a_missing_directory(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    missing = tmp_path / "nowhere"
    assert_bad_input(run("calibrate-fifos", str(missing), "--random", "3"), str(missing), "does not exist",
                     cache=cache)


def test_calibrate_fifos_on_a_design_without_fifos(project: Path, run: Callable[..., Outcome], cache: Path) -> None:
    line = assert_bad_input(run("calibrate-fifos", str(project), "--random", "2", "--simulator", "icarus"),
                            "design 'myproject' has no FIFOs to calibrate", "fifo_w<W>_d<D>_A/_S", cache=cache)
    assert "io_parallel" in line and "custom_fifos" in line


@pytest.mark.parametrize(("options", "names"), [
    (("--input-type", "ap_fixed<16>"), ("cannot parse fixed-point type 'ap_fixed<16>'", "e.g. 'ap_fixed<16,6>'")),
    (("--output-type", "ap_fixed<a,b>"), ("cannot parse fixed-point type 'ap_fixed<a,b>'",)),
    (("--input-type", "ap_fixed<16,6,NEAREST>"), ("unknown rounding mode 'NEAREST'",)),
    (("--random", "0"), ("--random needs at least 1 sample, got 0",)),
    (("--simulator", "vcs"), ("argument --simulator: invalid choice: 'vcs'",)),
    # refused as the command line is read, before any simulation, naming the flag (not a setting's field)
    (("--backpressure", "1.5"), ("argument --backpressure: expected a probability in [0, 1), got '1.5'",)),
    (("--throughput-min", "0"), ("argument --throughput-min: expected a fraction in (0, 1], got '0'",)),
    (("--deep-depth", "1"), ("argument --deep-depth: expected a depth of at least 2, got '1'",)),
    (("--margin-words", "-1"), ("argument --margin-words",)),
    (("--margin-fraction", "nan"), ("argument --margin-fraction",)),
    (("--backpressure-seeds", "0"), ("argument --backpressure-seeds: expected at least 1 seed, got '0'",)),
])
def test_bad_calibrate_options(options: tuple[str, ...], names: tuple[str, ...], rtl_dir: Path,
                               run: Callable[..., Outcome], cache: Path) -> None:
    argv = ["calibrate-fifos", str(rtl_dir), "--n-inputs", "18", "--n-outputs", "18", "--simulator", "icarus"]
    argv += ["--random", "3"] if "--random" not in options else []
    assert_bad_input(run(*argv, *options), *names, cache=cache)


def test_calibrate_inputs_must_be_integer_codes(rtl_dir: Path, tmp_path: Path, run: Callable[..., Outcome],
                                                cache: Path) -> None:
    np.save(tmp_path / "x.npy", np.zeros((2, 18)))
    outcome = run("calibrate-fifos", str(rtl_dir), "--n-inputs", "18", "--n-outputs", "18", "--simulator", "icarus",
                  "--inputs", str(tmp_path / "x.npy"))
    assert_bad_input(outcome, "x.npy holds float64 values", "integer codes", cache=cache)


def test_calibrate_refuses_rtl_directory_options_for_a_project(tmp_path: Path, run: Callable[..., Outcome],
                                                               cache: Path) -> None:
    project = assemble_project("stream_vitis", tmp_path / "s")
    outcome = run("calibrate-fifos", str(project), "--random", "3", "--simulator", "icarus", "--top", "other",
                  "--input-type", "ap_fixed<8,3>")
    assert_bad_input(outcome, "--top, --input-type", "is an hls4ml project", "drop these options", cache=cache)


def test_calibrate_on_a_directory_without_verilog(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    outcome = run("calibrate-fifos", str(tmp_path), "--n-inputs", "2", "--n-outputs", "2", "--random", "3",
                  "--simulator", "icarus")
    assert_bad_input(outcome, f"no Verilog files (*.v, *.sv) in {tmp_path}", cache=cache)
    outcome = run("calibrate-fifos", str(tmp_path), "--random", "3", "--simulator", "icarus")
    assert_bad_input(outcome, "--n-inputs and --n-outputs are needed", cache=cache)


# ---------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------

def _results_file(tmp_path: Path) -> Path:
    from hwverify.report.results import Check, DesignResult, Results

    results = Results("verify", "2026-12-01", "hwverify verify", (DesignResult("d", (Check("c", "pass", "1", "1"),)),))
    return results.write(tmp_path / "results.json")


@pytest.mark.parametrize(("edit", "names"), [
    (lambda text: text.replace('"name": "d"', '"nom": "d"'), ("results.json", "results.designs[0].name is missing",
                                                               "write it again with --results-json")),
    (lambda text: text.replace('"status": "pass"', '"status": 3'), ("results.designs[0].checks[0].status should be str",)),
    (lambda text: text[: len(text) // 2], ("results.json is not valid JSON",)),
    (lambda text: text.replace("hwverify-results/1", "hwverify-results/9"), ("has format 'hwverify-results/9'",)),
    (lambda text: "[1, 2]", ("has format None", "hwverify-results/1")),
])
def test_malformed_results_file(edit: Callable[[str], str], names: tuple[str, ...], tmp_path: Path,
                                run: Callable[..., Outcome], cache: Path) -> None:
    path = _results_file(tmp_path)
    path.write_text(edit(path.read_text()))
    assert_bad_input(run("report", str(path), "-o", str(tmp_path / "r.html")), *names, cache=cache)
    assert not (tmp_path / "r.html").exists()


def test_file_of_another_format(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    """The plugin's old run report (hwverify-report/1) is no longer a format of its own: named, not guessed."""
    path = tmp_path / "run.json"
    path.write_text('{"format": "hwverify-report/1", "bounds": [{"design": "d", "bound": "b"}]}')
    assert_bad_input(run("report", str(path)), "run.json", "format 'hwverify-report/1'", "hwverify-results/1",
                     cache=cache)


def test_missing_results_file(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    assert_bad_input(run("report", str(tmp_path / "nope.json")), "nope.json does not exist",
                     "write one with --results-json", cache=cache)


# ---------------------------------------------------------------------------------------------------------
# demo (refused before any training)
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "names"), [
    (("--model", "no_such_model"), ("no_such_model",)),
    (("--variant", "tiny"), ("argument --variant: invalid choice: 'tiny'",)),
    (("--sweep-bits", "6,x"), ("'x' in '6,x' is not a whole number of bits",)),
    (("--io-stream", "--frames", "0"), ("n_samples must be at least 1",)),
    (("--frames", "3"), ("--frames would have no effect without --io-stream",)),
])
def test_bad_demo_options(argv: tuple[str, ...], names: tuple[str, ...], run: Callable[..., Outcome],
                          cache: Path) -> None:
    outcome = run("demo", *argv)
    assert_bad_input(outcome, *names, cache=cache)
    assert "-> train" not in outcome.out


# ---------------------------------------------------------------------------------------------------------
# A bug is exit code 3, with its traceback only under --debug
# ---------------------------------------------------------------------------------------------------------

def _raise_a_bug(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("hwverify divided by zero")


def test_an_unexpected_exception_is_exit_code_3_in_one_line(project: Path, run: Callable[..., Outcome],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hwverify.cli.verify_project", _raise_a_bug)
    outcome = run(*icarus_verify(project))
    assert outcome.rc == 3
    assert outcome.message == ("hwverify: internal error (a bug in hwverify, please report it): ZeroDivisionError: "
                               "hwverify divided by zero; run again with --debug for the traceback")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(where: str, project: Path, run: Callable[..., Outcome],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hwverify.cli.verify_project", _raise_a_bug)
    argv = ["--debug", *icarus_verify(project)] if where == "before" else [*icarus_verify(project), "--debug"]
    outcome = run(*argv)
    assert outcome.rc == 3 and "Traceback (most recent call last)" in outcome.err and "_raise_a_bug" in outcome.err
    outcome = run(*argv[:-2], "--samples", "-5") if where == "after" else run("--debug", "report", "/nope.json")
    assert outcome.rc == 2


def test_debug_shows_the_traceback_of_a_bad_input_too(run: Callable[..., Outcome], tmp_path: Path) -> None:
    outcome = run("report", str(tmp_path / "nope.json"), "--debug")
    assert outcome.rc == 2 and "Traceback" in outcome.err and "ConfigError" in outcome.err
    assert outcome.err.strip().splitlines()[-1].startswith("hwverify: error: results file")


# ---------------------------------------------------------------------------------------------------------
# The Python API raises the typed errors
# ---------------------------------------------------------------------------------------------------------

def test_api_raises_typed_errors(tmp_path: Path) -> None:
    from hwverify.checks.bounds import load_design_bounds
    from hwverify.fixed import FixedType
    from hwverify.flows.verify_project import VerifyOptions
    from hwverify.model.inputs import read_sample_file, require_finite
    from hwverify.report import load_results

    with pytest.raises(ConfigError, match=r"'ap_fixed<16>': ap_fixed needs a whole-number width and integer bits"):
        FixedType.parse("ap_fixed<16>")
    with pytest.raises(ConfigError, match=r"--samples must be a positive number, got -5"):
        VerifyOptions(samples=-5)
    with pytest.raises(ConfigError, match=r"sample 0, element 1 is nan"):
        require_finite(np.array([[0.0, np.nan]]), "x")
    (tmp_path / "rows.dat").write_text("1 2\n3\n")
    with pytest.raises(ConfigError, match=r"rows.dat, line 2: 1 values where the first row has 2"):
        read_sample_file(tmp_path / "rows.dat")
    (tmp_path / "pyproject.toml").write_text("[tool.hwverify.design.x]\nii_cycles_max = 1\n")
    with pytest.raises(ConfigError, match=r"unknown key 'design'"):
        load_design_bounds(tmp_path / "pyproject.toml")
    (tmp_path / "r.json").write_text('{"format": "hwverify-results/1"}')
    with pytest.raises(ConfigError, match=r"r.json: results file: results.title is missing"):
        load_results(tmp_path / "r.json")


# ---------------------------------------------------------------------------------------------------------
# A tool that fails: code 2, the log's tail, the whole log kept, nothing half-built in the cache
# ---------------------------------------------------------------------------------------------------------

def test_rtl_that_does_not_compile_keeps_the_build_log(project: Path, run: Callable[..., Outcome],
                                                       cache: Path) -> None:
    rtl = next(project.rglob("syn/verilog"))
    (rtl / "broken.v").write_text("module broken(input wire a);\n  assign = a;\nendmodule\n")
    outcome = run(*icarus_verify(project))
    assert outcome.rc == 2 and "Traceback" not in outcome.err
    assert "hwverify: error: icarus build of hwv_bulk_clock failed with exit status 1 (full log: " in outcome.err
    kept = Path(outcome.err.split("(full log: ")[1].split(")")[0])
    assert kept.parent == cache / "failed" and "broken.v" in kept.read_text()
    assert not list(cache.glob("rtl_builds/*/MANIFEST.json")) and not list(cache.glob("rtl_builds/*/"))


# ---------------------------------------------------------------------------------------------------------
# build-rtl (refused before any conversion)
# ---------------------------------------------------------------------------------------------------------

def test_build_rtl_of_a_missing_model_file(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    outcome = run("build-rtl", str(tmp_path / "nope.h5"), "--out", str(tmp_path / "prj"))
    assert_bad_input(outcome, "model file", "nope.h5", "does not exist", cache=cache)
    assert not (tmp_path / "prj").exists()


def test_build_rtl_of_a_file_that_is_not_a_model(tmp_path: Path, run: Callable[..., Outcome], cache: Path) -> None:
    (tmp_path / "notes.h5").write_text("not HDF5")
    outcome = run("build-rtl", str(tmp_path / "notes.h5"), "--out", str(tmp_path / "prj"))
    assert_bad_input(outcome, "notes.h5", "could not be loaded as a Keras model", cache=cache)


def test_build_rtl_never_writes_into_a_directory_that_holds_files(tmp_path: Path, run: Callable[..., Outcome],
                                                                   cache: Path) -> None:
    from tests.tiny_models import tiny_qkeras_mlp

    tiny_qkeras_mlp().save(tmp_path / "model.h5")
    out = tmp_path / "work"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    outcome = run("build-rtl", str(tmp_path / "model.h5"), "--out", str(out))
    assert_bad_input(outcome, "--out", str(out), "not an empty directory", cache=cache)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]
