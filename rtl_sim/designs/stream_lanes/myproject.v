// hwverify test design stream_lanes: io_stream top in Vivado HLS 2019.2 style (not tool output) whose arrays
// are arrays of scalar streams, as an hls4ml fork writes its top (`hls::stream<input_t> x[2]`): one AXI-Stream
// port per stream, named x_<i>_V_V, each with its own handshake; element k of a sample travels on stream k % 2.
// Per call: 3 beats on each stream; y_0 = x_0 + x_1 and y_1 = x_0 - x_1 per beat, ap_fixed<16,6> wrapping.
// Each output stream has its own register and valid flag, so one output may be taken while the other waits.
// Fault variants (off by default): FAULT_SWAPPED_LANES (y_0 and y_1 exchanged), FAULT_LANE_SIGN
// (y_1 = x_1 - x_0), FAULT_LANE_HANDSHAKE (a new beat is taken while y_1 still holds one nobody took: under
// backpressure on y_1 its beats are overwritten and lost).
`timescale 1 ns / 1 ps

module myproject (
        x_0_V_V_TDATA,
        x_0_V_V_TVALID,
        x_0_V_V_TREADY,
        x_1_V_V_TDATA,
        x_1_V_V_TVALID,
        x_1_V_V_TREADY,
        y_0_V_V_TDATA,
        y_0_V_V_TVALID,
        y_0_V_V_TREADY,
        y_1_V_V_TDATA,
        y_1_V_V_TVALID,
        y_1_V_V_TREADY,
        ap_clk,
        ap_rst_n,
        ap_start,
        ap_done,
        ap_ready,
        ap_idle
);

parameter    ap_ST_fsm_state1 = 3'd1;  // idle
parameter    ap_ST_fsm_state2 = 3'd2;  // taking beats
parameter    ap_ST_fsm_state3 = 3'd4;  // draining the output registers

input  [15:0] x_0_V_V_TDATA;
input   x_0_V_V_TVALID;
output   x_0_V_V_TREADY;
input  [15:0] x_1_V_V_TDATA;
input   x_1_V_V_TVALID;
output   x_1_V_V_TREADY;
output  [15:0] y_0_V_V_TDATA;
output   y_0_V_V_TVALID;
input   y_0_V_V_TREADY;
output  [15:0] y_1_V_V_TDATA;
output   y_1_V_V_TVALID;
input   y_1_V_V_TREADY;
input   ap_clk;
input   ap_rst_n;
input   ap_start;
output   ap_done;
output   ap_ready;
output   ap_idle;

reg   [2:0] ap_CS_fsm;
reg   [1:0] beat;
reg   [15:0] y_0_reg;
reg   [15:0] y_1_reg;
reg   y_0_full;
reg   y_1_full;
wire   ap_rst_n_inv;
wire   y_0_free;
wire   y_1_free;
wire   take;
wire   [15:0] sum;
wire   [15:0] difference;

initial begin
    #0 ap_CS_fsm = 3'd1;
end

assign ap_rst_n_inv = ~ap_rst_n;
assign y_0_free = ~y_0_full | y_0_V_V_TREADY;
`ifdef FAULT_LANE_HANDSHAKE
assign y_1_free = 1'b1;  // a fault: y_1's pending beat is not waited for
`else
assign y_1_free = ~y_1_full | y_1_V_V_TREADY;
`endif
assign take = (ap_CS_fsm == ap_ST_fsm_state2) & x_0_V_V_TVALID & x_1_V_V_TVALID & y_0_free & y_1_free;
assign x_0_V_V_TREADY = take;
assign x_1_V_V_TREADY = take;
assign sum = x_0_V_V_TDATA + x_1_V_V_TDATA;
`ifdef FAULT_LANE_SIGN
assign difference = x_1_V_V_TDATA - x_0_V_V_TDATA;
`else
assign difference = x_0_V_V_TDATA - x_1_V_V_TDATA;
`endif
`ifdef FAULT_SWAPPED_LANES
assign y_0_V_V_TDATA = y_1_reg;
assign y_1_V_V_TDATA = y_0_reg;
`else
assign y_0_V_V_TDATA = y_0_reg;
assign y_1_V_V_TDATA = y_1_reg;
`endif
assign y_0_V_V_TVALID = y_0_full;
assign y_1_V_V_TVALID = y_1_full;
assign ap_idle = (ap_CS_fsm == ap_ST_fsm_state1);
assign ap_done = (ap_CS_fsm == ap_ST_fsm_state3) & y_0_free & y_1_free;
assign ap_ready = ap_done;

always @ (posedge ap_clk) begin
    if (ap_rst_n_inv == 1'b1) begin
        ap_CS_fsm <= ap_ST_fsm_state1;
        beat <= 2'd0;
        y_0_full <= 1'b0;
        y_1_full <= 1'b0;
    end else begin
        if (take) begin
            y_0_reg <= sum;
            y_1_reg <= difference;
        end
        y_0_full <= take | (y_0_full & ~y_0_V_V_TREADY);
        y_1_full <= take | (y_1_full & ~y_1_V_V_TREADY);
        case (ap_CS_fsm)
            ap_ST_fsm_state1: if (ap_start) begin
                ap_CS_fsm <= ap_ST_fsm_state2;
                beat <= 2'd0;
            end
            ap_ST_fsm_state2: if (take) begin
                beat <= beat + 2'd1;
                if (beat == 2'd2) ap_CS_fsm <= ap_ST_fsm_state3;
            end
            default: if (ap_done) ap_CS_fsm <= ap_ST_fsm_state1;
        endcase
    end
end

endmodule
