"""hls4ml project directories assembled from hwverify's own test designs, as users have them.

Vivado and Vitis HLS cannot run here, so a "project" is put together from a hand-written design
(``rtl_sim/designs/<name>/``): its hand-written firmware (``firmware/``, with the ``ap_types`` headers
copied from the installed hls4ml package, since they are not committed), an ``hls4ml_config.yml``, a
plausible ``<project>_bridge.cpp``, a few on-grid rows of ``tb_data/tb_input_features.dat``, the RTL
where HLS exports it and the csynth report. Variants reproduce what real public exports were found to
hold: a fault-injected RTL, a stale bridge, an older export beside the current one, a Vitis IP package
without a csynth report, and firmware whose types no longer match the RTL.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hwverify.errors import UnknownModel
from hwverify.fixed import FixedType
from hwverify.protocols import IoStyle
from tests.rtl.designs import DESIGNS, FIXED_16_6, HlsDesign
from tests.rtl.feature_designs import FEATURE_DESIGNS, STREAM_LANES

__all__ = ["LAYOUTS", "PROJECT_DESIGNS", "ProjectDesign", "assemble_project", "bridge_source", "project_design",
           "tb_input_rows"]

#: Where the RTL goes: HLS's syn/verilog; also an older export in impl/verilog; the current RTL only in
#: impl/verilog under an older syn/verilog; a Vitis IP package beside the project (no csynth report).
LAYOUTS = ("syn", "stale_impl", "stale_syn", "ip_package")


def _hls4ml_directory() -> Path:
    """The installed hls4ml package (found without importing it: its import is slow)."""
    spec = importlib.util.find_spec("hls4ml")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("hls4ml is not installed: its ap_types headers are needed")
    return Path(next(iter(spec.submodule_search_locations)))


#: The ap_types headers the firmware compiles with (not committed: copied from the hls4ml package).
AP_TYPES = _hls4ml_directory() / "templates" / "vivado" / "ap_types"
SOLUTION = Path("solution1")
TB_ROWS = 6


@dataclass(frozen=True)
class ProjectDesign:
    """A test design that can be assembled into an hls4ml project.

    ``project_name`` is the model function (``ProjectName``); ``call`` the firmware function the RTL top
    implements (``<project>_axi`` for a VivadoAccelerator wrapper). ``outputs`` names the top's output
    arguments (the bridge converts them back), ``stream_sizes`` the elements per sample of each stream
    argument (a signature does not carry them; the bridge's ``convert_data`` calls do). ``left_out``
    are sources the export does not carry, ``extra_files`` design files it carries besides the .v files.
    """

    design: HlsDesign
    project_name: str
    outputs: tuple[str, ...]
    stream_sizes: Mapping[str, str] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    extra_files: tuple[str, ...] = ()
    #: The grid of the model's own input (tb_data values), for a design with float ports.
    value_type: FixedType | None = None

    @property
    def call(self) -> str:
        """The firmware function the RTL implements."""
        return self.design.top

    @property
    def firmware(self) -> Path:
        """The design's hand-written firmware directory."""
        return self.design.directory / "firmware"

    @property
    def report(self) -> Path:
        """The design's csynth report (``report/<top>_csynth.xml``)."""
        return self.design.directory / "report" / f"{self.design.top}_csynth.xml"

    @property
    def rtl_sources(self) -> tuple[Path, ...]:
        """The Verilog files an export carries (the design's sources minus ``left_out``), top first."""
        return tuple(s for name, s in zip(self.design.source_names, self.design.sources) if name not in self.left_out)


def _project(design: HlsDesign, outputs: tuple[str, ...], *, stream_sizes: Mapping[str, str] | None = None,
             left_out: tuple[str, ...] = (), extra_files: tuple[str, ...] = (),
             value_type: FixedType | None = None) -> ProjectDesign:
    """A project whose model function is the RTL top's name without ``_axi``."""
    return ProjectDesign(design=design, project_name=design.top.removesuffix("_axi"), outputs=outputs,
                         stream_sizes=dict(stream_sizes or {}), left_out=left_out, extra_files=extra_files,
                         value_type=value_type)


_PIXELS = "N_INPUT_1_1*N_INPUT_2_1*N_INPUT_3_1"

PROJECT_DESIGNS: dict[str, ProjectDesign] = {
    p.design.name: p for p in (
        _project(DESIGNS["parallel_dense"], ("layer13_out",)),
        _project(DESIGNS["stream_vivado"], ("layer4_out",),
                 stream_sizes={"input_1": _PIXELS, "layer4_out": "OUT_HEIGHT_4*OUT_WIDTH_4*N_FILT_4"}),
        _project(DESIGNS["stream_vitis"], ("layer4_out",),
                 stream_sizes={"input_1": _PIXELS, "layer4_out": "OUT_HEIGHT_4*OUT_WIDTH_4*N_FILT_4"}),
        _project(DESIGNS["accelerator"], ("out",)),
        _project(DESIGNS["accelerator_float"], ("out",), left_out=("ip/myproject_axi_ap_fpext_0_no_dsp_32.v",),
                 extra_files=("myproject_axi_ap_fpext_0_no_dsp_32_ip.tcl",), value_type=FIXED_16_6),
        _project(FEATURE_DESIGNS["parallel_dataflow"], ("layer5_out",)),
        _project(FEATURE_DESIGNS["parallel_resource"], ("layer9_out",)),
        _project(FEATURE_DESIGNS["parallel_scalar_ports"], ("layer7_out",)),
        _project(FEATURE_DESIGNS["stream_stall"], ("layer2_out",),
                 stream_sizes={"input_1": "N_INPUT_1_1*N_INPUT_2_1", "layer2_out": "N_INPUT_1_1*N_INPUT_2_1"}),
        _project(DESIGNS["ap_fifo_dense"], ("layer13_out",)),  # the accelerator's inner myproject as a top
        _project(STREAM_LANES, ("y",), stream_sizes={"x": "N_INPUT_1_1*N_LANES", "y": "N_INPUT_1_1*N_LANES"}),
    )
}


def project_design(name: str) -> ProjectDesign:
    """The project design called ``name``."""
    try:
        return PROJECT_DESIGNS[name]
    except KeyError:
        raise UnknownModel(f"no project design '{name}'; known: {', '.join(PROJECT_DESIGNS)}") from None


def assemble_project(design_name: str, directory: Path, *, fault: str | None = None, layout: str = "syn",
                     stale_bridge: bool = False, firmware_edit: Mapping[str, str] | None = None,
                     tb_data: bool = True) -> Path:
    """Build an hls4ml project from a test design under ``directory``; returns the project directory.

    The project is ``directory/hls4ml_prj``; an IP package (``layout="ip_package"``) goes beside it, to
    ``directory/export`` (``hdl/verilog`` and ``component.xml``), as Vitis's export_design leaves it.
    ``fault`` names one of the design's fault variants: its define is prepended to every copied .v file
    that tests it. ``firmware_edit`` maps typedef names to new C types (``{"input_t": "ap_fixed<18,8>"}``),
    making the firmware disagree with the RTL. ``stale_bridge`` writes a bridge for the other hls4ml
    generation (with ``const_size`` arguments where the firmware has none, or without them where it has).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    spec = project_design(design_name)
    root = Path(directory) / "hls4ml_prj"
    root.mkdir(parents=True, exist_ok=False)
    _write_firmware(spec, root / "firmware", firmware_edit or {})
    (root / "hls4ml_config.yml").write_text(_config_text(spec))
    (root / f"{spec.project_name}_bridge.cpp").write_text(bridge_source(spec, root / "firmware", stale_bridge))
    if tb_data:
        _write_tb_data(spec, root / "tb_data", seed=len(design_name))
    defines = (spec.design.fault(fault).define,) if fault else ()
    _place_rtl(spec, root, layout, defines)
    return root


def _write_firmware(spec: ProjectDesign, firmware: Path, edits: Mapping[str, str]) -> None:
    shutil.copytree(spec.firmware, firmware)
    shutil.copytree(AP_TYPES, firmware / "ap_types")
    for alias, c_type in edits.items():
        changed = [h for h in firmware.glob("*.h") if _retype(h, alias, c_type)]
        if not changed:
            raise ValueError(f"no 'typedef ... {alias};' in {spec.firmware}/*.h")


def _retype(header: Path, alias: str, c_type: str) -> bool:
    """Replace the target type of ``typedef <old> alias;`` in ``header``; True if it was there."""
    text = header.read_text()
    new, count = re.subn(rf"typedef\s+[^;{{}}]+?\s+{re.escape(alias)}\s*;", f"typedef {c_type} {alias};", text)
    header.write_text(new)
    return count > 0


def _config_text(spec: ProjectDesign) -> str:
    """An ``hls4ml_config.yml`` as hls4ml writes it (hwverify reads ``ProjectName``)."""
    style = spec.design.style
    io_type = "io_stream" if style in (IoStyle.AXIS_PER_ELEMENT, IoStyle.AXIS_PACKED) else "io_parallel"
    backend = "VivadoAccelerator" if style is IoStyle.ACCELERATOR else "Vivado"
    return (f"Backend: {backend}\nOutputDir: hls4ml_prj\nProjectName: {spec.project_name}\n"
            f"Part: xcku115-flvb2104-2-i\nClockPeriod: 5\nIOType: {io_type}\nHLSConfig:\n  Model:\n"
            "    Precision: ap_fixed<16,6>\n    ReuseFactor: 1\n")


@dataclass(frozen=True)
class _Argument:
    name: str
    c_type: str
    size: str | None  # the size expression of an array argument
    stream: bool
    const_size: bool
    lanes: str | None = None  # an array of streams (an hls4ml fork's hls::stream<T> x[N]): N


def _arguments(header: Path, function: str) -> list[_Argument]:
    """The top function's arguments as its declaration in ``header`` spells them (a small parser of our own)."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", header.read_text(), flags=re.S)
    match = re.search(rf"\bvoid\s+{function}\s*\((.*?)\)\s*;", text, re.S)
    if match is None:
        raise ValueError(f"{header} declares no void {function}(...)")
    arguments = []
    for part in re.split(r",(?![^<>]*>)", match[1]):
        part = " ".join(part.split())
        if stream := re.fullmatch(r"hls::stream<(.+)> ?&(\w+)", part):
            arguments.append(_Argument(stream[2], stream[1], None, True, False))
        elif lanes := re.fullmatch(r"hls::stream<(.+)> (\w+)\[(.+)\]", part):
            arguments.append(_Argument(lanes[2], lanes[1], None, True, False, lanes[3]))
        elif array := re.fullmatch(r"(.+?) (\w+)\[(.+)\]", part):
            arguments.append(_Argument(array[2], array[1], array[3], False, False))
        elif size := re.fullmatch(r"unsigned short ?&(\w+)", part):
            arguments.append(_Argument(size[1], "unsigned short", None, False, True))
    return arguments


def bridge_source(spec: ProjectDesign, firmware: Path, stale: bool = False) -> str:
    """A ``<project>_bridge.cpp`` in the shape hls4ml writes (float and double entry points)."""
    header = spec.call + ".h"
    arguments = _arguments(firmware / header, spec.call)
    lines = [f"#ifndef {spec.project_name.upper()}_BRIDGE_H_", f"#define {spec.project_name.upper()}_BRIDGE_H_", "",
             f'#include "firmware/{header}"', '#include "firmware/nnet_utils/nnet_helpers.h"', "",
             'extern "C" {', ""]
    for dtype in ("float", "double"):
        lines += _bridge_function(spec, arguments, dtype, stale) + [""]
    return "\n".join(lines + ["}", "", "#endif", ""])


def _bridge_function(spec: ProjectDesign, arguments: list[_Argument], dtype: str, stale: bool) -> list[str]:
    data = [a for a in arguments if not a.const_size]
    header = ", ".join(f"{dtype} *{a.name}" for a in data)
    body = [f"void {spec.project_name}_{dtype}({header}) {{"]
    for a in data:
        size = a.size or spec.stream_sizes[a.name]
        convert = "convert_data_axi" if a.c_type.endswith("axi_t") else "convert_data"
        if a.lanes:
            body.append(f"    hls::stream<{a.c_type}> {a.name}_ap[{a.lanes}];")
        else:
            body.append(f'    hls::stream<{a.c_type}> {a.name}_ap("{a.name}");' if a.stream
                        else f"    {a.c_type} {a.name}_ap[{size}];")
        if a.name not in spec.outputs:
            body.append(f"    nnet::{convert}<{dtype}, {a.c_type}, {size}>({a.name}, {a.name}_ap);")
    has_sizes = any(a.const_size for a in arguments)
    names = [f"{a.name}_ap" for a in data]
    if has_sizes != stale:  # the firmware's generation, or the other one for a stale bridge
        body.append("    unsigned short const_size_in_1, const_size_out_1;")
        names += ["const_size_in_1", "const_size_out_1"]
    body.append(f"    {spec.call}({','.join(names)});")
    for a in data:
        if a.name in spec.outputs:
            size = a.size or spec.stream_sizes[a.name]
            convert = "convert_data_axi" if a.c_type.endswith("axi_t") else "convert_data"
            body.append(f"    nnet::{convert}<{a.c_type}, {dtype}, {size}>({a.name}_ap, {a.name});")
    return body + ["}"]


def tb_input_rows(spec: ProjectDesign, n: int, seed: int) -> np.ndarray:
    """``n`` rows of input values on the model input's grid, within half its range (exact in text)."""
    element = spec.value_type or spec.design.input_type
    if not isinstance(element, FixedType):
        raise TypeError(f"{spec.design.name}: tb_data rows need a fixed-point grid, got {element}")
    rng = np.random.default_rng(seed)
    codes = rng.integers(element.code_min // 2, element.code_max // 2 + 1, size=(n, spec.design.n_inputs))
    return codes.astype(np.float64) * element.lsb


def _write_tb_data(spec: ProjectDesign, tb_data: Path, seed: int) -> None:
    tb_data.mkdir()
    rows = tb_input_rows(spec, TB_ROWS, seed)
    (tb_data / "tb_input_features.dat").write_text("".join(" ".join(repr(float(v)) for v in row) + "\n"
                                                           for row in rows))


def _place_rtl(spec: ProjectDesign, root: Path, layout: str, defines: tuple[str, ...]) -> None:
    solution = root / f"{spec.project_name}_prj" / SOLUTION
    if layout == "ip_package":
        export = root.parent / "export"
        _copy_rtl(spec, export / "hdl" / "verilog", defines)
        (export / "component.xml").write_text(_component_xml(spec))
        return
    current = solution / ("impl" if layout == "stale_syn" else "syn") / "verilog"
    _copy_rtl(spec, current, defines)
    if layout in ("stale_impl", "stale_syn"):
        older = solution / ("syn" if layout == "stale_syn" else "impl") / "verilog"
        _copy_rtl(spec, older, ())
        _narrow_outputs(older / f"{spec.design.top}.v", spec.design.top)
    report = solution / "syn" / "report"
    report.mkdir(parents=True)
    shutil.copy2(spec.report, report / spec.report.name)


def _copy_rtl(spec: ProjectDesign, target: Path, defines: tuple[str, ...]) -> None:
    target.mkdir(parents=True)
    for source in spec.rtl_sources + spec.design.data_files:
        shutil.copy2(source, target / source.name)
    for name in spec.extra_files:
        shutil.copy2(spec.design.directory / name, target / Path(name).name)
    for define in defines:
        users = [p for p in target.glob("*.v") if re.search(rf"`ifn?def\s+{define}\b", p.read_text())]
        if not users:
            raise ValueError(f"no source of {spec.design.name} tests `{define}")
        for path in users:  # guarded: the same define may reach a later file of the same compilation
            path.write_text(f"`ifndef {define}\n`define {define}\n`endif\n" + path.read_text())


def _narrow_outputs(top_file: Path, top: str) -> None:
    """An older export: every output data port of the top at half its width (another output type)."""
    text = top_file.read_text()
    module = re.search(rf"module\s+{top}\b.*?endmodule", text, re.S)
    if module is None:
        raise ValueError(f"no module {top} in {top_file}")

    def narrow(match: re.Match[str]) -> str:
        if int(match[2]) < 3:  # 1-bit TLAST and the like stay
            return match[0]
        return f"{match[1]}[{(int(match[2]) + 1) // 2 - 1}:0]{match[3]}"

    body = re.sub(r"^(\s*output\s+)\[(\d+):0\](\s*\w+\s*;)", narrow, module[0], flags=re.M)
    top_file.write_text(text[:module.start()] + body + text[module.end():])


def _component_xml(spec: ProjectDesign) -> str:
    """A minimal IP-XACT component description, as an exported Vitis IP package has one."""
    top = spec.design.top
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- hwverify test project: a hand-written stand-in for an exported IP's component.xml -->\n"
        '<spirit:component xmlns:spirit="http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009">\n'
        "  <spirit:vendor>xilinx.com</spirit:vendor>\n  <spirit:library>hls</spirit:library>\n"
        f"  <spirit:name>{top}</spirit:name>\n  <spirit:version>1.0</spirit:version>\n"
        "  <spirit:model><spirit:views><spirit:view>\n"
        "    <spirit:name>xilinx_verilogsynthesis</spirit:name>\n"
        f"    <spirit:modelName>{top}</spirit:modelName>\n"
        "  </spirit:view></spirit:views></spirit:model>\n"
        "</spirit:component>\n"
    )
