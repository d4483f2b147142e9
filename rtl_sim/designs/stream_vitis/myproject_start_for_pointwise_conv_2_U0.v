// ==============================================================
// hwverify test design: a start-token FIFO written to follow Vitis HLS 2023.x shift-register
// FIFOs (mOutPtr counts the words held; depth 2); not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module myproject_start_for_pointwise_conv_2_U0
#(parameter
    MEM_STYLE  = "shiftreg",
    DATA_WIDTH = 1,
    ADDR_WIDTH = 1,
    DEPTH      = 2
)
(
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

reg  [ADDR_WIDTH:0]   mOutPtr = 1'b0;
reg                   full_n = 1'b1;
reg                   empty_n = 1'b0;
reg  [DATA_WIDTH-1:0] SRL_SIG [0:DEPTH-1];
wire                  push = full_n & if_write_ce & if_write;
wire                  pop = empty_n & if_read_ce & if_read;
integer i;

assign if_full_n = full_n;
assign if_empty_n = empty_n;
assign if_dout = SRL_SIG[(mOutPtr == 0) ? 0 : mOutPtr - 1'b1];

always @(posedge clk) begin
    if (push) begin
        for (i = 0; i < DEPTH - 1; i = i + 1)
            SRL_SIG[i + 1] <= SRL_SIG[i];
        SRL_SIG[0] <= if_din;
    end
end

always @(posedge clk) begin
    if (reset == 1'b1) begin
        mOutPtr <= 1'b0;
        empty_n <= 1'b0;
        full_n  <= 1'b1;
    end else if (push & ~pop) begin
        mOutPtr <= mOutPtr + 1'b1;
        empty_n <= 1'b1;
        full_n  <= (mOutPtr != DEPTH - 1);
    end else if (~push & pop) begin
        mOutPtr <= mOutPtr - 1'b1;
        full_n  <= 1'b1;
        empty_n <= (mOutPtr != 1'b1);
    end
end

endmodule
