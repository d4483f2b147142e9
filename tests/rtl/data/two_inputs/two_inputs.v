// hwverify test fixture: an io_parallel (ap_ctrl_hs) top with TWO input arrays of different types, as HLS
// exports a top function `two_inputs(ap_fixed<16,6> a[2], ap_fixed<8,3> b[3], ap_fixed<16,6> y[2])`:
// one reshaped port per input array with its own _ap_vld, one port per output element. Latency 1, II 1.
// y[0] = a[0] + (b[0] << 7), y[1] = a[1] + ((b[1] + b[2]) << 7)  (b's LSB is 2^-5, a's and y's 2^-10).
`timescale 1 ns / 1 ps
module two_inputs (
    input ap_clk, input ap_rst, input ap_start, output ap_done, output ap_idle, output ap_ready,
    input [31:0] a_V, input a_V_ap_vld,
    input [23:0] b_V, input b_V_ap_vld,
    output reg [15:0] y_0_V, output reg y_0_V_ap_vld,
    output reg [15:0] y_1_V, output reg y_1_V_ap_vld
);
    wire take = ap_start & a_V_ap_vld & b_V_ap_vld;
    wire signed [15:0] a0 = a_V[15:0], a1 = a_V[31:16];
    wire signed [7:0] b0 = b_V[7:0], b1 = b_V[15:8], b2 = b_V[23:16];
    reg done;
    initial begin
        #0 done = 1'b0;
    end
    always @(posedge ap_clk) begin
        done <= ap_rst ? 1'b0 : take;
        y_0_V_ap_vld <= ap_rst ? 1'b0 : take;
        y_1_V_ap_vld <= ap_rst ? 1'b0 : take;
        if (take) begin
            y_0_V <= a0 + ({{8{b0[7]}}, b0} <<< 5);
            y_1_V <= a1 + (({{8{b1[7]}}, b1} + {{8{b2[7]}}, b2}) <<< 5);
        end
    end
    assign ap_done = done;
    assign ap_ready = take;
    assign ap_idle = ~ap_start;
endmodule
