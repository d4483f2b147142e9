"""Baselines: save, compare with per-metric tolerances (regressions and stale baselines both fail), and the
--hwverify-baseline-save/--hwverify-baseline-compare options end to end (pytester). Runtime: about 3 s."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hwverify.errors import ConfigError
from hwverify.report.baseline import (
    Comparison,
    Tolerance,
    Toolchain,
    compare_metrics,
    format_table,
    load_baseline,
    save_baseline,
    tolerance_for,
)

TOOLS = Toolchain.of({"hls4ml": "1.3.0", "vivado_hls": "Vivado HLS v2019.2"})


def _verdicts(comparisons: list[Comparison]) -> dict[str, str]:
    return {f"{c.design}.{c.metric}": c.verdict for c in comparisons}


def test_hls4ml_ci_tolerances_apply_per_metric() -> None:
    assert tolerance_for("latency_cycles").relative == 0.02
    assert tolerance_for("lut").relative == 0.10
    assert tolerance_for("fifo_depth.layer2_out").relative == 0.0
    assert tolerance_for("accuracy").higher_is_better


def test_regressions_and_stale_improvements_fail_small_changes_pass() -> None:
    before = {"jet": {"latency_cycles": 100, "lut": 1000, "ff": 1000, "dsp": 50, "accuracy": 0.75,
                      "fifo_depth.l2": 16, "bram_18k": 4}}
    now = {"jet": {"latency_cycles": 102, "lut": 1101, "ff": 700, "dsp": 50, "accuracy": 0.74,
                   "fifo_depth.l2": 16, "uram": 1}}
    verdicts = _verdicts(compare_metrics(before, now))
    assert verdicts == {
        "jet.latency_cycles": "ok",  # +2% is within hls4ml's 2%
        "jet.lut": "regression",  # +10.1% > 10%
        "jet.ff": "stale",  # -30%: beyond twice the tolerance, the baseline no longer describes the design
        "jet.dsp": "ok",
        "jet.accuracy": "regression",  # higher is better; -0.01 > 0.005
        "jet.fifo_depth.l2": "ok",
        "jet.bram_18k": "missing",
        "jet.uram": "new",
    }


def test_designs_not_measured_this_run_are_not_compared() -> None:
    assert compare_metrics({"a": {"lut": 1}, "b": {"lut": 1}}, {"a": {"lut": 1}})[0].design == "a"
    assert len(compare_metrics({"a": {"lut": 1}, "b": {"lut": 1}}, {"a": {"lut": 1}})) == 1


def test_table_marks_failures() -> None:
    table = format_table(compare_metrics({"jet": {"lut": 1000}}, {"jet": {"lut": 1200}}), ["note"])
    lines = table.splitlines()
    assert lines[0] == "note" and lines[1].split() == ["design", "metric", "baseline", "current", "change",
                                                       "allowed", "verdict"]
    assert lines[3].split() == ["jet", "lut", "1000", "1200", "+20.0%", "±100", "REGRESSION"]


def test_save_keys_runs_by_toolchain_and_load_picks_the_matching_one(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    save_baseline(path, {"jet": {"lut": 1000}}, TOOLS)
    other = Toolchain.of({"hls4ml": "1.2.0", "vivado_hls": "Vivado HLS v2019.2"})
    save_baseline(path, {"jet": {"lut": 900}}, other)
    assert len(json.loads(path.read_text())["runs"]) == 2
    run, differences = load_baseline(path, TOOLS)
    assert run.designs == {"jet": {"lut": 1000}} and differences == []
    _, differences = load_baseline(path, Toolchain.of({"hls4ml": "1.4.0"}))
    assert "hls4ml: 1.2.0 -> 1.4.0" in differences or "hls4ml: 1.3.0 -> 1.4.0" in differences


def test_bad_baseline_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist; create it with --hwverify-baseline-save"):
        load_baseline(tmp_path / "none.json", TOOLS)
    (tmp_path / "x.json").write_text('{"format": "other"}')
    with pytest.raises(ConfigError, match="is not a hwverify baseline"):
        load_baseline(tmp_path / "x.json", TOOLS)
    assert Tolerance("x", relative=0.1).allowed(50) == 5


RECORDING_TEST = '''
import os
from hwverify.checks.bounds import Measurements
from hwverify.sources.csynth import ResourceCounts


def test_measure(hwverify_record):
    hwverify_record(Measurements("jet", latency_cycles=int(os.environ["LATENCY"]), ii_cycles=1,
                                 used=ResourceCounts(0, 10, 2000, 1500, 0)))
'''


def test_save_then_compare_through_pytest_options(pytester: pytest.Pytester, monkeypatch) -> None:
    pytester.makepyfile(test_record=RECORDING_TEST)
    monkeypatch.setenv("LATENCY", "50")
    saved = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-baseline-save=base.json")
    saved.assert_outcomes(passed=1)
    saved.stdout.fnmatch_lines(["*saved the metrics of 1 design(s) to base.json*"])
    assert json.loads((pytester.path / "base.json").read_text())["format"] == "hwverify-baseline/1"

    same = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-baseline-compare=base.json")
    assert same.ret == 0
    same.stdout.fnmatch_lines(["*baseline comparison passed*"])

    monkeypatch.setenv("LATENCY", "52")  # +4% > 2%
    worse = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-baseline-compare=base.json")
    worse.assert_outcomes(passed=1)
    assert worse.ret == 1
    worse.stdout.fnmatch_lines(["*jet*latency_cycles*50*52*+4.0%*±1*REGRESSION*", "*baseline comparison FAILED*"])

    monkeypatch.setenv("LATENCY", "40")  # -20%: the baseline is stale
    better = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-baseline-compare=base.json")
    assert better.ret == 1
    better.stdout.fnmatch_lines(["*jet*latency_cycles*50*40*-20.0%*STALE*"])

    missing = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-baseline-compare=nowhere.json")
    assert missing.ret == 1
    missing.stdout.fnmatch_lines(["*baseline comparison FAILED: baseline file nowhere.json does not exist*"])
