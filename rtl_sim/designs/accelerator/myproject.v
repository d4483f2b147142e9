// hwverify test design: the inner myproject of a VivadoAccelerator wrapper (Vivado HLS 2019.2 style;
// not tool output). ap_fifo ports (fc1_input_V_dout/_empty_n/_read, layer13_out_V_din/_full_n/_write),
// block protocol ap_ctrl_chain (ap_continue), active-high ap_rst. One sample per call:
//   the same 4 -> 3 Dense + ReLU as parallel_dense, on a packed word (element 0 in the LSBs).
// ap_ready is asserted in the cycle the input word is read; ap_done stays high until ap_continue.
// FAULT_WEIGHT_BIT flips bit 4 of weight w_12; FAULT_LSB_STUCK holds bit 0 of output element 1 at 0.
`timescale 1 ns / 1 ps

module myproject (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_continue,
        ap_idle,
        ap_ready,
        fc1_input_V_dout,
        fc1_input_V_empty_n,
        fc1_input_V_read,
        layer13_out_V_din,
        layer13_out_V_full_n,
        layer13_out_V_write
);

parameter    ap_ST_fsm_state1 = 3'd0;  // wait for ap_start
parameter    ap_ST_fsm_state2 = 3'd1;  // read the input word
parameter    ap_ST_fsm_state3 = 3'd2;  // multiply
parameter    ap_ST_fsm_state4 = 3'd3;  // accumulate
parameter    ap_ST_fsm_state5 = 3'd4;  // write the output word
parameter    ap_ST_fsm_state6 = 3'd5;  // done, wait for ap_continue

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
input   ap_continue;
output   ap_idle;
output   ap_ready;
input  [63:0] fc1_input_V_dout;
input   fc1_input_V_empty_n;
output   fc1_input_V_read;
output  [47:0] layer13_out_V_din;
input   layer13_out_V_full_n;
output   layer13_out_V_write;

localparam signed [7:0] w_00 = 8'sd37,   w_01 = -8'sd20, w_02 = 8'sd11,  w_03 = 8'sd64;
`ifdef FAULT_WEIGHT_BIT
localparam signed [7:0] w_12 = 8'sd74;   // 90 with bit 4 flipped
`else
localparam signed [7:0] w_12 = 8'sd90;
`endif
localparam signed [7:0] w_10 = -8'sd45,  w_11 = 8'sd18,  w_13 = -8'sd7;
localparam signed [7:0] w_20 = 8'sd23,   w_21 = 8'sd55,  w_22 = -8'sd60, w_23 = 8'sd31;
localparam signed [31:0] b_0 = 32'sd40000, b_1 = -32'sd25000, b_2 = 32'sd5000;

reg   [2:0] ap_CS_fsm = 3'd0;
reg  signed [15:0] x_0, x_1, x_2, x_3;
reg  signed [23:0] mul_00, mul_01, mul_02, mul_03, mul_10, mul_11, mul_12, mul_13, mul_20, mul_21, mul_22, mul_23;
reg  signed [31:0] acc_0, acc_1, acc_2;
wire   ap_read;
wire   ap_write;

function [15:0] relu_sat16;
    input signed [31:0] v;
    begin
        if (v > 32'sd32767) relu_sat16 = 16'd32767;
        else if (v < 32'sd0) relu_sat16 = 16'd0;
        else relu_sat16 = v[15:0];
    end
endfunction

initial begin
#0 ap_CS_fsm = 3'd0;
end

assign ap_read = (ap_CS_fsm == ap_ST_fsm_state2) & fc1_input_V_empty_n;
assign ap_write = (ap_CS_fsm == ap_ST_fsm_state5) & layer13_out_V_full_n;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if (ap_start == 1'b1) ap_CS_fsm <= ap_ST_fsm_state2;
            ap_ST_fsm_state2: if (ap_read) ap_CS_fsm <= ap_ST_fsm_state3;
            ap_ST_fsm_state3: ap_CS_fsm <= ap_ST_fsm_state4;
            ap_ST_fsm_state4: ap_CS_fsm <= ap_ST_fsm_state5;
            ap_ST_fsm_state5: if (ap_write) ap_CS_fsm <= ap_ST_fsm_state6;
            ap_ST_fsm_state6: if (ap_continue == 1'b1) ap_CS_fsm <= ap_ST_fsm_state1;
            default: ap_CS_fsm <= ap_ST_fsm_state1;
        endcase
    end
end

always @ (posedge ap_clk) begin
    if (ap_read) begin
        x_0 <= fc1_input_V_dout[15:0];
        x_1 <= fc1_input_V_dout[31:16];
        x_2 <= fc1_input_V_dout[47:32];
        x_3 <= fc1_input_V_dout[63:48];
    end
    if ((ap_CS_fsm == ap_ST_fsm_state3)) begin
        mul_00 <= x_0 * w_00; mul_01 <= x_1 * w_01; mul_02 <= x_2 * w_02; mul_03 <= x_3 * w_03;
        mul_10 <= x_0 * w_10; mul_11 <= x_1 * w_11; mul_12 <= x_2 * w_12; mul_13 <= x_3 * w_13;
        mul_20 <= x_0 * w_20; mul_21 <= x_1 * w_21; mul_22 <= x_2 * w_22; mul_23 <= x_3 * w_23;
    end
    if ((ap_CS_fsm == ap_ST_fsm_state4)) begin
        acc_0 <= mul_00 + mul_01 + mul_02 + mul_03 + b_0;
        acc_1 <= mul_10 + mul_11 + mul_12 + mul_13 + b_1;
        acc_2 <= mul_20 + mul_21 + mul_22 + mul_23 + b_2;
    end
end

assign fc1_input_V_read = ap_read;
assign layer13_out_V_write = ap_write;
`ifdef FAULT_LSB_STUCK
wire  [15:0] y_1 = relu_sat16(acc_1 >>> 5);
assign layer13_out_V_din = {relu_sat16(acc_2 >>> 5), y_1[15:1], 1'b0, relu_sat16(acc_0 >>> 5)};
`else
assign layer13_out_V_din = {relu_sat16(acc_2 >>> 5), relu_sat16(acc_1 >>> 5), relu_sat16(acc_0 >>> 5)};
`endif
assign ap_ready = ap_read;
assign ap_done = (ap_CS_fsm == ap_ST_fsm_state6);
assign ap_idle = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b0);

endmodule //myproject
