"""io_stream RTL from the open flow: one process per layer, FIFOs between them, as Vivado HLS exports hls4ml.

:mod:`hwverify.sources.openflow.stages` splits the hls4ml io_stream model into window stages; each stage's
logic is traced by da4ml and pipelined (``latency_cutoff``) behind a clock enable, and driven by
``rtl_sim/dataflow/hwv_df_window.v`` (pixel counters, line buffer, stall). The processes are joined
the way Vivado HLS 2019.2 joins hls4ml's dataflow processes (shared/reference/hls_rtl_conventions.md):

- top ``<project>`` with ``ap_clk``, ``ap_rst_n`` (inverted by a combinational block), ap_ctrl_none,
  one AXI-Stream per element: ``<input>_V_data_<c>_V_TDATA/_TVALID/_TREADY`` in,
  ``<output>_V_data_<c>_V_...`` out, one beat per pixel, row-major;
- one FIFO per element of every intermediate stream, instance ``<variable>_V_data_<c>_V_U`` of a
  FIFO module ``fifo_w<W>_A`` with its DEPTH and ADDR_WIDTH: a shift register (``mOutPtr``) up to 16
  words, RAM style (``usedw``, ``dout_valid``) above, both in the one module and DEPTH picking (where
  Vivado HLS writes a module per depth, ``fifo_w<W>_d<D>_A``, in the style of that depth); processes
  ``<layer>_U0`` reading ``data_V_data_<c>_V_dout/_empty_n/_read`` and
  writing ``res_V_data_<c>_V_din/_full_n/_write``.

How often each process reads is its timing (:mod:`hwverify.sources.openflow.schedule`): one pixel per
clock, hls4ml's schedule from each layer's strategy and reuse factor, or the schedule a synthesis report gives.

FIFO depths are those of the hls4ml model (the ``('stream', depth)`` pragma hls4ml writes, which is
the stream's pixel count unless changed, e.g. by :func:`hwverify.fifo.apply_to_hls_model`); a depth
below 2 is built as 2, the smallest depth a shift-register FIFO's full flag supports. So the design
is what :mod:`hwverify.fifo` calibrates, and applying its proposal and regenerating is the round trip.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwverify.cache import Cache, content_hash, file_sha256
from hwverify.errors import ConfigError
from hwverify.fixed import FixedType
from hwverify.sources.design import RtlDesign
from hwverify.sources.openflow.pipeline import DEFAULT_LATENCY_CUTOFF, GeneratedVerilog
from hwverify.sources.openflow.schedule import Schedule, StageTiming, interval_cycles, schedule_timings
from hwverify.sources.openflow.shell import FieldLayout, _element_assign
from hwverify.sources.openflow.stages import StagePlan, StreamStage, plan_stages, trace_stage
from hwverify.sources.openflow.trace import graph_fingerprint, layer_fingerprint, tracer_fingerprint
from hwverify.tools import package_versions
from rtl_sim import RTL_SIM_DIR

__all__ = [
    "DataflowFifo", "GeneratedDataflow", "StageLogic", "StageRtl", "describe", "generate_dataflow_rtl", "stage_logic",
    "stream_depths",
]

CACHE_NAMESPACE = "openflow_dataflow"
DATAFLOW_DIR = RTL_SIM_DIR / "dataflow"
WINDOW_SOURCE = DATAFLOW_DIR / "hwv_df_window.v"
PAD_SOURCE = DATAFLOW_DIR / "hwv_df_pad.v"
RASTER_SOURCE = DATAFLOW_DIR / "hwv_df_raster.v"
AXIS_OUT_SOURCE = DATAFLOW_DIR / "hwv_df_axis_out.v"
FIFO_TEMPLATE = DATAFLOW_DIR / "fifo.v.in"
#: Deeper streams get a RAM-style FIFO (``usedw``/``dout_valid``), shallower ones a shift register: one module
#: per width holds both, and its DEPTH picks (so a depth set at run time picks the style too).
SHIFTREG_MAX_DEPTH = 16
GENERATOR_SOURCE = Path(__file__).resolve()
STAGES_SOURCE = GENERATOR_SOURCE.with_name("stages.py")
HDL_AND_GENERATOR_SOURCES = (WINDOW_SOURCE, PAD_SOURCE, RASTER_SOURCE, AXIS_OUT_SOURCE, FIFO_TEMPLATE,
                             GENERATOR_SOURCE, STAGES_SOURCE)
#: The smallest depth a generated FIFO gets (a depth-1 shift-register FIFO never raises full).
MIN_FIFO_DEPTH = 2


@dataclass(frozen=True)
class StageRtl:
    """One generated process: the stage, its module and instance, its logic's latency and size."""

    stage: StreamStage
    module: str
    instance: str
    logic_latency_cycles: int  # clock-enabled registers from a fired window to out_valid
    da4ml_cost_luts: float
    timing: StageTiming = StageTiming()


@dataclass(frozen=True)
class DataflowFifo:
    """The FIFOs of one intermediate stream: one per element, all ``width`` bits and ``depth`` words."""

    variable: str
    elements: int
    width: int
    depth: int

    @property
    def module(self) -> str:
        """The FIFO module: one per width, named as Vivado HLS names it but for the depth, which each instance
        sets (``#(.DEPTH(d), .ADDR_WIDTH(a))``); so designs that differ only in FIFO depths differ only there."""
        return f"fifo_w{self.width}_A"

    @property
    def address_bits(self) -> int:
        """``ADDR_WIDTH`` for ``depth`` words."""
        return max(1, (self.depth - 1).bit_length())

    def instance(self, element: int) -> str:
        """The instance that carries ``element``."""
        return f"{self.variable}_V_data_{element}_V_U"


@dataclass(frozen=True)
class GeneratedDataflow(GeneratedVerilog):
    """A generated io_stream design: where it is, its processes and FIFOs, and its ports."""

    plan: StagePlan
    stages: tuple[StageRtl, ...]
    fifos: tuple[DataflowFifo, ...]

    @property
    def input_type(self) -> FixedType:
        """Element type of the input stream."""
        return self.plan.input_type

    @property
    def output_type(self) -> FixedType:
        """Element type of the output stream."""
        return self.plan.output_stage.output_type

    @property
    def n_inputs(self) -> int:
        """Input elements per sample."""
        return self.plan.input_frame.elements

    @property
    def n_outputs(self) -> int:
        """Output elements per sample."""
        return self.plan.output_stage.output_frame.elements

    @property
    def timings(self) -> dict[str, StageTiming]:
        """Each process's timing, by layer."""
        return {rtl.stage.layer: rtl.timing for rtl in self.stages}

    @property
    def interval_cycles(self) -> int:
        """Cycles per sample in steady state without backpressure (deep FIFOs): the busiest process's time."""
        return interval_cycles(self.plan, self.timings)

    @property
    def output_layer(self) -> str:
        """The hls4ml layer whose result the design outputs."""
        return self.plan.output_stage.layer

    def to_rtl_design(self, defines: Mapping[str, str] | None = None) -> RtlDesign:
        """The design for the shared simulation runner and FIFO calibration."""
        return RtlDesign.single(top=self.top, sources=self.sources, data_files=self.data_files,
                                input_type=self.input_type, output_type=self.output_type, n_inputs=self.n_inputs,
                                n_outputs=self.n_outputs, defines=dict(defines or {}))


def stream_depths(model: Any, plan: StagePlan) -> dict[str, int]:
    """The depth hls4ml gives each intermediate stream (its ``('stream', depth)`` pragma), at least 2."""
    depths = {}
    for stage in plan.stages[:-1]:
        variable = model.graph[stage.layer].get_output_variable()
        pragma = getattr(variable, "pragma", None)
        depth = int(pragma[1]) if isinstance(pragma, tuple) and len(pragma) > 1 else stage.output_frame.pixels
        depths[stage.output_variable] = max(MIN_FIFO_DEPTH, depth)
    return depths


def generate_dataflow_rtl(model: Any, top: str | None = None, latency_cutoff: float = DEFAULT_LATENCY_CUTOFF,
                          schedule: Schedule | str | Mapping[str, StageTiming] = Schedule.ONE_PIXEL_PER_CLOCK,
                          ) -> GeneratedDataflow:
    """The io_stream design of the hls4ml ``model`` (a ``ModelGraph``), from the cache when built before; its
    processes read as ``schedule`` says (a :class:`Schedule`, or a timing per layer name)."""
    top = top or str(model.config.get_project_name())
    if latency_cutoff <= 0:
        raise ConfigError(f"latency_cutoff must be positive (da4ml delay units), got {latency_cutoff}")
    plan = plan_stages(model)
    _check_identifiers(top, plan)
    depths = stream_depths(model, plan)
    timings = _stage_timings(model, plan, schedule)
    key = content_hash(
        "openflow-dataflow/2", graph_fingerprint(model), tracer_fingerprint(), top, latency_cutoff, sorted(depths.items()),
        sorted((layer, t.read_interval, t.fire_cycles, t.frame_cycles) for layer, t in timings.items()),
        *(file_sha256(p) for p in HDL_AND_GENERATOR_SOURCES),
        package_versions(("da4ml", "hls4ml")),
    )
    started = time.perf_counter()
    entry, rebuilt = Cache(CACHE_NAMESPACE).get_or_build(
        key, lambda directory: _write_project(model, plan, top, depths, timings, latency_cutoff, directory)
    )
    return _load(entry.path, entry.metadata, plan, depths, timings, rebuilt, time.perf_counter() - started)


def _stage_timings(model: Any, plan: StagePlan,
                   schedule: Schedule | str | Mapping[str, StageTiming]) -> dict[str, StageTiming]:
    if isinstance(schedule, str):
        return schedule_timings(model, plan, schedule)
    missing = [s.layer for s in plan.stages if s.layer not in schedule]
    if missing:
        raise ConfigError(f"the schedule gives no timing for layers {missing}; give one per streamed layer")
    paced = [s.layer for s in plan.stages if s.is_padding and not schedule[s.layer].is_one_pixel_per_clock]
    if paced:
        raise ConfigError(f"zero-padding processes {paced} are built at a pixel per clock; give them StageTiming()")
    return {s.layer: schedule[s.layer] for s in plan.stages}


def _check_identifiers(top: str, plan: StagePlan) -> None:
    names = [top, plan.input_variable] + [s.layer for s in plan.stages] + [s.output_variable for s in plan.stages]
    bad = [name for name in names if not name.isidentifier()]
    if bad:
        raise ConfigError(f"names {bad} are not Verilog identifiers; rename those layers (letters, digits, '_')")


def _write_project(model: Any, plan: StagePlan, top: str, depths: dict[str, int],
                   timings: Mapping[str, StageTiming], latency_cutoff: float, directory: Path) -> dict[str, Any]:
    src = directory / "src"
    src.mkdir()
    stages = [_write_stage(model, stage, timings[stage.layer], latency_cutoff, src) for stage in plan.stages]
    fifos = _fifos(plan, depths)
    for fifo in {f.module: f for f in fifos}.values():
        (src / f"{fifo.module}.v").write_text(_fifo_module(fifo))
    (src / f"{top}.v").write_text(_top_verilog(top, plan, stages, fifos))
    for source in (WINDOW_SOURCE, PAD_SOURCE, RASTER_SOURCE, AXIS_OUT_SOURCE):
        shutil.copy2(source, src / source.name)
    lines = sum(len(p.read_text().splitlines()) for p in src.rglob("*.v"))
    return {
        "top": top,
        "stages": [
            {"layer": s.stage.layer, "latency": s.logic_latency_cycles, "cost": s.da4ml_cost_luts} for s in stages
        ],
        "verilog_lines": lines,
    }


@dataclass(frozen=True)
class StageLogic:
    """One stage's da4ml logic, written once per content (``Cache("openflow_stage")``): the Verilog files
    under ``directory`` (``{layer}_logic_ce.v``, its stage modules, ``static/`` and ``memfiles/``), the
    logic's latency and size, and where each element sits in its packed input and output buses."""

    directory: Path
    latency_cycles: int
    cost_luts: float
    inputs: tuple[tuple[int, FieldLayout], ...]
    outputs: tuple[tuple[int, FieldLayout], ...]


def stage_logic(model: Any, stage: StreamStage, latency_cutoff: float) -> StageLogic:
    """The traced and pipelined logic of ``stage``, from the cache when built before: it depends on its layer and
    stage alone (FIFO depths, the schedule and the other layers do not change it, so a design regenerated with any
    of those changed reuses it)."""
    key = content_hash("openflow-stage/3", layer_fingerprint(model.graph[stage.layer]), tracer_fingerprint(),
                       repr(stage), latency_cutoff,
                       file_sha256(GENERATOR_SOURCE), file_sha256(STAGES_SOURCE), package_versions(("da4ml", "hls4ml")))
    entry, _ = Cache("openflow_stage").get_or_build(key, lambda d: _write_stage_logic(model, stage, latency_cutoff, d))
    meta = entry.metadata

    def layouts(rows: list[list[Any]]) -> tuple[tuple[int, FieldLayout], ...]:
        return tuple((int(o), FieldLayout(int(w), int(f), bool(k))) for o, w, f, k in rows)

    return StageLogic(entry.path / "logic", int(meta["latency"]), float(meta["cost"]), layouts(meta["inputs"]),
                      layouts(meta["outputs"]))


def _write_stage_logic(model: Any, stage: StreamStage, latency_cutoff: float, directory: Path) -> dict[str, Any]:
    from da4ml.codegen import VerilogModel
    from da4ml.trace import to_pipeline

    pipeline = to_pipeline(trace_stage(model, stage), latency_cutoff, verbose=False)
    logic, out = f"{stage.layer}_logic", directory / "logic"
    VerilogModel(pipeline, logic, directory / "da4ml", latency_cutoff=latency_cutoff).write()
    out.mkdir()
    for path in sorted((directory / "da4ml" / "src").glob(f"{logic}_stage*.v")):
        shutil.copy2(path, out / path.name)
    _merge_dir(directory / "da4ml" / "src" / "static", out / "static")
    _merge_dir(directory / "da4ml" / "src" / "memfiles", out / "memfiles")
    (out / f"{logic}_ce.v").write_text(_enabled_pipeline(pipeline, logic))

    def rows(qints: Any) -> list[list[Any]]:
        return [[o, f.width, f.fractional, f.signed] for o, f in _element_layouts(qints)]

    return {"latency": len(pipeline.solutions) + 1, "cost": float(pipeline.cost),
            "inputs": rows(pipeline.inp_qint), "outputs": rows(pipeline.out_qint)}


def _write_stage(model: Any, stage: StreamStage, timing: StageTiming, latency_cutoff: float, src: Path) -> StageRtl:
    """Copy one stage's (cached) logic into ``src`` and write its process module."""
    if stage.is_padding:
        rtl = StageRtl(stage, f"{stage.layer}_proc", f"{stage.layer}_U0", 1, 0.0, timing)
        (src / f"{rtl.module}.v").write_text(_padding_process_verilog(rtl))
        return rtl
    logic = stage_logic(model, stage, latency_cutoff)
    for path in sorted(logic.directory.glob("*.v")):
        shutil.copy2(path, src / path.name)
    _merge_dir(logic.directory / "static", src / "static")
    _merge_dir(logic.directory / "memfiles", src / "memfiles")
    rtl = StageRtl(stage, f"{stage.layer}_proc", f"{stage.layer}_U0", logic.latency_cycles, logic.cost_luts, timing)
    (src / f"{rtl.module}.v").write_text(_process_verilog(rtl, logic, f"{stage.layer}_logic"))
    return rtl


def _merge_dir(source: Path, target: Path) -> None:
    """Copy files into ``target``; a name already there must have the same content."""
    target.mkdir(exist_ok=True)
    for path in sorted(source.glob("*")):
        existing = target / path.name
        if existing.exists() and existing.read_bytes() != path.read_bytes():
            raise ConfigError(f"da4ml wrote two different files named {path.name}; this is a bug in hwverify")
        shutil.copy2(path, existing)


def _element_layouts(qints: Any) -> list[tuple[int, FieldLayout]]:
    """``(offset, layout)`` of each element in da4ml's packed bus (width 0 for a constant-zero element)."""
    from da4ml.cmvm.types import _minimal_kif

    layouts, offset = [], 0
    for qint in qints:
        k, i, f = (int(v) for v in _minimal_kif(qint))
        layouts.append((offset, FieldLayout(width=k + i + f, fractional=f, signed=bool(k))))
        offset += k + i + f
    return layouts


def _bus_width(qints: Any) -> int:
    return sum(layout.width for _, layout in _element_layouts(qints))


def _enabled_pipeline(pipeline: Any, name: str) -> str:
    """da4ml's pipeline with every register clock-enabled (HLS pipelines stall as a whole)."""
    widths = [_bus_width(sol.inp_qint) for sol in pipeline.solutions]
    out_width = _bus_width(pipeline.out_qint)
    if min(widths + [out_width]) < 1:
        raise ConfigError(f"the logic of '{name}' has a bus of no bits (every value constant); "
                          "such a layer is not built")
    n = len(pipeline.solutions)
    stage_outputs = widths[1:] + [out_width]
    body = [f"    reg [{w - 1}:0] stage{i}_inp;" for i, w in enumerate(widths)]
    body += [f"    wire [{w - 1}:0] stage{i}_out;" for i, w in enumerate(stage_outputs)]
    body += [f"    {name}_stage{i} stage{i} (.model_inp(stage{i}_inp), .model_out(stage{i}_out));" for i in range(n)]
    shifts = ["stage0_inp <= model_inp;"] + [f"stage{i}_inp <= stage{i - 1}_out;" for i in range(1, n)]
    shifts.append(f"model_out <= stage{n - 1}_out;")
    return "\n".join([
        "// Generated by hwverify.sources.openflow.dataflow: da4ml's pipeline stages behind one clock enable.",
        "`timescale 1 ns / 1 ps",
        "",
        f"module {name}_ce (",
        "    input clk,",
        "    input ce,",
        f"    input [{widths[0] - 1}:0] model_inp,",
        f"    output reg [{out_width - 1}:0] model_out",
        ");",
        *body,
        "    always @(posedge clk) begin",
        "        if (ce) begin",
        *(f"            {line}" for line in shifts),
        "        end",
        "    end",
        "endmodule",
        "",
    ])


def _process_ports(stage: StreamStage) -> list[str]:
    win, wout = stage.input_type.width, stage.output_type.width
    lines = ["    input  wire ap_clk,", "    input  wire ap_rst,"]
    for c in range(stage.input_frame.channels):
        lines += [f"    input  wire [{win - 1}:0] data_V_data_{c}_V_dout,",
                  f"    input  wire data_V_data_{c}_V_empty_n,", f"    output wire data_V_data_{c}_V_read,"]
    for c in range(stage.output_frame.channels):
        lines += [f"    output wire [{wout - 1}:0] res_V_data_{c}_V_din,", f"    input  wire res_V_data_{c}_V_full_n,",
                  f"    output wire res_V_data_{c}_V_write,"]
    lines[-1] = lines[-1].rstrip(",")
    return lines


def _input_glue(stage: StreamStage, packed: tuple[tuple[int, FieldLayout], ...]) -> list[str]:
    """Window taps (kernel order: row, column, channel) onto the logic's packed input bus."""
    element_layout, channels = FieldLayout.of(stage.input_type), stage.input_frame.channels
    pixel_bits, lines, j = channels * element_layout.width, [], 0
    for row in range(stage.window[0]):
        for column in range(stage.window[1]):
            age = stage.tap_age(row, column)
            for c in range(channels):
                offset, layout = packed[j]
                if layout.width:
                    src = ("window", age * pixel_bits + c * element_layout.width, element_layout)
                    lines += _element_assign(src, ("model_inp", offset, layout), f"tap_{j}")
                j += 1
    return lines


def _output_glue(stage: StreamStage, packed: tuple[tuple[int, FieldLayout], ...]) -> list[str]:
    """The logic's packed output bus onto one element per output channel, in the output type."""
    element_layout, lines = FieldLayout.of(stage.output_type), []
    for c, (offset, layout) in enumerate(packed):
        dst = ("result", c * element_layout.width, element_layout)
        if layout.width:
            lines += _element_assign(("model_out", offset, layout), dst, f"res_{c}")
        else:
            high = (c + 1) * element_layout.width - 1
            lines.append(f"    assign result[{high}:{dst[1]}] = {element_layout.width}'b0;")
    return lines


def _process_verilog(rtl: StageRtl, logic_bus: StageLogic, logic: str) -> str:
    stage = rtl.stage
    channels_in, channels_out = stage.input_frame.channels, stage.output_frame.channels
    pixel_bits = channels_in * stage.input_type.width
    result_bits = channels_out * stage.output_type.width
    empty = " & ".join(f"data_V_data_{c}_V_empty_n" for c in range(channels_in))
    full = " & ".join(f"res_V_data_{c}_V_full_n" for c in range(channels_out))
    pixel = ", ".join(f"data_V_data_{c}_V_dout" for c in reversed(range(channels_in)))
    geometry = (f".IN_H({stage.input_frame.height}), .IN_W({stage.input_frame.width}), .K_H({stage.window[0]}), "
                f".K_W({stage.window[1]}), .S_H({stage.stride[0]}), .S_W({stage.stride[1]})")
    return "\n".join([
        f"// Generated by hwverify.sources.openflow.dataflow: hls4ml layer '{stage.layer}' ({stage.kind}), a dataflow process.",
        f"// Reads {stage.input_variable} ({stage.input_frame.height}x{stage.input_frame.width} pixels of "
        f"{channels_in} x "
        f"{stage.input_type}), window {stage.window[0]}x{stage.window[1]} stride {stage.stride[0]}x{stage.stride[1]};",
        f"// writes {stage.output_variable} ({stage.output_frame.height}x{stage.output_frame.width} pixels of "
        f"{channels_out} x {stage.output_type}).",
        "`timescale 1 ns / 1 ps",
        "",
        f"module {rtl.module} (",
        *_process_ports(stage),
        ");",
        f"    wire [{stage.history_pixels * pixel_bits - 1}:0] window;",
        f"    wire [{sum(f.width for _, f in logic_bus.inputs) - 1}:0] model_inp;",
        f"    wire [{sum(f.width for _, f in logic_bus.outputs) - 1}:0] model_out;",
        f"    wire [{result_bits - 1}:0] result;",
        "    wire in_read, fire, ce, out_valid;",
        "",
        f"    // schedule: {rtl.timing.why}",
        f"    hwv_df_window #({geometry}, .PIX_BITS({pixel_bits}), .LATENCY({rtl.logic_latency_cycles}),",
        f"        .READ_II({rtl.timing.read_interval}), .FIRE_CYCLES({rtl.timing.fire_cycles}), "
        f".FRAME_CYCLES({rtl.timing.frame_cycles})) control (",
        "        .clk(ap_clk), .rst(ap_rst),",
        f"        .in_valid({empty}), .in_pixel({{{pixel}}}), .in_read(in_read),",
        f"        .out_ready({full}), .window(window), .fire(fire), .ce(ce), .out_valid(out_valid)",
        "    );",
        *_input_glue(stage, logic_bus.inputs),
        f"    {logic}_ce datapath (.clk(ap_clk), .ce(ce), .model_inp(model_inp), .model_out(model_out));",
        *_output_glue(stage, logic_bus.outputs),
        *(f"    assign data_V_data_{c}_V_read = in_read;" for c in range(channels_in)),
        *(f"    assign res_V_data_{c}_V_din = result[{(c + 1) * stage.output_type.width - 1}:"
          f"{c * stage.output_type.width}];" for c in range(channels_out)),
        *(f"    assign res_V_data_{c}_V_write = out_valid & ce;" for c in range(channels_out)),
        "endmodule",
        "",
    ])


def _padding_process_verilog(rtl: StageRtl) -> str:
    """A zero-padding process: ``hwv_df_pad`` between the element ports (input and output types are equal)."""
    stage = rtl.stage
    channels, width = stage.input_frame.channels, stage.input_type.width
    empty = " & ".join(f"data_V_data_{c}_V_empty_n" for c in range(channels))
    full = " & ".join(f"res_V_data_{c}_V_full_n" for c in range(channels))
    pixel = ", ".join(f"data_V_data_{c}_V_dout" for c in reversed(range(channels)))
    top, _, left, _ = stage.padding
    geometry = (f".IN_H({stage.input_frame.height}), .IN_W({stage.input_frame.width}), .PAD_TOP({top}), "
                f".PAD_LEFT({left}), .OUT_H({stage.output_frame.height}), .OUT_W({stage.output_frame.width})")
    return "\n".join([
        f"// Generated by hwverify.sources.openflow.dataflow: hls4ml layer '{stage.layer}' ({stage.kind}), a dataflow process.",
        f"// Pads {stage.input_variable} ({stage.input_frame.height}x{stage.input_frame.width} pixels of {channels} x "
        f"{stage.input_type}) by {stage.padding} (top, bottom, left, right) zero pixels.",
        "`timescale 1 ns / 1 ps",
        "",
        f"module {rtl.module} (",
        *_process_ports(stage),
        ");",
        f"    wire [{channels * width - 1}:0] result;",
        "    wire in_read, ce, out_valid;",
        f"    hwv_df_pad #({geometry}, .PIX_BITS({channels * width})) control (",
        "        .clk(ap_clk), .rst(ap_rst),",
        f"        .in_valid({empty}), .in_pixel({{{pixel}}}), .in_read(in_read),",
        f"        .out_ready({full}), .out_pixel(result), .out_valid(out_valid), .ce(ce)",
        "    );",
        *(f"    assign data_V_data_{c}_V_read = in_read;" for c in range(channels)),
        *(f"    assign res_V_data_{c}_V_din = result[{(c + 1) * width - 1}:{c * width}];" for c in range(channels)),
        *(f"    assign res_V_data_{c}_V_write = out_valid & ce;" for c in range(channels)),
        "endmodule",
        "",
    ])


def _fifos(plan: StagePlan, depths: dict[str, int]) -> tuple[DataflowFifo, ...]:
    return tuple(
        DataflowFifo(s.output_variable, s.output_frame.channels, s.output_type.width, depths[s.output_variable])
        for s in plan.stages[:-1]
    )


def _fifo_module(fifo: DataflowFifo) -> str:
    text = FIFO_TEMPLATE.read_text()
    for token, value in (("NAME", fifo.module), ("WIDTH", fifo.width), ("SHIFTREG_MAX", SHIFTREG_MAX_DEPTH)):
        text = text.replace(f"@{token}@", str(value))
    return text


def _top_ports(plan: StagePlan) -> list[str]:
    lines = ["    input  wire ap_clk,", "    input  wire ap_rst_n,"]
    width = plan.input_type.width
    for c in range(plan.input_frame.channels):
        name = f"{plan.input_variable}_V_data_{c}_V"
        lines += [f"    input  wire [{width - 1}:0] {name}_TDATA,", f"    input  wire {name}_TVALID,",
                  f"    output wire {name}_TREADY,"]
    last = plan.output_stage
    for c in range(last.output_frame.channels):
        name = f"{last.output_variable}_V_data_{c}_V"
        lines += [f"    output wire [{last.output_type.width - 1}:0] {name}_TDATA,", f"    output wire {name}_TVALID,",
                  f"    input  wire {name}_TREADY,"]
    lines[-1] = lines[-1].rstrip(",")
    return lines


def _fifo_instances(fifos: tuple[DataflowFifo, ...]) -> list[str]:
    lines = []
    for fifo in fifos:
        for c in range(fifo.elements):
            net = f"{fifo.variable}_V_data_{c}_V"
            lines += [
                f"    wire [{fifo.width - 1}:0] {net}_din, {net}_dout;",
                f"    wire {net}_full_n, {net}_write, {net}_empty_n, {net}_read;",
                f"    {fifo.module} #(.DEPTH({fifo.depth}), .ADDR_WIDTH({fifo.address_bits})) {fifo.instance(c)} (",
                "        .clk(ap_clk), .reset(ap_rst_n_inv),",
                f"        .if_read_ce(1'b1), .if_read({net}_read), .if_dout({net}_dout), .if_empty_n({net}_empty_n),",
                f"        .if_write_ce(1'b1), .if_write({net}_write), .if_din({net}_din), .if_full_n({net}_full_n)",
                "    );",
            ]
    return lines


def _process_instance(plan: StagePlan, index: int, rtl: StageRtl) -> list[str]:
    stage, first, last = rtl.stage, index == 0, index == len(plan.stages) - 1
    connections = []
    for c in range(stage.input_frame.channels):
        net = f"{stage.input_variable}_V_data_{c}_V"
        dout, empty_n, read = (f"{net}_TDATA", f"{net}_TVALID", f"{net}_TREADY") if first else (
            f"{net}_dout", f"{net}_empty_n", f"{net}_read")
        connections.append(f".data_V_data_{c}_V_dout({dout}), .data_V_data_{c}_V_empty_n({empty_n}), "
                           f".data_V_data_{c}_V_read({read})")
    for c in range(stage.output_frame.channels):
        net = f"{stage.output_variable}_V_data_{c}_V" + ("_out" if last else "")
        connections.append(f".res_V_data_{c}_V_din({net}_din), .res_V_data_{c}_V_full_n({net}_full_n), "
                           f".res_V_data_{c}_V_write({net}_write)")
    return [f"    {rtl.module} {rtl.instance} (", "        .ap_clk(ap_clk), .ap_rst(ap_rst_n_inv),",
            *(f"        {line}," for line in connections[:-1]), f"        {connections[-1]}", "    );"]


def _output_buffers(plan: StagePlan) -> list[str]:
    last, lines = plan.output_stage, []
    width = last.output_type.width
    for c in range(last.output_frame.channels):
        port, net = f"{last.output_variable}_V_data_{c}_V", f"{last.output_variable}_V_data_{c}_V_out"
        lines += [
            f"    wire [{width - 1}:0] {net}_din;",
            f"    wire {net}_full_n, {net}_write;",
            f"    hwv_df_axis_out #(.WIDTH({width})) {port}_regslice (",
            f"        .clk(ap_clk), .rst(ap_rst_n_inv), .din({net}_din), .full_n({net}_full_n), .write({net}_write),",
            f"        .tdata({port}_TDATA), .tvalid({port}_TVALID), .tready({port}_TREADY)",
            "    );",
        ]
    return lines


def _top_verilog(top: str, plan: StagePlan, stages: list[StageRtl], fifos: tuple[DataflowFifo, ...]) -> str:
    layers = " -> ".join(s.layer for s in plan.stages)
    processes = [line for i, rtl in enumerate(stages) for line in _process_instance(plan, i, rtl)]
    return "\n".join([
        "// Generated by hwverify.sources.openflow.dataflow: an hls4ml io_stream model as a dataflow design in the",
        "// Vivado HLS 2019.2 conventions (per-element AXI-Streams, ap_ctrl_none, one FIFO per stream element).",
        f"// Processes: {layers}.",
        "`timescale 1 ns / 1 ps",
        "",
        f"module {top} (",
        *_top_ports(plan),
        ");",
        "    reg ap_rst_n_inv;",
        "    always @(*) begin",
        "        ap_rst_n_inv = ~ap_rst_n;",
        "    end",
        "",
        *_fifo_instances(fifos),
        *_output_buffers(plan),
        "",
        *processes,
        "endmodule",
        "",
    ])


def _load(directory: Path, meta: dict[str, Any], plan: StagePlan, depths: dict[str, int],
          timings: Mapping[str, StageTiming], rebuilt: bool, seconds: float) -> GeneratedDataflow:
    recorded = {s["layer"]: s for s in meta["stages"]}
    stages = tuple(StageRtl(s, f"{s.layer}_proc", f"{s.layer}_U0", int(recorded[s.layer]["latency"]),
                            float(recorded[s.layer]["cost"]), timings[s.layer]) for s in plan.stages)
    return GeneratedDataflow.load(directory, meta, rebuilt, seconds, plan=plan, stages=stages,
                                  fifos=_fifos(plan, depths))


def describe(generated: GeneratedDataflow) -> str:
    """A few lines on the design: processes with their windows and latency, FIFOs with their depths."""
    lines = [f"dataflow design '{generated.top}': {len(generated.stages)} processes, "
             f"{sum(f.elements for f in generated.fifos)} FIFOs, {generated.verilog_lines} lines of Verilog"]
    for rtl in generated.stages:
        s = rtl.stage
        shape = (f"pad {s.padding} (top, bottom, left, right)" if s.is_padding else
                 f"window {s.window[0]}x{s.window[1]} stride {s.stride[0]}x{s.stride[1]}")
        lines.append(f"  {rtl.instance:<16} {s.kind:<18} {shape}  logic latency {rtl.logic_latency_cycles}  "
                     f"~{rtl.da4ml_cost_luts:.0f} LUT  reads every {rtl.timing.read_interval} cycles"
                     + (f", +{rtl.timing.fire_cycles} per window" if rtl.timing.fire_cycles else "")
                     + (f", +{rtl.timing.frame_cycles} per frame" if rtl.timing.frame_cycles else ""))
    for fifo in generated.fifos:
        style = "shift register" if fifo.depth <= SHIFTREG_MAX_DEPTH else "RAM"
        lines.append(f"  {fifo.variable:<16} {fifo.elements} x {fifo.module}, depth {fifo.depth} ({style})")
    return "\n".join(lines)

