"""CI outputs: the run collector, JSON report, JUnit properties, missing-tool skips in the summary, the
``vendor`` marker, and pytest-xdist runs that share one cache entry. Runtime: about 8 s (one ``-n 2`` run)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from hwverify.checks.bounds import Measurements
from hwverify.errors import ConfigError
from hwverify.report import load_results
from hwverify.report.run_report import RunCollector, bound_properties, metric_properties, summary_lines
from tests.vendor_standin import hide_vendor_tools


def test_collector_merges_phases_and_reads_properties() -> None:
    collector = RunCollector()
    props = metric_properties(Measurements("jet", latency_cycles=13, source="csynth.xml"))
    props += bound_properties("jet", "latency_cycles_max", "latency_cycles_max = 12", "13 cycles", "pyproject.toml")
    collector.add("t.py::a", "setup", "passed", 0.1, None, [])
    collector.add("t.py::a", "call", "failed", 0.2, None, props)
    collector.add("t.py::a", "teardown", "passed", 0.0, None, props)
    collector.add("t.py::b", "setup", "skipped", 0.0, "missing tool: vivado_hls was not found on PATH; ...", [])
    collector.add("t.py::c", "setup", "skipped", 0.0, "missing tool: vivado_hls was not found on PATH; ...", [])
    collector.add("t.py::d", "teardown", "failed", 0.0, None, [])
    a, b, _, d = collector.records()
    assert (a.outcome, round(a.duration_s, 3), len(a.properties)) == ("failed", 0.3, len(props))
    assert b.outcome == "skipped" and d.outcome == "error"
    assert collector.metrics_by_design() == {"jet": {"latency_cycles": 13.0}}
    [bound] = collector.bounds()
    assert (bound.design, bound.bound, bound.measured, bound.outcome) == ("jet", "latency_cycles_max", "13 cycles",
                                                                        "failed")
    assert summary_lines(collector) == ["jet: FAILED  latency_cycles=13",
                                        "2 tests skipped for missing tools: vivado_hls (2)",
                                        "1 bound checked: 1 failed"]
    passing = RunCollector()
    passing.add("t.py::e", "call", "passed", 0.1, None, metric_properties(Measurements("iris", ii_cycles=1)))
    assert summary_lines(passing) == ["iris: PASSED  ii_cycles=1"]
    with pytest.raises(ConfigError, match="design name 'a:b' may only contain"):
        metric_properties(Measurements("a:b", latency_cycles=1))


USER_TESTS = '''
import pytest
from hwverify.checks.bounds import Measurements
from hwverify.errors import ToolNotFound


def test_measures(hwverify_record):
    hwverify_record(Measurements("jet", latency_cycles=13, ii_cycles=1))


@pytest.mark.vendor
def test_needs_vivado():
    raise AssertionError("must not run without a vendor tool")


@pytest.mark.vendor("Vitis")
def test_needs_vitis():
    raise AssertionError("must not run without a vendor tool")


def test_body_needs_a_tool():
    raise ToolNotFound("vivado_hls", "exporting RTL", "install it")
'''


def test_json_report_junit_properties_and_missing_tool_summary(pytester: pytest.Pytester, monkeypatch) -> None:
    hide_vendor_tools(monkeypatch)
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "--junitxml=junit.xml", "--hwverify-report-json=out/r.json")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines([
        "*= hwverify =*",
        "3 tests skipped for missing tools: vitis-run or vitis_hls (1), vivado_hls (1), "
        "vivado_hls or vitis-run or vitis_hls (1)",
    ])
    report = json.loads((pytester.path / "out/r.json").read_text())
    assert report["format"] == "hwverify-results/1"  # the one results format: `hwverify report` renders it
    results = load_results(pytester.path / "out/r.json")
    assert results.test_counts == {"passed": 1, "failed": 0, "error": 0, "skipped": 3}
    [jet] = results.designs
    assert {(f.name, f.value) for f in jet.figures} == {("latency_cycles", 13.0), ("ii_cycles", 1.0)}
    assert dict(results.missing_tool_skips)["vivado_hls"] == 1
    assert "hls4ml" in dict(results.toolchain)
    [measures] = [t for t in results.tests if t.nodeid.endswith("test_measures")]
    assert ("hwverify:metric:jet:latency_cycles", "13") in measures.properties

    junit = ET.parse(pytester.path / "junit.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert properties["hwverify:metric:jet:latency_cycles"] == "13"


SHARED_CACHE_TESTS = '''
import time
from hwverify.cache import Cache


def _build(directory):
    time.sleep(1.0)  # long enough that both workers ask for the key while it is being built
    (directory / "payload.txt").write_text("built")
    with open(directory.parent / "builds.log", "a") as log:
        log.write("built\\n")
    return {"n": 1}


def test_first(record_property):
    entry, built = Cache("shared").get_or_build("one-key", _build)
    record_property("built", built)
    assert (entry.path / "payload.txt").read_text() == "built"


def test_second(record_property):
    entry, built = Cache("shared").get_or_build("one-key", _build)
    record_property("built", built)
    assert (entry.path / "payload.txt").read_text() == "built"
'''


def test_xdist_workers_build_a_shared_cache_key_once(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_shared=SHARED_CACHE_TESTS)
    cache_dir = pytester.path / "cache"
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider", f"--hwverify-cache-dir={cache_dir}",
                                           "--junitxml=junit.xml", "--hwverify-report-json=r.json")
    result.assert_outcomes(passed=2)
    assert (cache_dir / "shared" / "builds.log").read_text() == "built\n"
    junit = ET.parse(pytester.path / "junit.xml").getroot()
    assert sorted(p.get("value") for p in junit.iter("property") if p.get("name") == "built") == ["False", "True"]
    report = json.loads((pytester.path / "r.json").read_text())  # written once, by the controller
    assert sum(t["outcome"] == "passed" for t in report["tests"]) == 2 and len(report["tests"]) == 2


DOCS = __import__("pathlib").Path(__file__).resolve().parents[1] / "docs" / "ci.md"


def _blocks(language: str) -> list[str]:
    import re

    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(), re.DOTALL)


def test_docs_ci_examples_parse_and_use_declared_options(tmp_path) -> None:
    """docs/ci.md's configurations are valid YAML/TOML, call make test, and name only options that exist."""
    import re

    import yaml

    from hwverify.checks.bounds import load_design_bounds
    from hwverify.options import OPTIONS

    declared = {option.pytest_flag for option in OPTIONS}
    used = set(re.findall(r"--hwverify-[a-z-]+", DOCS.read_text()))
    assert used and used <= declared, used - declared

    configs = [yaml.safe_load(block) for block in _blocks("yaml")]
    github = next(c for c in configs if "jobs" in c)
    assert any("make test" in step.get("run", "") for step in github["jobs"]["verify"]["steps"])
    gitlab = next(c for c in configs if "verify" in c and "script" in c["verify"])
    assert any("make test" in line for line in gitlab["verify"]["script"])

    (tmp_path / "pyproject.toml").write_text(_blocks("toml")[0])
    [design] = load_design_bounds(tmp_path / "pyproject.toml")
    assert design.bounds.latency_cycles_max == 13 and str(design.bounds.lut_max) == "5%"
    (tmp_path / "hwverify.yaml").write_text(next(b for b in _blocks("yaml") if b.startswith("designs:")))
    assert load_design_bounds(tmp_path / "hwverify.yaml")[0].bounds.ii_cycles_max == 1
