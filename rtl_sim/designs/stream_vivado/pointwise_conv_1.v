// hwverify test design, process 1 of 3 of the io_stream dataflow region (Vivado HLS 2019.2 style;
// not tool output). A 1x1 convolution, 2 -> 3 channels, reuse factor 2: one pixel every 4 cycles at best.
// Weights (ap_fixed<8,3>) come from the ROM pointwise_conv_1_w1_V, one word per input channel.
//   acc_j = b_j + x_0 * w_j0 + x_1 * w_j1  (15 fractional bits)
//   y_j   = wrap16(acc_j >>> 5)            (ap_fixed<16,6>, TRN, WRAP)
`timescale 1 ns / 1 ps

module pointwise_conv_1 (
        ap_clk,
        ap_rst,
        ap_start,
        start_full_n,
        ap_done,
        ap_idle,
        ap_ready,
        start_out,
        start_write,
        data_V_data_0_V_TDATA,
        data_V_data_0_V_TVALID,
        data_V_data_0_V_TREADY,
        data_V_data_1_V_TDATA,
        data_V_data_1_V_TVALID,
        data_V_data_1_V_TREADY,
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

parameter    ap_ST_fsm_state1 = 3'd0;  // idle
parameter    ap_ST_fsm_state2 = 3'd1;  // read a pixel
parameter    ap_ST_fsm_state3 = 3'd2;  // multiply-accumulate input channel 0
parameter    ap_ST_fsm_state4 = 3'd3;  // multiply-accumulate input channel 1
parameter    ap_ST_fsm_state5 = 3'd4;  // write a pixel
parameter    ap_ST_fsm_state6 = 3'd5;  // frame done
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
input  [15:0] data_V_data_0_V_TDATA;
input   data_V_data_0_V_TVALID;
output   data_V_data_0_V_TREADY;
input  [15:0] data_V_data_1_V_TDATA;
input   data_V_data_1_V_TVALID;
output   data_V_data_1_V_TREADY;
output  [15:0] res_V_data_0_V_din;
input   res_V_data_0_V_full_n;
output   res_V_data_0_V_write;
output  [15:0] res_V_data_1_V_din;
input   res_V_data_1_V_full_n;
output   res_V_data_1_V_write;
output  [15:0] res_V_data_2_V_din;
input   res_V_data_2_V_full_n;
output   res_V_data_2_V_write;

localparam signed [31:0] b_0 = 32'sd1000, b_1 = -32'sd2000, b_2 = 32'sd300;

reg   [2:0] ap_CS_fsm = 3'd0;
reg   [3:0] i_pixel;
reg  signed [15:0] x_0, x_1;
reg  signed [31:0] acc_0, acc_1, acc_2;
wire  [23:0] w1_V_q0;
wire   w1_V_ce0;
wire  [0:0] w1_V_address0;
wire   ap_all_tvalid;
wire   ap_all_full_n;
wire   ap_read;
wire   ap_write;
wire  signed [7:0] w_0 = w1_V_q0[7:0];
wire  signed [7:0] w_1 = w1_V_q0[15:8];
wire  signed [7:0] w_2 = w1_V_q0[23:16];
wire  signed [31:0] shr_0 = acc_0 >>> 5;
wire  signed [31:0] shr_1 = acc_1 >>> 5;
wire  signed [31:0] shr_2 = acc_2 >>> 5;

pointwise_conv_1_w1_V #(
    .DataWidth( 24 ),
    .AddressRange( 2 ),
    .AddressWidth( 1 ))
w1_V_U(
    .clk(ap_clk),
    .reset(ap_rst),
    .address0(w1_V_address0),
    .ce0(w1_V_ce0),
    .q0(w1_V_q0)
);

initial begin
#0 ap_CS_fsm = 3'd0;
end

assign ap_all_tvalid = data_V_data_0_V_TVALID & data_V_data_1_V_TVALID;
assign ap_all_full_n = res_V_data_0_V_full_n & res_V_data_1_V_full_n & res_V_data_2_V_full_n;
assign ap_read = (ap_CS_fsm == ap_ST_fsm_state2) & ap_all_tvalid;
assign ap_write = (ap_CS_fsm == ap_ST_fsm_state5) & ap_all_full_n;
assign w1_V_address0 = (ap_CS_fsm == ap_ST_fsm_state2) ? 1'd0 : 1'd1;
assign w1_V_ce0 = ap_read | (ap_CS_fsm == ap_ST_fsm_state3);

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
    end else begin
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if ((ap_start == 1'b1) & (start_full_n == 1'b1)) ap_CS_fsm <= ap_ST_fsm_state2;
            ap_ST_fsm_state2: if (ap_read) ap_CS_fsm <= ap_ST_fsm_state3;
            ap_ST_fsm_state3: ap_CS_fsm <= ap_ST_fsm_state4;
            ap_ST_fsm_state4: ap_CS_fsm <= ap_ST_fsm_state5;
            ap_ST_fsm_state5: if (ap_write) ap_CS_fsm <= (i_pixel == N_PIXELS - 1) ? ap_ST_fsm_state6 : ap_ST_fsm_state2;
            default: ap_CS_fsm <= ap_ST_fsm_state1;
        endcase
    end
end

always @ (posedge ap_clk) begin
    if ((ap_CS_fsm == ap_ST_fsm_state1)) begin
        i_pixel <= 4'd0;
    end else if (ap_write) begin
        i_pixel <= i_pixel + 4'd1;
    end
    if (ap_read) begin
        x_0 <= data_V_data_0_V_TDATA;
        x_1 <= data_V_data_1_V_TDATA;
    end
    if ((ap_CS_fsm == ap_ST_fsm_state3)) begin
        acc_0 <= b_0 + x_0 * w_0;
        acc_1 <= b_1 + x_0 * w_1;
        acc_2 <= b_2 + x_0 * w_2;
    end
    if ((ap_CS_fsm == ap_ST_fsm_state4)) begin
        acc_0 <= acc_0 + x_1 * w_0;
        acc_1 <= acc_1 + x_1 * w_1;
        acc_2 <= acc_2 + x_1 * w_2;
    end
end

assign start_out = 1'b1;
assign start_write = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b1) & (start_full_n == 1'b1);
assign ap_idle = (ap_CS_fsm == ap_ST_fsm_state1) & (ap_start == 1'b0);
assign ap_done = (ap_CS_fsm == ap_ST_fsm_state6);
assign ap_ready = (ap_CS_fsm == ap_ST_fsm_state6);
assign data_V_data_0_V_TREADY = ap_read;
assign data_V_data_1_V_TREADY = ap_read;
assign res_V_data_0_V_din = shr_0[15:0];
assign res_V_data_1_V_din = shr_1[15:0];
assign res_V_data_2_V_din = shr_2[15:0];
assign res_V_data_0_V_write = ap_write;
assign res_V_data_1_V_write = ap_write;
assign res_V_data_2_V_write = ap_write;

endmodule //pointwise_conv_1
