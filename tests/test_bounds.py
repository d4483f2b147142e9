"""Declarative bounds: typed validation, the pure checks (each with an input it must catch), config files,
and bounds as pytest items (through pytester). Runtime: about 3 s, no simulator."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from hwverify.checks.bounds import (
    Bounds,
    DesignBounds,
    FifoMeasure,
    MeasurementMissing,
    Measurements,
    ResourceLimit,
    check_bound,
    check_bounds,
    load_design_bounds,
)
from hwverify.errors import ConfigError
from hwverify.sources.csynth import ResourceCounts, read_csynth_xml

REPORT = Path(__file__).resolve().parents[1] / "rtl_sim/designs/parallel_dense/report/myproject_csynth.xml"


@pytest.fixture
def measured() -> Measurements:
    return Measurements.from_report("jet_tagger", read_csynth_xml(REPORT))


def test_bounds_are_typed_and_validated() -> None:
    bounds = Bounds(latency_cycles_max=13, ii_cycles_max=1, lut_max="5%", dsp_max=20)
    assert bounds.lut_max == ResourceLimit(5.0, percent=True) and bounds.dsp_max == ResourceLimit(20.0)
    assert bounds.enforced() == ("bit_exact", "latency_cycles_max", "ii_cycles_max", "lut_max", "dsp_max")
    with pytest.raises(ConfigError, match="lut_max = '150%' is out of range"):
        Bounds(lut_max="150%")
    with pytest.raises(ConfigError, match="latency_cycles_max must be >= 0"):
        Bounds(latency_cycles_max=-1)
    with pytest.raises(ConfigError, match="set bit_exact = false"):
        Bounds(mismatch_fraction_max=0.01)


def test_config_errors_name_the_key_and_the_design() -> None:
    with pytest.raises(ConfigError, match=r"pyproject.toml: design 'jet': unknown bound 'latency_max'; known"):
        Bounds.from_mapping({"latency_max": 13}, "pyproject.toml: design 'jet'")
    with pytest.raises(ConfigError, match=r"design 'jet': ii_cycles_max must be a whole number .* got 1.5"):
        Bounds.from_mapping({"ii_cycles_max": 1.5}, "design 'jet'")
    with pytest.raises(ConfigError, match=r"design 'jet': bit_exact must be true or false, got 'yes'"):
        Bounds.from_mapping({"bit_exact": "yes"}, "design 'jet'")


def test_latency_ii_and_resource_checks_catch_violations(measured: Measurements) -> None:
    assert check_bounds(Bounds(bit_exact=False, latency_cycles_max=13, ii_cycles_max=1, lut_max=1204,
                               dsp_max="1%"), measured) == []
    messages = [v.message for v in check_bounds(
        Bounds(bit_exact=False, latency_cycles_max=12, ii_cycles_max=0, ff_max=1000, bram_18k_max=0), measured)]
    assert messages == ["latency 13 cycles > bound 12 cycles", "II 1 cycles > bound 0 cycles", "FF 1530 > bound 1000"]


def test_ns_bounds_convert_at_the_clock_period(measured: Measurements) -> None:
    assert check_bound("latency_ns_max", Bounds(latency_ns_max=65.0), measured) == []  # 13 cycles at 5 ns
    [violation] = check_bound("latency_ns_max", Bounds(latency_ns_max=64.9), measured)
    assert violation.message == "latency 13 cycles (65 ns at 5 ns) > bound 64.9 ns (12 cycles)"
    [violation] = check_bound("latency_ns_max", Bounds(latency_ns_max=51.9, clock_period_ns=4.0), measured)
    assert violation.message == "latency 13 cycles (52 ns at 4 ns) > bound 51.9 ns (12 cycles)"
    assert check_bound("latency_ns_max", Bounds(latency_ns_max=52.0, clock_period_ns=4.0), measured) == []


def test_exactness_and_ptq_tolerance() -> None:
    exact = Measurements("m", samples=1000, mismatched_samples=0)
    off = Measurements("m", samples=1000, mismatched_samples=12)
    assert check_bounds(Bounds(), exact) == []
    [violation] = check_bounds(Bounds(), off)
    assert violation.message == "12 of 1000 samples differ from the reference > bound 0 (bit-exact required)"
    assert check_bounds(Bounds(bit_exact=False, mismatch_fraction_max=0.02), off) == []
    [violation] = check_bounds(Bounds(bit_exact=False, mismatch_fraction_max=0.01), off)
    assert violation.message == "12 of 1000 samples differ (1.20%) > bound 1.00%"


def test_fifo_rules() -> None:
    measured = Measurements("s", fifos=(FifoMeasure("layer2_out", 16, 16), FifoMeasure("layer4_out", 64, 3)))
    messages = [v.message for v in check_bounds(
        Bounds(bit_exact=False, fifo_depth_max=32, fifo_total_depth_max=64, fifo_never_full=True), measured)]
    assert messages == ["FIFO layer4_out depth 64 > bound 32", "FIFO depths total 80 > bound 64",
                        "FIFO layer2_out was full (fill 16 of depth 16)"]


def test_a_bound_without_its_measurement_is_an_error_not_a_pass(measured: Measurements) -> None:
    with pytest.raises(MeasurementMissing, match="needs mismatched_samples, which was not measured"):
        check_bounds(Bounds(), measured)
    with pytest.raises(ConfigError, match="percentage, but the measurements do not say how many the part has"):
        check_bounds(Bounds(bit_exact=False, lut_max="5%"), Measurements("x", used=measured.used))


def test_measurements_round_trip_through_json(measured: Measurements) -> None:
    full = Measurements("d", 5, 1, 4.0, ResourceCounts(0, 1, 2, 3, 0), None, (FifoMeasure("f", 8, 2),), 10, 0, 0.9)
    assert Measurements.from_json(full.to_json(), "x.json") == full
    assert measured.metrics()["lut"] == 1204.0
    with pytest.raises(ConfigError, match="bad.json is not a hwverify measurements file"):
        Measurements.from_json('{"nope": 1}', "bad.json")


def test_load_from_pyproject_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.hwverify.designs.jet]\ncsynth = "r/x.xml"\nlatency_cycles_max = 13\nlut_max = "5%"\n')
    [design] = load_design_bounds(tmp_path / "pyproject.toml")
    assert design == DesignBounds("jet", Bounds(latency_cycles_max=13, lut_max="5%"), tmp_path / "pyproject.toml",
                                  csynth=(tmp_path / "r/x.xml").resolve())
    assert design.load_measurements() is None and "not found" in design.missing_sources()
    (tmp_path / "hwverify.yaml").write_text("designs:\n  cnn:\n    ii_cycles_max: 1\n    wrong: 2\n")
    with pytest.raises(ConfigError, match="hwverify.yaml: design 'cnn': unknown bound 'wrong'"):
        load_design_bounds(tmp_path / "hwverify.yaml")


PYPROJECT = '''
[tool.pytest.ini_options]
addopts = "-p no:cacheprovider"

[tool.hwverify.designs.jet_tagger]
csynth = "reports/myproject_csynth.xml"
bit_exact = false
latency_cycles_max = 12
ii_cycles_max = 1
lut_max = "1%"

[tool.hwverify.designs.not_built]
metrics = "build/metrics.json"
latency_cycles_max = 10
'''


def test_each_bound_is_a_pytest_item_with_a_clear_message(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(PYPROJECT)
    (pytester.path / "reports").mkdir()
    shutil.copy(REPORT, pytester.path / "reports")
    result = pytester.runpytest("-v", "-rs", "--junitxml=junit.xml")
    result.assert_outcomes(passed=2, failed=1, skipped=2)  # not_built: bit_exact (the default) and latency
    result.stdout.fnmatch_lines(["*collected 5 items"])  # the bound items are counted as collected
    result.stdout.fnmatch_lines([
        "*pyproject.toml::jet_tagger::latency_cycles_max FAILED*",
        "*pyproject.toml::jet_tagger::ii_cycles_max PASSED*",
        "*latency 13 cycles > bound 12 cycles (design jet_tagger, from pyproject.toml)*",
        "*5 bounds checked: 1 failed, 2 passed, 2 skipped*",
        "*no measurements for design 'not_built' yet: not found: */build/metrics.json",
    ])
    junit = (pytester.path / "junit.xml").read_text()
    assert 'name="hwverify:bound:jet_tagger:latency_cycles_max" value="latency_cycles_max = 12"' in junit
    assert 'name="hwverify:metric:jet_tagger:latency_cycles" value="13"' in junit


def test_yaml_bounds_are_collected_and_bad_keys_are_collection_errors(pytester: pytest.Pytester) -> None:
    (pytester.path / "reports").mkdir()
    shutil.copy(REPORT, pytester.path / "reports")
    pytester.makefile(".yaml", hwverify="designs:\n  dense:\n    csynth: reports/myproject_csynth.xml\n"
                                        "    bit_exact: false\n    dsp_max: 12\n    ff_max: 1500\n")
    pytester.makepyfile(test_other="def test_other():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-m", "hwverify_bound")
    result.assert_outcomes(passed=1, failed=1)  # test_other is deselected by the marker
    result.stdout.fnmatch_lines(["*FF 1530 > bound 1500 (design dense, from hwverify.yaml)*"])

    pytester.makefile(".yaml", hwverify="designs:\n  dense:\n    lattency_cycles_max: 3\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*hwverify.yaml: design 'dense': unknown bound 'lattency_cycles_max'*"])
    assert result.ret != 0


def test_a_bad_key_in_pyproject_is_a_usage_error_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.hwverify.designs.jet]\nlatency_cycles_max = 13\nlut_maxx = 5\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*pyproject.toml: design 'jet': unknown bound 'lut_maxx'*"])


# ---------------------------------------------------------------------------------------------------------
# Bounds are never silently ignored: the [tool.hwverify] table is parsed, and unknown keys are errors
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "key"), [
    ("[tool.hwverify.design.jet]\nlatency_cycles_max = 12\n", "design"),
    ("[tool.hwverify]\nbounds = { jet = { latency_cycles_max = 12 } }\n", "bounds"),
    ("[tool.hwverify]\ndesigns = {}\nbaseline = 'ci/baseline.json'\n", "baseline"),
])
def test_an_unknown_key_in_tool_hwverify_is_an_error_naming_key_and_file(text: str, key: str,
                                                                         tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=rf"{path}: \[tool.hwverify\]: unknown key '{key}'; known keys are designs, "):
        load_design_bounds(path)


def test_a_misspelt_table_name_suggests_the_right_one(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.hwverify.design.jet]\nlatency_cycles_max = 12\n")
    with pytest.raises(ConfigError, match=r"unknown key 'design'.*\(did you mean 'designs'\?\)"):
        load_design_bounds(tmp_path / "pyproject.toml")


@pytest.mark.parametrize("text", [
    "[tool.hwverify]\ndesigns = { jet = { latency_cycles_max = 12, ii_cycles_max = 1 } }\n",
    "[tool.hwverify]\ndesigns.jet.latency_cycles_max = 12\ndesigns.jet.ii_cycles_max = 1\n",
    "[tool.hwverify.designs]\njet = { latency_cycles_max = 12, ii_cycles_max = 1 }\n",
])
def test_inline_tables_and_dotted_keys_declare_bounds(text: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    [design] = load_design_bounds(tmp_path / "pyproject.toml")
    assert design.name == "jet" and design.bounds == Bounds(latency_cycles_max=12, ii_cycles_max=1)


def test_a_design_that_is_not_a_table_and_an_unknown_nested_key_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.hwverify]\ndesigns = { jet = 12 }\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: design 'jet' must be a table of bounds, got 12"):
        load_design_bounds(path)
    path.write_text("[tool.hwverify.designs.jet.latency]\ncycles_max = 12\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: design 'jet': unknown bound 'latency'"):
        load_design_bounds(path)
    path.write_text("[tool.hwverify]\ndesigns = [1, 2]\n")
    with pytest.raises(ConfigError, match=r"\[tool.hwverify\]: designs must be a table of designs"):
        load_design_bounds(path)


@pytest.mark.parametrize(("text", "match"), [
    ("design:\n  cnn:\n    ii_cycles_max: 1\n", r"hwverify.yaml: unknown key 'design'.*did you mean 'designs'"),
    ("- designs\n", r"hwverify.yaml must hold a mapping with a 'designs' key"),
    ("designs:\n  cnn: [1]\n", r"hwverify.yaml: design 'cnn' must be a table of bounds"),
])
def test_yaml_unknown_keys_and_shapes_are_errors(text: str, match: str, tmp_path: Path) -> None:
    (tmp_path / "hwverify.yaml").write_text(text)
    with pytest.raises(ConfigError, match=match):
        load_design_bounds(tmp_path / "hwverify.yaml")


def test_a_bounds_file_without_a_hwverify_table_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "extra.toml").write_text("[tool.other]\nx = 1\n")
    with pytest.raises(ConfigError, match=r"extra.toml has no \[tool.hwverify\] table"):
        load_design_bounds(tmp_path / "extra.toml")


def test_inline_table_bounds_gate_the_pytest_run(pytester: pytest.Pytester) -> None:
    (pytester.path / "reports").mkdir()
    shutil.copy(REPORT, pytester.path / "reports")
    pytester.makepyprojecttoml('[tool.hwverify]\ndesigns = { jet = { csynth = "reports/myproject_csynth.xml", '
                               'bit_exact = false, latency_cycles_max = 12 } }\n')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*latency 13 cycles > bound 12 cycles (design jet, from pyproject.toml)*"])


@pytest.mark.parametrize(("text", "key"), [
    ("[tool.hwverify.design.jet]\nlatency_cycles_max = 12\n", "design"),
    ("[tool.hwverify]\ndesign = { jet = { latency_cycles_max = 12 } }\n", "design"),
])
def test_a_misspelt_table_in_pyproject_is_a_usage_error(text: str, key: str, pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(text)
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pyproject.toml: [[]tool.hwverify]: unknown key '{key}'*"])


def test_options_from_tool_hwverify_are_defaults_the_command_line_overrides(pytester: pytest.Pytester) -> None:
    """``[tool.hwverify] samples = 5`` sets --hwverify-samples (it was silently ignored); the command line wins."""
    pytester.makepyprojecttoml('[tool.hwverify]\nsamples = 5\nsimulator = "icarus"\ncache_dir = "hv-cache"\n')
    pytester.makepyfile(test_options="""
        def test_options(hwverify_options):
            print("OPTIONS", hwverify_options["samples"], hwverify_options["simulator"], hwverify_options["seed"])
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*OPTIONS 5 icarus 2026*"])
    result = pytester.runpytest("-p", "no:cacheprovider", "-s", "--hwverify-samples", "7")
    result.stdout.fnmatch_lines(["*OPTIONS 7 icarus 2026*"])


@pytest.mark.parametrize(("text", "message"), [
    ("[tool.hwverify]\nsample = 5\n", "unknown key 'sample'*did you mean 'samples'*"),
    ('[tool.hwverify]\nsamples = "five"\n', "samples must be int, got 'five'"),
    ('[tool.hwverify]\nsimulator = "modelsim"\n', "simulator must be one of icarus, verilator, got 'modelsim'"),
    ("[tool.hwverify]\nstrict-tools = 1\n", "strict-tools must be bool, got 1"),
])
def test_a_bad_option_in_tool_hwverify_is_a_usage_error(text: str, message: str, pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(text)
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pyproject.toml: [[]tool.hwverify]: {message}*"])


def test_a_misspelt_key_in_hwverify_yaml_is_a_collection_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", hwverify="design:\n  dense:\n    ii_cycles_max: 1\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*hwverify.yaml: unknown key 'design'*"])


def test_min_bounds_catch_a_design_faster_than_its_schedule() -> None:
    measured = Measurements("d", latency_cycles=13, latency_cycles_best=11, ii_cycles=2, ii_cycles_best=1)
    assert check_bounds(Bounds(bit_exact=False, latency_cycles_min=11, ii_cycles_min=1), measured) == []
    messages = [v.message for v in check_bounds(Bounds(bit_exact=False, latency_cycles_min=12, ii_cycles_min=2),
                                                measured)]
    assert messages == ["latency 11 cycles < bound 12 cycles", "II 1 cycles < bound 2 cycles"]


def test_bounds_from_a_report_take_its_best_and_worst_case(measured: Measurements) -> None:
    bounds = Bounds.from_report(read_csynth_xml(REPORT))
    assert (bounds.latency_cycles_min, bounds.latency_cycles_max) == (measured.latency_cycles_best,
                                                                      measured.latency_cycles)
    assert check_bounds(dataclasses.replace(bounds, bit_exact=False), measured) == []
