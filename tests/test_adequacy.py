"""Stimulus adequacy: single faults injected into the firmware's weights (read at run time, no recompile), the
fraction the samples detect, and ``verify --samples auto --adequacy T`` choosing the count."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from hwverify.checks.adequacy import Adequacy, choose_sample_count, measure_adequacy
from hwverify.checks.bounds import Bounds, Measurements, check_bound
from hwverify.cli import main
from hwverify.errors import ConfigError
from hwverify.flows.build_rtl import build_rtl_project
from hwverify.flows.verify_project import firmware_inputs, value_grids
from hwverify.fixed import FixedType
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.directed_inputs import boundary_events, select_directed
from hwverify.model.mutants import mutant_runner, sample_faults
from hwverify.progress import StepLog
from hwverify.sources.project import HlsProject, compile_project_csim, project_design, project_weight_arrays
from hwverify.sources.stimulus import make_stimulus
from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("adequacy") / "tiny_prj"
    build_rtl_project(tiny_qkeras_mlp(seed=7, softmax=False), HlsConfig(), out, StepLog(stream=io.StringIO()))
    return out


def _random_bits(project: HlsProject, n: int, seed: int) -> list[np.ndarray]:
    design = project_design(project)
    stimulus = make_stimulus(design.inputs, value_grids(project, design), None, None, n, seed)
    return firmware_inputs(design, stimulus.codes)


def test_a_fault_changes_the_firmware_without_a_recompile_and_the_unchanged_copy_does_not(tiny_project: Path) -> None:
    project = HlsProject.open(tiny_project)
    csim, arrays = compile_project_csim(project), project_weight_arrays(project)
    assert [(a.name, a.layer, a.size) for a in arrays] == [("w2", "fc1", 32), ("b2", "fc1", 8), ("w5", "logits", 24),
                                                           ("b5", "logits", 3)]
    weights = tiny_project / "firmware" / "weights"
    inputs = _random_bits(project, 500, 3)
    reference, _ = csim.run(inputs)
    bias = next(f for f in sample_faults(arrays, weights, 40, 1) if f.array.name == "b5")
    with mutant_runner(csim, weights, arrays) as runner:
        with runner.loaded(None) as unchanged, runner.loaded(bias) as faulty:
            same, _ = unchanged.run(inputs)
            changed, _ = faulty.run(inputs)
    np.testing.assert_array_equal(same[0], reference[0])
    # a bias of the output layer moves every sample's output by one LSB of the bias
    assert (changed[0] != reference[0]).any(axis=1).all()
    np.testing.assert_array_equal(csim.run(inputs)[0][0], reference[0])  # the original instance is untouched


def test_faults_cover_every_array_and_side_by_side_mutants_agree(tiny_project: Path) -> None:
    project = HlsProject.open(tiny_project)
    csim, arrays = compile_project_csim(project), project_weight_arrays(project)
    weights = tiny_project / "firmware" / "weights"
    faults = sample_faults(arrays, weights, 20, 5)
    assert len(faults) == 20 and {f.array.name for f in faults} == {"w2", "b2", "w5", "b5"}
    assert all(abs(f.delta) == 1 for f in faults)
    assert len({(f.array.name, f.index) for f in faults}) == 20
    inputs = _random_bits(project, 2000, 4)
    one = measure_adequacy(csim, weights, arrays, inputs, faults, 5, jobs=1)
    two = measure_adequacy(csim, weights, arrays, inputs, faults, 5, jobs=2)
    np.testing.assert_array_equal(one.first_detection, two.first_detection)
    np.testing.assert_array_equal(one.rates, two.rates)
    assert one.detected > 0


def test_adequacy_arithmetic() -> None:
    faults = tuple(range(10))  # only counted here
    first = np.array([0, 0, 1, 1, 2, 4, 9, 30, -1, -1])
    rates = np.array([0.9, 0.9, 0.5, 0.5, 0.3, 0.2, 0.1, 0.03, 0.0, 0.0])
    measured = Adequacy(faults, first, rates, 40, 1)  # type: ignore[arg-type]
    assert measured.score == 0.8 and measured.at(1) == 0.2 and measured.at(3) == 0.5
    assert measured.samples_for(0.5) == 3 and measured.samples_for(0.8) == 31 and measured.samples_for(0.9) is None
    assert measured.estimated_samples_for(0.9) is None  # two faults never detected: 80% is the ceiling
    assert 1 <= measured.estimated_samples_for(0.5) <= 5
    assert measured.first(3).score == 0.5 and measured.first(3).n_samples == 3
    # 95% confidence needs more than the point estimate: 8 of 10 detected is not confidently 0.5
    assert measured.confident_samples_for(0.5) == 31 and measured.confident_samples_for(0.7) is None
    assert choose_sample_count(measured, 0.7) == 40  # never confident: every sample is kept


def test_verify_chooses_the_count_and_an_inadequate_input_set_fails(tiny_project: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    results, html = tmp_path / "r.json", tmp_path / "r.html"
    assert main(["verify", str(tiny_project), "--simulator", "icarus", "--samples", "auto", "--adequacy", "0.9",
                 "--faults", "40", "--results-json", str(results), "--html", str(html)]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"stimulus adequacy \d+\.\d% meets the target 90% \(\d+ samples, chosen from 20000", printed)
    design = json.loads(results.read_text())["designs"][0]
    curve = design["adequacy"]
    assert curve["faults"] == 40 and curve["target"] == 0.9 and curve["samples"][0] == 1
    assert curve["adequacy"][-1] >= 0.9 and [layer[0] for layer in curve["layers"]] == ["fc1", "logits"]
    assert next(f for f in design["figures"] if f["name"] == "samples")["value"] == curve["samples"][-1]
    assert 'data-label="adequacy"' in html.read_text() or "Stimulus adequacy vs samples" in html.read_text()

    # The checker must fail a poor input set: all-zero samples never see a weight fault of the first layer.
    zeros = tmp_path / "zeros.npy"
    np.save(zeros, np.zeros((50, 4)))
    assert main(["verify", str(tiny_project), "--simulator", "icarus", "--inputs", str(zeros), "--samples", "0",
                 "--adequacy", "0.9", "--faults", "40"]) == 1
    printed = capsys.readouterr().out
    assert "is BELOW the target 90%" in printed and "undetected: w2[" in printed and "RESULT: FAILED" in printed


@pytest.mark.parametrize(("flags", "named"), [(["--adequacy", "1.5"], "--adequacy"), (["--adequacy", "0"], "--adequacy"),
                                              (["--adequacy", "0.9", "--faults", "0"], "--faults")])
def test_bad_adequacy_options_exit_2_naming_the_option(tiny_project: Path, flags: list[str], named: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tiny_project), "--simulator", "icarus", *flags]) == 2
    assert named in capsys.readouterr().err


@pytest.mark.slow
def test_jet_tagger_count_chosen_for_95_percent_holds_for_fresh_faults(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's acceptance line: on the jet tagger zoo model, --samples auto --adequacy 0.95 picks a count that
    then detects >= 95% of a fresh set of injected faults (another seed)."""
    project = tmp_path / "jet_tagger_prj"
    assert main(["build-rtl", "jet_tagger", "--out", str(project)]) == 0
    results = tmp_path / "r.json"
    assert main(["verify", str(project), "--samples", "auto", "--adequacy", "0.95", "--results-json",
                 str(results)]) == 0
    capsys.readouterr()
    curve = json.loads(results.read_text())["designs"][0]["adequacy"]
    chosen = curve["samples"][-1]
    assert curve["adequacy"][-1] >= 0.95 and chosen < 2000  # the test-set samples come first, in tb_data
    for seed in (11, 12, 13):
        assert main(["verify", str(project), "--samples", "0", "--frames", str(chosen), "--adequacy", "0.95",
                     "--seed", str(seed)]) == 0, f"fresh faults of seed {seed}"
        assert f"({chosen} samples, as given)" in capsys.readouterr().out


def test_the_adequacy_bound_fails_below_its_limit_and_rejects_a_bad_limit() -> None:
    assert check_bound("adequacy_min", Bounds(adequacy_min=0.95), Measurements("d", adequacy=0.96)) == []
    (violation,) = check_bound("adequacy_min", Bounds(adequacy_min=0.95), Measurements("d", adequacy=0.9))
    assert violation.bound == "adequacy_min" and "90.0% of the injected faults < bound 95.0%" in violation.message
    with pytest.raises(ConfigError, match="adequacy_min must be a fraction"):
        Bounds(adequacy_min=1.5)


def test_boundary_events_and_the_greedy_choice() -> None:
    element = FixedType(8, 3)  # codes -128..127, LSB 1/32
    lsb = element.lsb
    trace = {"relu": np.array([[0.0, 0.0], [lsb, 40 * lsb], [127 * lsb, 60 * lsb], [30 * lsb, 0.0]]),
             "untyped": np.zeros((4, 3))}
    events = boundary_events(trace, {"relu": element})
    live, near = events[:, :2], events[:, 2:]
    np.testing.assert_array_equal(live, [[0, 0], [1, 1], [0, 1], [1, 0]])  # zero and the limit are not live
    np.testing.assert_array_equal(near, [[0, 0], [1, 0], [0, 0], [0, 0]])  # one LSB above zero is at a boundary
    chosen = select_directed(events, 3)
    assert list(chosen[:2]) == [1, 2] or list(chosen[:2]) == [1, 3]  # the richest first, then new coverage
    assert 0 not in chosen  # a sample with nothing live comes last


def test_a_directed_set_detects_more_faults_than_as_many_random_samples(tiny_project: Path) -> None:
    project = HlsProject.open(tiny_project)
    design, csim, arrays = project_design(project), compile_project_csim(project), project_weight_arrays(project)
    weights = tiny_project / "firmware" / "weights"
    faults = sample_faults(arrays, weights, 60, 9)
    compiled = compile_csim(tiny_qkeras_mlp(seed=7, softmax=False), HlsConfig())
    pool = on_grid_inputs(2000, seed=4)
    _, trace = compiled.trace(pool)
    chosen = pool[select_directed(boundary_events(trace, {k: compiled.layer_type(k) for k in trace}), 8)]
    grids = value_grids(project, design)
    scores = {}
    for label, values in (("directed", chosen), ("random", pool[:8])):
        stimulus = make_stimulus(design.inputs, grids, values, label, 0, 1)
        scores[label] = measure_adequacy(csim, weights, arrays, firmware_inputs(design, stimulus.codes), faults,
                                         9).score
    assert scores["directed"] > scores["random"], scores
