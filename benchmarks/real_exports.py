"""Run ``hwverify verify`` (and ``calibrate-fifos``) on the corpus of real Vivado/Vitis HLS exports.

The corpus is listed in ``benchmarks/real_exports.toml``: public repositories, the commit, the project
directory inside it, what kind of design it is and what a correct verifier concludes. Nothing from
those projects is in this repository; check them out yourself, one directory per entry (named by the
entry's ``corpus`` field, else its ``id``), holding the repository's tree at that commit:

    git clone https://github.com/<repository> DIR/<id> && git -C DIR/<id> checkout <commit>

then run (each project with the command's defaults, as a user would; one table row per project):

    .venv/bin/python benchmarks/real_exports.py DIR [--only id,id] [--calibrate] [--markdown docs/real_exports.md]

Each run is a separate ``hwverify`` process (exit code, wall time and the results JSON are what a
user gets). Rows whose exit code is not the one the manifest expects are marked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "benchmarks" / "real_exports.toml"
HWVERIFY = [sys.executable, "-m", "hwverify.cli"]


@dataclass(frozen=True)
class Project:
    """One manifest entry."""

    id: str
    repository: str
    commit: str
    project_dir: str
    kind: str
    hls: str
    expect: str
    checkout: str  # directory name under the corpus root
    verify_args: tuple[str, ...] = ()
    calibrate: bool = False

    @property
    def expected_rc(self) -> int:
        """The exit code the manifest's ``expect`` starts with (``rc 0`` ...)."""
        match = re.match(r"rc (\d)", self.expect)
        return int(match[1]) if match else 0


@dataclass
class Row:
    """What one project's runs gave."""

    project: Project
    rc: int
    seconds: float
    figures: dict[str, float] = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    message: str = ""
    calibrate_rc: int | None = None
    calibrate_seconds: float | None = None
    calibrate_message: str = ""
    calibrate_run_seconds: float = 0.0  # the calibration and proof runs (their builds included)


def load_manifest(path: Path = MANIFEST) -> list[Project]:
    """The corpus entries."""
    entries = tomllib.loads(path.read_text())["project"]
    return [Project(id=e["id"], repository=e["repository"], commit=e["commit"], project_dir=e["project_dir"],
                    kind=e["kind"], hls=e["hls"], expect=e["expect"], checkout=e.get("corpus", e["id"]),
                    verify_args=tuple(e.get("verify_args", ())), calibrate=e["kind"] != "io_parallel")
            for e in entries]


def run_verify(project: Project, root: Path, work: Path, reuse: bool = False) -> Row:
    """``hwverify verify`` on one project, as a user runs it (or its saved result, with ``reuse``)."""
    directory = root / project.checkout / project.project_dir
    results, log = work / f"{project.id}.json", work / f"{project.id}.log"
    if reuse and log.is_file():
        return _row(project, json.loads((work / f"{project.id}.rc").read_text()), log, results)
    extra = [arg.replace("{project}", str(directory)) for arg in project.verify_args]
    command = [*HWVERIFY, "verify", str(directory), "--results-json", str(results), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    log.write_text(done.stdout + done.stderr)
    (work / f"{project.id}.rc").write_text(json.dumps([done.returncode, seconds]))
    return _row(project, [done.returncode, seconds], log, results)


def _row(project: Project, rc_seconds: list, log: Path, results: Path) -> Row:  # type: ignore[type-arg]
    row = Row(project, int(rc_seconds[0]), float(rc_seconds[1]))
    row.message = _last_lines(log.read_text())
    if results.is_file():
        design = json.loads(results.read_text())["designs"][0]
        row.figures = {f["name"]: f["value"] for f in design["figures"]}
        row.checks = design["checks"]
    return row


def run_calibrate(project: Project, root: Path, work: Path, row: Row) -> None:
    """``hwverify calibrate-fifos`` on one project (2 frames of random inputs)."""
    directory = root / project.checkout / project.project_dir
    command = [*HWVERIFY, "calibrate-fifos", str(directory), "--random", "2", "--out", str(work / f"{project.id}_fifo.json")]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    row.calibrate_rc, row.calibrate_seconds = done.returncode, time.perf_counter() - started
    (work / f"{project.id}_calibrate.log").write_text(done.stdout + done.stderr)
    (work / f"{project.id}_calibrate.rc").write_text(json.dumps([done.returncode, row.calibrate_seconds]))
    _calibrate_row(row, work)


def reuse_calibrate(project: Project, work: Path, row: Row) -> None:
    """The saved calibrate-fifos result of one project, if there is one."""
    saved = work / f"{project.id}_calibrate.rc"
    if saved.is_file():
        row.calibrate_rc, row.calibrate_seconds = json.loads(saved.read_text())
        _calibrate_row(row, work)


def _calibrate_row(row: Row, work: Path) -> None:
    """The message and the simulated part (the calibration and proof runs' steps, builds included) from the log."""
    text = (work / f"{row.project.id}_calibrate.log").read_text()
    row.calibrate_message = _last_lines(text, 1)
    row.calibrate_run_seconds = sum(float(m[1]) for m in _RUN_STEP.finditer(text))


#: A finished calibration or proof step in calibrate-fifos' output: "   calibration run 1/2 (...): 4.0 s (...)".
_RUN_STEP = re.compile(r"^\s+(?:calibration|proof) run \d+/\d+ .*?: (\d+\.\d+) s", re.M)


def _last_lines(text: str, count: int = 2) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:])[:300]


def _figure(row: Row, prefix: str) -> str:
    values = [v for k, v in row.figures.items() if k.startswith(prefix)]
    return f"{values[0]:,.0f}" if values else "-"


def _timing(row: Row) -> str:
    timing = [c for c in row.checks if c["name"].startswith("timing")]
    if not timing:
        return "-"
    check = timing[0]
    bound = check.get("bound", "").split(": ", 1)[-1]
    return f"{check['measured']} (report: {bound}) {check['status']}"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    head = ("| project | kind | HLS | rc (expected) | samples (distinct) | cycles/s | latency one at a time, II "
            "(csynth) | build s | wall s | calibrate-fifos |\n|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for row in rows:
        p = row.project
        mark = "" if row.rc == p.expected_rc else " **!**"
        samples = f"{_figure(row, 'samples')} ({_figure(row, 'distinct samples')})"
        speed = _figure(row, "simulated cycles/s: RTL (verilator, no backpressure)")
        build = _figure(row, "step: build RTL model")
        calibrate = "-" if row.calibrate_rc is None else (
            f"rc {row.calibrate_rc}, {row.calibrate_seconds:.0f} s ({row.calibrate_run_seconds:.0f} s in runs)")
        lines.append(f"| {p.id} | {p.kind} | {p.hls} | {row.rc} ({p.expected_rc}){mark} | {samples} | {speed} | "
                     f"{_timing(row)} | {build} | {row.seconds:.0f} | {calibrate} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the corpus; print the table (and write it with --markdown)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="directory holding one checkout per manifest entry")
    parser.add_argument("--only", default=None, help="comma-separated ids to run")
    parser.add_argument("--calibrate", action="store_true", help="also run calibrate-fifos on streaming designs")
    parser.add_argument("--markdown", type=Path, default=None, help="write the table to this file")
    parser.add_argument("--work", type=Path, default=None, help="keep logs and results JSON here")
    parser.add_argument("--reuse", action="store_true", help="take the results already in --work instead of running")
    args = parser.parse_args(argv)
    projects = load_manifest()
    if args.only:
        wanted = set(args.only.split(","))
        projects = [p for p in projects if p.id in wanted]
    work = args.work or Path(tempfile.mkdtemp(prefix="hwverify-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for project in projects:
        row = run_verify(project, args.root, work, args.reuse)
        if args.calibrate and project.calibrate:
            if args.reuse:
                reuse_calibrate(project, work, row)
            else:
                run_calibrate(project, args.root, work, row)
        rows.append(row)
        print(f"{project.id}: rc {row.rc} (expected {project.expected_rc}) in {row.seconds:.0f} s: {row.message}",
              flush=True)
    text = table(rows)
    print(text)
    print(f"logs and results: {work}")
    if args.markdown:
        args.markdown.write_text(text + "\n")
    return 0 if all(r.rc == r.project.expected_rc for r in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(REPO))
    sys.exit(main())
