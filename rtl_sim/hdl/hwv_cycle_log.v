// hwverify bulk path: logs the cycle of every clock edge at which `event_in` is high (e.g. ap_done, or
// ap_start && ap_ready) to the log PREFIX: under Verilator in memory behind DPI (rtl_sim/verilator/hwv_bulk_io.cpp,
// written once as <PREFIX>.bin), elsewhere in a memory written with $writememh to <PREFIX>_<k>.hex whenever it
// fills and when `stop` rises.
`timescale 1ns / 1ps

module hwv_cycle_log #(
    parameter PREFIX = "events",
    parameter CHUNK = 4096
) (
    input clk,
    input run,
    input [31:0] cycle,
    input event_in,
    input stop
);
    integer count;

`ifdef VERILATOR
`include "hwv_bulk_io.vh"
    integer handle;
    integer expected;  // one event per sample, as a rule
    initial begin
        if (!$value$plusargs("hwv_samples=%d", expected)) expected = 0;
        handle = hwv_log_open(PREFIX, expected);
    end

    task log_cycle;
        hwv_log_put(handle, cycle);
    endtask

    task flush_log;
        ;  // hwv_bulk_top writes every log once `stop` rises
    endtask
`else
    reg [31:0] cycles [0:CHUNK-1];
    reg [8*40-1:0] name;

    task dump(input integer n);
        begin
            $sformat(name, "%0s_%0d.hex", PREFIX, (count - 1) / CHUNK);
            $writememh(name, cycles, 0, n - 1);
        end
    endtask

    task log_cycle;
        begin
            cycles[(count - 1) % CHUNK] = cycle;
            if (count % CHUNK == 0) dump(CHUNK);
        end
    endtask

    task flush_log;
        if (count % CHUNK != 0) dump(count % CHUNK);
    endtask
`endif

    initial count = 0;

    always @(posedge clk) begin
        if (run && event_in === 1'b1) begin
            count = count + 1;
            log_cycle;
        end
    end

    always @(posedge stop) flush_log;
endmodule
