// hwverify test design, process 2 of 2 (Vitis HLS 2023.x style; not tool output): a 1x1 convolution
// 3 -> 2 channels writing the packed output stream; TVALID does not wait for TREADY.
//   y_j = sat16((b_j + sum_c x_c * w_jc) >>> 5)   (same weights as stream_vivado's pointwise_conv_3)
// FAULT_STUCK_VALID: TVALID stays 1 after the first beat; FAULT_LSB_STUCK: bit 0 of element 1 stuck at 0.
`timescale 1 ns / 1 ps

module myproject_pointwise_conv_2 (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        layer2_out_dout,
        layer2_out_num_data_valid,
        layer2_out_fifo_cap,
        layer2_out_empty_n,
        layer2_out_read,
        layer4_out_TDATA,
        layer4_out_TVALID,
        layer4_out_TREADY
);

parameter    ap_ST_fsm_state1 = 2'd0;
parameter    ap_ST_fsm_pp0_stage0 = 2'd1;
parameter    ap_ST_fsm_state3 = 2'd2;
parameter    N_PIXELS = 9;

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input  [47:0] layer2_out_dout;
input  [3:0] layer2_out_num_data_valid;
input  [3:0] layer2_out_fifo_cap;
input   layer2_out_empty_n;
output   layer2_out_read;
output  [31:0] layer4_out_TDATA;
output   layer4_out_TVALID;
input   layer4_out_TREADY;

localparam signed [7:0] w_00 = 8'sd20, w_01 = -8'sd33, w_02 = 8'sd47;
localparam signed [7:0] w_10 = -8'sd12, w_11 = 8'sd58, w_12 = 8'sd9;
localparam signed [31:0] b_0 = -32'sd500, b_1 = 32'sd2500;

reg   [1:0] ap_CS_fsm = 2'd0;
reg   [3:0] i_pixel;
wire   ap_fire;
wire  signed [15:0] x_0 = layer2_out_dout[15:0];
wire  signed [15:0] x_1 = layer2_out_dout[31:16];
wire  signed [15:0] x_2 = layer2_out_dout[47:32];
wire  signed [31:0] acc_0 = (b_0 + x_0 * w_00 + x_1 * w_01 + x_2 * w_02) >>> 5;
wire  signed [31:0] acc_1 = (b_1 + x_0 * w_10 + x_1 * w_11 + x_2 * w_12) >>> 5;

function [15:0] sat16;
    input signed [31:0] v;
    begin
        if (v > 32'sd32767) sat16 = 16'h7fff;
        else if (v < -32'sd32768) sat16 = 16'h8000;
        else sat16 = v[15:0];
    end
endfunction

initial begin
#0 ap_CS_fsm = 2'd0;
end

`ifdef FAULT_STUCK_VALID
// TVALID sticks at 1 once the first beat has gone out, whether or not a result is there.
reg   valid_stuck = 1'b0;
always @ (posedge ap_clk) if (ap_fire) valid_stuck <= 1'b1;
assign layer4_out_TVALID = valid_stuck | ((ap_CS_fsm == ap_ST_fsm_pp0_stage0) & layer2_out_empty_n);
`else
assign layer4_out_TVALID = (ap_CS_fsm == ap_ST_fsm_pp0_stage0) & layer2_out_empty_n;
`endif
assign ap_fire = layer4_out_TVALID & layer4_out_TREADY;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if (ap_start == 1'b1) ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
            ap_ST_fsm_pp0_stage0: if (ap_fire & (i_pixel == N_PIXELS - 1)) ap_CS_fsm <= ap_ST_fsm_state3;
            default: ap_CS_fsm <= ap_ST_fsm_state1;
        endcase
    end
end

always @ (posedge ap_clk) begin
    if ((ap_CS_fsm == ap_ST_fsm_state1)) begin
        i_pixel <= 4'd0;
    end else if (ap_fire) begin
        i_pixel <= i_pixel + 4'd1;
    end
end

assign ap_idle = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b0);
assign ap_done = (ap_CS_fsm == ap_ST_fsm_state3);
assign ap_ready = (ap_CS_fsm == ap_ST_fsm_state3);
assign layer2_out_read = ap_fire;
`ifdef FAULT_LSB_STUCK
wire  [15:0] y_1 = sat16(acc_1);
assign layer4_out_TDATA = {y_1[15:1], 1'b0, sat16(acc_0)};  // bit 0 of element 1 stuck at 0
`else
assign layer4_out_TDATA = {sat16(acc_1), sat16(acc_0)};
`endif

endmodule //myproject_pointwise_conv_2
