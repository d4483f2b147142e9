"""The wheel holds what an installed hwverify needs at run time: the host package and the simulator side (rtl_sim's
cocotb modules and HDL), and nothing of the repository's test material. About 10 s (one setuptools build)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_wheel(tmp_path: Path) -> list[str]:
    """Build the wheel from a copy of the sources (the build leaves nothing in the checkout); its file names."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("hwverify", "rtl_sim"):
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "--wheel-dir", str(tmp_path / "dist"), str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("hwverify-*.whl")
    return zipfile.ZipFile(wheel).namelist()


def _entry_points(tmp_path: Path) -> str:
    (wheel,) = (tmp_path / "dist").glob("hwverify-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        return archive.read(name).decode()


def test_wheel_ships_the_simulator_side_and_no_test_designs(tmp_path: Path) -> None:
    names = set(_build_wheel(tmp_path))
    needed = {"hwverify/cli.py", "hwverify/plugin.py", "rtl_sim/__init__.py", "rtl_sim/tb/entry.py",
              "rtl_sim/tb/bulk.py", "rtl_sim/hdl/hwv_player.v", "rtl_sim/hdl/hwv_recorder.v",
              "rtl_sim/shell/hwv_axis_shell.v", "rtl_sim/dataflow/hwv_df_window.v", "rtl_sim/dataflow/fifo.v.in"}
    assert needed <= names, sorted(needed - names)
    hdl = {p.relative_to(ROOT).as_posix() for d in ("hdl", "shell", "dataflow", "verilator")
           for p in (ROOT / "rtl_sim" / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert hdl <= names, sorted(hdl - names)  # every HDL or C++ file the host code may hand to a simulator
    assert not [n for n in names if n.startswith(("rtl_sim/designs/", "tests/", "benchmarks/"))]
    entry_points = _entry_points(tmp_path)  # the hwverify command, the pytest plugin and the hls4ml backend
    for group, target in (("console_scripts", "hwverify.cli:main"), ("pytest11", "hwverify.plugin"),
                          ("hls4ml.backends", "hwverify.hls4ml_backend:register")):
        assert f"[{group}]" in entry_points and target in entry_points, entry_points
