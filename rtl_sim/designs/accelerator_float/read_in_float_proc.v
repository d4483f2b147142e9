// hwverify test design (Vivado HLS 2019.2 style; not tool output): the input loop of a float-I/O
// myproject_axi. Reads N_IN = 4 beats of in_r (IEEE-754 single bits, element 0 first), converts
// each to ap_fixed<16,6> the way ap_fixed's constructor from double does (the float -> double step
// goes through the floating-point IP wrapper myproject_axi_fpext_32ns_64_1_1), packs the four codes
// for myproject's ap_fifo input and records whether any beat of the sample had TLAST.
//   code = floor(x * 2^10) modulo 2^16   (ap_fixed<16,6>: AP_TRN, AP_WRAP); infinities and NaN give 0
// FAULT_FLOAT_ROUNDING truncates towards zero (AP_TRN_ZERO) instead of towards minus infinity.
`timescale 1 ns / 1 ps

module read_in_float_proc (
        ap_clk,
        ap_rst,
        in_r_TDATA,
        in_r_TVALID,
        in_r_TREADY,
        in_r_TLAST,
        in_local_V_din,
        in_local_V_full_n,
        in_local_V_write,
        is_last_din,
        is_last_full_n,
        is_last_write
);

parameter    N_IN = 4;
parameter    ap_ST_fsm_state1 = 2'd0;  // take a beat
parameter    ap_ST_fsm_state2 = 2'd1;  // convert it
parameter    ap_ST_fsm_state3 = 2'd2;  // write the packed sample

input   ap_clk;
input   ap_rst;
input  [31:0] in_r_TDATA;
input   in_r_TVALID;
output   in_r_TREADY;
input  [0:0] in_r_TLAST;
output  [63:0] in_local_V_din;
input   in_local_V_full_n;
output   in_local_V_write;
output  [0:0] is_last_din;
input   is_last_full_n;
output   is_last_write;

reg   [1:0] ap_CS_fsm = 2'd0;
reg   [1:0] i_elem = 2'd0;
reg   [63:0] word_reg = 64'd0;
reg   last_seen = 1'b0;
reg   last_reg = 1'b0;
wire   ap_read;
wire   ap_write;
wire  [63:0] fpext_dout;
wire  [15:0] code;

function [15:0] double_to_fixed16;
    input [63:0] d;
    reg          negative;
    reg   [52:0] magnitude;
    reg   [68:0] shifted;
    reg   [52:0] quotient;
    reg          inexact;
    integer      shift;
    begin
        negative = d[63];
        magnitude = {1'b1, d[51:0]};
        shift = d[62:52];
        shift = shift - 1065;  // x * 2^10 = magnitude * 2^(exponent - 1023 - 52 + 10)
        if (d[62:52] == 11'd0 || d[62:52] == 11'h7ff) begin
            double_to_fixed16 = 16'd0;
        end else if (shift >= 0) begin
            shifted = (shift >= 16) ? 69'd0 : ({16'd0, magnitude} << shift);
            double_to_fixed16 = negative ? -shifted[15:0] : shifted[15:0];
        end else begin
            if (-shift >= 53) begin
                quotient = 53'd0;
                inexact = 1'b1;
            end else begin
                quotient = magnitude >> (-shift);
                inexact = (magnitude & ((53'd1 << (-shift)) - 53'd1)) != 53'd0;
            end
`ifdef FAULT_FLOAT_ROUNDING
            inexact = 1'b0;  // truncates towards zero, as a C cast would, instead of AP_TRN's floor
`endif
            // floor: a negative value with a fraction goes one code further down
            double_to_fixed16 = negative ? -(quotient[15:0] + {15'd0, inexact}) : quotient[15:0];
        end
    end
endfunction

myproject_axi_fpext_32ns_64_1_1 #(
    .ID( 1 ),
    .NUM_STAGE( 1 ),
    .din0_WIDTH( 32 ),
    .dout_WIDTH( 64 ))
myproject_axi_fpext_32ns_64_1_1_U1(
    .clk(ap_clk),
    .reset(ap_rst),
    .din0(in_r_TDATA),
    .ce(ap_read),
    .dout(fpext_dout)
);

initial begin
#0 ap_CS_fsm = 2'd0;
#0 i_elem = 2'd0;
#0 last_seen = 1'b0;
end

assign code = double_to_fixed16(fpext_dout);
assign ap_read = (ap_CS_fsm == ap_ST_fsm_state1) & in_r_TVALID;
assign ap_write = (ap_CS_fsm == ap_ST_fsm_state3) & in_local_V_full_n & is_last_full_n;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
        i_elem <= 2'd0;
        last_seen <= 1'b0;
    end else begin
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if (ap_read) begin
                last_seen <= last_seen | in_r_TLAST[0];
                ap_CS_fsm <= ap_ST_fsm_state2;
            end
            ap_ST_fsm_state2: begin
                word_reg <= {code, word_reg[63:16]};  // element 0 ends in the LSBs
                i_elem <= i_elem + 2'd1;
                if (i_elem == N_IN - 1) begin
                    last_reg <= last_seen;
                    last_seen <= 1'b0;
                    ap_CS_fsm <= ap_ST_fsm_state3;
                end else begin
                    ap_CS_fsm <= ap_ST_fsm_state1;
                end
            end
            ap_ST_fsm_state3: if (ap_write) ap_CS_fsm <= ap_ST_fsm_state1;
            default: ap_CS_fsm <= ap_ST_fsm_state1;
        endcase
    end
end

assign in_r_TREADY = ap_read;
assign in_local_V_din = word_reg;
assign in_local_V_write = ap_write;
assign is_last_din = last_reg;
assign is_last_write = ap_write;

endmodule //read_in_float_proc
