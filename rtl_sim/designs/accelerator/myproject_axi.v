// hwverify test design: the VivadoAccelerator wrapper myproject_axi (Vivado HLS 2019.2 style; not
// tool output). ap_ctrl_none; AXI-Stream in_r / out_r with TLAST, one ap_fixed<16,6> element per
// beat; ap_rst_n active-low, inverted by a combinational always block. A dataflow of the input loop,
// the inner myproject (ap_fifo ports, ap_ctrl_chain) and the output loop, with FIFOs between them.
`timescale 1 ns / 1 ps

(* CORE_GENERATION_INFO="myproject_axi,hls_ip_2019_2,{HLS_INPUT_TYPE=cxx,HLS_INPUT_FLOAT=0,HLS_INPUT_FIXED=1,HLS_INPUT_PART=xc7z020-clg400-1,HLS_INPUT_CLOCK=10.000000,HLS_INPUT_ARCH=dataflow,HLS_SYN_CLOCK=6.118000,HLS_SYN_LAT=13,HLS_SYN_TPT=6,HLS_SYN_MEM=0,HLS_SYN_DSP=12,HLS_SYN_FF=907,HLS_SYN_LUT=1311,HLS_VERSION=2019_2}" *)

module myproject_axi (
        ap_clk,
        ap_rst_n,
        in_r_TDATA,
        in_r_TVALID,
        in_r_TREADY,
        in_r_TLAST,
        out_r_TDATA,
        out_r_TVALID,
        out_r_TREADY,
        out_r_TLAST
);

input   ap_clk;
input   ap_rst_n;
input  [15:0] in_r_TDATA;
input   in_r_TVALID;
output   in_r_TREADY;
input  [0:0] in_r_TLAST;
output  [15:0] out_r_TDATA;
output   out_r_TVALID;
input   out_r_TREADY;
output  [0:0] out_r_TLAST;

reg    ap_rst_n_inv;
wire   [63:0] read_in_proc_U0_in_local_V_din;
wire    read_in_proc_U0_in_local_V_write;
wire   [0:0] read_in_proc_U0_is_last_din;
wire    read_in_proc_U0_is_last_write;
wire    myproject_U0_ap_done;
wire    myproject_U0_ap_idle;
wire    myproject_U0_ap_ready;
wire    myproject_U0_fc1_input_V_read;
wire   [47:0] myproject_U0_layer13_out_V_din;
wire    myproject_U0_layer13_out_V_write;
wire    write_out_proc_U0_out_local_V_read;
wire    write_out_proc_U0_is_last_read;
wire    in_local_V_full_n;
wire   [63:0] in_local_V_dout;
wire    in_local_V_empty_n;
wire    out_local_V_full_n;
wire   [47:0] out_local_V_dout;
wire    out_local_V_empty_n;
wire    is_last_full_n;
wire   [0:0] is_last_dout;
wire    is_last_empty_n;

read_in_proc read_in_proc_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .in_r_TDATA(in_r_TDATA),
    .in_r_TVALID(in_r_TVALID),
    .in_r_TREADY(in_r_TREADY),
    .in_r_TLAST(in_r_TLAST),
    .in_local_V_din(read_in_proc_U0_in_local_V_din),
    .in_local_V_full_n(in_local_V_full_n),
    .in_local_V_write(read_in_proc_U0_in_local_V_write),
    .is_last_din(read_in_proc_U0_is_last_din),
    .is_last_full_n(is_last_full_n),
    .is_last_write(read_in_proc_U0_is_last_write)
);

myproject myproject_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .ap_start(1'b1),
    .ap_done(myproject_U0_ap_done),
    .ap_continue(1'b1),
    .ap_idle(myproject_U0_ap_idle),
    .ap_ready(myproject_U0_ap_ready),
    .fc1_input_V_dout(in_local_V_dout),
    .fc1_input_V_empty_n(in_local_V_empty_n),
    .fc1_input_V_read(myproject_U0_fc1_input_V_read),
    .layer13_out_V_din(myproject_U0_layer13_out_V_din),
    .layer13_out_V_full_n(out_local_V_full_n),
    .layer13_out_V_write(myproject_U0_layer13_out_V_write)
);

write_out_proc write_out_proc_U0(
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .out_local_V_dout(out_local_V_dout),
    .out_local_V_empty_n(out_local_V_empty_n),
    .out_local_V_read(write_out_proc_U0_out_local_V_read),
    .is_last_dout(is_last_dout),
    .is_last_empty_n(is_last_empty_n),
    .is_last_read(write_out_proc_U0_is_last_read),
    .out_r_TDATA(out_r_TDATA),
    .out_r_TVALID(out_r_TVALID),
    .out_r_TREADY(out_r_TREADY),
    .out_r_TLAST(out_r_TLAST)
);

fifo_w64_d2_A in_local_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(read_in_proc_U0_in_local_V_din),
    .if_full_n(in_local_V_full_n),
    .if_write(read_in_proc_U0_in_local_V_write),
    .if_dout(in_local_V_dout),
    .if_empty_n(in_local_V_empty_n),
    .if_read(myproject_U0_fc1_input_V_read)
);

fifo_w48_d2_A out_local_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(myproject_U0_layer13_out_V_din),
    .if_full_n(out_local_V_full_n),
    .if_write(myproject_U0_layer13_out_V_write),
    .if_dout(out_local_V_dout),
    .if_empty_n(out_local_V_empty_n),
    .if_read(write_out_proc_U0_out_local_V_read)
);

fifo_w1_d8_A is_last_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(read_in_proc_U0_is_last_din),
    .if_full_n(is_last_full_n),
    .if_write(read_in_proc_U0_is_last_write),
    .if_dout(is_last_dout),
    .if_empty_n(is_last_empty_n),
    .if_read(write_out_proc_U0_is_last_read)
);

always @ (*) begin
    ap_rst_n_inv = ~ap_rst_n;
end

endmodule //myproject_axi
