// hwverify test design (written for hwverify, in the style Vivado HLS 2019.2 exports): reversed part-selects
// (ap_int's range(lo, hi) with lo > hi) written as combinational loops over every bit, as HLS writes them.
// hwverify.sim.quirks.unroll_bit_reversals rewrites each loop as one concatenation; tests/rtl/test_quirks.py
// simulates this module and its rewrite side by side.
`timescale 1ns/1ps

module reverse_range_hls (
    input  wire [39:0] whole_in,
    input  wire [11:0] part_in,
    output wire [39:0] whole_out,
    output wire [15:0] part_out
);

reg   [39:0] whole_fu_10_p4;
reg   [15:0] part_fu_20_p4;

integer ap_tvar_int_0;

always @ (whole_in) begin
    for (ap_tvar_int_0 = 40 - 1; ap_tvar_int_0 >= 0; ap_tvar_int_0 = ap_tvar_int_0 - 1) begin
        if (ap_tvar_int_0 > 39 - 0) begin
            whole_fu_10_p4[ap_tvar_int_0] = 1'b0;
        end else begin
            whole_fu_10_p4[ap_tvar_int_0] = whole_in[39 - ap_tvar_int_0];
        end
    end
end

integer ap_tvar_int_1;

always @ (*) begin
    for (ap_tvar_int_1 = 16 - 1; ap_tvar_int_1 >= 0; ap_tvar_int_1 = ap_tvar_int_1 - 1) begin
        if (ap_tvar_int_1 > 11 - 2) begin
            part_fu_20_p4[ap_tvar_int_1] = 1'b0;
        end else begin
            part_fu_20_p4[ap_tvar_int_1] = part_in[11 - ap_tvar_int_1];
        end
    end
end

assign whole_out = whole_fu_10_p4;
assign part_out = part_fu_20_p4;

endmodule
