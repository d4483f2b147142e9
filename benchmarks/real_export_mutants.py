"""Mutants of real exports: faults made in the exported Verilog must be caught by the default ``hwverify verify``.

For each chosen corpus project (see benchmarks/real_exports.toml and real_exports.py for the checkouts)
the project is copied, one fault is made in the copy of its chosen RTL, and ``hwverify verify`` runs on
the copy with its default flags. A mutant is caught when the exit code is 1 and the output names the
failed check (the first differing sample, a framing error, a latency/II violation or a stall).

Faults, each applicable to some interface styles:
  coefficient    one constant operand of a multiplier inside the model changed in its least significant bit
  swap_lanes     two elements of an input (or output) beat exchanged at the top's ports (a wrapper module)
  extra_stage    every output of an io_parallel top (data, _ap_vld, ap_done) delayed by one register
  tlast_zero     an accelerator's output TLAST tied to 0
  tlast_inverted an accelerator's output TLAST inverted
  shrunk_fifo    the FIFO of a dataflow design that holds the most words given a quarter of that

    .venv/bin/python benchmarks/real_export_mutants.py CORPUS_ROOT [--only dnnos_dense_rf16,ece226,tutorial_pynq]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.real_exports import load_manifest  # noqa: E402
from hwverify.sim.fifos import find_fifo_instances  # noqa: E402
from hwverify.sim.simulate import plan_simulation  # noqa: E402
from hwverify.sources.design import RtlDesign  # noqa: E402
from hwverify.sources.project import HlsProject, project_design  # noqa: E402
from hwverify.sources.verilog import Port, read_ports  # noqa: E402

CAUGHT = re.compile(r"first: sample \d+|framing FAILED|latency of sample \d+|ii of sample \d+|stalled")
DEFAULT_PROJECTS = ("dnnos_dense_rf16", "ece226", "lenet5", "tutorial_pynq")


@dataclass(frozen=True)
class Outcome:
    """One mutant's verdict."""

    project: str
    mutant: str
    rc: int
    seconds: float
    evidence: str

    @property
    def caught(self) -> bool:
        """rc 1 with the failed check named."""
        return self.rc == 1 and bool(self.evidence)


def _top_file(rtl_dir: Path, top: str) -> Path:
    for path in sorted(rtl_dir.glob("*.v")):
        if re.search(rf"^\s*module\s+{re.escape(top)}\b", path.read_text(errors="replace"), re.M):
            return path
    raise FileNotFoundError(f"no file defines module {top} in {rtl_dir}")


def coefficient(rtl_dir: Path, design: RtlDesign) -> bool:
    """Flip the least significant bit of the first constant multiplier operand found below the top."""
    operand = re.compile(r"(\.din1\(|_p[01]\s*=\s*)(\d+)'(s?[hd])([0-9A-Fa-f]+)")
    for path in sorted(rtl_dir.glob("*.v")):
        if path.stem == design.top:
            continue
        text = path.read_text(errors="replace")
        match = operand.search(text)
        if match is None:
            continue
        base = 16 if match[3].endswith("h") else 10
        value = int(match[4], base) ^ 1
        digits = format(value, "x" if base == 16 else "d")
        path.write_text(text[:match.start(4)] + digits + text[match.end(4):])
        return True
    return False


def _wrap(rtl_dir: Path, design: RtlDesign, body: Callable[[tuple[Port, ...]], list[str]]) -> bool:
    """Rename the top to <top>_mutant and write a wrapper <top> with the same ports around it."""
    path = _top_file(rtl_dir, design.top)
    ports = read_ports(design.top, [path])
    text = path.read_text(errors="replace")
    path.write_text(re.sub(rf"^(\s*module\s+){re.escape(design.top)}\b", rf"\g<1>{design.top}_mutant", text,
                           count=1, flags=re.M))
    decls = ",\n".join(f"    {p.direction} wire {f'[{p.width - 1}:0] ' if p.width > 1 else ''}{p.name}" for p in ports)
    lines = ["`timescale 1 ns / 1 ps", f"module {design.top} (\n{decls}\n);", *body(ports), "endmodule", ""]
    (rtl_dir / "hwverify_mutant_wrapper.v").write_text("\n".join(lines))
    return True


def _instance(design: RtlDesign, ports: tuple[Port, ...], renamed: dict[str, str]) -> list[str]:
    connections = ",\n".join(f"    .{p.name}({renamed.get(p.name, p.name)})" for p in ports)
    return [f"{design.top}_mutant dut (\n{connections}\n);"]


def swap_lanes(rtl_dir: Path, design: RtlDesign) -> bool:
    """Exchange elements 0 and 1 of the first input (else output) beat that carries two or more."""
    plan = plan_simulation(design)
    for channels, arrays, direction in ((plan.interface.inputs, design.inputs, "input"),
                                        (plan.interface.outputs, design.outputs, "output")):
        for channel in channels:
            width = arrays[channel.array].element.width
            if len(channel.elements) >= 2:
                return _wrap(rtl_dir, design, lambda ports: _swapped(design, ports, channel.data, width, direction))
    return False


def _swapped(design: RtlDesign, ports: tuple[Port, ...], port: str, width: int, direction: str) -> list[str]:
    total = next(p.width for p in ports if p.name == port)
    swapped = f"{{{port}_x[{total - 1}:{2 * width}], {port}_x[{width - 1}:0], {port}_x[{2 * width - 1}:{width}]}}" \
        if total > 2 * width else f"{{{port}_x[{width - 1}:0], {port}_x[{2 * width - 1}:{width}]}}"
    lines = [f"wire [{total - 1}:0] {port}_x;"]
    if direction == "input":
        lines += [f"assign {port}_x = {port};", f"wire [{total - 1}:0] {port}_s = {swapped};"]
        return lines + _instance(design, ports, {port: f"{port}_s"})
    return lines + [f"assign {port} = {swapped};"] + _instance(design, ports, {port: f"{port}_x"})


def extra_stage(rtl_dir: Path, design: RtlDesign) -> bool:
    """io_parallel: register every output (data, _ap_vld, ap_done) once more."""
    if plan_simulation(design).interface.style.value != "io_parallel":
        return False

    def body(ports: tuple[Port, ...]) -> list[str]:
        delayed = [p for p in ports if p.direction == "output" and p.name not in ("ap_ready", "ap_idle")]
        lines = [f"wire {f'[{p.width - 1}:0] ' if p.width > 1 else ''}{p.name}_d;" for p in delayed]
        lines += [f"reg {f'[{p.width - 1}:0] ' if p.width > 1 else ''}{p.name}_q = 0;" for p in delayed]
        lines += [f"always @(posedge ap_clk) {p.name}_q <= {p.name}_d;" for p in delayed]
        lines += [f"assign {p.name} = {p.name}_q;" for p in delayed]
        return lines + _instance(design, ports, {p.name: f"{p.name}_d" for p in delayed})

    return _wrap(rtl_dir, design, body)


def _tlast(rtl_dir: Path, design: RtlDesign, expression: str) -> bool:
    if plan_simulation(design).interface.style.value != "accelerator":
        return False

    def body(ports: tuple[Port, ...]) -> list[str]:
        return ["wire out_r_TLAST_m;", f"assign out_r_TLAST = {expression};",
                *_instance(design, ports, {"out_r_TLAST": "out_r_TLAST_m"})]

    return _wrap(rtl_dir, design, body)


def tlast_zero(rtl_dir: Path, design: RtlDesign) -> bool:
    """Accelerator: output TLAST tied to 0."""
    return _tlast(rtl_dir, design, "1'b0")


def tlast_inverted(rtl_dir: Path, design: RtlDesign) -> bool:
    """Accelerator: output TLAST inverted."""
    return _tlast(rtl_dir, design, "~out_r_TLAST_m")


def shrunk_fifo(rtl_dir: Path, design: RtlDesign) -> bool:
    """The FIFO that holds the most words (measured at the design's own depths, a few samples back to back)
    given a quarter of that (at least 2, the smallest HLS makes). Not applicable when none holds 8 words or more:
    a quarter of fewer is 2 at most, a cut of a word or two that rarely changes anything a check could see."""
    from hwverify.fifo.calibration import measure_fifo_occupancy  # noqa: PLC0415
    from hwverify.fifo.monitor import resize_fifos  # noqa: PLC0415
    from hwverify.sources.stimulus import make_stimulus  # noqa: PLC0415

    fifos = [f for f in find_fifo_instances(design.top, design.sources) if not f.start_token]
    if not fifos:
        return False
    codes = make_stimulus(design.inputs, tuple(None for _ in design.inputs), None, None, 4, seed=5).codes
    fill = measure_fifo_occupancy(design, codes, fifos=fifos).max_fill
    fullest = max(fifos, key=lambda f: fill[f.name])
    if fill[fullest.name] < 8:
        return False
    resized = resize_fifos(design, fifos, {fullest.name: max(2, fill[fullest.name] // 4)})
    for source in resized.sources:
        shutil.copy2(source, rtl_dir / source.name)
    return True


MUTANTS: dict[str, Callable[[Path, RtlDesign], bool]] = {
    "coefficient": coefficient, "swap_lanes": swap_lanes, "extra_stage": extra_stage, "tlast_zero": tlast_zero,
    "tlast_inverted": tlast_inverted, "shrunk_fifo": shrunk_fifo,
}


def run_mutant(project_dir: Path, name: str, work: Path) -> Outcome | None:
    """Copy the project, make the fault, verify it; None when the fault does not apply."""
    copy = work / name / project_dir.name
    shutil.copytree(project_dir, copy, symlinks=True, ignore=shutil.ignore_patterns("*.so", "*.o"))
    project = HlsProject.open(copy)
    design = project_design(project)
    if not MUTANTS[name](project.rtl_dir, design):
        return None
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hwverify.cli", "verify", str(copy)], capture_output=True,
                          text=True, check=False)
    text = done.stdout + done.stderr
    (work / f"{name}.log").write_text(text)
    evidence = CAUGHT.search(text)
    line = next((l.strip() for l in text.splitlines() if evidence and evidence[0] in l), "")
    return Outcome(project_dir.name, name, done.returncode, time.perf_counter() - started, line[:160])


def main() -> int:
    """Run every applicable mutant of the chosen projects and print one row per mutant."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--only", default=",".join(DEFAULT_PROJECTS))
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    wanted = args.only.split(",")
    work = args.work or Path(tempfile.mkdtemp(prefix="hwverify-mutants-"))
    rows = []
    for entry in (e for e in load_manifest() if e.id in wanted):
        directory = args.root / entry.checkout / entry.project_dir
        for name in MUTANTS:
            outcome = run_mutant(directory, name, work / entry.id)
            if outcome is not None:
                rows.append((entry, outcome))
                print(f"{entry.id:14s} {entry.kind:12s} {name:15s} rc {outcome.rc} "
                      f"{'caught' if outcome.caught else 'NOT CAUGHT'} {outcome.seconds:5.0f} s  {outcome.evidence}",
                      flush=True)
    caught = sum(o.caught for _, o in rows)
    print(f"{caught} of {len(rows)} mutants caught; logs in {work}")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
