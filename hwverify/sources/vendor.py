"""RTL export with Vivado HLS / Vitis HLS: run hls4ml's build script, check it, find the Verilog and reports.

hls4ml's Vivado backend runs ``vivado_hls`` with ``os.system`` and ignores its exit status, so a failed
synthesis surfaces later as a missing report. Here the project is written by hls4ml and the tool is run
directly with the same ``build_prj.tcl`` arguments; a non-zero exit status is a :class:`ToolFailed` with
the log's tail, and a run that exits 0 but leaves no Verilog or no report is an error naming the path.
Exports are cached by content hash (model, configuration, package versions, tool name and version).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hwverify.cache import Cache, content_hash
from hwverify.errors import ConfigError, SynthesisReportError, ToolFailed, ToolNotFound
from hwverify.fixed import FixedType
from hwverify.model.config import HlsConfig
from hwverify.model.csim import convert, model_fingerprint
from hwverify.sources.csynth import REPORT_DIR, SynthesisReport, find_csynth_report, read_csynth_xml
from hwverify.sources.design import RtlDesign  # noqa: PLC0415 (the rtl package is optional here)
from hwverify.tools import executable_version, file_tail, package_versions

if TYPE_CHECKING:
    from hwverify.sources.design import RtlDesign

#: The executables that can build each hls4ml backend's project, in order of preference.
BACKEND_TOOLS: dict[str, tuple[str, ...]] = {
    "Vivado": ("vivado_hls",),
    "VivadoAccelerator": ("vivado_hls",),
    "Vitis": ("vitis-run", "vitis_hls"),
}

#: Where the exported Verilog lives, relative to ``<project>_prj/solution1``: C synthesis output, then export.
VERILOG_DIRS = (Path("syn") / "verilog", Path("impl") / "verilog")

LOG_NAME = "build.log"

_INSTALL_HINT = ("Install Vivado HLS (2019.x) or Vitis HLS and source its settings64.sh, or run only the "
                 "open flow; tests that need a vendor tool are skipped.")


@dataclass(frozen=True)
class BuildSteps:
    """Which steps of hls4ml's ``build_prj.tcl`` to run. C/RTL co-simulation stays off: we simulate ourselves."""

    reset: bool = True
    csim: bool = False
    synth: bool = True
    cosim: bool = False
    validation: bool = False
    export: bool = False
    vsynth: bool = False

    def __post_init__(self) -> None:
        if not self.synth:
            raise ConfigError("BuildSteps(synth=False) exports no RTL; C synthesis must run for a vendor export")

    def flags(self) -> dict[str, int]:
        """Every option ``build_prj.tcl`` reads (``fifo_opt`` is always off), as 0/1."""
        return {**{name: int(value) for name, value in asdict(self).items()}, "fifo_opt": 0}

    def tcl_argument(self) -> str:
        """The single argument Vivado HLS passes to ``build_prj.tcl`` (``"reset=1 csim=0 ..."``)."""
        return " ".join(f"{name}={value}" for name, value in self.flags().items())

    def build_opt_tcl(self) -> str:
        """The ``build_opt.tcl`` that Vitis's ``build_prj.tcl`` sources instead of reading arguments."""
        lines = "".join(f"    {name:<10} {value}\n" for name, value in self.flags().items())
        return "array set opt {\n" + lines + "}\n"


@dataclass(frozen=True)
class VendorTool:
    """One HLS executable found on PATH."""

    name: str  # "vivado_hls" | "vitis_hls" | "vitis-run"
    path: str

    @property
    def version_flag(self) -> str:
        """The flag that makes the tool print its version."""
        return "--version" if self.name == "vitis-run" else "-version"

    def version(self) -> str:
        """The first line the tool prints for its version flag (part of the cache key)."""
        return executable_version(self.path, self.version_flag)

    def command(self, steps: BuildSteps) -> list[str]:
        """The command line hls4ml uses for this tool, run in the project directory."""
        if self.name == "vitis-run":
            return [self.path, "--tcl", "build_prj.tcl", "--mode", "hls"]
        if self.name == "vitis_hls":
            return [self.path, "-f", "build_prj.tcl"]
        return [self.path, "-f", "build_prj.tcl", steps.tcl_argument()]


@dataclass(frozen=True)
class VendorExport:
    """An hls4ml project built by a vendor HLS tool: its Verilog, data files and synthesis report.

    ``cache_key`` names the cache entry the build went to (empty for an export hwverify did not build);
    ``from_cache``: found there, not built by this call.
    """

    project_dir: Path
    top: str
    verilog_dir: Path
    verilog_files: tuple[Path, ...]
    data_files: tuple[Path, ...]  # ROM contents the Verilog loads by relative path
    report: SynthesisReport
    tool: str
    tool_version: str
    log_path: Path
    cache_key: str
    from_cache: bool

    def rtl_design(self, input_type: FixedType, output_type: FixedType, n_inputs: int,
                   n_outputs: int) -> RtlDesign:
        """The exported RTL as a :class:`hwverify.sources.design.RtlDesign`, ready for ``simulate``."""

        return RtlDesign.single(top=self.top, sources=self.verilog_files, input_type=input_type, output_type=output_type,
                         n_inputs=n_inputs, n_outputs=n_outputs, data_files=self.data_files)


def find_vendor_tool(backend: str) -> VendorTool:
    """The first HLS tool on PATH that can build ``backend``'s projects, or :class:`ToolNotFound`."""
    names = BACKEND_TOOLS.get(backend)
    if names is None:
        raise ConfigError(f"backend {backend!r} has no vendor HLS tool; choose one of {', '.join(BACKEND_TOOLS)}")
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return VendorTool(name, path)
    raise ToolNotFound(" or ".join(names), f"exporting RTL from hls4ml's {backend} backend", _INSTALL_HINT)


def export_rtl(model: Any, config: HlsConfig, cache: Cache | None = None, steps: BuildSteps = BuildSteps(),
               timeout_s: float | None = None) -> VendorExport:
    """Write ``model``'s hls4ml project, run C synthesis (and export if asked), and return what it produced.

    Raises :class:`ToolNotFound` when no vendor tool is on PATH, :class:`ToolFailed` on a non-zero exit
    status or a run that produced no Verilog, :class:`SynthesisReportError` when the report is missing
    or unreadable. A cache hit returns the stored project without running the tool.
    """

    tool = find_vendor_tool(config.backend)
    version = tool.version()
    cache = cache or Cache("vendor")
    key = content_hash("vendor-v1", model_fingerprint(model), config.fingerprint(), package_versions(),
                       tool.name, version, asdict(steps))
    entry, built = cache.get_or_build(key, lambda directory: _write_and_build(model, config, tool, steps, directory,
                                                                              timeout_s))
    return locate_export(entry.path, export_top(config), tool.name, version, key, from_cache=not built)


def export_top(config: HlsConfig) -> str:
    """The synthesised top function: ``<project>``, or ``<project>_axi`` for VivadoAccelerator's wrapper."""
    return f"{config.project_name}_axi" if config.backend == "VivadoAccelerator" else config.project_name


def _write_and_build(model: Any, config: HlsConfig, tool: VendorTool, steps: BuildSteps, directory: Path,
                     timeout_s: float | None) -> dict[str, str]:

    with contextlib.redirect_stdout(io.StringIO()):
        graph = convert(model, config, directory)
        graph.write()
    log_path = build_log_path(directory)
    run_build(directory, tool, steps, log_path, timeout_s)
    locate_export(directory, export_top(config), tool.name, "", "", from_cache=False)  # fail now, uncached
    return {"tool": tool.name}


def build_log_path(project_dir: Path) -> Path:
    """Where a cached project's build log goes: beside the entry, so it outlives a failed build's entry."""
    return project_dir.parent / f"{project_dir.name}.{LOG_NAME}"


def run_build(project_dir: Path, tool: VendorTool, steps: BuildSteps, log_path: Path,
              timeout_s: float | None = None) -> None:
    """Run ``build_prj.tcl`` with ``tool`` in ``project_dir``, its output going to ``log_path``."""
    if not (project_dir / "build_prj.tcl").is_file():
        raise ConfigError(f"{project_dir} has no build_prj.tcl; write the hls4ml project first (graph.write())")
    (project_dir / "build_opt.tcl").write_text(steps.build_opt_tcl())
    with open(log_path, "w") as log:
        try:
            result = subprocess.run(tool.command(steps), cwd=project_dir, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise ToolFailed(tool.name, -1, f"timed out after {timeout_s} s", str(log_path)) from None
    if result.returncode != 0:
        raise ToolFailed(tool.name, result.returncode, file_tail(log_path), str(log_path))


def locate_export(project_dir: Path, top: str, tool: str, version: str, key: str, from_cache: bool) -> VendorExport:
    """The Verilog and report a finished build left in ``project_dir``; errors name what is missing."""
    log_path = build_log_path(project_dir)
    verilog_dir = find_verilog_dir(project_dir, top, tool, log_path)
    try:
        report_path = find_csynth_report(project_dir, top)
    except SynthesisReportError as error:
        raise SynthesisReportError(f"{tool} exited 0 but {error} (build log: {log_path})") from None
    return VendorExport(
        project_dir=project_dir,
        top=top,
        verilog_dir=verilog_dir,
        verilog_files=_top_first(sorted(verilog_dir.glob("*.v")), top),
        data_files=tuple(sorted(verilog_dir.glob("*.dat"))),
        report=read_csynth_xml(report_path),
        tool=tool,
        tool_version=version,
        log_path=log_path,
        cache_key=key,
        from_cache=from_cache,
    )


def find_verilog_dir(project_dir: Path, top: str, tool: str = "the HLS tool", log_path: Path | None = None) -> Path:
    """``syn/verilog`` (or ``impl/verilog``) holding ``<top>.v``, or :class:`ToolFailed` naming where it looked."""
    solution = project_dir / REPORT_DIR.parent.parent
    candidates = [solution / sub for sub in VERILOG_DIRS]
    for candidate in candidates:
        if (candidate / f"{top}.v").is_file():
            return candidate
    looked = ", ".join(str(c / f"{top}.v") for c in candidates)
    tail = file_tail(log_path) if log_path is not None and log_path.is_file() else ""
    raise ToolFailed(tool, 0, f"it exited 0 but wrote no Verilog for top '{top}': looked for {looked}\n{tail}",
                     str(log_path) if log_path else None)


def _top_first(files: list[Path], top: str) -> tuple[Path, ...]:
    return tuple(sorted(files, key=lambda p: (p.stem != top, p.name)))


def require_vendor_tool(backend: str | None = None) -> VendorTool:
    """A vendor tool for ``backend``, or for any backend when None; :class:`ToolNotFound` names them all."""
    if backend is not None:
        return find_vendor_tool(backend)
    names = tuple(dict.fromkeys(name for names in BACKEND_TOOLS.values() for name in names))
    for backend_name in BACKEND_TOOLS:
        try:
            return find_vendor_tool(backend_name)
        except ToolNotFound:
            continue
    raise ToolNotFound(" or ".join(names), "tests marked 'vendor'", _INSTALL_HINT)
