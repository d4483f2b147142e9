"""Build and run simulations with cocotb's runner, on Icarus Verilog or Verilator.

Builds are cached with :class:`hwverify.cache.Cache` under ``rtl_builds``, keyed by the content of
the sources, defines, parameters, simulator and its version, and hwverify's own HDL helpers; a build
directory is never written after its manifest, so runs happen in a separate working directory
(waveforms go there too). Simulation copies of the sources are made inside the build entry, with
known quirks of exported RTL fixed there (never in the user's files).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from hwverify.cache import Cache, content_hash, default_cache_root, file_sha256, keep_failed_log
from hwverify.errors import ConfigError, ToolFailed
from hwverify.progress import is_verbose
from hwverify.sim.quirks import copy_notes, simulation_copy
from hwverify.sources.verilog import module_names
from hwverify.tools import ensure_verilator_on_path, file_tail, require_icarus, require_tool, tool_version
from rtl_sim import RTL_SIM_DIR

__all__ = ["RTL_SIM_DIR", "SIMULATORS", "Simulator", "Build", "BuildRequest", "build", "copy_data_files", "is_path_safe",
           "path_safe_directory", "require_simulator", "require_unique_modules", "CocotbRun", "run_test", "run_tests", "waves_path"]


class Simulator(StrEnum):
    """The RTL simulators hwverify drives."""

    ICARUS = "icarus"
    VERILATOR = "verilator"


SIMULATORS = tuple(simulator.value for simulator in Simulator)
#: Verilator's make rules call `python` and need the PCH include flag (shared/reference/stack.md). The model's
#: C++ is compiled at -O1 instead of Verilator's -Os: measured on a real Vitis export (capstone, 289 FIFOs,
#: raw harness, 2 cores) -Os built in 30.3 s and ran 183k cycles/s, -O1 built in 21.8 s and ran 191k cycles/s,
#: -O0 built in 15.7 s but ran 34k cycles/s (benchmarks/bench_real_export.py measures the same way).
#: ``HWVERIFY_VERILATOR_OPT`` sets another level (part of the build's cache key), e.g. ``-O2`` for very long runs, or
#: ``-Os`` (Verilator's own default) to compare (benchmarks/bench_build.py).
VERILATOR_OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os")


def verilator_makeflags() -> str:
    """Make flags for Verilator's generated makefile: python3, the PCH include flag, the optimisation level."""
    level = os.environ.get("HWVERIFY_VERILATOR_OPT", "-O1")
    if level not in VERILATOR_OPT_LEVELS:
        raise ConfigError(f"HWVERIFY_VERILATOR_OPT={level!r} is not an optimisation level; use one of "
                          f"{', '.join(VERILATOR_OPT_LEVELS)} or unset it (default -O1)")
    return f"PYTHON3=python3 CFG_CXXFLAGS_PCH_I=-include OPT_FAST={level} OPT_GLOBAL={level}"


VERILATOR_WARNING_ARGS = ("-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-STMTDLY", "-Wno-MULTIDRIVEN")
_TIMESCALE = ("1ns", "1ps")


@dataclass(frozen=True)
class BuildRequest:
    """What to compile: sources, top module, settings and the simulator.

    The cache names a build by :meth:`key`: the request, the sources' contents and the tool versions, so a
    request that changes nothing a build depends on is built once.
    """

    simulator: Simulator
    top: str
    sources: tuple[Path, ...]
    include_dirs: tuple[Path, ...] = ()
    defines: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, int] = field(default_factory=dict)
    waves: bool = False
    #: False: Verilator makes public only what a .vlt control file among the sources names, instead of
    #: every signal (--public-flat-rw, which cocotb's runner always adds, disables most optimisation).
    all_public: bool = True
    #: Verilator: a C++ main used instead of cocotb's (it must host cocotb's VPI library the same way), and
    #: further C++ sources compiled into the simulator (DPI functions).
    main_cpp: Path | None = None
    cpp_sources: tuple[Path, ...] = ()

    def key(self) -> str:
        """The content hash that names this build in the cache."""
        return content_hash(
            "rtl_build/2",
            self.simulator,
            _simulator_version(self.simulator),
            verilator_makeflags() if self.simulator == Simulator.VERILATOR else "",
            importlib.metadata.version("cocotb"),
            _cocotb_libs(),  # Verilator's binary finds cocotb's VPI library by this absolute path (its RUNPATH)
            self.top,
            [(p.name, file_sha256(p)) for p in self.sources],
            [(str(d), _directory_digest(d)) for d in self.include_dirs],
            dict(self.defines),
            dict(self.parameters),
            self.waves,
            self.all_public,
            [(p.name, file_sha256(p)) for p in (self.main_cpp, *self.cpp_sources) if p is not None],
            _quirks_digest(),
        )


def _cocotb_libs() -> str:
    """Where cocotb's shared libraries are: a build links them by absolute path, so a venv that moved (or another
    checkout sharing the cache) needs its own build."""
    spec = importlib.util.find_spec("cocotb")
    origin = spec.origin if spec is not None else None
    return str(Path(origin).parent / "libs") if origin else ""


@dataclass(frozen=True)
class Build:
    """A finished build in the cache."""

    simulator: Simulator
    top: str
    directory: Path
    rebuilt: bool
    seconds: float
    notes: tuple[str, ...]
    waves: bool


def build(request: BuildRequest) -> Build:
    """Build ``request`` unless the cache already holds it; raises ToolNotFound / ToolFailed."""
    _require_simulator(request.simulator)
    if len({p.name for p in request.sources}) != len(request.sources):
        raise ConfigError(f"design '{request.top}' has two source files with the same name; rename one")
    _require_unique_modules(request)
    started = time.perf_counter()
    key = request.key()
    entry, rebuilt = Cache("rtl_builds").get_or_build(key, lambda d: _build_into(request, d, key))
    return Build(
        simulator=request.simulator,
        top=request.top,
        directory=entry.path,
        rebuilt=rebuilt,
        seconds=time.perf_counter() - started,
        notes=tuple(entry.metadata.get("notes", ())),
        waves=request.waves,
    )


def require_simulator(simulator: str) -> None:
    """ConfigError for an unknown simulator, ToolNotFound for a missing program it needs (checked before any
    work, so a missing tool leaves nothing half done)."""
    _require_simulator(simulator)


def require_unique_modules(top: str, sources: tuple[Path, ...]) -> None:
    """The check :func:`build` makes of ``sources`` (each module defined once), for callers that want it before
    any other work."""
    _require_unique_modules(BuildRequest(Simulator.ICARUS, top, tuple(sources)))


def _require_unique_modules(request: BuildRequest) -> None:
    """ConfigError naming both files when two sources define the same module: simulators disagree on which one
    wins (Verilator keeps the first and only warns), so the design simulated would be a guess."""
    seen: dict[str, Path] = {}
    for source in request.sources:
        if source.suffix == ".vlt":
            continue
        for name in module_names(source):
            if name in seen:
                raise ConfigError(f"module {name} is defined twice, in {seen[name]} and in {source}; remove the one "
                                  "that does not belong to this export")
            seen[name] = source


def _build_into(request: BuildRequest, directory: Path, key: str) -> dict[str, object]:
    """Copy the sources and build them into the cache entry ``directory``, through a path-safe directory when
    the entry's path is one GNU make (Verilator) cannot build in."""
    verilator = request.simulator == Simulator.VERILATOR
    with path_safe_directory(directory) as work:
        sources, notes = _simulation_copies(request, work / "src")
        main_cpp, cpp_sources = _cpp_copies(request, work / "src") if verilator else (None, [])
        runner = _runner(request.simulator, all_public=request.all_public, main_cpp=main_cpp)
        args = _verilator_args() + cpp_sources if verilator else []
        includes = _include_copies(request.include_dirs, work / "include")
        log = work / "build.log"
        with _simulation_environment():
            try:
                runner.build(sources=[str(s) for s in sources], hdl_toplevel=request.top, includes=includes,
                             defines=dict(request.defines), parameters=dict(request.parameters), build_args=args,
                             build_dir=str(work / "build"), waves=request.waves, timescale=_TIMESCALE,
                             log_file=str(log))
            except (RuntimeError, SystemExit) as error:
                kept = keep_failed_log("rtl_builds", key, log)  # the unfinished entry is deleted
                raise ToolFailed(f"{request.simulator} build of {request.top}", 1, file_tail(log, 40), str(kept)) from error
    return {"notes": notes}


#: Characters of a path that GNU make, Verilator's makefiles and the simulators' command files take literally.
_PATH_SAFE = re.compile(r"[A-Za-z0-9_./+-]+")


def is_path_safe(path: Path) -> bool:
    """True when ``path`` holds only characters that no build tool splits, quotes or expands."""
    return _PATH_SAFE.fullmatch(str(path)) is not None


@contextlib.contextmanager
def path_safe_directory(directory: Path) -> Iterator[Path]:
    """``directory`` itself when its path is safe; else a new temporary directory with a safe path, whose
    contents are moved into ``directory`` when the block succeeds (GNU make cannot build in a directory
    whose path holds a space, and no quoting fixes it: verilated.mk stops with "build elsewhere")."""
    if is_path_safe(directory):
        yield directory
        return
    work = Path(tempfile.mkdtemp(prefix="hwverify-build-", dir=_safe_temp_root()))
    try:
        yield work
        for child in sorted(work.iterdir()):
            shutil.move(str(child), str(directory / child.name))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _safe_temp_root() -> str:
    """A writable temporary directory with a safe path: ``$TMPDIR`` (Python's choice), else /tmp or /var/tmp."""
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        if is_path_safe(Path(candidate)) and os.path.isdir(candidate) and os.access(candidate, os.W_OK):
            return candidate
    raise ConfigError(f"the build directory needs a temporary directory whose path has only letters, digits and "
                      f"'_./+-', and {tempfile.gettempdir()} has others; set TMPDIR to such a directory")


def _include_copies(include_dirs: tuple[Path, ...], target: Path) -> list[str]:
    """Copy the files of each include directory to ``target/<k>/`` (a user's directory may have any name)."""
    copies = []
    for index, include in enumerate(include_dirs):
        copy = target / str(index)
        copy.mkdir(parents=True)
        for path in sorted(Path(include).glob("*")):
            if path.is_file():
                shutil.copy2(path, copy / path.name)
        copies.append(str(copy))
    return copies


def _verilator_args() -> list[str]:
    """Warnings, and --no-timing: Verilator then accepts the ``initial begin #0 ... end`` blocks every Vivado/Vitis
    HLS pipelined module has (it stops with NEEDTIMINGOPT otherwise). No hwverify HDL has a delay: the bulk path's
    clock comes from its C++ main."""
    return [*VERILATOR_WARNING_ARGS, "--no-timing"]


def _simulation_copies(request: BuildRequest, directory: Path) -> tuple[list[Path], list[str]]:
    """Copy the sources into the build entry, rewritten for the simulator (:mod:`hwverify.sim.quirks`)."""
    directory.mkdir(parents=True)
    copies, rewrites = [], []
    for source in request.sources:
        if source.suffix == ".vlt" and request.simulator != Simulator.VERILATOR:
            continue  # a Verilator control file
        rewrite = simulation_copy(source.read_text(errors="replace"), source.name,
                                  icarus=request.simulator == Simulator.ICARUS)
        target = directory / source.name
        target.write_text(rewrite.text)
        copies.append(target)
        rewrites.append(rewrite)
    return copies, copy_notes(rewrites)


def _cpp_copies(request: BuildRequest, directory: Path) -> tuple[str | None, list[str]]:
    """Copy the request's C++ main and sources next to the HDL copies; returns their paths."""
    copies = []
    for source in (request.main_cpp, *request.cpp_sources):
        if source is not None:
            shutil.copy2(source, directory / source.name)
            copies.append(str(directory / source.name))
    return (copies[0], copies[1:]) if request.main_cpp is not None else (None, copies)


def _directory_digest(directory: Path) -> list[tuple[str, str]]:
    """Names and hashes of the files in an include directory (headers change a build too)."""
    return [(p.name, file_sha256(p)) for p in sorted(Path(directory).glob("*")) if p.is_file()]


def _quirks_digest() -> str:
    quirks = Path(__file__).with_name("quirks.py")
    return file_sha256(quirks) if quirks.exists() else "absent"


#: The simulator process's own environment. cocotb installs pytest's assertion rewriting for every module the
#: simulator's Python imports after it starts (``COCOTB_REWRITE_ASSERTION_FILES`` defaults to ``*.py``): each one,
#: numpy included, is then compiled from source, as the rewritten bytecode is never cached there (numpy alone took
#: 0.55 s instead of 0.1 s; a whole small-design run 1.3 s instead of 0.4 s). The testbench has no ``assert``: an
#: empty pattern installs no hook. cocotb also imports pytest, which would load every installed plugin, hwverify's
#: own among them (most of hwverify and pytest-xdist): 0.5 s more. The testbench needs none of them.
SIMULATOR_ENV = {"COCOTB_REWRITE_ASSERTION_FILES": "", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


@dataclass(frozen=True)
class CocotbRun:
    """One run of a cocotb test module: its working directory, extra environment and plusargs."""

    work_dir: Path
    extra_env: Mapping[str, str]
    plusargs: tuple[str, ...] = ()


def run_test(
    built: Build,
    test_module: str,
    work_dir: Path,
    extra_env: Mapping[str, str],
    plusargs: tuple[str, ...] = (),
) -> Path:
    """Run ``test_module`` (a module under ``rtl_sim``) against ``built`` in ``work_dir``; returns the log path.

    Raises :class:`ToolFailed` with the log tail when the simulator or the cocotb test fails.
    """
    return run_tests(built, test_module, (CocotbRun(work_dir, extra_env, plusargs),))[0]


def run_tests(built: Build, test_module: str, runs: tuple[CocotbRun, ...]) -> list[Path]:
    """Run ``test_module`` once per entry of ``runs``, side by side (one simulator process each, one build);
    returns the log paths in order. The first failure in order is raised once every run has ended."""
    runners = [_runner(built.simulator) for _ in runs]  # one each: a runner keeps the state of its run
    with _simulation_environment():
        if len(runs) == 1:
            return [_run_one(runners[0], built, test_module, runs[0])]
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            futures = [pool.submit(_run_one, r, built, test_module, run) for r, run in zip(runners, runs)]
            return [future.result() for future in futures]


def _run_one(runner, built: Build, test_module: str, run: CocotbRun) -> Path:  # type: ignore[no-untyped-def]
    log = run.work_dir / "sim.log"
    args = list(run.plusargs)
    if built.waves and built.simulator == Simulator.ICARUS:
        args.append(f"+dumpfile_path={run.work_dir / (built.top + '.fst')}")  # not into the cached build
    try:
        results = runner.test(
            test_module=test_module,
            hdl_toplevel=built.top,
            hdl_toplevel_lang="verilog",
            build_dir=str(built.directory / "build"),
            test_dir=str(run.work_dir),
            extra_env={**SIMULATOR_ENV, **run.extra_env},
            plusargs=args,
            waves=built.waves,
            results_xml=str(run.work_dir / "results.xml"),
            log_file=str(log),
        )
    except (RuntimeError, SystemExit) as error:
        raise ToolFailed(f"{built.simulator} simulation of {built.top}", 1, file_tail(log, 40), str(log)) from error
    _raise_on_failed_test(Path(results), built, log)
    return log


def waves_path(built: Build, work_dir: Path) -> Path:
    """Where a run in ``work_dir`` writes its waveform."""
    return work_dir / (f"{built.top}.fst" if built.simulator == Simulator.ICARUS else "dump.vcd")


def _raise_on_failed_test(results: Path, built: Build, log: Path) -> None:
    text = results.read_text() if results.exists() else ""
    if not text or "<failure" in text or "<error" in text:
        raise ToolFailed(f"cocotb test on {built.simulator} ({built.top})", 1, file_tail(log, 40), str(log))


_environment_lock = threading.Lock()
_environment = contextlib.ExitStack()  # holds _process_environment while any simulation runs
_environment_users = [0]  # simulations inside _simulation_environment now (threads may run several side by side)


@contextlib.contextmanager
def _simulation_environment() -> Iterator[None]:
    """:func:`_process_environment` for the first of any simulations running side by side, undone by the last."""
    with _environment_lock:
        _environment_users[0] += 1
        if _environment_users[0] == 1:
            _environment.enter_context(_process_environment())
    try:
        yield
    finally:
        with _environment_lock:
            _environment_users[0] -= 1
            if _environment_users[0] == 0:
                _environment.close()


@contextlib.contextmanager
def _process_environment() -> Iterator[None]:
    """Make ``rtl_sim`` and ``hwverify`` importable in the simulator and set Verilator's make flags (and ccache's
    settings when it compiles the C++).

    cocotb's runner passes the host's ``sys.path`` as the simulator's PYTHONPATH.
    """
    ccache = ccache_settings()
    settings = {"MAKEFLAGS": f"{os.environ.get('MAKEFLAGS', '')} {verilator_makeflags()}".strip()}
    if ccache:
        settings["MAKEFLAGS"] += " OBJCACHE=ccache"
        settings.update({name: os.environ.get(name, value) for name, value in ccache.items()})
    saved_path, saved = list(sys.path), {name: os.environ.get(name) for name in settings}
    sys.path.insert(0, str(RTL_SIM_DIR.parent))
    os.environ.update(settings)
    try:
        yield
    finally:
        sys.path[:] = saved_path
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def ccache_settings() -> dict[str, str]:
    """ccache's settings for Verilator's C++ when ``ccache`` is on PATH (and ``HWVERIFY_CCACHE`` is not ``0``),
    else none. ccache keeps its own cache (``CCACHE_DIR``, default ``~/.cache/ccache``: content-addressed, shared
    by every hwverify cache root); paths under hwverify's cache root are hashed as relative ones (each build has
    its own directory there, so a fault variant or a new FIFO depth recompiles only the files that changed), and
    Verilator's precompiled headers need the sloppiness settings ccache documents for them."""
    if os.environ.get("HWVERIFY_CCACHE", "1") == "0" or shutil.which("ccache") is None:
        return {}
    return {"CCACHE_BASEDIR": str(default_cache_root()), "CCACHE_NOHASHDIR": "1",
            "CCACHE_SLOPPINESS": "pch_defines,time_macros,include_file_mtime,include_file_ctime"}


def _runner(  # type: ignore[no-untyped-def]
    simulator: Simulator, all_public: bool = True, main_cpp: str | None = None
):
    from cocotb_tools.runner import Verilator, get_runner  # noqa: PLC0415  (imports no cocotb simulator code)

    _require_simulator(simulator)
    if simulator == Simulator.VERILATOR and (not all_public or main_cpp):

        class _LeanVerilator(Verilator):  # type: ignore[misc]
            """cocotb's Verilator runner without --public-flat-rw (unless all_public), with our main if given."""

            def _build_command(self):  # type: ignore[no-untyped-def]
                commands = super()._build_command()
                if not all_public:
                    commands[0] = [arg for arg in commands[0] if arg != "--public-flat-rw"]
                if main_cpp:
                    commands[0] = [main_cpp if arg.endswith(f"{os.sep}verilator.cpp") else arg for arg in commands[0]]
                    if main_cpp not in commands[0]:
                        raise ConfigError("cocotb's Verilator runner no longer names its verilator.cpp; install the "
                                          "cocotb version pyproject.toml pins")
                return commands

        return _quiet(_LeanVerilator())
    return _quiet(get_runner(simulator))


def _quiet(runner):  # type: ignore[no-untyped-def]
    """cocotb's runner logs each tool command line (thousands of characters) at INFO: shown only when verbose."""
    runner.log.setLevel(logging.INFO if is_verbose() else logging.WARNING)
    return runner


def _require_simulator(simulator: str) -> None:
    if simulator not in SIMULATORS:
        raise ConfigError(f"unknown simulator {simulator!r}; expected one of {SIMULATORS}")
    if simulator == Simulator.ICARUS:
        require_icarus()
        require_tool("vvp", "running Icarus Verilog simulations", "Install it with: apt-get install iverilog")
    else:
        ensure_verilator_on_path()


def _simulator_version(simulator: Simulator) -> str:
    if simulator == Simulator.ICARUS:
        return tool_version("iverilog", "-V")
    return importlib.metadata.version("verilator")


def copy_data_files(files: tuple[Path, ...], work_dir: Path) -> list[str]:
    """Copy ROM ``.dat`` files into the simulator's working directory; returns notes."""
    for path in files:
        shutil.copy2(path, work_dir / path.name)
    return [f"copied {len(files)} data file(s) into the simulation directory (ROMs load by relative path)"] if files else []
