// Plain-Verilog testbench for parallel_dataflow (no cocotb): drives samples from +inputs=<hex file> (one
// 64-bit packed sample a line) with seeded random stalls (+stall=<pct>: ap_start high, no _ap_vld) and
// idle cycles (+idle=<pct>: ap_start low), and writes to +outputs=<file>:
//   "in <cycle>"                      a sample accepted (ap_start and ap_ready)
//   "out <cycle> <y0> <y1> <y2>"      ap_done with the three 12-bit outputs (hex)
//   "error ..."                       an _ap_vld strobe out of step with ap_done
// Cycle 0 is the first cycle with ap_start high.
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst = 1'b1;
reg ap_start = 1'b0;
reg input_1_V_ap_vld = 1'b0;
reg [63:0] input_1_V = 64'd0;
wire ap_done, ap_idle, ap_ready;
wire [11:0] y0, y1, y2;
wire v0, v1, v2;

myproject dut (
    .ap_clk(ap_clk), .ap_rst(ap_rst), .ap_start(ap_start), .ap_done(ap_done), .ap_idle(ap_idle),
    .ap_ready(ap_ready), .input_1_V_ap_vld(input_1_V_ap_vld), .input_1_V(input_1_V),
    .layer5_out_0_V(y0), .layer5_out_0_V_ap_vld(v0), .layer5_out_1_V(y1), .layer5_out_1_V_ap_vld(v1),
    .layer5_out_2_V(y2), .layer5_out_2_V_ap_vld(v2));

reg [63:0] samples [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, stall_pct, idle_pct, fd, cycle, sent, received, r, started;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    if (started) cycle <= cycle + 1;
    if (!ap_rst && ap_start && ap_ready) $fwrite(fd, "in %0d\n", cycle);
    if (!ap_rst && ap_done) begin
        if (!(v0 && v1 && v2)) $fwrite(fd, "error ap_done without all _ap_vld at %0d\n", cycle);
        $fwrite(fd, "out %0d %h %h %h\n", cycle, y0, y1, y2);
        received = received + 1;
    end else if (v0 || v1 || v2) $fwrite(fd, "error _ap_vld without ap_done at %0d\n", cycle);
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 1;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("stall=%d", stall_pct)) stall_pct = 0;
    if (!$value$plusargs("idle=%d", idle_pct)) idle_pct = 0;
    $readmemh(in_path, samples, 0, n - 1);
    fd = $fopen(out_path, "w");
    cycle = 0; sent = 0; received = 0; started = 0;
    repeat (3) @(posedge ap_clk);
    ap_rst <= 1'b0;
    @(posedge ap_clk);
    if (!ap_idle) $fwrite(fd, "error not idle after reset\n");
    while (sent < n) begin
        #1;
        r = $unsigned($random(seed)) % 100;
        ap_start = (r >= idle_pct);
        r = $unsigned($random(seed)) % 100;
        input_1_V_ap_vld = ap_start && (r >= stall_pct);
        input_1_V = samples[sent];
        if (ap_start) started = 1;
        @(posedge ap_clk);
        if (ap_start && ap_ready) sent = sent + 1;
    end
    #1;
    ap_start = 1'b0; input_1_V_ap_vld = 1'b0;
    r = 0;
    while (received < n && r < 200) begin @(posedge ap_clk); r = r + 1; end
    repeat (2) @(posedge ap_clk);
    $fwrite(fd, "idle %0d\n", ap_idle);
    $fclose(fd);
    $finish;
end
endmodule
