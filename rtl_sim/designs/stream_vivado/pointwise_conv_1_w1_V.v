// ==============================================================
// hwverify test design: a weight ROM written to follow Vivado HLS 2019.2 ROM modules; not tool output.
// Word r holds the three ap_fixed<8,3> weights of input channel r, output channel 0 in the LSBs.
// The contents come from pointwise_conv_1_w1_V_rom.dat, read relative to the simulator's directory.
// FAULT_WEIGHT_BIT flips bit 4 of output channel 0's weight for input channel 1.
// ==============================================================
`timescale 1 ns / 1 ps
module pointwise_conv_1_w1_V_rom (
addr0, ce0, q0, clk);

parameter DWIDTH = 24;
parameter AWIDTH = 1;
parameter MEM_SIZE = 2;

input[AWIDTH-1:0] addr0;
input ce0;
output reg[DWIDTH-1:0] q0;
input clk;

(* ram_style = "distributed" *)reg [DWIDTH-1:0] ram[0:MEM_SIZE-1];

initial begin
    $readmemh("./pointwise_conv_1_w1_V_rom.dat", ram);
`ifdef FAULT_WEIGHT_BIT
    ram[1] = ram[1] ^ 24'h000010;
`endif
end

always @(posedge clk)
begin
    if (ce0)
    begin
        q0 <= ram[addr0];
    end
end

endmodule

`timescale 1 ns / 1 ps
module pointwise_conv_1_w1_V(
    reset,
    clk,
    address0,
    ce0,
    q0);

parameter DataWidth = 32'd24;
parameter AddressRange = 32'd2;
parameter AddressWidth = 32'd1;
input reset;
input clk;
input[AddressWidth - 1:0] address0;
input ce0;
output[DataWidth - 1:0] q0;

pointwise_conv_1_w1_V_rom pointwise_conv_1_w1_V_rom_U(
    .clk( clk ),
    .addr0( address0 ),
    .ce0( ce0 ),
    .q0( q0 ));

endmodule
