// Plain-Verilog streaming testbench for designs in hwverify's AXI-Stream shell (no cocotb: fast in Icarus).
//
// The DUT instantiation comes from `hwv_dut_binding.vh`, which hwverify.openflow generates next to the
// design: it connects the top's ports to this bench's buses (in_*, and out_* with one bit of
// out_tvalid/out_tready/out_tlast per output stream; out_tdata holds all output streams' TDATA).
// Plusargs:
//   +in=<file>     $readmemh file, one sample per line: {tlast, tdata} (IN_BITS + 1 bits)
//   +out=<file>    written: "i <index> <cycle>" per input handshake, "o <stream> <index> <cycle> <tlast>
//                  <out_tdata hex>" per output beat, then "done <cycles> <extra beats> <timed out>"
//   +n=<count>     samples in the input file
//   +seed=<int>    seed of the pause generators
//   +in_pause=<percent> / +out_pause=<percent>   chance of holding TVALID / each TREADY low in a cycle
//   +watchdog=<cycles>  stop after this many cycles without an input or output handshake
`timescale 1 ns / 1 ps

module hwv_axis_shell_tb;
    parameter integer IN_BITS = 8;
    parameter integer OUT_BITS = 8;
    parameter integer N_STREAMS = 1;
    parameter integer MAX_SAMPLES = 1 << 15;
    parameter integer DRAIN_CYCLES = 64;

    reg ap_clk = 1'b0;
    reg ap_rst_n = 1'b0;
    reg [IN_BITS-1:0] in_tdata = {IN_BITS{1'b0}};
    reg in_tvalid = 1'b0;
    reg in_tlast = 1'b0;
    wire in_tready;
    wire [OUT_BITS-1:0] out_tdata;
    wire [N_STREAMS-1:0] out_tvalid;
    reg [N_STREAMS-1:0] out_tready = {N_STREAMS{1'b0}};
    wire [N_STREAMS-1:0] out_tlast;

`include "hwv_dut_binding.vh"

    reg [IN_BITS:0] samples [0:MAX_SAMPLES-1];
    reg [1023:0] in_file;
    reg [1023:0] out_file;
    integer n, seed, in_pause, out_pause, watchdog, fd, k;
    integer sent, extra, cycle, idle, drain, finished;
    integer received [0:N_STREAMS-1];
    reg timed_out;
    reg in_fire = 1'b0;

    always #5 ap_clk = ~ap_clk;

    initial begin
        if (!$value$plusargs("in=%s", in_file)) $fatal(1, "+in=<file> is required");
        if (!$value$plusargs("out=%s", out_file)) $fatal(1, "+out=<file> is required");
        if (!$value$plusargs("n=%d", n)) $fatal(1, "+n=<count> is required");
        if (!$value$plusargs("seed=%d", seed)) seed = 1;
        if (!$value$plusargs("in_pause=%d", in_pause)) in_pause = 0;
        if (!$value$plusargs("out_pause=%d", out_pause)) out_pause = 0;
        if (!$value$plusargs("watchdog=%d", watchdog)) watchdog = 1000;
        $readmemh(in_file, samples, 0, n - 1);
        fd = $fopen(out_file, "w");
        sent = 0; extra = 0; cycle = 0; idle = 0; drain = 0; finished = 0; timed_out = 1'b0;
        for (k = 0; k < N_STREAMS; k = k + 1) received[k] = 0;
        // The reset must change value (Vitis-style tops invert it), so start high, pull low, release.
        // Drives change 1 ns after a rising edge; handshakes are read at the falling edge before the
        // rising edge that completes them, so there is no race with the DUT's registers.
        ap_rst_n = 1'b1;
        @(posedge ap_clk); #1 ap_rst_n = 1'b0;
        repeat (4) @(posedge ap_clk);
        #1 ap_rst_n = 1'b1;
        while ((finished < N_STREAMS || drain < DRAIN_CYCLES) && !timed_out) begin
            if (!in_tvalid || in_fire) begin
                if (sent < n && ($unsigned($random(seed)) % 100) >= in_pause) begin
                    in_tvalid = 1'b1;
                    {in_tlast, in_tdata} = samples[sent];
                end else begin
                    in_tvalid = 1'b0;
                end
            end
            for (k = 0; k < N_STREAMS; k = k + 1)
                out_tready[k] = (($unsigned($random(seed)) % 100) >= out_pause);
            @(negedge ap_clk);
            in_fire = in_tvalid && in_tready;
            idle = idle + 1;
            if (in_fire) begin
                $fwrite(fd, "i %0d %0d\n", sent, cycle);
                sent = sent + 1;
                idle = 0;
            end
            finished = 0;
            for (k = 0; k < N_STREAMS; k = k + 1) begin
                if (out_tvalid[k] && out_tready[k]) begin
                    if (received[k] < n) $fwrite(fd, "o %0d %0d %0d %0d %h\n", k, received[k], cycle, out_tlast[k], out_tdata);
                    else extra = extra + 1;
                    received[k] = received[k] + 1;
                    idle = 0;
                end
                if (received[k] >= n) finished = finished + 1;
            end
            if (finished == N_STREAMS) drain = drain + 1;
            if (idle > watchdog) timed_out = 1'b1;
            @(posedge ap_clk); #1;
            cycle = cycle + 1;
        end
        $fwrite(fd, "done %0d %0d %0d\n", cycle, extra, timed_out);
        $fclose(fd);
        $finish;
    end
endmodule
