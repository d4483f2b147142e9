// hwverify test design: io_stream dataflow top, Vivado HLS 2019.2 style (not tool output).
// A 3x3 image with 2 channels, one beat per pixel on each channel's own AXI-Stream (no packing,
// no TLAST), pixels in row-major order; three dataflow processes with per-channel FIFOs between them:
//   pointwise_conv_1 (2 -> 3, ROM weights) -> relu_2 -> pointwise_conv_3 (3 -> 2) -> register slices.
// ap_rst_n is active-low and inverted by a combinational always block, as HLS exports it.
// ap_ctrl_hs on the region: ap_ready from the first process, ap_done from the last.
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject,hls_ip_2019_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xc7z020-clg400-1,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=dataflow,HLS_SYN_CLOCK=4.121000,HLS_SYN_LAT=40,HLS_SYN_TPT=38,HLS_SYN_MEM=0,HLS_SYN_DSP=9,HLS_SYN_FF=812,HLS_SYN_LUT=1403,HLS_VERSION=2019_2}" *)

module myproject (
        ap_clk,
        ap_rst_n,
        input_1_V_data_0_V_TDATA,
        input_1_V_data_0_V_TVALID,
        input_1_V_data_0_V_TREADY,
        input_1_V_data_1_V_TDATA,
        input_1_V_data_1_V_TVALID,
        input_1_V_data_1_V_TREADY,
        layer4_out_V_data_0_V_TDATA,
        layer4_out_V_data_0_V_TVALID,
        layer4_out_V_data_0_V_TREADY,
        layer4_out_V_data_1_V_TDATA,
        layer4_out_V_data_1_V_TVALID,
        layer4_out_V_data_1_V_TREADY,
        ap_start,
        ap_done,
        ap_ready,
        ap_idle
);

input   ap_clk;
input   ap_rst_n;
input  [15:0] input_1_V_data_0_V_TDATA;
input   input_1_V_data_0_V_TVALID;
output   input_1_V_data_0_V_TREADY;
input  [15:0] input_1_V_data_1_V_TDATA;
input   input_1_V_data_1_V_TVALID;
output   input_1_V_data_1_V_TREADY;
output  [15:0] layer4_out_V_data_0_V_TDATA;
output   layer4_out_V_data_0_V_TVALID;
input   layer4_out_V_data_0_V_TREADY;
output  [15:0] layer4_out_V_data_1_V_TDATA;
output   layer4_out_V_data_1_V_TVALID;
input   layer4_out_V_data_1_V_TREADY;
input   ap_start;
output   ap_done;
output   ap_ready;
output   ap_idle;

reg    ap_rst_n_inv;
wire    pointwise_conv_1_U0_ap_start;
wire    pointwise_conv_1_U0_ap_done;
wire    pointwise_conv_1_U0_ap_idle;
wire    pointwise_conv_1_U0_ap_ready;
wire    relu_2_U0_ap_start;
wire    relu_2_U0_ap_done;
wire    relu_2_U0_ap_idle;
wire    relu_2_U0_ap_ready;
wire    pointwise_conv_3_U0_ap_start;
wire    pointwise_conv_3_U0_ap_done;
wire    pointwise_conv_3_U0_ap_idle;
wire    pointwise_conv_3_U0_ap_ready;
wire    pointwise_conv_1_U0_start_out;
wire    pointwise_conv_1_U0_start_write;
wire    relu_2_U0_start_out;
wire    relu_2_U0_start_write;
wire   [15:0] layer2_out_V_data_0_V_din;
wire    layer2_out_V_data_0_V_write;
wire    layer2_out_V_data_0_V_full_n;
wire   [15:0] layer2_out_V_data_0_V_dout;
wire    layer2_out_V_data_0_V_read;
wire    layer2_out_V_data_0_V_empty_n;
wire   [15:0] layer2_out_V_data_1_V_din;
wire    layer2_out_V_data_1_V_write;
wire    layer2_out_V_data_1_V_full_n;
wire   [15:0] layer2_out_V_data_1_V_dout;
wire    layer2_out_V_data_1_V_read;
wire    layer2_out_V_data_1_V_empty_n;
wire   [15:0] layer2_out_V_data_2_V_din;
wire    layer2_out_V_data_2_V_write;
wire    layer2_out_V_data_2_V_full_n;
wire   [15:0] layer2_out_V_data_2_V_dout;
wire    layer2_out_V_data_2_V_read;
wire    layer2_out_V_data_2_V_empty_n;
wire   [15:0] layer3_out_V_data_0_V_din;
wire    layer3_out_V_data_0_V_write;
wire    layer3_out_V_data_0_V_full_n;
wire   [15:0] layer3_out_V_data_0_V_dout;
wire    layer3_out_V_data_0_V_read;
wire    layer3_out_V_data_0_V_empty_n;
wire   [15:0] layer3_out_V_data_1_V_din;
wire    layer3_out_V_data_1_V_write;
wire    layer3_out_V_data_1_V_full_n;
wire   [15:0] layer3_out_V_data_1_V_dout;
wire    layer3_out_V_data_1_V_read;
wire    layer3_out_V_data_1_V_empty_n;
wire   [15:0] layer3_out_V_data_2_V_din;
wire    layer3_out_V_data_2_V_write;
wire    layer3_out_V_data_2_V_full_n;
wire   [15:0] layer3_out_V_data_2_V_dout;
wire    layer3_out_V_data_2_V_read;
wire    layer3_out_V_data_2_V_empty_n;
wire   [15:0] pointwise_conv_3_U0_res_V_data_0_V_TDATA;
wire    pointwise_conv_3_U0_res_V_data_0_V_TVALID;
wire    regslice_both_layer4_out_V_data_0_V_U_ack_in;
wire    regslice_both_layer4_out_V_data_0_V_U_apdone_blk;
wire   [15:0] pointwise_conv_3_U0_res_V_data_1_V_TDATA;
wire    pointwise_conv_3_U0_res_V_data_1_V_TVALID;
wire    regslice_both_layer4_out_V_data_1_V_U_ack_in;
wire    regslice_both_layer4_out_V_data_1_V_U_apdone_blk;
wire   [0:0] start_for_relu_2_U0_din;
wire    start_for_relu_2_U0_full_n;
wire   [0:0] start_for_relu_2_U0_dout;
wire    start_for_relu_2_U0_empty_n;
wire   [0:0] start_for_pointwise_conv_3_U0_din;
wire    start_for_pointwise_conv_3_U0_full_n;
wire   [0:0] start_for_pointwise_conv_3_U0_dout;
wire    start_for_pointwise_conv_3_U0_empty_n;

pointwise_conv_1 pointwise_conv_1_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(pointwise_conv_1_U0_ap_start),
    .start_full_n(start_for_relu_2_U0_full_n),
    .ap_done(pointwise_conv_1_U0_ap_done),
    .ap_idle(pointwise_conv_1_U0_ap_idle),
    .ap_ready(pointwise_conv_1_U0_ap_ready),
    .start_out(pointwise_conv_1_U0_start_out),
    .start_write(pointwise_conv_1_U0_start_write),
    .data_V_data_0_V_TDATA(input_1_V_data_0_V_TDATA),
    .data_V_data_0_V_TVALID(input_1_V_data_0_V_TVALID),
    .data_V_data_0_V_TREADY(input_1_V_data_0_V_TREADY),
    .data_V_data_1_V_TDATA(input_1_V_data_1_V_TDATA),
    .data_V_data_1_V_TVALID(input_1_V_data_1_V_TVALID),
    .data_V_data_1_V_TREADY(input_1_V_data_1_V_TREADY),
    .res_V_data_0_V_din(layer2_out_V_data_0_V_din),
    .res_V_data_0_V_full_n(layer2_out_V_data_0_V_full_n),
    .res_V_data_0_V_write(layer2_out_V_data_0_V_write),
    .res_V_data_1_V_din(layer2_out_V_data_1_V_din),
    .res_V_data_1_V_full_n(layer2_out_V_data_1_V_full_n),
    .res_V_data_1_V_write(layer2_out_V_data_1_V_write),
    .res_V_data_2_V_din(layer2_out_V_data_2_V_din),
    .res_V_data_2_V_full_n(layer2_out_V_data_2_V_full_n),
    .res_V_data_2_V_write(layer2_out_V_data_2_V_write)
);

relu_2 relu_2_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(relu_2_U0_ap_start),
    .start_full_n(start_for_pointwise_conv_3_U0_full_n),
    .ap_done(relu_2_U0_ap_done),
    .ap_idle(relu_2_U0_ap_idle),
    .ap_ready(relu_2_U0_ap_ready),
    .start_out(relu_2_U0_start_out),
    .start_write(relu_2_U0_start_write),
    .data_V_data_0_V_dout(layer2_out_V_data_0_V_dout),
    .data_V_data_0_V_empty_n(layer2_out_V_data_0_V_empty_n),
    .data_V_data_0_V_read(layer2_out_V_data_0_V_read),
    .data_V_data_1_V_dout(layer2_out_V_data_1_V_dout),
    .data_V_data_1_V_empty_n(layer2_out_V_data_1_V_empty_n),
    .data_V_data_1_V_read(layer2_out_V_data_1_V_read),
    .data_V_data_2_V_dout(layer2_out_V_data_2_V_dout),
    .data_V_data_2_V_empty_n(layer2_out_V_data_2_V_empty_n),
    .data_V_data_2_V_read(layer2_out_V_data_2_V_read),
    .res_V_data_0_V_din(layer3_out_V_data_0_V_din),
    .res_V_data_0_V_full_n(layer3_out_V_data_0_V_full_n),
    .res_V_data_0_V_write(layer3_out_V_data_0_V_write),
    .res_V_data_1_V_din(layer3_out_V_data_1_V_din),
    .res_V_data_1_V_full_n(layer3_out_V_data_1_V_full_n),
    .res_V_data_1_V_write(layer3_out_V_data_1_V_write),
    .res_V_data_2_V_din(layer3_out_V_data_2_V_din),
    .res_V_data_2_V_full_n(layer3_out_V_data_2_V_full_n),
    .res_V_data_2_V_write(layer3_out_V_data_2_V_write)
);

pointwise_conv_3 pointwise_conv_3_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(pointwise_conv_3_U0_ap_start),
    .ap_done(pointwise_conv_3_U0_ap_done),
    .ap_idle(pointwise_conv_3_U0_ap_idle),
    .ap_ready(pointwise_conv_3_U0_ap_ready),
    .data_V_data_0_V_dout(layer3_out_V_data_0_V_dout),
    .data_V_data_0_V_empty_n(layer3_out_V_data_0_V_empty_n),
    .data_V_data_0_V_read(layer3_out_V_data_0_V_read),
    .data_V_data_1_V_dout(layer3_out_V_data_1_V_dout),
    .data_V_data_1_V_empty_n(layer3_out_V_data_1_V_empty_n),
    .data_V_data_1_V_read(layer3_out_V_data_1_V_read),
    .data_V_data_2_V_dout(layer3_out_V_data_2_V_dout),
    .data_V_data_2_V_empty_n(layer3_out_V_data_2_V_empty_n),
    .data_V_data_2_V_read(layer3_out_V_data_2_V_read),
    .res_V_data_0_V_TDATA(pointwise_conv_3_U0_res_V_data_0_V_TDATA),
    .res_V_data_0_V_TVALID(pointwise_conv_3_U0_res_V_data_0_V_TVALID),
    .res_V_data_0_V_TREADY(regslice_both_layer4_out_V_data_0_V_U_ack_in),
    .res_V_data_1_V_TDATA(pointwise_conv_3_U0_res_V_data_1_V_TDATA),
    .res_V_data_1_V_TVALID(pointwise_conv_3_U0_res_V_data_1_V_TVALID),
    .res_V_data_1_V_TREADY(regslice_both_layer4_out_V_data_1_V_U_ack_in)
);

fifo_w16_d2_A layer2_out_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer2_out_V_data_0_V_din),
    .if_full_n(layer2_out_V_data_0_V_full_n),
    .if_write(layer2_out_V_data_0_V_write),
    .if_dout(layer2_out_V_data_0_V_dout),
    .if_empty_n(layer2_out_V_data_0_V_empty_n),
    .if_read(layer2_out_V_data_0_V_read)
);

fifo_w16_d2_A layer2_out_V_data_1_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer2_out_V_data_1_V_din),
    .if_full_n(layer2_out_V_data_1_V_full_n),
    .if_write(layer2_out_V_data_1_V_write),
    .if_dout(layer2_out_V_data_1_V_dout),
    .if_empty_n(layer2_out_V_data_1_V_empty_n),
    .if_read(layer2_out_V_data_1_V_read)
);

fifo_w16_d2_A_x layer2_out_V_data_2_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer2_out_V_data_2_V_din),
    .if_full_n(layer2_out_V_data_2_V_full_n),
    .if_write(layer2_out_V_data_2_V_write),
    .if_dout(layer2_out_V_data_2_V_dout),
    .if_empty_n(layer2_out_V_data_2_V_empty_n),
    .if_read(layer2_out_V_data_2_V_read)
);

fifo_w16_d16_A layer3_out_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer3_out_V_data_0_V_din),
    .if_full_n(layer3_out_V_data_0_V_full_n),
    .if_write(layer3_out_V_data_0_V_write),
    .if_dout(layer3_out_V_data_0_V_dout),
    .if_empty_n(layer3_out_V_data_0_V_empty_n),
    .if_read(layer3_out_V_data_0_V_read)
);

fifo_w16_d16_A layer3_out_V_data_1_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer3_out_V_data_1_V_din),
    .if_full_n(layer3_out_V_data_1_V_full_n),
    .if_write(layer3_out_V_data_1_V_write),
    .if_dout(layer3_out_V_data_1_V_dout),
    .if_empty_n(layer3_out_V_data_1_V_empty_n),
    .if_read(layer3_out_V_data_1_V_read)
);

fifo_w16_d16_A layer3_out_V_data_2_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer3_out_V_data_2_V_din),
    .if_full_n(layer3_out_V_data_2_V_full_n),
    .if_write(layer3_out_V_data_2_V_write),
    .if_dout(layer3_out_V_data_2_V_dout),
    .if_empty_n(layer3_out_V_data_2_V_empty_n),
    .if_read(layer3_out_V_data_2_V_read)
);

start_for_relu_2_U0 start_for_relu_2_U0_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(start_for_relu_2_U0_din),
    .if_full_n(start_for_relu_2_U0_full_n),
    .if_write(pointwise_conv_1_U0_start_write),
    .if_dout(start_for_relu_2_U0_dout),
    .if_empty_n(start_for_relu_2_U0_empty_n),
    .if_read(relu_2_U0_ap_ready)
);

start_for_pointwise_conv_3_U0 start_for_pointwise_conv_3_U0_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(start_for_pointwise_conv_3_U0_din),
    .if_full_n(start_for_pointwise_conv_3_U0_full_n),
    .if_write(relu_2_U0_start_write),
    .if_dout(start_for_pointwise_conv_3_U0_dout),
    .if_empty_n(start_for_pointwise_conv_3_U0_empty_n),
    .if_read(pointwise_conv_3_U0_ap_ready)
);

regslice_both #(
    .DataWidth( 16 ))
regslice_both_layer4_out_V_data_0_V_U(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_in(pointwise_conv_3_U0_res_V_data_0_V_TDATA),
    .vld_in(pointwise_conv_3_U0_res_V_data_0_V_TVALID),
    .ack_in(regslice_both_layer4_out_V_data_0_V_U_ack_in),
    .data_out(layer4_out_V_data_0_V_TDATA),
    .vld_out(layer4_out_V_data_0_V_TVALID),
    .ack_out(layer4_out_V_data_0_V_TREADY),
    .apdone_blk(regslice_both_layer4_out_V_data_0_V_U_apdone_blk)
);

regslice_both #(
    .DataWidth( 16 ))
regslice_both_layer4_out_V_data_1_V_U(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_in(pointwise_conv_3_U0_res_V_data_1_V_TDATA),
    .vld_in(pointwise_conv_3_U0_res_V_data_1_V_TVALID),
    .ack_in(regslice_both_layer4_out_V_data_1_V_U_ack_in),
    .data_out(layer4_out_V_data_1_V_TDATA),
    .vld_out(layer4_out_V_data_1_V_TVALID),
    .ack_out(layer4_out_V_data_1_V_TREADY),
    .apdone_blk(regslice_both_layer4_out_V_data_1_V_U_apdone_blk)
);

always @ (*) begin
    ap_rst_n_inv = ~ap_rst_n;
end

assign ap_done = pointwise_conv_3_U0_ap_done;
assign ap_idle = (pointwise_conv_1_U0_ap_idle & relu_2_U0_ap_idle & pointwise_conv_3_U0_ap_idle);
assign ap_ready = pointwise_conv_1_U0_ap_ready;
assign pointwise_conv_1_U0_ap_start = ap_start;
assign relu_2_U0_ap_start = start_for_relu_2_U0_empty_n;
assign pointwise_conv_3_U0_ap_start = start_for_pointwise_conv_3_U0_empty_n;
assign start_for_relu_2_U0_din = pointwise_conv_1_U0_start_out;
assign start_for_pointwise_conv_3_U0_din = relu_2_U0_start_out;

endmodule //myproject
