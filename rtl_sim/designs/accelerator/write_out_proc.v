// hwverify test design (Vivado HLS 2019.2 style; not tool output): the output loop of myproject_axi.
// Sends N_OUT = 3 beats of out_r per sample, element 0 first; TLAST is set on the last element of a
// sample when any input beat of that sample had TLAST.
// FAULT_WRONG_TLAST sets TLAST on the second-to-last element instead.
// FAULT_DUPLICATE_BEAT sends element 0 of the second sample twice.
// FAULT_TLAST_ZERO ties TLAST to 0, FAULT_TLAST_ONE to 1, FAULT_TLAST_INVERTED inverts it.
`timescale 1 ns / 1 ps

module write_out_proc (
        ap_clk,
        ap_rst,
        out_local_V_dout,
        out_local_V_empty_n,
        out_local_V_read,
        is_last_dout,
        is_last_empty_n,
        is_last_read,
        out_r_TDATA,
        out_r_TVALID,
        out_r_TREADY,
        out_r_TLAST
);

parameter    N_OUT = 3;
`ifdef FAULT_WRONG_TLAST
parameter    LAST_ELEMENT = N_OUT - 2;
`else
parameter    LAST_ELEMENT = N_OUT - 1;
`endif

input   ap_clk;
input   ap_rst;
input  [47:0] out_local_V_dout;
input   out_local_V_empty_n;
output   out_local_V_read;
input  [0:0] is_last_dout;
input   is_last_empty_n;
output   is_last_read;
output  [15:0] out_r_TDATA;
output   out_r_TVALID;
input   out_r_TREADY;
output  [0:0] out_r_TLAST;

reg   ap_CS_fsm = 1'b0;   // 0: wait for a result, 1: sending beats
reg   [1:0] i_elem = 2'd0;
reg   [47:0] result_reg;
reg   last_reg;
reg   [31:0] n_samples = 32'd0;
reg   duplicated = 1'b0;
wire   ap_read;
wire   ap_sent;
wire   ap_repeat;

initial begin
#0 ap_CS_fsm = 1'b0;
#0 i_elem = 2'd0;
end

assign ap_read = (ap_CS_fsm == 1'b0) & out_local_V_empty_n & is_last_empty_n;
assign ap_sent = (ap_CS_fsm == 1'b1) & out_r_TREADY;
`ifdef FAULT_DUPLICATE_BEAT
assign ap_repeat = (n_samples == 32'd1) & (i_elem == 2'd0) & ~duplicated;
`else
assign ap_repeat = 1'b0;
`endif

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= 1'b0;
        i_elem <= 2'd0;
        n_samples <= 32'd0;
        duplicated <= 1'b0;
    end else if (ap_read) begin
        result_reg <= out_local_V_dout;
        last_reg <= is_last_dout[0];
        i_elem <= 2'd0;
        ap_CS_fsm <= 1'b1;
    end else if (ap_sent) begin
        if (ap_repeat) begin
            duplicated <= 1'b1;
        end else if (i_elem == N_OUT - 1) begin
            ap_CS_fsm <= 1'b0;
            n_samples <= n_samples + 32'd1;
        end else begin
            i_elem <= i_elem + 2'd1;
        end
    end
end

assign out_local_V_read = ap_read;
assign is_last_read = ap_read;
assign out_r_TVALID = (ap_CS_fsm == 1'b1);
assign out_r_TDATA = (i_elem == 2'd0) ? result_reg[15:0] : (i_elem == 2'd1) ? result_reg[31:16] : result_reg[47:32];
wire   tlast = last_reg & (i_elem == LAST_ELEMENT);
`ifdef FAULT_TLAST_ZERO
assign out_r_TLAST = 1'b0;
`else
`ifdef FAULT_TLAST_ONE
assign out_r_TLAST = 1'b1;
`else
`ifdef FAULT_TLAST_INVERTED
assign out_r_TLAST = ~tlast;
`else
assign out_r_TLAST = tlast;
`endif
`endif
`endif

endmodule //write_out_proc
