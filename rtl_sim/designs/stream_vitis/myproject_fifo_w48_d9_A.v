// ==============================================================
// hwverify test design: a FIFO written to follow the structure of Vitis HLS 2023.x RAM-style
// FIFOs; not tool output. mOutPtr counts the words in the RAM; the show-ahead output register adds
// one more, so the module name's depth (9) is one more than DEPTH, and the fill level is
// if_num_data_valid = mOutPtr + dout_vld, out of if_fifo_cap = DEPTH + 1.
// FAULT_SHRUNKEN_FIFO: only one word of the RAM is used (a FIFO shrunk below what the design needs).
// ==============================================================
`timescale 1 ns / 1 ps

module myproject_fifo_w48_d9_A
#(parameter
    MEM_STYLE  = "block",
    DATA_WIDTH = 48,
    ADDR_WIDTH = 3,
    DEPTH      = 8
)
(
    // system signal
    input  wire                  clk,
    input  wire                  reset,

    // write
    output wire                  if_full_n,
    input  wire                  if_write_ce,
    input  wire                  if_write,
    input  wire [DATA_WIDTH-1:0] if_din,

    // status
    output wire [ADDR_WIDTH:0]   if_num_data_valid,
    output wire [ADDR_WIDTH:0]   if_fifo_cap,

    // read
    output wire                  if_empty_n,
    input  wire                  if_read_ce,
    input  wire                  if_read,
    output wire [DATA_WIDTH-1:0] if_dout
);
//------------------------Local signal-------------------
`ifdef FAULT_SHRUNKEN_FIFO
localparam USED_DEPTH = 1;  // a fault: one word of RAM in use whatever DEPTH says (plus the output register)
`else
localparam USED_DEPTH = DEPTH;
`endif
(* ram_style = MEM_STYLE *)
reg  [DATA_WIDTH-1:0] mem[0:DEPTH-1];
reg  [ADDR_WIDTH-1:0] waddr = 1'b0;
reg  [ADDR_WIDTH-1:0] raddr = 1'b0;
reg  [ADDR_WIDTH:0]   mOutPtr = 1'b0;
reg                   full_n = 1'b1;
reg                   empty_n = 1'b0;
reg  [DATA_WIDTH-1:0] dout_buf = 1'b0;
reg                   dout_vld = 1'b0;
wire                  push;
wire                  pop;

//------------------------Body---------------------------
assign if_full_n         = full_n;
assign if_empty_n        = dout_vld;
assign if_dout           = dout_buf;
assign if_num_data_valid = mOutPtr + dout_vld;
assign if_fifo_cap       = DEPTH + 1;
assign push              = full_n & if_write_ce & if_write;
assign pop               = empty_n & if_read_ce & (~dout_vld | if_read);

always @(posedge clk) begin
    if (reset == 1'b1) begin
        waddr   <= 1'b0;
        raddr   <= 1'b0;
        mOutPtr <= 1'b0;
        full_n  <= 1'b1;
        empty_n <= 1'b0;
    end else begin
        if (push)
            waddr <= (waddr == USED_DEPTH - 1) ? 1'b0 : waddr + 1'b1;
        if (pop)
            raddr <= (raddr == USED_DEPTH - 1) ? 1'b0 : raddr + 1'b1;
        if (push & ~pop) begin
            mOutPtr <= mOutPtr + 1'b1;
            empty_n <= 1'b1;
            full_n  <= (mOutPtr != USED_DEPTH - 1);
        end else if (~push & pop) begin
            mOutPtr <= mOutPtr - 1'b1;
            full_n  <= 1'b1;
            empty_n <= (mOutPtr != 1'b1);
        end
    end
end

always @(posedge clk) begin
    if (push)
        mem[waddr] <= if_din;
end

// show-ahead output register
always @(posedge clk) begin
    if (reset == 1'b1) begin
        dout_buf <= 1'b0;
        dout_vld <= 1'b0;
    end else begin
        if (pop)
            dout_buf <= mem[raddr];
        if (pop)
            dout_vld <= 1'b1;
        else if (if_read_ce & if_read)
            dout_vld <= 1'b0;
    end
end

endmodule
