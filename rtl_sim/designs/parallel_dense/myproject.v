// hwverify test design: io_parallel, ap_ctrl_hs, Latency strategy (function pipelined, II=1).
// Written by hand to follow the conventions of Vivado HLS 2019.2 exported RTL for hls4ml
// (shared/reference/hls_rtl_conventions.md); it is not tool output.
//
// Computes a 4 -> 3 Dense layer with ReLU:
//   acc_j = sum_i x_i * w_ji + b_j          (x: ap_fixed<16,6>, w: ap_fixed<8,3>, b and acc: 15 fractional bits)
//   y_j   = relu(sat16(acc_j >>> 5))        (y: ap_fixed<16,6,TRN,SAT>)
//
// Fault injection (all off by default):
//   FAULT_WEIGHT_BIT      flips bit 4 of weight w_12
//   FAULT_EXTRA_LATENCY   one more pipeline stage (latency 14 instead of 13)
//   FAULT_ZERO_EXTEND     x_2 is zero-extended into its products instead of sign-extended
//   FAULT_DROPPED_REGISTER  the result path is one register shorter than the ap_done path (outputs of the next sample)
//   FAULT_LSB_STUCK       bit 0 of layer13_out_1_V stuck at 0
//   FAULT_RESET_POLARITY  ap_rst taken as active low (the pipeline is held in reset once ap_rst falls)
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject,hls_ip_2019_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xcku115-flvb2104-2-i,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=pipeline,HLS_SYN_CLOCK=4.368000,HLS_SYN_LAT=13,HLS_SYN_TPT=1,HLS_SYN_MEM=0,HLS_SYN_DSP=12,HLS_SYN_FF=1530,HLS_SYN_LUT=1204,HLS_VERSION=2019_2}" *)

module myproject (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        fc1_input_V_ap_vld,
        fc1_input_V,
        layer13_out_0_V,
        layer13_out_0_V_ap_vld,
        layer13_out_1_V,
        layer13_out_1_V_ap_vld,
        layer13_out_2_V,
        layer13_out_2_V_ap_vld
);

parameter    ap_ST_fsm_pp0_stage0 = 1'd1;
`ifdef FAULT_EXTRA_LATENCY
parameter    LATENCY = 14;
`else
parameter    LATENCY = 13;
`endif

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input   fc1_input_V_ap_vld;
input  [63:0] fc1_input_V;
output  [15:0] layer13_out_0_V;
output   layer13_out_0_V_ap_vld;
output  [15:0] layer13_out_1_V;
output   layer13_out_1_V_ap_vld;
output  [15:0] layer13_out_2_V;
output   layer13_out_2_V_ap_vld;

// Weights w_ji (ap_fixed<8,3> codes) and biases b_j (15 fractional bits), as constants in the logic
// the way the Latency strategy exports them.
localparam signed [7:0] w_00 = 8'sd37,   w_01 = -8'sd20, w_02 = 8'sd11,  w_03 = 8'sd64;
`ifdef FAULT_WEIGHT_BIT
localparam signed [7:0] w_12 = 8'sd74;   // 90 with bit 4 flipped
`else
localparam signed [7:0] w_12 = 8'sd90;
`endif
localparam signed [7:0] w_10 = -8'sd45,  w_11 = 8'sd18,  w_13 = -8'sd7;
localparam signed [7:0] w_20 = 8'sd23,   w_21 = 8'sd55,  w_22 = -8'sd60, w_23 = 8'sd31;
localparam signed [31:0] b_0 = 32'sd40000, b_1 = -32'sd25000, b_2 = 32'sd5000;

// An input whose _ap_vld came while ap_start was low is held (preg) until the function starts.
reg   fc1_input_V_ap_vld_preg = 1'b0;
reg  [63:0] fc1_input_V_preg = 64'd0;
wire   fc1_input_V_ap_vld_in_sig;
wire  [63:0] fc1_input_V_in_sig;

// ap_enable_reg_pp0_iter<k>: iteration k stages deep is valid.
reg   [LATENCY:1] ap_enable_reg_pp0_iter;
wire    ap_enable_reg_pp0_iter0;
wire    ap_block_pp0_stage0_11001;
wire    ap_idle_pp0;
wire    ap_ce;

// Stage 1: registered inputs.
reg  signed [15:0] x_0_reg, x_1_reg, x_2_reg, x_3_reg;
`ifdef FAULT_ZERO_EXTEND
wire signed [16:0] x_2_ext = {1'b0, x_2_reg};
`else
wire signed [16:0] x_2_ext = {x_2_reg[15], x_2_reg};
`endif
`ifdef FAULT_RESET_POLARITY
wire   rst = ~ap_rst;
`else
wire   rst = ap_rst;
`endif
// Stage 2: products (ap_fixed<24,9>).
reg  signed [23:0] mul_00, mul_01, mul_02, mul_03, mul_10, mul_11, mul_12, mul_13, mul_20, mul_21, mul_22, mul_23;
// Stage 3: accumulators.
reg  signed [31:0] acc_0, acc_1, acc_2;
// Stage 4 on: the activated result, delayed to the pipeline depth.
reg   [47:0] res_pipe [4:LATENCY];

wire signed [31:0] shr_0 = acc_0 >>> 5;
wire signed [31:0] shr_1 = acc_1 >>> 5;
wire signed [31:0] shr_2 = acc_2 >>> 5;
wire   [15:0] act_0, act_1, act_2;

function [15:0] relu_sat16;
    input signed [31:0] v;
    begin
        if (v > 32'sd32767) relu_sat16 = 16'd32767;
        else if (v < 32'sd0) relu_sat16 = 16'd0;
        else relu_sat16 = v[15:0];
    end
endfunction

initial begin
#0 ap_enable_reg_pp0_iter = {LATENCY{1'b0}};
end

assign act_0 = relu_sat16(shr_0);
assign act_1 = relu_sat16(shr_1);
assign act_2 = relu_sat16(shr_2);

assign ap_enable_reg_pp0_iter0 = ap_start;
assign fc1_input_V_ap_vld_in_sig = fc1_input_V_ap_vld | fc1_input_V_ap_vld_preg;
assign fc1_input_V_in_sig = (fc1_input_V_ap_vld == 1'b1) ? fc1_input_V : fc1_input_V_preg;
// The pipeline stalls while ap_start is high but no valid input has been seen.
assign ap_block_pp0_stage0_11001 = ((ap_start == 1'b1) & (fc1_input_V_ap_vld_in_sig == 1'b0));
assign ap_ce = ~ap_block_pp0_stage0_11001;
assign ap_idle_pp0 = (ap_enable_reg_pp0_iter == {LATENCY{1'b0}});

integer k;

always @ (posedge ap_clk) begin
    if (rst == 1'b1) begin
        fc1_input_V_ap_vld_preg <= 1'b0;
    end else if ((ap_start == 1'b1) & ap_ce) begin
        fc1_input_V_ap_vld_preg <= 1'b0;  // consumed
    end else if (fc1_input_V_ap_vld == 1'b1) begin
        fc1_input_V_ap_vld_preg <= 1'b1;
        fc1_input_V_preg <= fc1_input_V;
    end
end

always @ (posedge ap_clk) begin
    if (rst == 1'b1) begin
        ap_enable_reg_pp0_iter <= {LATENCY{1'b0}};
    end else if (ap_ce) begin
        ap_enable_reg_pp0_iter <= {ap_enable_reg_pp0_iter[LATENCY-1:1], ap_enable_reg_pp0_iter0};
    end
end

always @ (posedge ap_clk) begin
    if (ap_ce) begin
        x_0_reg <= fc1_input_V_in_sig[15:0];
        x_1_reg <= fc1_input_V_in_sig[31:16];
        x_2_reg <= fc1_input_V_in_sig[47:32];
        x_3_reg <= fc1_input_V_in_sig[63:48];
        mul_00 <= x_0_reg * w_00; mul_01 <= x_1_reg * w_01; mul_02 <= x_2_ext * w_02; mul_03 <= x_3_reg * w_03;
        mul_10 <= x_0_reg * w_10; mul_11 <= x_1_reg * w_11; mul_12 <= x_2_ext * w_12; mul_13 <= x_3_reg * w_13;
        mul_20 <= x_0_reg * w_20; mul_21 <= x_1_reg * w_21; mul_22 <= x_2_ext * w_22; mul_23 <= x_3_reg * w_23;
        acc_0 <= mul_00 + mul_01 + mul_02 + mul_03 + b_0;
        acc_1 <= mul_10 + mul_11 + mul_12 + mul_13 + b_1;
        acc_2 <= mul_20 + mul_21 + mul_22 + mul_23 + b_2;
        res_pipe[4] <= {act_2, act_1, act_0};
        for (k = 5; k <= LATENCY; k = k + 1) begin
            res_pipe[k] <= res_pipe[k - 1];
        end
    end
end

assign ap_done = (ap_enable_reg_pp0_iter[LATENCY] == 1'b1) & ap_ce;
assign ap_ready = (ap_start == 1'b1) & ap_ce;
assign ap_idle = (ap_start == 1'b0) & ap_idle_pp0;

`ifdef FAULT_DROPPED_REGISTER
wire  [47:0] res_out = res_pipe[LATENCY - 1];
`else
wire  [47:0] res_out = res_pipe[LATENCY];
`endif
assign layer13_out_0_V = res_out[15:0];
`ifdef FAULT_LSB_STUCK
assign layer13_out_1_V = {res_out[31:17], 1'b0};
`else
assign layer13_out_1_V = res_out[31:16];
`endif
assign layer13_out_2_V = res_out[47:32];
assign layer13_out_0_V_ap_vld = ap_done;
assign layer13_out_1_V_ap_vld = ap_done;
assign layer13_out_2_V_ap_vld = ap_done;

endmodule //myproject
