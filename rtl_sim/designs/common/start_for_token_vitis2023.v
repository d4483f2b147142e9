// hwverify test design: a start-token FIFO written the way Vitis HLS 2023.2 writes them (seen in a real export):
// the pointer is a *signed* register one bit wider than the address and is reset to all ones by replication,
// {ADDR_WIDTH+1{1'b1}}, not by ~0 as Vivado HLS writes it. Its fill is still pointer + 1 at the pointer's width.
// Written for hwverify from that observation; no vendor code.
`timescale 1 ns / 1 ps
module start_for_token_vitis2023 #(
    parameter MEM_STYLE  = "shiftReg",
    parameter DATA_WIDTH = 1,
    parameter ADDR_WIDTH = 1,
    parameter DEPTH      = 2
) (
    input  wire                  clk,
    input  wire                  reset,
    output wire                  if_full_n,
    input  wire                  if_write_ce,
    input  wire                  if_write,
    input  wire [DATA_WIDTH-1:0] if_din,
    output wire                  if_empty_n,
    input  wire                  if_read_ce,
    input  wire                  if_read,
    output wire [DATA_WIDTH-1:0] if_dout
);
    reg signed [ADDR_WIDTH:0] mOutPtr;   // -1: empty; k: k + 1 words held, the oldest at slot k
    reg                       empty_n = 1'b0;
    reg                       full_n = 1'b1;
    reg [DATA_WIDTH-1:0]      slot [0:DEPTH-1];
    wire                      push = full_n & if_write_ce & if_write;
    wire                      pop  = empty_n & if_read_ce & if_read;
    integer                   k;

    assign if_full_n  = full_n;
    assign if_empty_n = empty_n;
    assign if_dout    = slot[mOutPtr[ADDR_WIDTH] ? 0 : mOutPtr[ADDR_WIDTH-1:0]];

    always @(posedge clk) begin
        if (push) begin                 // newest word into slot 0, the others move up by one
            for (k = DEPTH - 1; k > 0; k = k - 1)
                slot[k] <= slot[k - 1];
            slot[0] <= if_din;
        end
    end

    always @(posedge clk) begin
        if (reset) begin
            mOutPtr <= {ADDR_WIDTH+1{1'b1}};
            empty_n <= 1'b0;
            full_n  <= 1'b1;
        end else if (push & ~pop) begin
            mOutPtr <= mOutPtr + 1'b1;
            empty_n <= 1'b1;
            if (mOutPtr == DEPTH - 2) full_n <= 1'b0;
        end else if (~push & pop) begin
            mOutPtr <= mOutPtr - 1'b1;
            full_n  <= 1'b1;
            if (mOutPtr == 0) empty_n <= 1'b0;
        end
    end
endmodule
