// hwverify bulk path: accepts one output channel's beats with seeded LFSR ready pauses (HAS_READY = 0 for
// ap_vld outputs, which cannot be paused) and stores each beat's data (TLAST in the bit above it) and cycle
// in memories written with $writememh to out<INDEX>_<k>.hex / outcyc<INDEX>_<k>.hex whenever they fill and
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
    output [31:0] samples_done  // whole samples received
);
    reg [WIDTH:0] beats [0:CHUNK-1];
    reg [31:0] cycles [0:CHUNK-1];
    reg [8*40-1:0] name;
    reg [31:0] lfsr;
    integer total, count, threshold, seed, per_sample;
    assign samples_done = count / per_sample;

    function [31:0] step(input [31:0] s);
        step = (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
    endfunction

    task dump(input integer n);
        begin
            $sformat(name, "out%0d_%0d.hex", INDEX, (count - 1) / CHUNK);
            $writememh(name, beats, 0, n - 1);
            $sformat(name, "outcyc%0d_%0d.hex", INDEX, (count - 1) / CHUNK);
            $writememh(name, cycles, 0, n - 1);
        end
    endtask

    initial begin
        ready = 0; fire = 0; complete = 0; count = 0;
        $sformat(name, "hwv_out%0d_beats=%%d", INDEX);  // each channel has its own beat count
        if (!$value$plusargs(name, total)) total = 0;
        $sformat(name, "hwv_out%0d_per_sample=%%d", INDEX);
        if (!$value$plusargs(name, per_sample)) per_sample = 1;
        if (!$value$plusargs("hwv_out_pause=%d", threshold)) threshold = 0;
        if (!$value$plusargs("hwv_seed=%d", seed)) seed = 0;
        lfsr = 32'h8765_4321 ^ (seed * 32'd2654435761) ^ (INDEX * 32'd40503) ^ 32'd1;
        if (total == 0) complete = 1;
    end

    always @(posedge clk) begin
        fire <= 1'b0;
        if (run) begin
            lfsr <= step(lfsr);
            if ((ready || HAS_READY == 0) && valid) begin
                beats[count % CHUNK] = {last, data};
                cycles[count % CHUNK] = cycle;
                count = count + 1;
                fire <= 1'b1;
                if (count % CHUNK == 0) dump(CHUNK);
                if (count == total) complete <= 1'b1;
            end
            ready <= lfsr[15:0] >= threshold[15:0];
        end
    end

    always @(posedge stop) if (count % CHUNK != 0) dump(count % CHUNK);
endmodule
