// Plain-Verilog testbench for stream_vitis (no cocotb). Reads +inputs=<hex file>, one pixel a line
// as the packed 32-bit TDATA, drives input_1 with seeded random TVALID gaps (+gap=<percent>) and
// layer4_out with random TREADY backpressure (+bp=<percent>); ap_start stays high. Writes
//   "o 0 <cycle> <hex>" per output beat, "i 0 <cycle>" per input beat, "done"/"ready <cycle>",
// and a final "end" line, to +outputs=<file>. Stops after +limit= cycles without finishing.
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst_n;
reg ap_start = 1'b0;
reg [31:0] in_data = 32'd0;
reg in_valid = 1'b0;
reg in_taken = 1'b0;
wire in_ready;
wire [31:0] out_data;
wire out_valid;
reg out_ready = 1'b0;
wire ap_done, ap_ready, ap_idle;

myproject dut (
    .ap_clk(ap_clk), .ap_rst_n(ap_rst_n),
    .input_1_TDATA(in_data), .input_1_TVALID(in_valid), .input_1_TREADY(in_ready),
    .layer4_out_TDATA(out_data), .layer4_out_TVALID(out_valid), .layer4_out_TREADY(out_ready),
    .ap_start(ap_start), .ap_done(ap_done), .ap_ready(ap_ready), .ap_idle(ap_idle));

reg [31:0] beats [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, gap, bp, fd, cycle, sent, got, wait_cycles, limit;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    cycle <= cycle + 1;
    in_taken = in_valid && in_ready;
    if (in_taken) begin $fwrite(fd, "i 0 %0d\n", cycle); sent = sent + 1; end
    if (out_valid && out_ready) begin $fwrite(fd, "o 0 %0d %h\n", cycle, out_data); got = got + 1; end
    if (ap_done === 1'b1) $fwrite(fd, "done %0d\n", cycle);
    if (ap_ready === 1'b1) $fwrite(fd, "ready %0d\n", cycle);
end

always @(posedge ap_clk) begin
    #1;
    // Nothing is offered before reset ends: the monitor would count beats the DUT never took.
    if (ap_rst_n === 1'b1) begin
        // AXI-Stream: once TVALID is high it stays high until the beat is taken.
        if (!in_valid || in_taken) begin
            in_valid = (sent < n) && (($unsigned($random(seed)) % 100) >= gap);
            in_data = beats[sent];
        end
        out_ready = (($unsigned($random(seed)) % 100) >= bp);
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
    cycle = 0; sent = 0; got = 0;
    ap_rst_n = 1'b1;
    #2 ap_rst_n = 1'b0;
    repeat (3) @(posedge ap_clk);
    #1 ap_rst_n = 1'b1;
    ap_start = 1'b1;
    wait_cycles = 0;
    while (got < n && wait_cycles < limit) begin
        @(posedge ap_clk);
        wait_cycles = wait_cycles + 1;
    end
    repeat (5) @(posedge ap_clk);
    $fwrite(fd, "end %0d sent %0d got %0d\n", cycle, sent, got);
    $fclose(fd);
    $finish;
end
endmodule
