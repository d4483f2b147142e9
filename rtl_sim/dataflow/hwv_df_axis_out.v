// hwverify open dataflow flow: one output channel of the last process, as an AXI-Stream.
//
// The last process writes all channels of a pixel in one cycle (ap_fifo style: din/full_n/write);
// each channel's consumer may take it in a different cycle, so every channel gets a two-word buffer
// (full throughput, TVALID independent of TREADY), like the register slices HLS puts on its ports.
`timescale 1 ns / 1 ps

module hwv_df_axis_out #(
    parameter WIDTH = 16
) (
    input  wire clk,
    input  wire rst,
    input  wire [WIDTH-1:0] din,
    output wire full_n,
    input  wire write,
    output wire [WIDTH-1:0] tdata,
    output wire tvalid,
    input  wire tready
);
    reg [WIDTH-1:0] word0;
    reg [WIDTH-1:0] word1;
    reg [1:0] count;

    assign tdata = word0;
    assign tvalid = (count != 0);
    assign full_n = (count != 2);

    wire take = tvalid & tready;
    wire put = write & full_n;

    always @(posedge clk) begin
        if (rst) begin
            count <= 0;
        end else begin
            case ({put, take})
                2'b10: begin
                    if (count == 0) word0 <= din; else word1 <= din;
                    count <= count + 1;
                end
                2'b01: begin
                    word0 <= word1;
                    count <= count - 1;
                end
                2'b11: begin
                    if (count == 1) word0 <= din; else begin word0 <= word1; word1 <= din; end
                end
                default: ;
            endcase
        end
    end
endmodule
