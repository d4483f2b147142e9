"""A stand-in for ``vivado_hls`` / ``vitis_hls`` / ``vitis-run``, for machines without the vendor tools.

It is run the way hls4ml runs the real tools, in an hls4ml project directory, and checks what the real
tool would need (``build_prj.tcl``, ``project.tcl``, the firmware source, the step options). C synthesis
then "exports" the Verilog and csynth reports of one of hwverify's test designs (``rtl_sim/designs/``,
which follow the real tools' layout) into ``<project>_prj/solution1/syn/``, with the project's part and
clock written into the report. ``HWVERIFY_STANDIN_FAULT`` selects a failing variant:

- ``exit_status``: synthesis errors out (message on stdout, exit status 1), leaving a partial tree
- ``no_report``: exit 0, Verilog written, no csynth report
- ``no_verilog``: exit 0, reports written, no Verilog
- ``truncated_report``: exit 0, the csynth XML is cut off mid-file
- ``export_only``: the Verilog appears only under ``impl/verilog`` (as after ``export_design``)

``HWVERIFY_STANDIN_DESIGN`` names the design directory (default ``parallel_dense``);
``HWVERIFY_STANDIN_RTL_FAULT`` names one of its fault macros (e.g. ``FAULT_EXTRA_LATENCY``) to define at
the top of the exported Verilog: RTL that disagrees with its report or its model. Every invocation is
appended to ``standin_calls.log`` in the project directory, so tests can see what was run.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

DESIGNS = Path(__file__).resolve().parents[2] / "rtl_sim" / "designs"
VERSIONS = {"vivado_hls": "Vivado HLS v2019.2 (64-bit)", "vitis_hls": "Vitis HLS v2023.2 (64-bit)",
            "vitis-run": "vitis-run v2024.1 (64-bit)"}
STEPS = ("reset", "csim", "synth", "cosim", "validation", "export", "vsynth", "fifo_opt")


def main(argv: list[str]) -> int:
    """Behave like the tool named by ``--as``; return its exit status."""
    name, args = argv[1], argv[2:]
    if args and args[0] in ("-version", "--version"):
        print(VERSIONS[name])
        return 0
    print(f"****** {VERSIONS[name]} (hwverify stand-in)")
    project = Path.cwd()
    script = _script(name, args)
    if not (project / script).is_file():
        print(f"ERROR: [HLS 200-70] Cannot find the Tcl script '{script}'")
        return 1
    settings = _tcl_settings(project / "project.tcl")
    opts = _options(name, args, project)
    with open(project / "standin_calls.log", "a") as calls:
        calls.write(" ".join([name, *args]) + "\n" + " ".join(f"{k}={v}" for k, v in opts.items()) + "\n")
    top = _top(project / script, settings["project_name"])
    if not (project / "firmware" / f"{top}.cpp").is_file():
        print(f"ERROR: [HLS 200-70] Cannot find source file firmware/{top}.cpp")
        return 1
    if opts["cosim"]:
        print("ERROR: [COSIM 212-5] the stand-in has no C/RTL co-simulation")
        return 1
    if opts["synth"]:
        return _synthesise(project, top, settings, opts, os.environ.get("HWVERIFY_STANDIN_FAULT", ""))
    return 0


def _script(name: str, args: list[str]) -> str:
    flag = "--tcl" if name == "vitis-run" else "-f"
    return args[args.index(flag) + 1] if flag in args else ""


def _top(script: Path, project_name: str) -> str:
    """The top function as build_prj.tcl sets it (``${project_name}`` or ``${project_name}_axi``)."""
    found = re.search(r"^set_top (\S+)", script.read_text(), re.MULTILINE)
    return found[1].replace("${project_name}", project_name) if found else project_name


def _tcl_settings(path: Path) -> dict[str, str]:
    return {m[1]: m[2] for m in re.finditer(r'^set (\w+) "?([^"\n]*)"?$', path.read_text(), re.MULTILINE)}


def _options(name: str, args: list[str], project: Path) -> dict[str, int]:
    """build_prj.tcl's options: from the argument (Vivado HLS) or build_opt.tcl (Vitis)."""
    if name == "vivado_hls":
        text = " ".join(args[2:])
        found = {m[1]: m[2] for m in re.finditer(r"(\w+)=+(\w+)", text)}
    else:
        text = (project / "build_opt.tcl").read_text()
        found = {m[1]: m[2] for m in re.finditer(r"^\s*(\w+)\s+(\w+)\s*$", text, re.MULTILINE)}
    defaults = {"reset": 0, "csim": 1, "synth": 1, "cosim": 1, "validation": 1, "export": 0, "vsynth": 0,
                "fifo_opt": 0}  # build_prj.tcl's own defaults
    return {step: int(found[step] in ("1", "True", "true")) if step in found else defaults[step] for step in STEPS}


def _synthesise(project: Path, top: str, settings: dict[str, str], opts: dict[str, int], fault: str) -> int:
    design = DESIGNS / os.environ.get("HWVERIFY_STANDIN_DESIGN", "parallel_dense")
    solution = project / f"{settings['project_name']}_prj" / "solution1"
    print("***** C/RTL SYNTHESIS *****")
    if fault == "exit_status":
        (solution / "syn" / "report").mkdir(parents=True, exist_ok=True)
        print(f"ERROR: [SYNCHK 200-61] firmware/{top}.cpp:42: unsupported memory access on variable 'w2'")
        print("ERROR: [HLS 200-70] Synthesizability check failed.")
        return 1
    if fault != "no_verilog":
        verilog = solution / ("impl" if fault == "export_only" or opts["export"] else "syn") / "verilog"
        _copy_verilog(design, verilog)
        if opts["export"] and fault != "export_only":
            _copy_verilog(design, solution / "syn" / "verilog")
    if fault != "no_report":
        _write_reports(design, solution / "syn" / "report", top, settings, truncated=fault == "truncated_report")
    print("***** C/RTL SYNTHESIS COMPLETED *****")
    return 0


def _copy_verilog(design: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    fault = os.environ.get("HWVERIFY_STANDIN_RTL_FAULT", "")
    for source in sorted(design.glob("*.v")) + sorted(design.glob("*.dat")):
        text = source.read_text()
        if fault and source.suffix == ".v":
            text = f"`define {fault}\n{text}"
        (target / source.name).write_text(text)


def _write_reports(design: Path, target: Path, top: str, settings: dict[str, str], truncated: bool) -> None:
    target.mkdir(parents=True, exist_ok=True)
    xml = (design / "report" / f"{top}_csynth.xml").read_text()
    xml = re.sub(r"<Part>[^<]*</Part>", f"<Part>{settings['part']}</Part>", xml)
    period = float(settings["clock_period"])
    xml = re.sub(r"<TargetClockPeriod>[^<]*</TargetClockPeriod>",
                 f"<TargetClockPeriod>{period:.2f}</TargetClockPeriod>", xml)
    (target / f"{top}_csynth.xml").write_text(xml[: len(xml) // 2] if truncated else xml)
    rpt = design / "report" / f"{top}_csynth.rpt"
    if rpt.is_file():
        shutil.copy(rpt, target / rpt.name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
