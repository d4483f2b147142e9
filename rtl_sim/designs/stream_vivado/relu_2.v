// hwverify test design, process 2 of 3 of the io_stream dataflow region (Vivado HLS 2019.2 style;
// not tool output). ReLU on 3 channels, one pixel a cycle when data and space are there.
`timescale 1 ns / 1 ps

module relu_2 (
        ap_clk,
        ap_rst,
        ap_start,
        start_full_n,
        ap_done,
        ap_idle,
        ap_ready,
        start_out,
        start_write,
        data_V_data_0_V_dout,
        data_V_data_0_V_empty_n,
        data_V_data_0_V_read,
        data_V_data_1_V_dout,
        data_V_data_1_V_empty_n,
        data_V_data_1_V_read,
        data_V_data_2_V_dout,
        data_V_data_2_V_empty_n,
        data_V_data_2_V_read,
        res_V_data_0_V_din,
        res_V_data_0_V_full_n,
        res_V_data_0_V_write,
        res_V_data_1_V_din,
        res_V_data_1_V_full_n,
        res_V_data_1_V_write,
        res_V_data_2_V_din,
        res_V_data_2_V_full_n,
        res_V_data_2_V_write
);

parameter    ap_ST_fsm_state1 = 2'd0;  // idle
parameter    ap_ST_fsm_pp0_stage0 = 2'd1;  // pixel loop
parameter    ap_ST_fsm_state3 = 2'd2;  // frame done
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
input  [15:0] data_V_data_0_V_dout;
input   data_V_data_0_V_empty_n;
output   data_V_data_0_V_read;
input  [15:0] data_V_data_1_V_dout;
input   data_V_data_1_V_empty_n;
output   data_V_data_1_V_read;
input  [15:0] data_V_data_2_V_dout;
input   data_V_data_2_V_empty_n;
output   data_V_data_2_V_read;
output  [15:0] res_V_data_0_V_din;
input   res_V_data_0_V_full_n;
output   res_V_data_0_V_write;
output  [15:0] res_V_data_1_V_din;
input   res_V_data_1_V_full_n;
output   res_V_data_1_V_write;
output  [15:0] res_V_data_2_V_din;
input   res_V_data_2_V_full_n;
output   res_V_data_2_V_write;

reg   [1:0] ap_CS_fsm = 2'd0;
reg   [3:0] i_pixel;
wire   ap_fire;

initial begin
#0 ap_CS_fsm = 2'd0;
end

assign ap_fire = (ap_CS_fsm == ap_ST_fsm_pp0_stage0)
    & data_V_data_0_V_empty_n & data_V_data_1_V_empty_n & data_V_data_2_V_empty_n
    & res_V_data_0_V_full_n & res_V_data_1_V_full_n & res_V_data_2_V_full_n;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
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
assign data_V_data_0_V_read = ap_fire;
assign data_V_data_1_V_read = ap_fire;
assign data_V_data_2_V_read = ap_fire;
assign res_V_data_0_V_write = ap_fire;
assign res_V_data_1_V_write = ap_fire;
assign res_V_data_2_V_write = ap_fire;
assign res_V_data_0_V_din = data_V_data_0_V_dout[15] ? 16'd0 : data_V_data_0_V_dout;
assign res_V_data_1_V_din = data_V_data_1_V_dout[15] ? 16'd0 : data_V_data_1_V_dout;
assign res_V_data_2_V_din = data_V_data_2_V_dout[15] ? 16'd0 : data_V_data_2_V_dout;

endmodule //relu_2
