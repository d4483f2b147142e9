// ==============================================================
// hwverify test design (rate_burst): a two-process dataflow region in the structure of a Vivado HLS
// io_stream export, like a layer that takes a pixel a clock feeding a layer with reuse factor 4:
//
//   input_1 -> read_in_1 -> layer1_out (fifo_w16_d16_A, RAM; a link to ../fifo_pipeline's) -> slow_2 (one element in four cycles) -> layer2_out
//
// Fed as fast as it accepts input, layer1_out absorbs the input's burst and its fill grows with the number of
// samples; fed at the rate the region sustains (a frame of 8 every 32 cycles) it holds a few words. Per frame,
// out[i] = relu(x[i]). ap_ctrl_none. Not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module read_in_1 (
    input  wire        ap_clk,
    input  wire        ap_rst,
    input  wire [15:0] data_V_data_0_V_TDATA,
    input  wire        data_V_data_0_V_TVALID,
    output wire        data_V_data_0_V_TREADY,
    output wire [15:0] res_V_data_0_V_din,
    input  wire        res_V_data_0_V_full_n,
    output wire        res_V_data_0_V_write
);
assign res_V_data_0_V_din = data_V_data_0_V_TDATA;
assign res_V_data_0_V_write = data_V_data_0_V_TVALID;
assign data_V_data_0_V_TREADY = res_V_data_0_V_full_n;
endmodule

module slow_2 (
    input  wire        ap_clk,
    input  wire        ap_rst,
    input  wire [15:0] data_V_data_0_V_dout,
    input  wire        data_V_data_0_V_empty_n,
    output wire        data_V_data_0_V_read,
    output wire [15:0] res_V_data_0_V_TDATA,
    output wire        res_V_data_0_V_TVALID,
    input  wire        res_V_data_0_V_TREADY
);
reg [1:0] phase = 0;
reg out_valid = 1'b0;
reg [15:0] out_data = 16'd0;
wire take = (phase == 2'd3) && (~out_valid | res_V_data_0_V_TREADY) && data_V_data_0_V_empty_n;

initial begin
#0 phase = 0;
#0 out_valid = 1'b0;
end

assign data_V_data_0_V_read = take;
assign res_V_data_0_V_TDATA = out_data;
assign res_V_data_0_V_TVALID = out_valid;

always @(posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        phase <= 0;
        out_valid <= 1'b0;
    end else begin
        phase <= phase + 1'b1;
        if (take) begin
            out_valid <= 1'b1;
            out_data <= data_V_data_0_V_dout[15] ? 16'd0 : data_V_data_0_V_dout;
        end else if (res_V_data_0_V_TREADY)
            out_valid <= 1'b0;
    end
end
endmodule

module myproject (
    input  wire        ap_clk,
    input  wire        ap_rst_n,
    input  wire [15:0] input_1_V_data_0_V_TDATA,
    input  wire        input_1_V_data_0_V_TVALID,
    output wire        input_1_V_data_0_V_TREADY,
    output wire [15:0] layer2_out_V_data_0_V_TDATA,
    output wire        layer2_out_V_data_0_V_TVALID,
    input  wire        layer2_out_V_data_0_V_TREADY
);
wire ap_rst_n_inv = ~ap_rst_n;
wire [15:0] layer1_out_V_data_0_V_din, layer1_out_V_data_0_V_dout;
wire layer1_out_V_data_0_V_full_n, layer1_out_V_data_0_V_write, layer1_out_V_data_0_V_empty_n, layer1_out_V_data_0_V_read;

read_in_1 read_in_1_U0 (
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_V_data_0_V_TDATA(input_1_V_data_0_V_TDATA),
    .data_V_data_0_V_TVALID(input_1_V_data_0_V_TVALID),
    .data_V_data_0_V_TREADY(input_1_V_data_0_V_TREADY),
    .res_V_data_0_V_din(layer1_out_V_data_0_V_din),
    .res_V_data_0_V_full_n(layer1_out_V_data_0_V_full_n),
    .res_V_data_0_V_write(layer1_out_V_data_0_V_write)
);

slow_2 slow_2_U0 (
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_V_data_0_V_dout(layer1_out_V_data_0_V_dout),
    .data_V_data_0_V_empty_n(layer1_out_V_data_0_V_empty_n),
    .data_V_data_0_V_read(layer1_out_V_data_0_V_read),
    .res_V_data_0_V_TDATA(layer2_out_V_data_0_V_TDATA),
    .res_V_data_0_V_TVALID(layer2_out_V_data_0_V_TVALID),
    .res_V_data_0_V_TREADY(layer2_out_V_data_0_V_TREADY)
);

fifo_w16_d16_A layer1_out_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer1_out_V_data_0_V_din),
    .if_full_n(layer1_out_V_data_0_V_full_n),
    .if_write(layer1_out_V_data_0_V_write),
    .if_dout(layer1_out_V_data_0_V_dout),
    .if_empty_n(layer1_out_V_data_0_V_empty_n),
    .if_read(layer1_out_V_data_0_V_read)
);
endmodule
