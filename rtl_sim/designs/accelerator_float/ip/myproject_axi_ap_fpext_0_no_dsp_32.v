// Behavioural model of the Xilinx Floating-Point IP instance that Vivado HLS 2019.2 uses for
// float -> double conversion (fpext) in a VivadoAccelerator wrapper with float I/O. The real IP is
// delivered only as a Tcl script (myproject_axi_ap_fpext_0_no_dsp_32_ip.tcl), not as Verilog, so
// open simulators need this model. hwverify's own; not derived from Xilinx code. Combinational
// (the HLS wrapper myproject_axi_fpext_32ns_64_1_1 adds the register stage). Exact for every
// finite input; single-precision denormals become normal doubles; NaNs keep their payload, quieted.
`timescale 1 ns / 1 ps

module myproject_axi_ap_fpext_0_no_dsp_32 (
    input  wire        aclk,
    input  wire        aclken,
    input  wire        s_axis_a_tvalid,
    input  wire [31:0] s_axis_a_tdata,
    output wire        m_axis_result_tvalid,
    output reg  [63:0] m_axis_result_tdata
);

wire        sign = s_axis_a_tdata[31];
wire [7:0]  exponent = s_axis_a_tdata[30:23];
wire [22:0] fraction = s_axis_a_tdata[22:0];
integer     lead;      // position of the leading one of a denormal's fraction
integer     i;
reg  [22:0] normalised;

assign m_axis_result_tvalid = s_axis_a_tvalid;

always @(*) begin
    lead = 0;
    for (i = 0; i < 23; i = i + 1)
        if (fraction[i]) lead = i;
    normalised = fraction << (23 - lead);
    if (exponent == 8'd0 && fraction == 23'd0)
        m_axis_result_tdata = {sign, 63'd0};
    else if (exponent == 8'd0)  // denormal: 0.f * 2^-126 = 1.g * 2^(lead - 149)
        m_axis_result_tdata = {sign, 11'd1023 + lead[10:0] - 11'd149, normalised, 29'd0};
    else if (exponent == 8'hff)
        m_axis_result_tdata = {sign, 11'h7ff, fraction[22] | (fraction != 23'd0), fraction[21:0], 29'd0};
    else
        m_axis_result_tdata = {sign, {3'd0, exponent} + 11'd896, fraction, 29'd0};
end

endmodule
