"""The firmware's own top function, compiled with a C++ harness of hwverify's and called on bit patterns.

The harness (generated from the parsed signature, :mod:`hwverify.model.firmware`) fills each input argument
from raw port bit patterns (``x.range(W - 1, 0) = bits``, or the IEEE-754 bits of a float), calls the
top function once per sample exactly as the RTL is driven (a sample's stream beats pushed first; an
accelerator's TLAST on the last element), and reads every output element's bits back (and TLAST).
No value ever passes through text or a float conversion of hwverify's: the codes are exact.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256, keep_failed_log
from hwverify.errors import ConfigError, ToolFailed
from hwverify.model.firmware import ArgumentKind, TopArgument, TopFunction, strip_comments
from hwverify.progress import NativeOutput, native_stdout_hidden
from hwverify.tools import log_tail, require_cxx_compiler, tool_version

__all__ = ["FirmwareBuild", "FirmwareCsim", "compile_firmware"]

HARNESS = "hwverify_harness.cpp"
LIBRARY = "hwverify_csim.so"
#: Included before every source: hls4ml's ``WEIGHTS_DIR`` (where the C simulation reads ``*.txt`` weights) becomes
#: a variable the harness sets when it is loaded, so a copy of the library can read another directory. Built with
#: ``-fno-gnu-unique`` so that each loaded copy also has its own statics of template functions (hls4ml's line
#: buffers, lookup tables): copies share nothing and may run side by side.
WEIGHTS_DIR_HEADER = "hwverify_weights_dir.h"
_WEIGHTS_DIR_SIZE = 4096
_WEIGHTS_DIR_DECLARATION = "#pragma once\nextern const char *hwv_weights_dir;\n"
_ERROR_SIZE = 1024


@dataclass(frozen=True)
class FirmwareBuild:
    """What to compile: the firmware directory, its top function, the C++ sources and the language standard."""

    firmware: Path
    top: TopFunction
    sources: tuple[str, ...]  # paths relative to the firmware directory
    std: str  # e.g. "c++11", from the project's build_lib.sh
    namespace: str | None = None


@dataclass
class FirmwareCsim:
    """The compiled firmware: ``run`` maps input bit patterns to output bit patterns (and TLAST bits)."""

    top: TopFunction
    library: ctypes.CDLL
    library_file: Path
    loaded_from_cache: bool
    #: What the firmware printed (hls4ml's and users' debug prints): hidden, counted for a note.
    printed: NativeOutput = field(default_factory=NativeOutput)

    def run(self, inputs: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per input argument an (n, size) uint64 array of bits -> per output (n, size) bits and (n, size) TLAST."""
        n = inputs[0].shape[0]
        ins = [np.ascontiguousarray(x, dtype=np.uint64) for x in inputs]
        outs = [np.zeros((n, _size(a)), dtype=np.uint64) for a in self.top.outputs]
        lasts = [np.zeros((n, _size(a)), dtype=np.uint8) for a in self.top.outputs]
        error = ctypes.create_string_buffer(_ERROR_SIZE)
        with native_stdout_hidden(self.printed):
            status = self.library.hwv_run(ctypes.c_long(n), _pointers(ins, ctypes.c_uint64),
                                          _pointers(outs, ctypes.c_uint64), _pointers(lasts, ctypes.c_uint8),
                                          error, ctypes.c_long(_ERROR_SIZE))
        if status != 0:
            raise ToolFailed(f"the C simulation of {self.top.name}", status, error.value.decode(errors="replace"))
        return outs, lasts


def _size(argument: TopArgument) -> int:
    if argument.size is None:
        raise ConfigError(f"the number of elements per sample of {argument.name} is unknown")
    return argument.size


def _pointers(arrays: list[np.ndarray], ctype: type) -> ctypes.Array:  # type: ignore[type-arg]
    pointer = ctypes.POINTER(ctype)
    return (pointer * max(1, len(arrays)))(*[a.ctypes.data_as(pointer) for a in arrays])


def compile_firmware(spec: FirmwareBuild, cache: Cache | None = None) -> FirmwareCsim:
    """Compile the firmware and the harness in a cached copy (keyed by every firmware file's content)."""
    require_cxx_compiler()
    cache = cache or Cache("firmware_csim")
    harness = harness_source(spec)
    files = sorted(p for p in spec.firmware.rglob("*") if p.is_file())
    fingerprint = [(str(p.relative_to(spec.firmware)), file_sha256(p)) for p in files]
    key = content_hash("firmware-csim-v3", fingerprint, harness, _WEIGHTS_DIR_DECLARATION, spec.sources, spec.std,
                       tool_version("g++"))
    entry, built = cache.get_or_build(key, lambda directory: _copy_and_build(spec, harness, directory, key))
    library_file = entry.path / LIBRARY
    return FirmwareCsim(spec.top, load_library(library_file, entry.path / "firmware" / "weights"), library_file,
                        loaded_from_cache=not built)


def load_library(library_file: Path, weights_dir: Path) -> ctypes.CDLL:
    """Load a compiled harness whose C simulation will read its weights from ``weights_dir`` (hls4ml's firmware
    reads ``firmware/weights/*.txt`` on its first call). Each file is loaded once per process: a second copy of the
    file is a second instance with its own weights."""
    library = ctypes.cdll.LoadLibrary(str(library_file))
    library.hwv_run.restype = ctypes.c_int
    library.hwv_set_weights_dir.restype = ctypes.c_int
    if library.hwv_set_weights_dir(os.fsencode(weights_dir)) != 0:
        raise ConfigError(f"the weights directory {weights_dir} is longer than the harness holds "
                          f"({_WEIGHTS_DIR_SIZE - 1} bytes); use a shorter HWVERIFY_CACHE_DIR")
    return library


def _copy_and_build(spec: FirmwareBuild, harness: str, directory: Path, key: str) -> None:
    shutil.copytree(spec.firmware, directory / "firmware")
    (directory / HARNESS).write_text(harness)
    (directory / WEIGHTS_DIR_HEADER).write_text(_WEIGHTS_DIR_DECLARATION)
    common = ["g++", "-O2", "-fPIC", f"-std={spec.std}", "-Ifirmware/ap_types/", "-Ifirmware/", "-Ifirmware/nnet_utils/",
              "-DWEIGHTS_DIR=hwv_weights_dir", "-include", WEIGHTS_DIR_HEADER, "-fno-gnu-unique", "-w"]
    objects = []
    for index, source in enumerate((*(f"firmware/{s}" for s in spec.sources), HARNESS)):
        objects.append(f"part{index}.o")
        _run([*common, "-c", source, "-o", objects[-1]], directory, spec.top.name, key)
    _run(["g++", "-shared", *objects, "-o", LIBRARY], directory, spec.top.name, key)
    for obj in objects:
        (directory / obj).unlink()


def c_string_literal(text: str) -> str:
    """A C string literal of ``text`` (a path may hold quotes, backslashes or non-ASCII characters)."""
    escaped = "".join(f"\\{ord(c):03o}" if c in '"\\' or not c.isprintable() else c for c in text)
    return f'"{escaped}"'


def _run(command: list[str], directory: Path, top: str, key: str) -> None:
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = f"$ {' '.join(command)}\n{result.stdout}{result.stderr}"
        kept = keep_failed_log("firmware_csim", key, log)
        raise ToolFailed(f"g++ (the firmware of {top} with hwverify's harness)", result.returncode, log_tail(log),
                         str(kept))


def harness_source(spec: FirmwareBuild) -> str:
    """The C++ harness for ``spec.top``: ``hwv_run(n, in, out, last, error, error_size)``."""
    top = spec.top
    lines = [
        "// Generated by hwverify.model.harness: calls the firmware's top function on raw port bit patterns.",
        "#include <cstdint>", "#include <cstring>", "#include <cstdio>",
        f'#include "{top.header.name}"',
        *([f"using namespace {spec.namespace};"] if spec.namespace else []),
        *_BIT_HELPERS,
        *_extern_definitions(spec.firmware),
        f"static char hwv_weights_dir_buffer[{_WEIGHTS_DIR_SIZE}];",
        "const char *hwv_weights_dir = hwv_weights_dir_buffer;",
        'extern "C" int hwv_set_weights_dir(const char *directory) {',
        f"    if (std::strlen(directory) >= {_WEIGHTS_DIR_SIZE}) return 1;",
        "    std::strcpy(hwv_weights_dir_buffer, directory);",
        "    return 0;",
        "}",
        'extern "C" int hwv_run(long n, const uint64_t *const *in, uint64_t *const *out, uint8_t *const *out_last,',
        "                       char *error, long error_size) {",
        "    for (long s = 0; s < n; ++s) {",
    ]
    names = []
    for index, argument in enumerate(top.inputs):
        lines += _declare(argument, f"a{argument.name}") + _fill_input(argument, f"a{argument.name}", index)
    for argument in top.outputs:
        lines += _declare(argument, f"a{argument.name}")
    for argument in top.arguments:
        if argument.kind is ArgumentKind.SIZE:
            lines.append(f"        unsigned short a{argument.name} = 0;")
        names.append(f"a{argument.name}")
    lines.append(f"        {top.name}({', '.join(names)});")
    for argument in top.inputs:
        lines += _check_consumed(argument, f"a{argument.name}", top.name)
    for index, argument in enumerate(top.outputs):
        lines += _read_output(argument, f"a{argument.name}", index, top.name)
    lines += ["    }", "    return 0;", "}", ""]
    return "\n".join(lines)


_EXTERN = re.compile(r"^\s*extern\s+([\w:<>,\s*]+?)\s*\b(\w+)\s*;", re.M)


def _extern_definitions(firmware: Path) -> list[str]:
    """Definitions of the ``nnet::`` globals the firmware's helpers declare ``extern`` (hls4ml's tracing state:
    ``trace_enabled``, ``trace_outputs``, ``trace_type_size``), which hls4ml's bridge defines and we replace;
    value-initialised, so tracing stays off."""
    declared: dict[str, str] = {}
    for header in sorted((firmware / "nnet_utils").glob("*.h")):
        for c_type, name in _EXTERN.findall(strip_comments(header.read_text(errors="replace"))):
            declared.setdefault(name, " ".join(c_type.split()))
    defined_in_sources = "".join(p.read_text(errors="replace") for p in firmware.glob("*.cpp"))
    wanted = {n: t for n, t in declared.items() if not re.search(rf"^\s*{re.escape(t)}\s*{n}\s*=", defined_in_sources, re.M)}
    if not wanted:
        return []
    return ["#include <map>", "#include <string>", "#include <cstddef>", "namespace nnet {",
            *(f"{c_type} {name}{{}};" for name, c_type in wanted.items()), "}  // namespace nnet"]


_BIT_HELPERS = [
    "namespace hwv {",
    "template <class T> inline void set_bits(T &x, uint64_t b) { x.range(T::width - 1, 0) = b; }",
    "template <class T> inline uint64_t get_bits(const T &x) { return x.range(T::width - 1, 0).to_uint64(); }",
    "inline void set_bits(float &x, uint64_t b) { uint32_t u = (uint32_t)b; std::memcpy(&x, &u, 4); }",
    "inline void set_bits(double &x, uint64_t b) { std::memcpy(&x, &b, 8); }",
    "inline uint64_t get_bits(const float &x) { uint32_t u; std::memcpy(&u, &x, 4); return u; }",
    "inline uint64_t get_bits(const double &x) { uint64_t u; std::memcpy(&u, &x, 8); return u; }",
    "}  // namespace hwv",
]


def _beats(argument: TopArgument) -> int:
    return _size(argument) // argument.per_beat


def _declare(argument: TopArgument, var: str) -> list[str]:
    if argument.lane_streams:
        return [f"        hls::stream<{argument.c_type}> {var}[{argument.per_beat}];"]
    if argument.kind is ArgumentKind.STREAM:
        return [f"        hls::stream<{argument.c_type}> {var};"]
    return [f"        static {argument.c_type} {var}[{_size(argument)}];"]


def _element_ref(argument: TopArgument, beat: str, lane: str) -> str:
    """The C++ lvalue of one element: ``beat[lane]`` of an nnet::array, ``beat.data`` of a beat struct."""
    if argument.beat_struct:
        return f"{beat}.data"
    return f"{beat}[{lane}]" if argument.array_beat else beat


def _fill_input(argument: TopArgument, var: str, index: int) -> list[str]:
    size, per_beat = _size(argument), argument.per_beat
    lines = [f"        for (long b = 0; b < {size // per_beat}; ++b) {{"]
    if argument.lane_streams:  # element j of each beat on stream j
        return lines + [f"            for (long j = 0; j < {per_beat}; ++j) {{",
                        f"                {argument.c_type} v;",
                        f"                hwv::set_bits(v, in[{index}][(s * {size // per_beat} + b) * {per_beat} + j]);",
                        f"                {var}[j].write(v);", "            }", "        }"]
    if argument.kind is ArgumentKind.STREAM:
        lines.append(f"            {argument.c_type} beat;")
        beat = "beat"
    else:
        beat = f"{var}[b]"
    lines.append(f"            for (long j = 0; j < {per_beat}; ++j)")
    lines.append(f"                hwv::set_bits({_element_ref(argument, beat, 'j')}, in[{index}][(s * {size // per_beat}"
                 f" + b) * {per_beat} + j]);")
    if argument.beat_struct:
        lines.append(f"            {beat}.last = (b == {size // per_beat - 1}) ? 1 : 0;")
    if argument.kind is ArgumentKind.STREAM:
        lines.append(f"            {var}.write(beat);")
    return lines + ["        }"]


def _streams(argument: TopArgument, var: str) -> list[str]:
    """The C++ streams of a stream argument: itself, or each of an array of streams."""
    return [f"{var}[{j}]" for j in range(argument.per_beat)] if argument.lane_streams else [var]


def _check_consumed(argument: TopArgument, var: str, top: str) -> list[str]:
    if argument.kind is not ArgumentKind.STREAM:
        return []
    message = f"{top}() left %ld of the {_beats(argument)} beats of {argument.name} unread (sample %ld)"
    return [f"        if (!{stream}.empty()) {{ std::snprintf(error, error_size, \"{message}\", (long){stream}.size(), "
            "s); return 2; }" for stream in _streams(argument, var)]


def _read_output(argument: TopArgument, var: str, index: int, top: str) -> list[str]:
    beats, per_beat = _beats(argument), argument.per_beat
    lines = []
    if argument.kind is ArgumentKind.STREAM:
        message = f"{top}() wrote %ld beats to {argument.name}, {beats} expected (sample %ld)"
        lines += [f"        if ({stream}.size() != {beats}) {{ std::snprintf(error, error_size, \"{message}\", "
                  f"(long){stream}.size(), s); return 3; }}" for stream in _streams(argument, var)]
    lines.append(f"        for (long b = 0; b < {beats}; ++b) {{")
    if argument.lane_streams:  # element j of each beat from stream j
        return lines + [f"            for (long j = 0; j < {per_beat}; ++j)",
                        f"                out[{index}][(s * {beats} + b) * {per_beat} + j] = "
                        f"hwv::get_bits({var}[j].read());", "        }"]
    beat = f"{var}[b]"
    if argument.kind is ArgumentKind.STREAM:
        lines.append(f"            {argument.c_type} beat = {var}.read();")
        beat = "beat"
    lines.append(f"            for (long j = 0; j < {per_beat}; ++j)")
    position = f"(s * {beats} + b) * {per_beat} + j"
    lines.append(f"                out[{index}][{position}] = hwv::get_bits({_element_ref(argument, beat, 'j')});")
    if argument.beat_struct:
        lines.append(f"            out_last[{index}][(s * {beats} + b) * {per_beat}] = {beat}.last.to_uint();")
    return lines + ["        }"]
