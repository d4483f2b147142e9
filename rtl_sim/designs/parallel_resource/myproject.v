// hwverify test design: io_parallel, Resource strategy with reuse factor 4, Vitis HLS 2020.2 style
// (not tool output): port names without the _V suffix, the module names prefixed with the top's.
// A pipelined function (not dataflow) with II 4: ap_CS_fsm cycles through pp0_stage0..stage3. The input
// in_x (4 x ap_fixed<16,6>, reshaped, element 0 in the least significant bits) is taken in stage0 when
// ap_start and in_x_ap_vld are high; ap_ready is asserted only in stage3, the LAST cycle of the 4-cycle
// input window. As in real Vivado HLS exports, iteration 0's enable is ap_start in stage0 and, in stages 1-3,
// ap_start as it was in stage0 (ap_enable_reg_pp0_iter0_reg): ap_start rising in the middle of a window
// does not start a sample there. ap_start must stay high from the first cycle of the window until ap_ready. While a sample drains
// (ap_enable_reg_pp0_iter1) the stages keep cycling even with ap_start low. ap_done comes 6 cycles after
// the first cycle of the window (latency 6) with the reshaped output layer9_out (4 x ap_fixed<16,6>).
// Computes a Dense 4 -> 4 layer, one input element per cycle against a ROM word of 4 weights:
//   acc_j = b_j + sum_i x_i * w_ji   (w: ap_fixed<8,3> from myproject_w9, b and acc: 15 fractional bits)
//   y_j   = sat16((acc_j + 16) >>> 5)  (ap_fixed<16,6,AP_RND,AP_SAT>)
// FAULT_EARLY_READY     ap_ready in stage2, one cycle early
// FAULT_SWAPPED_ELEMENTS elements 1 and 2 of layer9_out swapped
// FAULT_WEIGHT_BIT      (in myproject_w9.v) one ROM weight has a bit flipped
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject_myproject,hls_ip_2020_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xcvu9p-flga2104-2L-e,HLS_INPUT_CLOCK=5.000000,HLS_INPUT_ARCH=pipeline,HLS_SYN_CLOCK=3.912000,HLS_SYN_LAT=6,HLS_SYN_TPT=4,HLS_SYN_MEM=1,HLS_SYN_DSP=0,HLS_SYN_FF=611,HLS_SYN_LUT=1093,HLS_VERSION=2020_2}" *)

module myproject (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        in_x_ap_vld,
        in_x,
        layer9_out,
        layer9_out_ap_vld
);

parameter    ap_ST_fsm_pp0_stage0 = 4'd1;
parameter    ap_ST_fsm_pp0_stage1 = 4'd2;
parameter    ap_ST_fsm_pp0_stage2 = 4'd4;
parameter    ap_ST_fsm_pp0_stage3 = 4'd8;

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input   in_x_ap_vld;
input  [63:0] in_x;
output  [63:0] layer9_out;
output   layer9_out_ap_vld;

localparam signed [31:0] b_0 = 32'sd22000, b_1 = -32'sd9000, b_2 = 32'sd1500, b_3 = -32'sd31000;

reg   [3:0] ap_CS_fsm;
wire    ap_CS_fsm_pp0_stage0 = ap_CS_fsm[0];
wire    ap_CS_fsm_pp0_stage1 = ap_CS_fsm[1];
wire    ap_CS_fsm_pp0_stage2 = ap_CS_fsm[2];
wire    ap_CS_fsm_pp0_stage3 = ap_CS_fsm[3];
wire    ap_enable_reg_pp0_iter0;
reg    ap_enable_reg_pp0_iter0_reg;
reg    ap_enable_reg_pp0_iter1;
wire    ap_block_pp0_stage0_11001;
wire    ap_idle_pp0;
reg    in_x_ap_vld_preg;
reg   [63:0] in_x_preg;
wire    in_x_ap_vld_in_sig;
wire   [63:0] in_x_in_sig;
reg   [63:0] x_reg;
reg  signed [31:0] acc_0, acc_1, acc_2, acc_3;
reg  signed [31:0] tail_0, tail_1, tail_2, tail_3;
reg   [63:0] layer9_out_reg;
wire   [31:0] w9_q0;
wire   [1:0] w9_address0;
wire    w9_ce0;
wire    ap_take;

initial begin
#0 ap_CS_fsm = 4'd1;
#0 ap_enable_reg_pp0_iter0_reg = 1'b0;
#0 ap_enable_reg_pp0_iter1 = 1'b0;
#0 in_x_ap_vld_preg = 1'b0;
#0 in_x_preg = 64'd0;
end

myproject_w9 #(
    .DataWidth( 32 ),
    .AddressRange( 4 ),
    .AddressWidth( 2 ))
w9_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .address0(w9_address0),
    .ce0(w9_ce0),
    .q0(w9_q0)
);

// The weights of the element the ROM read in the previous cycle.
wire  signed [7:0] w_0 = w9_q0[7:0];
wire  signed [7:0] w_1 = w9_q0[15:8];
wire  signed [7:0] w_2 = w9_q0[23:16];
wire  signed [7:0] w_3 = w9_q0[31:24];
// The input element multiplied in stage 1, 2, 3 (iteration 0) and stage 0 (iteration 1).
wire  signed [15:0] x_mac = ap_CS_fsm_pp0_stage1 ? x_reg[15:0] : ap_CS_fsm_pp0_stage2 ? x_reg[31:16]
                          : ap_CS_fsm_pp0_stage3 ? x_reg[47:32] : x_reg[63:48];
wire  signed [23:0] p_0 = x_mac * w_0;
wire  signed [23:0] p_1 = x_mac * w_1;
wire  signed [23:0] p_2 = x_mac * w_2;
wire  signed [23:0] p_3 = x_mac * w_3;

function [15:0] rnd_sat16;
    input signed [31:0] acc;
    reg signed [31:0] v;
    begin
        v = (acc + 32'sd16) >>> 5;
        if (v > 32'sd32767) rnd_sat16 = 16'h7fff;
        else if (v < -32'sd32768) rnd_sat16 = 16'h8000;
        else rnd_sat16 = v[15:0];
    end
endfunction

assign ap_enable_reg_pp0_iter0 = ap_CS_fsm_pp0_stage0 ? ap_start : ap_enable_reg_pp0_iter0_reg;
assign in_x_ap_vld_in_sig = in_x_ap_vld | in_x_ap_vld_preg;
assign in_x_in_sig = (in_x_ap_vld == 1'b1) ? in_x : in_x_preg;
// Stage 0 stalls while ap_start is high but no valid input has been seen.
assign ap_block_pp0_stage0_11001 = (ap_start == 1'b1) & (in_x_ap_vld_in_sig == 1'b0);
assign ap_take = ap_CS_fsm_pp0_stage0 & (ap_start == 1'b1) & ~ap_block_pp0_stage0_11001;
assign ap_idle_pp0 = (ap_enable_reg_pp0_iter1 == 1'b0);
assign w9_address0 = ap_CS_fsm_pp0_stage0 ? 2'd0 : ap_CS_fsm_pp0_stage1 ? 2'd1 : ap_CS_fsm_pp0_stage2 ? 2'd2 : 2'd3;
assign w9_ce0 = ~(ap_CS_fsm_pp0_stage0 & ap_block_pp0_stage0_11001);

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
    end else begin
        case (ap_CS_fsm)
            ap_ST_fsm_pp0_stage0: begin
                if (~ap_block_pp0_stage0_11001 & ((ap_start == 1'b1) | ~ap_idle_pp0))
                    ap_CS_fsm <= ap_ST_fsm_pp0_stage1;
            end
            ap_ST_fsm_pp0_stage1: ap_CS_fsm <= ap_ST_fsm_pp0_stage2;
            ap_ST_fsm_pp0_stage2: ap_CS_fsm <= ap_ST_fsm_pp0_stage3;
            ap_ST_fsm_pp0_stage3: ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
            default: ap_CS_fsm <= ap_ST_fsm_pp0_stage0;
        endcase
    end
end

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_enable_reg_pp0_iter0_reg <= 1'b0;
    end else if (ap_CS_fsm_pp0_stage0) begin
        ap_enable_reg_pp0_iter0_reg <= ap_start;
    end
end

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_enable_reg_pp0_iter1 <= 1'b0;
    end else if (ap_CS_fsm_pp0_stage3) begin
        ap_enable_reg_pp0_iter1 <= ap_enable_reg_pp0_iter0;
    end
end

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        in_x_ap_vld_preg <= 1'b0;
    end else if (ap_take) begin
        in_x_ap_vld_preg <= 1'b0;  // consumed
    end else if ((in_x_ap_vld == 1'b1) & (ap_start == 1'b0)) begin
        in_x_ap_vld_preg <= 1'b1;
        in_x_preg <= in_x;
    end
end

// Iteration 0: stage 0 takes the input, stages 1-3 accumulate elements 0-2 (enabled by ap_start).
always @ (posedge ap_clk) begin
    if (ap_take) begin
        x_reg <= in_x_in_sig;
    end
    if (ap_CS_fsm_pp0_stage1 & ap_enable_reg_pp0_iter0) begin
        acc_0 <= b_0 + p_0; acc_1 <= b_1 + p_1; acc_2 <= b_2 + p_2; acc_3 <= b_3 + p_3;
    end
    if ((ap_CS_fsm_pp0_stage2 | ap_CS_fsm_pp0_stage3) & ap_enable_reg_pp0_iter0) begin
        acc_0 <= acc_0 + p_0; acc_1 <= acc_1 + p_1; acc_2 <= acc_2 + p_2; acc_3 <= acc_3 + p_3;
    end
end

// Iteration 1: stage 0 accumulates element 3, stage 1 rounds and saturates, stage 2 is ap_done.
always @ (posedge ap_clk) begin
    if (ap_CS_fsm_pp0_stage0 & ~ap_block_pp0_stage0_11001 & ap_enable_reg_pp0_iter1) begin
        tail_0 <= acc_0 + p_0; tail_1 <= acc_1 + p_1; tail_2 <= acc_2 + p_2; tail_3 <= acc_3 + p_3;
    end
    if (ap_CS_fsm_pp0_stage1 & ap_enable_reg_pp0_iter1) begin
`ifdef FAULT_SWAPPED_ELEMENTS
        layer9_out_reg <= {rnd_sat16(tail_3), rnd_sat16(tail_1), rnd_sat16(tail_2), rnd_sat16(tail_0)};
`else
        layer9_out_reg <= {rnd_sat16(tail_3), rnd_sat16(tail_2), rnd_sat16(tail_1), rnd_sat16(tail_0)};
`endif
    end
end

assign ap_done = ap_CS_fsm_pp0_stage2 & ap_enable_reg_pp0_iter1;
`ifdef FAULT_EARLY_READY
assign ap_ready = ap_CS_fsm_pp0_stage2 & ap_enable_reg_pp0_iter0;
`else
assign ap_ready = ap_CS_fsm_pp0_stage3 & ap_enable_reg_pp0_iter0;
`endif
assign ap_idle = (ap_start == 1'b0) & ap_idle_pp0 & ap_CS_fsm_pp0_stage0;
assign layer9_out = layer9_out_reg;
assign layer9_out_ap_vld = ap_done;

endmodule //myproject
