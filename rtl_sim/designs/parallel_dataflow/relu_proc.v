// hwverify test design parallel_dataflow, process 3 of 3 (Vivado HLS 2019.2 style; not tool output).
// The output process: reads a result word of dense_proc and writes ReLU of each element, as
// ap_ufixed<12,4,AP_RND,AP_SAT> (8 fractional bits), to the region's outputs layer5_out_<i>_V with
// their _ap_vld strobes, in the cycle it reads (latency 0, II 1).
//   y_i = min((max(x_i, 0) + 2) >> 2, 4095)
// FAULT_SWAPPED_OUTPUTS writes element 0 to layer5_out_1_V and element 1 to layer5_out_0_V.
`timescale 1 ns / 1 ps

module relu_proc (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_continue,
        ap_idle,
        ap_ready,
        data_V_dout,
        data_V_empty_n,
        data_V_read,
        layer5_out_0_V,
        layer5_out_0_V_ap_vld,
        layer5_out_1_V,
        layer5_out_1_V_ap_vld,
        layer5_out_2_V,
        layer5_out_2_V_ap_vld
);

parameter    ap_ST_fsm_state1 = 1'd1;

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
input   ap_continue;
output   ap_idle;
output   ap_ready;
input  [47:0] data_V_dout;
input   data_V_empty_n;
output   data_V_read;
output  [11:0] layer5_out_0_V;
output   layer5_out_0_V_ap_vld;
output  [11:0] layer5_out_1_V;
output   layer5_out_1_V_ap_vld;
output  [11:0] layer5_out_2_V;
output   layer5_out_2_V_ap_vld;

reg   [0:0] ap_CS_fsm;
wire   ap_read;
wire  [11:0] y_0, y_1, y_2;

initial begin
#0 ap_CS_fsm = 1'd1;
end

// ReLU of an ap_fixed<16,6> code, rounded to ap_ufixed<12,4> (AP_RND: add half an LSB, truncate).
function [11:0] relu_ufixed12;
    input signed [15:0] v;
    reg [16:0] rounded;
    begin
        rounded = {1'b0, v} + 17'd2;
        if (v <= 16'sd0) relu_ufixed12 = 12'd0;
        else if (rounded[16:2] > 15'd4095) relu_ufixed12 = 12'hfff;
        else relu_ufixed12 = rounded[13:2];
    end
endfunction

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end
end

assign ap_read = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b1) & (data_V_empty_n == 1'b1);
assign y_0 = relu_ufixed12(data_V_dout[15:0]);
assign y_1 = relu_ufixed12(data_V_dout[31:16]);
assign y_2 = relu_ufixed12(data_V_dout[47:32]);

assign data_V_read = ap_read;
`ifdef FAULT_SWAPPED_OUTPUTS
assign layer5_out_0_V = y_1;
assign layer5_out_1_V = y_0;
`else
assign layer5_out_0_V = y_0;
assign layer5_out_1_V = y_1;
`endif
assign layer5_out_2_V = y_2;
assign layer5_out_0_V_ap_vld = ap_read;
assign layer5_out_1_V_ap_vld = ap_read;
assign layer5_out_2_V_ap_vld = ap_read;
assign ap_done = ap_read;
assign ap_ready = ap_read;
assign ap_idle = (ap_start == 1'b0);

endmodule //relu_proc
