// Plain-Verilog testbench for parallel_resource (no cocotb): drives samples from +inputs=<hex file> (one
// 64-bit packed sample a line) and writes to +outputs=<file>:
//   "first <cycle>"    ap_start raised for a new sample (held high until ap_ready)
//   "in <cycle>"       ap_ready: the sample is taken
//   "out <cycle> <hex>" ap_done with layer9_out (4 x 16 bits)
//   "error ..."        layer9_out_ap_vld out of step with ap_done
// Options: +stall=<pct> drops in_x_ap_vld in a cycle while ap_start is high (the pipeline stalls in
// stage0); +idle=<pct> inserts idle cycles between samples, after which ap_start rises only once
// ap_idle is high (the design's contract: ap_start high from a window's first cycle until ap_ready);
// +unsafe_idle raises ap_start after the idle cycles without waiting for ap_idle (breaks the contract).
// Cycle 0 is the first cycle with ap_start high.
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst = 1'b1;
reg ap_start = 1'b0;
reg in_x_ap_vld = 1'b0;
reg [63:0] in_x = 64'd0;
wire ap_done, ap_idle, ap_ready;
wire [63:0] layer9_out;
wire layer9_out_ap_vld;

myproject dut (
    .ap_clk(ap_clk), .ap_rst(ap_rst), .ap_start(ap_start), .ap_done(ap_done), .ap_idle(ap_idle),
    .ap_ready(ap_ready), .in_x_ap_vld(in_x_ap_vld), .in_x(in_x), .layer9_out(layer9_out),
    .layer9_out_ap_vld(layer9_out_ap_vld));

reg [63:0] samples [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, stall_pct, idle_pct, fd, cycle, sent, received, r, started, unsafe, waited;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    if (started) cycle <= cycle + 1;
    if (!ap_rst && ap_start && ap_ready) $fwrite(fd, "in %0d\n", cycle);
    if (!ap_rst && ap_done) begin
        if (!layer9_out_ap_vld) $fwrite(fd, "error ap_done without layer9_out_ap_vld at %0d\n", cycle);
        $fwrite(fd, "out %0d %h\n", cycle, layer9_out);
        received = received + 1;
    end else if (layer9_out_ap_vld) $fwrite(fd, "error layer9_out_ap_vld without ap_done at %0d\n", cycle);
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 1;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("stall=%d", stall_pct)) stall_pct = 0;
    if (!$value$plusargs("idle=%d", idle_pct)) idle_pct = 0;
    unsafe = $test$plusargs("unsafe_idle");
    $readmemh(in_path, samples, 0, n - 1);
    fd = $fopen(out_path, "w");
    cycle = 0; sent = 0; received = 0; started = 0;
    repeat (3) @(posedge ap_clk);
    ap_rst <= 1'b0;
    @(posedge ap_clk);
    if (!ap_idle) $fwrite(fd, "error not idle after reset\n");
    while (sent < n) begin
        // Between samples: idle cycles, then (unless unsafe) wait for ap_idle before raising ap_start.
        waited = 0;
        while (sent > 0 && ($unsigned($random(seed)) % 100) < idle_pct) begin
            #1 ap_start = 1'b0; in_x_ap_vld = 1'b0;
            @(posedge ap_clk);
            waited = 1;
        end
        while (waited && !unsafe && !ap_idle) begin
            #1 ap_start = 1'b0;
            @(posedge ap_clk);
        end
        #1;
        ap_start = 1'b1;
        started = 1;
        in_x = samples[sent];
        $fwrite(fd, "first %0d\n", cycle);
        // Hold ap_start until ap_ready; _ap_vld may drop (a stall).
        in_x_ap_vld = ($unsigned($random(seed)) % 100) >= stall_pct;
        @(posedge ap_clk);
        while (!ap_ready) begin
            #1 in_x_ap_vld = ($unsigned($random(seed)) % 100) >= stall_pct;
            @(posedge ap_clk);
        end
        sent = sent + 1;
    end
    #1;
    ap_start = 1'b0; in_x_ap_vld = 1'b0;
    r = 0;
    while (received < n && r < 200) begin @(posedge ap_clk); r = r + 1; end
    repeat (2) @(posedge ap_clk);
    $fwrite(fd, "idle %0d\n", ap_idle);
    $fclose(fd);
    $finish;
end
endmodule
