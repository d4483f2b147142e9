// hwverify bulk path: plays one input channel's beats into a valid/ready handshake, with seeded LFSR
// valid gaps, at the simulator's own speed. The beats come from in<INDEX>.bin (each beat ceil((WIDTH + 1) / 8)
// bytes, most significant first, TLAST in the bit above the data); the cycle of every accepted beat is logged
// to incyc<INDEX>. Under Verilator both live in memory behind DPI (rtl_sim/verilator/hwv_bulk_io.cpp: the file
// read once, the log written once, incyc<INDEX>.bin); elsewhere beats are read CHUNK at a time with $fread and
// the log is written with $writememh to incyc<INDEX>_<k>.hex whenever it fills and when `stop` rises. Never one
// file operation per beat: per-beat $fscanf/$fwrite costs about 15x the simulation of a small design.
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
    localparam WORDS = (WIDTH + 32) / 32;  // 32-bit words per beat (WIDTH + 1 bits)
    reg [31:0] lfsr;
    reg [8*40-1:0] name;
    // loaded: beats offered so far; sample / in_sample: the sample they belong to and the beats of it offered;
    // offer_at: the first cycle the current sample may be offered in (paced input)
    integer total, accepted, loaded, threshold, seed, per_sample, interval, sample, in_sample, offer_at;

    // A Galois LFSR (taps 32, 22, 2, 1): cheap, seeded, identical on every simulator.
    function [31:0] step(input [31:0] s);
        step = (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
    endfunction

`ifdef VERILATOR
`include "hwv_bulk_io.vh"
    integer stream, cycle_log;

    task open_files;
        begin
            stream = hwv_stream_open($sformatf("in%0d", INDEX), WIDTH + 1);
            if (stream < 0 && total > 0) begin
                $display("hwverify: cannot read in%0d.bin in the simulation directory", INDEX);
                $finish;
            end
            cycle_log = hwv_log_open($sformatf("incyc%0d", INDEX), total);
        end
    endtask

    function [WIDTH:0] beat_at(input integer index);
        reg [32*WORDS-1:0] words;
        integer w;
        begin
            for (w = 0; w < WORDS; w = w + 1) words[32*w +: 32] = hwv_stream_word(stream, index, w);
            beat_at = words[WIDTH:0];
        end
    endfunction

    task log_cycle;
        hwv_log_put(cycle_log, cycle);
    endtask

    task flush_log;
        ;  // hwv_bulk_top writes every log once `stop` rises
    endtask
`else
    reg [WIDTH:0] beats [0:CHUNK-1];
    reg [31:0] cycles [0:CHUNK-1];
    integer fd_in, got;

    task open_files;
        begin
            $sformat(name, "in%0d.bin", INDEX);
            fd_in = $fopen(name, "rb");
            if (fd_in == 0 && total > 0) begin
                $display("hwverify: cannot read %0s in the simulation directory", name);
                $finish;
            end
        end
    endtask

    function [WIDTH:0] beat_at(input integer index);
        begin
            if (index % CHUNK == 0) got = $fread(beats, fd_in);
            beat_at = beats[index % CHUNK];
        end
    endfunction

    task dump_cycles(input integer count);
        begin
            $sformat(name, "incyc%0d_%0d.hex", INDEX, (accepted - 1) / CHUNK);
            $writememh(name, cycles, 0, count - 1);
        end
    endtask

    task log_cycle;
        begin
            cycles[(accepted - 1) % CHUNK] = cycle;
            if (accepted % CHUNK == 0) dump_cycles(CHUNK);
        end
    endtask

    task flush_log;
        if (accepted % CHUNK != 0) dump_cycles(accepted % CHUNK);
    endtask
`endif

    initial begin
        data = 0; valid = 0; last = 0; fire = 0; finished = 0; accepted = 0; loaded = 0;
        sample = 0; in_sample = 0; offer_at = 0;
        $sformat(name, "hwv_in%0d_beats=%%d", INDEX);  // each channel has its own beat count
        if (!$value$plusargs(name, total)) total = 0;
        $sformat(name, "hwv_in%0d_per_sample=%%d", INDEX);
        if (!$value$plusargs(name, per_sample)) per_sample = 1;
        if (!$value$plusargs("hwv_in_pause=%d", threshold)) threshold = 0;
        if (!$value$plusargs("hwv_seed=%d", seed)) seed = 0;
        if (!$value$plusargs("hwv_in_interval=%d", interval)) interval = 0;
        lfsr = 32'h1234_5678 ^ (seed * 32'd2654435761) ^ (INDEX * 32'd40503) ^ 32'd1;
        if (total == 0) finished = 1;
        open_files;
    end

    always @(posedge clk) begin
        fire <= 1'b0;
        if (run) begin
            lfsr <= step(lfsr);
            if (valid && ready) begin
                accepted = accepted + 1;
                log_cycle;
                fire <= 1'b1;
                if (accepted == total) finished <= 1'b1;
            end
            if (!valid || ready) begin
                if (loaded < total && lfsr[15:0] >= threshold[15:0] && sample < allowed && cycle >= offer_at) begin
                    {last, data} <= beat_at(loaded);
                    loaded = loaded + 1;
                    in_sample = in_sample + 1;
                    if (in_sample == per_sample) begin
                        in_sample = 0;
                        sample = sample + 1;
                        offer_at = offer_at + interval;
                    end
                    valid <= 1'b1;
                end else begin
                    valid <= 1'b0;
                end
            end
        end
    end

    always @(posedge stop) flush_log;
endmodule
