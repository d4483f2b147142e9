// hwverify bulk path: logs the cycle of every clock edge at which `event_in` is high (e.g. ap_done, or
// ap_start && ap_ready) to a memory written with $writememh to <PREFIX>_<k>.hex whenever it fills and
// when `stop` rises.
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
    reg [31:0] cycles [0:CHUNK-1];
    reg [8*40-1:0] name;
    integer count;

    task dump(input integer n);
        begin
            $sformat(name, "%0s_%0d.hex", PREFIX, (count - 1) / CHUNK);
            $writememh(name, cycles, 0, n - 1);
        end
    endtask

    initial count = 0;

    always @(posedge clk) begin
        if (run && event_in === 1'b1) begin
            cycles[count % CHUNK] = cycle;
            count = count + 1;
            if (count % CHUNK == 0) dump(CHUNK);
        end
    end

    always @(posedge stop) if (count % CHUNK != 0) dump(count % CHUNK);
endmodule
