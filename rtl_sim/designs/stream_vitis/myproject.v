// hwverify test design: io_stream dataflow top, Vitis HLS 2023.x style (not tool output).
// One packed AXI-Stream per array: input_1_TDATA = {channel 1, channel 0} of one pixel of a 3x3
// image, layer4_out_TDATA likewise with 2 channels; pixels in row-major order. Two dataflow processes
// with a RAM-style FIFO (mOutPtr, if_num_data_valid, if_fifo_cap) and a start-token FIFO between them.
// ap_rst_n is active-low and inverted by a combinational always block; ap_ctrl_hs on the region.
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject_myproject,hls_ip_2023_1,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xcu250-figd2104-2L-e,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=dataflow,HLS_SYN_CLOCK=3.650000,HLS_SYN_LAT=13,HLS_SYN_TPT=11,HLS_SYN_MEM=0,HLS_SYN_DSP=0,HLS_SYN_FF=402,HLS_SYN_LUT=1127,HLS_VERSION=2023_1}" *)

module myproject (
        input_1_TDATA,
        layer4_out_TDATA,
        ap_clk,
        ap_rst_n,
        input_1_TVALID,
        input_1_TREADY,
        ap_start,
        layer4_out_TVALID,
        layer4_out_TREADY,
        ap_done,
        ap_ready,
        ap_idle
);

input  [31:0] input_1_TDATA;
output  [31:0] layer4_out_TDATA;
input   ap_clk;
input   ap_rst_n;
input   input_1_TVALID;
output   input_1_TREADY;
input   ap_start;
output   layer4_out_TVALID;
input   layer4_out_TREADY;
output   ap_done;
output   ap_ready;
output   ap_idle;

reg    ap_rst_n_inv;
wire    pointwise_conv_1_U0_ap_start;
wire    pointwise_conv_1_U0_ap_done;
wire    pointwise_conv_1_U0_ap_idle;
wire    pointwise_conv_1_U0_ap_ready;
wire    pointwise_conv_1_U0_start_out;
wire    pointwise_conv_1_U0_start_write;
wire   [47:0] pointwise_conv_1_U0_layer2_out_din;
wire    pointwise_conv_1_U0_layer2_out_write;
wire    pointwise_conv_2_U0_ap_start;
wire    pointwise_conv_2_U0_ap_done;
wire    pointwise_conv_2_U0_ap_idle;
wire    pointwise_conv_2_U0_ap_ready;
wire    pointwise_conv_2_U0_layer2_out_read;
wire    layer2_out_full_n;
wire   [47:0] layer2_out_dout;
wire   [3:0] layer2_out_num_data_valid;
wire   [3:0] layer2_out_fifo_cap;
wire    layer2_out_empty_n;
wire    start_for_pointwise_conv_2_U0_full_n;
wire   [0:0] start_for_pointwise_conv_2_U0_dout;
wire    start_for_pointwise_conv_2_U0_empty_n;

myproject_pointwise_conv_1 pointwise_conv_1_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(pointwise_conv_1_U0_ap_start),
    .start_full_n(start_for_pointwise_conv_2_U0_full_n),
    .ap_done(pointwise_conv_1_U0_ap_done),
    .ap_idle(pointwise_conv_1_U0_ap_idle),
    .ap_ready(pointwise_conv_1_U0_ap_ready),
    .start_out(pointwise_conv_1_U0_start_out),
    .start_write(pointwise_conv_1_U0_start_write),
    .input_1_TDATA(input_1_TDATA),
    .input_1_TVALID(input_1_TVALID),
    .input_1_TREADY(input_1_TREADY),
    .layer2_out_din(pointwise_conv_1_U0_layer2_out_din),
    .layer2_out_num_data_valid(layer2_out_num_data_valid),
    .layer2_out_fifo_cap(layer2_out_fifo_cap),
    .layer2_out_full_n(layer2_out_full_n),
    .layer2_out_write(pointwise_conv_1_U0_layer2_out_write)
);

myproject_pointwise_conv_2 pointwise_conv_2_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(pointwise_conv_2_U0_ap_start),
    .ap_done(pointwise_conv_2_U0_ap_done),
    .ap_idle(pointwise_conv_2_U0_ap_idle),
    .ap_ready(pointwise_conv_2_U0_ap_ready),
    .layer2_out_dout(layer2_out_dout),
    .layer2_out_num_data_valid(layer2_out_num_data_valid),
    .layer2_out_fifo_cap(layer2_out_fifo_cap),
    .layer2_out_empty_n(layer2_out_empty_n),
    .layer2_out_read(pointwise_conv_2_U0_layer2_out_read),
    .layer4_out_TDATA(layer4_out_TDATA),
    .layer4_out_TVALID(layer4_out_TVALID),
    .layer4_out_TREADY(layer4_out_TREADY)
);

myproject_fifo_w48_d9_A #(
    .MEM_STYLE("block"),
    .DATA_WIDTH(48),
    .ADDR_WIDTH(3),
    .DEPTH(8))
layer2_out_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(pointwise_conv_1_U0_layer2_out_din),
    .if_full_n(layer2_out_full_n),
    .if_write(pointwise_conv_1_U0_layer2_out_write),
    .if_dout(layer2_out_dout),
    .if_num_data_valid(layer2_out_num_data_valid),
    .if_fifo_cap(layer2_out_fifo_cap),
    .if_empty_n(layer2_out_empty_n),
    .if_read(pointwise_conv_2_U0_layer2_out_read)
);

myproject_start_for_pointwise_conv_2_U0 #(
    .MEM_STYLE("shiftreg"),
    .DATA_WIDTH(1),
    .ADDR_WIDTH(1),
    .DEPTH(2))
start_for_pointwise_conv_2_U0_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(pointwise_conv_1_U0_start_out),
    .if_full_n(start_for_pointwise_conv_2_U0_full_n),
    .if_write(pointwise_conv_1_U0_start_write),
    .if_dout(start_for_pointwise_conv_2_U0_dout),
    .if_empty_n(start_for_pointwise_conv_2_U0_empty_n),
    .if_read(pointwise_conv_2_U0_ap_ready)
);

always @ (*) begin
    ap_rst_n_inv = ~ap_rst_n;
end

assign ap_done = pointwise_conv_2_U0_ap_done;
assign ap_idle = (pointwise_conv_1_U0_ap_idle & pointwise_conv_2_U0_ap_idle);
assign ap_ready = pointwise_conv_1_U0_ap_ready;
assign pointwise_conv_1_U0_ap_start = ap_start;
assign pointwise_conv_2_U0_ap_start = start_for_pointwise_conv_2_U0_empty_n;

endmodule //myproject
