// Plain-Verilog testbench for stream_vivado (no cocotb). Reads +inputs=<hex file>, one pixel a line
// as {channel 1, channel 0} (32 bits), and drives each channel's AXI-Stream on its own, with seeded
// random TVALID gaps (+gap=<percent>) and random TREADY backpressure on each output (+bp=<percent>).
// ap_start stays high (frames back to back). Writes lines to +outputs=<file>:
//   "o <channel> <cycle> <hex>" per output beat, "i <channel> <cycle>" per input beat,
//   "done <cycle>" / "ready <cycle>" per ap_done / ap_ready pulse.
// +reset_from_zero holds ap_rst_n at 0 from time 0 (no edge), reproducing the io_stream reset quirk:
// "reset_inside <value>" reports the design's inverted reset during the reset period (x when it never ran).
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst_n = 1'b0;  // a declaration initializer is not a value change
reg ap_start = 1'b0;
reg [15:0] in_data_0 = 16'd0, in_data_1 = 16'd0;
reg in_valid_0 = 1'b0, in_valid_1 = 1'b0;
reg taken_0 = 1'b0, taken_1 = 1'b0;
wire in_ready_0, in_ready_1;
wire [15:0] out_data_0, out_data_1;
wire out_valid_0, out_valid_1;
reg out_ready_0 = 1'b0, out_ready_1 = 1'b0;
wire ap_done, ap_ready, ap_idle;

myproject dut (
    .ap_clk(ap_clk), .ap_rst_n(ap_rst_n),
    .input_1_V_data_0_V_TDATA(in_data_0), .input_1_V_data_0_V_TVALID(in_valid_0), .input_1_V_data_0_V_TREADY(in_ready_0),
    .input_1_V_data_1_V_TDATA(in_data_1), .input_1_V_data_1_V_TVALID(in_valid_1), .input_1_V_data_1_V_TREADY(in_ready_1),
    .layer4_out_V_data_0_V_TDATA(out_data_0), .layer4_out_V_data_0_V_TVALID(out_valid_0), .layer4_out_V_data_0_V_TREADY(out_ready_0),
    .layer4_out_V_data_1_V_TDATA(out_data_1), .layer4_out_V_data_1_V_TVALID(out_valid_1), .layer4_out_V_data_1_V_TREADY(out_ready_1),
    .ap_start(ap_start), .ap_done(ap_done), .ap_ready(ap_ready), .ap_idle(ap_idle));

reg [31:0] beats [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, gap, bp, fd, cycle, sent_0, sent_1, got_0, got_1, wait_cycles, limit;

always #5 ap_clk = ~ap_clk;

// Output monitors and input-beat loggers sample at the clock edge.
always @(posedge ap_clk) begin
    cycle <= cycle + 1;
    taken_0 = in_valid_0 && in_ready_0;
    taken_1 = in_valid_1 && in_ready_1;
    if (taken_0) begin $fwrite(fd, "i 0 %0d\n", cycle); sent_0 = sent_0 + 1; end
    if (taken_1) begin $fwrite(fd, "i 1 %0d\n", cycle); sent_1 = sent_1 + 1; end
    if (out_valid_0 && out_ready_0) begin $fwrite(fd, "o 0 %0d %h\n", cycle, out_data_0); got_0 = got_0 + 1; end
    if (out_valid_1 && out_ready_1) begin $fwrite(fd, "o 1 %0d %h\n", cycle, out_data_1); got_1 = got_1 + 1; end
    if (ap_done === 1'b1) $fwrite(fd, "done %0d\n", cycle);
    if (ap_ready === 1'b1) $fwrite(fd, "ready %0d\n", cycle);
end

// Each driver changes its signals just after a clock edge, independently of the other channels.
always @(posedge ap_clk) begin
    #1;
    // Nothing is offered before reset ends: the monitor would count beats the DUT never took.
    if (ap_rst_n === 1'b1) begin
        // AXI-Stream: once TVALID is high it stays high, with the same data, until the beat is taken.
        if (!in_valid_0 || taken_0) begin
            in_valid_0 = (sent_0 < n) && (($unsigned($random(seed)) % 100) >= gap);
            in_data_0 = beats[sent_0][15:0];
        end
        if (!in_valid_1 || taken_1) begin
            in_valid_1 = (sent_1 < n) && (($unsigned($random(seed)) % 100) >= gap);
            in_data_1 = beats[sent_1][31:16];
        end
        out_ready_0 = (($unsigned($random(seed)) % 100) >= bp);
        out_ready_1 = (($unsigned($random(seed)) % 100) >= bp);
    end
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 9;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("gap=%d", gap)) gap = 0;
    if (!$value$plusargs("bp=%d", bp)) bp = 0;
    if (!$value$plusargs("limit=%d", limit)) limit = 20000;
    $readmemh(in_path, beats, 0, n - 1);
    fd = $fopen(out_path, "w");
    cycle = 0; sent_0 = 0; sent_1 = 0; got_0 = 0; got_1 = 0;
    if (!$test$plusargs("reset_from_zero")) begin ap_rst_n = 1'b1; #2 ap_rst_n = 1'b0; end
    repeat (3) @(posedge ap_clk);
    $fwrite(fd, "reset_inside %b\n", dut.ap_rst_n_inv);
    #1 ap_rst_n = 1'b1;
    ap_start = 1'b1;
    wait_cycles = 0;
    while ((got_0 < n || got_1 < n) && wait_cycles < limit) begin
        @(posedge ap_clk);
        wait_cycles = wait_cycles + 1;
    end
    repeat (5) @(posedge ap_clk);
    $fwrite(fd, "end %0d sent %0d %0d got %0d %0d\n", cycle, sent_0, sent_1, got_0, got_1);
    $fclose(fd);
    $finish;
end
endmodule
