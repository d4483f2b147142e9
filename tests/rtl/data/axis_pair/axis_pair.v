// hwverify test fixture: a packed AXI-Stream design in the style of Vitis HLS io_stream exports.
// One beat carries N_ELEM = 4 elements of ap_fixed<8,3> (element 0 in the LSBs); the output beat carries
// 4 elements of ap_fixed<9,4>: y[i] = x[i] + x[(i + 1) % 4] (exact in 9 bits).
// Results pass through a shift-register FIFO (fifo_w36_d4_A, Vivado HLS conventions), so latency is 1 cycle
// and II is 1 when the output is never paused.
// Fault variants (Verilog defines): HWV_FAULT_CORRUPT adds 1 to element 2 of the sixth sample;
// HWV_FAULT_HANG stops the output side after 7 samples, so the FIFO fills and the input stalls.
`timescale 1ns / 1ps

module fifo_w36_d4_A #(
    parameter MEM_STYLE = "shiftreg",
    parameter DATA_WIDTH = 32'd36,
    parameter ADDR_WIDTH = 32'd2,
    parameter DEPTH = 3'd4
) (
    input clk,
    input reset,
    output if_empty_n,
    input if_read_ce,
    input if_read,
    output [DATA_WIDTH - 1:0] if_dout,
    output if_full_n,
    input if_write_ce,
    input if_write,
    input [DATA_WIDTH - 1:0] if_din
);
    reg [ADDR_WIDTH:0] mOutPtr = {(ADDR_WIDTH + 1){1'b1}};
    reg [DATA_WIDTH - 1:0] SRL_SIG [0:DEPTH - 1];
    reg internal_empty_n = 1'b0;
    reg internal_full_n = 1'b1;
    wire shiftReg_ce = if_write & if_write_ce & internal_full_n;
    wire pop = if_read & if_read_ce & internal_empty_n;
    integer i;

    assign if_empty_n = internal_empty_n;
    assign if_full_n = internal_full_n;
    assign if_dout = SRL_SIG[mOutPtr[ADDR_WIDTH - 1:0]];

    always @(posedge clk) begin
        if (shiftReg_ce) begin
            for (i = DEPTH - 1; i > 0; i = i - 1) SRL_SIG[i] <= SRL_SIG[i - 1];
            SRL_SIG[0] <= if_din;
        end
    end

    always @(posedge clk) begin
        if (reset) begin
            mOutPtr <= {(ADDR_WIDTH + 1){1'b1}};
            internal_empty_n <= 1'b0;
            internal_full_n <= 1'b1;
        end else if (pop && !shiftReg_ce) begin
            mOutPtr <= mOutPtr - 1'b1;
            if (mOutPtr == 0) internal_empty_n <= 1'b0;
            internal_full_n <= 1'b1;
        end else if (shiftReg_ce && !pop) begin
            mOutPtr <= mOutPtr + 1'b1;
            internal_empty_n <= 1'b1;
            if (mOutPtr == DEPTH - 2) internal_full_n <= 1'b0;
        end
    end
endmodule

module axis_pair (
    input ap_clk,
    input ap_rst_n,
    input [31:0] input_1_TDATA,
    input input_1_TVALID,
    output input_1_TREADY,
    output [35:0] layer2_out_TDATA,
    output layer2_out_TVALID,
    input layer2_out_TREADY
);
    reg ap_rst_n_inv;
    always @(*) ap_rst_n_inv = ~ap_rst_n;

    wire signed [7:0] x0 = input_1_TDATA[7:0];
    wire signed [7:0] x1 = input_1_TDATA[15:8];
    wire signed [7:0] x2 = input_1_TDATA[23:16];
    wire signed [7:0] x3 = input_1_TDATA[31:24];
    wire signed [8:0] y0 = x0 + x1;
    wire signed [8:0] y1 = x1 + x2;
    wire signed [8:0] y3 = x3 + x0;
    reg [7:0] samples_in = 8'd0;
`ifdef HWV_FAULT_CORRUPT
    wire signed [8:0] y2 = x2 + x3 + (samples_in == 8'd5 ? 9'sd1 : 9'sd0);
`else
    wire signed [8:0] y2 = x2 + x3;
`endif

    wire fifo_full_n, fifo_empty_n;
    wire push = input_1_TVALID & fifo_full_n;
    always @(posedge ap_clk) begin
        if (ap_rst_n_inv) samples_in <= 8'd0;
        else if (push) samples_in <= samples_in + 8'd1;
    end

`ifdef HWV_FAULT_HANG
    reg [7:0] samples_out = 8'd0;
    wire out_enable = samples_out < 8'd7;
    always @(posedge ap_clk) begin
        if (ap_rst_n_inv) samples_out <= 8'd0;
        else if (layer2_out_TVALID & layer2_out_TREADY) samples_out <= samples_out + 8'd1;
    end
`else
    wire out_enable = 1'b1;
`endif

    assign input_1_TREADY = fifo_full_n;
    assign layer2_out_TVALID = fifo_empty_n & out_enable;

    fifo_w36_d4_A #(
        .MEM_STYLE("shiftreg"), .DATA_WIDTH(32'd36), .ADDR_WIDTH(32'd2), .DEPTH(3'd4)
    ) layer2_out_U (
        .clk(ap_clk), .reset(ap_rst_n_inv),
        .if_read_ce(1'b1), .if_write_ce(1'b1),
        .if_din({y3, y2, y1, y0}), .if_full_n(fifo_full_n), .if_write(push),
        .if_dout(layer2_out_TDATA), .if_empty_n(fifo_empty_n), .if_read(layer2_out_TREADY & out_enable)
    );
endmodule
