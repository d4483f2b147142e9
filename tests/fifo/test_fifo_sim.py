"""FIFO monitoring, calibration, proof and deadlock diagnosis in real simulations (Icarus; one Verilator test).

The fifo_pipeline design (rtl_sim/designs/fifo_pipeline/) counts every FIFO's words from its handshakes
in its own scoreboard: the independent count the HDL monitor must match. Runtime with Icarus: about
40 s on 2 cores (each Icarus build about 1 s, each run 1-2 s); the slow Verilator test adds about 30 s cold.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hwverify.checks.fifo import check_fifo_depths
from hwverify.cli import main
from hwverify.errors import SimulationStalled, ToolNotFound
from hwverify.fifo.calibration import (
    CalibrationSettings,
    Stimulus,
    calibrate_fifos,
    measure_fifo_occupancy,
    prove_fifo_depths,
    storage_saving,
)
from hwverify.fifo.depths import fifo_depths_for, read_fifo_depths, variable_depths, write_fifo_depths
from hwverify.fifo.diagnosis import FifoDeadlock
from hwverify.fifo.monitor import resize_fifos
from hwverify.sim.fifos import find_fifo_instances
from hwverify.sim.simulate import SimOptions
from hwverify.sources.design import RtlDesign
from tests.fifo.pipeline import (
    DIRECTORY,
    SKIP_FIFO,
    pipeline_design,
    pipeline_inputs,
    pipeline_reference,
    read_scoreboard,
)
from tests.rtl.designs import STREAM_VIVADO

SETTINGS = CalibrationSettings(simulator="icarus", deep_depth=256, watchdog_cycles=300,
                               stimuli=(Stimulus(0.0, 0), Stimulus(0.5, 1)))


@pytest.fixture(autouse=True)
def _skip_without_simulator() -> None:
    from hwverify.tools import require_icarus  # noqa: PLC0415

    try:
        require_icarus()
    except ToolNotFound as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def calibration():  # type: ignore[no-untyped-def]
    """The pipeline calibrated once (Icarus, deep 256, no backpressure and 0.5 backpressure)."""
    return calibrate_fifos(pipeline_design(), pipeline_inputs(20), SETTINGS)


@pytest.mark.parametrize("backpressure", [0.0, 0.5])
def test_monitor_matches_the_designs_handshake_scoreboard(tmp_path: Path, backpressure: float) -> None:
    design = pipeline_design()
    codes = pipeline_inputs(12, seed=3)
    occupancy = measure_fifo_occupancy(design, codes, SimOptions(simulator="icarus", seed=5, work_dir=tmp_path,
                                                                 output_backpressure=backpressure),
                                       series_every_cycles=7)
    np.testing.assert_array_equal(occupancy.result.output_codes, pipeline_reference(codes))
    assert dict(occupancy.max_fill) == read_scoreboard(tmp_path)
    assert occupancy.max_fill[SKIP_FIFO] >= 8  # it must hold a frame
    series = occupancy.record.series
    assert series.shape[0] >= occupancy.record.cycles // 7 and (occupancy.record.series_cycles % 7 == 0).all()
    assert (series.max(axis=0) <= [occupancy.max_fill[f.name] for f in occupancy.fifos]).all()


def test_calibration_finds_the_true_maximum_of_every_run(tmp_path: Path, calibration) -> None:  # type: ignore[no-untyped-def]
    design, codes = pipeline_design(), pipeline_inputs(20)
    deep = {f.name: SETTINGS.deep_depth for f in calibration.fifos}
    truth: dict[str, int] = {}
    for index, run in enumerate(calibration.runs):
        work = tmp_path / str(index)
        measure_fifo_occupancy(design, codes, SimOptions(simulator="icarus", work_dir=work, seed=run.stimulus.seed,
                                                         output_backpressure=run.stimulus.output_backpressure), deep)
        truth = {name: max(truth.get(name, 0), value) for name, value in read_scoreboard(work).items()}
        np.testing.assert_array_equal(run.output_codes, pipeline_reference(codes))
    assert dict(calibration.max_fill) == truth
    assert calibration.proposed == {name: max(2, peak + 1) for name, peak in truth.items()}


def test_undersized_skip_fifo_deadlocks_and_the_diagnosis_names_it(calibration) -> None:  # type: ignore[no-untyped-def]
    depths = {**calibration.proposed, SKIP_FIFO: 4}
    with pytest.raises(FifoDeadlock) as caught:
        measure_fifo_occupancy(pipeline_design(), pipeline_inputs(4), SimOptions(simulator="icarus",
                                                                                 watchdog_cycles=300), depths)
    diagnosis = caught.value.diagnosis
    assert isinstance(caught.value, SimulationStalled)
    assert [f.fifo for f in diagnosis.full_fifos] == [SKIP_FIFO]
    assert ("clone_1_U0", "writing", SKIP_FIFO) in {(b.process, b.action, b.fifo) for b in diagnosis.blocked}
    assert "reverse_2_U0 is blocked reading layer1_cpy1_V_data_0_V_U" in str(caught.value)


def test_calibrated_depths_resimulate_identically_and_an_undersized_set_fails(calibration) -> None:  # type: ignore[no-untyped-def]
    design, codes = pipeline_design(), pipeline_inputs(20)
    proof = prove_fifo_depths(design, codes, calibration)
    assert proof.passed, proof.describe()
    assert all(run.identical_outputs and run.throughput_ratio >= 0.9 for run in proof.runs)
    bad = prove_fifo_depths(design, codes, calibration, {**calibration.proposed, SKIP_FIFO: 4})
    assert not bad.passed and all(run.deadlock is not None for run in bad.runs)
    saving = storage_saving(calibration.fifos, calibration.proposed)
    assert saving.initial_bits == (8 + 16 + 4) * 16
    assert saving.optimized_bits == sum(calibration.proposed.values()) * 16


def test_proof_catches_lost_throughput_and_different_outputs(calibration) -> None:  # type: ignore[no-untyped-def]
    design, codes = pipeline_design(), pipeline_inputs(20)
    strict = replace(calibration, settings=replace(calibration.settings, throughput_fraction_min=0.95))
    slow = prove_fifo_depths(design, codes, strict, {**calibration.proposed, "layer2_out_V_data_0_V_U": 2})
    assert not slow.passed and min(run.throughput_ratio for run in slow.runs) < 0.95
    assert all(run.identical_outputs and run.deadlock is None for run in slow.runs)
    first = calibration.runs[0]
    altered = first.output_codes.copy()
    altered[3, 5] += 1
    wrong = replace(calibration, runs=(replace(first, output_codes=altered),))
    proof = prove_fifo_depths(design, codes, wrong)
    assert not proof.passed and not proof.runs[0].identical_outputs


def test_fifo_depths_json_round_trip_reproduces_the_depths(tmp_path: Path, calibration) -> None:  # type: ignore[no-untyped-def]
    design, codes = pipeline_design(), pipeline_inputs(20)
    path = write_fifo_depths(tmp_path / "fifo_depths.json", calibration.variables())
    applied = resize_fifos(design, calibration.fifos, fifo_depths_for(calibration.fifos, read_fifo_depths(path)))
    assert {f.name: f.depth for f in find_fifo_instances(applied.top, applied.sources)} == calibration.proposed
    again = calibrate_fifos(applied, codes, SETTINGS)
    assert again.proposed == calibration.proposed
    assert {v.variable: v.optimized for v in again.variables()} == {
        v.variable: v.optimized for v in variable_depths(calibration.fifos, calibration.proposed)}
    assert check_fifo_depths(again.fifos, again.max_fill, max_ratio=1.0) == []


def test_check_catches_the_shipped_pipelines_undersized_fifo(calibration) -> None:  # type: ignore[no-untyped-def]
    violations = check_fifo_depths(calibration.fifos, calibration.max_fill, max_ratio=4.0)
    assert ("layer2_out_V_data_0_V_U", "undersized") in {(v.fifo, v.kind) for v in violations}


def test_calibration_of_stream_vivado() -> None:
    design = RtlDesign.single(top=STREAM_VIVADO.top, sources=STREAM_VIVADO.sources, data_files=STREAM_VIVADO.data_files,
                       input_type=STREAM_VIVADO.input_type, output_type=STREAM_VIVADO.output_type,
                       n_inputs=STREAM_VIVADO.n_inputs, n_outputs=STREAM_VIVADO.n_outputs)
    codes = np.random.default_rng(0).integers(-2000, 2000, size=(6, STREAM_VIVADO.n_inputs))
    calibration = calibrate_fifos(design, codes, CalibrationSettings(simulator="icarus", deep_depth=64))
    for run in calibration.runs:
        np.testing.assert_array_equal(run.output_codes, STREAM_VIVADO.reference(codes))
    assert len(calibration.fifos) == 8 and all(1 <= calibration.max_fill[f.name] < 64 for f in calibration.fifos)
    assert {v.variable for v in calibration.variables()} == {"layer2_out", "layer3_out"}
    oversized = {v.fifo for v in check_fifo_depths(calibration.fifos, calibration.max_fill) if v.kind == "oversized"}
    assert oversized == {f"layer3_out_V_data_{c}_V_U" for c in range(3)}  # depth 16 where max + 1 is 2
    proof = prove_fifo_depths(design, codes, calibration)
    assert proof.passed, proof.describe()


def test_cli_writes_fifo_depths_json_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fifo_depths.json"
    assert main(["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "10",
                 "--deep-depth", "128", "--simulator", "icarus", "--out", str(out),
                 "--html", str(tmp_path / "fifo.html")]) == 0
    assert set(json.loads(out.read_text())) == {"layer1_cpy1", "layer1_cpy2", "layer2_out"}
    html = (tmp_path / "fifo.html").read_text()
    assert "layer2_out" in html and "<svg" in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "RESULT: proposed FIFO depths pass" in capsys.readouterr().out


def test_cli_reports_bad_input_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate-fifos", str(tmp_path), "--n-inputs", "8", "--n-outputs", "8", "--random", "2"]) == 2
    assert "no Verilog files" in capsys.readouterr().err
    assert main(["calibrate-fifos", str(DIRECTORY), "--random", "2"]) == 2
    assert "--n-inputs and --n-outputs are needed" in capsys.readouterr().err


def test_hwverify_command_has_calibrate_fifos(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calibrate-fifos", "--help"])
    assert "Example: hwverify calibrate-fifos my_hls4ml_prj" in capsys.readouterr().out


@pytest.mark.slow
def test_monitor_matches_the_scoreboard_on_verilator(tmp_path: Path) -> None:
    try:
        occupancy = measure_fifo_occupancy(pipeline_design(), pipeline_inputs(12, seed=3),
                                           SimOptions(simulator="verilator", seed=5, work_dir=tmp_path,
                                                      output_backpressure=0.5))
    except ToolNotFound as error:
        pytest.skip(str(error))
    assert dict(occupancy.max_fill) == read_scoreboard(tmp_path)


FIFO_FIXTURE_TEST = """
import pytest
from tests.fifo.pipeline import pipeline_design, pipeline_inputs


@pytest.mark.hwverify_fifo(max_ratio=4.0, deep_depth=128)
def test_fifo_depths(fifo_depth_check):
    fifo_depth_check(pipeline_design(), pipeline_inputs(10))
"""


def test_fifo_depth_fixture_flags_the_undersized_fifo(pytester: pytest.Pytester) -> None:
    """The pipeline's own layer2_out FIFO (depth 4) held 6 words: the fixture must fail naming it."""
    pytester.makepyfile(test_user=FIFO_FIXTURE_TEST)
    repo = Path(__file__).resolve().parents[2]
    pytester.makeconftest(f"import sys; sys.path.insert(0, {str(repo)!r})")
    result = pytester.runpytest_subprocess("-q", "--hwverify-simulator", "icarus", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*layer2_out*is undersized*"])
