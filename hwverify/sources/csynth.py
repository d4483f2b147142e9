"""Vivado/Vitis HLS synthesis reports (``<top>_csynth.xml``, or an IP package's ``CORE_GENERATION_INFO``) as typed values.

The XML has the same layout in Vivado HLS 2019.x and Vitis HLS (``<profile>`` with ``UserAssignments``,
``PerformanceEstimates/SummaryOfOverallLatency``, ``AreaEstimates/Resources`` and
``AvailableResources``, ``InterfaceSummary/RtlPorts``); Vivado names the DSP count ``DSP48E``, Vitis
``DSP``. Dataflow designs whose latency the tool cannot bound report ``undef``, read here as None.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from hwverify.errors import SynthesisReportError

#: Where an hls4ml project keeps the reports, relative to its output directory.
REPORT_DIR = Path("myproject_prj") / "solution1" / "syn" / "report"


@dataclass(frozen=True)
class ResourceCounts:
    """FPGA resources: used by a design, or available on its part."""

    bram_18k: int
    dsp: int
    ff: int
    lut: int
    uram: int


@dataclass(frozen=True)
class ReportPort:
    """One RTL port of the top as the report lists it."""

    name: str
    direction: str  # "input" | "output"
    width: int
    protocol: str  # e.g. "ap_ctrl_hs", "ap_vld", "axis", "ap_fifo"
    c_object: str  # the C argument it implements ("fc1_input_V", "myproject" for control)


@dataclass(frozen=True)
class SynthesisReport:
    """The estimates of one C synthesis run of one top function, as read from ``source``."""

    top: str
    source: Path
    part: str | None
    tool_version: str | None
    target_clock_ns: float
    estimated_clock_ns: float
    clock_uncertainty_ns: float | None
    latency_best_cycles: int | None
    latency_worst_cycles: int | None
    interval_min_cycles: int | None
    interval_max_cycles: int | None
    pipeline_type: str | None
    used: ResourceCounts
    available: ResourceCounts
    ports: tuple[ReportPort, ...]

    @property
    def estimated_fmax_mhz(self) -> float:
        """The clock frequency the estimated period allows."""
        return 1000.0 / self.estimated_clock_ns

    @property
    def meets_timing(self) -> bool:
        """True when the estimated period fits the target period."""
        return self.estimated_clock_ns <= self.target_clock_ns


@dataclass(frozen=True)
class LoopSchedule:
    """One outermost loop of a module's synthesis report: its trip count and the schedule the tool achieved
    (``pipeline_ii`` for a pipelined loop, else None; ``iteration_cycles`` the shortest and longest iteration)."""

    name: str
    trip_count: int
    pipeline_ii: int | None
    iteration_cycles: tuple[int, int]


@dataclass(frozen=True)
class ModuleSchedule:
    """What one module's ``<module>_csynth.xml`` says of its schedule: its outermost loops and its latency
    (best, worst; None where the tool could not bound it)."""

    module: str
    loops: tuple[LoopSchedule, ...]
    latency_cycles: tuple[int, int] | None


def read_module_schedule(path: Path) -> ModuleSchedule:
    """The schedule of one module's synthesis report (Vivado HLS 2019.x-2020.x or Vitis HLS)."""
    root = _parse_xml(Path(path))
    fields = _Fields(root, Path(path))
    summary = root.find("PerformanceEstimates/SummaryOfLoopLatency")
    best, worst = fields.cycles("Best-caseLatency"), fields.cycles("Worst-caseLatency")
    return ModuleSchedule(
        module=fields.text("UserAssignments/TopModelName"),
        loops=tuple(_loop_schedule(loop, Path(path)) for loop in (summary if summary is not None else ())),
        latency_cycles=None if best is None or worst is None else (best, worst),
    )


def _loop_schedule(loop: ET.Element, path: Path) -> LoopSchedule:
    def cycles(name: str) -> tuple[int, int] | None:
        element = loop.find(name)
        if element is None:
            return None
        low, high = element.findtext("range/min"), element.findtext("range/max")
        text = element.text if low is None else None
        try:
            return (int(text), int(text)) if text is not None and text.strip() else (int(low or ""), int(high or ""))
        except ValueError:
            raise SynthesisReportError(f"loop {loop.tag} in {path}: <{name}> is not a cycle count") from None

    trip = cycles("TripCount")
    if trip is None:
        raise SynthesisReportError(f"loop {loop.tag} in {path} has no <TripCount>")
    ii = cycles("PipelineII")
    iteration = cycles("IterationLatency") or cycles("PipelineDepth") or (0, 0)
    return LoopSchedule(loop.tag, trip[1], None if ii is None else ii[0], iteration)


def find_csynth_report(project_dir: Path, top: str = "myproject") -> Path:
    """The ``<top>_csynth.xml`` of an hls4ml output directory, or :class:`SynthesisReportError`."""
    candidates = [project_dir / REPORT_DIR / f"{top}_csynth.xml", project_dir / REPORT_DIR / "csynth.xml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SynthesisReportError(
        f"no synthesis report for '{top}' under {project_dir}: looked for {', '.join(map(str, candidates))}. "
        "Run C synthesis first (hls4ml: hls_model.build(csim=False, synth=True))."
    )


def read_csynth_xml(path: Path) -> SynthesisReport:
    """Parse a ``<top>_csynth.xml`` (Vivado HLS 2019.x or Vitis HLS)."""
    root = _parse_xml(Path(path))
    report = _Fields(root, Path(path))
    best, worst = report.cycles("Best-caseLatency"), report.cycles("Worst-caseLatency")
    fastest, slowest = report.cycles("Interval-min"), report.cycles("Interval-max")
    return SynthesisReport(
        top=report.text("UserAssignments/TopModelName"),
        part=report.optional_text("UserAssignments/Part"),
        tool_version=report.optional_text("ReportVersion/Version"),
        target_clock_ns=report.number("UserAssignments/TargetClockPeriod"),
        estimated_clock_ns=report.number("PerformanceEstimates/SummaryOfTimingAnalysis/EstimatedClockPeriod"),
        clock_uncertainty_ns=report.optional_number("UserAssignments/ClockUncertainty"),
        latency_best_cycles=best,
        latency_worst_cycles=worst,
        interval_min_cycles=fastest,
        interval_max_cycles=slowest,
        pipeline_type=report.optional_text("PerformanceEstimates/PipelineType"),
        used=report.resources("AreaEstimates/Resources"),
        available=report.resources("AreaEstimates/AvailableResources"),
        ports=report.ports(),
        source=Path(path),
    )


def _parse_xml(path: Path) -> ET.Element:
    if not path.is_file():
        raise SynthesisReportError(f"synthesis report {path} does not exist; run C synthesis first")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise SynthesisReportError(f"synthesis report {path} is not well-formed XML ({error}); "
                                   "it may be truncated by an interrupted synthesis run") from error
    if root.tag != "profile":
        raise SynthesisReportError(f"{path} is not an HLS csynth report: its root element is <{root.tag}>, "
                                   "expected <profile>")
    return root


class _Fields:
    """Typed look-ups in a report, with errors that name the file and the missing field."""

    _LATENCY = "PerformanceEstimates/SummaryOfOverallLatency/"

    def __init__(self, root: ET.Element, path: Path) -> None:
        self.root = root
        self.path = path

    def optional_text(self, where: str) -> str | None:
        element = self.root.find(where)
        return element.text.strip() if element is not None and element.text is not None else None

    def text(self, where: str) -> str:
        value = self.optional_text(where)
        if not value:
            raise SynthesisReportError(f"synthesis report {self.path} has no <{where}>")
        return value

    def optional_number(self, where: str) -> float | None:
        value = self.optional_text(where)
        return None if value is None else self._float(where, value)

    def number(self, where: str) -> float:
        return self._float(where, self.text(where))

    def cycles(self, name: str) -> int | None:
        value = self.text(self._LATENCY + name)
        if value == "undef":
            return None
        return int(self._float(name, value))

    def resources(self, where: str) -> ResourceCounts:
        element = self.root.find(where)
        if element is None:
            raise SynthesisReportError(f"synthesis report {self.path} has no <{where}>")

        def count(*names: str) -> int:
            for name in names:
                child = element.find(name)
                if child is not None and child.text is not None:
                    return int(self._float(f"{where}/{name}", child.text.strip()))
            return 0  # a resource the part or the tool version does not have (e.g. URAM on 7-series)

        return ResourceCounts(bram_18k=count("BRAM_18K"), dsp=count("DSP", "DSP48E"), ff=count("FF"),
                              lut=count("LUT"), uram=count("URAM"))

    def ports(self) -> tuple[ReportPort, ...]:
        ports = []
        for element in self.root.findall("InterfaceSummary/RtlPorts"):
            direction = {"in": "input", "out": "output"}.get((element.findtext("Dir") or "").strip(), "inout")
            ports.append(ReportPort(
                name=(element.findtext("name") or "").strip(),
                direction=direction,
                width=int(self._float("RtlPorts/Bits", (element.findtext("Bits") or "0").strip())),
                protocol=(element.findtext("IOProtocol") or "").strip(),
                c_object=(element.findtext("Object") or "").strip(),
            ))
        return tuple(ports)

    def _float(self, where: str, value: str) -> float:
        try:
            return float(value)
        except ValueError:
            raise SynthesisReportError(
                f"synthesis report {self.path}: <{where}> is {value!r}, expected a number") from None


_CORE_INFO = re.compile(r'CORE_GENERATION_INFO\s*=\s*"(?P<top>\w+?),[^,]*,\{(?P<fields>[^}]*)\}"')


def read_core_generation_info(verilog: Path, top: str) -> SynthesisReport | None:
    """The figures HLS writes into the top module's ``CORE_GENERATION_INFO`` attribute, for exports that come
    without a csynth report (a Vitis IP package): ``HLS_SYN_LAT`` (latency), ``HLS_SYN_TPT`` (interval, or
    ``none``), clocks and resources. Only the upper bounds are known, so the lower ones are left unchecked."""
    match = _CORE_INFO.search(Path(verilog).read_text(errors="replace"))
    if match is None:
        return None
    fields = dict(item.split("=", 1) for item in match["fields"].split(",") if "=" in item)

    def number(name: str) -> float | None:
        try:
            return float(fields[name])
        except (KeyError, ValueError):
            return None

    latency, interval = number("HLS_SYN_LAT"), number("HLS_SYN_TPT")
    used = ResourceCounts(bram_18k=int(number("HLS_SYN_MEM") or 0), dsp=int(number("HLS_SYN_DSP") or 0),
                          ff=int(number("HLS_SYN_FF") or 0), lut=int(number("HLS_SYN_LUT") or 0), uram=0)
    return SynthesisReport(
        top=top, part=fields.get("HLS_INPUT_PART"), tool_version=fields.get("HLS_VERSION"),
        target_clock_ns=number("HLS_INPUT_CLOCK") or 0.0, estimated_clock_ns=number("HLS_SYN_CLOCK") or 0.0,
        clock_uncertainty_ns=None, latency_best_cycles=None,
        latency_worst_cycles=None if latency is None else int(latency), interval_min_cycles=None,
        interval_max_cycles=None if interval is None else int(interval), pipeline_type=fields.get("HLS_INPUT_ARCH"),
        used=used, available=ResourceCounts(0, 0, 0, 0, 0), ports=(), source=Path(verilog))
