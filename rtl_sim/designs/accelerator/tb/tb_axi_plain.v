// Plain-Verilog testbench for myproject_axi (no cocotb). Reads +inputs=<hex file>, one 16-bit element
// a line (4 per sample), drives in_r one element a beat with seeded random TVALID gaps (+gap=<percent>)
// and TLAST on each sample's last element (unless +no_tlast), and takes out_r with random backpressure
// (+bp=<percent>). Writes "i <cycle> <tlast>" per input beat, "o <cycle> <hex> <tlast>" per output beat
// and a final "end" line.
// Compile with -DDATA_W=32 for the float-I/O wrapper (one IEEE-754 single a line and a beat).
`timescale 1 ns / 1 ps
`ifndef DATA_W
`define DATA_W 16
`endif
module tb;
reg ap_clk = 1'b0;
reg ap_rst_n;
reg [`DATA_W-1:0] in_data = 0;
reg in_valid = 1'b0;
reg in_last = 1'b0;
reg in_taken = 1'b0;
wire in_ready;
wire [`DATA_W-1:0] out_data;
wire out_valid;
wire out_last;
reg out_ready = 1'b0;

myproject_axi dut (
    .ap_clk(ap_clk), .ap_rst_n(ap_rst_n),
    .in_r_TDATA(in_data), .in_r_TVALID(in_valid), .in_r_TREADY(in_ready), .in_r_TLAST(in_last),
    .out_r_TDATA(out_data), .out_r_TVALID(out_valid), .out_r_TREADY(out_ready), .out_r_TLAST(out_last));

reg [`DATA_W-1:0] elements [0:65535];
reg [1023:0] in_path, out_path;
integer n, n_out, seed, gap, bp, fd, cycle, sent, got, wait_cycles, limit, with_tlast;

always #5 ap_clk = ~ap_clk;

always @(posedge ap_clk) begin
    cycle <= cycle + 1;
    in_taken = in_valid && in_ready;
    if (in_taken) begin $fwrite(fd, "i %0d %0d\n", cycle, in_last); sent = sent + 1; end
    if (out_valid && out_ready) begin $fwrite(fd, "o %0d %h %0d\n", cycle, out_data, out_last); got = got + 1; end
end

always @(posedge ap_clk) begin
    #1;
    // Nothing is offered before reset ends: the monitor would count beats the DUT never took.
    if (ap_rst_n === 1'b1) begin
        if (!in_valid || in_taken) begin
            in_valid = (sent < n) && (($unsigned($random(seed)) % 100) >= gap);
            in_data = elements[sent];
            in_last = with_tlast && (sent % 4 == 3);
        end
        out_ready = (($unsigned($random(seed)) % 100) >= bp);
    end
end

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 4;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("gap=%d", gap)) gap = 0;
    if (!$value$plusargs("bp=%d", bp)) bp = 0;
    if (!$value$plusargs("limit=%d", limit)) limit = 20000;
    with_tlast = !$test$plusargs("no_tlast");
    n_out = n / 4 * 3;
    $readmemh(in_path, elements, 0, n - 1);
    fd = $fopen(out_path, "w");
    cycle = 0; sent = 0; got = 0;
    ap_rst_n = 1'b1;
    #2 ap_rst_n = 1'b0;
    repeat (3) @(posedge ap_clk);
    #1 ap_rst_n = 1'b1;
    wait_cycles = 0;
    while (got < n_out && wait_cycles < limit) begin
        @(posedge ap_clk);
        wait_cycles = wait_cycles + 1;
    end
    repeat (20) @(posedge ap_clk);
    $fwrite(fd, "end %0d sent %0d got %0d\n", cycle, sent, got);
    $fclose(fd);
    $finish;
end
endmodule
