"""An hls4ml project's firmware as C++: its top function's signature, argument directions and types.

The reference for a project's RTL is the firmware's own top function (``firmware/<project>.cpp``, or
``firmware/<project>_axi.cpp`` for a VivadoAccelerator wrapper), not the project's bridge: projects made
with older or forked hls4ml versions carry bridges that no longer match their firmware. So the
signature is read from the firmware's header, the element types from the typedefs of its headers
(``defines.h``, ``<project>_axi.h``: ``ap_fixed``, ``nnet::array`` stream elements, the accelerator's
``{data, last}`` structs), argument directions from how the top's body uses each argument, and stream
sizes (which a signature does not carry) from the project's testbench or bridge. The bridge is a hint
whose disagreements are reported as notes.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from hwverify.errors import ConfigError
from hwverify.fixed import ElementType, parse_element_type

__all__ = ["ArgumentKind", "CHeaders", "ArgumentHints", "TopArgument", "TopFunction", "read_headers",
           "read_top_function", "argument_hints"]

_DEFINE = re.compile(r"^\s*#define\s+(\w+)\s+(.+?)\s*$", re.M)
_STATIC_CONST = re.compile(r"\b(?:static\s+)?(?:const|constexpr)\s+(?:unsigned|int|size_t|long|short)[\w ]*?\s+(\w+)\s*=\s*([^;]+);")
_TYPEDEF = re.compile(r"typedef\s+([^;{}]+?)\s+(\w+)\s*;")
_ARRAY_TYPE = re.compile(r"^nnet::array\s*<\s*(.+)\s*,\s*([^<>,]+?)\s*>$")
_STREAM = re.compile(r"^hls::stream\s*<\s*(.+?)\s*>\s*&\s*(\w+)$")
_STREAM_TYPE = re.compile(r"^hls::stream\s*<\s*(.+?)\s*>$")
_ARRAY_ARG = re.compile(r"^(.+?)\s+(\w+)\s*\[(.+)\]$")
_SIZE_ARG = re.compile(r"^unsigned\s+short\s*&\s*(\w+)$")


class ArgumentKind(StrEnum):
    """How the top function takes an argument."""

    ARRAY = "array"  # T x[N]: io_parallel, or an accelerator's array of {data, last} beats
    STREAM = "stream"  # hls::stream<T> &x: io_stream, one beat of T per pixel
    SIZE = "size"  # unsigned short &const_size_*: old hls4ml's size outputs, no sample data


@dataclass(frozen=True)
class CHeaders:
    """What the firmware's own headers define: macros and integer constants, typedefs, {data, last} structs."""

    macros: dict[str, str]
    typedefs: dict[str, str]
    beat_structs: dict[str, str]  # struct alias -> the C type of its `data` field (it also has `last`)

    def resolve(self, name: str) -> str:
        """Follow typedefs from ``name`` to a type that is not a typedef of the firmware."""
        seen = set()
        while name in self.typedefs and name not in seen:
            seen.add(name)
            name = self.typedefs[name]
        return name

    def evaluate(self, expression: str) -> int:
        """An integer size expression such as ``N_INPUT_1_1*N_INPUT_2_1``, macros expanded."""
        return _evaluate(expression, self.macros)


@dataclass(frozen=True)
class TopArgument:
    """One argument of the top function.

    ``element`` is the type of one element on the wire; ``per_beat`` the elements of one stream beat
    (``nnet::array<T, N>``: N; a scalar element: 1; an array of N streams: N, one on each); ``size`` the
    elements per sample (None for a stream whose frame size is not known yet); ``beat_struct`` marks an
    accelerator's ``{data, last}`` element, ``array_beat`` an ``nnet::array`` beat (indexed even when it holds
    one element).
    """

    name: str
    kind: ArgumentKind
    c_type: str  # the argument's element type as the firmware spells it (a typedef name)
    element: ElementType | None
    element_c_type: str  # the C type of one scalar element (the `data` field of a beat struct)
    per_beat: int
    size: int | None
    is_output: bool
    beat_struct: bool = False
    array_beat: bool = False
    lane_streams: bool = False  # hls::stream<T> x[N] (an hls4ml fork): N streams, element k on stream k % N


@dataclass(frozen=True)
class TopFunction:
    """The top function of a project's firmware.

    ``arguments`` are in the order the C signature has them, size outputs (``const_size_in_1`` ...) included;
    :attr:`inputs` and :attr:`outputs` leave those out.
    """

    name: str
    header: Path
    source: Path
    arguments: tuple[TopArgument, ...]
    notes: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[TopArgument, ...]:
        """Data inputs, in argument order."""
        return tuple(a for a in self.arguments if a.kind is not ArgumentKind.SIZE and not a.is_output)

    @property
    def outputs(self) -> tuple[TopArgument, ...]:
        """Data outputs, in argument order."""
        return tuple(a for a in self.arguments if a.kind is not ArgumentKind.SIZE and a.is_output)

    @property
    def is_accelerator(self) -> bool:
        """True for a VivadoAccelerator wrapper (``{data, last}`` beats)."""
        return any(a.beat_struct for a in self.arguments)

    def describe(self) -> str:
        """``myproject(input_t input_1[140] -> , result_t layer14_out[1] <-)`` style summary."""
        parts = [f"{a.c_type} {a.name}{'' if a.size is None else f'[{a.size}]'} ({a.kind.value}, "
                 f"{'out' if a.is_output else 'in'}{'' if a.element is None else f', {a.element}'})"
                 for a in self.arguments]
        return f"{self.name}({', '.join(parts)})"


@dataclass(frozen=True)
class ArgumentHints:
    """What the project's testbench and bridge say of the top's arrays: elements per sample by name, and the
    names they copy data into (inputs, whatever the top's body seems to do with them)."""

    sizes: dict[str, int] = field(default_factory=dict)
    inputs: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()  # the testbench and bridge, without comments

    def for_top(self, top: str, parameters: list[str]) -> ArgumentHints:
        """The hints by ``top``'s parameter names: a testbench may name its variables otherwise
        (``myproject(tracks, layer103_out1)`` for parameters ``tracks, layer103_cpy1``); a call with another
        number of arguments (a stale bridge) is not followed."""
        alias: dict[str, str] = {}
        for text in self.sources:
            for call in re.finditer(rf"(?<![\w.]){re.escape(top)}\s*\(([\w\s,]*)\)\s*;", text):
                names = [re.sub(r"_ap$", "", a.strip()) for a in call[1].split(",")]
                if len(names) == len(parameters):
                    for variable, parameter in zip(names, parameters):
                        alias.setdefault(variable, parameter)
        sizes = {name: size for name, size in self.sizes.items() if name in parameters}
        for name, size in self.sizes.items():
            sizes.setdefault(alias.get(name, name), size)
        return ArgumentHints(sizes, frozenset(alias.get(n, n) for n in self.inputs), self.sources)


def read_headers(firmware: Path) -> CHeaders:
    """Macros, integer constants, typedefs and beat structs of the headers directly in ``firmware/``."""
    macros: dict[str, str] = {}
    typedefs: dict[str, str] = {}
    structs: dict[str, str] = {}
    for header in sorted(firmware.glob("*.h")):
        text = strip_comments(header.read_text(errors="replace"))
        macros.update(dict(_DEFINE.findall(text)))
        macros.update(dict(_STATIC_CONST.findall(text)))
        text, found = _beat_structs(text)
        structs.update(found)
        typedefs.update({alias: " ".join(target.split()) for target, alias in _TYPEDEF.findall(text)})
    return CHeaders(macros, typedefs, structs)


def strip_comments(text: str) -> str:
    """C++ source without its comments."""
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)


def _beat_structs(text: str) -> tuple[str, dict[str, str]]:
    """``typedef struct x { T data; ap_uint<1> last; ... } alias;`` -> {alias: T}; returns the text without them."""
    found: dict[str, str] = {}
    while (start := text.find("typedef struct")) >= 0:
        open_brace = text.find("{", start)
        close = _matching_close(text, open_brace)
        alias = re.match(r"\s*(\w+)\s*;", text[close + 1:])
        body = text[open_brace + 1:close]
        data = re.search(r"^\s*([\w:<>, ]+?)\s+data\s*;", _depth_one(body), re.M)
        if alias and data and re.search(r"\blast\s*;", body):
            found[alias[1]] = " ".join(data[1].split())
        text = text[:start] + text[close + 1 + (alias.end() if alias else 0):]
    return text, found


_CLOSING = {"{": "}", "(": ")"}


def _matching_close(text: str, opening: int) -> int:
    """The index of the bracket that closes the one at ``opening`` (a brace or a parenthesis)."""
    step = {text[opening]: 1, _CLOSING[text[opening]]: -1}
    depth = 0
    for index in range(opening, len(text)):
        depth += step.get(text[index], 0)
        if depth == 0:
            return index
    raise ConfigError(f"unbalanced {text[opening]!r} in the firmware's top function or header")


def _depth_one(body: str) -> str:
    """The text of a struct body outside nested braces (fields, not method bodies)."""
    out, depth = [], 0
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char != "}":
            out.append(char)
    return "".join(out)


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}


def _evaluate(expression: str, macros: dict[str, str], depth: int = 0) -> int:
    if depth > 20:
        raise ConfigError(f"macro expansion of {expression!r} does not terminate")

    def walk(node: ast.AST) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name) and node.id in macros:
            return _evaluate(macros[node.id], macros, depth + 1)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        raise ConfigError(f"cannot evaluate the array size {expression!r} from the firmware's headers")

    cleaned = re.sub(r"(?<=\d)[uUlL]+\b", "", expression.strip()).replace("/", "//")
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError as error:
        raise ConfigError(f"cannot evaluate the array size {expression!r} from the firmware's headers") from error
    return walk(tree.body)


def read_top_function(firmware: Path, name: str, headers: CHeaders,
                      hints: ArgumentHints = ArgumentHints()) -> TopFunction:
    """The top function ``name`` declared in ``firmware/<name>.h`` and defined in ``firmware/<name>.cpp``.

    ``hints`` (from the project's testbench or bridge) give elements per sample of stream arguments by name
    (streams without one keep ``size=None``) and the arguments that are inputs, whatever the body does."""
    header, source = firmware / f"{name}.h", firmware / f"{name}.cpp"
    for path in (header, source):
        if not path.is_file():
            raise ConfigError(f"the firmware has no {path.name}: expected the top function {name}() in "
                              f"{header} and {source}")
    declared = _parameter_list(strip_comments(header.read_text(errors="replace")), name, header)
    body = _function_body(strip_comments(source.read_text(errors="replace")), name, source)
    raw = [_argument(text, headers, name) for text in _split_arguments(declared)]
    hints = hints.for_top(name, [a.name for a in raw])
    written = _written(body, [a.name for a in raw]) - hints.inputs
    arguments = tuple(_with_direction(a, a.name in written, hints.sizes) for a in raw)
    function = TopFunction(name, header, source, arguments)
    _require_data(function)
    return function


def _parameter_list(text: str, name: str, where: Path) -> str:
    match = re.search(rf"\bvoid\s+{re.escape(name)}\s*\(", text)
    if match is None:
        raise ConfigError(f"{where} declares no function void {name}(...); is {name} the project's top function?")
    close = _matching_close(text, match.end() - 1)
    return text[match.end():close]


def _function_body(text: str, name: str, where: Path) -> str:
    match = re.search(rf"\bvoid\s+{re.escape(name)}\s*\(", text)
    if match is None:
        raise ConfigError(f"{where} defines no function void {name}(...)")
    open_brace = text.index("{", _matching_close(text, match.end() - 1))
    body = text[open_brace + 1:_matching_close(text, open_brace)]
    return "\n".join(line for line in body.splitlines() if not line.strip().startswith("#"))


def _split_arguments(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += {"<": 1, ">": -1, "(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]


def _argument(text: str, headers: CHeaders, top: str) -> TopArgument:
    if size := _SIZE_ARG.match(text):
        return TopArgument(size[1], ArgumentKind.SIZE, "unsigned short", None, "unsigned short", 1, 1, True)
    if stream := _STREAM.match(text):
        return _data_argument(stream[2], ArgumentKind.STREAM, stream[1], None, headers)
    if (array := _ARRAY_ARG.match(text)) and (lanes := _STREAM_TYPE.match(array[1])):
        return _lane_streams(array[2], lanes[1], headers.evaluate(array[3]), headers, text, top)
    if array:
        return _data_argument(array[2], ArgumentKind.ARRAY, array[1], headers.evaluate(array[3]), headers)
    raise ConfigError(f"cannot read the argument {text!r} of {top}(): expected 'T x[N]', 'hls::stream<T> &x' or "
                      "'unsigned short &const_size_x'")


def _lane_streams(name: str, c_type: str, lanes: int, headers: CHeaders, text: str, top: str) -> TopArgument:
    """``hls::stream<T> x[N]``: N streams of scalar T (an hls4ml fork's convention; the RTL has a port per stream,
    ``x_<i>_V_V``), a sample's element k on stream k % N, as the fork's ``copy_data_switch`` spreads it."""
    argument = _data_argument(name, ArgumentKind.STREAM, c_type, None, headers)
    if argument.per_beat != 1 or argument.beat_struct:
        raise ConfigError(f"the argument {text!r} of {top}() is an array of streams of {c_type}, which is not a "
                          "scalar type: hwverify reads arrays of scalar streams only")
    return replace(argument, per_beat=lanes, lane_streams=True)


def _data_argument(name: str, kind: ArgumentKind, c_type: str, size: int | None, headers: CHeaders) -> TopArgument:
    c_type = c_type.strip()
    resolved = headers.resolve(c_type)
    beat_struct = resolved in headers.beat_structs
    if beat_struct:
        resolved = headers.resolve(headers.beat_structs[resolved])
    per_beat = 1
    array = _ARRAY_TYPE.match(resolved)
    if array:
        resolved, per_beat = headers.resolve(array[1].strip()), headers.evaluate(array[2])
    element = _element(resolved, name, c_type)
    return TopArgument(name, kind, c_type, element, resolved, per_beat, size, False, beat_struct, bool(array))


def _element(c_type: str, argument: str, declared: str) -> ElementType:
    try:
        return parse_element_type(c_type)
    except ConfigError:
        raise ConfigError(f"the firmware's headers define no fixed-point or float type for argument {argument} "
                          f"({declared} resolves to {c_type!r}); hwverify reads typedefs from firmware/*.h") from None


def _written(body: str, names: list[str]) -> set[str]:
    """Arguments the body writes: assigned, ``.write()``-n, or passed after the first argument of a call."""
    written = set()
    for name in names:
        word = rf"(?<![\w.]){re.escape(name)}\b"
        for match in re.finditer(word, body):
            before = body[:match.start()].rstrip()[-1:]
            after = body[match.end():]
            assigned = re.match(r"\s*(\[[^\]]*\])?\s*(\.\s*\w+\s*)?=(?!=)", after)
            if before == "," or assigned or re.match(r"\s*(\[[^\]]*\])?\s*\.\s*write\s*\(", after):
                written.add(name)
    return written


def _with_direction(argument: TopArgument, written: bool, size_hints: dict[str, int]) -> TopArgument:
    if argument.kind is ArgumentKind.SIZE:
        return argument
    size = argument.size
    if argument.kind is ArgumentKind.STREAM and size is None:
        size = size_hints.get(argument.name)
    return replace(argument, size=size, is_output=written)


def _require_data(function: TopFunction) -> None:
    if not function.inputs or not function.outputs:
        raise ConfigError(
            f"could not tell the inputs from the outputs of {function.describe()} in {function.source.name}: "
            "an output is an argument the body writes (or passes after the first argument of a layer call)")


#: (pattern, whether it names an input) over the testbench and bridge; each pattern's groups are (size, name).
_HINTS = (
    # nnet::copy_data<float, T, offset, N>(in, x) (testbench; also copy_data_axi, a fork's copy_data_me)
    (r"copy_data(?:_(?!switch\b)\w+)?\s*<[^<>]*?,\s*([^<>]+?)\s*>\s*\(\s*\w+\s*,\s*(\w+)\s*\)", True),
    # nnet::copy_data_switch<float, T, offset, N, streams>(in, x) (a fork's arrays of streams)
    (r"copy_data_switch\s*<[^<>]*?,\s*([^<>,]+?)\s*,\s*[^<>,]+>\s*\(\s*\w+\s*,\s*(\w+)\s*\)", True),
    # nnet::convert_data<double, T, N>(x, x_ap) (bridge, inputs)
    (r"convert_data\s*<\s*(?:float|double)\s*,\s*\w+\s*,\s*([^<>]+?)\s*>\s*\(\s*(\w+?)(?:_ap)?\s*,", True),
    # nnet::convert_data<T, double, N>(y_ap, y) (bridge, outputs)
    (r"convert_data\s*<\s*\w+\s*,\s*\w+\s*,\s*([^<>]+?)\s*>\s*\(\s*\w+\s*,\s*(\w+?)(?:_ap)?\s*\)", False),
    # nnet::print_result<T, N>(y, out) (testbench; also a fork's print_result_me)
    (r"print_result(?:_(?!switch\b)\w+)?\s*<\s*\w+\s*,\s*([^<>,]+?)\s*>\s*\(\s*(\w+)\s*,", False),
    # nnet::print_result_switch<T, N, streams>(y, ...) (a fork's arrays of streams)
    (r"print_result_switch\s*<\s*\w+\s*,\s*([^<>,]+?)\s*,\s*[^<>,]+>\s*\(\s*(\w+)\s*,", False),
)


def argument_hints(project_root: Path, headers: CHeaders) -> ArgumentHints:
    """Elements per sample of the top's arrays and which are inputs, as the project's testbench and bridge
    copy them (``copy_data``/``convert_data`` into an input, ``convert_data``/``print_result`` out of an output)."""
    sizes: dict[str, int] = {}
    inputs: set[str] = set()
    sources = []
    for path in sorted(project_root.glob("*_test.cpp")) + sorted(project_root.glob("*_bridge.cpp")):
        text = strip_comments(path.read_text(errors="replace"))
        sources.append(text)
        for pattern, is_input in _HINTS:
            for size, name in re.findall(pattern, text):
                if is_input:
                    inputs.add(name)
                try:
                    sizes.setdefault(name, headers.evaluate(size.split(",")[-1]))
                except ConfigError:
                    continue
    return ArgumentHints(sizes, frozenset(inputs), tuple(sources))
