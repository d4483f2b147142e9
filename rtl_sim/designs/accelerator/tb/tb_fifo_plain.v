// Plain-Verilog testbench for the inner myproject as a top of its own (ap_fifo ports, ap_ctrl_chain;
// no cocotb). The testbench plays both FIFOs: fc1_input_V_empty_n drops at random (+gap=<percent>),
// layer13_out_V_full_n drops at random (+bp=<percent>), ap_continue drops at random (+hold=<percent>).
// Reads +inputs=<hex file> (one packed 64-bit sample a line); writes "in <cycle>" per word read,
// "out <cycle> <hex>" per word written, "done <cycle>" per ap_done taken by ap_continue, and "end".
`timescale 1 ns / 1 ps
module tb;
reg ap_clk = 1'b0;
reg ap_rst = 1'b1;
reg ap_start = 1'b0;
reg ap_continue = 1'b0;
reg in_empty_n = 1'b0;
reg out_full_n = 1'b0;
wire ap_done, ap_idle, ap_ready, in_read, out_write;
wire [47:0] out_din;
reg [63:0] in_dout = 64'd0;

myproject dut (
    .ap_clk(ap_clk), .ap_rst(ap_rst), .ap_start(ap_start), .ap_done(ap_done), .ap_continue(ap_continue),
    .ap_idle(ap_idle), .ap_ready(ap_ready),
    .fc1_input_V_dout(in_dout), .fc1_input_V_empty_n(in_empty_n), .fc1_input_V_read(in_read),
    .layer13_out_V_din(out_din), .layer13_out_V_full_n(out_full_n), .layer13_out_V_write(out_write));

reg [63:0] samples [0:65535];
reg [1023:0] in_path, out_path;
integer n, seed, gap, bp, hold, fd, cycle, sent, got, wait_cycles, limit;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    cycle <= cycle + 1;
    if (!ap_rst && in_read && in_empty_n) begin $fwrite(fd, "in %0d\n", cycle); sent = sent + 1; end
    if (!ap_rst && out_write && out_full_n) begin $fwrite(fd, "out %0d %h\n", cycle, out_din); got = got + 1; end
    if (!ap_rst && out_write && !out_full_n) $fwrite(fd, "error write to a full FIFO at %0d\n", cycle);
    if (!ap_rst && in_read && !in_empty_n) $fwrite(fd, "error read from an empty FIFO at %0d\n", cycle);
    if (!ap_rst && ap_done && ap_continue) $fwrite(fd, "done %0d\n", cycle);
end

always @(posedge ap_clk) begin
    #1;
    in_empty_n = (sent < n) && (($unsigned($random(seed)) % 100) >= gap);
    in_dout = samples[sent];
    out_full_n = (($unsigned($random(seed)) % 100) >= bp);
    ap_continue = (($unsigned($random(seed)) % 100) >= hold);
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 1;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("gap=%d", gap)) gap = 0;
    if (!$value$plusargs("bp=%d", bp)) bp = 0;
    if (!$value$plusargs("hold=%d", hold)) hold = 0;
    if (!$value$plusargs("limit=%d", limit)) limit = 20000;
    $readmemh(in_path, samples, 0, n - 1);
    fd = $fopen(out_path, "w");
    cycle = 0; sent = 0; got = 0;
    repeat (3) @(posedge ap_clk);
    #1 ap_rst = 1'b0;
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
