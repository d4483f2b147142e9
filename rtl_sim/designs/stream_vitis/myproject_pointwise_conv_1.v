// hwverify test design, process 1 of 2 (Vitis HLS 2023.x style; not tool output): a 1x1 convolution
// 2 -> 3 channels fused with ReLU, one pixel a cycle, reading the packed input stream directly.
//   y_j = relu(wrap16((b_j + x_0 * w_j0 + x_1 * w_j1) >>> 5))   (same weights as stream_vivado)
// FAULT_STUCK_READY: after 5 input beats, TREADY is never asserted again.
`timescale 1 ns / 1 ps

module myproject_pointwise_conv_1 (
        ap_clk,
        ap_rst,
        ap_start,
        start_full_n,
        ap_done,
        ap_idle,
        ap_ready,
        start_out,
        start_write,
        input_1_TDATA,
        input_1_TVALID,
        input_1_TREADY,
        layer2_out_din,
        layer2_out_num_data_valid,
        layer2_out_fifo_cap,
        layer2_out_full_n,
        layer2_out_write
);

parameter    ap_ST_fsm_state1 = 2'd0;
parameter    ap_ST_fsm_pp0_stage0 = 2'd1;
parameter    ap_ST_fsm_state3 = 2'd2;
parameter    N_PIXELS = 9;

input   ap_clk;
input   ap_rst;
input   ap_start;
input   start_full_n;
output   ap_done;
output   ap_idle;
output   ap_ready;
output   start_out;
output   start_write;
input  [31:0] input_1_TDATA;
input   input_1_TVALID;
output   input_1_TREADY;
output  [47:0] layer2_out_din;
input  [3:0] layer2_out_num_data_valid;
input  [3:0] layer2_out_fifo_cap;
input   layer2_out_full_n;
output   layer2_out_write;

localparam signed [7:0] w_00 = 8'sd40, w_01 = -8'sd25;
localparam signed [7:0] w_10 = 8'sd13, w_11 = 8'sd70;
localparam signed [7:0] w_20 = -8'sd90, w_21 = 8'sd5;
localparam signed [31:0] b_0 = 32'sd1000, b_1 = -32'sd2000, b_2 = 32'sd300;

reg   [1:0] ap_CS_fsm = 2'd0;
reg   [3:0] i_pixel;
reg   [31:0] beats_read = 32'd0;
wire   ap_stuck;
wire   ap_fire;
wire  signed [15:0] x_0 = input_1_TDATA[15:0];
wire  signed [15:0] x_1 = input_1_TDATA[31:16];
wire  signed [31:0] acc_0 = (b_0 + x_0 * w_00 + x_1 * w_01) >>> 5;
wire  signed [31:0] acc_1 = (b_1 + x_0 * w_10 + x_1 * w_11) >>> 5;
wire  signed [31:0] acc_2 = (b_2 + x_0 * w_20 + x_1 * w_21) >>> 5;
wire  [15:0] y_0 = acc_0[15] ? 16'd0 : acc_0[15:0];
wire  [15:0] y_1 = acc_1[15] ? 16'd0 : acc_1[15:0];
wire  [15:0] y_2 = acc_2[15] ? 16'd0 : acc_2[15:0];

`ifdef FAULT_STUCK_READY
initial begin
#0 ap_CS_fsm = 2'd0;
end

assign ap_stuck = (beats_read >= 32'd5);
`else
assign ap_stuck = 1'b0;
`endif
assign ap_fire = (ap_CS_fsm == ap_ST_fsm_pp0_stage0) & input_1_TVALID & layer2_out_full_n & ~ap_stuck;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
        beats_read <= 32'd0;
    end else begin
        if (ap_fire) beats_read <= beats_read + 32'd1;
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if ((ap_start == 1'b1) & (start_full_n == 1'b1)) ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
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

assign start_out = 1'b1;
assign start_write = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b1) & (start_full_n == 1'b1);
assign ap_idle = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b0);
assign ap_done = (ap_CS_fsm == ap_ST_fsm_state3);
assign ap_ready = (ap_CS_fsm == ap_ST_fsm_state3);
assign input_1_TREADY = ap_fire;
assign layer2_out_write = ap_fire;
assign layer2_out_din = {y_2, y_1, y_0};

endmodule //myproject_pointwise_conv_1
