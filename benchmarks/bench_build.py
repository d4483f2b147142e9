"""Verilator build time of one design: the build as it was (cocotb path, Verilator's -Os, every signal public)
against hwverify's default (bulk path, -O1, only what the testbench reads public), cold, then with ccache warm,
then with nothing changed. Each configuration is a ``hwverify verify`` process with a fresh cache root, so the
figure is what a user waits for in the "build RTL model" step.

    python benchmarks/bench_build.py PROJECT [--samples 200]

PROJECT: an hls4ml project directory with exported RTL (e.g. a big io_parallel jet tagger).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HWVERIFY = [sys.executable, "-m", "hwverify.cli"]
_BUILD_STEP = re.compile(r"build RTL model \([^)]*\): ([\d.]+) s \((built|cached)\)")
_SPEED = re.compile(r"no backpressure\)[^\n]*?([\d,]+) cycles/s")


@dataclass(frozen=True)
class Measured:
    """One ``verify`` process: its build step, how it ended, the simulation speed without backpressure."""

    label: str
    build_seconds: float
    built: bool
    cycles_per_second: int | None
    wall_seconds: float


def verify_once(label: str, project: Path, cache: Path, samples: int, flags: list[str],
                env: dict[str, str]) -> Measured:
    """Run ``hwverify verify`` and read its build step."""
    started = time.perf_counter()
    done = subprocess.run([*HWVERIFY, "verify", str(project), "--samples", str(samples), *flags],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "HWVERIFY_CACHE_DIR": str(cache), **env})
    wall = time.perf_counter() - started
    step = _BUILD_STEP.search(done.stdout)
    if done.returncode != 0 or step is None:
        raise SystemExit(f"{label}: hwverify verify exited {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    speed = _SPEED.search(done.stdout)
    return Measured(label, float(step[1]), step[2] == "built", int(speed[1].replace(",", "")) if speed else None,
                    wall)


def main(argv: list[str] | None = None) -> int:
    """Print the table and the ratio of the cold builds."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        no_ccache = {"HWVERIFY_CCACHE": "0"}
        rows.append(verify_once("before: cocotb path, -Os, every signal public (cold)", args.project, root / "a",
                                args.samples, ["--path", "cocotb"], {**no_ccache, "HWVERIFY_VERILATOR_OPT": "-Os"}))
        rows.append(verify_once("after: bulk path, -O1 (cold, no ccache)", args.project, root / "b", args.samples, [],
                                no_ccache))
        ccache = {"CCACHE_DIR": str(root / "ccache")}
        verify_once("(fills ccache)", args.project, root / "c", args.samples, [], ccache)
        rows.append(verify_once("after: new hwverify cache, ccache warm", args.project, root / "d", args.samples, [],
                                ccache))
        rows.append(verify_once("after: nothing changed", args.project, root / "d", args.samples, [], ccache))
    print(f"{'configuration':<58} {'build s':>8} {'cycles/s':>10} {'wall s':>7}")
    for row in rows:
        speed = f"{row.cycles_per_second:,}" if row.cycles_per_second else "-"
        print(f"{row.label:<58} {row.build_seconds:>8.1f} {speed:>10} {row.wall_seconds:>7.0f}")
    print(f"cold build, before / after: {rows[0].build_seconds / rows[1].build_seconds:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
