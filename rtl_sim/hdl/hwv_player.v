// hwverify bulk path: plays one input channel's beats into a valid/ready handshake, with seeded LFSR
// valid gaps, at the simulator's own speed. Beats are read CHUNK at a time with $fread from in<INDEX>.bin
// (each beat ceil((WIDTH + 1) / 8) bytes, most significant first, TLAST in the bit above the data); the
// cycle of every accepted beat goes to a memory written with $writememh to incyc<INDEX>_<k>.hex whenever
// it fills and when `stop` rises. Bulk file operations, never one per beat: per-beat $fscanf/$fwrite
// costs about 15x the simulation of a small design, and Verilator's $readmemh about 6x ($fread: ~2x).
// Run-time settings are plusargs, so one build serves every run: +hwv_in<INDEX>_beats, +hwv_in_pause
// (pause probability x 65536), +hwv_seed, +hwv_in<INDEX>_per_sample (beats per sample, for `allowed`),
// +hwv_in_interval (a fixed input rate: sample s is not offered before cycle s x interval; 0: as fast as taken).
`timescale 1ns / 1ps

module hwv_player #(
    parameter WIDTH = 8,
    parameter INDEX = 0,
    parameter CHUNK = 4096
) (
    input clk,
    input run,
    input [31:0] cycle,
    output reg [WIDTH-1:0] data,
    output reg valid,
    output reg last,
    input ready,
    output reg fire,
    output reg finished,
    input stop,
    input [31:0] allowed  // samples this player may start (one-at-a-time runs); all ones: no limit
);
    reg [WIDTH:0] beats [0:CHUNK-1];
    reg [31:0] cycles [0:CHUNK-1];
    reg [8*40-1:0] name;
    reg [31:0] lfsr;
    integer total, accepted, loaded, threshold, seed, fd_in, got, per_sample, interval;

    // A Galois LFSR (taps 32, 22, 2, 1): cheap, seeded, identical on every simulator.
    function [31:0] step(input [31:0] s);
        step = (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
    endfunction

    task load_chunk;
        begin
            got = $fread(beats, fd_in);
        end
    endtask

    task dump_cycles(input integer count);
        begin
            $sformat(name, "incyc%0d_%0d.hex", INDEX, (accepted - 1) / CHUNK);
            $writememh(name, cycles, 0, count - 1);
        end
    endtask

    initial begin
        data = 0; valid = 0; last = 0; fire = 0; finished = 0; accepted = 0; loaded = 0;
        $sformat(name, "hwv_in%0d_beats=%%d", INDEX);  // each channel has its own beat count
        if (!$value$plusargs(name, total)) total = 0;
        $sformat(name, "hwv_in%0d_per_sample=%%d", INDEX);
        if (!$value$plusargs(name, per_sample)) per_sample = 1;
        if (!$value$plusargs("hwv_in_pause=%d", threshold)) threshold = 0;
        if (!$value$plusargs("hwv_seed=%d", seed)) seed = 0;
        if (!$value$plusargs("hwv_in_interval=%d", interval)) interval = 0;
        lfsr = 32'h1234_5678 ^ (seed * 32'd2654435761) ^ (INDEX * 32'd40503) ^ 32'd1;
        if (total == 0) finished = 1;
        $sformat(name, "in%0d.bin", INDEX);
        fd_in = $fopen(name, "rb");
    end

    always @(posedge clk) begin
        fire <= 1'b0;
        if (run) begin
            lfsr <= step(lfsr);
            if (valid && ready) begin
                cycles[accepted % CHUNK] = cycle;
                accepted = accepted + 1;
                fire <= 1'b1;
                if (accepted % CHUNK == 0) dump_cycles(CHUNK);
                if (accepted == total) finished <= 1'b1;
            end
            if (!valid || ready) begin
                if (loaded < total && lfsr[15:0] >= threshold[15:0] && loaded / per_sample < allowed
                        && cycle >= (loaded / per_sample) * interval) begin
                    if (loaded % CHUNK == 0) load_chunk;
                    {last, data} <= beats[loaded % CHUNK];
                    loaded = loaded + 1;
                    valid <= 1'b1;
                end else begin
                    valid <= 1'b0;
                end
            end
        end
    end

    always @(posedge stop) if (accepted % CHUNK != 0) dump_cycles(accepted % CHUNK);
endmodule
