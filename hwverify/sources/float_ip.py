"""Behavioural Verilog models of the Xilinx Floating-Point Operator IP that HLS exports only as Tcl.

Vivado HLS and Vitis HLS implement ``float``/``double`` arithmetic (and the float I/O conversions of a
VivadoAccelerator hls4ml wrapper) with instances of the Floating-Point Operator v7.1 core. The export
holds an HLS-written wrapper module (``myproject_axi_fpext_32ns_64_1_1.v``) that instantiates the core by
its module name, and a Tcl script per core (``myproject_axi_ap_fpext_1_no_dsp_32_ip.tcl``,
``main_dsub_64ns_64ns_64_7_full_dsp_1_ip.tcl``), but no Verilog of the core. :func:`read_ip_tcl` reads
such a script; :func:`float_ip_models` writes a bit-exact behavioural model for every core of a
directory that has none, so that Icarus Verilog and Verilator can simulate the design.

The Tcl format (seen in real Vivado HLS 2015-2020 and Vitis HLS exports, e.g. hls4ml VivadoAccelerator
projects, ``syn/verilog/*_ip.tcl``)::

    create_ip -name floating_point -version $fpo_ver -vendor xilinx.com -library ip -module_name NAME
    set_property -dict [list CONFIG.a_precision_type Single \\
                             CONFIG.c_latency 1 ...
                             CONFIG.operation_type Float_to_Float ...] -objects [get_ips NAME] -quiet

Hand-written scripts use ``CONFIG.Operation_Type {Add_Subtract}`` (mixed case, braced values); both are read.

Semantics modelled (Floating-Point Operator v7.1, product guide PG060) and where they come from. Only the
first point was confirmed in a stored copy of an AMD document while this was written (the PG060 pages
themselves were not reachable); the others follow PG060's "IEEE-754 Support" deviations (denormals,
rounding modes, NaNs) as the guide is known to state them, and the points marked AMBIGUOUS are choices:

* Denormalized operands are treated as zero with the sign of the operand. Source: AMD PG109 (Fast Fourier Transform LogiCORE),
  section "Denormalized Numbers": "To match the behavior of the AMD Floating-Point Operator core, the core
  treats denormalized operands as zero, with a sign taken from the denormalized number."
* Results that would be denormalized are flushed to a zero of the result's sign (the core raises
  UNDERFLOW instead of producing a denormal). AMBIGUOUS: whether tininess is detected before or after
  rounding. Modelled: after rounding to the result precision with an unbounded exponent, so a result
  that rounds up to the smallest normal stays normal.
* Rounding: round to nearest, ties to even, the only mode the core has. Add, subtract, multiply, divide,
  square root and the conversions are correctly rounded as IEEE-754 requires; overflow gives a signed
  infinity.
* NaNs: every NaN operand is treated as quiet (no signalling NaNs) and gives a NaN result. AMBIGUOUS: the
  NaN pattern the core outputs. Modelled: the positive quiet NaN with only the fraction's most
  significant bit set (0x7FC00000, 0x7FF8000000000000), whatever the operands' payloads.
* Invalid operations give that NaN: inf - inf, 0 * inf (also inf times a denormal, which reads as 0),
  0 / 0, inf / inf, the square root of a negative number. x / 0 is a signed infinity, sqrt(-0) is -0, an
  exact zero sum is +0 (-0 only for -0 + -0).
* Compare: operation code bits [5:3] select unordered (000), less (001), equal (010), less-or-equal (011),
  greater (100), not-equal (101), greater-or-equal (110), condition code (111); these are the codes the
  HLS fcmp wrappers send (``OP_EQ = 8'b00010100`` ... in a Vivado HLS 2019.1 ``*_fcmp_32ns_32ns_1_2_1``
  wrapper), which take bit 0 of the 8-bit result. -0 equals +0 and denormals equal zero; a NaN operand
  makes every predicate but "unordered" false. AMBIGUOUS: "not equal" with a NaN operand (modelled false:
  HLS sends it for LLVM's ordered-not-equal ``one``) and the bit order of the condition code (modelled
  {unordered, greater, less, equal} in bits [3:0]).
* Timing: NonBlocking AXI4-Stream, an operation starts when every input channel's TVALID is high and its
  result leaves exactly C_LATENCY enabled clock cycles later (combinational at latency 0). ``aclken`` low
  freezes the pipeline. ``aresetn`` low (synchronous; modelled as overriding ``aclken``) clears the valid
  bits.

Options a script leaves out take the core's customisation defaults (single precision, Blocking flow
control with a result TREADY), so a hand-written script must say NonBlocking as HLS's scripts do.

Not modelled (a :class:`~hwverify.errors.ConfigError` says so): float-to-fixed conversion (its rounding and
overflow results could not be confirmed; Vivado HLS emits its own fptosi logic, ``p_hls_fptosi_*``),
reciprocal, reciprocal square root, exp, log, FMA, accumulators, absolute value, floating-point formats
other than half/single/double, Blocking flow control, TREADY/TUSER/TLAST channels and C_RATE above 1.
The models are hwverify's own code, not derived from Xilinx code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Literal

from hwverify.errors import ConfigError
from hwverify.sources.verilog import Port, module_names

#: Verilog define that makes every generated model round toward zero (a fault for tests to catch).
FAULT_ROUND_TOWARD_ZERO = "HWVERIFY_FLOAT_IP_FAULT_ROUND_TOWARD_ZERO"


class FloatOperation(Enum):
    """``CONFIG.operation_type`` of a Floating-Point Operator core."""

    ADD_SUBTRACT = "add_subtract"
    MULTIPLY = "multiply"
    DIVIDE = "divide"
    SQUARE_ROOT = "square_root"
    COMPARE = "compare"
    FLOAT_TO_FLOAT = "float_to_float"
    FIXED_TO_FLOAT = "fixed_to_float"
    FLOAT_TO_FIXED = "float_to_fixed"
    RECIPROCAL = "reciprocal"
    REC_SQUARE_ROOT = "rec_square_root"
    ABSOLUTE = "absolute"
    LOGARITHM = "logarithm"
    EXPONENTIAL = "exponential"
    FMA = "fma"
    ACCUMULATOR = "accumulator"


class AddSub(Enum):
    """``CONFIG.add_sub_value``: a fixed add or subtract, or both chosen by the operation channel."""

    ADD = "add"
    SUBTRACT = "subtract"
    BOTH = "both"


class CompareOperation(Enum):
    """``CONFIG.c_compare_operation``, with the operation code (bits [5:3]) each fixed choice stands for."""

    UNORDERED = "unordered"
    LESS_THAN = "less_than"
    EQUAL = "equal"
    LESS_THAN_OR_EQUAL = "less_than_or_equal"
    GREATER_THAN = "greater_than"
    NOT_EQUAL = "not_equal"
    GREATER_THAN_OR_EQUAL = "greater_than_or_equal"
    CONDITION_CODE = "condition_code"
    PROGRAMMABLE = "programmable"

    @property
    def code(self) -> int:
        """The 3-bit operation code of a fixed comparison (PG060 operation channel bits [5:3])."""
        return list(CompareOperation).index(self)


@dataclass(frozen=True)
class NumberFormat:
    """A port's number format: IEEE-style float (``precision`` counts the hidden bit) or fixed point.

    For fixed point, ``exponent_width`` is the integer width including any sign bit and ``precision``
    the number of fraction bits, as PG060's C_*_EXPONENT_WIDTH / C_*_FRACTION_WIDTH define them.
    """

    kind: Literal["float", "fixed"]
    exponent_width: int
    precision: int
    signed: bool = True
    name: str = ""

    @property
    def width(self) -> int:
        """Bits of the value: sign, exponent and fraction (the hidden bit's place holds the sign), or the
        fixed-point word (integer and fraction bits)."""
        return self.exponent_width + self.precision

    @property
    def tdata_width(self) -> int:
        """Width of the AXI4-Stream TDATA carrying it: the value padded to whole bytes."""
        return -(-self.width // 8) * 8

    @property
    def bias(self) -> int:
        """Exponent bias of a float format."""
        return (1 << (self.exponent_width - 1)) - 1

    @property
    def label(self) -> str:
        """``single``, ``double``, ``half``, ``int32``, ``uint64``, ``fixed<40,8>`` ..."""
        return self.name.lower() if self.name and self.name.lower() != "custom" else self._custom_label()

    def _custom_label(self) -> str:
        if self.kind == "float":
            return f"float<e{self.exponent_width},m{self.precision}>"
        return f"{'' if self.signed else 'u'}fixed<{self.width},{self.exponent_width}>"


HALF = NumberFormat("float", 5, 11, name="Half")
SINGLE = NumberFormat("float", 8, 24, name="Single")
DOUBLE = NumberFormat("float", 11, 53, name="Double")
_NAMED_FORMATS = {
    "half": HALF, "single": SINGLE, "double": DOUBLE,
    "int32": NumberFormat("fixed", 32, 0, True, "Int32"), "int64": NumberFormat("fixed", 64, 0, True, "Int64"),
    "uint32": NumberFormat("fixed", 32, 0, False, "Uint32"), "uint64": NumberFormat("fixed", 64, 0, False, "Uint64"),
}
_STANDARD_FLOATS = {(f.exponent_width, f.precision): f for f in (HALF, SINGLE, DOUBLE)}


@dataclass(frozen=True)
class FloatIpConfig:
    """What one ``*_ip.tcl`` configures for a Floating-Point Operator core (``floating_point`` IP)."""

    module_name: str
    operation: FloatOperation
    a_format: NumberFormat
    #: Result format; None for Compare, whose result is a flag (or a 4-bit condition code).
    result_format: NumberFormat | None
    #: C_LATENCY in clock cycles; None when the script does not set it.
    latency_cycles: int | None
    add_sub: AddSub = AddSub.BOTH
    compare_operation: CompareOperation = CompareOperation.PROGRAMMABLE
    has_aclken: bool = False
    has_aresetn: bool = False
    has_result_tready: bool = False
    flow_control: str = "nonblocking"
    #: Names of the TUSER/TLAST options set true (``has_a_tuser`` ...), which add channel ports.
    side_channels: tuple[str, ...] = ()
    rate: int = 1
    tcl_path: Path | None = None
    #: Every CONFIG.* setting of the script, lower-case name and raw value, in script order.
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def has_b(self) -> bool:
        """True when the operation takes a second operand (the ``s_axis_b`` channel)."""
        return self.operation in (FloatOperation.ADD_SUBTRACT, FloatOperation.MULTIPLY,
                                  FloatOperation.DIVIDE, FloatOperation.COMPARE)

    @property
    def has_operation_channel(self) -> bool:
        """True when an ``s_axis_operation`` channel selects add/subtract or the comparison."""
        return ((self.operation is FloatOperation.ADD_SUBTRACT and self.add_sub is AddSub.BOTH)
                or (self.operation is FloatOperation.COMPARE
                    and self.compare_operation is CompareOperation.PROGRAMMABLE))

    @property
    def result_width(self) -> int:
        """Bits of the result value (1 for a comparison flag, 4 for a condition code)."""
        if self.result_format is not None:
            return self.result_format.width
        return 4 if self.compare_operation in (CompareOperation.CONDITION_CODE,
                                               CompareOperation.PROGRAMMABLE) else 1

    @property
    def hls_name(self) -> str:
        """The operation as HLS names its cores: ``fpext``, ``dadd``, ``faddfsub``, ``sitofp`` ..."""
        return _hls_name(self)

    @property
    def description(self) -> str:
        """A short description, e.g. ``fpext single->double`` or ``fadd single``."""
        if self.operation in (FloatOperation.FLOAT_TO_FLOAT, FloatOperation.FIXED_TO_FLOAT,
                              FloatOperation.FLOAT_TO_FIXED) and self.result_format is not None:
            return f"{self.hls_name} {self.a_format.label}->{self.result_format.label}"
        return f"{self.hls_name} {self.a_format.label}"

    def parameter_text(self) -> str:
        """The script's settings as ``name=value`` pairs, for messages."""
        return ", ".join(f"{name}={value}" for name, value in self.parameters) or "(none)"


@dataclass(frozen=True)
class FloatIpModel:
    """A generated behavioural model of one core: its module name, Verilog text and a note for the user."""

    module_name: str
    verilog: str
    config: FloatIpConfig
    note: str

    def write(self, directory: Path) -> Path:
        """Write the model to ``directory/<module_name>.v`` and return that path."""
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.module_name}.v"
        path.write_text(self.verilog)
        return path


# ---------------------------------------------------------------------------------------------------------
# Reading the Tcl scripts
# ---------------------------------------------------------------------------------------------------------

_CREATE_IP = re.compile(r"(?:^|\[)\s*create_ip\b(?P<args>[^\n]*)", re.MULTILINE)
_CONFIG = re.compile(r"CONFIG\.(?P<name>[A-Za-z0-9_]+)\s+(?P<value>\{[^{}]*\}|\"[^\"]*\"|[^\s\]\}\"]+)")
_IP_NAME = re.compile(r"-name\s+(\S+)|-vlnv\s+\S*?:ip:([A-Za-z0-9_]+)")
_MODULE_NAME = re.compile(r"-module_name\s+([^\s\]]+)")


@dataclass(frozen=True)
class _IpBlock:
    """One ``create_ip`` command of a script and the CONFIG settings that follow it.

    ``parameters`` are the ``CONFIG.<name> <value>`` pairs up to the next ``create_ip``, names in lower case, in
    script order.
    """

    ip_name: str
    module_name: str
    parameters: tuple[tuple[str, str], ...]


def _tcl_lines(text: str) -> str:
    """``text`` without comment lines and with backslash-newline continuations joined."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\\\s*\n", " ", "\n".join(lines))


def _ip_blocks(text: str) -> list[_IpBlock]:
    """Every ``create_ip`` of a script, with the CONFIG.* settings up to the next ``create_ip``."""
    text = _tcl_lines(text)
    starts = list(_CREATE_IP.finditer(text))
    blocks = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        name_match, module_match = _IP_NAME.search(match["args"]), _MODULE_NAME.search(match["args"])
        if name_match is None or module_match is None:
            continue
        ip_name = (name_match.group(1) or name_match.group(2)).lower()
        settings = tuple((m["name"].lower(), m["value"].strip("{}\"").strip())
                         for m in _CONFIG.finditer(text, match.end(), end))
        blocks.append(_IpBlock(ip_name, module_match.group(1), settings))
    return blocks


def _lookup(parameters: dict[str, str], name: str, default: str) -> str:
    return parameters.get(name, default).strip().lower()


def _flag(parameters: dict[str, str], name: str, default: bool = False) -> bool:
    value = _lookup(parameters, name, "true" if default else "false")
    return value in ("true", "1", "yes")


def _number(parameters: dict[str, str], name: str, module: str) -> int | None:
    if name not in parameters:
        return None
    try:
        return int(parameters[name].strip())
    except ValueError:
        raise ConfigError(f"{module}: CONFIG.{name} is '{parameters[name]}', not a number") from None


def _format(parameters: dict[str, str], side: str, default: str, fixed: bool, module: str) -> NumberFormat:
    """The number format of port ``side`` (``a`` or ``result``) from its precision type and widths."""
    type_name = _lookup(parameters, f"{side}_precision_type", default)
    exponent = _number(parameters, f"c_{side}_exponent_width", module)
    fraction = _number(parameters, f"c_{side}_fraction_width", module)
    if type_name in _NAMED_FORMATS:
        return _NAMED_FORMATS[type_name]
    if type_name != "custom":
        raise ConfigError(f"{module}: unknown CONFIG.{side}_precision_type '{type_name}'")
    if exponent is None or fraction is None:
        raise ConfigError(f"{module}: a Custom {side} precision needs c_{side}_exponent_width and c_{side}_fraction_width")
    if fixed:
        return NumberFormat("fixed", exponent, fraction, True, "Custom")
    return _STANDARD_FLOATS.get((exponent, fraction), NumberFormat("float", exponent, fraction, True, "Custom"))


def _operation(parameters: dict[str, str], module: str) -> FloatOperation:
    value = _lookup(parameters, "operation_type", "add_subtract")
    try:
        return FloatOperation(value)
    except ValueError:
        raise ConfigError(f"{module}: unknown CONFIG.operation_type '{parameters.get('operation_type')}'") from None


def _add_sub(parameters: dict[str, str], module: str) -> AddSub:
    try:
        return AddSub(_lookup(parameters, "add_sub_value", "both"))
    except ValueError:
        raise ConfigError(f"{module}: unknown CONFIG.add_sub_value '{parameters['add_sub_value']}'") from None


def _compare_operation(parameters: dict[str, str], module: str) -> CompareOperation:
    try:
        return CompareOperation(_lookup(parameters, "c_compare_operation", "programmable"))
    except ValueError:
        raise ConfigError(f"{module}: unknown CONFIG.c_compare_operation '{parameters['c_compare_operation']}'") from None


def _side_channels(parameters: dict[str, str]) -> tuple[str, ...]:
    names = ("has_a_tuser", "has_a_tlast", "has_b_tuser", "has_b_tlast", "has_c_tuser", "has_c_tlast",
             "has_operation_tuser", "has_operation_tlast")
    return tuple(name for name in names if _flag(parameters, name))


def _config(block: _IpBlock, tcl_path: Path | None) -> FloatIpConfig:
    """A :class:`FloatIpConfig` from one ``floating_point`` block (PG060 defaults for unset options)."""
    p, module = dict(block.parameters), block.module_name
    operation = _operation(p, module)
    a_format = _format(p, "a", "single", operation is FloatOperation.FIXED_TO_FLOAT, module)
    result_format: NumberFormat | None = None
    if operation in (FloatOperation.FLOAT_TO_FLOAT, FloatOperation.FIXED_TO_FLOAT, FloatOperation.FLOAT_TO_FIXED):
        result_format = _format(p, "result", "single", operation is FloatOperation.FLOAT_TO_FIXED, module)
    elif operation is not FloatOperation.COMPARE:
        result_format = _format(p, "result", a_format.name or "single", False, module)
    return FloatIpConfig(
        module_name=module, operation=operation, a_format=a_format, result_format=result_format,
        latency_cycles=_number(p, "c_latency", module),
        add_sub=_add_sub(p, module), compare_operation=_compare_operation(p, module),
        has_aclken=_flag(p, "has_aclken"), has_aresetn=_flag(p, "has_aresetn"),
        has_result_tready=_flag(p, "has_result_tready", default=True),
        flow_control=_lookup(p, "flow_control", "blocking"), side_channels=_side_channels(p),
        rate=_number(p, "c_rate", module) or 1, tcl_path=tcl_path, parameters=block.parameters,
    )


def parse_ip_tcl(text: str, tcl_path: Path | None = None) -> tuple[FloatIpConfig, ...]:
    """The configuration of every ``floating_point`` core that a Tcl script creates (others are skipped)."""
    configs = []
    for block in _ip_blocks(text):
        if block.ip_name != "floating_point":
            continue
        try:
            configs.append(_config(block, tcl_path))
        except ConfigError as error:
            raise ConfigError(f"{tcl_path or 'Tcl script'}: {error}; hwverify cannot simulate this core") from None
    return tuple(configs)


def read_ip_tcl(path: Path) -> FloatIpConfig:
    """The Floating-Point Operator configuration of one HLS ``*_ip.tcl`` script.

    Raises :class:`ConfigError` when the script creates no ``floating_point`` core or more than one.
    """
    path = Path(path)
    configs = parse_ip_tcl(path.read_text(errors="replace"), path)
    if len(configs) != 1:
        found = ", ".join(block.ip_name for block in _ip_blocks(path.read_text(errors="replace"))) or "no IP"
        raise ConfigError(f"{path}: expected one floating_point IP (create_ip -name floating_point), found {found}")
    return configs[0]


# ---------------------------------------------------------------------------------------------------------
# What is modelled, and the ports of a model
# ---------------------------------------------------------------------------------------------------------

_MODELLED = (FloatOperation.ADD_SUBTRACT, FloatOperation.MULTIPLY, FloatOperation.DIVIDE,
             FloatOperation.SQUARE_ROOT, FloatOperation.COMPARE, FloatOperation.FLOAT_TO_FLOAT,
             FloatOperation.FIXED_TO_FLOAT)


def _format_problems(config: FloatIpConfig) -> list[str]:
    problems = []
    floats = [config.a_format] if config.operation is not FloatOperation.FIXED_TO_FLOAT else []
    floats += [config.result_format] if config.result_format is not None else []
    for fmt in floats:
        if (fmt.exponent_width, fmt.precision) not in _STANDARD_FLOATS:
            problems.append(f"floating-point format {fmt.label} (only half, single and double are modelled)")
    if config.operation is FloatOperation.FIXED_TO_FLOAT and not 2 <= config.a_format.width <= 64:
        problems.append(f"fixed-point input of {config.a_format.width} bits (2 to 64 are modelled)")
    arithmetic = config.operation in (FloatOperation.ADD_SUBTRACT, FloatOperation.MULTIPLY,
                                      FloatOperation.DIVIDE, FloatOperation.SQUARE_ROOT)
    if arithmetic and config.result_format != config.a_format:
        problems.append("a result precision different from the operands'")
    return problems


def unsupported_reasons(config: FloatIpConfig) -> list[str]:
    """Why hwverify cannot model ``config`` (empty when it can)."""
    if config.operation not in _MODELLED:
        return [f"operation_type {config.operation.value} is not modelled"]
    reasons = _format_problems(config)
    if config.flow_control != "nonblocking":
        reasons.append(f"flow_control {config.flow_control} (only NonBlocking is modelled)")
    if config.has_result_tready:
        reasons.append("has_result_tready true")
    if config.side_channels:
        reasons.append(f"{', '.join(config.side_channels)} true (TUSER/TLAST channels are not modelled)")
    if config.rate != 1:
        reasons.append(f"c_rate {config.rate} (only 1 is modelled)")
    if config.latency_cycles is None or config.latency_cycles < 0:
        reasons.append("no usable c_latency")
    return reasons


def check_modelled(config: FloatIpConfig) -> None:
    """Raise :class:`ConfigError` naming the core, its script and settings if it cannot be modelled."""
    reasons = unsupported_reasons(config)
    if reasons:
        where = config.tcl_path or "its Tcl script"
        raise ConfigError(
            f"hwverify cannot simulate the Floating-Point Operator core {config.module_name} configured in {where}: "
            f"{'; '.join(reasons)}. Its parameters: {config.parameter_text()}"
        )


def model_ports(config: FloatIpConfig) -> tuple[Port, ...]:
    """The ports of the core as PG060 names them, in the order the model declares them."""
    ports = []
    if (config.latency_cycles or 0) > 0 or config.has_aclken or config.has_aresetn:
        ports.append(Port("aclk", "input", 1))
    ports += [Port("aclken", "input", 1)] if config.has_aclken else []
    ports += [Port("aresetn", "input", 1)] if config.has_aresetn else []
    ports += [Port("s_axis_a_tvalid", "input", 1), Port("s_axis_a_tdata", "input", config.a_format.tdata_width)]
    if config.has_b:
        ports += [Port("s_axis_b_tvalid", "input", 1), Port("s_axis_b_tdata", "input", config.a_format.tdata_width)]
    if config.has_operation_channel:
        ports += [Port("s_axis_operation_tvalid", "input", 1), Port("s_axis_operation_tdata", "input", 8)]
    result_tdata = -(-config.result_width // 8) * 8
    return tuple(ports + [Port("m_axis_result_tvalid", "output", 1), Port("m_axis_result_tdata", "output", result_tdata)])


def _hls_name(config: FloatIpConfig) -> str:
    letter = {"half": "h", "single": "f", "double": "d"}.get(config.a_format.label, "f")
    op = config.operation
    if op is FloatOperation.ADD_SUBTRACT:
        return {AddSub.ADD: f"{letter}add", AddSub.SUBTRACT: f"{letter}sub"}.get(config.add_sub, f"{letter}add{letter}sub")
    if op is FloatOperation.FLOAT_TO_FLOAT and config.result_format is not None:
        pair = (config.a_format.label, config.result_format.label)
        return {("single", "double"): "fpext", ("double", "single"): "fptrunc"}.get(
            pair, f"{pair[0][0]}pto{pair[1][0]}p")
    if op is FloatOperation.FIXED_TO_FLOAT and config.result_format is not None:
        return f"{'si' if config.a_format.signed else 'ui'}to{config.result_format.label[0]}p"
    to_fixed = "ptosi" if config.result_format is None or config.result_format.signed else "ptoui"
    short = {FloatOperation.MULTIPLY: "mul", FloatOperation.DIVIDE: "div", FloatOperation.SQUARE_ROOT: "sqrt",
             FloatOperation.COMPARE: "cmp", FloatOperation.FLOAT_TO_FIXED: to_fixed}
    return f"{letter}{short.get(op, op.value)}"


# ---------------------------------------------------------------------------------------------------------
# Verilog: pieces shared by every operation
# ---------------------------------------------------------------------------------------------------------

def _hex(width: int, value: int) -> str:
    return f"{width}'h{value:x}"


def _nan(fmt: NumberFormat) -> str:
    return _hex(fmt.width, ((1 << fmt.exponent_width) - 1) << (fmt.precision - 1) | 1 << (fmt.precision - 2))


def _inf(fmt: NumberFormat, sign: str) -> str:
    return f"{{{sign}, {_hex(fmt.width - 1, ((1 << fmt.exponent_width) - 1) << (fmt.precision - 1))}}}"


def _zero(fmt: NumberFormat, sign: str) -> str:
    return f"{{{sign}, {fmt.width - 1}'d0}}"


def _unpack(x: str, fmt: NumberFormat, source: str) -> tuple[str, str]:
    """Declarations and statements that split float operand ``source`` into ``x_*`` fields.

    A zero exponent field is zero whatever the fraction: denormalized operands read as signed zeros.
    ``x_sig * 2**x_e`` is the value of a normal operand (``x_sig`` includes the hidden bit).
    """
    ew, p, w = fmt.exponent_width, fmt.precision, fmt.width
    decls = (f"reg          {x}_sign;\nreg [{ew - 1}:0]   {x}_expf;\nreg [{p - 2}:0]   {x}_frac;\n"
             f"reg          {x}_zero, {x}_inf, {x}_nan;\nreg [{p - 1}:0]   {x}_sig;\ninteger      {x}_e;\n")
    stmts = f"""    {x}_sign = {source}[{w - 1}];
    {x}_expf = {source}[{w - 2}:{p - 1}];
    {x}_frac = {source}[{p - 2}:0];
    {x}_zero = ({x}_expf == {ew}'d0);
    {x}_inf = (&{x}_expf) && ({x}_frac == {p - 1}'d0);
    {x}_nan = (&{x}_expf) && ({x}_frac != {p - 1}'d0);
    {x}_sig = {{1'b1, {x}_frac}};
    {x}_e = {{{32 - ew}'d0, {x}_expf}};
    {x}_e = {x}_e - {fmt.bias + p - 1};
"""
    return decls, stmts


def _round_pack(fmt: NumberFormat, mag_width: int) -> str:
    """A function rounding ``mag * 2**exponent`` (plus a sticky bit) to ``fmt``: RNE, overflow to
    infinity, and results below the smallest normal (after rounding) flushed to a signed zero."""
    ew, p, w, mw = fmt.exponent_width, fmt.precision, fmt.width, mag_width
    return f"""function [{w - 1}:0] round_pack;
    input             r_sign;
    input integer     exponent;
    input [{mw - 1}:0] mag;
    input             sticky_in;
    integer           lead;
    integer           i;
    integer           biased;
    reg   [{mw - 1}:0] norm;
    reg   [{p}:0]     mant;
    reg               guard;
    reg               sticky;
    begin
        lead = 0;
        for (i = 0; i < {mw}; i = i + 1)
            if (mag[i]) lead = i;
        norm = mag << ({mw - 1} - lead);
        mant = {{1'b0, norm[{mw - 1}:{mw - p}]}};
        guard = norm[{mw - p - 1}];
        sticky = sticky_in | (|norm[{max(mw - p - 2, 0)}:0]);
        biased = exponent + lead + {fmt.bias};
`ifndef {FAULT_ROUND_TOWARD_ZERO}
        if (guard && (sticky || mant[0])) mant = mant + 1'b1;
`endif
        if (mant[{p}]) begin
            mant = mant >> 1;
            biased = biased + 1;
        end
        if (biased >= {(1 << ew) - 1}) round_pack = {_inf(fmt, 'r_sign')};
        else if (biased <= 0) round_pack = {_zero(fmt, 'r_sign')};
        else round_pack = {{r_sign, biased[{ew - 1}:0], mant[{p - 2}:0]}};
    end
endfunction
"""


@dataclass(frozen=True)
class _Core:
    """The combinational part of a model: declarations, helper functions and the statements that set
    ``result_now`` from the input channels."""

    decls: str
    functions: str
    body: str


def _classify_binary(fmt: NumberFormat) -> tuple[str, str]:
    a_decls, a_stmts = _unpack("a", fmt, "s_axis_a_tdata")
    b_decls, b_stmts = _unpack("b", fmt, "s_axis_b_tdata")
    return a_decls + b_decls, a_stmts + b_stmts


# ---------------------------------------------------------------------------------------------------------
# Verilog: one core per operation
# ---------------------------------------------------------------------------------------------------------

def _subtract_expr(config: FloatIpConfig) -> str:
    return {AddSub.ADD: "1'b0", AddSub.SUBTRACT: "1'b1"}.get(config.add_sub, "s_axis_operation_tdata[0]")


def _core_add(config: FloatIpConfig) -> _Core:
    """Add/subtract: align the smaller operand in a 2P+4-bit field, jamming lost bits into its LSB
    (correct rounding needs the jam bit at least two places below the rounding position)."""
    fmt = config.a_format
    p, w, mw = fmt.precision, fmt.width, 2 * fmt.precision + 4
    decls, stmts = _classify_binary(fmt)
    decls += (f"reg          b_eff, swap, big_sign;\ninteger      d, big_e;\n"
              f"reg [{mw - 1}:0]  big_sig, small_sig, lost, sum;\nreg [{w - 1}:0]  rounded;\n")
    body = stmts + f"""    b_eff = b_sign ^ {_subtract_expr(config)};
    swap = ({{b_expf, b_frac}} > {{a_expf, a_frac}});
    big_sig = {{{mw - p}'d0, (swap ? b_sig : a_sig)}} << {p + 3};
    small_sig = {{{mw - p}'d0, (swap ? a_sig : b_sig)}} << {p + 3};
    big_sign = swap ? b_eff : a_sign;
    big_e = swap ? b_e : a_e;
    d = swap ? (b_e - a_e) : (a_e - b_e);
    lost = (d > {2 * p + 3}) ? small_sig : (small_sig & (({mw}'d1 << d) - {mw}'d1));
    small_sig = (d > {2 * p + 3}) ? {mw}'d0 : (small_sig >> d);
    small_sig = small_sig | {{{mw - 1}'d0, (lost != {mw}'d0)}};
    sum = (a_sign == b_eff) ? (big_sig + small_sig) : (big_sig - small_sig);
    rounded = round_pack(big_sign, big_e - {p + 3}, sum, 1'b0);
    if (a_nan || b_nan || (a_inf && b_inf && (a_sign != b_eff))) result_now = {_nan(fmt)};
    else if (a_inf) result_now = {_inf(fmt, 'a_sign')};
    else if (b_inf) result_now = {_inf(fmt, 'b_eff')};
    else if (a_zero && b_zero) result_now = {_zero(fmt, 'a_sign & b_eff')};
    else if (b_zero) result_now = {{a_sign, s_axis_a_tdata[{w - 2}:0]}};
    else if (a_zero) result_now = {{b_eff, s_axis_b_tdata[{w - 2}:0]}};
    else if (sum == {mw}'d0) result_now = {w}'d0;
    else result_now = rounded;
"""
    return _Core(decls, _round_pack(fmt, mw), body)


def _core_multiply(config: FloatIpConfig) -> _Core:
    fmt = config.a_format
    p, w = fmt.precision, fmt.width
    decls, stmts = _classify_binary(fmt)
    decls += f"reg          sign;\nreg [{2 * p - 1}:0]  prod;\nreg [{w - 1}:0]  rounded;\n"
    body = stmts + f"""    sign = a_sign ^ b_sign;
    prod = a_sig * b_sig;
    rounded = round_pack(sign, a_e + b_e, prod, 1'b0);
    if (a_nan || b_nan || (a_inf && b_zero) || (a_zero && b_inf)) result_now = {_nan(fmt)};
    else if (a_inf || b_inf) result_now = {_inf(fmt, 'sign')};
    else if (a_zero || b_zero) result_now = {_zero(fmt, 'sign')};
    else result_now = rounded;
"""
    return _Core(decls, _round_pack(fmt, 2 * p), body)


def _core_divide(config: FloatIpConfig) -> _Core:
    """Divide: an integer quotient with at least P+2 significant bits and the remainder as sticky bit."""
    fmt = config.a_format
    p, w, nw = fmt.precision, fmt.width, 2 * fmt.precision + 2
    decls, stmts = _classify_binary(fmt)
    decls += f"reg          sign;\nreg [{nw - 1}:0]  num, den, quo, rem;\nreg [{w - 1}:0]  rounded;\n"
    body = stmts + f"""    sign = a_sign ^ b_sign;
    num = {{a_sig, {p + 2}'d0}};
    den = {{{p + 2}'d0, b_sig}};
    quo = num / den;
    rem = num % den;
    rounded = round_pack(sign, a_e - b_e - {p + 2}, quo, rem != {nw}'d0);
    if (a_nan || b_nan || (a_zero && b_zero) || (a_inf && b_inf)) result_now = {_nan(fmt)};
    else if (a_inf || b_zero) result_now = {_inf(fmt, 'sign')};
    else if (a_zero || b_inf) result_now = {_zero(fmt, 'sign')};
    else result_now = rounded;
"""
    return _Core(decls, _round_pack(fmt, nw), body)


def _isqrt(radicand_width: int) -> str:
    rb = radicand_width // 2
    return f"""function [{rb - 1}:0] isqrt;
    input [{radicand_width - 1}:0] n;
    integer           i;
    reg   [{rb - 1}:0] r;
    reg   [{rb - 1}:0] c;
    reg   [{radicand_width - 1}:0] c2;
    begin
        r = {rb}'d0;
        for (i = {rb - 1}; i >= 0; i = i - 1) begin
            c = r;
            c[i] = 1'b1;
            c2 = c * c;
            if (c2 <= n) r = c;
        end
        isqrt = r;
    end
endfunction
"""


def _core_square_root(config: FloatIpConfig) -> _Core:
    """Square root: the integer root of the significand shifted by an even amount (at least P+4 bits)."""
    fmt = config.a_format
    p, w, nb = fmt.precision, fmt.width, 2 * fmt.precision + 6
    a_decls, a_stmts = _unpack("a", fmt, "s_axis_a_tdata")
    decls = a_decls + (f"integer      s;\nreg [{nb - 1}:0]  rad, sq;\nreg [{nb // 2 - 1}:0]  root;\n"
                       f"reg [{w - 1}:0]  rounded;\n")
    body = a_stmts + f"""    s = (((a_e - {p + 4}) & 1) != 0) ? {p + 5} : {p + 4};
    rad = {{{nb - p}'d0, a_sig}} << s;
    root = isqrt(rad);
    sq = {{{nb - nb // 2}'d0, root}} * {{{nb - nb // 2}'d0, root}};
    rounded = round_pack(1'b0, (a_e - s) / 2, root, sq != rad);
    if (a_nan) result_now = {_nan(fmt)};
    else if (a_zero) result_now = {_zero(fmt, 'a_sign')};
    else if (a_sign) result_now = {_nan(fmt)};
    else if (a_inf) result_now = {_inf(fmt, "1'b0")};
    else result_now = rounded;
"""
    return _Core(decls, _round_pack(fmt, nb // 2) + _isqrt(nb), body)


def _compare_select(config: FloatIpConfig) -> str:
    if config.compare_operation is CompareOperation.PROGRAMMABLE:
        return "s_axis_operation_tdata[5:3]"
    return f"3'd{config.compare_operation.code}"


def _core_compare(config: FloatIpConfig) -> _Core:
    """Compare: signed-magnitude keys (zeros of either sign are 0); a NaN makes the pair unordered."""
    fmt = config.a_format
    w, rw = fmt.width, config.result_width
    decls, stmts = _classify_binary(fmt)
    decls += (f"reg signed [{w - 1}:0] a_key, b_key;\nreg          unordered, lt, eq, gt;\n"
              f"reg [3:0]    flags;\n")
    body = stmts + f"""    a_key = a_zero ? {w}'sd0 : (a_sign ? -$signed({{1'b0, a_expf, a_frac}}) : $signed({{1'b0, a_expf, a_frac}}));
    b_key = b_zero ? {w}'sd0 : (b_sign ? -$signed({{1'b0, b_expf, b_frac}}) : $signed({{1'b0, b_expf, b_frac}}));
    unordered = a_nan || b_nan;
    lt = !unordered && (a_key < b_key);
    eq = !unordered && (a_key == b_key);
    gt = !unordered && (a_key > b_key);
    case ({_compare_select(config)})
        3'd0: flags = {{3'd0, unordered}};
        3'd1: flags = {{3'd0, lt}};
        3'd2: flags = {{3'd0, eq}};
        3'd3: flags = {{3'd0, lt | eq}};
        3'd4: flags = {{3'd0, gt}};
        3'd5: flags = {{3'd0, !unordered && !eq}};
        3'd6: flags = {{3'd0, gt | eq}};
        default: flags = {{unordered, gt, lt, eq}};
    endcase
    result_now = flags[{rw - 1}:0];
"""
    return _Core(decls, "", body)


def _core_float_to_float(config: FloatIpConfig) -> _Core:
    assert config.result_format is not None
    fmt, res = config.a_format, config.result_format
    mw = max(fmt.precision, res.precision + 2)
    pad = mw - fmt.precision
    decls, stmts = _unpack("a", fmt, "s_axis_a_tdata")
    widened = f"{{a_sig, {pad}'d0}}" if pad else "a_sig"
    decls += f"reg [{res.width - 1}:0]  rounded;\n"
    body = stmts + f"""    rounded = round_pack(a_sign, a_e - {pad}, {widened}, 1'b0);
    if (a_nan) result_now = {_nan(res)};
    else if (a_inf) result_now = {_inf(res, 'a_sign')};
    else if (a_zero) result_now = {_zero(res, 'a_sign')};
    else result_now = rounded;
"""
    return _Core(decls, _round_pack(res, mw), body)


def _core_fixed_to_float(config: FloatIpConfig) -> _Core:
    """Fixed to float: the magnitude of the (two's complement or unsigned) input, scaled by 2**-fraction."""
    assert config.result_format is not None
    fx, res = config.a_format, config.result_format
    n = fx.width
    mw = max(n, res.precision + 2)
    pad = mw - n
    negative = f"fx[{n - 1}]" if fx.signed else "1'b0"
    widened = f"{{fx_mag, {pad}'d0}}" if pad else "fx_mag"
    decls = f"reg [{n - 1}:0]  fx, fx_mag;\nreg          fx_neg;\nreg [{res.width - 1}:0]  rounded;\n"
    body = f"""    fx = s_axis_a_tdata[{n - 1}:0];
    fx_neg = {negative};
    fx_mag = fx_neg ? (~fx + {n}'d1) : fx;
    rounded = round_pack(fx_neg, -{fx.precision + pad}, {widened}, 1'b0);
    result_now = (fx_mag == {n}'d0) ? {res.width}'d0 : rounded;
"""
    return _Core(decls, _round_pack(res, mw), body)


_CORES = {
    FloatOperation.ADD_SUBTRACT: _core_add, FloatOperation.MULTIPLY: _core_multiply,
    FloatOperation.DIVIDE: _core_divide, FloatOperation.SQUARE_ROOT: _core_square_root,
    FloatOperation.COMPARE: _core_compare, FloatOperation.FLOAT_TO_FLOAT: _core_float_to_float,
    FloatOperation.FIXED_TO_FLOAT: _core_fixed_to_float,
}


# ---------------------------------------------------------------------------------------------------------
# Verilog: the module around a core
# ---------------------------------------------------------------------------------------------------------

def _port_list(ports: tuple[Port, ...]) -> str:
    lines = []
    for port in ports:
        width = f"[{port.width - 1}:0] " if port.width > 1 else ""
        lines.append(f"    {port.direction:<6} wire {width:<8}{port.name}")
    return ",\n".join(lines)


def _fire(config: FloatIpConfig) -> str:
    valids = ["s_axis_a_tvalid"] + (["s_axis_b_tvalid"] if config.has_b else [])
    valids += ["s_axis_operation_tvalid"] if config.has_operation_channel else []
    return " & ".join(valids)


def _pipeline(config: FloatIpConfig) -> str:
    """``latency`` registers after the combinational result, advanced only while ``aclken`` is high."""
    rw, latency = config.result_width, config.latency_cycles or 0
    tdata = -(-rw // 8) * 8
    padded = f"{{{tdata - rw}'d0, %s}}" if tdata > rw else "%s"
    if latency == 0:
        return (f"assign m_axis_result_tvalid = fire_now;\n"
                f"assign m_axis_result_tdata = {padded % 'result_now'};\n")
    lines = [f"reg          valid_{k};\nreg [{rw - 1}:0]  data_{k};" for k in range(1, latency + 1)]
    initial = "".join(f"    valid_{k} = 1'b0;\n    data_{k} = {rw}'d0;\n" for k in range(1, latency + 1))
    shifts = [f"        valid_{k} <= valid_{k - 1};\n        data_{k} <= data_{k - 1};" for k in range(2, latency + 1)]
    reset = "".join(f"        valid_{k} <= 1'b0;\n" for k in range(1, latency + 1))
    enable = "aclken" if config.has_aclken else "1'b1"
    always = "always @(posedge aclk) begin\n"
    if config.has_aresetn:
        always += f"    if (!aresetn) begin\n{reset}    end else "
    always += (f"    if ({enable}) begin\n        valid_1 <= fire_now;\n        data_1 <= result_now;\n"
               + "".join(s + "\n" for s in shifts) + "    end\nend\n")
    return ("\n".join(lines) + f"\n\ninitial begin\n{initial}end\n\n" + always
            + f"\nassign m_axis_result_tvalid = valid_{latency};\n"
            f"assign m_axis_result_tdata = {padded % f'data_{latency}'};\n")


def _header(config: FloatIpConfig) -> str:
    source = config.tcl_path.name if config.tcl_path else "its _ip.tcl"
    return (f"// {config.module_name}: behavioural model of a Xilinx Floating-Point Operator v7.1 core, generated by\n"
            f"// hwverify (hwverify.sources.float_ip) from {source}: {config.description}, latency\n"
            f"// {config.latency_cycles} cycle(s). Not Xilinx code. PG060 semantics as hwverify models them:\n"
            "// denormals read and written as signed zeros, round to nearest even, one canonical quiet NaN.\n"
            f"// Define {FAULT_ROUND_TOWARD_ZERO} to make it round toward zero (a fault for tests).\n")


def model_verilog(config: FloatIpConfig, extra_ports: tuple[Port, ...] = ()) -> str:
    """The Verilog of a behavioural model of ``config`` (raises :class:`ConfigError` if not modelled).

    ``extra_ports`` are added as unused inputs (e.g. an ``aclk`` that a wrapper connects to a
    combinational core).
    """
    check_modelled(config)
    core = _CORES[config.operation](config)
    ports = model_ports(config) + extra_ports
    rw = config.result_width
    return (f"{_header(config)}`timescale 1 ns / 1 ps\n\n"
            "// Not every field of every operand or of the operation code is used by every operation.\n"
            "/* verilator lint_off UNUSEDSIGNAL */\n"
            f"module {config.module_name} (\n{_port_list(ports)}\n);\n\n"
            f"wire         fire_now = {_fire(config)};\nreg [{rw - 1}:0]  result_now;\n{core.decls}\n"
            f"{core.functions}\nalways @(*) begin\n{core.body}end\n\n{_pipeline(config)}\nendmodule\n"
            "/* verilator lint_on UNUSEDSIGNAL */\n")


# ---------------------------------------------------------------------------------------------------------
# Models for a directory of exported RTL
# ---------------------------------------------------------------------------------------------------------

def connected_ports(module_name: str, sources: list[Path]) -> set[str]:
    """Names of the ports that instances of ``module_name`` in ``sources`` connect (``.port(...)``)."""
    instance = re.compile(rf"\b{re.escape(module_name)}\s+(?:#\s*\(.*?\)\s*)?[A-Za-z_][A-Za-z0-9_$]*\s*\((.*?)\);",
                          re.DOTALL)
    names: set[str] = set()
    for path in sources:
        for match in instance.finditer(path.read_text(errors="replace")):
            names.update(re.findall(r"\.\s*([A-Za-z_][A-Za-z0-9_$]*)\s*\(", match.group(1)))
    return names


def _extra_ports(config: FloatIpConfig, sources: list[Path]) -> tuple[Port, ...]:
    """``aclk`` if a wrapper connects it to a core without one; :class:`ConfigError` for any other port
    the wrapper connects that the configuration does not have."""
    ports = {port.name for port in model_ports(config)}
    unknown = sorted(connected_ports(config.module_name, sources) - ports)
    extra = tuple(Port(name, "input", 1) for name in unknown if name == "aclk")
    others = [name for name in unknown if name != "aclk"]
    if others:
        raise ConfigError(
            f"{config.module_name}: its wrapper connects port(s) {', '.join(others)} that the configuration in "
            f"{config.tcl_path} does not have (ports: {', '.join(sorted(ports))}); hwverify cannot simulate it. "
            f"Its parameters: {config.parameter_text()}")
    return extra


def _model(config: FloatIpConfig, sources: list[Path]) -> FloatIpModel:
    verilog = model_verilog(config, _extra_ports(config, sources))
    note = (f"{config.module_name}: behavioural model of Floating-Point {config.description}, "
            f"latency {config.latency_cycles} (from its _ip.tcl)")
    return FloatIpModel(config.module_name, verilog, config, note)


def ip_script_modules(rtl_dir: Path) -> frozenset[str]:
    """The modules the ``*_ip.tcl`` scripts of ``rtl_dir`` create (``create_ip ... -module_name``), of any IP."""
    return frozenset(block.module_name for tcl in sorted(Path(rtl_dir).glob("*_ip.tcl"))
                     for block in _ip_blocks(tcl.read_text(errors="replace")))


def float_ip_models(rtl_dir: Path) -> tuple[FloatIpModel, ...]:
    """A model for every ``floating_point`` core configured by a ``*_ip.tcl`` in ``rtl_dir`` whose module
    no ``.v`` file of ``rtl_dir`` defines. Scripts of other IP are ignored.

    Raises :class:`ConfigError` naming the core, its script and parameters when a configuration is not
    modelled.
    """
    rtl_dir = Path(rtl_dir)
    sources = sorted(rtl_dir.glob("*.v"))
    defined = {name for path in sources for name in module_names(path)}
    models = []
    for tcl in sorted(rtl_dir.glob("*_ip.tcl")):
        for config in parse_ip_tcl(tcl.read_text(errors="replace"), tcl):
            if config.module_name not in defined:
                models.append(_model(config, sources))
                defined.add(config.module_name)
    return tuple(models)
