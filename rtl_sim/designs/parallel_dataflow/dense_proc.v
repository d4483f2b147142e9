// hwverify test design parallel_dataflow, process 2 of 3 (Vivado HLS 2019.2 style; not tool output).
// Dense 4 -> 3 on ap_fixed<16,6> inputs, weights ap_fixed<8,3>, biases with 15 fractional bits:
//   acc_j = b_j + sum_i x_i * w_ji;  y_j = sat16(acc_j >>> 5)   (ap_fixed<16,6,AP_TRN,AP_SAT>)
// Two states per sample (throughput II 2): read the channel word and multiply, then accumulate and
// write the result word {y_2, y_1, y_0} to layer2_out_V. Started by the start FIFO from entry_proc;
// writes a start token for relu_proc when it begins a sample, pops its own token with ap_ready.
// FAULT_WEIGHT_BIT flips bit 4 of weight w_21 (12 -> 28).
`timescale 1 ns / 1 ps

module dense_proc (
        ap_clk,
        ap_rst,
        ap_start,
        start_full_n,
        ap_done,
        ap_continue,
        ap_idle,
        ap_ready,
        start_out,
        start_write,
        data_V_dout,
        data_V_empty_n,
        data_V_read,
        res_V_din,
        res_V_full_n,
        res_V_write
);

parameter    ap_ST_fsm_state1 = 2'd1;
parameter    ap_ST_fsm_state2 = 2'd2;

input   ap_clk;
input   ap_rst;
input   ap_start;
input   start_full_n;
output   ap_done;
input   ap_continue;
output   ap_idle;
output   ap_ready;
output   start_out;
output   start_write;
input  [63:0] data_V_dout;
input   data_V_empty_n;
output   data_V_read;
output  [47:0] res_V_din;
input   res_V_full_n;
output   res_V_write;

localparam signed [7:0] w_00 = -8'sd52, w_01 = 8'sd29,  w_02 = 8'sd71,  w_03 = -8'sd8;
localparam signed [7:0] w_10 = 8'sd14,  w_11 = -8'sd66, w_12 = 8'sd33,  w_13 = 8'sd47;
`ifdef FAULT_WEIGHT_BIT
localparam signed [7:0] w_21 = 8'sd28;  // 12 with bit 4 flipped
`else
localparam signed [7:0] w_21 = 8'sd12;
`endif
localparam signed [7:0] w_20 = 8'sd95,  w_22 = -8'sd38, w_23 = -8'sd101;
localparam signed [31:0] b_0 = -32'sd12000, b_1 = 32'sd30000, b_2 = 32'sd7000;

reg   [1:0] ap_CS_fsm;
reg  signed [23:0] mul_00, mul_01, mul_02, mul_03, mul_10, mul_11, mul_12, mul_13, mul_20, mul_21, mul_22, mul_23;
wire  signed [15:0] x_0 = data_V_dout[15:0];
wire  signed [15:0] x_1 = data_V_dout[31:16];
wire  signed [15:0] x_2 = data_V_dout[47:32];
wire  signed [15:0] x_3 = data_V_dout[63:48];
wire  signed [31:0] acc_0 = mul_00 + mul_01 + mul_02 + mul_03 + b_0;
wire  signed [31:0] acc_1 = mul_10 + mul_11 + mul_12 + mul_13 + b_1;
wire  signed [31:0] acc_2 = mul_20 + mul_21 + mul_22 + mul_23 + b_2;
wire   ap_CS_fsm_state1 = ap_CS_fsm[0];
wire   ap_CS_fsm_state2 = ap_CS_fsm[1];
wire   ap_read;
wire   ap_write;

initial begin
#0 ap_CS_fsm = 2'd1;
end

function [15:0] sat16;
    input signed [31:0] v;
    begin
        if (v > 32'sd32767) sat16 = 16'h7fff;
        else if (v < -32'sd32768) sat16 = 16'h8000;
        else sat16 = v[15:0];
    end
endfunction

assign ap_read = ap_CS_fsm_state1 & (ap_start == 1'b1) & (data_V_empty_n == 1'b1) & (start_full_n == 1'b1);
assign ap_write = ap_CS_fsm_state2 & (res_V_full_n == 1'b1);

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else if (ap_read) begin
        ap_CS_fsm <= ap_ST_fsm_state2;
    end else if (ap_write) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end
end

always @ (posedge ap_clk) begin
    if (ap_read) begin
        mul_00 <= x_0 * w_00; mul_01 <= x_1 * w_01; mul_02 <= x_2 * w_02; mul_03 <= x_3 * w_03;
        mul_10 <= x_0 * w_10; mul_11 <= x_1 * w_11; mul_12 <= x_2 * w_12; mul_13 <= x_3 * w_13;
        mul_20 <= x_0 * w_20; mul_21 <= x_1 * w_21; mul_22 <= x_2 * w_22; mul_23 <= x_3 * w_23;
    end
end

assign data_V_read = ap_read;
assign res_V_din = {sat16(acc_2 >>> 5), sat16(acc_1 >>> 5), sat16(acc_0 >>> 5)};
assign res_V_write = ap_write;
assign start_out = 1'b1;
assign start_write = ap_read;
assign ap_done = ap_write;
assign ap_ready = ap_write;
assign ap_idle = ap_CS_fsm_state1 & (ap_start == 1'b0);

endmodule //dense_proc
