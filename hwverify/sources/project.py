"""An hls4ml project directory as users have it: its firmware, its exported RTL and its reports.

The reference for the RTL is the firmware's own top function (:mod:`hwverify.model.firmware`,
:mod:`hwverify.model.harness`), compiled as it is in a cached copy; the user's directory is only read.
The RTL is looked for where Vivado/Vitis HLS put it (``<prj>/<solution>/syn/verilog``, ``impl/verilog``,
``impl/ip/hdl/verilog``, or an IP package with a ``component.xml`` beside the project). Every candidate
is checked against the firmware (top module, ports for every array at the firmware's widths); the one
that matches is used, and which was chosen is said. Nothing is guessed: no match is an error that says
what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError, HwverifyError
from hwverify.model.firmware import (
    ArgumentKind,
    CHeaders,
    ArgumentHints,
    TopFunction,
    read_headers,
    read_top_function,
    strip_comments,
    argument_hints,
)
from hwverify.model.harness import FirmwareBuild, FirmwareCsim, compile_firmware
from hwverify.model.mutants import WeightArray, read_weight_arrays, read_weight_values
from hwverify.model.inputs import read_sample_file
from hwverify.sources.beats import lay_out
from hwverify.sources.design import DataArray, RtlDesign
from hwverify.sources.float_ip import float_ip_models, ip_script_modules
from hwverify.sources.verilog import top_modules, undefined_modules

__all__ = ["HlsProject", "RtlCandidate", "compile_project_csim", "project_design"]

_RTL_GLOBS = ("*_prj/*/syn/verilog", "*_prj/*/impl/verilog", "*_prj/*/impl/ip/hdl/verilog")


@dataclass(frozen=True)
class RtlCandidate:
    """One directory of exported Verilog that was considered, and why it was or was not used."""

    directory: Path
    top: str | None  # the RTL top that matches the firmware, if one does
    problem: str | None  # why it does not match

    @property
    def matches(self) -> bool:
        """True when the RTL fits the firmware's top function."""
        return self.problem is None


@dataclass(frozen=True)
class HlsProject:
    """What hwverify found in an hls4ml project directory."""

    root: Path
    name: str  # the project name (myproject)
    top: TopFunction  # the firmware function the RTL implements (<name> or <name>_axi)
    model: TopFunction  # the model's own function <name> (inside the wrapper, for an accelerator)
    rtl_dir: Path | None
    candidates: tuple[RtlCandidate, ...]
    csynth_xml: Path | None
    notes: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[DataArray, ...]:
        """The top's input arrays as the RTL carries them."""
        return tuple(_data_array(a) for a in self.top.inputs)

    @property
    def outputs(self) -> tuple[DataArray, ...]:
        """The top's output arrays as the RTL carries them."""
        return tuple(_data_array(a) for a in self.top.outputs)

    @classmethod
    def open(cls, path: Path | str, rtl_dir: Path | str | None = None) -> HlsProject:
        """Read a project directory (the one holding ``firmware/``); ``rtl_dir`` overrides the RTL search."""
        root = Path(path).resolve()
        if not root.is_dir():
            raise ConfigError(f"{root} does not exist or is not a directory; pass an hls4ml project directory")
        firmware = root / "firmware"
        if not firmware.is_dir():
            raise ConfigError(f"{root} is not an hls4ml project directory: it has no firmware/ folder. Pass the "
                              "directory that holds firmware/ (and hls4ml_config.yml or <project>_bridge.cpp).")
        name = _project_name(root)
        headers = read_headers(firmware)
        hints = argument_hints(root, headers)
        tops = _candidate_tops(firmware, name, headers, hints)
        directories = [Path(rtl_dir).resolve()] if rtl_dir else _rtl_directories(root)
        candidates = tuple(_judge(d, tops) for d in directories)
        chosen, notes = _choose(root, candidates, tops, explicit=rtl_dir is not None)
        top = tops[chosen.top] if chosen else next(iter(tops.values()))
        notes += _bridge_notes(root, top) + _weights_notes(firmware)
        csynth = _csynth_report(chosen.directory, top.name) if chosen else None
        return cls(root, name, top, tops[name], chosen.directory if chosen else None, candidates, csynth,
                   tuple(notes))

    def sample_inputs(self) -> np.ndarray | None:
        """``tb_data/tb_input_features.dat`` (one sample per line, float values), if the project has it."""
        path = self.root / "tb_data" / "tb_input_features.dat"
        if not path.is_file():
            return None

        return read_sample_file(path)


def _data_array(argument) -> DataArray:  # type: ignore[no-untyped-def]
    if argument.size is None:
        raise ConfigError(f"the elements per sample of stream {argument.name} are unknown: the project's testbench "
                          "and bridge do not copy it with copy_data, convert_data or print_result")
    per_beat = argument.per_beat if argument.kind is ArgumentKind.STREAM else None  # a stream's beat is its C type
    return DataArray(argument.element, argument.size, _port_name(argument.name), per_beat)


def _port_name(name: str) -> str:
    """The RTL's name for an argument: HLS renames Verilog keywords (``in`` -> ``in_r``)."""
    return f"{name}_r" if name in ("in", "out") else name


def _project_name(root: Path) -> str:
    config = root / "hls4ml_config.yml"
    if config.is_file():
        match = re.search(r"^ProjectName:\s*['\"]?([\w-]+)", config.read_text(errors="replace"), re.M)
        if match and (root / "firmware" / f"{match[1]}.h").is_file():
            return match[1]
    bridges = sorted(root.glob("*_bridge.cpp"))
    if len(bridges) == 1 and (root / "firmware" / f"{bridges[0].name[:-len('_bridge.cpp')]}.h").is_file():
        return bridges[0].name.removesuffix("_bridge.cpp")
    names = [p.stem for p in sorted((root / "firmware").glob("*.cpp"))
             if not p.stem.endswith("_axi") and (p.with_suffix(".h")).is_file()]
    if len(names) != 1:
        raise ConfigError(f"cannot tell the project name of {root}: no ProjectName in hls4ml_config.yml, no single "
                          f"<project>_bridge.cpp, and firmware/ has {len(names)} top-function sources "
                          f"({', '.join(names) or 'none'})")
    return names[0]


def _candidate_tops(firmware: Path, name: str, headers: CHeaders, hints: ArgumentHints) -> dict[str, TopFunction]:
    """The firmware functions an RTL top may implement: the accelerator wrapper first, then the model."""
    tops = {}
    if (firmware / f"{name}_axi.cpp").is_file():
        tops[f"{name}_axi"] = read_top_function(firmware, f"{name}_axi", headers, hints)
    tops[name] = read_top_function(firmware, name, headers, hints)
    return tops


def _rtl_directories(root: Path) -> list[Path]:
    found = [d for pattern in _RTL_GLOBS for d in sorted(root.glob(pattern)) if d.is_dir()]
    for base in (root, root.parent):  # an IP package (export_design) beside or inside the project
        for component in sorted(base.glob("*/component.xml")) + sorted(base.glob("component.xml")):
            verilog = component.parent / "hdl" / "verilog"
            if verilog.is_dir() and verilog.resolve() not in found:
                found.append(verilog.resolve())
    return found


def _judge(directory: Path, tops: dict[str, TopFunction]) -> RtlCandidate:
    """Does this directory's RTL implement one of the firmware's top functions, port for port?"""
    if not directory.is_dir():
        return RtlCandidate(directory, None, "the directory does not exist")
    rtl_tops = top_modules(sorted(directory.glob("*.v")))
    present = [t for t in tops if t in rtl_tops]  # the exported top, not a module inside it
    if not present:
        return RtlCandidate(directory, None, f"its top module is {' / '.join(rtl_tops) or 'missing'}, not "
                            f"{' or '.join(tops)}")
    missing = sorted(set(undefined_modules(_verilog_sources(directory))) - ip_script_modules(directory))
    if missing:
        return RtlCandidate(directory, None, f"the export is incomplete: no file there defines {', '.join(missing)}, "
                            "which its Verilog instantiates (copy every file HLS wrote to that directory; a vendor "
                            "library module cannot be simulated here)")
    problems = []
    for name in present:
        try:
            lay_out(_design(directory, tops[name], check_ip=False))
            return RtlCandidate(directory, name, None)
        except HwverifyError as error:
            problems.append(f"{name}: {error}")
    return RtlCandidate(directory, None, "; ".join(problems))


def _choose(root: Path, candidates: tuple[RtlCandidate, ...], tops: dict[str, TopFunction],
            explicit: bool) -> tuple[RtlCandidate | None, list[str]]:
    matching = [c for c in candidates if c.matches]
    if not candidates:
        return None, []
    if not matching:
        expected = "; ".join(t.describe() for t in tops.values())
        found = "\n".join(f"  {c.directory}: {c.problem}" for c in candidates)
        raise ConfigError(f"no exported RTL in {root} matches the project's firmware. Expected a top module "
                          f"implementing {expected}. Found:\n{found}\nRe-export the RTL from this firmware, or "
                          "pass --rtl-dir with the export that belongs to it.")
    chosen = _preferred(matching)
    notes = []
    others = [c for c in candidates if c is not chosen]
    if others or not explicit:
        notes.append(f"RTL: {_relative(root, chosen.directory)} (top {chosen.top}), matches the firmware's "
                     f"{chosen.top}()")
    for other in others:
        same = other.matches and _same_files(other.directory, chosen.directory)
        why = "identical" if same else ("also matches, not used" if other.matches else f"not used: {other.problem}")
        notes.append(f"RTL: {_relative(root, other.directory)}: {why}")
    return chosen, notes


def _preferred(matching: list[RtlCandidate]) -> RtlCandidate:
    """syn/verilog is what C synthesis wrote (and its report describes); exports are copies made later."""
    for candidate in matching:
        if candidate.directory.parts[-2:] == ("syn", "verilog"):
            return candidate
    return matching[0]


def _same_files(a: Path, b: Path) -> bool:
    def digest(d: Path) -> dict[str, str]:
        return {p.name: file_sha256(p) for p in sorted(d.glob("*.v"))}

    return digest(a) == digest(b)


def _relative(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        try:
            return str(Path("..") / path.relative_to(root.parent))
        except ValueError:
            return str(path)


def _csynth_report(rtl_dir: Path, top: str) -> Path | None:
    """``<solution>/syn/report/<top>_csynth.xml`` of the solution the RTL directory belongs to."""
    for ancestor in list(rtl_dir.parents)[:4]:
        report = ancestor / "syn" / "report" / f"{top}_csynth.xml"
        if report.is_file():
            return report
    return None


def _verilog_sources(rtl_dir: Path) -> tuple[Path, ...]:
    return tuple(sorted(rtl_dir.glob("*.v")) + sorted(rtl_dir.glob("*.sv")))


def _design(rtl_dir: Path, top: TopFunction, check_ip: bool = True) -> RtlDesign:
    sources = _verilog_sources(rtl_dir)
    models = _float_ip_models(rtl_dir) if check_ip else ()
    generated = tuple(_write_model(model) for model in models)
    return RtlDesign(top=top.name, sources=sources + generated,
                     inputs=tuple(_data_array(a) for a in top.inputs),
                     outputs=tuple(_data_array(a) for a in top.outputs),
                     data_files=tuple(sorted(rtl_dir.glob("*.dat"))),
                     notes=tuple(model.note for model in models))


def _float_ip_models(rtl_dir: Path) -> tuple:  # type: ignore[type-arg]

    return float_ip_models(rtl_dir)


def _write_model(model) -> Path:  # type: ignore[no-untyped-def]
    """A behavioural model's Verilog in the cache (by content), so builds see a stable file."""
    name = f"{model.module_name}.v"
    entry, _ = Cache("float_ip_models").get_or_build(content_hash("float-ip/1", name, model.verilog),
                                                     lambda d: (d / name).write_text(model.verilog) and None)
    return entry.path / name


def project_design(project: HlsProject) -> RtlDesign:
    """The project's exported RTL as an :class:`RtlDesign` (float IP replaced by behavioural models)."""
    if project.rtl_dir is None:
        raise ConfigError(
            f"no exported RTL found in {project.root} (looked for <project>_prj/<solution>/syn/verilog, impl/verilog, "
            "impl/ip/hdl/verilog and IP packages with a component.xml); run the HLS export or pass --rtl-dir")
    return _design(project.rtl_dir, project.top)


def compile_project_csim(project: HlsProject) -> FirmwareCsim:
    """The firmware's top function (the one the RTL implements), compiled with hwverify's harness."""
    return compile_firmware(FirmwareBuild(project.root / "firmware", project.top, _sources(project),
                                          _std(project.root), _namespace(project.top)))


def project_weight_arrays(project: HlsProject) -> tuple[WeightArray, ...]:
    """The fixed-point weight and bias arrays the firmware reads from ``firmware/weights`` when it is simulated."""
    firmware = project.root / "firmware"
    return read_weight_arrays(firmware, _sources(project), read_headers(firmware))


def _sources(project: HlsProject) -> tuple[str, ...]:
    """The firmware's C++ files: the model's, and the accelerator wrapper's when the top is one."""
    return (f"{project.name}.cpp",) + ((f"{project.top.name}.cpp",) if project.top.name != project.name else ())


def _std(root: Path) -> str:
    """The C++ standard of the project's own build_lib.sh (hls4ml's templates use c++11 or c++14)."""
    script = root / "build_lib.sh"
    if script.is_file():
        match = re.search(r"-std=(c\+\+\d+|gnu\+\+\d+)", script.read_text(errors="replace"))
        if match:
            return match[1]
    return "c++14"


def _namespace(top: TopFunction) -> str | None:
    text = strip_comments(top.header.read_text(errors="replace"))
    match = re.search(r"\bnamespace\s+(\w+)\s*\{", text)
    return match[1] if match else None


def _bridge_notes(root: Path, top: TopFunction) -> list[str]:
    """Where the project's bridge disagrees with its firmware (hwverify calls the firmware directly)."""
    notes = []
    for bridge in sorted(root.glob("*_bridge.cpp")):
        text = strip_comments(bridge.read_text(errors="replace"))
        for call in re.findall(rf"\b{re.escape(top.name)}\s*\(([^;{{}}]*?)\)\s*;", text):
            count = len([a for a in call.split(",") if a.strip()])
            if count != len(top.arguments):
                notes.append(f"{bridge.name} calls {top.name}() with {count} arguments but firmware/{top.header.name} "
                             f"declares {len(top.arguments)}: the bridge is stale; hwverify calls the firmware "
                             "directly")
    return list(dict.fromkeys(notes))  # a bridge calls the top twice (float and double wrappers)


def _weights_notes(firmware: Path) -> list[str]:
    """Weights whose .txt (read by the C simulation) and .h (compiled into the RTL) disagree."""
    notes = []
    for header in sorted((firmware / "weights").glob("*.h")):
        text_file = header.with_suffix(".txt")
        if not text_file.is_file():
            continue
        initialiser = re.search(r"=\s*\{(.*?)\}\s*;", header.read_text(errors="replace"), re.S)
        if initialiser is None:
            continue
        try:
            in_header = read_weight_values(initialiser[1])
            in_text = read_weight_values(text_file.read_text())
        except ValueError:
            continue
        if in_header.shape != in_text.shape or not np.array_equal(in_header, in_text):
            notes.append(f"firmware/weights/{text_file.name} (read by the C simulation) differs from "
                         f"{header.name} (compiled into the RTL by HLS)")
    return notes
