// ==============================================================
// hwverify test design (fifo_pipeline): the producer. Reads one element per cycle from the input
// stream and writes it to both copies (layer1_cpy1 to reverse_2, layer1_cpy2 to add_3), in the
// same cycle, only when both FIFOs have room. After each frame of N_ELEMS elements it rests for
// GAP_CYCLES cycles: a bursty producer. Not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module clone_1 #(parameter N_ELEMS = 8, GAP_CYCLES = 16) (
    input  wire        ap_clk,
    input  wire        ap_rst,
    input  wire [15:0] data_V_data_0_V_TDATA,
    input  wire        data_V_data_0_V_TVALID,
    output wire        data_V_data_0_V_TREADY,
    output wire [15:0] res1_V_data_0_V_din,
    input  wire        res1_V_data_0_V_full_n,
    output wire        res1_V_data_0_V_write,
    output wire [15:0] res2_V_data_0_V_din,
    input  wire        res2_V_data_0_V_full_n,
    output wire        res2_V_data_0_V_write
);

reg [7:0] count = 0;  // elements of the current frame taken
reg [7:0] rest = 0;   // cycles left to rest
wire take = (rest == 0) && data_V_data_0_V_TVALID && res1_V_data_0_V_full_n && res2_V_data_0_V_full_n;

initial begin
#0 count = 0;
#0 rest = 0;
end

assign data_V_data_0_V_TREADY = (rest == 0) && res1_V_data_0_V_full_n && res2_V_data_0_V_full_n;
assign res1_V_data_0_V_din = data_V_data_0_V_TDATA;
assign res2_V_data_0_V_din = data_V_data_0_V_TDATA;
assign res1_V_data_0_V_write = take;
assign res2_V_data_0_V_write = take;

always @(posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        count <= 0;
        rest <= 0;
    end else if (rest != 0) begin
        rest <= rest - 1'b1;
    end else if (take) begin
        if (count == N_ELEMS - 1) begin
            count <= 0;
            rest <= GAP_CYCLES;
        end else begin
            count <= count + 1'b1;
        end
    end
end

endmodule
