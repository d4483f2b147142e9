import os
import re
import shutil
import subprocess
import sys

import pytest

import hwverify
from hwverify.cli import build_parser, main


def test_help_lists_commands_with_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "demo" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    text = capsys.readouterr().out
    assert "Example: hwverify demo" in text and "--samples" in text


def test_unknown_zoo_model_is_exit_code_2(capsys):
    assert main(["demo", "--model", "no_such_model"]) == 2
    assert "no_such_model" in capsys.readouterr().err


def test_options_shared_with_pytest_plugin():
    from hwverify.options import options_for

    demo = build_parser()._subparsers._group_actions[0].choices["demo"]
    flags = {a.option_strings[0] for a in demo._actions if a.option_strings and a.dest.startswith("hwverify_")}
    assert flags == {o.cli_flag for o in options_for("cli")}
    assert {o.name for o in options_for("cli")} <= {o.name for o in options_for("pytest")}


@pytest.mark.slow
def test_demo_runs_end_to_end(capsys, tmp_path):
    results = tmp_path / "demo.json"
    assert main(["demo", "--samples", "200", "--results-json", str(results)]) == 0
    out = capsys.readouterr().out
    assert "RESULT: bit-exact" in out and "test set" in out and "steps:" in out
    from hwverify.report import load_results

    runs = load_results(results).designs[0].latency_runs  # the open flow's per-sample timing, for the histograms
    assert [len(run.latency_cycles) for run in runs] == [230, 230] and len(set(runs[1].latency_cycles)) > 1


def test_verify_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    text = capsys.readouterr().out
    assert "Example: hwverify verify" in text and "--rtl-dir" in text and "--simulator" in text


def _step_lines(out: str) -> dict[str, str]:
    """Finished StepLog steps printed in ``out``: name -> the rest of its line ("1.2 s (note)")."""
    done = re.findall(r"^   (.+?): (\d+\.\d s.*)$", out, flags=re.MULTILINE)
    started = re.findall(r"^-> (.+) \.\.\.$", out, flags=re.MULTILINE)
    steps = [name for name, _ in done if not name.startswith("- ")]  # "- name": a part timed within a step
    assert steps == started, "every started step ends with its time, in order"
    assert "\r" not in out
    return {name.removeprefix("- "): rest for name, rest in done}


@pytest.fixture
def project_with_rtl(tmp_path):
    """A tiny hls4ml project (logits out) with open-flow RTL where Vivado would export it (as in test_project)."""
    from hwverify.model.config import HlsConfig
    from hwverify.model.csim import compile_csim
    from tests.test_project import _add_open_flow_rtl
    from tests.tiny_models import tiny_qkeras_mlp

    compiled = compile_csim(tiny_qkeras_mlp(n_hidden=6, softmax=False), HlsConfig())
    root = tmp_path / "prj"
    shutil.copytree(compiled.project_dir, root, ignore=shutil.ignore_patterns("*.so", "MANIFEST.json"))
    _add_open_flow_rtl(compiled, root)
    return root


def test_verify_prints_a_timed_line_per_step(project_with_rtl, tmp_path, capsys):
    """Icarus, 60 samples: about 10 s warm."""
    results = tmp_path / "results.json"
    assert main(["verify", str(project_with_rtl), "--samples", "60", "--simulator", "icarus",
                 "--results-json", str(results)]) == 0
    steps = _step_lines(capsys.readouterr().out)
    assert list(steps)[:3] == ["compile the firmware's myproject() with hwverify's harness (g++)",
                               "C simulation on 60 samples", "build RTL model (icarus, bulk path)"]
    simulations = [name for name in steps if name.startswith("simulate RTL (icarus")]
    assert simulations == ["simulate RTL (icarus) without and with backpressure, side by side, 60 samples each",
                           "simulate RTL (icarus, no backpressure), 60 samples",
                           "simulate RTL (icarus, random backpressure), 60 samples",
                           "simulate RTL (icarus, one sample at a time), 16 samples"]
    assert "build cached" in steps[simulations[0]]  # the build step built what the runs use
    assert all("rebuilt" not in steps[name] for name in simulations)
    assert steps["check timing"].endswith(
        "(differing samples 0 / 0 / 0 (without / with backpressure, one at a time), 0 framing and 0 timing "
        "violations)")
    from hwverify.report import load_results

    figures = {f.name for f in load_results(results).designs[0].figures}
    assert {f"step: {name}" for name in steps} <= figures


def test_calibrate_fifos_prints_a_timed_line_per_step(tmp_path, capsys):
    """The fifo_pipeline test design in Icarus, one stimulus (two: the next test), --shrink and --html: ~12 s."""
    from tests.fifo.pipeline import DIRECTORY

    out = tmp_path / "fifo_depths.json"
    assert main(["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "4",
                 "--deep-depth", "64", "--simulator", "icarus", "--backpressure", "0", "--shrink", "--out", str(out),
                 "--html", str(tmp_path / "fifo.html")]) == 0
    steps = _step_lines(capsys.readouterr().out)
    assert list(steps) == [
        "calibration run 1/1 (backpressure 0.0, seed 2026, every FIFO deep, 4 samples)",
        "shrink: binary search for smaller depths that still pass",
        "proof run 1/1 at the proposed depths (backpressure 0.0, seed 2026)",
        "proof run 1/1 with the design's own FIFO modules at the proposed depths (backpressure 0.0, seed 2026)",
        "HTML report: occupancy run at the chosen depths",
    ]
    shrink = steps["shrink: binary search for smaller depths that still pass"]
    assert re.fullmatch(r"\d+\.\d s \(\d+ trial\(s\)\)", shrink)
    assert re.fullmatch(r"\d+\.\d s \(\d+ cycles, 3 FIFOs 64 deep\)", steps[list(steps)[0]])
    assert all(steps[name].endswith("(passed)") for name in steps if name.startswith("proof run"))


def test_calibration_one_stimulus_at_a_time_equals_calibrate_fifos():
    """The per-step calibration merges its runs into what one calibrate_fifos call proposes (Icarus, ~10 s)."""
    import io

    from hwverify.fifo.calibration import CalibrationSettings, Stimulus, calibrate_fifos
    from hwverify.flows.calibrate import calibrate_per_stimulus, prove_per_run
    from hwverify.progress import StepLog
    from tests.fifo.pipeline import pipeline_design, pipeline_inputs

    design, codes = pipeline_design(), pipeline_inputs(6, seed=2)
    settings = CalibrationSettings(simulator="icarus", deep_depth=64, margin_words=1,
                                   stimuli=(Stimulus(0.0, 0), Stimulus(0.6, 3)))
    whole = calibrate_fifos(design, codes, settings)
    log = StepLog(stream=io.StringIO())
    stepped = calibrate_per_stimulus(design, codes, settings, log)
    assert (stepped.max_fill, stepped.proposed, stepped.fifos) == (whole.max_fill, whole.proposed, whole.fifos)
    assert [(r.stimulus, r.cycles, r.max_fill) for r in stepped.runs] == \
        [(r.stimulus, r.cycles, r.max_fill) for r in whole.runs]
    assert max(stepped.runs[1].max_fill.values()) > 0 and stepped.max_fill != stepped.runs[0].max_fill
    small = {name: 2 for name in stepped.proposed}  # too shallow for the skip FIFO: a deadlock in every run
    proof = prove_per_run(design, codes, stepped, small, log)
    assert [r.stimulus for r in proof.runs] == [r.stimulus for r in stepped.runs] and not proof.passed
    assert len(log.timings) == 4


@pytest.mark.parametrize(("argv", "message"), [
    (["--sweep-bits", "6,x"], "'x' in '6,x' is not a whole number of bits"),
    (["--sweep-bits", "6,8"], "width(s) 6 leave no fractional bits with 6 integer bits"),
    (["--sweep-bits", "4,8", "--sweep-integer-bits", "4"], "width(s) 4 leave no fractional bits with 4 integer"),
])
def test_bad_sweep_bits_are_exit_code_2_before_any_work(argv, message, capsys):
    assert main(["demo", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "-> train" not in captured.out  # rejected before training


def test_demo_help_documents_the_sweep(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    text = capsys.readouterr().out
    assert "--sweep-bits" in text and "--sweep-integer-bits" in text and "--sweep-bits 8,10,12,16" in text


@pytest.mark.slow
def test_demo_io_stream_calibrates_the_open_dataflow_design(capsys, tmp_path):
    depths, html, results = tmp_path / "fifo_depths.json", tmp_path / "fifos.html", tmp_path / "fifos.json"
    argv = ["demo", "--io-stream", "--model", "iris_mlp", "--frames", "6", "--simulator", "icarus",
            "--fifo-depths", str(depths), "--html", str(html), "--results-json", str(results), "--schedule", "hls4ml"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Open io_stream flow (da4ml dataflow): iris_mlp" in out and "reproduced" in out
    assert "schedule hls4ml: II" in out and "-> as built" in out
    assert "RESULT: C-sim = RTL bit-exact, FIFO depths calibrated and proven" in out
    _step_lines(out)
    from hwverify.fifo import read_fifo_depths
    from hwverify.report import load_results

    assert read_fifo_depths(depths)  # one entry per intermediate stream of the MLP
    (design,) = load_results(results).designs
    assert design.ok and design.fifos and design.fifo_series
    page = html.read_text()
    assert "<svg" in page and "layer" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_demo_io_stream_rejects_zero_frames(capsys):
    assert main(["demo", "--io-stream", "--frames", "0"]) == 2
    assert "n_samples must be at least 1" in capsys.readouterr().err


def _recording_open_flow(monkeypatch: pytest.MonkeyPatch, seen: dict) -> None:
    """Stand-ins for the demo's training, C-sim and open flow; the open flow records what it was given."""
    from types import SimpleNamespace

    import numpy as np

    from hwverify.errors import ConfigError

    reference = SimpleNamespace(loaded_from_cache=True, test_accuracy=1.0, model=SimpleNamespace(input_shape=(None, 4)),
                                data=SimpleNamespace(x_test=np.zeros((2, 4)), x_train=np.ones((3, 4))))

    def open_flow(reference: object, config: object, x: np.ndarray, options: object, **kwargs: object) -> None:
        seen.update(options=options, n_inputs=len(x))
        raise ConfigError("stopped after the options were recorded")

    monkeypatch.setattr("hwverify.model.zoo.load_reference_model", lambda name, variant: reference)
    monkeypatch.setattr("hwverify.flows.demo._compare_csim", lambda *args: [])
    monkeypatch.setattr("hwverify.flows.demo.run_open_flow", open_flow)


@pytest.mark.parametrize("simulator", ["icarus", "verilator"])
def test_demo_simulator_and_seed_reach_the_open_flow_stage(simulator: str, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    seen: dict = {}
    _recording_open_flow(monkeypatch, seen)
    assert main(["demo", "--simulator", simulator, "--seed", "7", "--samples", "5"]) == 2
    options = seen["options"]
    assert (options.simulator, options.seed, seen["n_inputs"]) == (simulator, 7, 2 + 5)
    assert f"open RTL flow: da4ml RTL, {simulator} simulation" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["--io-stream", "--sweep-bits", "8,10"], "--sweep-bits would have no effect with --io-stream"),
    (["--io-stream", "--csim-only", "--samples", "10"], "--csim-only, --samples would have no effect with --io-stream"),
    (["--frames", "3"], "--frames would have no effect without --io-stream; drop it"),
    (["--fifo-depths", "d.json", "--csim-only"], "--fifo-depths would have no effect without --io-stream"),
    (["--schedule", "hls4ml"], "--schedule would have no effect without --io-stream"),
])
def test_demo_refuses_options_that_reach_no_stage(argv: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "-> train" not in captured.out


@pytest.mark.slow
def test_demo_simulates_the_open_flow_in_icarus_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--simulator", "icarus", "--samples", "50"]) == 0
    out = capsys.readouterr().out
    assert "RTL (icarus, no backpressure)" in out and "RTL (icarus, random backpressure)" in out
    assert "verilator" not in out.lower()


def test_version_and_python_dash_m(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == f"hwverify {hwverify.__version__}"
    result = subprocess.run([sys.executable, "-m", "hwverify", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"hwverify {hwverify.__version__}"


def test_help_shows_value_placeholders_not_internal_names(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    text = capsys.readouterr().out
    assert "--seed N" in text and "--cache-dir DIR" in text
    assert "--seed HWVERIFY" not in text and "--cache-dir HWVERIFY" not in text


def test_importing_tensorflow_after_hwverify_prints_no_error_lines() -> None:
    """TensorFlow's C++ logging ("Unable to register cuDNN factory" at error level) is quiet once hwverify is
    imported; a user's own TF_CPP_MIN_LOG_LEVEL still wins."""
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    code = "import hwverify, tensorflow"
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert not [line for line in quiet.stderr.splitlines() if "] " in line and " E " in line], quiet.stderr
    loud = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**env, "TF_CPP_MIN_LOG_LEVEL": "0"})
    assert "tensorflow/" in loud.stderr  # the check above can fail: TensorFlow does log when asked to
