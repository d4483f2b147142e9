// hwverify test design (Vivado HLS 2019.2 style; not tool output): the input loop of myproject_axi.
// Reads N_IN = 4 beats of in_r (one ap_fixed<16,6> element a beat, element 0 first), packs them into
// one word for myproject's ap_fifo input, and records whether any beat of the sample had TLAST.
`timescale 1 ns / 1 ps

module read_in_proc (
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

input   ap_clk;
input   ap_rst;
input  [15:0] in_r_TDATA;
input   in_r_TVALID;
output   in_r_TREADY;
input  [0:0] in_r_TLAST;
output  [63:0] in_local_V_din;
input   in_local_V_full_n;
output   in_local_V_write;
output  [0:0] is_last_din;
input   is_last_full_n;
output   is_last_write;

reg   [1:0] i_elem = 2'd0;
reg   [47:0] packed_low = 48'd0;
reg   last_seen = 1'b0;
reg   ap_CS_fsm = 1'b0;   // 0: reading beats, 1: writing the packed word
wire   ap_read;
wire   ap_write;

initial begin
#0 ap_CS_fsm = 1'b0;
#0 i_elem = 2'd0;
#0 last_seen = 1'b0;
end

assign ap_read = (ap_CS_fsm == 1'b0) & in_r_TVALID;
assign ap_write = (ap_CS_fsm == 1'b1) & in_local_V_full_n & is_last_full_n;

reg   [63:0] word_reg;
reg   last_reg;

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= 1'b0;
        i_elem <= 2'd0;
        last_seen <= 1'b0;
    end else if (ap_read) begin
        case (i_elem)
            2'd0: packed_low[15:0] <= in_r_TDATA;
            2'd1: packed_low[31:16] <= in_r_TDATA;
            2'd2: packed_low[47:32] <= in_r_TDATA;
            default: ;
        endcase
        if (i_elem == N_IN - 1) begin
            word_reg <= {in_r_TDATA, packed_low};
            last_reg <= last_seen | in_r_TLAST[0];
            last_seen <= 1'b0;
            i_elem <= 2'd0;
            ap_CS_fsm <= 1'b1;
        end else begin
            last_seen <= last_seen | in_r_TLAST[0];
            i_elem <= i_elem + 2'd1;
        end
    end else if (ap_write) begin
        ap_CS_fsm <= 1'b0;
    end
end

assign in_r_TREADY = ap_read;
assign in_local_V_din = word_reg;
assign in_local_V_write = ap_write;
assign is_last_din = last_reg;
assign is_last_write = ap_write;

endmodule //read_in_proc
