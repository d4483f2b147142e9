"""Run every benchmark in turn (``make bench``); each prints its own figures, measured side by side in one run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = ("bench_sim_speed.py", "bench_jobs.py", "bench_openflow.py", "bench_dataflow.py", "bench_adequacy.py")


def main() -> int:
    """Run each benchmark script with this interpreter; the exit code is the first failure's, else 0."""
    here = Path(__file__).resolve().parent
    status = 0
    for name in BENCHMARKS:
        print(f"=== {name}", flush=True)
        code = subprocess.run([sys.executable, str(here / name), *sys.argv[1:]], check=False).returncode
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
