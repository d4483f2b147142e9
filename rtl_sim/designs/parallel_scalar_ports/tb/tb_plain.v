// Plain-Verilog testbench for parallel_scalar_ports (no cocotb): drives samples from +inputs=<hex file>
// (one sample a line: 6 x 14-bit elements packed, element 0 in the least significant bits) onto the
// scalar ports input1_<i>_V, with seeded idle cycles (+idle=<pct>: ap_start low), and writes to
// +outputs=<file>:
//   "in <cycle>"                 a sample accepted (ap_start and ap_ready)
//   "out <cycle> <y0> <y1>"      ap_done with the two 16-bit outputs (hex)
//   "size <cycle> <in> <out>"    const_size_in_1 / const_size_out_1 with their _ap_vld
//   "error ..."                  an _ap_vld strobe out of step with ap_done
// Cycle 0 is the first cycle with ap_start high.
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst = 1'b1;
reg ap_start = 1'b0;
reg [83:0] x = 84'd0;
wire ap_done, ap_idle, ap_ready;
wire [15:0] y0, y1, size_in, size_out;
wire v0, v1, size_in_vld, size_out_vld;

emtfnet dut (
    .ap_clk(ap_clk), .ap_rst(ap_rst), .ap_start(ap_start), .ap_done(ap_done), .ap_idle(ap_idle),
    .ap_ready(ap_ready), .input1_0_V(x[13:0]), .input1_1_V(x[27:14]), .input1_2_V(x[41:28]),
    .input1_3_V(x[55:42]), .input1_4_V(x[69:56]), .input1_5_V(x[83:70]),
    .layer7_out_0_V(y0), .layer7_out_0_V_ap_vld(v0), .layer7_out_1_V(y1), .layer7_out_1_V_ap_vld(v1),
    .const_size_in_1(size_in), .const_size_in_1_ap_vld(size_in_vld),
    .const_size_out_1(size_out), .const_size_out_1_ap_vld(size_out_vld));

reg [83:0] samples [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, idle_pct, fd, cycle, sent, received, r, started;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    if (started) cycle <= cycle + 1;
    if (!ap_rst && ap_start && ap_ready) $fwrite(fd, "in %0d\n", cycle);
    if (!ap_rst && size_in_vld && size_out_vld) $fwrite(fd, "size %0d %0d %0d\n", cycle, size_in, size_out);
    if (!ap_rst && ap_done) begin
        if (!(v0 && v1)) $fwrite(fd, "error ap_done without all _ap_vld at %0d\n", cycle);
        $fwrite(fd, "out %0d %h %h\n", cycle, y0, y1);
        received = received + 1;
    end else if (v0 || v1) $fwrite(fd, "error _ap_vld without ap_done at %0d\n", cycle);
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 1;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
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
        x = ap_start ? samples[sent] : 84'hx;
        if (ap_start) started = 1;
        @(posedge ap_clk);
        if (ap_start && ap_ready) sent = sent + 1;
    end
    #1;
    ap_start = 1'b0; x = 84'hx;
    r = 0;
    while (received < n && r < 200) begin @(posedge ap_clk); r = r + 1; end
    repeat (2) @(posedge ap_clk);
    $fwrite(fd, "idle %0d\n", ap_idle);
    $fclose(fd);
    $finish;
end
endmodule
