// hwverify test design: io_parallel top with #pragma HLS DATAFLOW, Vivado HLS 2019.2 style (not tool output).
// ap_ctrl_hs on the dataflow region, active-high ap_rst. The input array is ARRAY_RESHAPE'd into one
// wide port input_1_V (4 x ap_fixed<16,6>, element 0 in the least significant bits) qualified by
// input_1_V_ap_vld; the outputs are partitioned into layer5_out_<i>_V (ap_ufixed<12,4>) + _ap_vld.
// Three processes: entry_proc copies the input into the channel input_1_V_c, dense_proc (II 2) computes
// Dense 4 -> 3 into layer2_out_V, relu_proc writes ReLU of it to the outputs. Channels are shift-register
// FIFOs (fifo_w<W>_d2_A), processes are started through start_for_<process>_U0 FIFOs.
// The region's handshake is the ap_sync one HLS writes: ap_ready is ap_sync_ready (the entry process
// took the input), ap_done is ap_sync_done (the output process wrote a sample). With ap_start held
// high, ap_ready is high in cycles 0 and 1, then every 2 cycles while the channels are full; ap_done
// every 2 cycles once the region is full.
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject,hls_ip_2019_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xcku115-flvb2104-2-i,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=dataflow,HLS_SYN_CLOCK=4.213000,HLS_SYN_LAT=3,HLS_SYN_TPT=2,HLS_SYN_MEM=0,HLS_SYN_DSP=12,HLS_SYN_FF=1022,HLS_SYN_LUT=1387,HLS_VERSION=2019_2}" *)

module myproject (
        input_1_V,
        input_1_V_ap_vld,
        layer5_out_0_V,
        layer5_out_0_V_ap_vld,
        layer5_out_1_V,
        layer5_out_1_V_ap_vld,
        layer5_out_2_V,
        layer5_out_2_V_ap_vld,
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_ready,
        ap_idle
);

input  [63:0] input_1_V;
input   input_1_V_ap_vld;
output  [11:0] layer5_out_0_V;
output   layer5_out_0_V_ap_vld;
output  [11:0] layer5_out_1_V;
output   layer5_out_1_V_ap_vld;
output  [11:0] layer5_out_2_V;
output   layer5_out_2_V_ap_vld;
input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_ready;
output   ap_idle;

wire    entry_proc_U0_ap_start;
wire    entry_proc_U0_ap_done;
wire    entry_proc_U0_ap_continue;
wire    entry_proc_U0_ap_idle;
wire    entry_proc_U0_ap_ready;
wire    entry_proc_U0_start_out;
wire    entry_proc_U0_start_write;
wire   [63:0] entry_proc_U0_input_1_V_c_din;
wire    entry_proc_U0_input_1_V_c_write;
wire    dense_proc_U0_ap_start;
wire    dense_proc_U0_ap_done;
wire    dense_proc_U0_ap_continue;
wire    dense_proc_U0_ap_idle;
wire    dense_proc_U0_ap_ready;
wire    dense_proc_U0_start_out;
wire    dense_proc_U0_start_write;
wire    dense_proc_U0_data_V_read;
wire   [47:0] dense_proc_U0_res_V_din;
wire    dense_proc_U0_res_V_write;
wire    relu_proc_U0_ap_start;
wire    relu_proc_U0_ap_done;
wire    relu_proc_U0_ap_continue;
wire    relu_proc_U0_ap_idle;
wire    relu_proc_U0_ap_ready;
wire    relu_proc_U0_data_V_read;
wire    ap_sync_continue;
wire    ap_sync_done;
wire    ap_sync_ready;
wire    input_1_V_c_full_n;
wire   [63:0] input_1_V_c_dout;
wire    input_1_V_c_empty_n;
wire    layer2_out_V_full_n;
wire   [47:0] layer2_out_V_dout;
wire    layer2_out_V_empty_n;
wire   [0:0] start_for_dense_proc_U0_din;
wire    start_for_dense_proc_U0_full_n;
wire   [0:0] start_for_dense_proc_U0_dout;
wire    start_for_dense_proc_U0_empty_n;
wire   [0:0] start_for_relu_proc_U0_din;
wire    start_for_relu_proc_U0_full_n;
wire   [0:0] start_for_relu_proc_U0_dout;
wire    start_for_relu_proc_U0_empty_n;

entry_proc entry_proc_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst),
    .ap_start(entry_proc_U0_ap_start),
    .start_full_n(start_for_dense_proc_U0_full_n),
    .ap_done(entry_proc_U0_ap_done),
    .ap_continue(entry_proc_U0_ap_continue),
    .ap_idle(entry_proc_U0_ap_idle),
    .ap_ready(entry_proc_U0_ap_ready),
    .start_out(entry_proc_U0_start_out),
    .start_write(entry_proc_U0_start_write),
    .input_1_V(input_1_V),
    .input_1_V_ap_vld(input_1_V_ap_vld),
    .input_1_V_c_din(entry_proc_U0_input_1_V_c_din),
    .input_1_V_c_full_n(input_1_V_c_full_n),
    .input_1_V_c_write(entry_proc_U0_input_1_V_c_write)
);

dense_proc dense_proc_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst),
    .ap_start(dense_proc_U0_ap_start),
    .start_full_n(start_for_relu_proc_U0_full_n),
    .ap_done(dense_proc_U0_ap_done),
    .ap_continue(dense_proc_U0_ap_continue),
    .ap_idle(dense_proc_U0_ap_idle),
    .ap_ready(dense_proc_U0_ap_ready),
    .start_out(dense_proc_U0_start_out),
    .start_write(dense_proc_U0_start_write),
    .data_V_dout(input_1_V_c_dout),
    .data_V_empty_n(input_1_V_c_empty_n),
    .data_V_read(dense_proc_U0_data_V_read),
    .res_V_din(dense_proc_U0_res_V_din),
    .res_V_full_n(layer2_out_V_full_n),
    .res_V_write(dense_proc_U0_res_V_write)
);

relu_proc relu_proc_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst),
    .ap_start(relu_proc_U0_ap_start),
    .ap_done(relu_proc_U0_ap_done),
    .ap_continue(relu_proc_U0_ap_continue),
    .ap_idle(relu_proc_U0_ap_idle),
    .ap_ready(relu_proc_U0_ap_ready),
    .data_V_dout(layer2_out_V_dout),
    .data_V_empty_n(layer2_out_V_empty_n),
    .data_V_read(relu_proc_U0_data_V_read),
    .layer5_out_0_V(layer5_out_0_V),
    .layer5_out_0_V_ap_vld(layer5_out_0_V_ap_vld),
    .layer5_out_1_V(layer5_out_1_V),
    .layer5_out_1_V_ap_vld(layer5_out_1_V_ap_vld),
    .layer5_out_2_V(layer5_out_2_V),
    .layer5_out_2_V_ap_vld(layer5_out_2_V_ap_vld)
);

fifo_w64_d2_A input_1_V_c_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(entry_proc_U0_input_1_V_c_din),
    .if_full_n(input_1_V_c_full_n),
    .if_write(entry_proc_U0_input_1_V_c_write),
    .if_dout(input_1_V_c_dout),
    .if_empty_n(input_1_V_c_empty_n),
    .if_read(dense_proc_U0_data_V_read)
);

fifo_w48_d2_A layer2_out_V_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(dense_proc_U0_res_V_din),
    .if_full_n(layer2_out_V_full_n),
    .if_write(dense_proc_U0_res_V_write),
    .if_dout(layer2_out_V_dout),
    .if_empty_n(layer2_out_V_empty_n),
    .if_read(relu_proc_U0_data_V_read)
);

start_for_dense_proc_U0 start_for_dense_proc_U0_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(start_for_dense_proc_U0_din),
    .if_full_n(start_for_dense_proc_U0_full_n),
    .if_write(entry_proc_U0_start_write),
    .if_dout(start_for_dense_proc_U0_dout),
    .if_empty_n(start_for_dense_proc_U0_empty_n),
    .if_read(dense_proc_U0_ap_ready)
);

start_for_relu_proc_U0 start_for_relu_proc_U0_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(start_for_relu_proc_U0_din),
    .if_full_n(start_for_relu_proc_U0_full_n),
    .if_write(dense_proc_U0_start_write),
    .if_dout(start_for_relu_proc_U0_dout),
    .if_empty_n(start_for_relu_proc_U0_empty_n),
    .if_read(relu_proc_U0_ap_ready)
);

assign ap_sync_continue = 1'b1;
assign ap_sync_done = relu_proc_U0_ap_done;
assign ap_sync_ready = entry_proc_U0_ap_ready;
assign ap_done = ap_sync_done;
assign ap_ready = ap_sync_ready;
assign ap_idle = (entry_proc_U0_ap_idle & dense_proc_U0_ap_idle & relu_proc_U0_ap_idle);
assign entry_proc_U0_ap_start = ap_start;
assign entry_proc_U0_ap_continue = 1'b1;
assign dense_proc_U0_ap_start = start_for_dense_proc_U0_empty_n;
assign dense_proc_U0_ap_continue = 1'b1;
assign relu_proc_U0_ap_start = start_for_relu_proc_U0_empty_n;
assign relu_proc_U0_ap_continue = ap_sync_continue;
assign start_for_dense_proc_U0_din = entry_proc_U0_start_out;
assign start_for_relu_proc_U0_din = dense_proc_U0_start_out;

endmodule //myproject
