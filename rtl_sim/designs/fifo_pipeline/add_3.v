// ==============================================================
// hwverify test design (fifo_pipeline): the join. Reads one element from each of its two input
// FIFOs together and writes their saturated sum to the output stream through a one-word output
// register. It works in three cycles out of four (a bursty consumer). Not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module add_3 (
    input  wire        ap_clk,
    input  wire        ap_rst,
    input  wire [15:0] data1_V_data_0_V_dout,
    input  wire        data1_V_data_0_V_empty_n,
    output wire        data1_V_data_0_V_read,
    input  wire [15:0] data2_V_data_0_V_dout,
    input  wire        data2_V_data_0_V_empty_n,
    output wire        data2_V_data_0_V_read,
    output wire [15:0] res_V_data_0_V_TDATA,
    output wire        res_V_data_0_V_TVALID,
    input  wire        res_V_data_0_V_TREADY
);

reg [1:0] phase = 0;
reg out_valid = 1'b0;
reg [15:0] out_data = 16'd0;
wire room = ~out_valid | res_V_data_0_V_TREADY;
wire take = (phase != 2'd3) && room && data1_V_data_0_V_empty_n && data2_V_data_0_V_empty_n;
wire signed [16:0] sum = $signed(data1_V_data_0_V_dout) + $signed(data2_V_data_0_V_dout);

initial begin
#0 phase = 0;
#0 out_valid = 1'b0;
end

assign data1_V_data_0_V_read = take;
assign data2_V_data_0_V_read = take;
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
            out_data <= (sum > 17'sd32767) ? 16'h7fff : (sum < -17'sd32768) ? 16'h8000 : sum[15:0];
        end else if (res_V_data_0_V_TREADY)
            out_valid <= 1'b0;
    end
end

endmodule
