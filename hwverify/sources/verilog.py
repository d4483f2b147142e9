"""The ports of a Verilog module, read with slang (the ``pyslang`` package).

slang elaborates the named module as the only top, so widths written with parameters
(``[DATA_WIDTH-1:0]``) come out as numbers, and ANSI and non-ANSI port lists read alike.
Only the files that declare the top are parsed: an exported design can have hundreds of files,
and the ports of the top never depend on the modules below it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hwverify.errors import ConfigError, InterfaceNotRecognised, ToolNotFound

_DIRECTIONS = {"In": "input", "Out": "output", "InOut": "inout", "Ref": "ref"}
_MODULE = re.compile(r"^\s*(?:\(\*.*?\*\)\s*)?(?:module|macromodule)\s+([A-Za-z_][A-Za-z0-9_$]*)", re.MULTILINE)


@dataclass(frozen=True)
class Port:
    """One port of a module: its name, ``"input"``/``"output"``/``"inout"``, and width in bits."""

    name: str
    direction: str
    width: int


def read_ports(top: str, sources: Sequence[Path]) -> tuple[Port, ...]:
    """The ports of module ``top`` defined somewhere in ``sources``, in declaration order.

    Raises :class:`ConfigError` for a missing source file and :class:`InterfaceNotRecognised`
    when no source defines ``top``.
    """
    pyslang = _import_pyslang()
    paths = [Path(source) for source in sources]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise ConfigError(f"Verilog source files not found: {', '.join(missing)}")
    declared = {path: _MODULE.findall(path.read_text(errors="replace")) for path in paths}
    candidates = [path for path, modules in declared.items() if top in modules]
    options = pyslang.ast.CompilationOptions()
    options.topModules = {top}
    compilation = pyslang.ast.Compilation(pyslang.Bag([options]))
    for path in candidates:
        compilation.addSyntaxTree(pyslang.syntax.SyntaxTree.fromFile(str(path)))
    instances = [inst for inst in compilation.getRoot().topInstances if inst.name == top] if candidates else []
    if not instances:
        defined = sorted({name for modules in declared.values() for name in modules})
        raise InterfaceNotRecognised(
            f"no module named '{top}' in {', '.join(str(p) for p in paths)}; modules defined there: "
            f"{', '.join(defined) or 'none'}. Pass the name of the exported top module."
        )
    return tuple(_port_of(symbol) for symbol in instances[0].body.portList)


def _port_of(symbol: Any) -> Port:
    """A Port from slang's PortSymbol (direction prints as ``ArgumentDirection.In``)."""
    direction = str(symbol.direction).rsplit(".", 1)[-1]
    return Port(name=str(symbol.name), direction=_DIRECTIONS.get(direction, direction), width=int(symbol.type.bitWidth))


def _import_pyslang() -> ModuleType:
    try:
        import pyslang  # noqa: PLC0415
    except ImportError as error:
        raise ToolNotFound(
            "pyslang", "reading the ports of a Verilog top module", "Install it with: pip install pyslang"
        ) from error
    return pyslang


_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
#: ``module_name [#(...)] instance_name (``: the instance's name on the module's line unless a parameter list comes
#: between (Vivado HLS puts ``#(`` on the next line), so ``begin`` / ``if (`` on two lines is not an instance.
_INSTANTIATION = re.compile(r"^[ \t]*([A-Za-z_][A-Za-z0-9_$]*)(?:\s*#\s*\((?:[^()]|\([^()]*\))*\)\s*|[ \t]+)"
                            r"[A-Za-z_][A-Za-z0-9_$]*\s*\(", re.MULTILINE)
#: Words that start a declaration or statement the instantiation pattern also matches (``module top (``,
#: ``function clog2 (``, ``else if (``).
_KEYWORDS = frozenset({"module", "macromodule", "function", "task", "primitive", "interface", "program", "package",
                       "class", "begin", "end", "else", "if", "for", "while", "repeat", "case", "casex", "casez",
                       "always", "initial", "assign", "wire", "reg", "input", "output", "inout", "integer", "genvar",
                       "generate", "return", "wait", "disable", "default", "localparam", "parameter"})


def module_names(source: Path) -> list[str]:
    """The modules a Verilog file defines (comments ignored)."""
    return _MODULE.findall(_COMMENT.sub(" ", Path(source).read_text(errors="replace")))


def top_modules(sources: Sequence[Path]) -> tuple[str, ...]:
    """The modules of ``sources`` that no other module there instantiates: an export's top (and stray ones)."""
    defined, instantiated = _modules(sources)
    return tuple(name for name in dict.fromkeys(defined) if name not in instantiated)


def undefined_modules(sources: Sequence[Path]) -> tuple[str, ...]:
    """The modules ``sources`` instantiate that none of them defines (an export copied in part), sorted."""
    defined, instantiated = _modules(sources)
    return tuple(sorted(instantiated - set(defined)))


def _modules(sources: Sequence[Path]) -> tuple[list[str], set[str]]:
    """The modules ``sources`` define, in order, and the names they instantiate (comments ignored)."""
    texts = [_COMMENT.sub(" ", Path(source).read_text(errors="replace")) for source in sources]
    return ([name for text in texts for name in _MODULE.findall(text)],
            {name for text in texts for name in _INSTANTIATION.findall(text)} - _KEYWORDS)
