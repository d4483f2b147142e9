// hwverify test design: io_stream top in Vitis HLS 2023.2 style (not tool output) with the two features that
// made a real Vitis 2023.2 export hang in simulation until hwverify handled them:
// 1. The process is a rewinding stall-style loop pipeline (flow_control_loop_pipe: ap_start_int = ap_start):
//    while ap_start stays high after a call's last iteration, the next call's first iteration enters at
//    once, waits for input that never comes and, since one blocked stage stalls every stage, holds the
//    previous call's last output: a testbench must drop ap_start after the last sample's start.
// 2. The output FIFO declares its flags with initial values (`reg full_n = 1'b1;`) and the process reads
//    full_n in an `always @ (*)` block: when the FIFO never fills, that block never runs in an event-driven
//    simulator and its output stays X (Icarus hangs) unless it is evaluated at time zero (always_comb).
// Computation: 4 pixels per sample, 2 channels of ap_fixed<16,6> per pixel (packed TDATA, channel 0 in the
// low bits); out[c] = in[c] + bias[c] with bias = {0.25, -0.0625}, wrapping to 16 bits.
// Faults: FAULT_STALE_LAST (the last iteration writes the previous pixel), FAULT_BIAS (bias 1 is -0.125),
// FAULT_SWAPPED_CHANNELS (the output's two channels exchanged).
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject_myproject,hls_ip_2023_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xczu9eg-ffvb1156-2-e,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=others,HLS_SYN_CLOCK=1.950000,HLS_SYN_LAT=7,HLS_SYN_TPT=none,HLS_SYN_MEM=0,HLS_SYN_DSP=0,HLS_SYN_FF=120,HLS_SYN_LUT=150,HLS_VERSION=2023_2}" *)

module myproject (
        input_1_TDATA,
        layer2_out_TDATA,
        ap_clk,
        ap_rst_n,
        input_1_TVALID,
        input_1_TREADY,
        ap_start,
        layer2_out_TVALID,
        layer2_out_TREADY,
        ap_done,
        ap_ready,
        ap_idle
);

input  [31:0] input_1_TDATA;
output  [31:0] layer2_out_TDATA;
input   ap_clk;
input   ap_rst_n;
input   input_1_TVALID;
output   input_1_TREADY;
input   ap_start;
output   layer2_out_TVALID;
input   layer2_out_TREADY;
output   ap_done;
output   ap_ready;
output   ap_idle;

reg    ap_rst_n_inv;
wire   [31:0] add_bias_U0_out_din;
wire    add_bias_U0_out_write;
wire    layer2_out_full_n;
wire    layer2_out_empty_n;
wire   [1:0] layer2_out_num_data_valid;
wire   [1:0] layer2_out_fifo_cap;

myproject_add_bias add_bias_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(ap_start),
    .ap_done(ap_done),
    .ap_idle(ap_idle),
    .ap_ready(ap_ready),
    .in_TDATA(input_1_TDATA),
    .in_TVALID(input_1_TVALID),
    .in_TREADY(input_1_TREADY),
    .out_din(add_bias_U0_out_din),
    .out_full_n(layer2_out_full_n),
    .out_write(add_bias_U0_out_write)
);

myproject_fifo_w32_d2_S layer2_out_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(add_bias_U0_out_din),
    .if_full_n(layer2_out_full_n),
    .if_write(add_bias_U0_out_write),
    .if_dout(layer2_out_TDATA),
    .if_num_data_valid(layer2_out_num_data_valid),
    .if_fifo_cap(layer2_out_fifo_cap),
    .if_empty_n(layer2_out_empty_n),
    .if_read(layer2_out_TREADY)
);

assign layer2_out_TVALID = layer2_out_empty_n;

always @ (*) begin
    ap_rst_n_inv = ~ap_rst_n;
end

endmodule //myproject
