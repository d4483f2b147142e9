"""An hls4ml project directory as users have it: its own C simulation, exported RTL and reports.

The reference for RTL is the C simulation of the project's *own* ``firmware/`` and bridge, compiled
as they are (many public projects use modified hls4ml templates, so converting the model again
would not be the same thing), never the 6-digit text logs in ``tb_data``. The project is compiled
in a cached copy; the user's directory is only read.

Which top-level arrays are inputs and outputs, their element types and sizes are read from the
bridge's ``nnet::convert_data<double, T, N>(x, ...)`` (inputs) and ``convert_data<T, double, N>(..., y)``
(outputs) calls, which every hls4ml release since 0.5 writes, and from ``firmware/defines.h``.
"""

from __future__ import annotations

import ast
import ctypes
import operator
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError, ShapeMismatch, ToolFailed
from hwverify.fixed import FixedType
from hwverify.tools import require_cxx_compiler, tool_version

_DEFINE = re.compile(r"^\s*#define\s+(\w+)\s+(.+?)\s*$", re.M)
_TYPEDEF = re.compile(r"typedef\s+(.+?)\s+(\w+)\s*;")
_ARRAY_TYPE = re.compile(r"nnet::array\s*<\s*(.+>)\s*,\s*([^<>]+?)\s*>\s*$")
_INPUT_CONVERT = re.compile(r"convert_data\s*<\s*double\s*,\s*(\w+)\s*,\s*([^>]+?)\s*>\s*\(\s*(\w+)\s*,")
_OUTPUT_CONVERT = re.compile(r"convert_data\s*<\s*(\w+)\s*,\s*double\s*,\s*([^>]+?)\s*>\s*\(\s*\w+\s*,\s*(\w+)\s*\)")
_RTL_CANDIDATES = ("{name}_prj/solution1/impl/verilog", "{name}_prj/solution1/syn/verilog")
_REPORT_CANDIDATES = ("{name}_prj/solution1/syn/report/{name}_csynth.xml",)


@dataclass(frozen=True)
class TopArray:
    """One array argument of the project's top function."""

    name: str
    type_name: str
    element_type: FixedType
    size: int  # elements per sample
    is_output: bool


@dataclass(frozen=True)
class HlsProject:
    """What hwverify found in an hls4ml project directory."""

    root: Path
    name: str
    arrays: tuple[TopArray, ...]
    rtl_dir: Path | None
    csynth_xml: Path | None
    bridge_size_arguments: int  # old bridges take `unsigned short &const_size_*` references

    @property
    def inputs(self) -> tuple[TopArray, ...]:
        """Input arrays, in argument order."""
        return tuple(a for a in self.arrays if not a.is_output)

    @property
    def outputs(self) -> tuple[TopArray, ...]:
        """Output arrays, in argument order."""
        return tuple(a for a in self.arrays if a.is_output)

    @classmethod
    def open(cls, path: Path | str, rtl_dir: Path | str | None = None) -> HlsProject:
        """Read a project directory (the one holding ``firmware/`` and ``<name>_bridge.cpp``)."""
        root = Path(path).resolve()
        if not (root / "firmware").is_dir():
            raise ConfigError(
                f"{root} is not an hls4ml project directory: it has no firmware/ folder. Pass the directory that "
                "holds firmware/, <project>_bridge.cpp and hls4ml_config.yml."
            )
        name = _project_name(root)
        bridge = (root / f"{name}_bridge.cpp").read_text()
        defines = _read_defines(root / "firmware")
        arrays = _bridge_arrays(bridge, name, defines)
        return cls(
            root=root,
            name=name,
            arrays=arrays,
            rtl_dir=Path(rtl_dir).resolve() if rtl_dir else _first_existing(root, _RTL_CANDIDATES, name),
            csynth_xml=_first_existing(root, _REPORT_CANDIDATES, name),
            bridge_size_arguments=_size_argument_count(bridge, name),
        )

    def sample_inputs(self) -> np.ndarray | None:
        """``tb_data/tb_input_features.dat`` (one sample per line), if the project has it."""
        path = self.root / "tb_data" / "tb_input_features.dat"
        if not path.is_file():
            return None
        rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
        return np.asarray(rows, dtype=np.float64)


def _project_name(root: Path) -> str:
    bridges = sorted(root.glob("*_bridge.cpp"))
    if len(bridges) != 1:
        found = ", ".join(p.name for p in bridges) or "none"
        raise ConfigError(f"expected one <project>_bridge.cpp in {root}, found {found}")
    return bridges[0].name.removesuffix("_bridge.cpp")


def _first_existing(root: Path, candidates: tuple[str, ...], name: str) -> Path | None:
    for candidate in candidates:
        path = root / candidate.format(name=name)
        if path.exists():
            return path
    return None


@dataclass(frozen=True)
class _Defines:
    macros: dict[str, str]
    typedefs: dict[str, str]


def _read_defines(firmware: Path) -> _Defines:
    macros: dict[str, str] = {}
    typedefs: dict[str, str] = {}
    for header in sorted(firmware.glob("*.h")):
        text = re.sub(r"//.*", "", header.read_text())
        macros.update(dict(_DEFINE.findall(text)))
        typedefs.update({alias: target for target, alias in _TYPEDEF.findall(text)})
    return _Defines(macros, typedefs)


def _bridge_arrays(bridge: str, name: str, defines: _Defines) -> tuple[TopArray, ...]:
    body = _function_body(bridge, f"{name}_double")
    found = [(m.start(), m.groups(), False) for m in _INPUT_CONVERT.finditer(body)]
    found += [(m.start(), m.groups(), True) for m in _OUTPUT_CONVERT.finditer(body)]
    if not any(out for *_, out in found) or all(out for *_, out in found):
        raise ConfigError(
            f"{name}_bridge.cpp: could not find nnet::convert_data calls for both inputs and outputs in "
            f"{name}_double(); is this an hls4ml project?"
        )
    arrays = []
    for _, (type_name, size_expr, arg), is_output in sorted(found):
        element, _ = _element_type(type_name, defines)
        arrays.append(TopArray(arg, type_name, element, _evaluate(size_expr, defines.macros), is_output))
    return tuple(arrays)


def _function_body(source: str, function: str) -> str:
    start = source.find(f"{function}(")
    if start < 0:
        raise ConfigError(f"the bridge has no function {function}(); is this an hls4ml project?")
    open_brace = source.index("{", start)
    depth = 0
    for index in range(open_brace, len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[open_brace : index + 1]
    raise ConfigError(f"the bridge's {function}() has unbalanced braces")


def _size_argument_count(bridge: str, name: str) -> int:
    start = bridge.find(f"{name}_double(")
    signature = bridge[start : bridge.index(")", start)]
    return signature.count("unsigned short")


def _element_type(type_name: str, defines: _Defines) -> tuple[FixedType, int]:
    """The fixed-point element type of a typedef, and the elements per stream beat (1 for plain types)."""
    target = defines.typedefs.get(type_name)
    if target is None:
        raise ConfigError(f"firmware/defines.h has no typedef for {type_name}")
    array = _ARRAY_TYPE.match(target)
    if array:
        return FixedType.parse(defines.typedefs.get(array[1], array[1])), _evaluate(array[2], defines.macros)
    return FixedType.parse(target), 1


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}


def _evaluate(expression: str, macros: dict[str, str], depth: int = 0) -> int:
    """An integer size expression such as ``N_INPUT_1_1*N_INPUT_2_1``, with macros expanded."""
    if depth > 20:
        raise ConfigError(f"macro expansion of {expression!r} does not terminate")

    def walk(node: ast.AST) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name) and node.id in macros:
            return _evaluate(macros[node.id], macros, depth + 1)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        raise ConfigError(f"cannot evaluate the array size {expression!r} from firmware/defines.h")

    return walk(ast.parse(expression.strip().replace("/", "//"), mode="eval").body)


@dataclass
class ProjectCsim:
    """The project's own C simulation, compiled in a cached copy and loaded."""

    project: HlsProject
    library: ctypes.CDLL
    loaded_from_cache: bool

    def predict(self, x: np.ndarray) -> list[np.ndarray]:
        """Outputs (float64 values of the fixed-point results) per output array, one row per sample."""
        if len(self.project.inputs) != 1:
            raise ConfigError(f"project {self.project.name} has {len(self.project.inputs)} inputs; one is supported")
        size = self.project.inputs[0].size
        x = np.ascontiguousarray(np.asarray(x, dtype=np.float64).reshape(len(x), -1))
        if x.shape[1] != size:
            raise ShapeMismatch(f"inputs have {x.shape[1]} elements per sample; {self.project.name} expects {size}")
        function = getattr(self.library, f"{self.project.name}_double")
        outputs = [np.zeros((len(x), a.size)) for a in self.project.outputs]
        sizes = [ctypes.c_ushort(0) for _ in range(self.project.bridge_size_arguments)]
        for row in range(len(x)):
            buffers = [np.zeros(a.size) for a in self.project.outputs]
            pointers = [b.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) for b in buffers]
            function(x[row].ctypes.data_as(ctypes.POINTER(ctypes.c_double)), *pointers, *map(ctypes.byref, sizes))
            for output, buffer in zip(outputs, buffers):
                output[row] = buffer
        return outputs

    def predict_codes(self, x: np.ndarray) -> list[np.ndarray]:
        """Output integer codes per output array."""
        codes = []
        for array, values in zip(self.project.outputs, self.predict(x)):
            found, on_grid = array.element_type.exact_codes(values)
            if not on_grid.all():
                raise ToolFailed(f"{self.project.name} C simulation", 0, f"output {array.name} is off its type's grid")
            codes.append(found)
        return codes


def compile_project_csim(project: HlsProject, cache: Cache | None = None) -> ProjectCsim:
    """Compile the project's ``firmware/`` and bridge as they are, in a cached copy, and load the library."""
    require_cxx_compiler()
    cache = cache or Cache("project_csim")
    sources = sorted(p for p in (project.root / "firmware").rglob("*") if p.is_file())
    sources.append(project.root / f"{project.name}_bridge.cpp")
    fingerprint = [(str(p.relative_to(project.root)), file_sha256(p)) for p in sources]
    key = content_hash("project-csim-v1", fingerprint, tool_version("g++"))
    entry, built = cache.get_or_build(key, lambda directory: _copy_and_build(project, directory))
    library = ctypes.cdll.LoadLibrary(str(entry.path / entry.metadata["library"]))
    return ProjectCsim(project, library, loaded_from_cache=not built)


def _copy_and_build(project: HlsProject, directory: Path) -> dict[str, str]:
    shutil.copytree(project.root / "firmware", directory / "firmware")
    shutil.copy2(project.root / f"{project.name}_bridge.cpp", directory)
    library = f"firmware/{project.name}-hwverify.so"
    weights = f'-DWEIGHTS_DIR="{directory / "firmware" / "weights"}"'
    # The same compiler flags as hls4ml's build_lib.sh; C++11 for the oldest ap_types headers.
    common = ["g++", "-O3", "-fPIC", "-std=c++11", "-Ifirmware/ap_types/", "-Ifirmware/", weights]
    steps = [
        [*common, "-c", f"firmware/{project.name}.cpp", "-o", "top.o"],
        [*common, "-c", f"{project.name}_bridge.cpp", "-o", "bridge.o"],
        ["g++", "-O3", "-fPIC", "-shared", "top.o", "bridge.o", "-o", library],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=directory, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
            raise ToolFailed(f"g++ (C simulation of project {project.name})", result.returncode, tail)
    for obj in ("top.o", "bridge.o"):
        (directory / obj).unlink()
    return {"library": library}
