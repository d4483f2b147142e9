// hwverify test design stream_stall: the process (see myproject.v). A 3-stage rewinding loop pipeline, II 1:
// iter0 issues an iteration while ap_start_int is high, iter1 reads one pixel, iter2 writes one pixel.
// ap_ready is the issue of a call's last iteration, ap_done the write of its last pixel.
`timescale 1 ns / 1 ps

module myproject_add_bias (
        ap_clk,
        ap_rst,
        ap_start,
        ap_done,
        ap_idle,
        ap_ready,
        in_TDATA,
        in_TVALID,
        in_TREADY,
        out_din,
        out_full_n,
        out_write
);

input   ap_clk;
input   ap_rst;
input   ap_start;
output   ap_done;
output   ap_idle;
output   ap_ready;
input  [31:0] in_TDATA;
input   in_TVALID;
output   in_TREADY;
output  [31:0] out_din;
input   out_full_n;
output   out_write;

(* fsm_encoding = "none" *) reg   [0:0] ap_CS_fsm;  // one state: the pipelined loop
reg    ap_enable_reg_pp0_iter1;
reg    ap_enable_reg_pp0_iter2;
reg   [1:0] i_fu_40;
reg    last_iter1;
reg    last_iter2;
reg   [31:0] data_iter2;
reg   [31:0] data_prev;
reg    ap_block_state2_pp0_stage0_iter1;
reg    ap_block_state3_pp0_stage0_iter2;
reg    ap_block_pp0_stage0_subdone;
wire    ap_start_int;
wire   [15:0] in_0 = in_TDATA[15:0];
wire   [15:0] in_1 = in_TDATA[31:16];
`ifdef FAULT_BIAS
wire   [15:0] bias_1 = 16'hff80;
`else
wire   [15:0] bias_1 = 16'hffc0;
`endif

// power-on initialization
initial begin
#0 ap_CS_fsm = 1'd1;
#0 ap_enable_reg_pp0_iter1 = 1'b0;
#0 ap_enable_reg_pp0_iter2 = 1'b0;
#0 i_fu_40 = 2'd0;
end

// flow_control_loop_pipe, rewinding: a new call's first iteration enters as soon as ap_start is high.
assign ap_start_int = ap_start;

always @ (*) begin
    ap_block_state2_pp0_stage0_iter1 = (in_TVALID == 1'b0);
end

always @ (*) begin
    ap_block_state3_pp0_stage0_iter2 = (out_full_n == 1'b0);
end

always @ (*) begin
    ap_block_pp0_stage0_subdone = ((ap_enable_reg_pp0_iter1 == 1'b1) & (ap_block_state2_pp0_stage0_iter1 == 1'b1))
        | ((ap_enable_reg_pp0_iter2 == 1'b1) & (ap_block_state3_pp0_stage0_iter2 == 1'b1));
end

always @ (posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        ap_CS_fsm <= 1'd1;
        ap_enable_reg_pp0_iter1 <= 1'b0;
        ap_enable_reg_pp0_iter2 <= 1'b0;
        i_fu_40 <= 2'd0;
    end else if (ap_block_pp0_stage0_subdone == 1'b0) begin
        ap_enable_reg_pp0_iter1 <= ap_start_int;
        ap_enable_reg_pp0_iter2 <= ap_enable_reg_pp0_iter1;
        last_iter1 <= (i_fu_40 == 2'd3);
        last_iter2 <= last_iter1;
        if (ap_start_int == 1'b1) begin
            i_fu_40 <= i_fu_40 + 2'd1;
        end
        if (ap_enable_reg_pp0_iter1 == 1'b1) begin
            data_prev <= {in_1, in_0};
`ifdef FAULT_STALE_LAST
            data_iter2 <= last_iter1 ? {data_prev[31:16] + bias_1, data_prev[15:0] + 16'h0100}
                                     : {in_1 + bias_1, in_0 + 16'h0100};
`else
`ifdef FAULT_SWAPPED_CHANNELS
            data_iter2 <= {in_0 + 16'h0100, in_1 + bias_1};
`else
            data_iter2 <= {in_1 + bias_1, in_0 + 16'h0100};
`endif
`endif
        end
    end
end

assign in_TREADY = (ap_enable_reg_pp0_iter1 == 1'b1) & (ap_block_pp0_stage0_subdone == 1'b0);
assign out_write = (ap_enable_reg_pp0_iter2 == 1'b1) & (ap_block_pp0_stage0_subdone == 1'b0);
assign out_din = data_iter2;
assign ap_ready = (ap_start_int == 1'b1) & (i_fu_40 == 2'd3) & (ap_block_pp0_stage0_subdone == 1'b0);
assign ap_done = out_write & (last_iter2 == 1'b1);
assign ap_idle = (ap_start == 1'b0) & (ap_enable_reg_pp0_iter1 == 1'b0) & (ap_enable_reg_pp0_iter2 == 1'b0);

endmodule //myproject_add_bias
