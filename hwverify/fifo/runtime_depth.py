"""FIFO depths set at run time, so that one build of a design serves every depth a calibration tries.

In a run-time-depth copy (:func:`hwverify.fifo.monitor.instrument` with ``storage``) every FIFO instance holds
storage for ``storage`` words, and each FIFO module reads the DEPTH its logic uses from a plusarg
(``+hwv_fifo_depth<k>=N``, ``k`` the instance's ``HWV_FIFO_ID``): in the module's statements (``assign``,
``always``, ``for`` bounds) every ``DEPTH`` becomes the register ``hwv_depth``, while its declarations (memory
sizes, widths, parameters handed to a submodule) keep the storage. A FIFO whose logic sees DEPTH only through
statements then behaves at run-time depth N as the module built with ``DEPTH = N`` does: same flags, same words,
same cycles. A module that sizes its logic otherwise (say, full at ``{ADDR_WIDTH{1'b1}}``) does not: so
``calibrate-fifos`` re-simulates the depths it chose with the design's own FIFO modules and compares the two
(:func:`hwverify.fifo.calibration.compare_with_real_modules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from hwverify.errors import ConfigError
from hwverify.sim.fifos import FifoInstance

__all__ = ["ID_PARAMETER", "REGISTER", "depth_plusargs", "runtime_fill_expression", "runtime_module"]

ID_PARAMETER = "HWV_FIFO_ID"
REGISTER = "hwv_depth"
_DECLARATION = re.compile(r"^\s*(reg|wire|logic|parameter|localparam|input|output|inout|integer|genvar)\b")
_NET = re.compile(r"^\s*wire\b")  # a net declared with its assignment (a variable's initial value runs too early)
_CONNECTION = re.compile(r"\.\s*\w+\s*\(")  # a port or parameter connection of a submodule instance
_LOCALPARAMS = re.compile(r"\blocalparam\b(?P<items>[^;]*);")
_REPLICATION_BEFORE = re.compile(r"\{[\s\w+\-*/()]*$")  # "{" then a count expression up to the name
_REPLICATION_AFTER = re.compile(r"[\s\w+\-*/()']*\{")  # the rest of the count, then the replicated "{"


def depth_plusargs(fifos: Sequence[FifoInstance], depths: Mapping[str, int]) -> tuple[str, ...]:
    """The plusargs giving FIFO ``k`` of ``fifos`` (its ``HWV_FIFO_ID``) the stream depth ``depths[name]``, or its
    own depth where ``depths`` has none."""
    args = []
    for index, fifo in enumerate(fifos):
        parameter = fifo.parameters_for_depth(depths[fifo.name])[0] if fifo.name in depths else fifo.depth_parameter
        args.append(f"+hwv_fifo_depth{index}={parameter}")
    return tuple(args)


def runtime_fill_expression(fill_expression: str) -> str:
    """A fill formula on the run-time DEPTH (the module's DEPTH parameter is the storage in the copy)."""
    return fill_expression.replace("{depth}", "{inst}." + REGISTER)


def runtime_module(text: str, module: str) -> str:
    """``text`` (a source file) with the definition of ``module`` made to take its DEPTH at run time; ConfigError
    when the file does not define it."""
    match = re.search(rf"\bmodule\s+{re.escape(module)}\b", text)
    if match is None:
        raise ConfigError(f"FIFO module {module} is not defined where its instance said; cannot set its depth at "
                          "run time")
    end = text.find("endmodule", match.end())
    header_end = _header_end(text, match.end())
    if end < 0 or header_end < 0 or header_end > end:
        raise ConfigError(f"cannot read the definition of FIFO module {module}")
    header = _with_id_parameter(text[match.start():header_end + 1])
    body = _runtime_body(text[header_end + 1:end])
    declarations = (f"\ninteger {REGISTER};  // hwverify: the DEPTH this FIFO's logic uses, set at run time"
                    f"\nreg [8*40-1:0] {REGISTER}_arg;")
    if ID_PARAMETER not in header:  # no ANSI parameter list: declared in the body, where it can be overridden
        declarations += f"\nparameter {ID_PARAMETER} = -1;"
    setting = (f"initial begin  // hwverify: +hwv_fifo_depth<{ID_PARAMETER}>=N sets it; DEPTH (the storage) if not\n"
               f"    {REGISTER} = DEPTH;\n"
               f'    $sformat({REGISTER}_arg, "hwv_fifo_depth%0d=%%d", {ID_PARAMETER});\n'
               f"    if ($value$plusargs({REGISTER}_arg, {REGISTER})) ;\n"
               "end\n")
    return text[:match.start()] + header + declarations + body + setting + text[end:]


def _header_end(text: str, start: int) -> int:
    """The index of the ``;`` that ends a module header (the first one outside parentheses)."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == ";" and depth == 0:
            return index
    return -1


def _with_id_parameter(header: str) -> str:
    """An ANSI parameter list ``#(`` gets the ID parameter first; a header without one is left as it is (the
    parameter is then declared in the body)."""
    return re.sub(r"#\s*\(", f"#(parameter {ID_PARAMETER} = -1, ", header, count=1)


def _runtime_body(body: str) -> str:
    """The module body with DEPTH, and every localparam computed from it, at run time in statements.

    A localparam statement stays (declarations size the storage with it) and is followed by a wire per derived
    name holding its run-time value (``hwv_<name>``), which the statements then use."""
    runtime = {"DEPTH": REGISTER}
    for statement in _LOCALPARAMS.finditer(body):
        for name, value in _assignments(statement["items"]):
            if _names(runtime).search(value):
                runtime[name] = f"hwv_{name}"
    pattern = _names(runtime)
    pieces, last = [], 0
    for statement in _LOCALPARAMS.finditer(body):
        pieces.append(_statement_lines(body[last:statement.start()], pattern, runtime))
        wires = [f"\nwire signed [31:0] {runtime[name]} = {_substitute(value, pattern, runtime)};"
                 for name, value in _assignments(statement["items"]) if name in runtime]
        pieces.append(statement.group(0) + "".join(wires))
        last = statement.end()
    pieces.append(_statement_lines(body[last:], pattern, runtime))
    return "".join(pieces)


def _assignments(items: str) -> list[tuple[str, str]]:
    """``A = x, B = f(y, z)`` -> ``[("A", "x"), ("B", "f(y, z)")]`` (commas inside parentheses kept)."""
    parts, depth, current = [], 0, ""
    for char in items:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    pairs = [part.split("=", 1) for part in parts if "=" in part]
    return [(name.split()[-1], value.strip()) for name, value in pairs]


def _names(runtime: dict[str, str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in runtime) + r")\b")


def _substitute(text: str, pattern: re.Pattern[str], runtime: dict[str, str]) -> str:
    """The run-time names in ``text``, except as a replication count (``{MEM_AWIDTH{1'b0}}``: a width, which must
    stay constant and is the storage's)."""
    def name(match: re.Match[str]) -> str:
        replication = (_REPLICATION_BEFORE.search(text, 0, match.start()) is not None
                       and _REPLICATION_AFTER.match(text, match.end()) is not None)
        return match.group(0) if replication else runtime[match.group(1)]

    return pattern.sub(name, text)


def _statement_lines(text: str, pattern: re.Pattern[str], runtime: dict[str, str]) -> str:
    """Run-time names in statements and in a net declaration's assignment; sizes, parameters and submodule
    connections keep the storage names."""
    lines = []
    for line in text.split("\n"):
        if _NET.match(line) and "=" in line:  # a net's continuous assignment: run time after the "="
            name, value = line.split("=", 1)
            line = f"{name}={_substitute(value, pattern, runtime)}"
        elif not (_DECLARATION.match(line) or _CONNECTION.search(line)):
            line = _substitute(line, pattern, runtime)
        lines.append(line)
    return "\n".join(lines)
