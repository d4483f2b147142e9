"""Vendor HLS export orchestration, tested with the stand-in tool (tests/vendor_standin) on PATH.

Runtime: about 15 s (hls4ml project writes of a tiny model; the end-to-end test adds one Icarus run).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwverify.cache import Cache
from hwverify.errors import ConfigError, SynthesisReportError, ToolFailed, ToolNotFound
from hwverify.model.config import HlsConfig
from hwverify.sources.vendor import BuildSteps, VendorTool, export_rtl, find_vendor_tool
from tests.tiny_models import tiny_qkeras_mlp
from tests.vendor_standin import hide_vendor_tools, install_standin


@pytest.fixture(scope="module")
def model():
    return tiny_qkeras_mlp(seed=5)


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache("vendor", root=tmp_path / "cache")


def _calls(project_dir: Path) -> list[str]:
    return (project_dir / "standin_calls.log").read_text().splitlines()


def test_no_vendor_tool_is_tool_not_found_naming_every_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    hide_vendor_tools(monkeypatch)
    with pytest.raises(ToolNotFound, match="vitis-run or vitis_hls was not found on PATH"):
        find_vendor_tool("Vitis")
    with pytest.raises(ToolNotFound, match="vivado_hls"):
        find_vendor_tool("Vivado")


def test_build_steps_keep_cosim_off_and_spell_both_option_styles() -> None:
    steps = BuildSteps()
    assert steps.tcl_argument() == "reset=1 csim=0 synth=1 cosim=0 validation=0 export=0 vsynth=0 fifo_opt=0"
    assert "    cosim      0\n" in steps.build_opt_tcl()
    assert VendorTool("vivado_hls", "/x/vivado_hls").command(steps)[1:3] == ["-f", "build_prj.tcl"]
    assert VendorTool("vitis-run", "/x/vitis-run").command(steps)[1:] == ["--tcl", "build_prj.tcl", "--mode", "hls"]
    with pytest.raises(ConfigError, match="synth=False"):
        BuildSteps(synth=False)


def test_vivado_export_runs_synthesis_only_and_is_cached(model, cache, tmp_path, monkeypatch) -> None:
    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls")
    export = export_rtl(model, HlsConfig(clock_period_ns=4.0), cache)
    assert export.verilog_dir == export.project_dir / "myproject_prj/solution1/syn/verilog"
    assert export.verilog_files[0].name == "myproject.v"
    assert export.report.latency_worst_cycles == 13 and export.report.interval_max_cycles == 1
    assert export.report.target_clock_ns == 4.0  # the project's clock, not the template's
    assert export.tool == "vivado_hls" and export.tool_version == "Vivado HLS v2019.2 (64-bit)"
    assert not export.from_cache
    assert _calls(export.project_dir)[1] == "reset=1 csim=0 synth=1 cosim=0 validation=0 export=0 vsynth=0 fifo_opt=0"

    again = export_rtl(model, HlsConfig(clock_period_ns=4.0), cache)
    assert again.from_cache and again.project_dir == export.project_dir
    assert len(_calls(again.project_dir)) == 2  # the tool did not run again


def test_vitis_run_reads_build_opt_tcl(model, cache, tmp_path, monkeypatch) -> None:
    install_standin(tmp_path / "bin", monkeypatch, "vitis-run")
    export = export_rtl(model, HlsConfig(backend="Vitis"), cache, BuildSteps(export=True))
    calls = _calls(export.project_dir)
    assert calls[0] == "vitis-run --tcl build_prj.tcl --mode hls"
    assert "cosim=0" in calls[1] and "export=1" in calls[1]
    assert export.tool_version == "vitis-run v2024.1 (64-bit)"


def test_export_only_verilog_is_found_under_impl(model, cache, tmp_path, monkeypatch) -> None:
    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls", fault="export_only")
    export = export_rtl(model, HlsConfig(), cache)
    assert export.verilog_dir.parts[-2:] == ("impl", "verilog")


@pytest.mark.parametrize(("fault", "error", "pattern"), [
    ("exit_status", ToolFailed, r"vivado_hls failed with exit status 1 \(full log: .*build\.log\):\n(.*\n)*.*"
                                r"Synthesizability check failed"),
    ("no_verilog", ToolFailed, r"exited 0 but wrote no Verilog for top 'myproject': looked for .*"
                               r"solution1/syn/verilog/myproject\.v"),
    ("no_report", SynthesisReportError, r"vivado_hls exited 0 but no synthesis report .*myproject_csynth\.xml"),
    ("truncated_report", SynthesisReportError, r"myproject_csynth\.xml is not well-formed XML"),
])
def test_failed_builds_are_clear_errors_and_are_not_cached(model, cache, tmp_path, monkeypatch,
                                                           fault: str, error: type, pattern: str) -> None:
    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls", fault=fault)
    with pytest.raises(error, match=pattern) as raised:
        export_rtl(model, HlsConfig(), cache)
    if isinstance(raised.value, ToolFailed) and raised.value.log_path:
        assert Path(raised.value.log_path).is_file()  # the log outlives the discarded entry
    assert not [p for p in cache.root.iterdir() if p.is_dir()]  # nothing half-built stays in the cache


@pytest.mark.parametrize(("rtl_fault", "expected"), [
    ("", []),
    ("FAULT_EXTRA_LATENCY", ["latency 14 cycles > bound 13 cycles"]),
    ("FAULT_WEIGHT_BIT", ["bit_exact"]),
])
def test_export_simulate_check_end_to_end(model, cache, tmp_path, monkeypatch, hwverify_record, rtl_fault: str,
                                          expected: list[str]) -> None:
    """Export with the stand-in, simulate the exported Verilog, check it against the report's own figures.

    The fault-injected exports (a pipeline stage the report does not know of, a flipped weight bit) must fail.
    """
    from hwverify.checks.bounds import Bounds, Measurements, check_bounds
    from hwverify.sim.simulate import SimOptions, simulate
    from hwverify.tools import require_icarus
    from tests.rtl.designs import PARALLEL_DENSE, dense_relu_reference

    require_icarus()
    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls", rtl_fault=rtl_fault)
    export = export_rtl(model, HlsConfig(), cache)
    design = export.rtl_design(PARALLEL_DENSE.input_type, PARALLEL_DENSE.output_type, 4, 3)
    codes = np.random.default_rng(11).integers(-3000, 3000, (40, 4))
    result = simulate(design, codes, SimOptions(simulator="icarus", work_dir=tmp_path / "sim"))
    measured = Measurements.of("parallel_dense", result, export.report, dense_relu_reference(codes))
    assert measured.samples == 40 and measured.used == export.report.used
    if not rtl_fault:
        hwverify_record(measured)  # the project's own CI reports (and can baseline) these figures

    from_report = Bounds(latency_cycles_max=export.report.latency_worst_cycles,
                         ii_cycles_max=export.report.interval_max_cycles, lut_max=2000)
    violations = check_bounds(from_report, measured)
    assert [v.message if v.bound != "bit_exact" else v.bound for v in violations] == expected


def test_resource_bounds_on_an_exported_report(model, cache, tmp_path, monkeypatch) -> None:
    from hwverify.checks.bounds import Bounds, Measurements, check_bounds

    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls")
    measured = Measurements.from_report("parallel_dense", export_rtl(model, HlsConfig(), cache).report)
    violations = check_bounds(Bounds(bit_exact=False, latency_cycles_max=12, lut_max="0.1%", dsp_max=12), measured)
    assert [v.message for v in violations] == ["latency 13 cycles > bound 12 cycles",
                                               "LUT 1204 > bound 663.36 (0.1% of 663360 available)"]


@pytest.mark.vendor
@pytest.mark.slow
def test_real_vendor_tool_exports_simulable_rtl(model) -> None:
    """With a real Vivado/Vitis HLS installed: C synthesis of a tiny model, its report and Verilog (minutes).

    Skipped (and counted in the summary) on machines without a vendor tool, which is all of ours.
    """
    from hwverify.sources.vendor import require_vendor_tool

    tool = require_vendor_tool()
    backend = "Vivado" if tool.name == "vivado_hls" else "Vitis"
    export = export_rtl(model, HlsConfig(backend=backend, clock_period_ns=5.0))
    assert export.verilog_files[0].name == "myproject.v"
    assert export.report.top == "myproject" and export.report.latency_worst_cycles is not None
    assert export.report.interval_max_cycles == 1


FIXTURE_TEST = '''
import pytest
from tests.tiny_models import tiny_qkeras_mlp


@pytest.fixture
def reference_model():
    return tiny_qkeras_mlp(seed=5)


@pytest.mark.vendor
@pytest.mark.hwverify_config(clock_period_ns=4.0)
def test_export(vendor_export):
    assert vendor_export.report.target_clock_ns == 4.0
    assert vendor_export.verilog_files[0].name == "myproject.v"
'''


def test_vendor_export_fixture_and_marker_run_with_a_tool_on_path(pytester, tmp_path, monkeypatch) -> None:
    install_standin(tmp_path / "bin", monkeypatch, "vivado_hls")
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))
    pytester.makepyfile(test_user=FIXTURE_TEST)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
