// hwverify open dataflow flow: a zero-padding layer (which hls4ml inserts before a 'same' convolution).
//
// Walks the OUT_H x OUT_W output frame row-major: inside the IN_H x IN_W input area (offset PAD_TOP,
// PAD_LEFT) it reads one input pixel and writes it, elsewhere it writes a zero pixel without reading.
// One output register; the stage stalls (ce low) while a pixel waits for room in the output FIFOs.
`timescale 1 ns / 1 ps

module hwv_df_pad #(
    parameter IN_H = 1,
    parameter IN_W = 1,
    parameter PAD_TOP = 0,
    parameter PAD_LEFT = 0,
    parameter OUT_H = 1,
    parameter OUT_W = 1,
    parameter PIX_BITS = 8
) (
    input  wire clk,
    input  wire rst,
    input  wire in_valid,
    input  wire [PIX_BITS-1:0] in_pixel,
    output wire in_read,
    input  wire out_ready,
    output reg  [PIX_BITS-1:0] out_pixel,
    output reg  out_valid,
    output wire ce
);
    wire [31:0] row;  // position of the output pixel being written
    wire [31:0] col;

    wire in_area = (row >= PAD_TOP) && (row < PAD_TOP + IN_H) && (col >= PAD_LEFT) && (col < PAD_LEFT + IN_W);
    wire ready_to_emit = in_area ? in_valid : 1'b1;
    wire emit = ce & ready_to_emit;

    assign ce = ~(out_valid & ~out_ready);
    assign in_read = emit & in_area;

    hwv_df_raster #(.HEIGHT(OUT_H), .WIDTH(OUT_W)) position (.clk(clk), .rst(rst), .step(emit), .row(row), .col(col));

    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
        end else if (ce) begin
            out_valid <= ready_to_emit;
            out_pixel <= in_area ? in_pixel : {PIX_BITS{1'b0}};
        end
    end
endmodule
