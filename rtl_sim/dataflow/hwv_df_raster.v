// hwverify open dataflow flow: the row-major position in a HEIGHT x WIDTH frame of pixels.
// Each cycle with step high moves to the next pixel, wrapping at the end of a row and of the frame.
`timescale 1 ns / 1 ps

module hwv_df_raster #(
    parameter HEIGHT = 1,
    parameter WIDTH = 1
) (
    input  wire clk,
    input  wire rst,
    input  wire step,
    output reg  [31:0] row,
    output reg  [31:0] col
);
    always @(posedge clk) begin
        if (rst) begin
            row <= 0;
            col <= 0;
        end else if (step) begin
            if (col == WIDTH - 1) begin
                col <= 0;
                row <= (row == HEIGHT - 1) ? 0 : row + 1;
            end else begin
                col <= col + 1;
            end
        end
    end
endmodule
