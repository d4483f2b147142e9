// Plain-Verilog testbench for parallel_dense (no cocotb): drives samples from +inputs=<hex file>
// (one 64-bit packed sample a line), with seeded random stalls (ap_start high, no _ap_vld) and idle
// cycles (ap_start low), and writes "in <cycle>" / "out <cycle> <y0> <y1> <y2>" lines to +outputs=<file>.
// +early_vld presents each sample with _ap_vld for one cycle before ap_start (the design must hold it).
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst = 1'b1;
reg ap_start = 1'b0;
reg fc1_input_V_ap_vld = 1'b0;
reg [63:0] fc1_input_V = 64'd0;
wire ap_done, ap_idle, ap_ready;
wire [15:0] y0, y1, y2;
wire v0, v1, v2;

myproject dut (
    .ap_clk(ap_clk), .ap_rst(ap_rst), .ap_start(ap_start), .ap_done(ap_done), .ap_idle(ap_idle),
    .ap_ready(ap_ready), .fc1_input_V_ap_vld(fc1_input_V_ap_vld), .fc1_input_V(fc1_input_V),
    .layer13_out_0_V(y0), .layer13_out_0_V_ap_vld(v0), .layer13_out_1_V(y1), .layer13_out_1_V_ap_vld(v1),
    .layer13_out_2_V(y2), .layer13_out_2_V_ap_vld(v2));

reg [63:0] samples [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, stall_pct, idle_pct, fd, cycle, sent, received, r, early;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    cycle <= cycle + 1;
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
    cycle = 0; sent = 0; received = 0;
    repeat (3) @(posedge ap_clk);
    ap_rst <= 1'b0;
    @(posedge ap_clk);
    if (!ap_idle) $fwrite(fd, "error not idle after reset\n");
    early = $test$plusargs("early_vld");
    while (early && sent < n) begin
        #1 ap_start = 1'b0; fc1_input_V_ap_vld = 1'b1; fc1_input_V = samples[sent];
        @(posedge ap_clk);
        #1 ap_start = 1'b1; fc1_input_V_ap_vld = 1'b0; fc1_input_V = 64'hx;
        @(posedge ap_clk);
        if (ap_ready) sent = sent + 1;
    end
    while (sent < n) begin
        // Decide this cycle's stimulus away from the clock edge.
        #1;
        r = $unsigned($random(seed)) % 100;
        ap_start = (r >= idle_pct);
        r = $unsigned($random(seed)) % 100;
        fc1_input_V_ap_vld = ap_start && (r >= stall_pct);
        fc1_input_V = samples[sent];
        @(posedge ap_clk);
        if (ap_start && ap_ready) sent = sent + 1;
    end
    #1;
    ap_start = 1'b0; fc1_input_V_ap_vld = 1'b0;
    r = 0;
    while (received < n && r < 200) begin @(posedge ap_clk); r = r + 1; end
    repeat (2) @(posedge ap_clk);
    $fwrite(fd, "idle %0d\n", ap_idle);
    $fclose(fd);
    $finish;
end
endmodule
