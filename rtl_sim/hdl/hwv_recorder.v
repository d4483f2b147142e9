// hwverify bulk path: accepts one output channel's beats with seeded LFSR ready pauses (HAS_READY = 0 for
// ap_vld outputs, which cannot be paused) and logs each beat's data (TLAST in the bit above it) to out<INDEX> and
// its cycle to outcyc<INDEX>: under Verilator in memory behind DPI (rtl_sim/verilator/hwv_bulk_io.cpp, written
// once as <log>.bin), elsewhere in memories written with $writememh to <log>_<k>.hex whenever they fill and
// when `stop` rises. `complete` rises when +hwv_out<INDEX>_beats beats have arrived; beats after that are kept
// too, so extra beats show up in the framing check.
`timescale 1ns / 1ps

module hwv_recorder #(
    parameter WIDTH = 8,
    parameter INDEX = 0,
    parameter HAS_READY = 1,
    parameter CHUNK = 4096
) (
    input clk,
    input run,
    input [31:0] cycle,
    input [WIDTH-1:0] data,
    input valid,
    input last,
    output reg ready,
    output reg fire,
    output reg complete,
    input stop,
    output reg [31:0] samples_done  // whole samples received before this edge
);
    localparam WORDS = (WIDTH + 32) / 32;  // 32-bit words per logged beat (WIDTH + 1 bits)
    reg [31:0] lfsr;
    reg [8*40-1:0] name;
    integer total, count, threshold, seed, per_sample, in_sample;

    function [31:0] step(input [31:0] s);
        step = (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
    endfunction

`ifdef VERILATOR
`include "hwv_bulk_io.vh"
    integer beat_log, cycle_log;

    task open_logs;
        begin
            beat_log = hwv_log_open($sformatf("out%0d", INDEX), total * WORDS);
            cycle_log = hwv_log_open($sformatf("outcyc%0d", INDEX), total);
        end
    endtask

    task log_beat(input [WIDTH:0] beat);
        reg [32*WORDS-1:0] words;
        integer w;
        begin
            words = {{(32*WORDS-WIDTH-1){1'b0}}, beat};
            for (w = 0; w < WORDS; w = w + 1) hwv_log_put(beat_log, words[32*w +: 32]);
            hwv_log_put(cycle_log, cycle);
        end
    endtask

    task flush_logs;
        ;  // hwv_bulk_top writes every log once `stop` rises
    endtask
`else
    reg [WIDTH:0] beats [0:CHUNK-1];
    reg [31:0] cycles [0:CHUNK-1];

    task open_logs;
        ;
    endtask

    task dump(input integer n);
        begin
            $sformat(name, "out%0d_%0d.hex", INDEX, (count - 1) / CHUNK);
            $writememh(name, beats, 0, n - 1);
            $sformat(name, "outcyc%0d_%0d.hex", INDEX, (count - 1) / CHUNK);
            $writememh(name, cycles, 0, n - 1);
        end
    endtask

    task log_beat(input [WIDTH:0] beat);
        begin
            beats[(count - 1) % CHUNK] = beat;
            cycles[(count - 1) % CHUNK] = cycle;
            if (count % CHUNK == 0) dump(CHUNK);
        end
    endtask

    task flush_logs;
        if (count % CHUNK != 0) dump(count % CHUNK);
    endtask
`endif

    initial begin
        ready = 0; fire = 0; complete = 0; count = 0; in_sample = 0; samples_done = 0;
        $sformat(name, "hwv_out%0d_beats=%%d", INDEX);  // each channel has its own beat count
        if (!$value$plusargs(name, total)) total = 0;
        $sformat(name, "hwv_out%0d_per_sample=%%d", INDEX);
        if (!$value$plusargs(name, per_sample)) per_sample = 1;
        if (!$value$plusargs("hwv_out_pause=%d", threshold)) threshold = 0;
        if (!$value$plusargs("hwv_seed=%d", seed)) seed = 0;
        lfsr = 32'h8765_4321 ^ (seed * 32'd2654435761) ^ (INDEX * 32'd40503) ^ 32'd1;
        if (total == 0) complete = 1;
        open_logs;
    end

    always @(posedge clk) begin
        fire <= 1'b0;
        if (run) begin
            lfsr <= step(lfsr);
            if ((ready || HAS_READY == 0) && valid) begin
                count = count + 1;
                log_beat({last, data});
                in_sample = in_sample + 1;
                if (in_sample == per_sample) begin
                    in_sample = 0;
                    samples_done <= samples_done + 1;  // the players see it from the next edge, race-free
                end
                fire <= 1'b1;
                if (count == total) complete <= 1'b1;
            end
            ready <= lfsr[15:0] >= threshold[15:0];
        end
    end

    always @(posedge stop) flush_logs;
endmodule
