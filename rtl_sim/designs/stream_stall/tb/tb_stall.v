// hwverify test design stream_stall: plain-Verilog testbench (no cocotb). Sends +samples=N samples of 4 pixels,
// accepts every output beat, and prints "out <k> <cycle> <data>" per output beat. With +hold_start, ap_start
// stays high after the last sample's ap_ready (the rewinding pipeline then keeps the last pixel); otherwise it
// drops after N starts, as hwverify drives it.
`timescale 1ns/1ps
module tb;
    reg ap_clk = 1'b0, ap_rst_n = 1'b1, ap_start = 1'b0;
    reg [31:0] din = 32'd0; reg dvalid = 1'b0;
    wire dready, ovalid, ap_done, ap_ready, ap_idle; wire [31:0] dout;
    integer samples, sent = 0, got = 0, starts = 0, cycle = 0, hold;
    reg [15:0] k = 16'd1;  // pixel k carries {2k, k}, k counted from 1
    myproject dut(.input_1_TDATA(din), .layer2_out_TDATA(dout), .ap_clk(ap_clk), .ap_rst_n(ap_rst_n),
        .input_1_TVALID(dvalid), .input_1_TREADY(dready), .ap_start(ap_start), .layer2_out_TVALID(ovalid),
        .layer2_out_TREADY(1'b1), .ap_done(ap_done), .ap_ready(ap_ready), .ap_idle(ap_idle));
    always #5 ap_clk = ~ap_clk;
    initial begin
        if (!$value$plusargs("samples=%d", samples)) samples = 2;
        hold = $test$plusargs("hold_start");
        repeat (2) @(posedge ap_clk); ap_rst_n <= 1'b0; repeat (5) @(posedge ap_clk); ap_rst_n <= 1'b1;
        @(posedge ap_clk); ap_start <= 1'b1; dvalid <= 1'b1; din <= {16'd2, 16'd1};
        repeat (200) @(posedge ap_clk);
        $display("done got %0d", got);
        $finish;
    end
    always @(posedge ap_clk) begin
        cycle <= cycle + 1;
        if (dvalid && dready) begin
            sent = sent + 1;
            k = k + 16'd1;
            din <= {k + k, k};
            if (sent == 4 * samples) dvalid <= 1'b0;
        end
        if (ap_start && ap_ready) begin
            starts = starts + 1;
            if (starts == samples && !hold) ap_start <= 1'b0;
        end
        if (ovalid) begin
            got = got + 1;
            $display("out %0d %0d %h", got, cycle, dout);
        end
    end
endmodule
