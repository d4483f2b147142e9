// hwverify test design parallel_dataflow, process 1 of 3 (Vivado HLS 2019.2 style; not tool output).
// The dataflow region's entry process: takes the reshaped input array input_1_V (qualified by
// input_1_V_ap_vld; a word that came while ap_start was low is held) and copies it into the channel
// FIFO input_1_V_c, with a start token for dense_proc. Latency 0, II 1: ap_ready in the cycle it copies,
// blocked while the channel or the start FIFO is full.
// FAULT_EARLY_READY: ap_ready does not wait for room in the channel and start FIFOs, so a sample that
// arrives while they are full is acknowledged a cycle before it could be copied, and lost.
`timescale 1 ns / 1 ps

module entry_proc (
        ap_clk,
        ap_rst,
        ap_start,
        start_full_n,
        ap_done,
        ap_continue,
        ap_idle,
        ap_ready,
        start_out,
        start_write,
        input_1_V,
        input_1_V_ap_vld,
        input_1_V_c_din,
        input_1_V_c_full_n,
        input_1_V_c_write
);

parameter    ap_ST_fsm_state1 = 1'd1;

input   ap_clk;
input   ap_rst;
input   ap_start;
input   start_full_n;
output   ap_done;
input   ap_continue;
output   ap_idle;
output   ap_ready;
output   start_out;
output   start_write;
input  [63:0] input_1_V;
input   input_1_V_ap_vld;
output  [63:0] input_1_V_c_din;
input   input_1_V_c_full_n;
output   input_1_V_c_write;

reg   [0:0] ap_CS_fsm;
reg   input_1_V_ap_vld_preg;
reg  [63:0] input_1_V_preg;
wire   input_1_V_ap_vld_in_sig;
wire  [63:0] input_1_V_in_sig;
wire   ap_block_state1;
wire   ap_copy;

initial begin
#0 ap_CS_fsm = 1'd1;
#0 input_1_V_ap_vld_preg = 1'b0;
#0 input_1_V_preg = 64'd0;
end

assign input_1_V_ap_vld_in_sig = input_1_V_ap_vld | input_1_V_ap_vld_preg;
assign input_1_V_in_sig = (input_1_V_ap_vld == 1'b1) ? input_1_V : input_1_V_preg;
assign ap_block_state1 = (ap_start == 1'b0) | (input_1_V_ap_vld_in_sig == 1'b0) | (input_1_V_c_full_n == 1'b0)
                       | (start_full_n == 1'b0);
assign ap_copy = (ap_CS_fsm == ap_ST_fsm_state1) & ~ap_block_state1;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end
end

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        input_1_V_ap_vld_preg <= 1'b0;
    end else if (ap_copy) begin
        input_1_V_ap_vld_preg <= 1'b0;  // consumed
    end else if ((input_1_V_ap_vld == 1'b1) & (ap_start == 1'b0)) begin
        input_1_V_ap_vld_preg <= 1'b1;
        input_1_V_preg <= input_1_V;
    end
end

assign input_1_V_c_din = input_1_V_in_sig;
assign input_1_V_c_write = ap_copy;
assign start_out = 1'b1;
assign start_write = ap_copy;
assign ap_done = ap_copy;
`ifdef FAULT_EARLY_READY
assign ap_ready = (ap_start == 1'b1) & (input_1_V_ap_vld_in_sig == 1'b1);
`else
assign ap_ready = ap_copy;
`endif
assign ap_idle = (ap_start == 1'b0);

endmodule //entry_proc
