// hwverify test design stream_stall: a FIFO in Vitis HLS 2023.2's shift-register style (written for hwverify):
// mOutPtr reset to all ones (empty), flags declared with initial values, if_num_data_valid / if_fifo_cap.
`timescale 1ns/1ps

module myproject_fifo_w32_d2_S
#(parameter
    MEM_STYLE    = "shiftReg",
    DATA_WIDTH   = 32,
    ADDR_WIDTH   = 1,
    DEPTH        = 2)
(
    input  wire                  clk,
    input  wire                  reset,
    output wire                  if_full_n,
    input  wire                  if_write_ce,
    input  wire                  if_write,
    input  wire [DATA_WIDTH-1:0] if_din,
    output wire [ADDR_WIDTH:0]   if_num_data_valid,
    output wire [ADDR_WIDTH:0]   if_fifo_cap,
    output wire                  if_empty_n,
    input  wire                  if_read_ce,
    input  wire                  if_read,
    output wire [DATA_WIDTH-1:0] if_dout
);
    reg [DATA_WIDTH-1:0] SRL_SIG [0:DEPTH-1];
    reg signed [ADDR_WIDTH:0] mOutPtr = {ADDR_WIDTH+1{1'b1}};
    reg                   empty_n = 1'b0;
    reg                   full_n = 1'b1;
    reg  [ADDR_WIDTH:0]   num_data_valid = {ADDR_WIDTH+1{1'b0}};
    wire push = full_n & if_write_ce & if_write;
    wire pop = empty_n & if_read_ce & if_read;
    wire [ADDR_WIDTH-1:0] addr = mOutPtr[ADDR_WIDTH] == 1'b0 ? mOutPtr[ADDR_WIDTH-1:0] : {ADDR_WIDTH{1'b0}};
    integer i;

    assign if_full_n = full_n;
    assign if_empty_n = empty_n;
    assign if_num_data_valid = num_data_valid;
    assign if_fifo_cap = DEPTH;
    assign if_dout = SRL_SIG[addr];

    always @(posedge clk) begin
        if (push) begin
            for (i = 0; i < DEPTH - 1; i = i + 1)
                SRL_SIG[i + 1] <= SRL_SIG[i];
            SRL_SIG[0] <= if_din;
        end
    end

    always @(posedge clk) begin
        if (reset) begin
            mOutPtr <= {ADDR_WIDTH+1{1'b1}};
            empty_n <= 1'b0;
            full_n <= 1'b1;
            num_data_valid <= {ADDR_WIDTH+1{1'b0}};
        end else begin
            if (push & ~pop) begin
                mOutPtr <= mOutPtr + 1'b1;
                empty_n <= 1'b1;
                num_data_valid <= num_data_valid + 1'b1;
                if (mOutPtr == DEPTH - 2) full_n <= 1'b0;
            end else if (~push & pop) begin
                mOutPtr <= mOutPtr - 1'b1;
                full_n <= 1'b1;
                num_data_valid <= num_data_valid - 1'b1;
                if (mOutPtr == 0) empty_n <= 1'b0;
            end
        end
    end
endmodule
