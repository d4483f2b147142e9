// hwverify test design: io_parallel with ARRAY_PARTITION complete on the input, Vivado HLS 2019.2 style
// as old hls4ml versions exported it (not tool output). The top is named after its project (emtfnet,
// not myproject); each input element has a scalar ap_none port input1_<i>_V (ap_fixed<14,5>), with no
// _ap_vld; the outputs layer7_out_<j>_V (ap_fixed<16,6>) each have an _ap_vld strobe; and the function
// reports its array sizes on const_size_in_1 / const_size_out_1 (+ _ap_vld), written with ap_ready.
// A pipelined function, II 1, latency 5, ap_rst active-high. Computes a Dense 6 -> 2 layer:
//   acc_j = b_j + sum_i x_i * w_ji   (x: 9 fractional bits, w: ap_fixed<6,1>, b and acc: 14)
//   y_j   = sat16(acc_j >>> 4)        (ap_fixed<16,6,AP_TRN,AP_SAT>)
// Fault injection (all off by default):
//   FAULT_WEIGHT_BIT       flips bit 3 of weight w_14 (25 -> 17)
//   FAULT_SWAPPED_INPUTS   input1_2_V and input1_3_V used in each other's place
//   FAULT_EXTRA_LATENCY    one more pipeline stage (latency 6)
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="emtfnet,hls_ip_2019_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xc7vx690tffg1927-2,HLS_INPUT_CLOCK=6.250000,HLS_INPUT_ARCH=pipeline,HLS_SYN_CLOCK=5.438000,HLS_SYN_LAT=5,HLS_SYN_TPT=1,HLS_SYN_MEM=0,HLS_SYN_DSP=0,HLS_SYN_FF=402,HLS_SYN_LUT=977,HLS_VERSION=2019_2}" *)

module emtfnet (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        input1_0_V,
        input1_1_V,
        input1_2_V,
        input1_3_V,
        input1_4_V,
        input1_5_V,
        layer7_out_0_V,
        layer7_out_0_V_ap_vld,
        layer7_out_1_V,
        layer7_out_1_V_ap_vld,
        const_size_in_1,
        const_size_in_1_ap_vld,
        const_size_out_1,
        const_size_out_1_ap_vld
);

parameter    ap_ST_fsm_pp0_stage0 = 1'd1;
`ifdef FAULT_EXTRA_LATENCY
parameter    LATENCY = 6;
`else
parameter    LATENCY = 5;
`endif

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input  [13:0] input1_0_V;
input  [13:0] input1_1_V;
input  [13:0] input1_2_V;
input  [13:0] input1_3_V;
input  [13:0] input1_4_V;
input  [13:0] input1_5_V;
output  [15:0] layer7_out_0_V;
output   layer7_out_0_V_ap_vld;
output  [15:0] layer7_out_1_V;
output   layer7_out_1_V_ap_vld;
output  [15:0] const_size_in_1;
output   const_size_in_1_ap_vld;
output  [15:0] const_size_out_1;
output   const_size_out_1_ap_vld;

localparam signed [5:0] w_00 = 6'sd13,  w_01 = -6'sd27, w_02 = 6'sd6,   w_03 = 6'sd31,  w_04 = -6'sd18, w_05 = 6'sd9;
`ifdef FAULT_WEIGHT_BIT
localparam signed [5:0] w_14 = 6'sd17;  // 25 with bit 3 flipped
`else
localparam signed [5:0] w_14 = 6'sd25;
`endif
localparam signed [5:0] w_10 = -6'sd22, w_11 = 6'sd4,   w_12 = 6'sd29,  w_13 = -6'sd11, w_15 = -6'sd31;
localparam signed [31:0] b_0 = 32'sd3000, b_1 = -32'sd5000;

reg   [0:0] ap_CS_fsm;
reg   [LATENCY:1] ap_enable_reg_pp0_iter;
wire    ap_enable_reg_pp0_iter0;
wire    ap_idle_pp0;
// Stage 1: registered inputs; stage 2: products (ap_fixed<20,6>); stage 3: accumulators;
// stage 4 on: the saturated result, delayed to the pipeline depth.
reg  signed [13:0] x_0_reg, x_1_reg, x_2_reg, x_3_reg, x_4_reg, x_5_reg;
reg  signed [19:0] mul_00, mul_01, mul_02, mul_03, mul_04, mul_05, mul_10, mul_11, mul_12, mul_13, mul_14, mul_15;
reg  signed [31:0] acc_0, acc_1;
reg   [31:0] res_pipe [4:LATENCY];
integer k;

initial begin
#0 ap_CS_fsm = 1'd1;
#0 ap_enable_reg_pp0_iter = {LATENCY{1'b0}};
end

function [15:0] sat16;
    input signed [31:0] v;
    begin
        if (v > 32'sd32767) sat16 = 16'h7fff;
        else if (v < -32'sd32768) sat16 = 16'h8000;
        else sat16 = v[15:0];
    end
endfunction

assign ap_enable_reg_pp0_iter0 = ap_start;
assign ap_idle_pp0 = (ap_enable_reg_pp0_iter == {LATENCY{1'b0}});

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
        ap_enable_reg_pp0_iter <= {LATENCY{1'b0}};
    end else begin
        ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
        ap_enable_reg_pp0_iter <= {ap_enable_reg_pp0_iter[LATENCY-1:1], ap_enable_reg_pp0_iter0};
    end
end

always @ (posedge ap_clk) begin
    x_0_reg <= input1_0_V;
    x_1_reg <= input1_1_V;
`ifdef FAULT_SWAPPED_INPUTS
    x_2_reg <= input1_3_V;
    x_3_reg <= input1_2_V;
`else
    x_2_reg <= input1_2_V;
    x_3_reg <= input1_3_V;
`endif
    x_4_reg <= input1_4_V;
    x_5_reg <= input1_5_V;
    mul_00 <= x_0_reg * w_00; mul_01 <= x_1_reg * w_01; mul_02 <= x_2_reg * w_02;
    mul_03 <= x_3_reg * w_03; mul_04 <= x_4_reg * w_04; mul_05 <= x_5_reg * w_05;
    mul_10 <= x_0_reg * w_10; mul_11 <= x_1_reg * w_11; mul_12 <= x_2_reg * w_12;
    mul_13 <= x_3_reg * w_13; mul_14 <= x_4_reg * w_14; mul_15 <= x_5_reg * w_15;
    acc_0 <= mul_00 + mul_01 + mul_02 + mul_03 + mul_04 + mul_05 + b_0;
    acc_1 <= mul_10 + mul_11 + mul_12 + mul_13 + mul_14 + mul_15 + b_1;
    res_pipe[4] <= {sat16(acc_1 >>> 4), sat16(acc_0 >>> 4)};
    for (k = 5; k <= LATENCY; k = k + 1) begin
        res_pipe[k] <= res_pipe[k - 1];
    end
end

assign ap_done = ap_enable_reg_pp0_iter[LATENCY];
assign ap_ready = ap_start;
assign ap_idle = (ap_start == 1'b0) & ap_idle_pp0;

assign layer7_out_0_V = res_pipe[LATENCY][15:0];
assign layer7_out_1_V = res_pipe[LATENCY][31:16];
assign layer7_out_0_V_ap_vld = ap_done;
assign layer7_out_1_V_ap_vld = ap_done;
assign const_size_in_1 = 16'd6;
assign const_size_in_1_ap_vld = ap_start;
assign const_size_out_1 = 16'd2;
assign const_size_out_1_ap_vld = ap_start;

endmodule //emtfnet
