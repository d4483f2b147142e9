// hwverify test design, process 3 of 3 of the io_stream dataflow region (Vivado HLS 2019.2 style;
// not tool output). A 1x1 convolution, 3 -> 2 channels, one pixel a cycle, weights as constants.
//   acc_j = b_j + sum_c x_c * w_jc   (x: ap_fixed<16,6>, w: ap_fixed<8,3>, 15 fractional bits)
//   y_j   = sat16(acc_j >>> 5)       (ap_fixed<16,6,TRN,SAT>)
// FAULT_DROP_BEAT: writes a pixel without waiting for TREADY, so a beat is lost under backpressure.
`timescale 1 ns / 1 ps

module pointwise_conv_3 (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        data_V_data_0_V_dout,
        data_V_data_0_V_empty_n,
        data_V_data_0_V_read,
        data_V_data_1_V_dout,
        data_V_data_1_V_empty_n,
        data_V_data_1_V_read,
        data_V_data_2_V_dout,
        data_V_data_2_V_empty_n,
        data_V_data_2_V_read,
        res_V_data_0_V_TDATA,
        res_V_data_0_V_TVALID,
        res_V_data_0_V_TREADY,
        res_V_data_1_V_TDATA,
        res_V_data_1_V_TVALID,
        res_V_data_1_V_TREADY
);

parameter    ap_ST_fsm_state1 = 2'd0;  // idle
parameter    ap_ST_fsm_pp0_stage0 = 2'd1;  // pixel loop
parameter    ap_ST_fsm_state3 = 2'd2;  // frame done
parameter    N_PIXELS = 9;

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input  [15:0] data_V_data_0_V_dout;
input   data_V_data_0_V_empty_n;
output   data_V_data_0_V_read;
input  [15:0] data_V_data_1_V_dout;
input   data_V_data_1_V_empty_n;
output   data_V_data_1_V_read;
input  [15:0] data_V_data_2_V_dout;
input   data_V_data_2_V_empty_n;
output   data_V_data_2_V_read;
output  [15:0] res_V_data_0_V_TDATA;
output   res_V_data_0_V_TVALID;
input   res_V_data_0_V_TREADY;
output  [15:0] res_V_data_1_V_TDATA;
output   res_V_data_1_V_TVALID;
input   res_V_data_1_V_TREADY;

localparam signed [7:0] w_00 = 8'sd20, w_01 = -8'sd33, w_02 = 8'sd47;
localparam signed [7:0] w_10 = -8'sd12, w_11 = 8'sd58, w_12 = 8'sd9;
localparam signed [31:0] b_0 = -32'sd500, b_1 = 32'sd2500;

reg   [1:0] ap_CS_fsm = 2'd0;
reg   [3:0] i_pixel;
wire   ap_fire;
wire   ap_all_empty_n;
wire  signed [15:0] x_0 = data_V_data_0_V_dout;
wire  signed [15:0] x_1 = data_V_data_1_V_dout;
wire  signed [15:0] x_2 = data_V_data_2_V_dout;
wire  signed [31:0] acc_0 = b_0 + x_0 * w_00 + x_1 * w_01 + x_2 * w_02;
wire  signed [31:0] acc_1 = b_1 + x_0 * w_10 + x_1 * w_11 + x_2 * w_12;

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

assign ap_all_empty_n = data_V_data_0_V_empty_n & data_V_data_1_V_empty_n & data_V_data_2_V_empty_n;
`ifdef FAULT_DROP_BEAT
assign ap_fire = (ap_CS_fsm == ap_ST_fsm_pp0_stage0) & ap_all_empty_n;
`else
assign ap_fire = (ap_CS_fsm == ap_ST_fsm_pp0_stage0) & ap_all_empty_n
    & res_V_data_0_V_TREADY & res_V_data_1_V_TREADY;
`endif

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
assign data_V_data_0_V_read = ap_fire;
assign data_V_data_1_V_read = ap_fire;
assign data_V_data_2_V_read = ap_fire;
assign res_V_data_0_V_TVALID = ap_fire;
assign res_V_data_1_V_TVALID = ap_fire;
assign res_V_data_0_V_TDATA = sat16(acc_0 >>> 5);
assign res_V_data_1_V_TDATA = sat16(acc_1 >>> 5);

endmodule //pointwise_conv_3
