"""Find every FIFO of an HLS dataflow design, and the hls4ml variable each one carries.

The design is elaborated with slang (``pyslang``), so parameter values (``DEPTH``, ``ADDR_WIDTH``,
``DATA_WIDTH``) come out as numbers whether they are module defaults or instance overrides. FIFO
styles follow shared/reference/hls_rtl_conventions.md:

- ``shiftreg``: Vivado HLS shift-register FIFO (and start-token FIFO); ``mOutPtr`` reset to all ones.
- ``ram``: Vivado HLS RAM FIFO; ``usedw``/``full_n`` plus a show-ahead register ``dout_valid``.
- ``vitis``: Vitis HLS FIFO with an ``if_num_data_valid`` port.
- ``count``: a FIFO whose ``mOutPtr`` counts the words held (Vitis start-token FIFOs).
- ``by_depth``: the open flow's FIFO, both Vivado styles in one module, ``shiftreg_style`` (from DEPTH) picking.
- ``custom``: any other module, with a user-supplied occupancy expression.

This is the one FIFO model: calibration and the FIFO monitor use :class:`FifoInstance`, the simulators'
watchdogs its :meth:`FifoInstance.probe` (:func:`fifo_probes`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwverify.cache import content_hash, file_sha256
from hwverify.errors import ConfigError, InterfaceNotRecognised, ToolNotFound
from hwverify.sim.spec import FifoProbe, FifoStyle

__all__ = ["FifoInstance", "FifoStyle", "Connection", "fifo_probes", "find_fifo_instances", "variable_of"]

# Vivado HLS uniquifies a module it writes twice with _x, _x0, ... (dnnos_cnn: fifo_w16_d900_A and fifo_w16_d900_A_x).
_UNIQUIFIED = re.compile(r"_x\d*$")
_FIFO_MODULE = re.compile(r"(?:^|_)fifo_w\d+(?:_d\d+)?_[AS]$|(?:^|_)start_for_\w+$")
_PER_ELEMENT = re.compile(r"^(?P<var>.+?)_V_data_(?P<element>\d+)_V_U$")
_START = re.compile(r"^start_for_(?P<proc>\w+?)_U$")
# Reset to all ones: ``~{...{1'b0}}`` (Vivado HLS) or ``{ADDR_WIDTH+1{1'b1}}`` (Vitis HLS 2023.2 start FIFOs).
_VIVADO_RESET_ONES = re.compile(r"mOutPtr\s*(?:<=|=)\s*(?:~|\{[^;{}]*\{\s*1'b1\s*\}\s*\})")


@dataclass(frozen=True)
class Connection:
    """The process instances on a FIFO's write and read sides (None where no instance drives it)."""

    writer: str | None
    reader: str | None


@dataclass(frozen=True)
class FifoInstance:
    """One FIFO instance in a design.

    ``path`` is the instance path below the top (``("layer4_out_V_data_0_V_U",)``); ``variable`` the
    hls4ml variable it carries (``layer4_out``), ``element`` the array element (None for packed Vitis
    streams and start-token FIFOs). ``depth`` is the stream depth HLS was given (the ``_d<N>_`` in the
    module name); ``depth_parameter`` the module's ``DEPTH`` (one less than ``depth`` for Vitis FIFOs,
    whose show-ahead output register holds a word). ``fill_expression`` is Verilog giving the words held,
    with ``{inst}`` standing for the instance's hierarchical name, ``{depth}`` for ``DEPTH`` and ``{aw}`` for
    ``ADDR_WIDTH`` (empty for a module with no known counter: only its handshakes are watched).
    """

    path: tuple[str, ...]
    module: str
    variable: str
    element: int | None
    style: FifoStyle
    depth: int
    depth_parameter: int
    addr_width: int
    width: int
    fill_expression: str
    start_token: bool = False
    connection: Connection = Connection(None, None)
    parent_module: str = ""  # the module that instantiates it
    handshake: bool = False  # has if_write/if_full_n/if_read/if_empty_n ports (a word moving is progress)

    @property
    def name(self) -> str:
        """The dotted instance path below the top."""
        return ".".join(self.path)

    def fill_verilog(self, instance: str) -> str:
        """The words held, as a Verilog expression on the hierarchical name ``instance``."""
        return self.fill_expression.format(inst=instance, depth=self.depth_parameter, aw=self.addr_width)

    def probe(self) -> FifoProbe:
        """What a simulator's watchdog needs of this FIFO."""
        expression = self.fill_verilog("{inst}") if self.fill_expression else ""
        return FifoProbe(self.path, self.module, self.depth, self.style, expression, self.handshake)

    @property
    def has_output_register(self) -> bool:
        """True when the module's DEPTH excludes a show-ahead output register (Vitis)."""
        return self.style is FifoStyle.VITIS

    def parameters_for_depth(self, depth: int) -> tuple[int, int]:
        """``(DEPTH, ADDR_WIDTH)`` module parameters that give this FIFO the stream depth ``depth``."""
        if depth < 1:
            raise ConfigError(f"FIFO {self.name}: depth must be at least 1, got {depth}")
        parameter = max(depth - 1, 1) if self.has_output_register else max(depth, 2)
        return parameter, max(1, (parameter - 1).bit_length())


def variable_of(instance: str) -> tuple[str, int | None, bool]:
    """``(variable, element, start_token)`` from an HLS FIFO instance name.

    ``layer4_out_V_data_0_V_U`` -> ``("layer4_out", 0, False)``; Vitis ``layer4_out_U`` ->
    ``("layer4_out", None, False)``; ``start_for_relu_2_U0_U`` -> ``("relu_2_U0", None, True)``.
    """
    start = _START.match(instance)
    if start:
        return start["proc"], None, True
    per_element = _PER_ELEMENT.match(instance)
    if per_element:
        return per_element["var"], int(per_element["element"]), False
    return (instance[:-2] if instance.endswith("_U") else instance), None, False


#: FIFOs found so far in this process, by the content of the design's sources (and the search's options).
_FOUND: dict[str, tuple[FifoInstance, ...]] = {}


def fifo_probes(top: str, sources: Sequence[Path]) -> tuple[FifoProbe, ...]:
    """Every FIFO below ``top`` as the simulators' watchdogs see it; a FIFO-named module with no known counter
    is watched by its handshakes only (its fill is reported as not readable)."""
    return tuple(fifo.probe() for fifo in find_fifo_instances(top, sources, unknown_counters=True))


def find_fifo_instances(
    top: str,
    sources: Sequence[Path],
    custom: Mapping[str, str] | None = None,
    unknown_counters: bool = False,
) -> tuple[FifoInstance, ...]:
    """Every FIFO instance below ``top``, with style, depth, width, fill formula and its processes.

    ``custom`` maps module names that are FIFOs in no known style to an occupancy expression with
    ``{inst}`` for the instance (``{"my_fifo": "{inst}.count"}``); such a module needs a ``DEPTH`` parameter
    (and ``ADDR_WIDTH`` if calibration is to resize it). A module that looks like an HLS
    FIFO but has none of the known counters raises :class:`ConfigError` asking for such an entry, unless
    ``unknown_counters`` (then it is a ``custom`` FIFO with an empty fill expression).
    """
    missing = [str(p) for p in sources if not Path(p).is_file()]
    if missing:
        raise ConfigError(f"Verilog sources not found: {', '.join(missing)}")
    key = content_hash("fifo_instances/1", top, [(Path(p).name, file_sha256(Path(p))) for p in sources],
                       sorted((custom or {}).items()), unknown_counters)
    if key not in _FOUND:  # every run of a calibration asks again about the same design
        found: list[FifoInstance] = []
        _walk(_elaborate(top, sources), (), _Custom(dict(custom or {}), unknown_counters), found)
        _FOUND[key] = tuple(found)
    return _FOUND[key]


@dataclass(frozen=True)
class _Custom:
    """User-supplied occupancy expressions, and whether a module with no known counter is allowed."""

    expressions: dict[str, str]
    unknown_allowed: bool


def _elaborate(top: str, sources: Sequence[Path]) -> Any:
    try:
        import pyslang  # noqa: PLC0415
    except ImportError as error:
        raise ToolNotFound("pyslang", "finding FIFOs in Verilog", "pip install pyslang") from error
    options = pyslang.ast.CompilationOptions()
    options.topModules = {top}
    compilation = pyslang.ast.Compilation(pyslang.Bag([options]))
    for source in sources:
        if Path(source).suffix in (".v", ".sv", ".vh", ".svh"):
            compilation.addSyntaxTree(pyslang.syntax.SyntaxTree.fromFile(str(source)))
    tops = [inst for inst in compilation.getRoot().topInstances if inst.name == top]
    if not tops:
        raise InterfaceNotRecognised(f"no module named '{top}' among the sources; pass the design's top module")
    return tops[0]


def _instances(scope: Any) -> list[Any]:
    import pyslang  # noqa: PLC0415

    return [member for member in scope.body if member.kind == pyslang.ast.SymbolKind.Instance]


def _walk(instance: Any, path: tuple[str, ...], custom: _Custom, out: list[FifoInstance]) -> None:
    children = _instances(instance)
    owners: dict[str, list[str]] | None = None  # read once per scope: a design may hold hundreds of FIFOs
    for child in children:
        module = child.definition.name
        if module in custom.expressions or _FIFO_MODULE.search(_UNIQUIFIED.sub("", module)):
            owners = _net_owners(children) if owners is None else owners
            out.append(_fifo(child, path + (child.name,), custom, owners, instance.definition.name))
        else:
            _walk(child, path + (child.name,), custom, out)


def _fifo(child: Any, path: tuple[str, ...], custom: _Custom, owners: dict[str, list[str]],
          parent: str) -> FifoInstance:
    module = child.definition.name
    params = {p.name: _int(p.value) for p in child.body.parameters}
    style = FifoStyle.CUSTOM if module in custom.expressions else _style(child, custom.unknown_allowed)
    depth_parameter = params.get("DEPTH") or _name_depth(module)
    if depth_parameter is None and custom.unknown_allowed:
        depth_parameter = 0  # watched by its handshakes only; its depth is not needed for that
    if depth_parameter is None:
        raise ConfigError(f"FIFO module '{module}' ({'.'.join(path)}) has no DEPTH parameter and no _d<N>_ in its "
                          "name; hwverify needs a DEPTH parameter to read and change its depth")
    variable, element, start = variable_of(child.name)
    return FifoInstance(
        path=path, module=module, variable=variable, element=element, style=style,
        depth=depth_parameter + (1 if style is FifoStyle.VITIS else 0), depth_parameter=depth_parameter,
        addr_width=params.get("ADDR_WIDTH") or max(1, (depth_parameter - 1).bit_length()),
        width=params.get("DATA_WIDTH") or 1, fill_expression=_fill_expression(style, module, custom),
        start_token=start, connection=_connection(child, owners), parent_module=parent,
        handshake={"if_write", "if_full_n", "if_read", "if_empty_n"} <= {m.name for m in child.body},
    )


def _int(value: Any) -> int | None:
    """An integer parameter value; slang prints sized constants as ``32'd2``."""
    match = re.fullmatch(r"(-?)(?:\d+'s?([dhbo]))?([0-9a-fA-F_]+)", str(value).strip())
    if not match:
        return None
    base = {"d": 10, "h": 16, "b": 2, "o": 8}[match[2] or "d"]
    try:
        number = int(match[3].replace("_", ""), base)
    except ValueError:
        return None
    return -number if match[1] else number


def _name_depth(module: str) -> int | None:
    match = re.search(r"_d(\d+)_[AS]$", _UNIQUIFIED.sub("", module))
    return int(match[1]) if match else None


def _style(child: Any, unknown_allowed: bool = False) -> FifoStyle:
    text = str(child.definition.syntax)
    names = {m.name for m in child.body}
    shift_register = _UNIQUIFIED.sub("", child.definition.name).endswith("_S")  # Vitis shift-register FIFO: no output register
    if "if_num_data_valid" in names and not shift_register:
        return FifoStyle.VITIS
    if {"shiftreg_style", "mOutPtr", "usedw", "dout_valid"} <= names:
        return FifoStyle.BY_DEPTH
    if "mOutPtr" in names:
        return FifoStyle.SHIFTREG if _VIVADO_RESET_ONES.search(text) else FifoStyle.COUNT
    if {"usedw", "full_n", "dout_valid"} <= names:
        return FifoStyle.RAM
    if unknown_allowed:
        return FifoStyle.CUSTOM
    raise ConfigError(
        f"FIFO module '{child.definition.name}' ({child.name}) has none of the known occupancy counters "
        "(mOutPtr, usedw/full_n/dout_valid, if_num_data_valid); pass an occupancy expression for it, "
        "e.g. custom={'" + child.definition.name + "': '{inst}.count'}"
    )


def _fill_expression(style: FifoStyle, module: str, custom: _Custom) -> str:
    """Verilog for the words held; ``{inst}`` is the instance, ``{aw}`` its ADDR_WIDTH, ``{depth}`` its DEPTH.
    The Python twin, for testbenches that read signals one by one, is ``FifoProbe.fill_of``."""
    if style is FifoStyle.CUSTOM:
        return custom.expressions.get(module, "")
    return {
        # mOutPtr is all ones when empty and points at the oldest word: one more than it, modulo its width
        # (the concatenation makes the sum self-determined, so it wraps at mOutPtr's width in any context).
        FifoStyle.SHIFTREG: "{{{inst}.mOutPtr + 1'b1}}",
        # usedw wraps to 0 when a power-of-two FIFO is full; the show-ahead register holds one more word.
        FifoStyle.RAM: "({inst}.full_n ? {inst}.usedw : {depth}) + {inst}.dout_valid",
        FifoStyle.VITIS: "{inst}.if_num_data_valid",
        FifoStyle.COUNT: "{inst}.mOutPtr",
        FifoStyle.BY_DEPTH: ("({inst}.shiftreg_style ? {{{inst}.mOutPtr + 1'b1}} : "
                             "({inst}.full_n ? {inst}.usedw : {depth}) + {inst}.dout_valid)"),
    }[style]


def _net_owners(instances: list[Any]) -> dict[str, list[str]]:
    """Per net, the first two instances (in declaration order) with a port connected to it."""
    owners: dict[str, list[str]] = {}
    for instance in instances:
        for connection in instance.portConnections:
            net = _expression_net(connection.expression)
            names = owners.setdefault(net, []) if net is not None else None
            if names is not None and len(names) < 2 and instance.name not in names:
                names.append(instance.name)
    return owners


def _connection(fifo: Any, owners: dict[str, list[str]]) -> Connection:
    """The instances other than ``fifo`` that drive its write and read nets (the first connected to each)."""
    def other(port: str) -> str | None:
        return next((name for name in owners.get(_net(fifo, port) or "", []) if name != fifo.name), None)

    return Connection(writer=other("if_write"), reader=other("if_read"))


def _net(instance: Any, port: str) -> str | None:
    for connection in instance.portConnections:
        if connection.port.name == port:
            return _expression_net(connection.expression)
    return None


def _expression_net(expression: Any) -> str | None:
    import pyslang  # noqa: PLC0415

    if expression is None:
        return None
    if expression.kind == pyslang.ast.ExpressionKind.Assignment:
        expression = expression.left
    if expression.kind == pyslang.ast.ExpressionKind.NamedValue:
        return str(expression.symbol.name)
    return None
