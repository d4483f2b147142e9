// hwverify test design parallel_resource (Vitis HLS 2020.2 style; not tool output): the weight ROM of the
// Resource-strategy Dense layer. Word s holds the four ap_fixed<8,3> weights of input element s, output
// j in bits [8j+7:8j]; read latency 1. The contents come from ./myproject_w9_rom.dat, a path relative to
// the simulator's working directory, as HLS exports it.
// FAULT_WEIGHT_BIT flips bit 4 of weight w_21 (54 -> 38) as it is read.
`timescale 1 ns / 1 ps
module myproject_w9_rom (
addr0, ce0, q0, clk);

parameter DWIDTH = 32;
parameter AWIDTH = 2;
parameter MEM_SIZE = 4;

input[AWIDTH-1:0] addr0;
input ce0;
output reg[DWIDTH-1:0] q0;
input clk;

reg [DWIDTH-1:0] ram[0:MEM_SIZE-1];

initial begin
    $readmemh("./myproject_w9_rom.dat", ram);
end

always @(posedge clk)
begin
    if (ce0)
    begin
`ifdef FAULT_WEIGHT_BIT
        q0 <= ram[addr0] ^ ((addr0 == 2'd1) ? 32'h0010_0000 : 32'h0);
`else
        q0 <= ram[addr0];
`endif
    end
end

endmodule

`timescale 1 ns / 1 ps
module myproject_w9(
    reset,
    clk,
    address0,
    ce0,
    q0);

parameter DataWidth = 32'd32;
parameter AddressRange = 32'd4;
parameter AddressWidth = 32'd2;
input reset;
input clk;
input[AddressWidth - 1:0] address0;
input ce0;
output[DataWidth - 1:0] q0;

myproject_w9_rom myproject_w9_rom_U(
    .clk( clk ),
    .addr0( address0 ),
    .ce0( ce0 ),
    .q0( q0 ));

endmodule
