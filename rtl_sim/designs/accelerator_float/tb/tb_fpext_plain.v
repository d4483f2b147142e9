// Plain-Verilog testbench for the float -> double IP model behind myproject_axi_fpext_32ns_64_1_1
// (no cocotb): reads +inputs=<hex file> of float32 bit patterns, one a line, and writes the double bit
// pattern of each, one a line as 16 hex digits, to +outputs=<file>.
`timescale 1 ns / 1 ps
module tb;
reg clk = 1'b0;
reg ce = 1'b0;
reg [31:0] din0 = 32'd0;
wire [63:0] dout;
reg [31:0] words [0:65535];
reg [1023:0] in_path, out_path;
integer n, i, fd;

myproject_axi_fpext_32ns_64_1_1 dut (.clk(clk), .reset(1'b0), .ce(ce), .din0(din0), .dout(dout));

always #5 clk = ~clk;

initial begin
    if (!$value$plusargs("inputs=%s", in_path)) $fatal(1, "missing +inputs=");
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("n=%d", n)) n = 1;
    $readmemh(in_path, words, 0, n - 1);
    fd = $fopen(out_path, "w");
    for (i = 0; i < n; i = i + 1) begin
        @(negedge clk);
        ce = 1'b1;
        din0 = words[i];
        @(posedge clk);
        #1 $fwrite(fd, "%h\n", dout);
    end
    $fclose(fd);
    $finish;
end
endmodule
