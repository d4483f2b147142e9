"""Parsing of Vivado/Vitis HLS csynth reports. No tools needed; well under 1 s."""

from __future__ import annotations

from pathlib import Path

import pytest

from hwverify.sources.csynth import (
    REPORT_DIR,
    SynthesisReportError,
    find_csynth_report,
    read_csynth_xml,
)
from tests.rtl.designs import PARALLEL_DENSE, STREAM_VIVADO, HlsDesign

REPORTS = PARALLEL_DENSE.directory / "report"

VITIS_DATAFLOW_XML = """<?xml version="1.0" encoding="UTF-8"?>
<profile>
  <ReportVersion><Version>2023.1</Version></ReportVersion>
  <UserAssignments>
    <unit>ns</unit><Part>xcu250-figd2104-2L-e</Part><TopModelName>myproject</TopModelName>
    <TargetClockPeriod>5.00</TargetClockPeriod><ClockUncertainty>1.35</ClockUncertainty>
  </UserAssignments>
  <PerformanceEstimates>
    <PipelineType>dataflow</PipelineType>
    <SummaryOfTimingAnalysis><unit>ns</unit><EstimatedClockPeriod>5.271</EstimatedClockPeriod></SummaryOfTimingAnalysis>
    <SummaryOfOverallLatency>
      <unit>clock cycles</unit>
      <Best-caseLatency>103</Best-caseLatency><Average-caseLatency>undef</Average-caseLatency>
      <Worst-caseLatency>undef</Worst-caseLatency>
      <Interval-min>102</Interval-min><Interval-max>1977</Interval-max>
    </SummaryOfOverallLatency>
  </PerformanceEstimates>
  <AreaEstimates>
    <Resources><BRAM_18K>6</BRAM_18K><DSP>40</DSP><FF>9000</FF><LUT>21000</LUT><URAM>0</URAM></Resources>
    <AvailableResources><BRAM_18K>5376</BRAM_18K><DSP>12288</DSP><FF>3456000</FF><LUT>1728000</LUT>
      <URAM>1280</URAM></AvailableResources>
  </AreaEstimates>
</profile>
"""


def test_parallel_dense_report_gives_latency_13_ii_1_and_resources() -> None:
    report = read_csynth_xml(REPORTS / "myproject_csynth.xml")
    assert report.top == "myproject" and report.tool_version == "2019.2"
    assert (report.latency_best_cycles, report.latency_worst_cycles) == (13, 13)
    assert (report.interval_min_cycles, report.interval_max_cycles) == (1, 1)
    assert report.latency_worst_cycles == PARALLEL_DENSE.latency_cycles_max
    assert report.interval_max_cycles == PARALLEL_DENSE.ii_cycles_max
    assert (report.target_clock_ns, report.estimated_clock_ns, report.clock_uncertainty_ns) == (5.0, 4.368, 0.62)
    assert report.meets_timing and report.estimated_fmax_mhz == pytest.approx(228.94, abs=0.01)
    assert (report.used.dsp, report.used.ff, report.used.lut, report.used.bram_18k) == (12, 1530, 1204, 0)
    assert report.available.dsp == 5520 and report.pipeline_type == "function"


@pytest.mark.parametrize("design", [PARALLEL_DENSE, STREAM_VIVADO], ids=lambda d: d.name)
def test_reports_list_the_ports_the_verilog_has(design: HlsDesign) -> None:
    pytest.importorskip("pyslang", reason="reading Verilog ports needs pyslang")
    from hwverify.sources.verilog import read_ports

    report = read_csynth_xml(design.directory / "report" / "myproject_csynth.xml")
    verilog = read_ports(design.top, design.sources)
    assert sorted((p.name, p.direction, p.width) for p in report.ports) == sorted(
        (p.name, p.direction, p.width) for p in verilog)
    assert {p.protocol for p in report.ports} == {"ap_ctrl_hs", "ap_vld" if design is PARALLEL_DENSE else "axis"}


def test_stream_vivado_report_bounds_agree_with_the_measured_minimum() -> None:
    report = read_csynth_xml(STREAM_VIVADO.directory / "report" / "myproject_csynth.xml")
    assert report.pipeline_type == "dataflow"
    assert (report.latency_best_cycles, report.latency_worst_cycles) == (STREAM_VIVADO.latency_cycles_min, None)
    assert (report.interval_min_cycles, report.interval_max_cycles) == (STREAM_VIVADO.ii_cycles_min, None)


def test_vitis_dataflow_report_with_undefined_worst_case(tmp_path: Path) -> None:
    path = tmp_path / "myproject_csynth.xml"
    path.write_text(VITIS_DATAFLOW_XML)
    report = read_csynth_xml(path)
    assert (report.latency_best_cycles, report.latency_worst_cycles) == (103, None)
    assert (report.interval_min_cycles, report.interval_max_cycles) == (102, 1977)
    assert report.used.dsp == 40 and report.available.uram == 1280 and not report.meets_timing
    assert report.ports == ()


def test_find_report_in_an_hls4ml_project(tmp_path: Path) -> None:
    with pytest.raises(SynthesisReportError, match="Run C synthesis first"):
        find_csynth_report(tmp_path)
    target = tmp_path / REPORT_DIR / "myproject_csynth.xml"
    target.parent.mkdir(parents=True)
    target.write_text(VITIS_DATAFLOW_XML)
    assert find_csynth_report(tmp_path) == target


@pytest.mark.parametrize(("text", "message"), [
    (VITIS_DATAFLOW_XML[: len(VITIS_DATAFLOW_XML) // 2], "not well-formed XML"),
    ("<report><x/></report>", "root element is <report>"),
    (VITIS_DATAFLOW_XML.replace("<EstimatedClockPeriod>5.271</EstimatedClockPeriod>", ""), "EstimatedClockPeriod"),
    (VITIS_DATAFLOW_XML.replace("<Best-caseLatency>103<", "<Best-caseLatency>fast<"), "expected a number"),
    (VITIS_DATAFLOW_XML.replace("<TopModelName>myproject</TopModelName>", ""), "TopModelName"),
])
def test_malformed_reports_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "myproject_csynth.xml"
    path.write_text(text)
    with pytest.raises(SynthesisReportError, match=message) as caught:
        read_csynth_xml(path)
    assert str(path) in str(caught.value)


def test_missing_reports(tmp_path: Path) -> None:
    with pytest.raises(SynthesisReportError, match="does not exist"):
        read_csynth_xml(tmp_path / "absent.xml")
