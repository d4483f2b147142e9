"""The bulk path: an HDL testbench top that streams whole files through the design at simulator speed.

A Python coroutine per cycle runs at tens of thousands of cycles per second; Verilator alone runs
millions. Here the stimulus player and response recorder are Verilog (``rtl_sim/hdl``), reset is
sequenced in HDL, and Python wakes up once, when ``done`` rises. Under Verilator the clock comes from
hwverify's C++ main (``rtl_sim/verilator/hwv_main.cpp``), which runs the model from the end of reset to ``done``
with no VPI callback, and the beats and logs live in memory behind DPI (read once, written once:
``hwv_bulk_io.cpp``); under Icarus the clock is HDL and the beats move in chunks (``$fread`` in, ``$writememh``
out). Never one file operation per beat. This module writes the generated top (``hwv_bulk_top``: the design
plus one player per input channel and one recorder per output channel) and the input files.

Everything that changes between runs (beat counts, pause probabilities, seed, watchdog) is a
plusarg, so one cached build serves every run of a design.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from hwverify.cache import Cache, content_hash
from hwverify.protocols import Control, IoStyle
from hwverify.sim.runner import RTL_SIM_DIR, BuildRequest, Simulator
from hwverify.sim.spec import ChannelSpec, FifoProbe
from hwverify.sources.beats import words_to_msb_bytes
from hwverify.sources.design import RtlDesign
from hwverify.sources.interface import InterfaceSpec

__all__ = ["BULK_TOP", "CLOCKED_TOP", "verilator_control", "bulk_build_request", "bulk_toplevel", "bulk_plusargs",
           "wrapper_verilog", "write_bulk_inputs"]

BULK_TOP = "hwv_bulk_top"  # clocked from outside: Verilator's toplevel, whose C++ main (VERILATOR_MAIN) drives `clk`
CLOCKED_TOP = "hwv_bulk_clock"  # BULK_TOP plus an HDL clock: the toplevel on simulators that run our HDL only
HDL_HELPERS = tuple(RTL_SIM_DIR / "hdl" / f"{name}.v" for name in ("hwv_player", "hwv_recorder", "hwv_cycle_log"))
HDL_INCLUDE = RTL_SIM_DIR / "hdl" / "include"  # hwv_bulk_io.vh: the DPI functions below
#: Under Verilator: stimulus and logs in memory behind DPI, and a main that runs the model with no VPI callback
#: between the end of reset and `done` (cocotb's own main gives VPI a turn at every time step).
VERILATOR_MAIN = RTL_SIM_DIR / "verilator" / "hwv_main.cpp"
VERILATOR_CPP = (RTL_SIM_DIR / "verilator" / "hwv_bulk_io.cpp",)
_PAUSE_SCALE = 65536  # the LFSR pauses when its low 16 bits are below probability * 65536
NO_ACTIVITY = "1'b0"
#: What a FIFO's fill wire reads when its module has no known counter (the report says "not readable").
UNREADABLE_FILL = "32'hffffffff"
CHUNK = 4096  # words per $fread / $writememh; the CHUNK parameter of hwv_player / hwv_recorder


def bulk_build_request(design: RtlDesign, interface: InterfaceSpec, inputs: Sequence[ChannelSpec],
                       outputs: Sequence[ChannelSpec], fifos: tuple[FifoProbe, ...], simulator: Simulator,
                       waves: bool = False) -> BuildRequest:
    """The build of the design wrapped in ``hwv_bulk_top`` with the HDL player and recorder."""
    text = wrapper_verilog(interface, inputs, outputs, design.parameters, fifos)
    control = verilator_control(len(inputs), len(outputs), fifos)

    def write(directory: Path) -> None:
        (directory / f"{BULK_TOP}.v").write_text(text)
        (directory / f"{BULK_TOP}.vlt").write_text(control)

    entry, _ = Cache("bulk_tops").get_or_build(content_hash("bulk_top/5", text, control), write)
    generated = (entry.path / f"{BULK_TOP}.v", entry.path / f"{BULK_TOP}.vlt")
    verilator = simulator == Simulator.VERILATOR
    return BuildRequest(
        simulator=simulator,
        top=bulk_toplevel(simulator),
        sources=design.sources + HDL_HELPERS + generated,
        include_dirs=design.include_dirs + (HDL_INCLUDE,),
        defines=design.defines,
        parameters={},
        waves=waves,
        all_public=False,
        main_cpp=VERILATOR_MAIN if verilator else None,
        cpp_sources=VERILATOR_CPP if verilator else (),
    )


def bulk_toplevel(simulator: Simulator) -> str:
    """The bulk build's toplevel: under Verilator the clock comes from hwverify's C++ main, elsewhere from HDL."""
    return BULK_TOP if simulator == Simulator.VERILATOR else CLOCKED_TOP


def verilator_control(n_inputs: int, n_outputs: int, fifos: tuple[FifoProbe, ...] = ()) -> str:
    """A Verilator control file making public only the signals the cocotb side reads.

    The bulk build drops cocotb's ``--public-flat-rw`` (every signal public, most optimisation off).
    """
    names = ["done", "stalled", "end_cycle"]
    names += [f"hwv_{side}{i}_{signal}" for side, count in (("in", n_inputs), ("out", n_outputs))
              for i in range(count) for signal in ("valid", "ready")]
    names += [f"hwv_fifo{k}_fill" for k in range(len(fifos))]
    lines = ["`verilator_config"] + [f'public_flat_rd -module "{BULK_TOP}" -var "{name}"' for name in names]
    return "\n".join(lines) + "\n"


def wrapper_verilog(interface: InterfaceSpec, inputs: Sequence[ChannelSpec], outputs: Sequence[ChannelSpec],
                    parameters: Mapping[str, int] | None = None, fifos: tuple[FifoProbe, ...] = ()) -> str:
    """The generated top: clock, reset, players, recorders, control, watchdog and the design as ``dut``.

    ``inputs``/``outputs`` are the channels as the testbench drives them (io_parallel inputs merged into one)."""
    lines = [
        "// Generated by hwverify.sim.bulk: do not edit.",
        "`timescale 1ns / 1ps",
        f"module {BULK_TOP}(input clk);  // clocked from outside, by {CLOCKED_TOP}'s HDL clock",
        *_clock_reset_block(interface),
        *_one_at_a_time_block(len(outputs)),
        *(_player(i, c) for i, c in enumerate(inputs)),
        *(_recorder(i, c) for i, c in enumerate(outputs)),
        *_control_block(interface),
        *_dut_instance(interface, inputs, outputs, parameters or {}),
        *_fifo_fills(fifos),
        *_watchdog_block(interface, inputs, outputs, fifos),
        *_verilator_block(),
        "endmodule",
        "",
        "// The clock in HDL, for simulators other than Verilator (a cocotb clock costs a VPI call per edge, several",
        "// times the simulation of a small design); under Verilator hwverify's C++ main toggles `clk` itself.",
        f"module {CLOCKED_TOP};",
        "    reg clk = 1'b0;",
        "    always #5 clk = ~clk;",
        f"    {BULK_TOP} top (.clk(clk));",
        "endmodule",
    ]
    return "\n".join(lines) + "\n"


def _clock_reset_block(interface: InterfaceSpec) -> list[str]:
    inactive = 1 if interface.clock_reset.active_low else 0
    return [
        f"    reg rst = 1'b{inactive};",
        "    reg run = 1'b0;",
        "    reg [3:0] edges = 4'd0;",
        "    reg [31:0] cycle = 32'd1;  // the cocotb path's numbering: cycle 0 is the edge that ends reset",
        "    reg done = 1'b0, stalled = 1'b0, stop = 1'b0;",
        "    // Reset must really change: inactive for 2 edges, active for 5, inactive (an inverted ap_rst_n",
        "    // stays X otherwise); the players start one edge later, as the cocotb adapters do.",
        "    always @(posedge clk) begin",
        "        if (edges != 4'd8) edges <= edges + 4'd1;",
        f"        if (edges == 4'd1) rst <= 1'b{1 - inactive};",
        f"        if (edges == 4'd6) rst <= 1'b{inactive};",
        "        if (edges == 4'd7) run <= 1'b1;",
        "        if (run) cycle <= cycle + 32'd1;",
        "    end",
    ]


def _one_at_a_time_block(n_outputs: int) -> list[str]:
    """``hwv_allowed``: how many samples may have started. With +hwv_one_at_a_time a sample starts only once
    every output channel has received the previous one (the latency a csynth report gives is of a call that
    runs alone); otherwise no limit."""
    done = [f"hwv_out{i}_done" for i in range(n_outputs)]
    running = ["    wire [31:0] hwv_out_min0 = hwv_out0_done;"]  # a chain of wires: linear in the outputs
    running += [f"    wire [31:0] hwv_out_min{i} = ({name} < hwv_out_min{i - 1}) ? {name} : hwv_out_min{i - 1};"
                for i, name in enumerate(done) if i > 0]
    return [
        *(f"    wire [31:0] {name};  // whole samples received" for name in done),
        *running,
        "    reg hwv_one_at_a_time = 1'b0;",
        '    initial if ($test$plusargs("hwv_one_at_a_time")) hwv_one_at_a_time = 1\'b1;',
        f"    wire [31:0] hwv_samples_out = hwv_out_min{n_outputs - 1};",
        "    wire [31:0] hwv_allowed = hwv_one_at_a_time ? hwv_samples_out + 32'd1 : 32'hffffffff;",
    ]


def _player(index: int, channel: ChannelSpec) -> str:
    return "\n".join([
        f"    wire [{channel.width - 1}:0] hwv_in{index}_data;",
        f"    wire hwv_in{index}_valid, hwv_in{index}_ready, hwv_in{index}_last, hwv_in{index}_fire, "
        f"hwv_in{index}_finished;",
        f"    hwv_player #(.WIDTH({channel.width}), .INDEX({index})) p{index} (",
        f"        .clk(clk), .run(run), .cycle(cycle), .data(hwv_in{index}_data), .valid(hwv_in{index}_valid),",
        f"        .last(hwv_in{index}_last), .ready(hwv_in{index}_ready), .fire(hwv_in{index}_fire),",
        f"        .finished(hwv_in{index}_finished), .stop(stop), .allowed(hwv_allowed));",
    ])


def _recorder(index: int, channel: ChannelSpec) -> str:
    has_ready = int(channel.ready is not None)
    return "\n".join([
        f"    wire [{channel.width - 1}:0] hwv_out{index}_data;",
        f"    wire hwv_out{index}_valid, hwv_out{index}_ready, hwv_out{index}_fire, hwv_out{index}_complete;",
        f"    wire hwv_out{index}_last;",
        f"    hwv_recorder #(.WIDTH({channel.width}), .INDEX({index}), .HAS_READY({has_ready})) r{index} (",
        f"        .clk(clk), .run(run), .cycle(cycle), .data(hwv_out{index}_data), .valid(hwv_out{index}_valid),",
        f"        .last(hwv_out{index}_last), .ready(hwv_out{index}_ready), .fire(hwv_out{index}_fire),",
        f"        .complete(hwv_out{index}_complete), .stop(stop), .samples_done(hwv_out{index}_done));",
    ])


def _control_block(interface: InterfaceSpec) -> list[str]:
    if interface.control is Control.NONE:
        return []
    lines = []
    if interface.style is IoStyle.IO_PARALLEL:
        start = "hwv_in0_valid"
    else:
        # A streaming block takes one start per sample, as a C testbench calls the top once per sample: with
        # ap_start still high after the last one, its processes start a further call that never gets data,
        # and a stall-style pipeline holding the previous sample's last words then waits on it forever.
        start = "run && hwv_starts < hwv_samples && hwv_starts < hwv_allowed"
        lines += ["    integer hwv_samples, hwv_starts = 0;",
                  '    initial if (!$value$plusargs("hwv_samples=%d", hwv_samples)) hwv_samples = 0;',
                  "    always @(posedge clk) if (run && ap_start && ap_ready) hwv_starts <= hwv_starts + 1;"]
    return lines + [
        "    wire ap_start = " + start + ";",
        "    wire ap_done, ap_ready, ap_idle;",
        "    // A sample begins at the first edge where ap_start is high after the previous sample's ap_ready (a",
        "    // pipeline with II > 1 raises ap_ready only when it has taken its inputs, II - 1 cycles later).",
        "    reg hwv_armed = 1'b1;",
        "    always @(posedge clk) if (run) hwv_armed <= (ap_start && ap_ready) ? 1'b1 : (ap_start ? 1'b0 : hwv_armed);",
        '    hwv_cycle_log #(.PREFIX("startcyc")) start_log (',
        "        .clk(clk), .run(run), .cycle(cycle), .event_in(ap_start && hwv_armed), .stop(stop));",
        '    hwv_cycle_log #(.PREFIX("donecyc")) done_log (',
        "        .clk(clk), .run(run), .cycle(cycle), .event_in(ap_done), .stop(stop));",
    ]


def _dut_instance(interface: InterfaceSpec, inputs: Sequence[ChannelSpec], outputs: Sequence[ChannelSpec],
                  parameters: Mapping[str, int]) -> list[str]:
    connections = _connections(interface, inputs, outputs)
    connected = ",\n".join(f"        .{port}({signal})" for port, signal in connections.items())
    overrides = ", ".join(f".{name}({value})" for name, value in parameters.items())
    return [f"    {interface.top} {'#(' + overrides + ') ' if overrides else ''}dut (", connected, "    );"]


def _connections(interface: InterfaceSpec, inputs: Sequence[ChannelSpec],
                 outputs: Sequence[ChannelSpec]) -> dict[str, str]:
    clock_reset = interface.clock_reset
    out = {clock_reset.clock: "clk", clock_reset.reset: "rst"}
    if interface.control is not Control.NONE:
        out.update({"ap_start": "ap_start", "ap_done": "ap_done", "ap_ready": "ap_ready", "ap_idle": "ap_idle"})
        if interface.control is Control.CHAIN:
            out["ap_continue"] = "1'b1"
    for i, channel in enumerate(inputs):
        low = 0
        for port, width in channel.parts or ((channel.data, channel.width),):
            out[port] = f"hwv_in{i}_data[{low + width - 1}:{low}]"
            low += width
        for valid in channel.valid:
            out[valid] = f"hwv_in{i}_valid"
        if channel.ready:
            out[channel.ready] = f"hwv_in{i}_ready"
        if channel.last:
            out[channel.last] = f"hwv_in{i}_last"
        for name in channel.sideband:
            out[name] = "{64{1'b1}}"
    for i, channel in enumerate(outputs):
        out[channel.data] = f"hwv_out{i}_data"
        if channel.valid and channel.valid[0] != "ap_done":
            out[channel.valid[0]] = f"hwv_out{i}_valid"
        if channel.ready:
            out[channel.ready] = f"hwv_out{i}_ready"
        if channel.last:
            out[channel.last] = f"hwv_out{i}_last"
    for port in interface.ports:  # inputs that carry no sample data (e.g. const_size_in_1) are tied off
        if port.direction == "input" and port.name not in out:
            out[port.name] = f"{port.width}'d0"
    return out


def _watchdog_block(interface: InterfaceSpec, inputs: Sequence[ChannelSpec], outputs: Sequence[ChannelSpec],
                    fifos: tuple[FifoProbe, ...]) -> list[str]:
    n_in, n_out = len(inputs), len(outputs)
    fires = " | ".join([f"hwv_in{i}_fire" for i in range(n_in)] + [f"hwv_out{i}_fire" for i in range(n_out)]
                       + (["hwv_internal_fire"] if fifos else []))
    complete = " & ".join(f"hwv_out{i}_complete" for i in range(n_out))
    lines = []
    if interface.style is IoStyle.IO_PARALLEL:
        lines.append("    assign hwv_in0_ready = ap_ready;")
    for i, channel in enumerate(outputs):
        if channel.valid and channel.valid[0] == "ap_done":
            lines.append(f"    assign hwv_out{i}_valid = ap_done;")
        if channel.last is None:
            lines.append(f"    assign hwv_out{i}_last = 1'b0;")
    return lines + [
        "    integer watchdog, drain, idle = 0, drained = 0, finish_on_done = 0;",
        "    reg [31:0] end_cycle = 32'd0;  // the last handshake's cycle + drain, as on the cocotb path",
        "    initial begin",
        '        if (!$value$plusargs("hwv_watchdog=%d", watchdog)) watchdog = 2000;',
        '        if (!$value$plusargs("hwv_drain=%d", drain)) drain = 32;',
        '        if ($test$plusargs("hwv_finish")) finish_on_done = 1;',
        "    end",
        "    // Forward progress: any handshake on any channel, or any word into or out of an internal FIFO,",
        "    // resets the idle count (a large dataflow design computes for long stretches between outputs).",
        "    // `stop` makes the players and recorders write their memories; `done` follows one edge later.",
        "    always @(posedge clk) if (run && !stop) begin",
        f"        idle = ({fires}) ? 0 : idle + 1;",
        f"        if ({complete}) begin",
        "            drained = drained + 1;",
        "            if (drained >= drain) begin stop <= 1'b1; end_cycle <= cycle; end",
        "        end else if (idle >= watchdog) begin",
        "            stalled <= 1'b1; stop <= 1'b1; end_cycle <= cycle;",
        "        end",
        "    end",
        "    always @(posedge clk) begin",
        "        done <= stop;",
        "        if (done && finish_on_done) begin",
        "            $display(\"hwv_cycles %0d stalled %0d\", end_cycle, stalled);",
        "            $finish;",
        "        end",
        "    end",
    ]


def _verilator_block() -> list[str]:
    """Under Verilator: the free run from the end of reset to `done` (rtl_sim/verilator/hwv_main.cpp), and the
    in-memory logs written once, when `stop` rises (after every helper logged that edge's beats)."""
    return [
        "`ifdef VERILATOR",
        '`include "hwv_bulk_io.vh"',
        "    always @(posedge run) hwv_free_run_begin();",
        "    always @(posedge done) hwv_free_run_end();",
        "    always @(posedge stop) if (hwv_logs_write() != 0) begin",
        '        $display("hwverify: cannot write the bulk logs in the simulation directory");',
        "        $finish;  // the test then fails with this log, instead of reading missing results",
        "    end",
        "`endif",
    ]


def _fifo_fills(fifos: tuple[FifoProbe, ...]) -> list[str]:
    """Each FIFO's fill as a wire, by hierarchical reference (``FifoProbe.fill_expression``), and
    ``hwv_internal_fire``: any FIFO written or read this cycle (the watchdog's internal progress)."""
    if not fifos:
        return []
    lines = ["    // FIFO fills for the watchdog's report (all ones: not readable)."]
    moves = [f"dut.{p.name}.if_write & dut.{p.name}.if_full_n | dut.{p.name}.if_read & dut.{p.name}.if_empty_n"
             for p in fifos if p.handshake]
    lines.append(f"    wire hwv_internal_fire = {' | '.join(moves) or NO_ACTIVITY};  // any FIFO word moved")
    for k, probe in enumerate(fifos):
        value = probe.fill_verilog(f"dut.{probe.name}") or UNREADABLE_FILL
        lines += [f"    wire [31:0] hwv_fifo{k}_fill;", f"    assign hwv_fifo{k}_fill = {value};"]
    return lines


def bulk_plusargs(input_beats: Sequence[int], output_beats: Sequence[int], input_backpressure: float,
                  output_backpressure: float, seed: int, watchdog_cycles: int, drain_cycles: int,
                  samples: int, input_interval: int = 0) -> tuple[str, ...]:
    """The run-time settings of one bulk run (beat counts per channel, samples = ap_start transactions; the
    watchdog also waits out a paced input's gap between samples)."""
    return (
        f"+hwv_samples={samples}",
        *(f"+hwv_in{i}_per_sample={beats // samples}" for i, beats in enumerate(input_beats)),
        *(f"+hwv_out{i}_per_sample={beats // samples}" for i, beats in enumerate(output_beats)),
        *(f"+hwv_in{i}_beats={beats}" for i, beats in enumerate(input_beats)),
        *(f"+hwv_out{i}_beats={beats}" for i, beats in enumerate(output_beats)),
        f"+hwv_in_pause={int(round(input_backpressure * _PAUSE_SCALE))}",
        f"+hwv_out_pause={int(round(output_backpressure * _PAUSE_SCALE))}",
        f"+hwv_seed={seed}",
        f"+hwv_in_interval={input_interval}",
        f"+hwv_watchdog={watchdog_cycles + input_interval}",
        f"+hwv_drain={drain_cycles}",
    )


def write_bulk_inputs(work_dir: Path, codes: np.ndarray,
                      beat_words: Callable[[np.ndarray], tuple[list[np.ndarray], list[np.ndarray]]],
                      widths: Sequence[int], beats_per_sample: int, chunk_beats: int = 1 << 16) -> None:
    """Per input channel, ``in<i>.bin``: each beat in ceil((width + 1) / 8) bytes, most significant first,
    TLAST in the bit above the data (the layout ``$fread`` fills a memory of ``width + 1``-bit words with).
    ``beat_words`` turns samples into each channel's beats as uint64 words and TLAST bits
    (:meth:`hwverify.sim.simulate.SimPlan.input_beat_words`); samples go through it about ``chunk_beats`` beats at
    a time, so memory stays bounded whatever the run's length."""
    step = max(1, chunk_beats // max(1, beats_per_sample))
    files: list[BinaryIO] = []
    try:
        for start in range(0, codes.shape[0], step):
            words, lasts = beat_words(codes[start:start + step])
            if not files:
                files = [(work_dir / f"in{index}.bin").open("wb") for index in range(len(words))]
            for file, channel_words, last, width in zip(files, words, lasts, widths):
                file.write(words_to_msb_bytes(channel_words, width, last).tobytes())
    finally:
        for file in files:
            file.close()
